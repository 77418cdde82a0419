"""Reachable score bounds: the lowest and highest value each dimension and the total can
take, over every possible lead, derived from the rules alone (spec 3-5).

Sound over-approximation: rules are treated as independent (two profile rules that can
never both fire still add up), so a bound may be wider than any real lead reaches, never
narrower. Per rule, with N the signed points:

- profile and count rules contribute 0 or N;
- an event rule contributes a sum of N * decay over events; decay factors lie in 0..1
  (decay only shrinks a contribution toward 0), so with `once` it is between 0 and N, and
  without it unbounded in N's direction;
- `max M` caps the sum (`min(c, M)` for add, `max(c, -M)` for subtract);
- a dimension is the sum of its rules clamped by its `range`; the total is the sum of
  the dimensions clamped by the top-level `range`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import ast
from ..program import DimensionPlan, Program


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def clamp(self, limits: ast.Range | None) -> Interval:
        if limits is None:
            return self
        return Interval(_clip(self.lo, limits), _clip(self.hi, limits))


ZERO = Interval(0.0, 0.0)


def _clip(value: float, limits: ast.Range) -> float:
    return min(max(value, limits.low), limits.high)


@dataclass(frozen=True)
class Bounds:
    """Bounds by dimension name (None: the unnamed one) and of the total."""

    dimensions: dict[str | None, Interval]
    total: Interval

    def of(self, name: str) -> Interval | None:
        """The bounds of what a tier condition names: `score`/`total` or a dimension."""
        if name in ("score", "total"):
            return self.total
        return self.dimensions.get(name)


def rule_bounds(rule: ast.Rule) -> Interval:
    points = rule.signed_points
    one = Interval(min(0.0, points), max(0.0, points))
    if rule.kind != "event" or rule.once:
        found = one
    else:
        found = Interval(-math.inf if points < 0 else 0.0, math.inf if points > 0 else 0.0)
    cap = rule.cap
    if rule.kind != "event" or cap is None:
        return found
    if rule.subtract:
        return Interval(max(found.lo, -cap), max(found.hi, -cap))
    return Interval(min(found.lo, cap), min(found.hi, cap))


def dimension_bounds(plan: DimensionPlan) -> Interval:
    total = ZERO
    for rule in plan.rules:
        total = total + rule_bounds(rule)
    return total.clamp(plan.range)


def compute_bounds(program: Program) -> Bounds:
    dimensions = {plan.name: dimension_bounds(plan) for plan in program.dimensions}
    total = ZERO
    for interval in dimensions.values():
        total = total + interval
    return Bounds(dimensions, total.clamp(program.total_range))
