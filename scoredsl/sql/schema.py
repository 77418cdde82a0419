"""How each attribute path (on leads) and property path (on events) reads in SQL.

An `InputSchema` knows the columns of the two input relations and resolves a path exactly
as `values.lookup` walks a lead's data: the longest flat key first (a column literally
named `company.size`), then nested fields (a STRUCT column, or a JSON column read per row).
Every resolved path is a `Value`: an SQL expression plus the kind of what it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlglot import exp

from .. import ast
from ..program import Program
from . import nodes

Kind = Literal[
    "text",  # VARCHAR
    "integer",  # whole numbers (BIGINT, INTEGER, ...)
    "double",  # DOUBLE, FLOAT, DECIMAL
    "boolean",
    "timestamp",  # a TIMESTAMP in UTC, or a DATE (midnight UTC)
    "list",  # a LIST/ARRAY; `element` is the kind of its items
    "dynamic",  # JSON: the type varies per row
    "opaque",  # a STRUCT/MAP value: present, but no text, number or boolean
    "missing",  # no such column: always missing
]
Scope = Literal["lead", "event"]


@dataclass(frozen=True)
class Column:
    """The type of one column or STRUCT field, as far as the compiler cares."""

    kind: Kind | Literal["struct"]
    fields: Mapping[str, Column] = field(default_factory=dict)  # for struct
    element: Kind | None = None  # for list


@dataclass(frozen=True)
class Value:
    """What a path reads: an SQL expression (NULL is missing) and the kind it holds."""

    expr: exp.Expr
    kind: Kind
    element: Kind | None = None  # item kind, for lists


MISSING_VALUE = Value(exp.Null(), "missing")
RESERVED_LEAD_COLUMNS = ("id", "_ord")
RESERVED_EVENT_COLUMNS = ("lead_id", "_ord", "type", "at")


@dataclass(frozen=True)
class InputSchema:
    """The attribute columns of `leads` and the property columns of `events`."""

    lead_columns: Mapping[str, Column]
    event_columns: Mapping[str, Column]
    leads_ordered: bool = False  # leads has `_ord` (input position)
    events_ordered: bool = False  # events has `_ord`
    has_events: bool = True  # False: no events relation, every lead has no events

    # ------------------------------------------------------------ constructors

    @classmethod
    def from_duckdb(cls, con: Any, leads: str = "leads", events: str = "events") -> InputSchema:
        """Read the two relations' columns with DESCRIBE (leads required, events optional)."""
        lead_cols = _describe(con, leads)
        has_events = _exists(con, events)
        event_cols = _describe(con, events) if has_events else {}
        return cls(
            lead_columns=_attributes(lead_cols, RESERVED_LEAD_COLUMNS),
            event_columns=_attributes(event_cols, RESERVED_EVENT_COLUMNS),
            leads_ordered="_ord" in lead_cols,
            events_ordered="_ord" in event_cols,
            has_events=has_events,
        )

    @classmethod
    def assumed(
        cls, program: Program, *, leads_ordered: bool = False, events_ordered: bool = False
    ) -> InputSchema:
        """For a warehouse with no data at hand: each referenced path is a text column
        named by its dotted path (read as CSV would give it, with the spec's coercions)."""
        lead_paths, event_paths = referenced_paths(program)
        return cls(
            lead_columns={p: Column("text") for p in lead_paths},
            event_columns={p: Column("text") for p in event_paths},
            leads_ordered=leads_ordered,
            events_ordered=events_ordered,
        )

    # ------------------------------------------------------------ resolution

    def resolve(self, scope: Scope, parts: tuple[str, ...], table: str) -> Value:
        """The value of a path on one row of `table` (an alias of leads or events)."""
        columns = self.lead_columns if scope == "lead" else self.event_columns
        return _top_level(columns, parts, table)


# ---------------------------------------------------------------- lookup, as values.lookup


def _top_level(columns: Mapping[str, Column], parts: tuple[str, ...], table: str) -> Value:
    """Columns are a lead's top-level keys; a NULL cell is an absent key (as the readers
    drop nulls), so the next, shorter cut is tried. A JSON null is a present null."""
    alternatives: list[Value] = []
    for cut in range(len(parts), 0, -1):
        key = ".".join(parts[:cut])
        column = columns.get(key)
        if column is None:
            continue
        cell = exp.column(exp.to_identifier(key, quoted=True), table=exp.to_identifier(table))
        if cut == len(parts):
            alternatives.append(_leaf(cell, column))
            if column.kind == "dynamic":  # a JSON null is a present null: the search stops
                return _present_or(cell, alternatives[0], columns, parts, table)
        else:
            found = _nested(cell, column, parts[cut:])
            if found is not None:
                alternatives.append(found)
    return _first_present(alternatives)


