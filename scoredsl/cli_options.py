"""Command-line options that say which columns of a data file are which (spec 12,
`--id-column`), shared by every command that reads lead data (score, explain, lint --leads,
backtest, fit, diff), and the one function that turns them into a ColumnMap.

Use them as parameter types of a typer command, with the ColumnMap defaults:

    def score(..., id_column: IdColumnOpt = DEFAULT_COLUMNS.id, ...) -> None:
        columns = column_map(id_column, events_lead, events_type, events_at)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
import typer.core

from .io.columns import DEFAULT_COLUMNS, ROW_NUMBER, ColumnMap

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


def hide_flag_metavars() -> None:
    """Typer's rich help shows a flag as `--skip-invalid <bool>`, which reads as if it took
    a value (`--skip-invalid true` is an error). Flags take none: show no type for them."""
    option = typer.core.TyperOption
    if getattr(option, "_scoredsl_flags_plain", False):
        return
    shown = option.display_type_rich

    def display_type_rich(self: typer.core.TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    option.display_type_rich = display_type_rich  # type: ignore[method-assign]
    option._scoredsl_flags_plain = True  # type: ignore[attr-defined]
