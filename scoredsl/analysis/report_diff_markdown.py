"""The diff report as GitHub markdown, for a pull-request comment.

A short summary, the rule changes and the migration matrix as tables, then the movers, the
side-by-side backtests and the distributions in `<details>` blocks so the comment stays short.
User text is escaped as in the backtest's markdown report (report_markdown.text/code).
"""

from __future__ import annotations

from . import report_diff_figures as figures
from .diff_results import DiffReport
from .report_markdown import _details, _table, code, text


def render(report: DiffReport) -> str:
    parts = [
        f"### Diff {code(report.old)} → {code(report.new)}",
        f"**Rules:** {text(figures.verdict(report))}",
        _changes(report),
        _bounds(report),
    ]
    if report.leads is not None:
        parts += _leads(report)
    return "\n\n".join(part for part in parts if part) + "\n"


def _cells(rows: list[list[str]]) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in rows]


def _words_table(header: list[str], rows: list[list[str]]) -> str:
    return _table(header, _cells(rows), words=tuple(range(len(header))))


def _changes(report: DiffReport) -> str:
    if not report.rules.changes:
        return ""
    header, rows = figures.changes(report)
    shown = [[row[0], code(row[1], True), text(row[2]), code(row[3], True), code(row[4], True)]
             for row in rows]  # fmt: skip
    return _table(header, shown, words=(0, 1, 2, 3, 4))


def _bounds(report: DiffReport) -> str:
    header, rows = figures.bounds(report)
    if not rows:
        return ""
    return "#### Reachable score bounds\n\n" + _table(header, _cells(rows))


def _leads(report: DiffReport) -> list[str]:
    summary = ", ".join(f"{label} **{text(value)}**" for label, value in figures.headline(report))
    data = f"Data {code(report.data or '')}, as of {code(report.as_of or '')}."
    header, rows = figures.migration(report)
    matrix = "#### Tier migration (old tier in rows, new in columns)\n\n" + _table(
        [text(name) for name in header],
        _cells(rows),  # tier names are user text
    )
    moves = figures.moves(report)
    parts = [data, summary, matrix]
    if moves:
        parts.append("Moved: " + text(", ".join(moves)) + ".")
    if report.outcomes is not None:
        parts.append("#### Is it better?\n\n" + _words_table(*figures.sides(report)))
        header, rows = figures.flows(report)
        if rows:
            parts.append(_table(header, _cells(rows)))
    for title, found in (("Biggest rises", report.up), ("Biggest falls", report.down)):
        if found:
            parts.append(_details(title, _words_table(*figures.movers(found))))
    parts.append(_details("Score distribution", _table(*_plain(figures.distribution(report)))))
    if report.lead is not None:
        title, header, rows = figures.lead(report.lead)
        parts.append(f"#### {text(title)}\n\n" + _words_table(header, rows))
    return parts


def _plain(table: tuple[list[str], list[list[str]]]) -> tuple[list[str], list[list[str]]]:
    header, rows = table
    return header, _cells(rows)
