"""The diff report for a terminal: rich tables, plain text when not a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..console import console_text
from . import report_diff_figures as figures
from .diff_results import DiffReport


def render(report: DiffReport, color: bool = False, width: int = 110) -> str:
    return console_text(lambda console: _write(console, report), color, width, soft_wrap=False)


def _write(console: Console, report: DiffReport) -> None:
    console.print(Text(f"Diff {report.old} → {report.new}", style="bold"), soft_wrap=True)
    if report.data is not None:
        console.print(Text(f"data: {report.data}, as of {report.as_of}"), soft_wrap=True)
    console.print()
    console.print(Text(f"Rules: {figures.verdict(report)}", style="bold"), soft_wrap=True)
    if report.rules.changes:
        console.print(_table(*figures.changes(report)))
    header, rows = figures.bounds(report)
    if rows:
        _section(console, "Reachable score bounds", _table(header, rows))
    if report.leads is None:
        return
    _section(console, "Leads", _pairs(figures.headline(report)))
    _section(console, "Tier migration (old tier in rows, new tier in columns)", _matrix(report))
    moves = figures.moves(report)
    if moves:
        console.print(Text("Moved: " + ", ".join(moves)), soft_wrap=True)
    if report.outcomes is not None:
        _section(console, f"Backtests side by side ({report.outcomes.source})",
                 _table(*figures.sides(report)))  # fmt: skip
        header, rows = figures.flows(report)
        if rows:
            _section(console, "Leads entering and leaving each tier", _table(header, rows))
    _section(console, "Score distribution", _table(*figures.distribution(report)))
    for title, found in (("Biggest rises", report.up), ("Biggest falls", report.down)):
        if found:
            _section(console, title, _table(*figures.movers(found)))
    if report.lead is not None:
        title, header, rows = figures.lead(report.lead)
        _section(console, title, _table(header, rows))


def _section(console: Console, title: str, table: Table) -> None:
    console.print()
    # titles and cells from user text are Text, never markup: a rule named `[red]` stays literal
    console.print(Text(title, style="bold"), soft_wrap=True)
    console.print(table)


def _table(header: list[str], rows: list[list[str]]) -> Table:
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _matrix(report: DiffReport) -> Table:
    header, rows = figures.migration(report)
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _pairs(pairs: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column()
    table.add_column(justify="right")
    for label, value in pairs:
        table.add_row(label, value)
    return table
