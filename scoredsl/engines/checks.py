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
from sqlglot import exp

from ..io import readers
from ..io.columns import ColumnMap
from ..io.files import MAX_RECORD_BYTES
from ..io.readers import LeadReader
from ..sql.dialects import SPACE_CLASS
from ..sql.schema import RESERVED_EVENT_COLUMNS, RESERVED_LEAD_COLUMNS
from ..timeutil import MAX_EPOCH_MICROS, MIN_EPOCH_MICROS
from .base import EngineUnavailable
from .sqltext import call, column, duck, ident, json_key_path, sql, table, text
from .tables import Source, connection_folder, iter_positions, object_keys, scan

_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"}
_INTEGER |= {"UINTEGER", "UBIGINT", "UHUGEINT"}
_NANOSECONDS = {"TIMESTAMP_NS", "TIMESTAMPTZ_NS"}
_TIMESTAMP = {"TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S", *_NANOSECONDS}
_TIMESTAMP |= {"TIMESTAMP WITH TIME ZONE", "DATE"}
_EPOCH = {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE"}  # microseconds since 1970 (UTC)
_EVENT_KEYS = ("type", "at", "props")
_PROP = "p:"  # _event_rows' name for an event property column (keeps `ok`, `_pos`... free)
DUPLICATE_MARK = "\x00"


def duplicate_mark() -> exp.Expr:
    """DUPLICATE_MARK in SQL."""
    return exp.func("chr", exp.Literal.number(0))


class EngineMismatch(Exception):
    """SQL and the Python reader disagree about a record: a bug, or a file DuckDB reads
    differently (the message names the record and suggests `--engine python`)."""


# ---------------------------------------------------------------- typed values

_NULL_TEXT = "CAST(NULL AS VARCHAR)"
# An integer's text as Python's json wrote it in the scanned file (tables._canonical_jsonl):
# str() of the int, so 12345678901234567890123 keeps its digits. A float's text is DuckDB's
# shortest repr, as Python's str() writes it (1e+22).
_JSON_ID = (
    "CASE WHEN json_type(__c__) IN ('VARCHAR', 'BIGINT', 'UBIGINT') "
    "OR (json_type(__c__) = 'DOUBLE' AND regexp_full_match(__raw__, '-?[0-9]+')) THEN __raw__ "
    "WHEN json_type(__c__) = 'DOUBLE' THEN CAST(CAST(__c__ AS DOUBLE) AS VARCHAR) END"
)
_ID_OK = (
    "coalesce(NOT (CASE WHEN unicode(__v__) BETWEEN 33 AND 126 THEN false "
    "ELSE regexp_full_match(__v__, __spaces__) END) AND NOT contains(__v__, chr(0)), false)"
)


def _json_text(c: exp.Expr) -> exp.Expr:
    return duck("__c__ ->> '$'", c=c)


def id_text(c: exp.Expr, kind: str) -> exp.Expr:
    """An id as text (a number is read as its text, spec 10); NULL when it cannot be one."""
    if kind == "VARCHAR":
        return c
    if kind == "JSON":
        return duck(_JSON_ID, c=c, raw=_json_text(c))
    if kind in _INTEGER:
        return exp.cast(c, "VARCHAR")
    if kind in ("DOUBLE", "FLOAT"):
        return duck("CAST(CAST(__c__ AS DOUBLE) AS VARCHAR)", c=c)
    return duck(_NULL_TEXT)


def id_ok(c: exp.Expr, kind: str) -> exp.Expr:
    """readers.record_id's test: not blank (Python's whitespace), no NUL character. An id
    that starts with a visible ASCII character is not blank: the regex (10x slower) runs
    only for the others."""
    return duck(_ID_OK, v=id_text(c, kind), spaces=text(SPACE_CLASS + "*"))


def type_text(c: exp.Expr, kind: str) -> exp.Expr:
    if kind == "VARCHAR":
        return c
    if kind == "JSON":
        return duck("CASE WHEN json_type(__c__) = 'VARCHAR' THEN __t__ END", c=c, t=_json_text(c))
    return duck(_NULL_TEXT)


_NS_FLOOR = "make_timestamp((epoch_ns(__c__) - ((epoch_ns(__c__) % 1000) + 1000) % 1000) // 1000)"


def at_value(c: exp.Expr, kind: str) -> exp.Expr:
    """`at` as a UTC TIMESTAMP (spec 9), NULL when absent or not an instant."""
    if kind == "VARCHAR":
        return duck("sd_at(__c__)", c=c)
    if kind == "JSON":
        return duck(
            "CASE WHEN json_type(__c__) = 'VARCHAR' THEN sd_at(__t__) END", c=c, t=_json_text(c)
        )
    if kind in _NANOSECONDS:  # floored to microseconds as spec 9 cuts; CAST would round
        return duck(_NS_FLOOR, c=c)
    if kind in _EPOCH:  # UTC micros: CAST from a zoned type is a slow ICU conversion
        micros = duck("epoch_us(__c__)", c=c)
        return duck(
            "CASE WHEN __ok__ THEN make_timestamp(__us__) END",
            ok=_micros_in_years(micros),
            us=micros,
        )
    if kind in _TIMESTAMP:
        return exp.cast(c, "TIMESTAMP")
    return duck("CAST(NULL AS TIMESTAMP)")


def _micros_in_years(micros: exp.Expr) -> exp.Expr:
    return duck(
        "__us__ BETWEEN __lo__ AND __hi__",
        us=micros,
        lo=exp.Literal.number(MIN_EPOCH_MICROS),
        hi=exp.Literal.number(MAX_EPOCH_MICROS),
    )


_IN_YEARS = (
    "coalesce(CAST(__c__ AS TIMESTAMP) BETWEEN TIMESTAMP '0001-01-01' "
    "AND TIMESTAMP '9999-12-31 23:59:59.999999', true)"
)


def in_years(source: Source) -> exp.Expr:
    """Every typed instant of the row in the years 1 to 9999, the instants Python holds (a
    Parquet DATE of year 0000 is a bad record on both engines: io.parquet_rows.parquet_row)."""
    tests = [
        # infinity has no epoch (NULL): out of the years, unlike an absent value
        duck(
            "coalesce(__ok__, __c__ IS NULL)",
            ok=_micros_in_years(duck("epoch_us(__c__)", c=column(name))),
            c=column(name),
        )
        if kind in _EPOCH
        else duck(_IN_YEARS, c=column(name))
        for name, kind in source.columns.items()
        if kind in _TIMESTAMP
    ]
    return exp.paren(exp.and_(*tests) if tests else exp.true(), copy=False)


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


def _form_id(columns: ColumnMap) -> exp.Expr:
    """A lead-form record's id as JSON, under the mapped key."""
    return exp.paren(duck("_json -> __k__", k=json_key_path(columns.id)), copy=False)


def _lead_keys(columns: ColumnMap) -> exp.Expr:
    return exp.Array(expressions=[text(key) for key in readers.lead_keys(columns)])


def _typed(source: Source, name: str) -> tuple[exp.Expr, str]:
    """A column and its type; a column no JSON line has is NULL (absent everywhere)."""
    if name in source.columns:
        return column(name), source.columns[name]
    return duck(_NULL_TEXT), "VARCHAR"


def _run(con: duckdb.DuckDBPyConnection, tree: exp.Expr) -> duckdb.DuckDBPyConnection:
    return con.execute(sql(tree))


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


_BROKEN = (
    "CREATE OR REPLACE TEMP TABLE _broken AS "
    "SELECT DISTINCT lead_id AS id FROM _event_rows WHERE id_ok AND NOT ok"
)
_NONE_BROKEN = "CREATE OR REPLACE TEMP TABLE _broken AS SELECT NULL::VARCHAR AS id LIMIT 0"


class InputLoader:
    """Scans the job's files, validates them and creates the `leads` and `events` views.

    The views read the files when queried, so the temp files some of them read live as
    long as the connection: removed by `close` (after its last query) or when the
    connection is collected."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reader: LeadReader) -> None:
        self._con = con
        self._reader = reader
        self.lead_form = (
            reader.events_path is None and readers.data_format(reader.leads_path) == "jsonl"
        )
        self._scratch, self._remove = connection_folder(con)

    def close(self) -> None:
        self._remove()

    def load(self) -> None:
        reader = self._reader
        reader.open_rejects()
        columns = reader.columns
        required = readers.lead_columns(columns)
        folder = self._scratch
        leads = scan(
            self._con, reader.leads_path, "_src_leads", required, folder, keys=not self.lead_form
        )
        if self.lead_form:
            self._lead_form(leads)
            return
        events = None
        if reader.events_path is not None:
            required = readers.event_columns(columns)
            events = scan(self._con, reader.events_path, "_src_events", required, folder)
        self._tables(leads, events)

    # -------------------------------------------------------------- tables

    def _tables(self, leads: Source, events: Source | None) -> None:
        con, columns = self._con, self._reader.columns
        attributes = _attributes(leads, columns)
        _no_clash(attributes, RESERVED_LEAD_COLUMNS, "leads")
        if events is not None:
            _no_clash(_properties(events, columns), RESERVED_EVENT_COLUMNS, "events")
        if columns.numbered:  # `@row`: the id is the record's 1-based position in the file
            lead_ok = exp.and_(leads.shape_ok, in_years(leads))
            lead_id = duck("CAST(_pos + 1 AS VARCHAR)")
        else:
            typed = _typed(leads, columns.id)
            lead_ok = exp.and_(leads.shape_ok, in_years(leads), id_ok(*typed))
            lead_id = id_text(*typed)
        # The leads are few (one row a lead): their ids and checks are kept in a table.
        lead_ids = duck(
            "CREATE OR REPLACE TEMP TABLE _lead_ids AS SELECT _pos, __ok__ AS ok, __id__ AS id "
            "FROM __t__",
            ok=lead_ok,
            id=lead_id,
            t=ident(leads.table),
        )
        _run(con, lead_ids)
        self._reader.read = self._count(leads)
        counts = _EventCounts()
        if events is not None:
            self._event_view(events)
            counts = self._event_counts(events)
            self._reader.events_read = counts.read
        con.execute(_BROKEN if counts.bad else _NONE_BROKEN)
        flags = self._event_flags(events) if events is not None and counts.flagged else []
        flags += self._lead_flags(leads)
        if counts.orphans:
            assert events is not None
            flags += self._orphan_flags(events)
        self._report(flags, leads, events)
        view = duck(
            "CREATE OR REPLACE TEMP VIEW leads AS SELECT i.id, s._pos AS _ord FROM __t__ s "
            "JOIN _lead_ids i USING (_pos) WHERE i.ok AND i.id NOT IN (SELECT id FROM _broken)",
            t=ident(leads.table),
        )
        view.expression.select(*(column(n, "s") for n in attributes), copy=False)
        _run(con, view)
        self._events_view(events, filtered=counts.bad > 0)

    def _event_view(self, events: Source) -> None:
        """Each event row typed and checked, as a view: nothing is copied; the count
        query and the scoring query each read only the columns they need from the file."""
        columns = self._reader.columns
        lead = _typed(events, columns.event_lead)
        view = duck(
            "CREATE OR REPLACE TEMP VIEW _event_rows AS SELECT *, "
            '(id_ok AND _in_years AND coalesce(length(type) >= 1, false) AND "at" IS NOT NULL) '
            "AS ok FROM (SELECT _pos, __lead__ AS lead_id, __shape__ AND __id_ok__ AS id_ok, "
            '__years__ AS _in_years, __type__ AS type, __at__ AS "at" FROM __t__)',
            lead=id_text(*lead),
            shape=events.shape_ok,
            id_ok=id_ok(*lead),
            years=in_years(events),
            type=type_text(*_typed(events, columns.event_type)),
            at=at_value(*_typed(events, columns.event_at)),
            t=ident(events.table),
        )
        inner = view.find(exp.Subquery)
        assert inner is not None
        inner.this.select(
            *(exp.alias_(column(n), ident(_PROP + n)) for n in _properties(events, columns)),
            copy=False,
        )
        _run(self._con, view)

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
        view = duck(
            "CREATE OR REPLACE TEMP VIEW events AS "
            'SELECT e.lead_id, e._pos AS _ord, e.type, e."at" FROM _event_rows e'
        )
        select = view.expression.select(
            *(
                exp.alias_(column(_PROP + n, "e"), ident(n))
                for n in _properties(events, self._reader.columns)
            ),
            copy=False,
        )
        if filtered:
            select.where("e.ok", copy=False)
        _run(self._con, view)

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
        query = exp.select(exp.Count(this=exp.Star())).from_(table(source.table))
        found = _run(self._con, query).fetchone()
        return int(found[0] if found else 0) + len(source.structural)

    def _positions(self, query: str, extra: tuple[int, ...]) -> list[int]:
        found = [int(row[0]) for row in self._fetch(query)]
        return sorted([*found, *extra])

    def _fetch(self, query: str) -> list[tuple[Any, ...]]:
        found = duck(query)
        if not self._reader.skip_invalid:  # the first bad record stops the run
            inner = exp.Subquery(this=found)
            found = exp.select(exp.Star()).from_(inner).order_by(exp.Literal.number(1)).limit(1)
        return [tuple(row) for row in _run(self._con, found).fetchall()]

    # -------------------------------------------------------------- the lead form

    def _lead_form(self, leads: Source) -> None:
        """The lead form in views over the scanned lines (nothing copied): one scan checks
        each lead with its events (a lead with a bad event is a bad lead) into a table of
        one small row a lead; the scoring query reads the lines again for the values."""
        con, columns = self._con, self._reader.columns
        source = ident(leads.table)
        at = duck(_FORM_AT, e=exp.column("e"))
        step = exp.Literal.number(_EVENTS_A_LINE)
        _run(con, duck(_FORM_EVENT_ROWS, t=source, step=step, at=at, list=duck(_EVENT_LIST)))
        checks = duck(
            _FORM_LEADS,
            id=_form_lead_id(columns),
            ok=_form_lead_ok(columns),
            events_ok=_form_events_ok(),
            t=source,
        )
        _run(con, checks)
        self._reader.read = self._count_table("_form_leads")
        flags = [
            _Flag(leads, int(p), "lead-form")
            for (p,) in self._fetch("SELECT _pos FROM _form_leads WHERE NOT ok ORDER BY _pos")
        ]
        self._report(flags, leads, None)
        self._form_views(source)

    def _count_table(self, name: str) -> int:
        found = _run(self._con, exp.select(exp.Count(this=exp.Star())).from_(table(name)))
        row = found.fetchone()
        return int(row[0]) if row else 0

    def _form_views(self, source: exp.Identifier) -> None:
        con = self._con
        _run(con, duck(_FORM_IDS, id=_unique_id()))
        _run(con, duck(_FORM_ATTRIBUTES, t=source))
        keys = object_keys(con, "_form_attributes", exp.column("a"), exp.column("_pos"))
        leads = duck(
            "CREATE OR REPLACE TEMP VIEW leads AS SELECT id, _pos AS _ord FROM _form_attributes"
        )
        leads.expression.select(*(exp.alias_(_member("a", k), ident(k)) for k in keys), copy=False)
        _run(con, leads)
        _run(con, duck(_FORM_PROPS))
        props = object_keys(con, "_form_props", exp.column("p"), exp.column("_ord"))
        events = duck(
            'CREATE OR REPLACE TEMP VIEW events AS SELECT lead_id, _ord, type, "at" FROM _form_props'
        )
        events.expression.select(
            *(exp.alias_(_member("p", k), ident(k)) for k in props), copy=False
        )
        _run(con, events)

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


# An event's `_ord`: its line's position times this, plus its index in the lead's list.
# A line holds at most MAX_RECORD_BYTES bytes, so fewer events than that: the numbers keep
# the file order without a sort (row_number() OVER (ORDER BY ...) would hold every event).
_EVENTS_A_LINE = MAX_RECORD_BYTES
_EVENT_LIST = "CAST(json_extract(_json, '$.events[*]') AS JSON[])"
_FORM_AT = "CASE WHEN json_type(__e__, '$.at') = 'VARCHAR' THEN sd_at(__e__ ->> '$.at') END"
_FORM_EVENT_ROWS = (
    "CREATE OR REPLACE TEMP VIEW _form_event_rows AS "
    "SELECT lead_pos, lead_pos * __step__ + idx AS _ord, e, "
    '__at__ AS "at" FROM (SELECT _pos AS lead_pos, unnest(list) AS e, '
    "generate_subscripts(list, 1) AS idx "
    "FROM (SELECT _pos, __list__ AS list "
    "FROM __t__ WHERE json_type(_json, '$.events') = 'ARRAY'))"
)
# The checks of every lead: a small table (position, id, ok), one row a lead.
_FORM_LEADS = (
    "CREATE OR REPLACE TEMP TABLE _form_leads AS SELECT s._pos, __id__ AS id, "
    "__ok__ AND __events_ok__ AS ok FROM __t__ s"
)
_FORM_IDS = (
    "CREATE OR REPLACE TEMP TABLE _form_ids AS SELECT _pos, __id__ AS id FROM _form_leads WHERE ok"
)
_FORM_ATTRIBUTES = (
    "CREATE OR REPLACE TEMP VIEW _form_attributes AS "
    "SELECT s._pos, i.id, s._json -> 'attributes' AS a FROM __t__ s JOIN _form_ids i USING (_pos)"
)
_FORM_PROPS = (
    "CREATE OR REPLACE TEMP VIEW _form_props AS SELECT l.id AS lead_id, r._ord, "
    "r.e ->> '$.type' AS type, r.\"at\", r.e -> 'props' AS p "
    "FROM _form_event_rows r JOIN _form_ids l ON l._pos = r.lead_pos"
)


def _unique_id() -> exp.Expr:
    """A lead-form id that is unique: the events of two leads sharing an id stay apart (the
    Python engine scores them separately). A repeated id gets NUL and its position, which
    `lead_id` strips on the way out."""
    return duck(
        "CASE WHEN count(*) OVER (PARTITION BY id) > 1 AND _pos > min(_pos) OVER "
        "(PARTITION BY id) THEN id || chr(0) || CAST(_pos AS VARCHAR) ELSE id END"
    )


def _form_lead_id(columns: ColumnMap) -> exp.Expr:
    if columns.numbered:
        return duck("CAST(s._pos + 1 AS VARCHAR)")
    return id_text(_form_id(columns), "JSON")


_FORM_LEAD_OK = (
    "coalesce(json_type(_json) = 'OBJECT', false) "
    "AND len(list_filter(json_keys(_json), lambda k: NOT list_contains(__keys__, k))) = 0 "
    "AND __id_ok__ "
    "AND coalesce(json_type(_json, '$.attributes'), 'NULL') IN ('NULL', 'OBJECT') "
    "AND coalesce(json_type(_json, '$.events'), 'NULL') IN ('NULL', 'ARRAY')"
)
_FORM_EVENT_OK = (
    "coalesce(json_type(__e__) = 'OBJECT', false) "
    "AND len(list_filter(json_keys(__e__), lambda k: NOT list_contains(__keys__, k))) = 0 "
    "AND coalesce(json_type(__e__, '$.type') = 'VARCHAR' AND length(__e__ ->> '$.type') >= 1, "
    "false) AND __at__ IS NOT NULL "
    "AND coalesce(json_type(__e__, '$.props'), 'NULL') IN ('NULL', 'OBJECT')"
)
# Every event of the lead's list is good: checked in the lead's own row, no join.
_FORM_EVENTS_OK = (
    "coalesce(json_type(_json, '$.events') <> 'ARRAY' "
    "OR len(list_filter(__list__, lambda e: NOT (__ok__))) = 0, true)"
)


def _form_lead_ok(columns: ColumnMap) -> exp.Expr:
    has_id = exp.true() if columns.numbered else id_ok(_form_id(columns), "JSON")
    return duck(_FORM_LEAD_OK, keys=_lead_keys(columns), id_ok=has_id)


def _form_event_ok(e: exp.Expr) -> exp.Expr:
    keys = exp.Array(expressions=[text(key) for key in _EVENT_KEYS])
    return duck(_FORM_EVENT_OK, e=e, keys=keys, at=duck(_FORM_AT, e=e))


def _form_events_ok() -> exp.Expr:
    return duck(_FORM_EVENTS_OK, ok=_form_event_ok(exp.column("e")), list=duck(_EVENT_LIST))


def _member(json_column: str, key: str) -> exp.Expr:
    """An object member as JSON; a JSON null stays a present null, as in the lead form's
    dicts (values.lookup stops at it), unlike a table's empty cell."""
    return call("json_extract", exp.column(json_column), json_key_path(key))
