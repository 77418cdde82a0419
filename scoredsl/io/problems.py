"""What can be wrong with a lead-data record, worded once for every reader and engine.

A RecordProblem carries a diagnostic code (SD501-SD509), the sentence, a fix, and where in
the record it is (a JSON path or CSV column); records.RawRecord turns it into a Diagnostic
at file:line:column. `validated` runs a pydantic model and words its first failure here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import did_you_mean
from .columns import ColumnMap
from .files import MAX_RECORD_BYTES
from .writers import json_default

Loc = tuple[str | int, ...]


# Diagnostic codes for lead data, one per kind of mistake.
BAD_JSON = "SD501"  # not valid JSON
BAD_SHAPE = "SD502"  # not an object, unknown key, wrong number of CSV fields
BAD_ID = "SD503"  # missing or invalid id / lead_id
BAD_FIELD_TYPE = "SD504"  # attributes / events / props of the wrong type
BAD_EVENT = "SD505"  # event without type or at, or with a bad type
BAD_TIMESTAMP = "SD506"  # `at` is not ISO 8601
UNKNOWN_LEAD = "SD507"  # event row for a lead id the leads file does not hold
BAD_FILE = "SD508"  # cannot open, unsupported format, not UTF-8
MISSING_COLUMN = "SD509"  # table without id / lead_id / type / at

LEAD_KEYS = ("id", "attributes", "events")
EVENT_KEYS = ("type", "at", "props")


_TIMESTAMP_HELP = (
    "write an ISO 8601 timestamp, e.g. 2026-11-01 or 2026-11-01T09:30:00Z (no offset means UTC)"
)
EVENT_HELP = 'an event needs `type` and `at`, e.g. {"type": "email.opened", "at": "2026-10-01"}'


class RecordProblem(Exception):
    """A record that breaks the data contract; the reader adds its file and line."""

    def __init__(
        self,
        code: str,
        message: str,
        help: str | None = None,
        *,
        loc: Loc = (),
        key: bool = False,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.help = help
        self.loc = loc  # the field at fault: a JSON path, or a CSV column name/index
        self.key = key  # point at the key itself (an unknown key), not its value
        self.offset = offset  # or an exact character offset (JSON syntax, bad UTF-8)


# ---------------------------------------------------------------- describing values

MISSING: Any = object()


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def brief_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=json_default)
    return text if len(text) <= 40 else text[:37] + "..."


def loc_text(loc: Loc) -> str:
    """`("events", 2, "at")` -> `events[2].at`."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def value_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return data


# ---------------------------------------------------------------- validating records

_Model = TypeVar("_Model", bound=BaseModel)


def validated(model: type[_Model], data: dict[str, Any]) -> _Model:
    """`model.model_validate`, with the first failure as a plain sentence, not a pydantic dump."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise problem_from(err, data) from None


def problem_from(err: ValidationError, data: dict[str, Any]) -> RecordProblem:
    errors = err.errors()
    # An unknown key first: it is often the misspelling behind a "missing" error.
    detail = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc: Loc = tuple(detail["loc"])
    value = value_at(data, loc)
    name = loc_text(loc)
    last = loc[-1] if loc else ""
    if detail["type"] == "extra_forbidden":
        return unknown_key(loc)
    if loc == ("id",):
        return id_problem(value, "id")
    if last in ("attributes", "props"):
        return RecordProblem(
            BAD_FIELD_TYPE,
            f"{name}: expected an object, got {kind_of(value)}",
            help='write an object of names to values, e.g. {"title": "CTO"}',
            loc=loc,
        )
    if loc == ("events",):
        return RecordProblem(
            BAD_FIELD_TYPE,
            f"events: expected an array of events, got {kind_of(value)}",
            help=f"write a list, even for one event; {EVENT_HELP}",
            loc=loc,
        )
    if len(loc) == 2 and loc[0] == "events":
        return RecordProblem(
            BAD_EVENT,
            f"{name}: expected an event object, got {kind_of(value)}",
            EVENT_HELP,
            loc=loc,
        )
    if last == "type":
        return type_problem(loc, value)
    if last == "at":
        return at_problem(loc, value)
    return RecordProblem(BAD_SHAPE, f"{name}: {detail['msg']}", loc=loc)


def _missing(loc: Loc) -> RecordProblem:
    """An event's `type` or `at` absent (or null)."""
    parent = loc_text(loc[:-1])
    message = f"{parent + ': ' if parent else ''}missing `{loc[-1]}`"
    return RecordProblem(BAD_EVENT, message, EVENT_HELP, loc=loc)


