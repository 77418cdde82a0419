"""Small, sound reasoning about predicates: implication between conditions, whether a tier
condition can hold (or always holds) within score bounds, and conjunctions no value meets.

Every answer errs on the side of "don't know", so a lint rule built on it never reports a
flaw that is not there; it may miss some.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .. import ast
from ..values import fold, round_half_away
from .bounds import Bounds, Interval

Resolve = Callable[[ast.Operand], ast.Literal_]


# ---------------------------------------------------------------- numeric sets


@dataclass(frozen=True, slots=True)
class NumSet:
    """An interval of numbers with open or closed ends."""

    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False

    def meet(self, other: NumSet) -> NumSet:
        lo, lo_open = max((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_open = min((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return NumSet(lo, hi, lo_open, not hi_open)

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def within(self, other: NumSet) -> bool:
        """Every number of self is in other."""
        if self.empty:
            return True
        lo_ok = self.lo > other.lo or (self.lo == other.lo and (self.lo_open or not other.lo_open))
        hi_ok = self.hi < other.hi or (self.hi == other.hi and (self.hi_open or not other.hi_open))
        return lo_ok and hi_ok

    def contains(self, value: float) -> bool:
        return not NumSet(value, value).meet(self).empty


def numeric_set(leaf: ast.Comparison, resolve: Resolve) -> NumSet | None:
    """The numbers a `PATH CMP NUMBER` comparison accepts; None for any other form."""
    if not isinstance(leaf, ast.Compare):
        return None
    value = resolve(leaf.operand)
    if not isinstance(value, ast.Number) or leaf.op == "!=":
        return None
    x = value.value
    return {
        "==": NumSet(x, x),
        "<": NumSet(hi=x, hi_open=True),
        "<=": NumSet(hi=x),
        ">": NumSet(lo=x, lo_open=True),
        ">=": NumSet(lo=x),
    }[leaf.op]


# ---------------------------------------------------------------- implication


def implies(p: ast.Pred, q: ast.Pred, resolve: Resolve) -> bool:
    """True when every lead that satisfies p satisfies q (False: unknown)."""
    if p == q:
        return True
    if isinstance(q, ast.And):
        return implies(p, q.left, resolve) and implies(p, q.right, resolve)
    if isinstance(p, ast.Or):
        return implies(p.left, q, resolve) and implies(p.right, q, resolve)
    if isinstance(q, ast.Or) and (implies(p, q.left, resolve) or implies(p, q.right, resolve)):
        return True
    if isinstance(p, ast.And):
        return implies(p.left, q, resolve) or implies(p.right, q, resolve)
    return _leaf_implies(p, q, resolve)


def _leaf_implies(p: ast.Pred, q: ast.Pred, resolve: Resolve) -> bool:
    if isinstance(p, ast.Not | ast.And | ast.Or) or isinstance(q, ast.Not | ast.And | ast.Or):
        return False
    if p.path != q.path:
        return False
    ps, qs = numeric_set(p, resolve), numeric_set(q, resolve)
    return ps is not None and qs is not None and ps.within(qs)


# ---------------------------------------------------------------- tier conditions vs bounds


def tier_possible(pred: ast.Pred, bounds: Bounds, resolve: Resolve) -> bool:
    """False only when no reachable score makes the tier condition true."""
    if isinstance(pred, ast.And):
        return tier_possible(pred.left, bounds, resolve) and tier_possible(
            pred.right, bounds, resolve
        )
    if isinstance(pred, ast.Or):
        return tier_possible(pred.left, bounds, resolve) or tier_possible(
            pred.right, bounds, resolve
        )
    if isinstance(pred, ast.Not):
        return not tier_always(pred.operand, bounds, resolve)
    reach, wanted = _reach_and_wanted(pred, bounds, resolve)
    return reach is None or wanted is None or not reach.meet(wanted).empty


def tier_always(pred: ast.Pred, bounds: Bounds, resolve: Resolve) -> bool:
    """True only when every reachable score makes the tier condition true."""
    if isinstance(pred, ast.And):
        return tier_always(pred.left, bounds, resolve) and tier_always(pred.right, bounds, resolve)
    if isinstance(pred, ast.Or):
        return tier_always(pred.left, bounds, resolve) or tier_always(pred.right, bounds, resolve)
    if isinstance(pred, ast.Not):
        return not tier_possible(pred.operand, bounds, resolve)
    reach, wanted = _reach_and_wanted(pred, bounds, resolve)
    return reach is not None and wanted is not None and reach.within(wanted)


def _reach_and_wanted(
    leaf: ast.Comparison, bounds: Bounds, resolve: Resolve
) -> tuple[NumSet | None, NumSet | None]:
    interval = bounds.of(leaf.path.dotted)
    if interval is None:
        return None, None
    return _rounded(interval), numeric_set(leaf, resolve)


def _rounded(interval: Interval) -> NumSet:
    """Tiers compare rounded values (spec 6), so the reachable set is rounded too."""
    lo = interval.lo if math.isinf(interval.lo) else round_half_away(interval.lo)
    hi = interval.hi if math.isinf(interval.hi) else round_half_away(interval.hi)
    return NumSet(lo, hi)


# ---------------------------------------------------------------- contradictions


@dataclass
class _Domain:
    """What a conjunction demands of one path."""

    leaves: list[ast.Comparison] = field(default_factory=list)
    missing: bool = False
    present: bool = False
    allowed: set[object] | None = None
    excluded: set[object] = field(default_factory=set)
    numbers: NumSet = field(default_factory=NumSet)
    numeric: bool = False


def _key(value: ast.Scalar) -> object:
    if isinstance(value, ast.String):
        return fold(value.value)
    return value.value


def conjunctions(pred: ast.Pred) -> Iterator[tuple[ast.Pred, list[ast.Comparison]]]:
    """Each maximal `and` chain (or lone comparison) with its comparison leaves, where its
    truth is the truth of the whole condition's (not under an odd number of `not`s)."""
    if isinstance(pred, ast.Or):
        yield from conjunctions(pred.left)
        yield from conjunctions(pred.right)
    elif isinstance(pred, ast.Not):
        # Under one `not` a condition no value meets becomes one every value meets: no
        # contradiction there. Two `not`s cancel.
        if isinstance(pred.operand, ast.Not):
            yield from conjunctions(pred.operand.operand)
    elif isinstance(pred, ast.And):
        parts = _and_parts(pred)
        yield pred, [p for p in parts if not isinstance(p, ast.Not | ast.And | ast.Or)]
        for part in parts:
            if isinstance(part, ast.Or | ast.Not):
                yield from conjunctions(part)
    else:
        yield pred, [pred]


