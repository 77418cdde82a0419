"""Validate scanned inputs in SQL and build the contract's `leads` and `events` views.

SQL finds WHICH records are bad (fast, whole-table); the Python reader's own functions then
say WHY for just those records, and the reader's `reject` stops the run or sets them aside.
So codes (SD5xx), wording, file:line, the rejects file and the counts match `--engine python`,
in the same order: bad event rows, then bad leads, then events for unknown leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from ..io import readers
from ..io.columns import ColumnMap
from ..io.readers import LeadReader
from ..sql.dialects import SPACE_CLASS
from ..sql.schema import RESERVED_EVENT_COLUMNS, RESERVED_LEAD_COLUMNS
from ..timeutil import MAX_EPOCH_MICROS, MIN_EPOCH_MICROS
from .base import EngineUnavailable
from .sqltext import ident, json_key_path, text
from .tables import POS, Source, iter_positions, scan

_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"}
_INTEGER |= {"UINTEGER", "UBIGINT", "UHUGEINT"}
_NANOSECONDS = {"TIMESTAMP_NS", "TIMESTAMPTZ_NS"}
_TIMESTAMP = {"TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S", *_NANOSECONDS}
_TIMESTAMP |= {"TIMESTAMP WITH TIME ZONE", "DATE"}
_EPOCH = {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE"}  # microseconds since 1970 (UTC)
_EVENT_KEYS = "['type', 'at', 'props']"
_PROP = "p:"  # _event_rows' name for an event property column (keeps `ok`, `_pos`... free)
DUPLICATE_MARK = "\x00"
DUPLICATE_MARK_SQL = "chr(0)"


class EngineMismatch(Exception):
    """SQL and the Python reader disagree about a record: a bug, or a file DuckDB reads
    differently (the message names the record and suggests `--engine python`)."""


# ---------------------------------------------------------------- typed values


def id_text(c: str, kind: str) -> str:
    """An id as text (a number is read as its text, spec 10); NULL when it cannot be one."""
    if kind == "VARCHAR":
        return c
    if kind == "JSON":
        # An integer's text as Python's json wrote it in the scanned file (tables.
        # _canonical_jsonl): str() of the int, so 12345678901234567890123 keeps its digits.
        # A float's text is DuckDB's shortest repr, as Python's str() writes it (1e+22).
        raw = f"({c} ->> '$')"
        return (
            f"CASE WHEN json_type({c}) IN ('VARCHAR', 'BIGINT', 'UBIGINT') "
            f"OR (json_type({c}) = 'DOUBLE' AND regexp_full_match({raw}, '-?[0-9]+')) THEN {raw} "
            f"WHEN json_type({c}) = 'DOUBLE' THEN CAST(CAST({c} AS DOUBLE) AS VARCHAR) END"
        )
    if kind in _INTEGER:
        return f"CAST({c} AS VARCHAR)"
    if kind in ("DOUBLE", "FLOAT"):
        return f"CAST(CAST({c} AS DOUBLE) AS VARCHAR)"
    return "CAST(NULL AS VARCHAR)"


def id_ok(c: str, kind: str) -> str:
    """readers.record_id's test: not blank (Python's whitespace), no NUL character. An id
    that starts with a visible ASCII character is not blank: the regex (10x slower) runs
    only for the others."""
    value = id_text(c, kind)
    spaces = f"regexp_full_match({value}, {text(SPACE_CLASS + '*')})"
    blank = f"CASE WHEN unicode({value}) BETWEEN 33 AND 126 THEN false ELSE {spaces} END"
    return f"coalesce(NOT ({blank}) AND NOT contains({value}, chr(0)), false)"


def type_text(c: str, kind: str) -> str:
    if kind == "VARCHAR":
        return c
    if kind == "JSON":
        return f"CASE WHEN json_type({c}) = 'VARCHAR' THEN {c} ->> '$' END"
    return "CAST(NULL AS VARCHAR)"


def at_value(c: str, kind: str) -> str:
    """`at` as a UTC TIMESTAMP (spec 9), NULL when absent or not an instant."""
    if kind == "VARCHAR":
        return f"sd_at({c})"
    if kind == "JSON":
        return f"CASE WHEN json_type({c}) = 'VARCHAR' THEN sd_at({c} ->> '$') END"
    if kind in _NANOSECONDS:  # floored to microseconds as spec 9 cuts; CAST would round
        ns = f"epoch_ns({c})"
        return f"make_timestamp(({ns} - (({ns} % 1000) + 1000) % 1000) // 1000)"
    if kind in _EPOCH:  # UTC micros: CAST from a zoned type is a slow ICU conversion
        micros = f"epoch_us({c})"
        return f"CASE WHEN {_micros_in_years(micros)} THEN make_timestamp({micros}) END"
    if kind in _TIMESTAMP:
        return f"CAST({c} AS TIMESTAMP)"
    return "CAST(NULL AS TIMESTAMP)"


def _micros_in_years(micros: str) -> str:
    return f"({micros} BETWEEN {MIN_EPOCH_MICROS} AND {MAX_EPOCH_MICROS})"


def in_years(source: Source) -> str:
    """Every typed instant of the row in the years 1 to 9999, the instants Python holds (a
    Parquet DATE of year 0000 is a bad record on both engines: io.parquet_rows.parquet_row)."""
    tests = [
        # infinity has no epoch (NULL): out of the years, unlike an absent value
        f"coalesce({_micros_in_years(f'epoch_us({ident(name)})')}, {ident(name)} IS NULL)"
        if kind in _EPOCH
        else f"coalesce(CAST({ident(name)} AS TIMESTAMP) BETWEEN TIMESTAMP '0001-01-01' "
        f"AND TIMESTAMP '9999-12-31 23:59:59.999999', true)"
        for name, kind in source.columns.items()
        if kind in _TIMESTAMP
    ]
    return "(" + " AND ".join(tests or ["TRUE"]) + ")"


def _properties(events: Source, columns: ColumnMap) -> list[str]:
    required = readers.event_columns(columns)
    return [n for n in events.columns if n not in required]


def _attributes(leads: Source, columns: ColumnMap) -> list[str]:
    return [n for n in leads.columns if columns.numbered or n != columns.id]


def _no_clash(names: list[str], reserved: tuple[str, ...], what: str) -> None:
    """The views name the lead id, type and time as the compiled SQL reads them (`id`,
    `lead_id`, `type`, `at`, `_ord`): a mapped file may hold other columns of those names."""
    clash = [name for name in names if name in reserved]
    if clash:
        raise EngineUnavailable(
            f"the DuckDB engine cannot read a {what} column named `{clash[0]}` besides the "
            "columns named by the column options",
            "score with --engine python (same records), or rename that column",
        )


def _form_id(columns: ColumnMap) -> str:
    """A lead-form record's id as JSON, under the mapped key."""
    return f"(_json -> {json_key_path(columns.id)})"


