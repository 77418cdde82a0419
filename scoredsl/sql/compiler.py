"""Compile a checked Program into one SQL query, built as a sqlglot expression tree.

The query reads `leads` (id, optional _ord, attribute columns) and `events` (lead_id,
optional _ord, type, at, property columns) and answers one row a lead, in input order:
`lead_id, score, <each named dimension>, tier` (spec 11). Its stages mirror evaluate.py:

  matched       one row an event (at <= as_of): each event rule's points x decay, each
                `once` rule's age, each count rule's 1, where the event matches
  per_lead      one pass grouped by lead: sums in input order, youngest age, counts
  contributions leads LEFT JOIN per_lead: caps, once, count thresholds, profile rules
  dimensions    sums in rule order, clamped by each range
  totals        the clamped total, everything rounded half away from zero
  (final)       tiers over the rounded values

With `keep_rules` the query also answers the rule matrix of the analysis commands: each
rule's contribution (`_sd_c<i>`) and whether it fired (`_sd_f<i>`, as explain says it), and
`raw_columns` adds lead attributes as text (`_sd_x<k>`), e.g. an outcome column.

User text (strings, names, patterns) only ever enters as sqlglot literals and quoted
identifiers, so it is escaped by construction in every dialect.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

import sqlglot
import sqlglot.errors
from sqlglot import exp

from .. import ast
from ..compile import CompiledRule, CompiledRuleset
from ..diagnostics import DiagnosticError, error
from ..program import Program
from . import coerce, nodes
from .dialects import lower
from .predicates import PredicateCompiler
from .schema import InputSchema, Scope, Value

_EVENT = "e"
_LEAD = "l"
_PER_LEAD = "p"
_COMPARE: dict[str, type[exp.Binary]] = {
    "==": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a query's tree is built or rendered: the tree is
    a few hundred thousand live objects (none of them garbage yet), and the collector's
    full passes over them took about 40% of compiling a large ruleset."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_collector_paused()
def compile_program(
    program: Program,
    schema: InputSchema,
    *,
    as_of: datetime | Literal["now"] | None,
    leads_table: str = "leads",
    events_table: str = "events",
    keep_rules: bool = False,
    raw_columns: tuple[str, ...] = (),
) -> exp.Expr:
    """The scoring query (dialect-neutral: render it with `to_sql`).

    `as_of` None leaves a named parameter `as_of` (a UTC TIMESTAMP) for the warehouse;
    "now" reads the clock when the query runs (for scheduled models). `keep_rules` and
    `raw_columns` add the rule-matrix columns (see the module docstring).
    """
    builder = _Builder(program, schema, as_of, leads_table, events_table)
    builder.keep_rules = keep_rules
    builder.raw_columns = raw_columns
    return builder.query()


def contribution_column(index: int) -> str:
    """The rule-matrix column of rule `index`'s contribution (with keep_rules)."""
    return f"_sd_c{index}"


def fired_column(index: int) -> str:
    """The rule-matrix column saying whether rule `index` fired (with keep_rules)."""
    return f"_sd_f{index}"


def raw_column(index: int) -> str:
    """The rule-matrix column of raw_columns[index], as text (JSON text for JSON values)."""
    return f"_sd_x{index}"


@_collector_paused()
def to_sql(expr: exp.Expr, dialect: str = "duckdb", *, pretty: bool = True) -> str:
    """The query as SQL text of one dialect (duckdb, spark, bigquery, snowflake, postgres,
    trino). Raises DiagnosticError (SD701) for a construct the dialect cannot express."""
    # The lowered tree is a copy made for this text alone: the generator may change it.
    return lower(expr, dialect).sql(dialect=dialect, pretty=pretty, copy=False)


def as_of_expression(as_of: datetime | Literal["now"] | None) -> exp.Expr:
    """A TIMESTAMP (UTC, microseconds) literal, the `as_of` parameter, or the clock."""
    if as_of == "now":
        return nodes.NowUtc()
    if as_of is None:
        value: exp.Expr = exp.Placeholder(this="as_of")
    else:
        moment = as_of.astimezone(timezone.utc).replace(tzinfo=None)
        value = exp.Literal.string(moment.isoformat(sep=" ", timespec="microseconds"))
    return nodes.AsTimestamp(this=value)


