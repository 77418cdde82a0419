"""The backtest report for a terminal: rich tables, plain text when not a terminal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..console import console_text
from . import report_figures as fig
from .results import BacktestReport, ThresholdMove


def render(report: BacktestReport, color: bool = False, width: int = 100) -> str:
    return console_text(lambda console: _write(console, report), color, width, soft_wrap=False)


def _write(console: Console, report: BacktestReport) -> None:
    console.print(Text(f"Backtest of {report.ruleset}", style="bold"), soft_wrap=True)
    console.print(Text(f"data: {report.data}, as of {report.as_of}"), soft_wrap=True)
    console.print(_headline(report))
    top = fig.top_sentence(report)
    if top:
        console.print(Text(top), soft_wrap=True)
    _section(console, "Tiers", _tiers(report))
    _section(console, "Gains (leads by score, best first)", _gains(report))
    _section(console, "Score bands (deciles, 1 = lowest)", _bands(report))
    _section(console, "Rules", _rules(report))
    if any(fig.flags(row) for row in report.rules):
        for note in fig.FLAG_LEGEND:
            console.print(Text(f"  {note}", style="dim"), soft_wrap=True)
    for move in report.thresholds:
        _section(console, _threshold_title(move), _threshold(move))
    _warnings(console, report)


def _section(console: Console, title: str, table: Table) -> None:
    console.print()
    # titles and cells from user text are Text, never markup: a rule named `[red]` stays literal
    console.print(Text(title, style="bold"), soft_wrap=True)
    console.print(table)


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
    for i, name in enumerate(columns):
        if i == 0:  # names may be long (a rule's canonical text): they fold, numbers never do
            table.add_column(name, overflow="fold")
        else:
            table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    return table


def _headline(report: BacktestReport) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column()
    table.add_column(justify="right")
    for label, value in fig.headline(report):
        table.add_row(label, value)
    return table


def _tiers(report: BacktestReport) -> Table:
    values = fig.has_values(report)
    table = _table("tier", *fig.TIER_COLUMNS, *(["value"] if values else []))
    for row in report.tiers:
        table.add_row(Text(fig.tier_name(row.tier)), *fig.tier_figures(row, values))
    return table


def _gains(report: BacktestReport) -> Table:
    table = _table("top", "leads", "conversions", "captured", "lift")
    for row in report.gains:
        table.add_row(
            fig.share(row.top),
            f"{row.leads:,}",
            f"{row.conversions:,}",
            fig.pct(row.captured),
            fig.lift(row.lift),
        )
    return table


def _bands(report: BacktestReport) -> Table:
    table = _table("band", "scores", "leads", "conversions", "rate")
    for row in report.bands:
        table.add_row(
            str(row.band),
            f"{fig.score(row.low)} .. {fig.score(row.high)}",
            f"{row.leads:,}",
            f"{row.conversions:,}",
            fig.pct(row.rate),
        )
    return table


def _rules(report: BacktestReport) -> Table:
    table = _table("rule", "dimension", "points", "fired", "rate fired", "rate not", "lift", "flag")
    table.columns[1].justify = table.columns[-1].justify = "left"
    for row in report.rules:
        table.add_row(
            Text(row.rule),
            Text(row.dimension or ""),
            fig.points(row.points),
            f"{row.fired:,}",
            fig.pct(row.rate_when_fired),
            fig.pct(row.rate_when_not_fired),
            fig.lift(row.lift),
            Text(", ".join(fig.short_flags(row)), style="yellow"),
        )
    return table


def _threshold_title(move: ThresholdMove) -> str:
    return (
        f"Tier {move.tier} ({move.condition}): {move.leads:,} leads, "
        f"captures {fig.pct(move.captured)}. Moving its threshold:"
    )


def _threshold(move: ThresholdMove) -> Table:
    table = _table("threshold", "leads", "captured", "rate")
    for option in move.moves:
        table.add_row(
            fig.score(option.get("threshold")),
            f"{int(option.get('leads', 0)):,}",
            fig.pct(option.get("captured")),
            fig.pct(option.get("rate")),
        )
    return table


def _warnings(console: Console, report: BacktestReport) -> None:
    if report.warnings:
        console.print()
    for warning in report.warnings:
        line = Text(f"warning[{warning.code}]: ", style="bold yellow")
        line.append(f"{warning.subject}: {warning.message}")
        console.print(line, soft_wrap=True)