def _lead_keys(columns: ColumnMap) -> str:
    return "[" + ", ".join(text(key) for key in readers.lead_keys(columns)) + "]"


def _typed(source: Source, name: str) -> tuple[str, str]:
    """A column and its type; a column no JSON line has is NULL (absent everywhere)."""
    if name in source.columns:
        return ident(name), source.columns[name]
    return "CAST(NULL AS VARCHAR)", "VARCHAR"


# ---------------------------------------------------------------- the loader


@dataclass(frozen=True)
class _Flag:
    """A record SQL found bad: which file, its position, and what kind of check failed."""

    source: Source
    position: int
    kind: str  # lead-form | lead | broken | event | orphan
    lead_id: str | None = None


@dataclass(frozen=True)
class _EventCounts:
    """What the one counting scan of the events found."""

    read: int = 0
    bad: int = 0  # rows SQL found bad (bad id, type, time or shape)
    orphans: int = 0  # good rows whose lead is not a valid lead
    flagged: int = 0  # bad rows and malformed CSV records: the rows looked up again


class InputLoader:
    """Scans the job's files, validates them and creates the `leads` and `events` views."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reader: LeadReader) -> None:
        self._con = con
        self._reader = reader
        self.lead_form = (
            reader.events_path is None and readers.data_format(reader.leads_path) == "jsonl"
        )

    def load(self) -> None:
        reader = self._reader
        reader.open_rejects()
        columns = reader.columns
        leads = scan(self._con, reader.leads_path, "_src_leads", readers.lead_columns(columns))
        if self.lead_form:
            self._lead_form(leads)
            return
        events = None
        if reader.events_path is not None:
            required = readers.event_columns(columns)
            events = scan(self._con, reader.events_path, "_src_events", required)
        self._tables(leads, events)

    # -------------------------------------------------------------- tables

    def _tables(self, leads: Source, events: Source | None) -> None:
        con, columns = self._con, self._reader.columns
        attributes = _attributes(leads, columns)
        _no_clash(attributes, RESERVED_LEAD_COLUMNS, "leads")
        if events is not None:
            _no_clash(_properties(events, columns), RESERVED_EVENT_COLUMNS, "events")
        if columns.numbered:  # `@row`: the id is the record's 1-based position in the file
            lead_ok, lead_id = (
                f"({leads.shape_ok} AND {in_years(leads)})",
                f"CAST({POS} + 1 AS VARCHAR)",
            )
        else:
            typed = _typed(leads, columns.id)
            lead_ok = f"({leads.shape_ok} AND {in_years(leads)} AND {id_ok(*typed)})"
            lead_id = id_text(*typed)
        # The leads are few (one row a lead): their ids and checks are kept in a table.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _lead_ids AS SELECT {POS}, {lead_ok} AS ok, "
            f"{lead_id} AS id FROM {ident(leads.table)}"
        )
        self._reader.read = self._count(leads)
        counts = _EventCounts()
        if events is not None:
            self._event_view(events)
            counts = self._event_counts(events)
            self._reader.events_read = counts.read
        broken = "SELECT DISTINCT lead_id AS id FROM _event_rows WHERE id_ok AND NOT ok"
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _broken AS "
            + (broken if counts.bad else "SELECT NULL::VARCHAR AS id LIMIT 0")
        )
        flags = self._event_flags(events) if events is not None and counts.flagged else []
        flags += self._lead_flags(leads)
        if counts.orphans:
            assert events is not None
            flags += self._orphan_flags(events)
        self._report(flags, leads, events)
        con.execute(
            "CREATE OR REPLACE TEMP VIEW leads AS SELECT i.id, s._pos AS _ord"
            + "".join(f", s.{ident(n)}" for n in attributes)
            + f" FROM {ident(leads.table)} s JOIN _lead_ids i USING ({POS}) "
            "WHERE i.ok AND i.id NOT IN (SELECT id FROM _broken)"
        )
        self._events_view(events, filtered=counts.bad > 0)

    def _event_view(self, events: Source) -> None:
        """Each event row typed and checked, as a view: nothing is copied; the count
        query and the scoring query each read only the columns they need from the file."""
        columns = self._reader.columns
        lead = _typed(events, columns.event_lead)
        self._con.execute(
            "CREATE OR REPLACE TEMP VIEW _event_rows AS SELECT *, "
            '(id_ok AND _in_years AND coalesce(length(type) >= 1, false) AND "at" IS NOT NULL) '
            f"AS ok FROM (SELECT {POS}, {id_text(*lead)} AS lead_id, "
            f"{events.shape_ok} AND {id_ok(*lead)} AS id_ok, {in_years(events)} AS _in_years, "
            f"{type_text(*_typed(events, columns.event_type))} AS type, "
            f'{at_value(*_typed(events, columns.event_at))} AS "at"'
            + "".join(f", {ident(n)} AS {ident(_PROP + n)}" for n in _properties(events, columns))
            + f" FROM {ident(events.table)})"
        )

    def _event_counts(self, events: Source) -> _EventCounts:
        """One scan of the events' id, type and time: how many rows, how many bad, how many
        for no valid lead. Only when a count is not zero are the rows themselves looked up."""
        found = self._con.execute(
            "SELECT count(*), count_if(NOT ok), count_if(ok AND lead_id NOT IN "
            "(SELECT id FROM _lead_ids WHERE ok)) FROM _event_rows"
        ).fetchone()
        read, bad, orphans = (int(n) for n in found) if found else (0, 0, 0)
        structural = len(events.structural)
        return _EventCounts(read + structural, bad, orphans, bad + structural)

    def _events_view(self, events: Source | None, *, filtered: bool) -> None:
        if events is None:
            self._con.execute(
                "CREATE OR REPLACE TEMP VIEW events AS SELECT NULL::VARCHAR AS lead_id, "
                'NULL::BIGINT AS _ord, NULL::VARCHAR AS type, NULL::TIMESTAMP AS "at" LIMIT 0'
            )
            return
        # Events of leads not in `leads` (rejected, unknown) may stay: the scoring query
        # joins events to leads, so they are never scored. Bad rows are left out when any.
        self._con.execute(
            'CREATE OR REPLACE TEMP VIEW events AS SELECT e.lead_id, e._pos AS _ord, e.type, e."at"'
            + "".join(
                f", e.{ident(_PROP + n)} AS {ident(n)}"
                for n in _properties(events, self._reader.columns)
            )
            + " FROM _event_rows e"
            + (" WHERE e.ok" if filtered else "")
        )

    def _event_flags(self, events: Source) -> list[_Flag]:
        rows = self._positions("SELECT _pos FROM _event_rows WHERE NOT ok", events.structural)
        return [_Flag(events, p, "event") for p in rows]

    def _lead_flags(self, leads: Source) -> list[_Flag]:
        query = (
            "SELECT _pos, CASE WHEN ok THEN id END FROM _lead_ids "
            "WHERE NOT ok OR id IN (SELECT id FROM _broken) ORDER BY _pos"
        )
        flags = [
            _Flag(leads, int(p), "lead" if lead_id is None else "broken", lead_id)
            for p, lead_id in self._fetch(query)
        ]
        flags += [_Flag(leads, p, "lead") for p in leads.structural]
        return sorted(flags, key=lambda f: f.position)

    def _orphan_flags(self, events: Source) -> list[_Flag]:
        query = (
            "SELECT _pos, lead_id FROM _event_rows WHERE ok AND lead_id NOT IN "
            "(SELECT id FROM _lead_ids WHERE ok) ORDER BY _pos"
        )
        return [_Flag(events, int(p), "orphan", lead_id) for p, lead_id in self._fetch(query)]

    def _count(self, source: Source) -> int:
        found = self._con.execute(f"SELECT count(*) FROM {ident(source.table)}").fetchone()
        return int(found[0] if found else 0) + len(source.structural)

    def _positions(self, query: str, extra: tuple[int, ...]) -> list[int]:
        found = [int(row[0]) for row in self._fetch(query)]
        return sorted([*found, *extra])

    def _fetch(self, query: str) -> list[tuple[Any, ...]]:
        if not self._reader.skip_invalid:  # the first bad record stops the run
            query = f"SELECT * FROM ({query}) ORDER BY 1 LIMIT 1"
        return [tuple(row) for row in self._con.execute(query).fetchall()]

    # -------------------------------------------------------------- the lead form

    def _lead_form(self, leads: Source) -> None:
        con = self._con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _form_events AS "
            "SELECT _pos AS lead_pos, unnest(list) AS e, generate_subscripts(list, 1) AS idx "
            "FROM (SELECT _pos, CAST(json_extract(_json, '$.events[*]') AS JSON[]) AS list "
            f"FROM {ident(leads.table)} WHERE json_type(_json, '$.events') = 'ARRAY')"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _form_event_rows AS SELECT *, "
            f"{_form_event_ok('e')} AS ok FROM (SELECT lead_pos, idx, e, "
            "row_number() OVER (ORDER BY lead_pos, idx) AS _ord, "
            "CASE WHEN json_type(e, '$.at') = 'VARCHAR' THEN sd_at(e ->> '$.at') END AS \"at\" "
            "FROM _form_events)"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _form_leads AS SELECT s._pos, "
            f"{_form_lead_id(self._reader.columns)} AS id, "
            f"{_form_lead_ok(self._reader.columns)} AND s._pos NOT IN "
            "(SELECT lead_pos FROM _form_event_rows WHERE NOT ok) AS ok, _json "
            f"FROM {ident(leads.table)} s"
        )
        self._reader.read = self._count(leads)
        flags = [
            _Flag(leads, int(p), "lead-form")
            for (p,) in self._fetch("SELECT _pos FROM _form_leads WHERE NOT ok ORDER BY _pos")
        ]
        self._report(flags, leads, None)
        self._form_views()

    def _form_views(self) -> None:
        con = self._con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _form_attributes AS "
            f"SELECT _pos, {_unique_id()} AS id, _json -> 'attributes' AS a FROM _form_leads WHERE ok"
        )
        keys = _object_keys(con, "_form_attributes", "a", "_pos")
        con.execute(
            "CREATE OR REPLACE TEMP VIEW leads AS SELECT id, _pos AS _ord"
            + "".join(f", {_member('a', k)} AS {ident(k)}" for k in keys)
            + " FROM _form_attributes"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _form_props AS SELECT l.id AS lead_id, r._ord, "
            "r.e ->> '$.type' AS type, r.\"at\", r.e -> 'props' AS p "
            "FROM _form_event_rows r JOIN _form_attributes l ON l._pos = r.lead_pos"
        )
        props = _object_keys(con, "_form_props", "p", "_ord")
        con.execute(
            'CREATE OR REPLACE TEMP VIEW events AS SELECT lead_id, _ord, type, "at"'
            + "".join(f", {_member('p', k)} AS {ident(k)}" for k in props)
            + " FROM _form_props"
        )

    # -------------------------------------------------------------- diagnostics

    def _report(self, flags: list[_Flag], leads: Source, events: Source | None) -> None:
        """Reject each flagged record with the Python reader's own diagnosis."""
        if not flags:
            return
        rows = _rows_for(flags)
        broken: dict[str, tuple[str, str]] = {}
        for flag in flags:
            row = rows[(flag.source.path, flag.position)]
            problem = self._problem(flag, row, broken)
            lead_id = _event_lead(row, self._reader.columns) if flag.kind == "event" else None
            if lead_id is not None and problem.code:
                broken.setdefault(lead_id, (problem.code, f"{row.raw.path}:{row.raw.line}"))
            if flag.source is leads:
                self._reader.rejected += 1
            else:
                self._reader.events_rejected += 1
            self._reader.reject(row.raw, problem)

    def _problem(
        self, flag: _Flag, row: readers.Row, broken: dict[str, tuple[str, str]]
    ) -> readers.RecordProblem:
        try:
            _diagnose(flag, row, broken, self._reader)
        except readers.RecordProblem as problem:
            return problem
        raise EngineMismatch(
            f"{row.raw.path}:{row.raw.line}: DuckDB found this record invalid but the Python "
            "reader accepts it; run with --engine python"
        )