def table_name(dotted: str) -> exp.Table:
    """`catalog.schema.table` read as a SQL name by sqlglot, so a quoted part keeps its dots
    (`db."we.ird"`); every part is written quoted, so its spelling is kept exactly."""
    parts = _name_parts(dotted)
    if parts is None:
        raise DiagnosticError(
            [
                error(
                    "SD703",
                    f"`{dotted}` is not a table name",
                    help="write table, schema.table or catalog.schema.table; put a part "
                    'holding dots, spaces or other signs in double quotes: db."we.ird"',
                )
            ]
        )
    table = exp.Table(this=exp.to_identifier(parts[-1], quoted=True))
    for key, part in zip(("db", "catalog"), reversed(parts[:-1]), strict=False):
        table.set(key, exp.to_identifier(part, quoted=True))
    return table


def _name_parts(dotted: str) -> list[str] | None:
    """The parts of a one- to three-part SQL name, or None when it is something else."""
    try:
        parsed = sqlglot.parse_one(dotted, into=exp.Table, dialect="duckdb")
    except sqlglot.errors.SqlglotError:
        return None
    keys = [key for key, value in parsed.args.items() if value is not None]
    parts = [parsed.args[key] for key in ("catalog", "db", "this") if key in keys]
    if set(keys) - {"this", "db", "catalog"} or not all(
        isinstance(part, exp.Identifier) and part.name for part in parts
    ):
        return None
    return [part.name for part in parts]


@dataclass
class _Slot:
    """One per-lead aggregate column: its name, the per-event value and the aggregate."""

    name: str
    per_event: exp.Expr
    aggregate: str  # sum | min | count
    exact: bool = False  # a sum whose every partial sum is exact: any order gives it