def type_problem(loc: Loc, value: object) -> RecordProblem:
    """An event's `type` absent, or not a non-empty string."""
    if value is MISSING or value is None:
        return _missing(loc)
    message = f"{loc_text(loc)}: expected a non-empty string, got {brief_json(value)}"
    return RecordProblem(BAD_EVENT, message, 'name what happened, e.g. "email.opened"', loc=loc)


def at_problem(loc: Loc, value: object) -> RecordProblem:
    """An event's `at` absent, or not an instant (spec 9)."""
    if value is MISSING or value is None:
        return _missing(loc)
    message = f"{loc_text(loc)}: {brief_json(value)} is not an ISO 8601 timestamp"
    return RecordProblem(BAD_TIMESTAMP, message, _TIMESTAMP_HELP, loc=loc)


def unknown_key(loc: Loc, lead: Sequence[str] = LEAD_KEYS) -> RecordProblem:
    is_lead = len(loc) == 1
    allowed = lead if is_lead else EVENT_KEYS
    where = "a lead" if is_lead else loc_text(loc[:-1])
    key = str(loc[-1])
    hint = did_you_mean(key.lower(), allowed)
    if hint is None:
        hint = (
            'profile data goes under "attributes", e.g. {"id": "L-1", "attributes": {"x": 1}}'
            if is_lead
            else 'event details go under "props", e.g. "props": {"url": "/pricing"}'
        )
    return RecordProblem(
        BAD_SHAPE,
        f"unknown key `{key}` in {where} (allowed keys: {', '.join(allowed)})",
        hint,
        loc=loc,
        key=True,
    )


def id_problem(value: object, name: str) -> RecordProblem:
    if value is MISSING or value is None:
        message = f"missing `{name}`"
    elif isinstance(value, str) and "\x00" in value:  # no engine could keep it apart
        help = "remove the NUL character (\\u0000): ids are written to CSV, Parquet and SQL"
        return RecordProblem(BAD_ID, f"{name}: holds a NUL character", help, loc=(name,))
    elif isinstance(value, str):
        message = f"{name}: must not be empty"
    else:
        message = f"{name}: expected a string or a number, got {brief_json(value)}"
    return RecordProblem(BAD_ID, message, f"give every record a non-empty `{name}`", loc=(name,))


def broken_lead(lead_id: str, code: str, where: str, columns: ColumnMap) -> RecordProblem:
    """A lead one of whose event rows was rejected: scoring it would use only some events."""
    return RecordProblem(
        code,
        f"lead `{lead_id}` has a rejected event at {where}",
        help="fix that event row so the lead is scored from all its events",
        loc=() if columns.numbered else (columns.id,),
    )


def unknown_lead(lead_id: str, leads_path: str, columns: ColumnMap) -> RecordProblem:
    """SD507: an event row whose lead id the leads file does not hold."""
    return RecordProblem(
        UNKNOWN_LEAD,
        f"event for unknown lead `{lead_id}`: `{leads_path}` has no such id",
        help=f"add the lead to the leads file, or fix the event's {columns.event_lead}",
        loc=(columns.event_lead,),
    )


def too_long() -> RecordProblem:
    return RecordProblem(
        BAD_SHAPE,
        f"record longer than the {MAX_RECORD_BYTES // (1024 * 1024)} MiB limit",
        help="a lead (with its events) must fit the limit; move events to an events table",
    )


def not_utf8(offset: int) -> RecordProblem:
    return RecordProblem(
        BAD_FILE,
        "text is not valid UTF-8",
        help="save the file as UTF-8",
        offset=offset,
    )


# How deep arrays and objects may nest in one record (the reader and the engines walk them).
MAX_DATA_NESTING = 64


def too_deep() -> RecordProblem:
    return RecordProblem(
        BAD_SHAPE,
        f"value nested deeper than {MAX_DATA_NESTING} levels of arrays and objects",
        help="flatten the record: attributes and props hold plain values, lists or objects",
    )