def _diagnose(
    flag: _Flag, row: readers.Row, broken: dict[str, tuple[str, str]], reader: LeadReader
) -> None:
    """Raise the Python reader's RecordProblem for a flagged record."""
    columns, position = reader.columns, flag.position + 1
    if flag.kind == "lead-form":
        readers.lead_from_object(row.content(), columns, position)
    elif flag.kind == "event":
        fields = row.table_fields()
        readers.record_id(fields.get(columns.event_lead), columns.event_lead)
        readers.event_from_row(fields, columns)
    elif flag.kind == "orphan":
        assert flag.lead_id is not None
        raise readers.unknown_lead(flag.lead_id, reader.leads_path, columns)
    else:
        lead_id = readers.table_lead_id(row.table_fields(), columns, position)
        if lead_id in broken:
            raise readers.broken_lead(lead_id, *broken[lead_id], columns)


def _event_lead(row: readers.Row, columns: ColumnMap) -> str | None:
    """The lead id of an event row, when it has a valid one (also when the row is bad)."""
    try:
        return readers.record_id(row.table_fields().get(columns.event_lead), columns.event_lead)
    except readers.RecordProblem:
        return readers.readable_id(row, columns.event_lead)


def _rows_for(flags: list[_Flag]) -> dict[tuple[str, int], readers.Row]:
    """The flagged records read again by the Python reader, one pass per file."""
    wanted: dict[str, tuple[Source, set[int]]] = {}
    for flag in flags:
        wanted.setdefault(flag.source.path, (flag.source, set()))[1].add(flag.position)
    found: dict[tuple[str, int], readers.Row] = {}
    for path, (source, positions) in wanted.items():
        for position, row in iter_positions(source, positions):
            found[(path, position)] = row
    return found