class _Builder:
    def __init__(
        self,
        program: Program,
        schema: InputSchema,
        as_of: datetime | Literal["now"] | None,
        leads_table: str,
        events_table: str,
    ) -> None:
        self.program = program
        self.schema = schema
        self.compiled = CompiledRuleset(program)
        self.leads_table = leads_table
        self.events_table = events_table
        self.as_of = as_of_expression(as_of)
        self.as_of_micros = nodes.EpochMicros(this=self.as_of.copy())
        self.keep_rules = False
        self.raw_columns: tuple[str, ...] = ()

    # ------------------------------------------------------------ the query

    def query(self) -> exp.Expr:
        slots = [slot for rule in self.compiled.rules for slot in self._slots(rule)]
        if not self.schema.has_events:
            slots = []  # no events relation: every event and count rule sees none
        select = self._final()
        ctes: list[tuple[str, exp.Expr]] = []
        if slots:
            ctes.append(("matched", self._matched(slots)))
            ctes.append(("per_lead", self._per_lead(slots)))
        ctes.append(("contributions", self._contributions(bool(slots))))
        by_dimension = {
            str(index): [_ref(f"c{i}") for i in dim.rule_indexes]
            for index, dim in enumerate(self.compiled.dimensions)
        }
        partials, source, by_dimension = _partial_sums(by_dimension, "contributions", "_pd")
        ctes += partials
        ctes.append(("dimensions", self._dimensions(source, by_dimension)))
        dims = {"total": [_ref(f"d{i}") for i in range(len(self.compiled.dimensions))]}
        partials, source, dims = _partial_sums(dims, "dimensions", "_pt")
        ctes += partials
        ctes.append(("totals", self._totals(source, dims["total"])))
        for name, cte in ctes:
            select = select.with_(exp.to_identifier(name, quoted=True), as_=cte, copy=False)
        return select

    def _slots(self, rule: CompiledRule) -> list[_Slot]:
        if rule.kind == "profile":
            return []
        match = self._event_match(rule)
        name = f"r{rule.index}"
        if rule.kind == "count":
            return [_Slot(name, _when(match, exp.Literal.number(1)), "count")]
        if rule.once:
            return [_Slot(name, _when(match, self._age()), "min")]
        value = self._points_decayed(rule, self._age())
        exact = exact_sum(rule.points, self.program.dimensions[rule.dimension].decays)
        slots = [_Slot(name, _when(match, value), "sum", exact)]
        if self.keep_rules:  # a sum cannot tell "no event" from "events decayed to 0"
            one = exp.Literal.number(1)
            slots.append(_Slot(f"m{rule.index}", _when(match.copy(), one), "count"))
        return slots

    def _matched(self, slots: list[_Slot]) -> exp.Select:
        columns: list[exp.Expr] = [
            _named(_col(_EVENT, "lead_id"), "lead_id"),
            _named(self._event_order(), "_ord"),
        ]
        columns += [_named(s.per_event, s.name) for s in slots]
        past = exp.GTE(this=self._age(), expression=exp.Literal.number(0))
        condition = exp.and_(self._any_rule_type(), past, copy=False)
        select = exp.select(*columns).where(condition, copy=False)
        shared = _shared_per_event(select, self._age())
        source = exp.select(exp.Star()).from_(_table_as(table_name(self.events_table), _EVENT))
        for name, value in shared:
            source = source.select(_named(value, name), copy=False)
        return select.from_(_table_as(exp.Subquery(this=source), _EVENT), copy=False)

    def _any_rule_type(self) -> exp.Expr:
        """Skip events no rule can match before any predicate runs (no record is lost:
        leads join their aggregates with a LEFT JOIN)."""
        kind = _col(_EVENT, "type")
        exact = sorted(
            {r.event_type for r in self.compiled.rules if r.event_type and not r.wildcard}
        )
        prefixes = sorted(
            {r.event_type for r in self.compiled.rules if r.event_type and r.wildcard}
        )
        tests: list[exp.Expr] = []
        if exact:
            tests.append(exp.In(this=kind, expressions=[exp.Literal.string(t) for t in exact]))
        tests += [
            exp.StartsWith(this=kind.copy(), expression=exp.Literal.string(p + "."))
            for p in prefixes
        ]
        return exp.Paren(this=exp.or_(*tests, copy=False)) if len(tests) > 1 else tests[0]

    def _event_order(self) -> exp.Expr:
        if self.schema.events_ordered:
            return _col(_EVENT, "_ord")
        return exp.Literal.number(0)

    def _per_lead(self, slots: list[_Slot]) -> exp.Select:
        columns: list[exp.Expr] = [exp.column(exp.to_identifier("lead_id", quoted=True))]
        for slot in slots:
            value = exp.column(exp.to_identifier(slot.name, quoted=True))
            agg: exp.Expr
            if slot.aggregate == "sum":
                order = exp.column(exp.to_identifier("_ord", quoted=True))
                ordered = self.schema.events_ordered and not slot.exact
                agg = nodes.OrderedSum(this=value, expression=order if ordered else None)
            elif slot.aggregate == "min":
                agg = exp.Min(this=value)
            else:
                agg = exp.Count(this=value)
            columns.append(_named(agg, slot.name))
        return (
            exp.select(*columns)
            .from_(_table("matched"), copy=False)
            .group_by(exp.column(exp.to_identifier("lead_id", quoted=True)), copy=False)
        )

    def _contributions(self, with_events: bool) -> exp.Select:
        order = _col(_LEAD, "_ord") if self.schema.leads_ordered else _col(_LEAD, "id")
        columns: list[exp.Expr] = [
            _named(exp.cast(_col(_LEAD, "id"), exp.DataType.Type.VARCHAR), "lead_id"),
            _named(order, "_ord"),
        ]
        columns += [
            _named(self._contribution(rule), f"c{rule.index}") for rule in self.compiled.rules
        ]
        if self.keep_rules:
            columns += [
                _named(self._fired(rule), fired_column(rule.index)) for rule in self.compiled.rules
            ]
        columns += [
            _named(self._raw(name), raw_column(k)) for k, name in enumerate(self.raw_columns)
        ]
        select = exp.select(*columns).from_(
            _table_as(table_name(self.leads_table), _LEAD), copy=False
        )
        if with_events:
            on = exp.EQ(this=_col(_PER_LEAD, "lead_id"), expression=_col(_LEAD, "id"))
            select = select.join(
                _table_as(_table("per_lead"), _PER_LEAD),
                on=on,
                join_type="left",
                copy=False,
            )
        return select

    def _carry(self) -> list[exp.Expr]:
        """The columns every stage after contributions passes on."""
        columns: list[exp.Expr] = [_ref("lead_id"), _ref("_ord")]
        if self.keep_rules:
            columns += [_ref(f"c{r.index}") for r in self.compiled.rules]
            columns += [_ref(fired_column(r.index)) for r in self.compiled.rules]
        columns += [_ref(raw_column(k)) for k in range(len(self.raw_columns))]
        return columns

    def _dimensions(self, source: str, parts: dict[str, list[exp.Column]]) -> exp.Select:
        columns = self._carry()
        for index, dim in enumerate(self.compiled.dimensions):
            value = _clamp(_sum(parts[str(index)]), dim.low, dim.high)
            columns.append(_named(value, f"d{index}"))
        return exp.select(*columns).from_(_table(source), copy=False)

    def _totals(self, source: str, dims: list[exp.Column]) -> exp.Select:
        columns = self._carry()
        total = _clamp(_sum(dims), self.compiled.total_low, self.compiled.total_high)
        columns.append(_named(nodes.RoundHalfAway(this=total), "score"))
        for index, dim in enumerate(self.compiled.dimensions):
            if dim.name is not None:
                rounded = nodes.RoundHalfAway(this=_ref(f"d{index}"))
                columns.append(_named(rounded, f"s{index}"))
        return exp.select(*columns).from_(_table(source), copy=False)

    def _final(self) -> exp.Select:
        columns: list[exp.Expr] = [_ref("lead_id"), _ref("score")]
        for index, dim in enumerate(self.compiled.dimensions):
            if dim.name is not None:
                columns.append(_named(_ref(f"s{index}"), dim.name))
        columns.append(_named(self._tier(), "tier"))
        if self.keep_rules:
            for rule in self.compiled.rules:
                kept = _ref(f"c{rule.index}")
                columns.append(_named(kept, contribution_column(rule.index)))
                columns.append(_ref(fired_column(rule.index)))
        columns += [_ref(raw_column(k)) for k in range(len(self.raw_columns))]
        return (
            exp.select(*columns)
            .from_(_table("totals"), copy=False)
            .order_by(_ref("_ord"), copy=False)
        )

    # ------------------------------------------------------------ rules

    def _event_match(self, rule: CompiledRule) -> exp.Expr:
        assert rule.event_type is not None
        kind = _col(_EVENT, "type")
        type_match: exp.Expr
        if rule.wildcard:
            prefix = exp.Literal.string(rule.event_type + ".")
            type_match = exp.StartsWith(this=kind, expression=prefix)
        else:
            type_match = exp.EQ(this=kind, expression=exp.Literal.string(rule.event_type))
        tests: list[exp.Expr] = [type_match]
        if rule.within is not None:
            tests.append(exp.LTE(this=self._age(), expression=exp.Literal.number(rule.within)))
        pattern = _pattern(rule.rule)
        if pattern.where is not None:
            tests.append(self._predicates("event", _EVENT, pattern).pred(pattern.where))
        return exp.and_(*tests, copy=False)

    def _age(self) -> exp.Expr:
        """as_of - at in whole microseconds."""
        at = nodes.EpochMicros(this=_col(_EVENT, "at"))
        return exp.Paren(this=exp.Sub(this=self.as_of_micros.copy(), expression=at))

    def _points_decayed(self, rule: CompiledRule, age: exp.Expr) -> exp.Expr:
        plan = self.program.dimensions[rule.dimension]
        points = coerce.double(rule.points)
        factor = _decay(plan.decays, age)
        return points if factor is None else exp.Mul(this=points, expression=factor)

    def _contribution(self, rule: CompiledRule) -> exp.Expr:
        zero = coerce.double(0.0)
        points = coerce.double(rule.points)
        if rule.kind == "profile":
            condition = rule.rule.condition
            assert not isinstance(condition, ast.EventPattern | ast.CountCondition)
            test = self._predicates("lead", _LEAD, None).pred(condition)
            return exp.If(this=test, true=points, false=zero)
        slot: exp.Expr = _col(_PER_LEAD, f"r{rule.index}")
        if not self.schema.has_events:
            slot = exp.cast(exp.Null(), exp.DataType.Type.DOUBLE)
        if rule.kind == "count":
            condition = rule.rule.condition
            assert isinstance(condition, ast.CountCondition)
            count = exp.Coalesce(this=slot, expressions=[exp.Literal.number(0)])
            compare = _COMPARE[condition.op](
                this=count, expression=coerce.double(condition.threshold.value)
            )
            return exp.If(this=compare, true=points, false=zero)
        if rule.once:
            value = self._points_decayed(rule, slot.copy())
            contribution: exp.Expr = exp.If(
                this=exp.Is(this=slot, expression=exp.Null()), true=zero, false=value
            )
        else:
            contribution = exp.Coalesce(this=slot, expressions=[zero])
        if rule.cap is None:
            return contribution
        if rule.rule.subtract:
            return exp.Greatest(this=contribution, expressions=[coerce.double(-rule.cap)])
        return exp.Least(this=contribution, expressions=[coerce.double(rule.cap)])

    def _fired(self, rule: CompiledRule) -> exp.Expr:
        """Explain's `fired`: the condition held, or (event rule) an event matched."""
        false = exp.Boolean(this=False)
        if rule.kind == "profile":
            condition = rule.rule.condition
            assert not isinstance(condition, ast.EventPattern | ast.CountCondition)
            test = self._predicates("lead", _LEAD, None).pred(condition)
            return exp.Coalesce(this=test, expressions=[false])
        slot: exp.Expr = _col(_PER_LEAD, f"r{rule.index}")
        if not self.schema.has_events:
            slot = exp.cast(exp.Null(), exp.DataType.Type.BIGINT)  # a count of 0 may hold: `< 3`
        if rule.kind == "count":
            condition = rule.rule.condition
            assert isinstance(condition, ast.CountCondition)
            count = exp.Coalesce(this=slot, expressions=[exp.Literal.number(0)])
            value = coerce.double(condition.threshold.value)
            return _COMPARE[condition.op](this=count, expression=value)
        if not self.schema.has_events:
            return false
        if rule.once:
            return exp.Not(this=exp.Is(this=slot, expression=exp.Null()))
        matches = exp.Coalesce(
            this=_col(_PER_LEAD, f"m{rule.index}"), expressions=[exp.Literal.number(0)]
        )
        return exp.GT(this=matches, expression=exp.Literal.number(0))

    def _raw(self, name: str) -> exp.Expr:
        """A lead attribute as text: JSON text for a JSON value, NULL when missing."""
        value = self.schema.resolve("lead", tuple(name.split(".")), _LEAD)
        if value.kind == "missing":
            return exp.cast(exp.Null(), exp.DataType.Type.VARCHAR)
        return exp.cast(value.expr, exp.DataType.Type.VARCHAR)

    def _tier(self) -> exp.Expr:
        compiler = PredicateCompiler(self.program, self._tier_value, self.as_of_micros)
        ifs = []
        default: exp.Expr = exp.Null()
        for tier in self.compiled.tiers:
            name = exp.Literal.string(tier.name)
            if tier.tier.condition is None:
                default = name
                break
            ifs.append(exp.If(this=compiler.pred(tier.tier.condition), true=name))
        if not ifs:
            return exp.cast(default, exp.DataType.Type.VARCHAR)
        return exp.Case(ifs=ifs, default=default)

    def _tier_value(self, path: ast.Path) -> Value:
        name = path.dotted
        if name in ("score", "total"):
            return Value(_ref("score"), "double")
        for index, dim in enumerate(self.compiled.dimensions):
            if dim.name == name:
                return Value(_ref(f"s{index}"), "double")
        raise AssertionError(f"the checker lets no unknown tier name through: {name}")

    def _predicates(
        self, scope: Scope, table: str, pattern: ast.EventPattern | None
    ) -> PredicateCompiler:
        """Paths read as the schema says (spec 12): a `from` key, then markers and spellings."""
        reads = self.program.reading_of(pattern)

        def resolve(path: ast.Path) -> Value:
            reading = reads(path)
            return coerce.read(self.schema.resolve(scope, reading.key, table), reading)

        return PredicateCompiler(self.program, resolve, self.as_of_micros)


