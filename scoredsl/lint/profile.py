"""A profile of lead data, for the data-aware lint rules (`scoredsl lint --leads FILE`).

The data is scanned once by DuckDB (CSV, Parquet and JSON Lines, tables or the lead form),
so files of millions of rows profile in seconds. The profile holds what the rules ask:

- the attribute keys, event types and event property keys the data has;
- for each key the ruleset reads: how many values are present, the distinct values with
  their counts (the most frequent DISTINCT_CAP, plus every literal the rules compare with),
  and how many values read as a number, a boolean or an instant (as spec 7 reads them);
- how many leads each rule fired for (`fire_counts`, the Python evaluator over a LeadReader).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..compile import CompiledRuleset
from ..engines.sqltext import call, column, duck, ident, sql, text
from ..engines.tally import fire_counts as engine_fire_counts
from ..extras import require
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from ..io.readers import LeadReader, data_format
from ..values import fold

if TYPE_CHECKING:  # DuckDB is the `duckdb` extra: imported when a profile is built
    import duckdb
    from sqlglot import exp

    from ..engines.tables import Source

DISTINCT_CAP = 200  # distinct values kept per key (most frequent first)

Parts = tuple[str, ...]


@dataclass(frozen=True)
class ValueCount:
    text: str  # the value as text, as a rule compares it
    count: int


@dataclass(frozen=True)
class ColumnStats:
    """The values of one key the ruleset reads."""

    key: str  # the key as the data names it (a nested path dotted)
    present: int  # records where it has a value (not absent, not null)
    distinct: int
    values: tuple[ValueCount, ...]  # most frequent first, then the wanted literals found
    numbers: int  # values that read as a number
    booleans: int  # ... as a boolean (true/false)
    timestamps: int  # ... as an instant
    others: int = 0  # lists and objects (no text a rule compares with `==`)

    @property
    def truncated(self) -> bool:
        """Whether some distinct values are not listed (the cap was reached)."""
        return self.distinct > len(self.values)

    def count(self, text: str) -> int:
        """How often the value occurs, compared case-insensitively (spec 7)."""
        key = fold(text)
        return sum(v.count for v in self.values if fold(v.text) == key)


@dataclass(frozen=True)
class Wanted:
    """What the ruleset reads: data keys (as path parts) and the literals compared with them."""

    attributes: Mapping[Parts, frozenset[str]] = field(default_factory=dict)
    properties: Mapping[Parts, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    leads_path: str
    events_path: str | None
    leads: int
    attribute_keys: tuple[str, ...]  # every key of the leads (nested: dotted), id excluded
    has_events: bool  # the data has events (rules on events are judged only then)
    event_types: Mapping[str, int]  # type -> events
    property_keys: tuple[str, ...]
    attributes: Mapping[Parts, ColumnStats]  # the wanted keys the data has
    properties: Mapping[Parts, ColumnStats]
    unchecked: frozenset[Parts] = frozenset()  # inside values the profile cannot look into
    fired: tuple[int, ...] | None = None  # leads each compiled rule fired for


# ---------------------------------------------------------------- building


def build_profile(
    leads: str | Path,
    events: str | Path | None = None,
    wanted: Wanted | None = None,
    columns: ColumnMap = DEFAULT_COLUMNS,
) -> Profile:
    """Scan the files once; raises DiagnosticError when a file cannot be read."""
    require("duckdb", "lint --leads")
    from ..engines.tables import connect

    wanted = wanted or Wanted()
    con = connect()
    try:
        if events is None and data_format(leads) == "jsonl":
            return _lead_form(con, str(leads), wanted)
        return _tables(con, str(leads), None if events is None else str(events), wanted, columns)
    finally:
        con.close()


def _tables(
    con: duckdb.DuckDBPyConnection,
    leads: str,
    events: str | None,
    wanted: Wanted,
    columns: ColumnMap,
) -> Profile:
    from ..engines.tables import scan

    lead_src = scan(con, leads, "_profile_leads", {})
    attribute_keys = [k for k in lead_src.columns if k != columns.id]
    cells, unchecked = _table_cells(lead_src, attribute_keys, wanted.attributes)
    attributes = _stats(con, lead_src.table, cells, wanted.attributes)
    types: dict[str, int] = {}
    property_keys: list[str] = []
    properties: dict[Parts, ColumnStats] = {}
    if events is not None:
        event_src = scan(con, events, "_profile_events", {})
        reserved = {columns.event_lead, columns.event_type, columns.event_at}
        property_keys = [k for k in event_src.columns if k not in reserved]
        types = _event_types(con, event_src, columns.event_type)
        prop_cells, prop_unchecked = _table_cells(event_src, property_keys, wanted.properties)
        properties = _stats(con, event_src.table, prop_cells, wanted.properties)
        unchecked |= prop_unchecked
    return Profile(
        leads,
        events,
        _count(con, lead_src.table),
        tuple(attribute_keys),
        bool(types),
        types,
        tuple(property_keys),
        attributes,
        properties,
        frozenset(unchecked),
    )


def _lead_form(con: duckdb.DuckDBPyConnection, leads: str, wanted: Wanted) -> Profile:
    """JSON Lines leads `{"id", "attributes", "events"}`: nested objects, events inside."""
    from ..engines.tables import scan

    src = scan(con, leads, "_profile_leads", {})
    attrs = _member(src, "attributes")
    if "events" in src.columns:
        events = duck(_EVENTS, v=column("events"), t=ident(src.table))
        con.execute(sql(events))
    else:
        con.execute(_NO_EVENTS)
    shape = _structure(con, src.table, attrs)
    props = call("json_extract", duck("e"), text("$.props"))
    prop_shape = _structure(con, "_profile_events", props)
    cells, unchecked = _json_cells(attrs, shape, wanted.attributes)
    prop_cells, prop_unchecked = _json_cells(props, prop_shape, wanted.properties)
    types = con.execute(
        "SELECT json_extract_string(e, '$.type') AS t, count(*) FROM _profile_events "
        "WHERE t IS NOT NULL GROUP BY t ORDER BY t"
    ).fetchall()
    return Profile(
        leads,
        None,
        _count(con, src.table),
        tuple(_flatten(shape)),
        bool(types),
        {str(t): int(n) for t, n in types},
        tuple(_flatten(prop_shape)),
        _stats(con, src.table, cells, wanted.attributes),
        _stats(con, "_profile_events", prop_cells, wanted.properties),
        frozenset(unchecked | prop_unchecked),
    )


_EVENTS = (
    "CREATE OR REPLACE TEMP TABLE _profile_events AS SELECT unnest(json_extract(__v__, '$[*]')) "
    "AS e FROM __t__ WHERE json_type(__v__) = 'ARRAY'"
)
_NO_EVENTS = (
    "CREATE OR REPLACE TEMP TABLE _profile_events AS SELECT CAST(NULL AS JSON) AS e WHERE false"
)


def _member(src: Source, key: str) -> exp.Expr:
    """A top-level member of the lead form as a JSON expression (NULL when absent)."""
    return column(key) if key in src.columns else duck("CAST(NULL AS JSON)")


def _structure(con: duckdb.DuckDBPyConnection, name: str, expr: exp.Expr) -> Any:
    """The union of the objects' keys, nested (DuckDB's json_group_structure)."""
    query = duck(
        "SELECT json_group_structure(__v__) FROM __t__ WHERE json_type(__v__) = 'OBJECT'",
        v=expr,
        t=ident(name),
    )
    row = con.execute(sql(query)).fetchone()
    return json.loads(row[0]) if row and row[0] is not None else {}


def _flatten(shape: Any, prefix: str = "") -> list[str]:
    if not isinstance(shape, dict):
        return []
    keys: list[str] = []
    for key, inner in shape.items():
        keys.append(prefix + key)
        keys.extend(_flatten(inner, f"{prefix}{key}."))
    return keys


def _event_types(con: duckdb.DuckDBPyConnection, src: Source, type_column: str) -> dict[str, int]:
    if type_column not in src.columns:
        return {}
    value = _text_of(column(type_column), src.columns[type_column])[0]
    query = duck(
        "SELECT t, count(*) FROM (SELECT __v__ AS t FROM __t__) "
        "WHERE t IS NOT NULL GROUP BY t ORDER BY t",
        v=value,
        t=ident(src.table),
    )
    rows = con.execute(sql(query)).fetchall()
    return {str(t): int(n) for t, n in rows}


def _count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    row = con.execute(sql(duck("SELECT count(*) FROM __t__", t=ident(name)))).fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- cells: a key's value as text


@dataclass(frozen=True)
class _Cell:
    parts: Parts
    key: str
    text: exp.Expr  # the value as VARCHAR, NULL when absent
    kind: exp.Expr  # 'string', 'number', 'boolean', 'timestamp' or 'other'


_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
_JSON_TEXT = (
    "CASE json_type(__v__) WHEN 'VARCHAR' THEN json_extract_string(__v__, '$') "
    "WHEN 'NULL' THEN NULL ELSE CAST(__v__ AS VARCHAR) END"
)
_JSON_KIND = (
    "CASE WHEN json_type(__v__) = 'VARCHAR' THEN 'string' WHEN json_type(__v__) = 'BOOLEAN' "
    "THEN 'boolean' WHEN json_type(__v__) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') "
    "THEN 'number' ELSE 'other' END"
)


def _text_of(expr: exp.Expr, kind: str) -> tuple[exp.Expr, exp.Expr]:
    """(text, kind) SQL expressions of a column of a DuckDB type."""
    if kind == "VARCHAR":
        return expr, text("string")
    if kind == "JSON":
        return _json_text(expr)
    as_text = duck("CAST(__v__ AS VARCHAR)", v=expr)
    if kind == "BOOLEAN":
        return as_text, text("boolean")
    if kind.lstrip("U").startswith(_NUMERIC):
        return as_text, text("number")
    if kind.startswith(("TIMESTAMP", "DATE")):
        return as_text, text("timestamp")
    return as_text, text("other")


def _json_text(expr: exp.Expr) -> tuple[exp.Expr, exp.Expr]:
    return duck(_JSON_TEXT, v=expr), duck(_JSON_KIND, v=expr)


def _table_cells(
    src: Source, keys: list[str], wanted: Iterable[Parts]
) -> tuple[list[_Cell], set[Parts]]:
    """Each wanted path as a table column: the flat key `a.b` first, else a JSON column `a`."""
    cells: list[_Cell] = []
    unchecked: set[Parts] = set()
    for parts in wanted:
        flat = ".".join(parts)
        if flat in keys:
            value, kind = _text_of(column(flat), src.columns[flat])
            cells.append(_Cell(parts, flat, value, kind))
            continue
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            if head not in keys:
                continue
            if src.columns[head] == "JSON":
                member = call("json_extract", column(head), _path(parts[cut:]))
                value, kind = _json_text(member)
                cells.append(_Cell(parts, flat, value, kind))
            else:  # a struct or map column: its inside is not profiled
                unchecked.add(parts)
            break
    return cells, unchecked


def _json_cells(
    json_value: exp.Expr, shape: Any, wanted: Iterable[Parts]
) -> tuple[list[_Cell], set[Parts]]:
    """Each wanted path inside a JSON object column, resolved as `values.lookup` does."""
    cells: list[_Cell] = []
    unchecked: set[Parts] = set()
    for parts in wanted:
        keys = _resolve(shape, parts)
        if keys is None:
            if _opaque(shape, parts):
                unchecked.add(parts)
            continue
        value, kind = _json_text(call("json_extract", json_value, _path(keys)))
        cells.append(_Cell(parts, ".".join(keys), value, kind))
    return cells, unchecked


def _resolve(shape: Any, parts: Parts) -> tuple[str, ...] | None:
    """The object keys a path reads: the longest flat key first (`"company.size"`)."""
    if not isinstance(shape, dict):
        return None
    for cut in range(len(parts), 0, -1):
        key = ".".join(parts[:cut])
        if key not in shape:
            continue
        if cut == len(parts):
            return (key,)
        inner = _resolve(shape[key], parts[cut:])
        if inner is not None:
            return (key, *inner)
    return None


def _opaque(shape: Any, parts: Parts) -> bool:
    """Whether the path goes into a value of unknown shape (mixed types: "JSON")."""
    if not isinstance(shape, dict) or not parts:
        return bool(shape == "JSON")
    inner = shape.get(parts[0])
    return inner is not None and _opaque(inner, parts[1:])


# ---------------------------------------------------------------- statistics, one scan


_VALUES = (
    "CREATE OR REPLACE TEMP TABLE _profile_values AS SELECT c, t, k, count(*) AS n FROM "
    "(SELECT unnest(__items__, recursive := true) FROM __t__) WHERE t IS NOT NULL GROUP BY c, t, k"
)
# How many values read as a number, a boolean, an instant (spec 7), and lists or objects.
_TOTALS = (
    "SELECT c, sum(n), count(DISTINCT t), "
    "coalesce(sum(n) FILTER (k = 'number' OR (k = 'string' AND "
    "isfinite(TRY_CAST(trim(t) AS DOUBLE)))), 0), "
    "coalesce(sum(n) FILTER (k = 'boolean' OR (k = 'string' AND "
    "lower(trim(t)) IN ('true', 'false'))), 0), "
    "coalesce(sum(n) FILTER (k = 'timestamp' OR (k = 'string' AND sd_at(t) IS NOT NULL)), 0), "
    "coalesce(sum(n) FILTER (k = 'other'), 0) FROM _profile_values GROUP BY c"
)
_TOP_VALUES = (
    "SELECT c, t, n FROM (SELECT c, t, sum(n) AS n, row_number() OVER "
    "(PARTITION BY c ORDER BY sum(n) DESC, t) AS rank FROM _profile_values GROUP BY c, t) "
    "WHERE rank <= __cap__ OR (c, lower(t)) IN (SELECT c, lit FROM _profile_wanted) "
    "ORDER BY c, rank"
)


def _stats(
    con: duckdb.DuckDBPyConnection,
    table_name: str,
    cells: list[_Cell],
    wanted: Mapping[Parts, frozenset[str]],
) -> dict[Parts, ColumnStats]:
    """Counts per distinct value of every cell, from one GROUP BY over the table."""
    from sqlglot import exp

    if not cells:
        return {}
    items = exp.Array(
        expressions=[
            exp.Struct(
                expressions=[
                    exp.PropertyEQ(this=text("c"), expression=exp.Literal.number(i)),
                    exp.PropertyEQ(
                        this=text("t"), expression=duck("CAST(__v__ AS VARCHAR)", v=c.text)
                    ),
                    exp.PropertyEQ(this=text("k"), expression=c.kind),
                ]
            )
            for i, c in enumerate(cells)
        ]
    )
    con.execute(sql(duck(_VALUES, items=items, t=ident(table_name))))
    con.execute("CREATE OR REPLACE TEMP TABLE _profile_wanted (c INTEGER, lit VARCHAR)")
    literals = [(i, lit.lower()) for i, c in enumerate(cells) for lit in wanted.get(c.parts, ())]
    if literals:
        con.executemany("INSERT INTO _profile_wanted VALUES (?, ?)", literals)
    totals = {int(row[0]): row[1:] for row in con.execute(_TOTALS).fetchall()}
    values: dict[int, list[ValueCount]] = {}
    top = duck(_TOP_VALUES, cap=exp.Literal.number(DISTINCT_CAP))
    for c, t, n in con.execute(sql(top)).fetchall():
        values.setdefault(int(c), []).append(ValueCount(str(t), int(n)))
    stats: dict[Parts, ColumnStats] = {}
    for i, cell in enumerate(cells):
        present, distinct, numbers, booleans, instants, others = totals.get(i, (0,) * 6)
        stats[cell.parts] = ColumnStats(
            cell.key,
            int(present),
            int(distinct),
            tuple(values.get(i, ())),
            int(numbers),
            int(booleans),
            int(instants),
            int(others),
        )
    return stats


def _path(keys: Iterable[str]) -> exp.Expr:
    """A JSON path literal naming object keys exactly (dots, spaces and quotes included)."""
    escaped = (k.replace("\\", "\\\\").replace('"', '\\"') for k in keys)
    return text("$" + "".join('."' + k + '"' for k in escaped))


# ---------------------------------------------------------------- fire counts


def fire_counts(compiled: CompiledRuleset, reader: LeadReader, as_of: datetime) -> tuple[int, ...]:
    """How many leads each rule fired for (explain's notion of fired), counted as --stats does."""
    return tuple(engine_fire_counts(compiled, reader, as_of))
