"""Read lead data (spec section 10) as a stream of validated leads, each with its file:line.

JSON Lines and CSV are read one line at a time and Parquet one batch at a time, so a leads
file of any size streams. Only an events table is held in memory (lead id -> events, joined
to the leads as they stream); tables too big for that are the DuckDB engine's job.

A record that breaks the contract becomes a Diagnostic pointing at file:line:column. It
stops the run, or with `skip_invalid` it is set aside (rejects file) and reading goes on.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, DiagnosticError, SourceMap, did_you_mean, error
from ..extras import require
from ..models import Event, Lead
from ..source import Source, Span
from .columns import DEFAULT_COLUMNS, ROW_NUMBER, ColumnMap
from .files import MAX_RECORD_BYTES, capped_lines, file_size, open_regular
from .writers import RejectsWriter, json_default

if TYPE_CHECKING:  # Arrow is the `parquet` extra: imported when a Parquet file is read
    import pyarrow as pa

DataFormat = Literal["jsonl", "csv", "parquet"]
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
LEAD_COLUMNS = ("id",)
EVENT_COLUMNS = ("lead_id", "type", "at")
Required = Mapping[str, str]  # a table's required columns -> the option that renames each


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


_EXTENSIONS: dict[str, DataFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_BATCH_ROWS = 4096
_TIMESTAMP_HELP = (
    "write an ISO 8601 timestamp, e.g. 2026-11-01 or 2026-11-01T09:30:00Z (no offset means UTC)"
)
_EVENT_HELP = 'an event needs `type` and `at`, e.g. {"type": "email.opened", "at": "2026-10-01"}'
_CSV_HELP = 'give every row one cell per header column; quote a cell holding a comma: "Acme, Inc."'


@dataclass(frozen=True)
class LeadRecord:
    """A validated lead and where it came from, for messages and `explain`."""

    lead: Lead
    path: str  # file the lead came from
    line: int  # 1-based line (JSON Lines, CSV physical line) or data row (Parquet)


@dataclass(frozen=True)
class Rejected:
    """A record set aside in skip mode without a rejects file: its diagnostic and line."""

    diagnostic: Diagnostic
    source: Source


def data_format(path: str | Path) -> DataFormat:
    """The data format of a file, by extension."""
    suffix = Path(path).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is None:
        what = f"`{suffix}` files" if suffix else "files without an extension"
        raise DiagnosticError(
            [
                error(
                    BAD_FILE,
                    f"cannot read `{path}`: {what} are not a supported data format",
                    help="use .jsonl, .ndjson or .json (JSON Lines), .csv, or .parquet/.pq",
                )
            ]
        )
    return fmt


# ---------------------------------------------------------------- records and problems


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


class _Raw:
    """One record as found in its file: where it is, what to show, what to reject."""

    def __init__(
        self,
        path: str,
        line: int,
        text: str | None,
        payload: Any,
        columns: Sequence[str] | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self._text = text  # None for a Parquet row: shown as JSON, made only when needed
        self.payload = payload  # what a rejects file stores: raw text, or the row object
        self.columns = columns  # a CSV header: fields are found by position

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = json.dumps(self.payload, ensure_ascii=False, default=json_default)
        return self._text

    def source(self) -> Source:
        return Source(self.path, self.text, first_line=self.line)

    def diagnostic(self, problem: RecordProblem) -> Diagnostic:
        return error(problem.code, problem.message, self._span(problem), problem.help)

    def _span(self, problem: RecordProblem) -> Span:
        source = self.source()
        if problem.offset is not None:
            return source.span(problem.offset, problem.offset + 1)
        found = self._locate(problem.loc, problem.key)
        if found is None:  # the whole (first) line
            found = (0, len(self.text.split("\n", 1)[0].rstrip("\r")))
        return source.span(*found)

    def _locate(self, loc: Loc, key: bool) -> tuple[int, int] | None:
        """Offsets of the field at `loc`, or of the nearest enclosing one that exists."""
        while loc:
            if self.columns is not None:
                found = _csv_locate(self.text, self.columns, loc[0])
            else:
                found = _json_locate(self.text, loc, key)
            if found is not None:
                return found
            loc, key = loc[:-1], False
        return None


@dataclass(frozen=True)
class Row:
    """A record read from a file: its parsed fields, or why it could not be parsed."""

    raw: _Raw
    fields: Any = None
    problem: RecordProblem | None = None

    def content(self) -> Any:
        if self.problem is not None:
            raise self.problem
        return self.fields

    def table_fields(self) -> dict[str, Any]:
        fields = self.content()
        if not isinstance(fields, dict):
            raise RecordProblem(
                BAD_SHAPE,
                f"a table row must be a JSON object, got {_kind(fields)}",
                help='write one flat object a line, e.g. {"id": "L-1", "title": "CTO"}',
            )
        return fields


def _fatal(raw: _Raw | None, problem: RecordProblem) -> DiagnosticError:
    """An error about the whole file (header, format): it stops even a skip-mode run."""
    if raw is None:
        return DiagnosticError([error(problem.code, problem.message, None, problem.help)])
    return DiagnosticError([raw.diagnostic(problem)], SourceMap([raw.source()]))


def _file_error(path: str, reason: str) -> DiagnosticError:
    return _fatal(None, RecordProblem(BAD_FILE, f"cannot read `{path}`: {reason}"))


# ---------------------------------------------------------------- locating fields


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _json_locate(text: str, loc: Loc, key: bool) -> tuple[int, int] | None:
    """Offsets of the value (or key) at `loc` in a JSON text that json already accepted."""
    decoder = json.JSONDecoder()
    try:
        position, key_span = _skip_ws(text, 0), None
        for step in loc:
            position, key_span = _json_child(decoder, text, position, step)
        if key and key_span is not None:
            return key_span
        return position, decoder.raw_decode(text, position)[1]
    except (ValueError, IndexError, LookupError):
        return None


def _json_child(
    decoder: json.JSONDecoder, text: str, position: int, step: str | int
) -> tuple[int, tuple[int, int] | None]:
    """Where the member `step` (object key or array index) of the value at `position` starts."""
    opener = "{" if isinstance(step, str) else "["
    if text[position] != opener:
        raise LookupError(step)
    index, count = _skip_ws(text, position + 1), 0
    while text[index] not in "}]":
        key_span = None
        if opener == "{":
            name, key_end = decoder.raw_decode(text, index)
            key_span = (index, key_end)
            index = _skip_ws(text, _skip_ws(text, key_end) + 1)  # past the colon
            if name == step:
                return index, key_span
        elif count == step:
            return index, None
        index = _skip_ws(text, decoder.raw_decode(text, index)[1])
        if text[index] == ",":
            index = _skip_ws(text, index + 1)
        count += 1
    raise LookupError(step)


def _csv_locate(text: str, columns: Sequence[str], step: str | int) -> tuple[int, int] | None:
    index = columns.index(step) if isinstance(step, str) and step in columns else step
    if not isinstance(index, int):
        return None
    spans = _csv_field_spans(text)
    return spans[index] if 0 <= index < len(spans) else None


def _csv_field_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each field of one CSV record (quotes included)."""
    spans: list[tuple[int, int]] = []
    start, quoted = 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------- describing values

