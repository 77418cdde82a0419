"""Evaluate: score one lead with a CompiledRuleset in a single pass over its events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .compile import COUNT, SUM, CompiledRuleset, CompiledTier
from .models import Lead, LeadRows, ScoreResult, score_result
from .values import add_in_order, round_half_away

_NO_PROPS: dict[str, object] = {}  # what a `where` reads of an event without props
_NO_TIME = timedelta(0)


@dataclass(frozen=True)
class Totals:
    """Everything after the per-rule contributions: dimensions, total, rounding, tier."""

    dimension_values: tuple[float, ...]  # unrounded, clamped; index 0 is the unnamed one
    total: float  # unrounded, clamped
    rounded_total: float
    rounded_scores: dict[str, float]
    tier: CompiledTier | None


def contributions(
    compiled: CompiledRuleset,
    lead: Lead | LeadRows,
    as_of: datetime,
    fired: list[bool] | None = None,
) -> list[float]:
    """Each rule's contribution (spec 3), indexed like compiled.rules.

    `lead` is a Lead, or the rows of a plain lead dict (`models.quick_rows`), which
    `Ruleset.score` scores without building an object per event.

    With `fired` (a list of len(compiled.rules)), also marks each rule that fired as explain
    says it: an event rule with a matching event (even one decayed to 0), a count or profile
    rule whose condition held.
    """
    n = len(compiled.rules)
    sums = [0.0] * n
    counts = [0] * n
    latest: list[datetime | None] = [None] * n
    plans = compiled.plans
    rows: Iterable[tuple[str, datetime, Mapping[str, Any] | None]]
    if isinstance(lead, LeadRows):
        rows = zip(lead.types, lead.moments, lead.props, strict=True)
    else:
        rows = [(event.type, event.at, event.props) for event in lead.events]
    for kind, at, props in rows:
        plan = plans.get(kind) or compiled.plan(kind)
        if plan.simple:
            steps = plan.always
        else:
            props = props or _NO_PROPS
            # The usual `where` reads one text property: its memoised steps, else the plan's.
            name = plan.keyed
            key = None if name is None else props.get(name)
            found = plan.memo.get(key) if key.__class__ is str else None
            steps = plan.steps(props, as_of) if found is None else found
        if not steps:
            continue  # no rule reads this event: its age is not needed
        # The age stays a timedelta: `within` and the decays compare it as one, in C.
        age = as_of - at
        if age < _NO_TIME:
            continue  # no look-ahead: events after as_of are ignored everywhere
        for index, action, within, points, decay in steps:
            if within is not None and age > within:
                continue
            if fired is not None:
                fired[index] = True
            if action == SUM:
                sums[index] += points if decay is None else points * decay(age)
            elif action == COUNT:
                counts[index] += 1
            else:  # ONCE: the most recent matching event; ties keep the first (same value)
                seen = latest[index]
                if seen is None or at > seen:
                    latest[index] = at
                    sums[index] = points if decay is None else points * decay(age)
    for index, cap, subtract in compiled.caps:  # CompiledRule.capped, inlined
        value = sums[index]
        sums[index] = max(value, -cap) if subtract else min(value, cap)
    for index, threshold, points in compiled.count_tests:
        held = threshold(counts[index])
        sums[index] = points if held else 0.0
        if fired is not None:
            fired[index] = held
    attributes = lead.attributes
    for index, test, points in compiled.profile_tests:
        held = test(attributes, as_of)
        sums[index] = points if held else 0.0
        if fired is not None:
            fired[index] = held
    return sums


def fired(compiled: CompiledRuleset, lead: Lead, as_of: datetime) -> list[bool]:
    """Whether each rule fired for the lead, as explain reports it: a profile or count rule
    when its condition held, an event rule when an event matched (even one decayed to 0).
    The one scoring pass of `contributions` marks them."""
    flags = [False] * len(compiled.rules)
    contributions(compiled, lead, as_of, flags)
    return flags


def totals(compiled: CompiledRuleset, parts: list[float], as_of: datetime) -> Totals:
    values: list[float] = []
    rounded: dict[str, float] = {}
    for dim in compiled.dimensions:  # one pass: each dimension's value and its rounding
        value = dim.clamp(add_in_order(map(parts.__getitem__, dim.rule_indexes)))
        values.append(value)
        if dim.name is not None:
            rounded[dim.name] = _rounded(value)
    total = compiled.clamp_total(add_in_order(values))
    rounded_total = _rounded(total)
    tier = choose_tier(compiled, rounded_total, rounded, as_of)
    return Totals(tuple(values), total, rounded_total, rounded, tier)


def _rounded(value: float) -> float:
    """`round_half_away` (on the shortest repr) without its repr and Decimal arithmetic.

    Rounding to cents is constant between two ties (k + 0.5) / 100, so the repr and the
    float itself round alike unless a tie lies between them. Below 1e10 they differ by under
    1e-4 cents, as does `value * 100` from its exact product: a fraction of a cent farther
    than 1e-3 from one half decides alone, and cents / 100 is the float nearest those cents,
    as Decimal's float() of them is. Nearer a tie (2.675), the Decimal path decides.
    """
    if value.__class__ is float and -1e10 < value < 1e10:
        if value.is_integer():
            return value + 0.0  # never -0.0
        magnitude = value if value > 0 else -value
        hundredths = magnitude * 100.0
        cents = int(hundredths)
        fraction = hundredths - cents
        if not 0.499 < fraction < 0.501:
            if fraction > 0.5:
                cents += 1
            return cents / 100 if value > 0 else -cents / 100 + 0.0
    return round_half_away(value)


def tier_inputs(rounded_total: float, rounded: dict[str, float]) -> dict[str, float]:
    """What a tier condition sees: rounded values (spec 6), `score` and `total` alike."""
    return {**rounded, "score": rounded_total, "total": rounded_total}


def choose_tier(
    compiled: CompiledRuleset, rounded_total: float, rounded: dict[str, float], as_of: datetime
) -> CompiledTier | None:
    inputs = tier_inputs(rounded_total, rounded)
    for tier in compiled.tiers:
        if tier.test is None or tier.test(inputs, as_of):
            return tier
    return None


def score(compiled: CompiledRuleset, lead: Lead | LeadRows, as_of: datetime) -> ScoreResult:
    return record(lead.id, totals(compiled, contributions(compiled, lead, as_of), as_of))


def record(lead_id: str, result: Totals) -> ScoreResult:
    """The spec-11 record of a lead's totals."""
    tier = result.tier.name if result.tier else None
    return score_result(lead_id, result.rounded_total, result.rounded_scores, tier)