def _present_or(
    cell: exp.Expr,
    present: Value,
    columns: Mapping[str, Column],
    parts: tuple[str, ...],
    table: str,
) -> Value:
    """A JSON cell that is not SQL NULL holds the key (maybe a JSON null): it wins."""
    shorter = {k: c for k, c in columns.items() if k != ".".join(parts)}
    rest = _top_level(shorter, parts, table)
    if rest.kind == "missing":
        return present
    other = rest.expr if rest.kind == "dynamic" else nodes.ToJson(this=rest.expr)
    held = exp.Not(this=exp.Is(this=cell.copy(), expression=exp.Null()))
    return Value(exp.Case(ifs=[exp.If(this=held, true=present.expr)], default=other), "dynamic")


def _nested(expr: exp.Expr, column: Column, rest: tuple[str, ...]) -> Value | None:
    if column.kind == "struct":
        return _in_struct(expr, column.fields, rest)
    if column.kind == "dynamic":
        return _in_json(expr, rest)
    return None  # a scalar has no members: values.lookup moves on


def _in_struct(
    expr: exp.Expr, fields: Mapping[str, Column], parts: tuple[str, ...]
) -> Value | None:
    """Struct fields are known statically: a present full key wins, even when NULL."""
    full = ".".join(parts)
    if full in fields:
        return _leaf(_field(expr, full), fields[full])
    alternatives = []
    for cut in range(len(parts) - 1, 0, -1):
        key = ".".join(parts[:cut])
        if key in fields:
            found = _nested(_field(expr, key), fields[key], parts[cut:])
            if found is not None:
                alternatives.append(found)
    return _first_present(alternatives) if alternatives else None


def _in_json(expr: exp.Expr, parts: tuple[str, ...]) -> Value:
    """JSON members vary per row: a present full key wins (a JSON null is missing)."""
    full = nodes.JsonGet(this=expr, expression=exp.Literal.string(".".join(parts)))
    shorter = [
        _in_json(
            nodes.JsonGet(this=expr, expression=exp.Literal.string(".".join(parts[:cut]))),
            parts[cut:],
        )
        for cut in range(len(parts) - 1, 0, -1)
    ]
    present = _json_value(full)
    if not shorter:
        return present
    rest = _first_present(shorter)
    chosen = exp.Case(
        ifs=[
            exp.If(this=exp.Not(this=exp.Is(this=full, expression=exp.Null())), true=present.expr)
        ],
        default=rest.expr,
    )
    return Value(chosen, "dynamic")


def _json_value(expr: exp.Expr) -> Value:
    """A JSON member with JSON null turned into SQL NULL (missing)."""
    null = nodes.JsonIs(this=expr, kind=exp.Literal.string("null"))
    return Value(exp.Case(ifs=[exp.If(this=null, true=exp.Null())], default=expr), "dynamic")


def _leaf(expr: exp.Expr, column: Column) -> Value:
    if column.kind == "struct":
        return Value(expr, "opaque")
    if column.kind == "dynamic":
        return _json_value(expr)
    return Value(expr, column.kind, column.element)


def _field(expr: exp.Expr, name: str) -> exp.Expr:
    return exp.Dot(this=expr.copy(), expression=exp.to_identifier(name, quoted=True))


def _first_present(alternatives: list[Value]) -> Value:
    """values.lookup's "the first cut that finds something": COALESCE in cut order."""
    if not alternatives:
        return MISSING_VALUE
    if len(alternatives) == 1:
        return alternatives[0]
    kinds = {(v.kind, v.element) for v in alternatives}
    if len(kinds) == 1:
        first = alternatives[0]
        return Value(
            exp.Coalesce(this=first.expr, expressions=[v.expr for v in alternatives[1:]]),
            first.kind,
            first.element,
        )
    as_json = [v.expr if v.kind == "dynamic" else nodes.ToJson(this=v.expr) for v in alternatives]
    return Value(exp.Coalesce(this=as_json[0], expressions=as_json[1:]), "dynamic")


# ---------------------------------------------------------------- DuckDB types