_MISSING: Any = object()


def _kind(value: object) -> str:
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


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=json_default)
    return text if len(text) <= 40 else text[:37] + "..."


def _loc_text(loc: Loc) -> str:
    """`("events", 2, "at")` -> `events[2].at`."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _value_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


# ---------------------------------------------------------------- validating records

_Model = TypeVar("_Model", bound=BaseModel)


def _validated(model: type[_Model], data: dict[str, Any]) -> _Model:
    """`model.model_validate`, with the first failure as a plain sentence, not a pydantic dump."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise _problem_from(err, data) from None


def _problem_from(err: ValidationError, data: dict[str, Any]) -> RecordProblem:
    errors = err.errors()
    # An unknown key first: it is often the misspelling behind a "missing" error.
    detail = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc: Loc = tuple(detail["loc"])
    value = _value_at(data, loc)
    name = _loc_text(loc)
    last = loc[-1] if loc else ""
    if detail["type"] == "extra_forbidden":
        return _unknown_key(loc)
    if loc == ("id",):
        return _id_problem(value, "id")
    if last in ("attributes", "props"):
        return RecordProblem(
            BAD_FIELD_TYPE,
            f"{name}: expected an object, got {_kind(value)}",
            help='write an object of names to values, e.g. {"title": "CTO"}',
            loc=loc,
        )
    if loc == ("events",):
        return RecordProblem(
            BAD_FIELD_TYPE,
            f"events: expected an array of events, got {_kind(value)}",
            help=f"write a list, even for one event; {_EVENT_HELP}",
            loc=loc,
        )
    if len(loc) == 2 and loc[0] == "events":
        return RecordProblem(
            BAD_EVENT, f"{name}: expected an event object, got {_kind(value)}", _EVENT_HELP, loc=loc
        )
    if last == "type":
        return _type_problem(loc, value)
    if last == "at":
        return _at_problem(loc, value)
    return RecordProblem(BAD_SHAPE, f"{name}: {detail['msg']}", loc=loc)