# ---------------------------------------------------------------- helpers


def _pattern(rule: ast.Rule) -> ast.EventPattern:
    condition = rule.condition
    if isinstance(condition, ast.CountCondition):
        return condition.pattern
    assert isinstance(condition, ast.EventPattern)
    return condition


# Addends that are multiples of 2**-10 below 2**20 add exactly while a lead has fewer than
# 2**23 matching events for a rule: every partial sum fits a double's 53 bits.
_GRID = 1024.0
_LARGEST_ADDEND = float(2**20)


def exact_sum(points: float, decays: tuple[ast.Decay, ...]) -> bool:
    """Whether a rule's sum is exact in floating point, so that the engine may add its
    events in any order and still get Python's input-order sum (bit for bit)."""
    factors = [1.0]
    for line in decays:
        keep = 1 - line.percent / 100
        if line.mode == "every" and keep not in (0.0, 1.0):
            return False  # keep ** n: ever finer fractions
        factors.append(keep)
    for factor in factors:
        addend = points * factor
        if abs(addend) > _LARGEST_ADDEND or not (addend * _GRID).is_integer():
            return False
    return True


def _decay(decays: tuple[ast.Decay, ...], age: exp.Expr) -> exp.Expr | None:
    """Spec 4 as compile.compile_decay: None when nothing decays (factor 1)."""
    if not decays:
        return None
    every = [d for d in decays if d.mode == "every"]
    if every:
        keep, period = 1 - every[0].percent / 100, every[0].duration.micros
        periods = exp.IntDiv(this=age.copy(), expression=exp.Literal.number(period))
        return nodes.DecayPower(this=periods, keep=exp.Literal.number(repr(keep)))
    steps = sorted(((d.duration.micros, 1 - d.percent / 100) for d in decays), reverse=True)
    ifs = [
        exp.If(
            this=exp.GT(this=age.copy(), expression=exp.Literal.number(limit)),
            true=coerce.double(factor),
        )
        for limit, factor in steps
    ]
    return exp.Case(ifs=ifs, default=coerce.double(1.0))


