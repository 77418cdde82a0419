"""The charts of the HTML backtest report, drawn with plotly from a BacktestReport.

Score distribution, gains and lift, ROC curve, conversion rate per tier and per-rule lift.
The distribution and the ROC curve need the per-lead `scores` and `converted` lists; a report
read back from JSON has none, and those two charts are left out (the caller says so).
Labels that come from the user (rule and tier names) are HTML-escaped: plotly reads a small
HTML subset in labels, and a rule named `<b>` must show as written.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from . import report_figures as fig
from .results import BacktestReport

CONVERTED, NOT_CONVERTED = "#2a9d8f", "#9aa5b1"
PLAIN, CONTRADICTS, LEAKAGE = "#3d5a80", "#d62828", "#f77f00"
_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str  # one sentence on how to read it
    html: str  # the plotly div and its script


def label(value: str) -> str:
    """User text as a plotly label: shown literally, never read as plotly's HTML subset."""
    return html.escape(value, quote=False)


def charts(report: BacktestReport) -> list[Chart]:
    """Every chart the report's data allows; plotly's JavaScript is embedded in the first only."""
    figures = [
        *_per_lead(report),
        ("gains", "Gains and lift", _GAINS_CAPTION, gains(report)),
        ("tiers", "Conversion rate per tier", _TIERS_CAPTION, tiers(report)),
        ("rules", "Lift per rule", _RULES_CAPTION, rules(report)),
    ]
    return [
        Chart(chart_id, title, caption, _html(figure, chart_id, first=i == 0))
        for i, (chart_id, title, caption, figure) in enumerate(figures)
    ]


_DIST_CAPTION = (
    "Scores of leads that converted and of leads that did not: the less the two overlap, "
    "the better the score separates them."
)
_ROC_CAPTION = (
    "Each point is a score cut: the share of converters flagged against the share of "
    "non-converters flagged. The diagonal is a coin toss; the area under the curve is the AUC."
)
_GAINS_CAPTION = (
    "Share of all conversions captured by the best-scored leads (line), and how many times "
    "better than random that is (bars): the gains table as a chart."
)
_TIERS_CAPTION = "How often each tier's leads converted; the dashed line is the base rate."
_RULES_CAPTION = (
    "Conversion rate of the leads a rule fired for, as a multiple of the base rate (1 = no "
    "better than average). Red: the data contradicts the rule's sign. Orange: possible leakage."
)


def _per_lead(report: BacktestReport) -> list[tuple[str, str, str, go.Figure]]:
    if not report.scores or len(report.scores) != len(report.converted):
        return []
    scores = np.asarray(report.scores, dtype=float)
    converted = np.asarray(report.converted, dtype=bool)
    return [
        ("distribution", "Score distribution", _DIST_CAPTION, distribution(scores, converted)),
        ("roc", "ROC curve", _ROC_CAPTION, roc(scores, converted, report.auc)),
    ]


def _html(figure: go.Figure, chart_id: str, first: bool) -> str:
    # the first chart carries plotly.js inline, so the file works offline and loads it once
    return str(
        pio.to_html(
            figure,
            config=_CONFIG,
            full_html=False,
            include_plotlyjs=first,
            div_id=f"chart-{chart_id}",
            default_height=f"{figure.layout.height or 380}px",
        )
    )


def _layout(figure: go.Figure, **extra: Any) -> go.Figure:
    defaults: dict[str, Any] = {
        "template": "plotly_white",
        "margin": {"l": 60, "r": 30, "t": 40, "b": 50},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "height": 380,
        "font": {"family": "system-ui, sans-serif", "size": 13},
    }
    figure.update_layout(**(defaults | extra))
    return figure


BINS = 40
ROC_POINTS = 2000  # a drawn curve needs no more; a million-lead backtest has that many cuts


def distribution(scores: np.ndarray, converted: np.ndarray) -> go.Figure:
    """Counted here, not in the browser: the page stays small for a million leads."""
    low, high = float(scores.min()), float(scores.max())
    edges = np.linspace(low, high if high > low else low + 1, BINS + 1)
    middles, width = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
    figure = go.Figure()
    for name, mask, color in (
        ("not converted", ~converted, NOT_CONVERTED),
        ("converted", converted, CONVERTED),
    ):
        counts, _ = np.histogram(scores[mask], bins=edges)
        figure.add_trace(
            go.Bar(
                x=middles,
                y=100 * counts / max(int(mask.sum()), 1),
                width=width,
                name=f"{name} ({int(mask.sum()):,})",
                marker_color=color,
                opacity=0.65,
                hovertemplate="score %{x:.3g}: %{y:.1f}% of the group<extra></extra>",
            )
        )
    return _layout(
        figure,
        barmode="overlay",
        bargap=0,
        xaxis_title="score",
        yaxis_title="% of the group's leads",
    )