def _missing(loc: Loc) -> str:
    parent = _loc_text(loc[:-1])
    return f"{parent + ': ' if parent else ''}missing `{loc[-1]}`"


def _type_problem(loc: Loc, value: object) -> RecordProblem:
    if value is _MISSING or value is None:
        return RecordProblem(BAD_EVENT, _missing(loc), _EVENT_HELP, loc=loc)
    return RecordProblem(
        BAD_EVENT,
        f"{_loc_text(loc)}: expected a non-empty string, got {_show(value)}",
        help='name what happened, e.g. "email.opened"',
        loc=loc,
    )


def _at_problem(loc: Loc, value: object) -> RecordProblem:
    if value is _MISSING or value is None:
        return RecordProblem(BAD_EVENT, _missing(loc), _EVENT_HELP, loc=loc)
    return RecordProblem(
        BAD_TIMESTAMP,
        f"{_loc_text(loc)}: {_show(value)} is not an ISO 8601 timestamp",
        _TIMESTAMP_HELP,
        loc=loc,
    )


def _unknown_key(loc: Loc, lead: Sequence[str] = LEAD_KEYS) -> RecordProblem:
    is_lead = len(loc) == 1
    allowed = lead if is_lead else EVENT_KEYS
    where = "a lead" if is_lead else _loc_text(loc[:-1])
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


def _id_problem(value: object, name: str) -> RecordProblem:
    if value is _MISSING or value is None:
        message = f"missing `{name}`"
    elif isinstance(value, str) and "\x00" in value:  # no engine could keep it apart
        help = "remove the NUL character (\\u0000): ids are written to CSV, Parquet and SQL"
        return RecordProblem(BAD_ID, f"{name}: holds a NUL character", help, loc=(name,))
    elif isinstance(value, str):
        message = f"{name}: must not be empty"
    else:
        message = f"{name}: expected a string or a number, got {_show(value)}"
    return RecordProblem(BAD_ID, message, f"give every record a non-empty `{name}`", loc=(name,))


def record_id(value: object, name: str) -> str:
    """An id as text (a number is read as its text, spec 10)."""
    if isinstance(value, str) and value.strip() and "\x00" not in value:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _id_problem(value, name)


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
            f"a lead must be a JSON object, got {_kind(obj)}",
            help='write one lead a line, e.g. {"id": "L-1", "attributes": {"title": "CTO"}}',
        )
    keys = lead_keys(columns)
    for key in obj:
        if key not in keys:
            raise _unknown_key((key,), keys)
    if columns.numbered:
        lead_id = str(position)
    else:
        lead_id = record_id(obj.get(columns.id, _MISSING), columns.id)
    data = {key: value for key, value in obj.items() if key != columns.id}
    return _validated(Lead, {**data, "id": lead_id})


def table_lead_id(fields: dict[str, Any], columns: ColumnMap, position: int) -> str:
    """A table row's lead id: its id column, or (`@row`) its 1-based position in the file."""
    if columns.numbered:
        return str(position)
    return record_id(fields.get(columns.id), columns.id)


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
    try:
        return Event.model_validate(data)
    except ValidationError as err:
        loc = tuple(err.errors()[0]["loc"])
        if loc and loc[0] in named:  # word the problem with the file's own column name
            column = named[str(loc[0])]
            check = _type_problem if loc[0] == "type" else _at_problem
            raise check((column,), fields.get(column, _MISSING)) from None
        raise _problem_from(err, data) from None