# Values worth computing once per event: case-folded keys and decay factors.
_PER_EVENT = (nodes.Fold, nodes.DecayPower)


def _shared_per_event(select: exp.Select, age: exp.Expr) -> list[tuple[str, exp.Expr]]:
    """Replace, in place, each case-insensitive key of an event column and the event's age
    by a column computed once per event (many rules fold `url` or read the age; a CASE
    would otherwise compute them again for each rule)."""
    shared: dict[exp.Expr, str] = {}

    def hoist(node: exp.Expr) -> exp.Expr:
        if node == age or (isinstance(node, _PER_EVENT) and _event_only(node)):
            kind = "age" if node == age else type(node).__name__.lower()
            name = shared.setdefault(node, f"_sd_{kind}{len(shared)}")
            return _col(_EVENT, name)
        return node

    for column in select.expressions:
        column.set("this", column.this.transform(hoist, copy=False))
    where = select.args["where"]
    where.set("this", where.this.transform(hoist, copy=False))
    return [(name, value) for value, name in shared.items()]


def _event_only(node: exp.Expr) -> bool:
    """Whether a value reads the event row alone (no lambda variable, no lead column)."""
    columns = list(node.find_all(exp.Column))
    return bool(columns) and all(c.table == _EVENT for c in columns)


def _when(condition: exp.Expr, value: exp.Expr) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=condition, true=value)])


