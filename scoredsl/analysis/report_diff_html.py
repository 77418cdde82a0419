"""The diff report as one self-contained HTML page: the migration heat map, the score
distributions before and after, and the report's tables.

Same machinery as the backtest page (report_html): plotly embedded once so the file works
offline, Jinja autoescaping for all user text, the `reports` extra required with a clear
message (SD604) when missing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import __version__
from . import report_diff_figures as figures
from . import report_figures as fig
from .diff_results import DiffReport
from .report_html import page, require

TEMPLATE = "diff.html.j2"
__all__ = ["render", "require"]


def render(report: DiffReport) -> str:
    _, report_charts = require()
    return page(TEMPLATE, _context(report, report_charts))


def _context(report: DiffReport, report_charts: Any) -> dict[str, Any]:
    tables: list[tuple[str, str, tuple[list[str], list[list[str]]]]] = []
    if report.rules.changes:
        tables.append(("changes", "What changed in the rules", figures.changes(report)))
    if figures.bounds(report)[1]:
        tables.append(("bounds", "Reachable score bounds", figures.bounds(report)))
    if report.leads is not None:
        tables.append(("migration", "Tier migration (old tier in rows, new in columns)",
                       figures.migration(report)))  # fmt: skip
        if report.outcomes is not None:
            tables.append(("sides", "Backtests side by side", figures.sides(report)))
            tables.append(("flows", "Leads entering and leaving each tier", figures.flows(report)))
        tables.append(("distribution", "Score distribution", figures.distribution(report)))
        for key, title, found in (("up", "Biggest rises", report.up),
                                  ("down", "Biggest falls", report.down)):  # fmt: skip
            if found:
                tables.append((key, title, figures.movers(found)))
        if report.lead is not None:
            title, header, rows = figures.lead(report.lead)
            tables.append(("lead", title, (header, rows)))
    return {
        "report": report,
        "version": __version__,
        "verdict": figures.verdict(report),
        "headline": figures.headline(report),
        "moves": figures.moves(report),
        "charts": charts(report, report_charts) if report.leads else [],
        "tables": tables,
    }


_HEAT_CAPTION = (
    "Leads by old tier (rows) and new tier (columns); off the diagonal are the leads that "
    "change tier if this is merged."
)
_DIST_CAPTION = "How the leads' scores spread before and after the change."


def charts(report: DiffReport, report_charts: Any) -> list[Any]:
    figures_ = [
        ("heatmap", "Tier migration", _HEAT_CAPTION, heatmap(report, report_charts)),
        ("distribution", "Score distribution before and after", _DIST_CAPTION,
         distributions(report, report_charts)),
    ]  # fmt: skip
    return [
        report_charts.Chart(key, title, caption, report_charts._html(figure, key, first=i == 0))
        for i, (key, title, caption, figure) in enumerate(figures_)
    ]


def heatmap(report: DiffReport, report_charts: Any) -> Any:
    import plotly.graph_objects as go

    names = [report_charts.label(fig.tier_name(t)) for t in report.tiers]
    counts = {(c.from_, c.to): c.leads for c in report.migration}
    z = [[counts.get((old, new), 0) for new in report.tiers] for old in report.tiers]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=names,
            y=names,
            text=[[f"{v:,}" for v in row] for row in z],
            texttemplate="%{text}",
            colorscale="Blues",
            hovertemplate="%{y} → %{x}: %{z:,} leads<extra></extra>",
        )
    )
    return report_charts._layout(
        figure,
        xaxis={"title": "new tier", "side": "top"},
        yaxis={"title": "old tier", "autorange": "reversed"},
    )


def distributions(report: DiffReport, report_charts: Any) -> Any:
    import plotly.graph_objects as go

    old = np.asarray(report.old_scores, dtype=float)
    new = np.asarray(report.new_scores, dtype=float)
    both = np.concatenate([old, new])
    low, high = float(both.min()), float(both.max())
    edges = np.linspace(low, high if high > low else low + 1, report_charts.BINS + 1)
    middles, width = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
    figure = go.Figure()
    for name, scores, color in (
        ("old", old, report_charts.NOT_CONVERTED),
        ("new", new, report_charts.PLAIN),
    ):
        found, _ = np.histogram(scores, bins=edges)
        figure.add_trace(
            go.Bar(x=middles, y=found, width=width, name=name, marker_color=color, opacity=0.6,
                   hovertemplate="score %{x:.3g}: %{y:,} leads<extra></extra>")
        )  # fmt: skip
    return report_charts._layout(
        figure, barmode="overlay", bargap=0, xaxis_title="score", yaxis_title="leads"
    )