def thin(fpr: np.ndarray, tpr: np.ndarray, most: int = ROC_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most `most` points of a curve, evenly spaced along it, both ends kept."""
    if len(fpr) <= most:
        return fpr, tpr
    keep = np.unique(np.linspace(0, len(fpr) - 1, most).round().astype(int))
    return fpr[keep], tpr[keep]


def roc_points(scores: np.ndarray, converted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False and true positive rates at every distinct score cut, highest cut first.

    Leads with equal scores move together, so ties make a diagonal step (counted half in
    the AUC, as scikit-learn's roc_curve and roc_auc_score do).
    """
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], converted[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]
    tp = np.cumsum(hits)[last_of_tie]
    fp = (last_of_tie + 1) - tp
    positives, negatives = max(int(hits.sum()), 1), max(int((~hits).sum()), 1)
    return np.r_[0.0, fp / negatives], np.r_[0.0, tp / positives]


def roc(scores: np.ndarray, converted: np.ndarray, auc: float | None) -> go.Figure:
    fpr, tpr = thin(*roc_points(scores, converted))
    figure = go.Figure(
        [
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name="random (AUC 0.5)",
                line={"dash": "dash", "color": NOT_CONVERTED},
            ),
            go.Scatter(
                x=fpr,
                y=tpr,
                mode="lines",
                name=f"score (AUC {fig.auc(auc)})",
                line={"color": PLAIN, "width": 3},
            ),
        ]
    )
    return _layout(
        figure,
        xaxis={"title": "share of non-converters flagged", "tickformat": ".0%", "range": [0, 1]},
        yaxis={"title": "share of converters flagged", "tickformat": ".0%", "range": [0, 1.02]},
    )


def gains(report: BacktestReport) -> go.Figure:
    tops = [0.0] + [row.top for row in report.gains]
    captured = [0.0] + [row.captured for row in report.gains]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=[row.top for row in report.gains],
            y=[row.lift for row in report.gains],
            name="lift (right axis)",
            marker_color="#e0e7ef",
            width=0.06,
        ),
        secondary_y=True,
    )
    figure.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="random",
            line={"dash": "dash", "color": NOT_CONVERTED},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=tops,
            y=captured,
            mode="lines+markers",
            name="conversions captured",
            line={"color": CONVERTED, "width": 3},
        )
    )
    _layout(figure, xaxis={"title": "top share of leads by score", "tickformat": ".0%"})
    figure.update_yaxes(
        title_text="share of conversions", tickformat=".0%", range=[0, 1.05], secondary_y=False
    )
    figure.update_yaxes(
        title_text="lift",
        showgrid=False,
        range=[0, max([row.lift for row in report.gains] + [1.0]) * 1.05],
        tickmode="auto",
        tickformat=".1f",
        ticksuffix="x",
        secondary_y=True,
    )
    return figure


def tiers(report: BacktestReport) -> go.Figure:
    names = [label(fig.tier_name(row.tier)) for row in report.tiers]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=[row.rate for row in report.tiers],
            text=[f"{fig.pct(row.rate)} ({fig.lift(row.lift)})" for row in report.tiers],
            textposition="outside",
            customdata=[[row.leads, fig.pct(row.captured)] for row in report.tiers],
            hovertemplate="%{x}: %{y:.1%} converted<br>%{customdata[0]:,} leads, "
            "%{customdata[1]} of conversions<extra></extra>",
            marker_color=PLAIN,
            name="conversion rate (lift)",
        )
    )
    line = {"dash": "dash", "color": CONTRADICTS}
    figure.add_hline(y=report.base_rate, line=line)
    # named in the legend, not written on the chart, where it would cover a bar's label
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=line,
            name=f"base rate {fig.pct(report.base_rate)}",
        )
    )
    top = max([row.rate for row in report.tiers] + [report.base_rate])
    return _layout(
        figure,
        yaxis={"title": "conversion rate", "tickformat": ".0%", "range": [0, top * 1.2 or 1]},
    )


def _rule_color(contradicts: bool, leakage: bool) -> str:
    return LEAKAGE if leakage else CONTRADICTS if contradicts else PLAIN


def rules(report: BacktestReport) -> go.Figure:
    fired = sorted((r for r in report.rules if r.lift is not None), key=lambda r: r.lift or 0.0)
    figure = go.Figure(
        go.Bar(
            x=[r.lift for r in fired],
            y=[label(r.rule) for r in fired],
            orientation="h",
            marker_color=[_rule_color(r.contradicts, r.leakage) for r in fired],
            text=[f"{fig.lift(r.lift)} ({fig.points(r.points)} pts)" for r in fired],
            textposition="outside",
            customdata=[
                [r.fired, fig.pct(r.rate_when_fired), label("; ".join(fig.flags(r)))] for r in fired
            ],
            hovertemplate="%{y}: lift %{x:.2f}<br>fired for %{customdata[0]:,} leads, "
            "%{customdata[1]} converted<br>%{customdata[2]}<extra></extra>",
        )
    )
    figure.add_vline(x=1, line_dash="dash", line_color=NOT_CONVERTED)
    widest = max([r.lift or 0.0 for r in fired] + [1.0])
    return _layout(
        figure,
        height=max(300, 60 + 24 * len(fired)),
        xaxis={
            "title": "lift (conversion rate when fired / base rate)",
            "range": [0, widest * 1.25],
        },
        yaxis={"automargin": True, "dtick": 1},
        showlegend=False,
    )
