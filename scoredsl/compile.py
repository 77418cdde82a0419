"""Compile: a checked Program -> a CompiledRuleset, built once and reused for every lead.

Rules are indexed by event type (exact types in a dict, `prefix.*` patterns resolved per
type and memoised), so scoring a lead is one pass over its events.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from . import ast, printer
from .predicates import Test, compile_pred
from .program import DimensionPlan, Program

Decay = Callable[[int], float]
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True, slots=True)
class CompiledRule:
    index: int
    rule: ast.Rule
    dimension: int
    kind: Literal["event", "count", "profile"]
    points: float  # signed: -N for subtract
    cap: float | None
    once: bool
    within: int | None  # microseconds
    event_type: str | None
    wildcard: bool
    where: Test | None
    profile: Test | None
    threshold: Callable[[int], bool] | None
    decay: Decay
    label: str

    def capped(self, contribution: float) -> float:
        """Spec 3: min(c, M) for add, max(c, -M) for subtract, after decay."""
        if self.cap is None:
            return contribution
        if self.rule.subtract:
            return max(contribution, -self.cap)
        return min(contribution, self.cap)


@dataclass(frozen=True, slots=True)
class CompiledTier:
    name: str
    test: Test | None  # None: otherwise
    tier: ast.Tier


@dataclass(frozen=True, slots=True)
class CompiledDimension:
    name: str | None
    low: float | None
    high: float | None
    rule_indexes: tuple[int, ...]

    def clamp(self, value: float) -> float:
        return _clamp(value, self.low, self.high)


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


class CompiledRuleset:
    """The evaluator's tables: rules, dimensions, tiers and the event-type index."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.rules: tuple[CompiledRule, ...] = tuple(_compile_rules(program))
        self.dimensions = tuple(_compile_dimensions(program, self.rules))
        total = program.total_range
        self.total_low = total.low if total else None
        self.total_high = total.high if total else None
        self.tiers = tuple(
            CompiledTier(t.name, compile_pred(t.condition, program) if t.condition else None, t)
            for t in program.tiers
        )
        self.profile_rules = tuple(r for r in self.rules if r.kind == "profile")
        self.count_rules = tuple(r for r in self.rules if r.kind == "count")
        self.event_rules = tuple(r for r in self.rules if r.kind == "event")
        self._exact: dict[str, list[CompiledRule]] = {}
        self._prefixes: list[tuple[str, CompiledRule]] = []
        for rule in self.rules:
            self._index(rule)
        self._by_type: dict[str, tuple[CompiledRule, ...]] = {}

    def _index(self, rule: CompiledRule) -> None:
        if rule.event_type is None:
            return
        if rule.wildcard:
            self._prefixes.append((rule.event_type + ".", rule))
        else:
            self._exact.setdefault(rule.event_type, []).append(rule)

    def matchers(self, event_type: str) -> tuple[CompiledRule, ...]:
        """The rules an event of this type may feed, in rule order (memoised per type)."""
        found = self._by_type.get(event_type)
        if found is None:
            candidates = list(self._exact.get(event_type, ()))
            candidates += [r for prefix, r in self._prefixes if event_type.startswith(prefix)]
            found = tuple(sorted(candidates, key=lambda r: r.index))
            self._by_type[event_type] = found
        return found

    def clamp_total(self, value: float) -> float:
        return _clamp(value, self.total_low, self.total_high)

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions if d.name is not None)


def _compile_rules(program: Program) -> list[CompiledRule]:
    compiled: list[CompiledRule] = []
    for dim_index, plan in enumerate(program.dimensions):
        decay = compile_decay(plan.decays)
        for rule in plan.rules:
            compiled.append(_compile_rule(len(compiled), rule, dim_index, decay, program))
    return compiled


def _compile_rule(
    index: int, rule: ast.Rule, dimension: int, decay: Decay, program: Program
) -> CompiledRule:
    condition = rule.condition
    pattern = condition.pattern if isinstance(condition, ast.CountCondition) else condition
    is_pattern = isinstance(pattern, ast.EventPattern)
    where = None
    if isinstance(pattern, ast.EventPattern) and pattern.where is not None:
        where = compile_pred(pattern.where, program)
    threshold = None
    if isinstance(condition, ast.CountCondition):
        compare, bound = _COMPARE[condition.op], condition.threshold.value
        threshold = lambda count: compare(count, bound)  # noqa: E731
    profile = None
    if not is_pattern:
        profile = compile_pred(condition, program)  # type: ignore[arg-type]
    within = rule.within.micros if rule.within is not None else None
    return CompiledRule(
        index=index,
        rule=rule,
        dimension=dimension,
        kind=rule.kind,
        points=rule.signed_points,
        # Spec 3: once/max change nothing on profile rules; we do the same for count rules.
        cap=rule.cap if rule.kind == "event" else None,
        once=rule.once and rule.kind == "event",
        within=within,
        event_type=pattern.type.dotted if isinstance(pattern, ast.EventPattern) else None,
        wildcard=isinstance(pattern, ast.EventPattern) and pattern.wildcard,
        where=where,
        profile=profile,
        threshold=threshold,
        decay=decay,
        label=rule_label(rule),
    )


def rule_label(rule: ast.Rule) -> str:
    """Spec 3: a named rule by its name; an unnamed one by its canonical text and line."""
    if rule.name is not None:
        return rule.name
    return f"{printer.rule(rule)} (line {rule.span.line})"


def compile_decay(decays: tuple[ast.Decay, ...]) -> Decay:
    """Spec 4: step lines pick the largest D strictly below the age; `every` compounds."""
    if not decays:
        return _no_decay
    every = [d for d in decays if d.mode == "every"]
    if every:
        keep, period = 1 - every[0].percent / 100, every[0].duration.micros
        return lambda age: keep ** (age // period)
    steps = sorted(((d.duration.micros, 1 - d.percent / 100) for d in decays), reverse=True)

    def step(age: int) -> float:
        for limit, factor in steps:
            if age > limit:
                return factor
        return 1.0

    return step


def _no_decay(age: int) -> float:
    return 1.0


def _compile_dimensions(
    program: Program, rules: tuple[CompiledRule, ...]
) -> list[CompiledDimension]:
    return [_dimension(i, plan, rules) for i, plan in enumerate(program.dimensions)]


def _dimension(
    index: int, plan: DimensionPlan, rules: tuple[CompiledRule, ...]
) -> CompiledDimension:
    members = tuple(r.index for r in rules if r.dimension == index)
    low = plan.range.low if plan.range else None
    high = plan.range.high if plan.range else None
    return CompiledDimension(plan.name, low, high, members)