def _and_parts(pred: ast.Pred) -> list[ast.Pred]:
    if isinstance(pred, ast.And):
        return _and_parts(pred.left) + _and_parts(pred.right)
    return [pred]


def unsatisfiable_paths(
    leaves: list[ast.Comparison], resolve: Resolve
) -> list[list[ast.Comparison]]:
    """Groups of comparisons on one path that no value satisfies together."""
    domains: dict[ast.Path, _Domain] = {}
    for leaf in leaves:
        domain = domains.setdefault(leaf.path, _Domain())
        domain.leaves.append(leaf)
        _narrow(domain, leaf, resolve)
    return [d.leaves for d in domains.values() if _empty(d)]


def _narrow(domain: _Domain, leaf: ast.Comparison, resolve: Resolve) -> None:
    if isinstance(leaf, ast.Presence):
        domain.missing |= leaf.missing
        domain.present |= not leaf.missing
        return
    domain.present = True  # every other form is false on a missing value (spec 7)
    if isinstance(leaf, ast.InList):
        items = resolve(leaf.operand)
        if isinstance(items, ast.ListValue):
            keys = {_key(item) for item in items.items}
            if leaf.negated:
                domain.excluded |= keys
            else:
                domain.allowed = keys if domain.allowed is None else domain.allowed & keys
        return
    if isinstance(leaf, ast.Compare):
        value = resolve(leaf.operand)
        if leaf.op == "!=" and isinstance(value, ast.String | ast.Number | ast.Bool):
            domain.excluded.add(_key(value))
        elif leaf.op == "==" and isinstance(value, ast.String | ast.Number | ast.Bool):
            key = {_key(value)}
            domain.allowed = key if domain.allowed is None else domain.allowed & key
        numbers = numeric_set(leaf, resolve)
        if numbers is not None:
            domain.numbers = domain.numbers.meet(numbers)
            domain.numeric = True


def _empty(domain: _Domain) -> bool:
    if domain.missing and domain.present:
        return True
    if domain.numeric and domain.numbers.empty:
        return True
    if domain.allowed is None:
        return False
    left = domain.allowed - domain.excluded
    if domain.numeric:
        left = {v for v in left if _as_float(v) is not None}
        left = {v for v in left if domain.numbers.contains(_as_float(v) or 0.0)}
    return not left


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None