# ---------------------------------------------------------------- reading files


def _open_binary(path: str) -> IO[bytes]:
    try:
        return open_regular(path)
    except OSError as exc:
        raise _file_error(path, exc.strerror or str(exc)) from None


def _file_size(path: str) -> int:
    try:
        return file_size(path)
    except OSError as exc:
        raise _file_error(path, exc.strerror or str(exc)) from None


def _universal_lines(lines: Iterable[bytes | None]) -> Iterator[bytes | None]:
    """Lines ended by `\n`, `\r\n` or a lone `\r` (old Mac exports), ends kept, as
    Python's universal newlines read text; a file is still read a line at a time. None (a
    line over the record limit, from files.capped_lines) passes through."""
    for data in lines:
        if data is not None and b"\r" in data[:-2]:  # a lone CR inside: split there too
            yield from data.splitlines(keepends=True)
        else:
            yield data


def _decode(data: bytes) -> tuple[str, int | None]:
    """A line as text, and the offset of its first non-UTF-8 byte (None when it is clean)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        offset = len(data[: exc.start].decode("utf-8", errors="replace"))
        return data.decode("utf-8", errors="replace"), offset


def _too_long() -> RecordProblem:
    return RecordProblem(
        BAD_SHAPE,
        f"record longer than the {MAX_RECORD_BYTES // (1024 * 1024)} MiB limit",
        help="a lead (with its events) must fit the limit; move events to an events table",
    )


def _not_utf8(offset: int) -> RecordProblem:
    return RecordProblem(
        BAD_FILE,
        "text is not valid UTF-8",
        help="save the file as UTF-8",
        offset=offset,
    )


class _NonStandardNumber(ValueError):
    """NaN or Infinity, which Python's json accepts and JSON does not."""


def _no_constants(name: str) -> Any:
    raise _NonStandardNumber(name)


# Python's own cap on int(text); longer integers are refused as a record problem.
MAX_INT_DIGITS = 4300
# How deep arrays and objects may nest in one record (the reader and the engines walk them).
MAX_DATA_NESTING = 64


class _NumberTooLong(ValueError):
    """An integer with more digits than MAX_INT_DIGITS."""


def _int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _NumberTooLong(text[:20])
    return int(text)


# One decoder for every line: json.loads with an option builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_no_constants, parse_int=_int)


def _loads(text: str) -> Any:
    if text.startswith("\ufeff"):  # json.loads words this error; the bare decoder does not
        return json.loads(text, parse_constant=_no_constants, parse_int=_int)
    return _DECODER.decode(text)


def _hostile(text: str) -> bool:
    """Cheap test for what _decoded_problem looks for: many brackets, or a surrogate escape."""
    return text.count("[") + text.count("{") > MAX_DATA_NESTING or (
        "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None
    )


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _decoded_problem(value: Any) -> RecordProblem | None:
    """A parsed record nested too deep, or holding a lone surrogate (not Unicode): walked
    without recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_DATA_NESTING:
                return _too_deep()
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return RecordProblem(
                    BAD_JSON,
                    f"text holds a lone surrogate (\\u{ord(item[exc.start]):x}), "
                    "which is not a Unicode character",
                    help="escape only whole characters; an emoji is a pair like \\ud83d\\ude00",
                )
    return None


def _too_deep() -> RecordProblem:
    return RecordProblem(
        BAD_SHAPE,
        f"value nested deeper than {MAX_DATA_NESTING} levels of arrays and objects",
        help="flatten the record: attributes and props hold plain values, lists or objects",
    )


def _parse_json_line(raw: _Raw) -> Row:
    text = raw.text
    try:
        value = _loads(text)
        problem = _decoded_problem(value) if _hostile(text) else None
        return Row(raw, value) if problem is None else Row(raw, problem=problem)
    except RecursionError:
        problem = _too_deep()
    except _NumberTooLong as exc:
        offset = max(0, text.find(str(exc.args[0])))
        problem = RecordProblem(
            BAD_JSON,
            f"number with more than {MAX_INT_DIGITS} digits",
            help="write such a value as a string",
            offset=offset,
        )
    except json.JSONDecodeError as exc:
        help = "each line must hold one complete JSON object"
        if exc.pos >= len(text.rstrip()):
            help += "; a lead must fit on one line (JSON Lines)"
        problem = RecordProblem(BAD_JSON, f"not valid JSON: {exc.msg}", help, offset=exc.pos)
    except _NonStandardNumber as exc:
        constant = str(exc.args[0])
        offset = max(0, text.find(constant))
        problem = RecordProblem(
            BAD_JSON,
            f"not valid JSON: {constant} is not a JSON number",
            help="write null for an unknown number",
            offset=offset,
        )
    return Row(raw, problem=problem)


def _jsonl_rows(path: str, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a non-blank line, parsed as JSON; a line is never read before it is needed."""
    with _open_binary(path) as handle:
        for number, data in enumerate(_universal_lines(capped_lines(handle)), start=1):
            if data is None:
                yield Row(_Raw(path, number, "", ""), problem=_too_long())
                continue
            consumed(len(data))
            text, bad_byte = _decode(data)
            if number == 1:
                text = text.removeprefix("\ufeff")
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            raw = _Raw(path, number, text, text)
            if bad_byte is not None:
                yield Row(raw, problem=_not_utf8(bad_byte))
            else:
                yield _parse_json_line(raw)