def _exists(con: Any, relation: str) -> bool:
    try:
        con.execute(f"DESCRIBE {_quoted(relation)}")
    except Exception:  # noqa: BLE001 - any failure means: no such relation
        return False
    return True


def _describe(con: Any, relation: str) -> dict[str, str]:
    rows = con.execute(f"DESCRIBE {_quoted(relation)}").fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def _quoted(name: str) -> str:
    """A relation name as an SQL identifier (quoted by sqlglot, never pasted raw)."""
    return (
        exp.to_table(name).sql(dialect="duckdb")
        if "." in name
        else exp.to_identifier(name, quoted=True).sql(dialect="duckdb")
    )


def _attributes(columns: Mapping[str, str], reserved: Iterable[str]) -> dict[str, Column]:
    skip = set(reserved)
    return {name: column_type(kind) for name, kind in columns.items() if name not in skip}


def column_type(duck_type: str) -> Column:
    """A DuckDB type name (as DESCRIBE prints it) as a Column."""
    parsed = exp.DataType.build(duck_type, dialect="duckdb")
    return _from_datatype(parsed)


_INTEGERS = {
    exp.DataType.Type.TINYINT,
    exp.DataType.Type.SMALLINT,
    exp.DataType.Type.INT,
    exp.DataType.Type.BIGINT,
    exp.DataType.Type.INT128,
    exp.DataType.Type.UTINYINT,
    exp.DataType.Type.USMALLINT,
    exp.DataType.Type.UINT,
    exp.DataType.Type.UBIGINT,
    exp.DataType.Type.UINT128,
}
# DECIMAL is left out on purpose: the Python readers hand Parquet decimals over as
# decimal.Decimal, which values.as_number and as_text do not read, so it is opaque there too.
_DOUBLES = {
    exp.DataType.Type.FLOAT,
    exp.DataType.Type.DOUBLE,
}
_TIMESTAMPS = {
    exp.DataType.Type.TIMESTAMP,
    exp.DataType.Type.TIMESTAMPNTZ,
    exp.DataType.Type.TIMESTAMPLTZ,
    exp.DataType.Type.DATETIME,
    exp.DataType.Type.TIMESTAMPTZ,
    exp.DataType.Type.TIMESTAMP_S,
    exp.DataType.Type.TIMESTAMP_MS,
    exp.DataType.Type.TIMESTAMP_NS,
    exp.DataType.Type.DATE,
}


def _from_datatype(dtype: exp.DataType) -> Column:
    kind = dtype.this
    if kind in (exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT, exp.DataType.Type.CHAR):
        return Column("text")
    if kind in _INTEGERS:
        return Column("integer")
    if kind in _DOUBLES:
        return Column("double")
    if kind == exp.DataType.Type.BOOLEAN:
        return Column("boolean")
    if kind in _TIMESTAMPS:
        return Column("timestamp")
    if kind == exp.DataType.Type.JSON:
        return Column("dynamic")
    if kind == exp.DataType.Type.STRUCT:
        fields = {}
        for item in dtype.expressions:
            name = item.this.name if isinstance(item, exp.ColumnDef) else item.name
            inner = item.args.get("kind") if isinstance(item, exp.ColumnDef) else None
            if isinstance(inner, exp.DataType):
                fields[name] = _from_datatype(inner)
        return Column("struct", fields)
    if kind == exp.DataType.Type.ARRAY or kind == exp.DataType.Type.LIST:
        items = dtype.expressions[0] if dtype.expressions else None
        element = _from_datatype(items) if isinstance(items, exp.DataType) else Column("opaque")
        element_kind: Kind = "opaque"  # items that are structs or lists compare as nothing
        if element.kind != "struct" and element.kind != "list":
            element_kind = element.kind
        return Column("list", element=element_kind)
    return Column("opaque")


# ---------------------------------------------------------------- referenced paths


def referenced_paths(program: Program) -> tuple[list[str], list[str]]:
    """The attribute and property keys a program reads, dotted, in first-use order: the
    column a `from "KEY"` mapping names (spec 12), else the path itself."""
    lead: dict[str, None] = {}
    event: dict[str, None] = {}
    for plan in program.dimensions:
        for rule in plan.rules:
            for pred, where, pattern in ast.rule_predicates(rule):
                target = lead if where == "profile" else event
                reads = program.reading_of(pattern)
                for leaf in ast.comparisons(pred):
                    target.setdefault(".".join(reads(leaf.path).key), None)
    return list(lead), list(event)