def _col(table: str, name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True), table=exp.to_identifier(table))


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def _ref(name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True))


def _named(value: exp.Expr, name: str) -> exp.Expr:
    """`value AS "name"`; the alias takes the tree over (each is built for one select)."""
    return exp.alias_(value, name, quoted=True, copy=False)


def _table_as(relation: exp.Expr, alias: str) -> exp.Expr:
    """`relation AS alias`, taking the relation over."""
    return exp.alias_(relation, alias, table=True, copy=False)


# The most terms one SQL sum adds: DuckDB refuses expressions nested over 1,000 deep, and a
# sum of N terms nests N deep.
_CHUNK = 100


def _partial_sums(
    sums: dict[str, list[exp.Column]], source: str, prefix: str
) -> tuple[list[tuple[str, exp.Expr]], str, dict[str, list[exp.Column]]]:
    """Sums of more than _CHUNK terms, split over CTEs: each adds the next terms to the
    partial sum before it, so the terms are still added left to right (the same floats
    as Python). Returns the CTEs, the last one's name and what each sum has left to add."""
    ctes: list[tuple[str, exp.Expr]] = []
    pending = {key: list(parts) for key, parts in sums.items()}
    while any(len(parts) > _CHUNK for parts in pending.values()):
        name = f"{prefix}{len(ctes)}"
        columns: list[exp.Expr] = [exp.Star()]
        for key, parts in pending.items():
            if len(parts) > _CHUNK:
                column = f"{prefix}{key}_{len(ctes)}"
                columns.append(_named(_sum(parts[:_CHUNK]), column))
                pending[key] = [_ref(column), *parts[_CHUNK:]]
        ctes.append((name, exp.select(*columns).from_(_table(source), copy=False)))
        source = name
    return ctes, source, pending


def _sum(parts: list[exp.Column]) -> exp.Expr:
    """Left to right, as Python's sum(): ((a + b) + c)."""
    if not parts:
        return coerce.double(0.0)
    total: exp.Expr = parts[0]
    for part in parts[1:]:
        total = exp.Add(this=total, expression=part)
    return total


def _clamp(value: exp.Expr, low: float | None, high: float | None) -> exp.Expr:
    ifs = []
    if low is not None:
        ifs.append(
            exp.If(
                this=exp.LT(this=value.copy(), expression=coerce.double(low)),
                true=coerce.double(low),
            )
        )
    if high is not None:
        ifs.append(
            exp.If(
                this=exp.GT(this=value.copy(), expression=coerce.double(high)),
                true=coerce.double(high),
            )
        )
    if not ifs:
        return value
    return exp.Case(ifs=ifs, default=value)