class _CsvLines:
    """Feeds csv.reader decoded lines and keeps the physical lines of the current record."""

    def __init__(self, handle: IO[bytes], consumed: Callable[[int], None]) -> None:
        self._lines = _universal_lines(capped_lines(handle))
        self._consumed = consumed
        self.number = 0
        self._pending: list[str] = []
        self._bad_byte: int | None = None

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        data = next(self._lines)
        self.number += 1
        if data is None:
            raise _fatal(
                None, RecordProblem(BAD_FILE, f"line {self.number}: {_too_long().message}")
            )
        self._consumed(len(data))
        text, bad_byte = _decode(data)
        if self.number == 1:
            text = text.removeprefix("\ufeff")
        if bad_byte is not None and self._bad_byte is None:
            self._bad_byte = sum(map(len, self._pending)) + bad_byte
        self._pending.append(text)
        return text

    def take(self, path: str, header: Sequence[str]) -> tuple[_Raw, int | None]:
        """The record read since the last call, and the offset of a non-UTF-8 byte in it."""
        first_line = self.number - len(self._pending) + 1
        text = "".join(self._pending).rstrip("\r\n")
        bad_byte = self._bad_byte
        self._pending, self._bad_byte = [], None
        return _Raw(path, first_line, text, text, columns=header), bad_byte


