"""Explain: why a lead has its score, rule by rule and event by event.

Uses the same compiled rules (matching, decay, caps) as `evaluate`, plus `why_false`,
which names the first false comparison with the actual value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from . import ast, evaluate, printer
from .compile import CompiledRule, CompiledRuleset
from .models import Event, Lead, ScoreResult
from .predicates import compile_leaf
from .program import Program
from .reading import Reading, ReadingOf, plain
from .timeutil import format_age
from .values import MISSING, add_in_order, describe, lookup, round_half_away

_MICRO = timedelta(microseconds=1)
_MAX_MISSES = 3


class EventTrace(BaseModel):
    index: int
    type: str
    at: datetime
    age: str
    points: float
    decay_factor: float
    value: float
    counted: bool


class RuleTrace(BaseModel):
    rule: str
    name: str | None
    line: int
    source: str
    kind: str
    dimension: str | None
    fired: bool
    contribution: float
    before_cap: float | None = None
    cap: float | None = None
    count: int | None = None
    events: list[EventTrace] = []
    reason: str | None = None


class DimensionTrace(BaseModel):
    name: str | None
    sum: float
    range: tuple[float, float] | None
    value: float
    rounded: float


class TierTrace(BaseModel):
    name: str
    condition: str
    matched: bool
    reason: str | None = None


class Explanation(BaseModel):
    lead_id: str
    as_of: datetime
    ruleset: str | None
    result: ScoreResult
    total: float
    total_range: tuple[float, float] | None
    total_sum: float  # the dimensions added up, before total_range clamps them
    rules: list[RuleTrace]
    dimensions: list[DimensionTrace]
    tiers: list[TierTrace]


def explain(compiled: CompiledRuleset, lead: Lead, as_of: datetime) -> Explanation:
    parts = evaluate.contributions(compiled, lead, as_of)
    result = evaluate.totals(compiled, parts, as_of)
    rules = [_trace_rule(compiled, rule, lead, as_of, parts[rule.index]) for rule in compiled.rules]
    dims = [
        DimensionTrace(
            name=dim.name,
            sum=add_in_order(parts[i] for i in dim.rule_indexes),
            range=(dim.low, dim.high) if dim.low is not None and dim.high is not None else None,
            value=value,
            rounded=round_half_away(value),
        )
        for dim, value in zip(compiled.dimensions, result.dimension_values, strict=True)
    ]
    header = compiled.program.header
    total_range = compiled.program.total_range
    return Explanation(
        lead_id=lead.id,
        as_of=as_of,
        ruleset=f"{header.name} {header.version or ''}".strip() if header else None,
        result=evaluate.record(lead.id, result),
        total=result.total,
        total_range=(total_range.low, total_range.high) if total_range else None,
        total_sum=add_in_order(result.dimension_values),
        rules=rules,
        dimensions=dims,
        tiers=_trace_tiers(compiled, result, as_of),
    )


# ---------------------------------------------------------------- rules


def _trace_rule(
    compiled: CompiledRuleset, rule: CompiledRule, lead: Lead, as_of: datetime, contribution: float
) -> RuleTrace:
    trace = RuleTrace(
        rule=rule.label,
        name=rule.rule.name,
        line=rule.rule.span.line,
        source=printer.rule(rule.rule),
        kind=rule.kind,
        dimension=compiled.dimensions[rule.dimension].name,
        fired=False,
        contribution=contribution,
    )
    if rule.kind == "profile":
        assert rule.profile is not None
        trace.fired = rule.profile(lead.attributes, as_of)
        condition = rule.rule.condition
        assert not isinstance(condition, ast.EventPattern | ast.CountCondition)
        if not trace.fired:
            reads = compiled.program.reading_of(None)
            trace.reason = why_false(condition, lead.attributes, as_of, compiled.program, reads)
        return trace
    matched, misses = _match_events(compiled, rule, lead, as_of)
    if rule.kind == "count":
        assert rule.threshold is not None and isinstance(rule.rule.condition, ast.CountCondition)
        trace.count = len(matched)
        trace.fired = rule.threshold(len(matched))
        trace.events = [_event_trace(i, e, age, 0.0, 1.0, True) for i, e, age in matched]
        if not trace.fired:
            c = rule.rule.condition
            trace.reason = (
                f"count is {len(matched)}, not {c.op} {printer.number(c.threshold.value)}"
            )
        return trace
    trace.events = _event_traces(rule, matched)
    trace.fired = bool(matched)
    raw = add_in_order(e.value for e in trace.events if e.counted)
    if rule.cap is not None and raw != contribution:
        trace.before_cap, trace.cap = raw, rule.cap
    if not matched:
        trace.reason = _no_match_reason(rule, lead, misses)
    return trace


def _match_events(
    compiled: CompiledRuleset, rule: CompiledRule, lead: Lead, as_of: datetime
) -> tuple[list[tuple[int, Event, int]], list[str]]:
    matched, misses = [], []
    for index, event in enumerate(lead.events):
        if rule not in compiled.matchers(event.type):
            continue
        age = (as_of - event.at) // _MICRO
        miss = _miss_reason(rule, event, age, as_of, compiled.program)
        if miss is None:
            matched.append((index, event, age))
        else:
            misses.append(f"{event.at:%Y-%m-%d} ({_age_text(age)}): {miss}")
    return matched, misses


def _miss_reason(
    rule: CompiledRule, event: Event, age: int, as_of: datetime, program: Program
) -> str | None:
    if age < 0:
        return "after as_of, ignored"
    if rule.within is not None and age > rule.within:
        return f"older than within {_within_text(rule.rule)}"
    if rule.where is not None and not rule.where(event.props, as_of):
        pattern = rule.rule.condition
        pattern = pattern.pattern if isinstance(pattern, ast.CountCondition) else pattern
        assert isinstance(pattern, ast.EventPattern) and pattern.where is not None
        reads = program.reading_of(pattern)
        return why_false(pattern.where, event.props, as_of, program, reads)
    return None


def _event_traces(rule: CompiledRule, matched: list[tuple[int, Event, int]]) -> list[EventTrace]:
    counted = {i for i, _, _ in matched}
    if rule.once and matched:
        latest = max(matched, key=lambda m: (m[1].at, -m[0]))
        counted = {latest[0]}
    return [
        _event_trace(i, e, age, rule.points, rule.decay(age), i in counted) for i, e, age in matched
    ]


def _event_trace(
    index: int, event: Event, age: int, points: float, factor: float, counted: bool
) -> EventTrace:
    return EventTrace(
        index=index,
        type=event.type,
        at=event.at,
        age=_age_text(age),
        points=points,
        decay_factor=factor,
        value=points * factor,
        counted=counted,
    )


def _no_match_reason(rule: CompiledRule, lead: Lead, misses: list[str]) -> str:
    pattern = rule.rule.condition
    assert isinstance(pattern, ast.EventPattern)
    if not misses:
        return f"no {ast.shown(pattern.type_text)} event"
    shown = misses[-_MAX_MISSES:]
    more = len(misses) - len(shown)
    text = f"no {ast.shown(pattern.type_text)} event matched: " + "; ".join(shown)
    return text + (f" (and {more} more)" if more else "")


def _age_text(age: int) -> str:
    return f"in {format_age(-age)}" if age < 0 else f"{format_age(age)} ago"


def _within_text(rule: ast.Rule) -> str:
    return rule.within.text if rule.within is not None else ""


# ---------------------------------------------------------------- why false


def why_false(
    pred: ast.Pred,
    data: Mapping[str, Any],
    as_of: datetime,
    program: Program,
    reads: ReadingOf = plain,
) -> str:
    """The first false comparison of a false predicate, with the actual value."""
    if isinstance(pred, ast.And):
        left = _holds(pred.left, data, as_of, program, reads)
        return why_false(pred.right if left else pred.left, data, as_of, program, reads)
    if isinstance(pred, ast.Or):
        first = why_false(pred.left, data, as_of, program, reads)
        return f"{first}, and {why_false(pred.right, data, as_of, program, reads)}"
    if isinstance(pred, ast.Not):
        return f"`{printer.pred(pred.operand)}` is true"
    reading = reads(pred.path)
    raw = lookup(data, reading.key)
    value = reading.convert(raw)
    path = pred.path.text + _read_note(reading, raw, value)
    if value is MISSING:
        return f"{path} is missing"
    return f"{path} is {describe(value)}, {_failed(pred)}"


def _read_note(reading: Reading, raw: Any, value: Any) -> str:
    """Spec 12: where the value came from, when a mapping, marker or spelling changed it."""
    notes = []
    if reading.mapped:
        notes.append(f"read from {printer.string(reading.key[0])}")
    if raw is not MISSING and value is MISSING:
        notes.append(f"{describe(raw)} is a missing marker")
    elif value is not raw:
        notes.append(f"{describe(raw)} spells {describe(value)}")
    return f" ({'; '.join(notes)})" if notes else ""


def _failed(leaf: ast.Comparison) -> str:
    """How a present value failed the comparison, in words."""
    if isinstance(leaf, ast.Presence):
        return "not missing"
    if isinstance(leaf, ast.WithinTime):
        return f"not within the last {leaf.duration.text}"
    operand = printer.operand(leaf.operand)
    if isinstance(leaf, ast.InList):
        return f"which is in {operand}" if leaf.negated else f"not in {operand}"
    if isinstance(leaf, ast.TextTest):
        verb = {"contains": "contain", "starts with": "start with", "ends with": "end with"}
        return f"does not {verb.get(leaf.op, 'match')} {operand}"
    return f"not {leaf.op} {operand}"


def _holds(
    pred: ast.Pred, data: Mapping[str, Any], as_of: datetime, program: Program, reads: ReadingOf
) -> bool:
    if isinstance(pred, ast.And | ast.Or):
        left = _holds(pred.left, data, as_of, program, reads)
        if isinstance(pred, ast.And):
            return left and _holds(pred.right, data, as_of, program, reads)
        return left or _holds(pred.right, data, as_of, program, reads)
    if isinstance(pred, ast.Not):
        return not _holds(pred.operand, data, as_of, program, reads)
    return compile_leaf(pred, program, reads)(data, as_of)


# ---------------------------------------------------------------- tiers


def _trace_tiers(
    compiled: CompiledRuleset, result: evaluate.Totals, as_of: datetime
) -> list[TierTrace]:
    inputs = evaluate.tier_inputs(result.rounded_total, result.rounded_scores)
    traces = []
    for tier in compiled.tiers:
        matched = tier.test is None or tier.test(inputs, as_of)
        reason = None
        if not matched and tier.tier.condition is not None:
            reason = why_false(tier.tier.condition, inputs, as_of, compiled.program)
        traces.append(
            TierTrace(
                name=tier.name,
                condition=printer.tier_condition(tier.tier),
                matched=matched,
                reason=reason,
            )
        )
        if matched:
            break
    return traces
