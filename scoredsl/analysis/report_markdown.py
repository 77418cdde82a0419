"""The backtest report as GitHub markdown, for a pull-request comment.

Headline figures, tiers, the --top cut and warnings are shown; the long tables (gains, bands,
rules, thresholds) sit in `<details>` blocks so the comment stays short. User text (rule
names, tier names, file names, messages) is escaped: it can neither break a table nor inject
markup or HTML into the comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import report_figures as fig
from .results import BacktestReport, ThresholdMove

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that mean
# something inside a line of GitHub markdown (emphasis, code, links, tables, HTML, entities,
# strikethrough, @mentions). Our text never starts a line, so list and heading marks are safe.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&@])")


def text(value: str) -> str:
    """User text as literal markdown on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def code(value: str, cell: bool = False) -> str:
    """User text in a code span, fenced with more backticks than it holds.

    In a table cell GitHub splits on `|` even inside code, so there it is escaped (and the
    backslash is dropped again); elsewhere a backslash in code would show.
    """
    flat = " ".join(value.split())
    if cell:
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def render(report: BacktestReport) -> str:
    parts = [
        f"### Backtest of {code(report.ruleset)}",
        f"Data {code(report.data)}, as of {code(report.as_of)}.",
        _headline(report),
    ]
    top = fig.top_sentence(report)
    if top:
        parts.append(text(top))
    parts += [_tiers(report), _warnings(report)]
    parts.append(_details("Rules", _rules(report)))
    parts.append(_details("Gains (leads by score, best first)", _gains(report)))
    parts.append(_details("Score bands (deciles, 1 = lowest)", _bands(report)))
    if report.thresholds:
        parts.append(_details("Moving the tier thresholds", _thresholds(report.thresholds)))
    return "\n\n".join(part for part in parts if part) + "\n"


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], words: Sequence[int] = (0,)
) -> str:
    """A GitHub table: the columns in `words` left-aligned, the numbers right-aligned."""
    align = [":---" if i in words else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _details(summary: str, body: str) -> str:
    # the blank line after <summary> lets GitHub render the markdown table inside
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def _headline(report: BacktestReport) -> str:
    return _table(
        ["figure", "value"], [(text(label), value) for label, value in fig.headline(report)]
    )


def _tiers(report: BacktestReport) -> str:
    values = fig.has_values(report)
    header = ["tier", *fig.TIER_COLUMNS]
    rows = []
    for row in report.tiers:
        name = text(fig.tier_name(row.tier)) if row.tier is None else code(row.tier, cell=True)
        rows.append([name, *fig.tier_figures(row, values)])
    return "#### Tiers\n\n" + _table(header + (["value"] if values else []), rows)


def _warnings(report: BacktestReport) -> str:
    if not report.warnings:
        return ""
    lines = [
        f"- :warning: **{text(w.code)}** {code(w.subject)}: {text(w.message)}"
        for w in report.warnings
    ]
    return "#### Warnings\n\n" + "\n".join(lines)


def _rules(report: BacktestReport) -> str:
    header = [
        "rule",
        "dimension",
        "points",
        "fired",
        "rate fired",
        "rate not fired",
        "lift",
        "flag",
    ]
    rows = [
        [
            code(row.rule, cell=True),
            text(row.dimension or ""),
            fig.points(row.points),
            f"{row.fired:,}",
            fig.pct(row.rate_when_fired),
            fig.pct(row.rate_when_not_fired),
            fig.lift(row.lift),
            ", ".join(f"**{flag}**" for flag in fig.short_flags(row)),
        ]
        for row in report.rules
    ]
    legend = ""
    if any(fig.short_flags(row) for row in report.rules):
        legend = "\n\n" + "\n".join(f"- {text(note)}" for note in fig.FLAG_LEGEND)
    return _table(header, rows, words=(0, 1, 7)) + legend


def _gains(report: BacktestReport) -> str:
    header = ["top", "leads", "conversions", "captured", "lift"]
    rows = [
        [
            fig.share(row.top),
            f"{row.leads:,}",
            f"{row.conversions:,}",
            fig.pct(row.captured),
            fig.lift(row.lift),
        ]
        for row in report.gains
    ]
    return _table(header, rows)


def _bands(report: BacktestReport) -> str:
    header = ["band", "lowest score", "highest score", "leads", "conversions", "rate"]
    rows = [
        [
            str(row.band),
            fig.score(row.low),
            fig.score(row.high),
            f"{row.leads:,}",
            f"{row.conversions:,}",
            fig.pct(row.rate),
        ]
        for row in report.bands
    ]
    return _table(header, rows)


def _thresholds(moves: Sequence[ThresholdMove]) -> str:
    return "\n\n".join(_threshold(move) for move in moves)


def _threshold(move: ThresholdMove) -> str:
    title = (
        f"Tier {code(move.tier)} ({code(move.condition)}): {move.leads:,} leads, "
        f"captures {fig.pct(move.captured)}."
    )
    rows = [
        [
            fig.score(option.get("threshold")),
            f"{int(option.get('leads', 0)):,}",
            fig.pct(option.get("captured")),
            fig.pct(option.get("rate")),
        ]
        for option in move.moves
    ]
    if not rows:
        return title
    return title + "\n\n" + _table(["threshold", "leads", "captured", "rate"], rows)
