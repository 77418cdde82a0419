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
from ..engines.sqltext import ident
from ..engines.tally import fire_counts as engine_fire_counts
from ..extras import require
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from ..io.readers import LeadReader, data_format
from ..values import fold

if TYPE_CHECKING:  # DuckDB is the `duckdb` extra: imported when a profile is built
    import duckdb

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
    events = (
        f"SELECT unnest(json_extract({ident('events')}, '$[*]')) AS e FROM {ident(src.table)} "
        f"WHERE json_type({ident('events')}) = 'ARRAY'"
        if "events" in src.columns
        else "SELECT CAST(NULL AS JSON) AS e WHERE false"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _profile_events AS {events}")
    shape = _structure(con, src.table, attrs)
    props = "json_extract(e, '$.props')"
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


def _member(src: Source, key: str) -> str:
    """A top-level member of the lead form as a JSON expression (NULL when absent)."""
    return ident(key) if key in src.columns else "CAST(NULL AS JSON)"


def _structure(con: duckdb.DuckDBPyConnection, table: str, expr: str) -> Any:
    """The union of the objects' keys, nested (DuckDB's json_group_structure)."""
    row = con.execute(
        f"SELECT json_group_structure({expr}) FROM {ident(table)} "
        f"WHERE json_type({expr}) = 'OBJECT'"
    ).fetchone()
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
    column = _text_of(ident(type_column), src.columns[type_column])[0]
    rows = con.execute(
        f"SELECT t, count(*) FROM (SELECT {column} AS t FROM {ident(src.table)}) "
        "WHERE t IS NOT NULL GROUP BY t ORDER BY t"
    ).fetchall()
    return {str(t): int(n) for t, n in rows}


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {ident(table)}").fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- cells: a key's value as text


@dataclass(frozen=True)
class _Cell:
    parts: Parts
    key: str
    text: str  # SQL: the value as VARCHAR, NULL when absent
    kind: str  # SQL: 'string', 'number', 'boolean', 'timestamp' or 'other'


_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
_JSON_NUMBERS = "('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')"


def _text_of(expr: str, kind: str) -> tuple[str, str]:
    """(text, kind) SQL expressions of a column of a DuckDB type."""
    if kind == "VARCHAR":
        return expr, "'string'"
    if kind == "JSON":
        return _json_text(expr)
    if kind == "BOOLEAN":
        return f"CAST({expr} AS VARCHAR)", "'boolean'"
    if kind.lstrip("U").startswith(_NUMERIC):
        return f"CAST({expr} AS VARCHAR)", "'number'"
    if kind.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({expr} AS VARCHAR)", "'timestamp'"
    return f"CAST({expr} AS VARCHAR)", "'other'"


def _json_text(expr: str) -> tuple[str, str]:
    t = f"json_type({expr})"
    text = (
        f"CASE {t} WHEN 'VARCHAR' THEN json_extract_string({expr}, '$') "
        f"WHEN 'NULL' THEN NULL ELSE CAST({expr} AS VARCHAR) END"
    )
    kind = (
        f"CASE WHEN {t} = 'VARCHAR' THEN 'string' WHEN {t} = 'BOOLEAN' THEN 'boolean' "
        f"WHEN {t} IN {_JSON_NUMBERS} THEN 'number' ELSE 'other' END"
    )
    return text, kind


def _table_cells(
    src: Source, keys: list[str], wanted: Iterable[Parts]
) -> tuple[list[_Cell], set[Parts]]:
    """Each wanted path as a table column: the flat key `a.b` first, else a JSON column `a`."""
    cells: list[_Cell] = []
    unchecked: set[Parts] = set()
    for parts in wanted:
        flat = ".".join(parts)
        if flat in keys:
            text, kind = _text_of(ident(flat), src.columns[flat])
            cells.append(_Cell(parts, flat, text, kind))
            continue
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            if head not in keys:
                continue
            if src.columns[head] == "JSON":
                text, kind = _json_text(f"json_extract({ident(head)}, {_path(parts[cut:])})")
                cells.append(_Cell(parts, flat, text, kind))
            else:  # a struct or map column: its inside is not profiled
                unchecked.add(parts)
            break
    return cells, unchecked


def _json_cells(column: str, shape: Any, wanted: Iterable[Parts]) -> tuple[list[_Cell], set[Parts]]:
    """Each wanted path inside a JSON object column, resolved as `values.lookup` does."""
    cells: list[_Cell] = []
    unchecked: set[Parts] = set()
    for parts in wanted:
        keys = _resolve(shape, parts)
        if keys is None:
            if _opaque(shape, parts):
                unchecked.add(parts)
            continue
        text, kind = _json_text(f"json_extract({column}, {_path(keys)})")
        cells.append(_Cell(parts, ".".join(keys), text, kind))
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


_IS_NUMBER = "k = 'number' OR (k = 'string' AND isfinite(TRY_CAST(trim(t) AS DOUBLE)))"
_IS_BOOLEAN = "k = 'boolean' OR (k = 'string' AND lower(trim(t)) IN ('true', 'false'))"
_IS_INSTANT = "k = 'timestamp' OR (k = 'string' AND sd_at(t) IS NOT NULL)"


def _stats(
    con: duckdb.DuckDBPyConnection,
    table: str,
    cells: list[_Cell],
    wanted: Mapping[Parts, frozenset[str]],
) -> dict[Parts, ColumnStats]:
    """Counts per distinct value of every cell, from one GROUP BY over the table."""
    if not cells:
        return {}
    items = ", ".join(
        f"{{'c': {i}, 't': CAST({c.text} AS VARCHAR), 'k': {c.kind}}}" for i, c in enumerate(cells)
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _profile_values AS SELECT c, t, k, count(*) AS n FROM "
        f"(SELECT unnest([{items}], recursive := true) FROM {ident(table)}) "
        "WHERE t IS NOT NULL GROUP BY c, t, k"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _profile_wanted (c INTEGER, lit VARCHAR)")
    literals = [(i, lit.lower()) for i, c in enumerate(cells) for lit in wanted.get(c.parts, ())]
    if literals:
        con.executemany("INSERT INTO _profile_wanted VALUES (?, ?)", literals)
    totals = {
        int(row[0]): row[1:]
        for row in con.execute(
            f"SELECT c, sum(n), count(DISTINCT t), coalesce(sum(n) FILTER ({_IS_NUMBER}), 0), "
            f"coalesce(sum(n) FILTER ({_IS_BOOLEAN}), 0), "
            f"coalesce(sum(n) FILTER ({_IS_INSTANT}), 0), "
            "coalesce(sum(n) FILTER (k = 'other'), 0) FROM _profile_values GROUP BY c"
        ).fetchall()
    }
    values: dict[int, list[ValueCount]] = {}
    for c, t, n in con.execute(
        "SELECT c, t, n FROM (SELECT c, t, sum(n) AS n, row_number() OVER "
        "(PARTITION BY c ORDER BY sum(n) DESC, t) AS rank FROM _profile_values GROUP BY c, t) "
        f"WHERE rank <= {DISTINCT_CAP} OR (c, lower(t)) IN (SELECT c, lit FROM _profile_wanted) "
        "ORDER BY c, rank"
    ).fetchall():
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


def _path(keys: Iterable[str]) -> str:
    """A JSON path literal naming object keys exactly (dots, spaces and quotes included)."""
    escaped = (k.replace("\\", "\\\\").replace('"', '\\"') for k in keys)
    path = "$" + "".join(f'."{k}"' for k in escaped)
    return "'" + path.replace("'", "''") + "'"


# ---------------------------------------------------------------- fire counts


def fire_counts(compiled: CompiledRuleset, reader: LeadReader, as_of: datetime) -> tuple[int, ...]:
    """How many leads each rule fired for (explain's notion of fired), counted as --stats does."""
    return tuple(engine_fire_counts(compiled, reader, as_of))
