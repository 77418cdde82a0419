"""Command-line options shared by several commands, each declared once here: the ruleset
and data inputs, outcomes, engine, progress and report output, the columns of a data file
(spec 12, `--id-column`: `with_columns` adds all four to a command), and `plain_help`,
which makes every command's help read as users expect.

Use the aliases as parameter types of a typer command; `with_columns` turns a `columns`
parameter into the four column options and hands the command their ColumnMap:

    @with_columns
    def score(rules: RulesArg, leads: LeadsOpt, ..., columns: ColumnMap = DEFAULT_COLUMNS):
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from .io.columns import DEFAULT_COLUMNS, ROW_NUMBER, ColumnMap

RulesArg = Annotated[
    Path, typer.Argument(help="The .score ruleset file.", metavar="RULES", show_default=False)
]
RulesetsArg = Annotated[
    list[str],
    typer.Argument(
        help="Ruleset files, or folders (every .score inside, hidden and git-ignored ones "
        "skipped); - reads stdin.",
        metavar="PATH",
        show_default=False,
    ),
]
LeadsOpt = Annotated[
    Path,
    typer.Option(
        "--leads",
        metavar="FILE",
        help="Leads: JSON Lines (.jsonl), CSV or Parquet; - reads stdin (JSON Lines unless "
        "--leads-format says otherwise).",
    ),
]
LeadsFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--leads-format",
        metavar="jsonl|csv|parquet",
        help="The format of --leads when its name does not say (stdin, no extension).",
    ),
]
LeadsFileOpt = Annotated[
    Path,
    typer.Option("--leads", metavar="FILE", help="Leads: JSON Lines (.jsonl), CSV or Parquet."),
]
EventsOpt = Annotated[
    Path | None,
    typer.Option(
        "--events",
        metavar="FILE",
        help="Events table (lead_id, type, at, properties; other names: --events-*-column); "
        "makes --leads a table.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="INSTANT",
        help="Evaluation instant, ISO 8601 (2026-11-01 = 00:00 UTC). Default: now.",
    ),
]
StdinFilenameOpt = Annotated[
    Path | None,
    typer.Option(
        "--stdin-filename",
        metavar="FILE",
        help="With -: the name stdin stands for, in messages (and where includes and the "
        "config are looked up).",
    ),
]
LeadsStdinFilenameOpt = Annotated[
    Path | None,
    typer.Option(
        "--stdin-filename",
        metavar="FILE",
        help="With --leads -: the name stdin stands for in messages and the rejects file "
        "(default: <stdin>).",
    ),
]
ReportOutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report here (default: stdout)."),
]
OutcomeOpt = Annotated[
    str | None,
    typer.Option(
        "--outcome",
        metavar="COLUMN",
        help="The lead column saying who converted (1/0, true/false, yes/no).",
    ),
]
OutcomesOpt = Annotated[
    Path | None,
    typer.Option(
        "--outcomes",
        metavar="FILE",
        help="Outcomes file (CSV, JSON Lines, Parquet): lead_id, converted[, converted_at, value].",
    ),
]
HorizonOpt = Annotated[
    str,
    typer.Option(
        "--horizon",
        metavar="DURATION",
        help="With converted_at: conversions within this long after as-of (e.g. 90d).",
    ),
]


class AnalysisEngine(str, Enum):
    """The engines the rule matrix is built on (backtest, fit, card, diff)."""

    auto = "auto"
    python = "python"
    duckdb = "duckdb"


AnalysisEngineOpt = Annotated[
    AnalysisEngine,
    typer.Option(
        "--engine",
        help="auto: DuckDB for CSV/Parquet tables when the duckdb extra is installed, "
        "python otherwise.",
    ),
]
ProgressOpt = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
]
IdColumnOpt = Annotated[
    str,
    typer.Option(
        "--id-column",
        metavar="COLUMN",
        help="The leads column (JSON Lines lead form: the key) that holds the lead id, "
        f'e.g. "Prospect ID"; {ROW_NUMBER} numbers the records 1, 2, ... (data with no id).',
    ),
]
EventsLeadColumnOpt = Annotated[
    str,
    typer.Option(
        "--events-lead-column",
        metavar="COLUMN",
        help='The events column that holds the lead id, e.g. "Contact ID".',
    ),
]
EventsTypeColumnOpt = Annotated[
    str,
    typer.Option(
        "--events-type-column",
        metavar="COLUMN",
        help='The events column that holds the event type, e.g. "Event Type".',
    ),
]
EventsAtColumnOpt = Annotated[
    str,
    typer.Option(
        "--events-at-column",
        metavar="COLUMN",
        help='The events column that holds the event time (ISO 8601), e.g. "Timestamp".',
    ),
]


def column_map(
    id_column: str = DEFAULT_COLUMNS.id,
    events_lead: str = DEFAULT_COLUMNS.event_lead,
    events_type: str = DEFAULT_COLUMNS.event_type,
    events_at: str = DEFAULT_COLUMNS.event_at,
    keep: Sequence[str] = (),
) -> ColumnMap:
    """The ColumnMap the column options describe; an empty name is a usage error."""
    named = {
        "--id-column": id_column,
        "--events-lead-column": events_lead,
        "--events-type-column": events_type,
        "--events-at-column": events_at,
    }
    for option, value in named.items():
        if not value.strip():
            raise typer.BadParameter("give a column name", param_hint=f"'{option}'")
    events = (events_lead, events_type, events_at)
    if len(set(events)) < len(events):
        raise typer.BadParameter(
            "the events' lead id, type and time must be three different columns",
            param_hint="'--events-lead-column', '--events-type-column', '--events-at-column'",
        )
    return ColumnMap(id_column, events_lead, events_type, events_at, keep=tuple(keep))


_COLUMN_OPTIONS = (
    ("id_column", IdColumnOpt, DEFAULT_COLUMNS.id),
    ("events_lead", EventsLeadColumnOpt, DEFAULT_COLUMNS.event_lead),
    ("events_type", EventsTypeColumnOpt, DEFAULT_COLUMNS.event_type),
    ("events_at", EventsAtColumnOpt, DEFAULT_COLUMNS.event_at),
)


def with_columns(command: Callable[..., None]) -> Callable[..., None]:
    """`command`'s `columns: ColumnMap` parameter as the four column options, in its place
    in the help: typer sees --id-column and the --events-*-column options, the command gets
    their ColumnMap (checked by `column_map`). One declaration for every command that reads
    data, instead of four parameters and a `column_map` call in each."""
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("columns")
    kind = params[at].kind
    options = [inspect.Parameter(n, kind, default=d, annotation=t) for n, t, d in _COLUMN_OPTIONS]
    shown = signature.replace(parameters=[*params[:at], *options, *params[at + 1 :]])

    @functools.wraps(command)
    def run(**given: Any) -> None:
        names = [given.pop(name) for name, _, _ in _COLUMN_OPTIONS]
        command(**given, columns=column_map(*names))

    run.__signature__ = shown  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in shown.parameters.values()}
    return run


def plain_help() -> None:
    """Typer's help shows `--skip-invalid <bool>` (flags take no value), Python types
    (`<list[Path]>`, `<str>`) and `{files}...` in usage. Show instead: nothing for a flag,
    the metavar or a plain word (PATH, TEXT, [a|b]) for a value, `PATH...` in usage.
    (Typer 0.29's private help hooks, hence the typer pin in pyproject.toml; the help tests
    in tests/test_cli_conventions.py fail if a typer release changes them.)"""
    option, argument = typer.core.TyperOption, typer.core.TyperArgument
    if getattr(option, "_scoredsl_plain", False):
        return
    shown = option.display_type_rich

    def option_type(self: Any, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        return self.metavar or _plain_word(shown(self, ctx))

    def argument_type(self: Any, ctx: Any) -> str | None:
        return None  # the name column already shows the metavar

    def usage_name(self: Any) -> str:
        name = self.metavar or (self.name or "ARG").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    option.display_type_rich = option_type  # type: ignore[method-assign]
    argument.display_type_rich = argument_type  # type: ignore[method-assign]
    argument._usage_display_name = usage_name  # type: ignore[method-assign]
    option._scoredsl_plain = True  # type: ignore[attr-defined]


_WORDS = {"path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER"}


def _plain_word(typed: str | None) -> str | None:
    """`<path>` -> PATH, `<list[str]>` -> TEXT, `<text|json>` -> [text|json]."""
    if typed is None:
        return None
    inner = typed.strip("<>").removesuffix("...")
    inner = inner.removeprefix("list[").removesuffix("]")
    if "|" in inner:
        return f"[{inner}]"
    return _WORDS.get(inner, inner.upper())