def _csv_rows(path: str, required: Required, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a CSV record; every cell a string, an empty cell an absent value."""
    with _open_binary(path) as handle:
        lines = _CsvLines(handle, consumed)
        reader = csv.reader(lines, strict=True)
        header = _csv_header(path, reader, lines, required)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raw, _ = lines.take(path, header)
                yield Row(raw, problem=RecordProblem(BAD_SHAPE, f"malformed CSV: {exc}", _CSV_HELP))
                continue
            raw, bad_byte = lines.take(path, header)
            if cells:  # a blank line is no record
                yield _csv_row(raw, header, cells, bad_byte)


def _csv_row(raw: _Raw, header: Sequence[str], cells: list[str], bad_byte: int | None) -> Row:
    if bad_byte is not None:
        return Row(raw, problem=_not_utf8(bad_byte))
    if len(cells) != len(header):
        at = len(header) if len(cells) > len(header) else len(cells) - 1
        message = f"row has {len(cells)} fields but the header has {len(header)} columns"
        return Row(raw, problem=RecordProblem(BAD_SHAPE, message, _CSV_HELP, loc=(at,)))
    return Row(raw, {name: cell for name, cell in zip(header, cells, strict=True) if cell != ""})


def _csv_header(
    path: str, reader: Iterator[list[str]], lines: _CsvLines, required: Required
) -> list[str]:
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raw, _ = lines.take(path, [])
        raise _fatal(
            raw, RecordProblem(BAD_SHAPE, f"malformed CSV header: {exc}", _CSV_HELP)
        ) from None
    raw, bad_byte = lines.take(path, header)
    if bad_byte is not None:
        raise _fatal(raw, _not_utf8(bad_byte))
    _check_columns(path, raw, header, required)
    return header


def _check_columns(path: str, raw: _Raw | None, names: list[str], required: Required) -> None:
    """A table's columns: named, each once, and the required ones present (else SD509)."""
    for index, name in enumerate(names):
        if not name or name in names[:index]:
            problem = "has no name" if not name else f"`{name}` appears twice"
            help = "give every column a distinct name (a trailing comma adds an unnamed column)"
            raise _fatal(
                raw, RecordProblem(BAD_SHAPE, f"column {index + 1} {problem}", help, loc=(index,))
            )
    for name, option in required.items():
        if name not in names:
            found = ", ".join(names) if names else "none (the file is empty)"
            help = f"the table needs the columns {', '.join(required)}; found: {found}"
            hints = [_column_hint(name, names), _option_hint(name, option, names)]
            help = "; ".join([help, *(hint for hint in hints if hint)])
            raise _fatal(
                raw, RecordProblem(MISSING_COLUMN, f"`{path}` has no `{name}` column", help)
            )


def _column_hint(missing: str, names: Sequence[str]) -> str | None:
    by_lower = {name.strip().lower(): name for name in names}
    if missing in by_lower:
        return f"rename `{by_lower[missing]}` to `{missing}` (names are case-sensitive)"
    swap = {"id": "lead_id", "lead_id": "id"}.get(missing)
    if swap in names:
        return f"rename `{swap}` to `{missing}`"
    return did_you_mean(missing, names)


# Words that give away which column of an export is which (`Prospect ID`, `Event Type`).
_COLUMN_WORDS = {
    "--id-column": r"\bid\b",
    "--events-lead-column": r"\bid\b",
    "--events-type-column": r"\btype\b",
    "--events-at-column": r"\b(time|timestamp|date|at)\b",
}


def _option_hint(missing: str, option: str, names: Sequence[str]) -> str | None:
    """How to name the column on the command line, with a likely one from the header."""
    pattern = _COLUMN_WORDS.get(option)
    if pattern is None:
        return None
    guess = next(
        (n for n in names if n != missing and re.search(pattern, n, re.IGNORECASE)),
        None,
    )
    hint = f'or name the column: {option} "{guess}"' if guess else f"or name it: {option} COLUMN"
    if option == "--id-column":
        hint += f" (no id at all: {option} {ROW_NUMBER} numbers the rows)"
    return hint


def _parquet_rows(path: str, required: Required, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a Parquet row, a batch at a time; nulls are absent values."""
    require("parquet", "reading Parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    handle = _open_binary(path)
    try:
        parquet = pq.ParquetFile(handle)
    except (OSError, pa.ArrowException) as exc:
        handle.close()
        raise _file_error(path, f"not a readable Parquet file ({exc})") from None
    with handle, parquet:
        _check_columns(path, None, list(parquet.schema_arrow.names), required)
        size, total = os.path.getsize(path), max(1, int(parquet.metadata.num_rows))
        number = done = 0
        try:
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
                for row in _batch_rows(_in_microseconds(batch)):
                    number += 1
                    progress = size * number // total
                    consumed(progress - done)
                    done = progress
                    yield parquet_row(path, number, row)
        except pa.ArrowException as exc:
            raise _file_error(path, f"Parquet read failed at row {number + 1} ({exc})") from None


def _batch_rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any] | pa.RecordBatch]:
    """A batch's rows as dicts; a row Python cannot hold (a DATE of year 0000) stays Arrow."""
    try:
        yield from batch.to_pylist()
    except (ValueError, OverflowError):
        for index in range(batch.num_rows):
            one = batch.slice(index, 1)
            try:
                yield one.to_pylist()[0]
            except (ValueError, OverflowError):
                yield one


def parquet_row(path: str, number: int, row: dict[str, Any] | pa.RecordBatch) -> Row:
    if isinstance(row, dict):
        return Row(_Raw(path, number, None, row), row)
    import pyarrow as pa

    shown: dict[str, Any] = {}
    bad = ""
    for name, column in zip(row.schema.names, row.columns, strict=True):
        try:
            shown[name] = column[0].as_py()
        except (ValueError, OverflowError):
            shown[name] = column.cast(pa.string())[0].as_py()
            bad = bad or name
    problem = RecordProblem(
        BAD_TIMESTAMP,
        f"{bad}: {shown[bad]} is outside the years 0001 to 9999",
        help="write instants from 0001-01-01 to 9999-12-31 (spec 9)",
        loc=(bad,),
    )
    # The fields stay readable (as text), so a bad event still names its lead (_load_events).
    return Row(_Raw(path, number, None, shown), shown, problem)


def _in_microseconds(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Nanosecond timestamps and times cut (floored) to microseconds, which is all Python's
    datetime holds; spec 9 cuts fractions to microseconds, never rounding up."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = list(batch.columns)
    changed = False
    for index, column in enumerate(columns):
        kind = column.type
        if pa.types.is_timestamp(kind) and kind.unit == "ns":
            floored = pc.floor_temporal(column, unit="microsecond")
            columns[index] = floored.cast(pa.timestamp("us", kind.tz))
            changed = True
        elif pa.types.is_time64(kind) and kind.unit == "ns":
            floored = pc.floor_temporal(column, unit="microsecond")
            columns[index] = floored.cast(pa.time64("us"))
            changed = True
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names) if changed else batch


def read_rows(
    path: str, fmt: DataFormat, required: Required, consumed: Callable[[int], None]
) -> Iterator[Row]:
    """Each record of a data file as a Row, in file order (the engines scan through this too,
    so a record means the same to every engine); `consumed` is told the bytes read."""
    if fmt == "jsonl":
        return _jsonl_rows(path, consumed)
    if fmt == "csv":
        return _csv_rows(path, required, consumed)
    return _parquet_rows(path, required, consumed)


def no_progress(_: int) -> None:
    """Progress sink for the events file: the progress bar follows the leads file."""


# ---------------------------------------------------------------- the reader


@dataclass
class _EventTable:
    """The events file in memory: lead id -> (line, event) in file order."""

    by_lead: dict[str, list[tuple[int, Event]]] = field(default_factory=dict)
    broken: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (code, file:line)
    matched: set[str] = field(default_factory=set)  # ids the leads file held

    def orphan_lines(self) -> dict[int, str]:
        """Lines of events whose lead id the leads file never held -> that id."""
        return {
            line: lead_id
            for lead_id, entries in self.by_lead.items()
            if lead_id not in self.matched
            for line, _ in entries
        }


class LeadReader:
    """Iterate LeadRecord in input order; counts read/rejected.

    A leads JSON Lines file without an events file is read in lead form
    ({"id", "attributes", "events"}); anything else is read as tables (spec 10).
    A bad record raises DiagnosticError, or with `skip_invalid` is counted, written to
    `rejects_path` (or kept in `rejects` without one) and skipped. A reader reads once.
    """

    def __init__(
        self,
        leads_path: str | Path,
        events_path: str | Path | None = None,
        *,
        skip_invalid: bool = False,
        rejects_path: str | Path | None = None,
        columns: ColumnMap = DEFAULT_COLUMNS,
    ) -> None:
        self.leads_path = str(leads_path)
        self.columns = columns  # which keys hold the lead id and the event fields (spec 12)
        self.events_path = None if events_path is None else str(events_path)
        self.skip_invalid = skip_invalid
        self.rejects_path = None if rejects_path is None else str(rejects_path)
        self._leads_format = data_format(self.leads_path)
        self._events_format = None if self.events_path is None else data_format(self.events_path)
        self.progress_total: int | None = _file_size(self.leads_path)
        if self.events_path is not None:
            _file_size(self.events_path)
        self.progress_done = 0
        self.read = 0
        self.rejected = 0
        self.events_read = 0
        self.events_rejected = 0
        self.rejects: list[Rejected] = []
        self._rejects_out: RejectsWriter | None = None
        self._records: Generator[LeadRecord, None, None] | None = None

    @property
    def reject_diagnostics(self) -> list[Diagnostic]:
        """Diagnostics of records rejected in skip mode when there is no rejects file."""
        return [rejected.diagnostic for rejected in self.rejects]

    def __iter__(self) -> Iterator[LeadRecord]:
        if self._records is not None:
            raise RuntimeError("a LeadReader reads its files once")
        self._records = self._read()
        return self._records

    def close(self) -> None:
        if self._records is not None:
            self._records.close()
        if self._rejects_out is not None:
            self._rejects_out.close()
            self._rejects_out = None

    def __enter__(self) -> LeadReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -------------------------------------------------------------- internals

    def _read(self) -> Generator[LeadRecord, None, None]:
        try:
            self.open_rejects()
            events = self._load_events()
            required = lead_columns(self.columns)
            for row in read_rows(self.leads_path, self._leads_format, required, self._consumed):
                self.read += 1
                try:
                    lead = self._lead(row, events)
                except RecordProblem as problem:
                    self.rejected += 1
                    self.reject(row.raw, problem)
                    continue
                yield LeadRecord(lead, row.raw.path, row.raw.line)
            self._report_orphans(events)
        finally:
            if self._rejects_out is not None:
                self._rejects_out.close()
                self._rejects_out = None

    def _consumed(self, nbytes: int) -> None:
        self.progress_done += nbytes

    def open_rejects(self) -> None:
        if not self.skip_invalid or self.rejects_path is None:
            return
        try:
            self._rejects_out = RejectsWriter.to_path(self.rejects_path)
        except OSError as exc:
            raise _file_error(self.rejects_path, exc.strerror or str(exc)) from None

    def _lead(self, row: Row, events: _EventTable) -> Lead:
        if self._leads_format == "jsonl" and self.events_path is None:  # the lead form
            return lead_from_object(row.content(), self.columns, self.read)
        fields = row.table_fields()
        lead_id = table_lead_id(fields, self.columns, self.read)
        joined = events.by_lead.get(lead_id, [])
        if joined:
            events.matched.add(lead_id)
        if lead_id in events.broken:
            raise broken_lead(lead_id, *events.broken[lead_id], self.columns)
        attributes = {
            name: value
            for name, value in fields.items()
            if (self.columns.numbered or name != self.columns.id) and value is not None
        }
        data = {"id": lead_id, "attributes": attributes, "events": [e for _, e in joined]}
        return _validated(Lead, data)

    def _load_events(self) -> _EventTable:
        """The whole events table, by lead id (it must fit in memory)."""
        table = _EventTable()
        if self.events_path is None or self._events_format is None:
            return table
        columns = self.columns
        for row in read_rows(
            self.events_path, self._events_format, event_columns(columns), no_progress
        ):
            self.events_read += 1
            lead_id: str | None = None
            try:
                fields = row.table_fields()
                lead_id = record_id(fields.get(columns.event_lead), columns.event_lead)
                event = event_from_row(fields, columns)
            except RecordProblem as problem:
                self.events_rejected += 1
                self.reject(row.raw, problem)
                lead_id = lead_id if lead_id is not None else readable_id(row, columns.event_lead)
                if lead_id is not None:
                    where = f"{row.raw.path}:{row.raw.line}"
                    table.broken.setdefault(lead_id, (problem.code, where))
                continue
            table.by_lead.setdefault(lead_id, []).append((row.raw.line, event))
        return table

    def _report_orphans(self, events: _EventTable) -> None:
        """SD507 for each event whose lead never came; a second pass finds their lines' text."""
        orphans = events.orphan_lines()
        if not orphans or self.events_path is None or self._events_format is None:
            return
        required = event_columns(self.columns)
        for row in read_rows(self.events_path, self._events_format, required, no_progress):
            lead_id = orphans.get(row.raw.line)
            if lead_id is None:
                continue
            self.events_rejected += 1
            self.reject(row.raw, unknown_lead(lead_id, self.leads_path, self.columns))

    def reject(self, raw: _Raw, problem: RecordProblem) -> None:
        """Stop the run on a bad record, or (skip mode) set it aside and go on."""
        diagnostic = raw.diagnostic(problem)
        if not self.skip_invalid:
            raise DiagnosticError([diagnostic], SourceMap([raw.source()]))
        if self._rejects_out is not None:
            self._rejects_out.write(raw.path, raw.line, problem.code, problem.message, raw.payload)
        else:
            self.rejects.append(Rejected(diagnostic, raw.source()))