def _unique_id() -> str:
    """A lead-form id that is unique: the events of two leads sharing an id stay apart (the
    Python engine scores them separately). A repeated id gets NUL and its position, which
    `lead_id` strips on the way out."""
    return (
        f"CASE WHEN count(*) OVER (PARTITION BY id) > 1 AND _pos > min(_pos) OVER (PARTITION BY id) "
        f"THEN id || {DUPLICATE_MARK_SQL} || CAST(_pos AS VARCHAR) ELSE id END"
    )


def _form_lead_id(columns: ColumnMap) -> str:
    if columns.numbered:
        return f"CAST(s.{POS} + 1 AS VARCHAR)"
    return id_text(_form_id(columns), "JSON")


def _form_lead_ok(columns: ColumnMap) -> str:
    j = "_json"
    keys = _lead_keys(columns)
    has_id = "TRUE" if columns.numbered else id_ok(_form_id(columns), "JSON")
    return (
        f"(coalesce(json_type({j}) = 'OBJECT', false) "
        f"AND len(list_filter(json_keys({j}), lambda k: NOT list_contains({keys}, k))) = 0 "
        f"AND {has_id} "
        f"AND coalesce(json_type({j}, '$.attributes'), 'NULL') IN ('NULL', 'OBJECT') "
        f"AND coalesce(json_type({j}, '$.events'), 'NULL') IN ('NULL', 'ARRAY'))"
    )


def _form_event_ok(e: str) -> str:
    return (
        f"(coalesce(json_type({e}) = 'OBJECT', false) "
        f"AND len(list_filter(json_keys({e}), lambda k: NOT list_contains({_EVENT_KEYS}, k))) = 0 "
        f"AND coalesce(json_type({e}, '$.type') = 'VARCHAR' AND length({e} ->> '$.type') >= 1, false) "
        'AND "at" IS NOT NULL '
        f"AND coalesce(json_type({e}, '$.props'), 'NULL') IN ('NULL', 'OBJECT'))"
    )


def _object_keys(con: duckdb.DuckDBPyConnection, table: str, column: str, order: str) -> list[str]:
    rows = con.execute(
        f"SELECT key FROM (SELECT unnest(json_keys({column})) AS key, {order} AS o "
        f"FROM {ident(table)} WHERE json_type({column}) = 'OBJECT') GROUP BY key ORDER BY min(o), key"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _member(column: str, key: str) -> str:
    """An object member as JSON; a JSON null stays a present null, as in the lead form's
    dicts (values.lookup stops at it), unlike a table's empty cell."""
    return f"json_extract({column}, {json_key_path(key)})"
