"""The data contract (spec 10, 12): which columns a table needs, and a raw record -> a
validated Lead or Event, every failure worded as a RecordProblem (problems.py)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..models import Event, Lead, quick_event, quick_lead
from .columns import DEFAULT_COLUMNS, ColumnMap
from .problems import (
    BAD_SHAPE,
    LEAD_KEYS,
    MISSING,
    RecordProblem,
    at_problem,
    id_problem,
    kind_of,
    problem_from,
    type_problem,
    unknown_key,
    validated,
)
from .records import Required, Row


def lead_columns(columns: ColumnMap = DEFAULT_COLUMNS) -> Required:
    """The columns a leads table must have: the id column (none when rows are numbered)
    and the columns to keep."""
    required = {name: "--keep" for name in columns.keep}
    return required if columns.numbered else {columns.id: "--id-column", **required}


def kept_values(lead: Lead, columns: ColumnMap) -> dict[str, Any]:
    """The input values `--keep` copies into a lead's record (None where absent)."""
    return {
        name: lead.id if name == columns.id else lead.attributes.get(name) for name in columns.keep
    }


def event_columns(columns: ColumnMap = DEFAULT_COLUMNS) -> Required:
    """The columns an events table must have: lead id, type and time."""
    return {
        columns.event_lead: "--events-lead-column",
        columns.event_type: "--events-type-column",
        columns.event_at: "--events-at-column",
    }


def record_id(value: object, name: str) -> str:
    """An id as text (a number is read as its text, spec 10)."""
    if isinstance(value, str) and value.strip() and "\x00" not in value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise id_problem(value, name)


def readable_id(row: Row, name: str) -> str | None:
    """The lead id (column `name`) of an event row whose fields were read but are bad (a
    year 0000 `at`), so that the bad event still rejects its lead."""
    if not isinstance(row.fields, dict):
        return None
    try:
        return record_id(row.fields.get(name), name)
    except RecordProblem:
        return None


def lead_from_object(
    obj: Any, columns: ColumnMap = DEFAULT_COLUMNS, position: int | None = None
) -> Lead:
    """A lead in the JSON Lines lead form: {"id", "attributes", "events"}, the id under the
    key `columns.id`, or (`@row`) the record's 1-based `position` and no id key."""
    if not isinstance(obj, dict):
        raise RecordProblem(
            BAD_SHAPE,
            f"a lead must be a JSON object, got {kind_of(obj)}",
            help='write one lead a line, e.g. {"id": "L-1", "attributes": {"title": "CTO"}}',
        )
    keys = lead_keys(columns)
    for key in obj:
        if key not in keys:
            raise unknown_key((key,), keys)
    if columns.numbered:
        lead_id = str(position)
    else:
        lead_id = record_id(obj.get(columns.id, MISSING), columns.id)
    data = {key: value for key, value in obj.items() if key != columns.id}
    data["id"] = lead_id
    lead = quick_lead(data, text_keys=True)  # parsed JSON: every key is a str
    return lead if lead is not None else validated(Lead, data)


def table_lead_id(fields: dict[str, Any], columns: ColumnMap, position: int) -> str:
    """A table row's lead id: its id column, or (`@row`) its 1-based position in the file."""
    if columns.numbered:
        return str(position)
    return record_id(fields.get(columns.id), columns.id)


def lead_keys(columns: ColumnMap = DEFAULT_COLUMNS) -> tuple[str, ...]:
    """The keys a lead-form record may have: the id key (unless numbered), attributes, events."""
    return LEAD_KEYS[1:] if columns.numbered else (columns.id, *LEAD_KEYS[1:])


def event_from_row(fields: dict[str, Any], columns: ColumnMap = DEFAULT_COLUMNS) -> Event:
    """An event row: type and time, every other column (but the lead id) a property."""
    named = {"type": columns.event_type, "at": columns.event_at}
    data: dict[str, Any] = {
        key: fields[name] for key, name in named.items() if fields.get(name) is not None
    }
    required = event_columns(columns)
    data["props"] = {
        name: value for name, value in fields.items() if name not in required and value is not None
    }
    event = quick_event(data, text_keys=True)  # column names and JSON keys are str
    if event is not None:
        return event
    try:
        return Event.model_validate(data)
    except ValidationError as err:
        loc = tuple(err.errors()[0]["loc"])
        if loc and loc[0] in named:  # word the problem with the file's own column name
            column = named[str(loc[0])]
            check = type_problem if loc[0] == "type" else at_problem
            raise check((column,), fields.get(column, MISSING)) from None
        raise problem_from(err, data) from None
