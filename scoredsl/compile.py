"""Compile: a checked Program -> a CompiledRuleset, built once and reused for every lead.

Rules are indexed by event type (exact types in a dict, `prefix.*` patterns resolved per
type and memoised), so scoring a lead is one pass over its events. Per event type an
EventPlan also memoises which `where` predicates hold for each combination of the property
values they read: real event streams repeat the same URLs and form names, so most events
cost one dict lookup instead of one predicate call per rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from . import ast, printer
from .predicates import Getter, Test, compile_pred, depends_on_time, getter, keys_of
from .program import DimensionPlan, Program
from .values import MISSING

Decay = Callable[[int], float]  # of an age in microseconds
DeltaDecay = Callable[[timedelta], float]  # of an age as `as_of - at`
# What the hot loop does with a matching event: add its decayed points, keep only the most
# recent one (`once`), or count it. A Step is (rule index, action, within, points, decay),
# `within` and the decay's age as timedeltas (`as_of - at`, compared without conversion).
SUM, ONCE, COUNT = 0, 1, 2
Step = tuple[int, int, timedelta | None, float, DeltaDecay | None]
_MEMO_LIMIT = 50_000  # distinct property-value keys remembered per event type
_UNKEYED = object()  # the memo key of values that cannot be one; never stored
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
    where_keys: tuple[tuple[str, ...], ...] = ()  # the keys `where` looks up (memo keys)
    delta_decay: DeltaDecay | None = None  # `decay` of an age as a timedelta; None: no decay

    @property
    def rule_where(self) -> ast.Pred:
        """The `where` predicate of an event or count rule (only called when it has one)."""
        condition = self.rule.condition
        pattern = condition.pattern if isinstance(condition, ast.CountCondition) else condition
        assert isinstance(pattern, ast.EventPattern) and pattern.where is not None
        return pattern.where

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
        # An attribute, not a property: engines read it once per lead.
        self.dimension_names = tuple(d.name for d in self.dimensions if d.name is not None)
        total = program.total_range
        self.total_low = total.low if total else None
        self.total_high = total.high if total else None
        self.tiers = tuple(
            CompiledTier(t.name, compile_pred(t.condition, program) if t.condition else None, t)
            for t in program.tiers
        )
        # (index, test, points) of each profile and count rule: what evaluate reads per
        # lead, unpacked at once.
        self.profile_tests: tuple[tuple[int, Test, float], ...] = tuple(
            (r.index, r.profile, r.points) for r in self.rules if r.profile is not None
        )
        self.count_tests: tuple[tuple[int, Callable[[int], bool], float], ...] = tuple(
            (r.index, r.threshold, r.points) for r in self.rules if r.threshold is not None
        )
        self.event_rules = tuple(r for r in self.rules if r.kind == "event")
        # (index, cap, subtract) of each capped event rule: what CompiledRule.capped does.
        self.caps = tuple(
            (r.index, r.cap, r.rule.subtract) for r in self.event_rules if r.cap is not None
        )
        self._exact: dict[str, list[CompiledRule]] = {}
        self._prefixes: list[tuple[str, CompiledRule]] = []
        for rule in self.rules:
            self._index(rule)
        self._by_type: dict[str, tuple[CompiledRule, ...]] = {}
        self.plans: dict[str, EventPlan] = {}

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

    def plan(self, event_type: str) -> EventPlan:
        """The EventPlan of an event type (memoised per type)."""
        found = self.plans.get(event_type)
        if found is None:
            found = self.plans[event_type] = EventPlan(self.matchers(event_type))
        return found

    def clamp_total(self, value: float) -> float:
        return _clamp(value, self.total_low, self.total_high)


def _step_of(rule: CompiledRule) -> Step:
    action = COUNT if rule.kind == "count" else ONCE if rule.once else SUM
    within = None if rule.within is None else timedelta(microseconds=rule.within)
    return (rule.index, action, within, rule.points, rule.delta_decay)


class EventPlan:
    """The rules one event type feeds, with `where` results memoised by property values.

    A `where` predicate is a function of the values its paths look up (and of `as_of` only
    through `within` on a timestamp), so for predicates without such a test the rules whose
    `where` holds are remembered per tuple of looked-up values. Only text and missing values
    form keys: 1, 1.0 and true are equal as dict keys yet differ as spec values.
    """

    __slots__ = (
        "always",
        "simple",
        "cached",
        "live",
        "getters",
        "key_name",
        "keyed",
        "memo",
    )

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.always = tuple(_step_of(r) for r in rules if r.where is None)
        filtered = [(r.where, r) for r in rules if r.where is not None]
        self.live: tuple[tuple[Test, Step], ...] = tuple(
            (where, _step_of(r)) for where, r in filtered if depends_on_time(r.rule_where)
        )
        self.cached: tuple[tuple[Test, Step], ...] = tuple(
            (where, _step_of(r)) for where, r in filtered if not depends_on_time(r.rule_where)
        )
        self.simple = not self.cached and not self.live  # `always` is the whole answer
        timeless = [r for _, r in filtered if not depends_on_time(r.rule_where)]
        paths = list(dict.fromkeys(k for r in timeless for k in r.where_keys))
        self.getters: tuple[Getter, ...] = tuple(getter(p) for p in paths)
        # One one-part path (`url`, `form`): the key is that property's value, read inline.
        self.key_name = paths[0][0] if len(paths) == 1 and len(paths[0]) == 1 else None
        # When that property's text alone decides the steps (`memo[text]` is the whole
        # answer), its name: evaluate reads the memo inline.
        self.keyed = None if self.live else self.key_name
        self.memo: dict[object, tuple[Step, ...]] = {}

    def steps(self, props: Mapping[str, Any], as_of: datetime) -> tuple[Step, ...]:
        """The steps of every rule this event matches by type and `where` (not `within`)."""
        found = self.always
        if self.cached:
            name = self.key_name
            if name is not None:
                key = props.get(name)
                if key is None:
                    key = MISSING
                elif key.__class__ is not str:
                    key = _UNKEYED
            else:
                key = self._key(props)
            cached = self.memo.get(key)
            found = self._passing(props, as_of, key) if cached is None else cached
        if self.live:
            found += tuple(s for where, s in self.live if where(props, as_of))
        return found

    def _key(self, props: Mapping[str, Any]) -> object:
        """The memo key: the looked-up values, or _UNKEYED when one is not text or missing."""
        values = tuple(get(props) for get in self.getters)
        if all(v.__class__ is str or v is MISSING for v in values):
            return values
        return _UNKEYED

    def _passing(self, props: Mapping[str, Any], as_of: datetime, key: object) -> tuple[Step, ...]:
        found = self.always + tuple(s for where, s in self.cached if where(props, as_of))
        if key is not _UNKEYED and len(self.memo) < _MEMO_LIMIT:
            self.memo[key] = found
        return found


def _compile_rules(program: Program) -> list[CompiledRule]:
    compiled: list[CompiledRule] = []
    for dim_index, plan in enumerate(program.dimensions):
        decay = compile_decay(plan.decays)
        delta_decay = compile_delta_decay(plan.decays)
        for rule in plan.rules:
            index = len(compiled)
            compiled.append(_compile_rule(index, rule, dim_index, (decay, delta_decay), program))
    return compiled


def _compile_rule(
    index: int,
    rule: ast.Rule,
    dimension: int,
    decays: tuple[Decay, DeltaDecay | None],
    program: Program,
) -> CompiledRule:
    condition = rule.condition
    pattern = condition.pattern if isinstance(condition, ast.CountCondition) else condition
    is_pattern = isinstance(pattern, ast.EventPattern)
    where = None
    where_keys: tuple[tuple[str, ...], ...] = ()
    if isinstance(pattern, ast.EventPattern) and pattern.where is not None:
        reads = program.reading_of(pattern)
        where = compile_pred(pattern.where, program, reads)
        where_keys = keys_of(pattern.where, reads)
    threshold = None
    if isinstance(condition, ast.CountCondition):
        compare, bound = _COMPARE[condition.op], condition.threshold.value
        threshold = lambda count: compare(count, bound)  # noqa: E731
    profile = None
    if not is_pattern:
        profile = compile_pred(condition, program, program.reading_of(None))  # type: ignore[arg-type]
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
        decay=decays[0],
        label=rule_label(rule),
        where_keys=where_keys,
        delta_decay=decays[1],
    )


def rule_label(rule: ast.Rule) -> str:
    """Spec 3: a named rule by its name; an unnamed one by its canonical text and line."""
    if rule.name is not None:
        return rule.name
    return f"{printer.rule(rule)} (line {rule.span.line})"


def compile_decay(decays: tuple[ast.Decay, ...]) -> Decay:
    """Spec 4: step lines pick the largest D strictly below the age; `every` compounds.
    The age is in microseconds."""
    return _decay_of(decays, _micros) or _no_decay


def compile_delta_decay(decays: tuple[ast.Decay, ...]) -> DeltaDecay | None:
    """compile_decay of an age held as `as_of - at` (None without decay): the evaluator's
    hot loop compares timedeltas in C instead of turning each into microseconds first."""
    return _decay_of(decays, _delta)


def _decay_of(
    decays: tuple[ast.Decay, ...], unit: Callable[[int], Any]
) -> Callable[[Any], float] | None:
    """The decay function over ages of `unit`'s type (int µs or timedelta, exact alike:
    only `>` and `//` meet the age), or None without decay lines."""
    if not decays:
        return None
    every = [d for d in decays if d.mode == "every"]
    if every:
        keep, period = 1 - every[0].percent / 100, unit(every[0].duration.micros)
        return lambda age: keep ** (age // period)
    steps = sorted(((d.duration.micros, 1 - d.percent / 100) for d in decays), reverse=True)
    lines = [(unit(limit), factor) for limit, factor in steps]
    # One or two lines (the usual shapes) as plain comparisons: the hot loop calls this
    # once per matching event, and a loop over the lines costs more than the test itself.
    if len(lines) == 1:
        ((limit, factor),) = lines
        return lambda age: factor if age > limit else 1.0
    if len(lines) == 2:
        (oldest, last), (newest, first) = lines
        return lambda age: last if age > oldest else first if age > newest else 1.0

    def step(age: Any) -> float:
        for limit, factor in lines:
            if age > limit:
                return factor
        return 1.0

    return step


def _micros(micros: int) -> int:
    return micros


def _delta(micros: int) -> timedelta:
    return timedelta(microseconds=micros)


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
