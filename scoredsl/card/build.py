"""Ruleset (+ what the leads did) -> Card: the wording of every rule, tier, decay and range,
the reachable bounds the linter computes, and with leads the fire counts and conversion
rates the backtest computes from the rule matrix (nothing is scored or counted twice).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import ast, printer, wording
from ..compile import CompiledRule, CompiledRuleset
from ..lint.bounds import Interval, compute_bounds
from ..program import Program
from ..ruleset import Ruleset
from .model import (
    Card,
    Criterion,
    CriterionStats,
    Dimension,
    Reach,
    Stats,
    Tier,
    TierStats,
    Total,
)

if TYPE_CHECKING:  # the figures need numpy (the analysis extra); a card without them doesn't
    from ..analysis.matrix import Bools, RuleMatrix
    from ..analysis.outcomes import Outcomes


@dataclass(frozen=True)
class Seen:
    """What the leads did: the rule matrix, their outcomes (if known), and labels."""

    matrix: RuleMatrix
    outcomes: Outcomes | None
    data: str  # "leads.csv + events.csv"
    as_of: str  # ISO instant


def card(ruleset: Ruleset, seen: Seen | None = None) -> Card:
    """The score card of a ruleset; with `seen`, each criterion's and tier's figures."""
    program = ruleset.program
    compiled = ruleset.compiled
    bounds = compute_bounds(program)
    dimensions = [
        _dimension(program, compiled, index, bounds.dimensions[plan.name])
        for index, plan in enumerate(program.dimensions)
        if plan.rules or plan.name is not None
    ]
    _title_unnamed(dimensions)
    limits = program.total_range
    found = Card(
        ruleset=ruleset.name or os.path.basename(program.path),
        version=ruleset.version,
        path=program.path,
        dimensions=dimensions,
        total=Total(limits=_limits(limits), reach=_reach(bounds.total)),
        tiers=[_tier(t, program.lets) for t in program.tiers],
        notes=[],
        reading=wording.reading(program.schema) if program.schema is not None else [],
    )
    found.notes = _notes(found, program)
    if seen is not None:
        _add_stats(found, seen)
    return found


def _dimension(
    program: Program, compiled: CompiledRuleset, index: int, bounds: Interval
) -> Dimension:
    plan = program.dimensions[index]
    rules = [r for r in _in_card_order(compiled) if r.dimension == index]
    activities = any(r.kind == "event" for r in rules)
    return Dimension(
        name=plan.name,
        title=wording.title(plan.name) if plan.name is not None else "Criteria",
        criteria=[_criterion(r.rule, r.label, program.lets) for r in rules],
        decay=[wording.decay(d) for d in plan.decays] if activities else [],
        limits=_limits(plan.range),
        reach=_reach(bounds),
    )


def _in_card_order(compiled: CompiledRuleset) -> list[CompiledRule]:
    """The rules as the card lists them: by dimension, in file order within one."""
    return sorted(compiled.rules, key=lambda r: (r.dimension, r.index))


def _title_unnamed(dimensions: list[Dimension]) -> None:
    """The rules outside any dimension are "Criteria" alone, "Other criteria" beside others."""
    if len(dimensions) > 1:
        for dimension in dimensions:
            if dimension.name is None:
                dimension.title = "Other criteria"


def _criterion(rule: ast.Rule, label: str, lets: wording.Lets) -> Criterion:
    return Criterion(
        rule=label,
        name=rule.name,
        text=wording.criterion(rule, lets),
        points=rule.signed_points,
        points_text=wording.rule_points(rule),
        kind=rule.kind,
        source=printer.rule(rule),
        file=rule.span.path,
        line=rule.span.line,
    )


def _tier(node: ast.Tier, lets: wording.Lets) -> Tier:
    return Tier(
        name=node.name,
        title=node.name,  # the user's identifier, as in records, backtest and diff: `sql`, `MQL`
        text=wording.tier(node, lets),
        condition=printer.tier_condition(node),
    )


def _limits(node: ast.Range | None) -> str | None:
    return wording.kept_within(node) if node is not None else None


def _reach(bounds: Interval) -> Reach:
    low = bounds.lo if math.isfinite(bounds.lo) else None
    high = bounds.hi if math.isfinite(bounds.hi) else None
    return Reach(low=low, high=high, text=wording.reach(low, high))


# ---------------------------------------------------------------- footnotes


def _notes(found: Card, program: Program) -> list[str]:
    rules = [rule for plan in program.dimensions for rule in plan.rules]
    tests = [
        (test, program.resolve(test.operand))
        for rule in rules
        for predicate, _, _ in ast.rule_predicates(rule)
        for test in ast.comparisons(predicate)
        if not isinstance(test, ast.Presence | ast.WithinTime)
    ]
    notes = []
    if len(found.tiers) > 1:
        notes.append(wording.NOTE_TIERS)
    if any(_is_text(test, value) for test, value in tests):
        notes.append(wording.NOTE_CASE)
    if any(isinstance(test, ast.TextTest) and test.op == "matches" for test, _ in tests):
        notes.append(wording.NOTE_PATTERN)
    if any(d.decay for d in found.dimensions):
        notes.append(wording.NOTE_DECAY)
    texts = [c.text for c in found.criteria()] + [t.text for t in found.tiers]
    if any("unknown" in text or "(if known)" in text or " known" in text for text in texts):
        notes.append(wording.NOTE_UNKNOWN)
    included = _included(program)
    if included:
        notes.append(included)
    return notes


def _is_text(test: ast.Comparison, value: ast.Literal_) -> bool:
    """A test that compares text (and so ignores case): not `matches`, not numbers."""
    if isinstance(test, ast.TextTest):
        return test.op != "matches"
    items = value.items if isinstance(value, ast.ListValue) else (value,)
    return any(isinstance(item, ast.String) for item in items)


def _included(program: Program) -> str | None:
    folder = os.path.dirname(program.path)
    others = [
        os.path.relpath(path, folder or ".")
        for path in program.sources.paths()
        if path != program.path
    ]
    return wording.includes(others)


# ---------------------------------------------------------------- figures from the leads


def _add_stats(found: Card, seen: Seen) -> None:
    """Fire counts from the matrix; with outcomes, over the leads whose outcome counts, the
    conversion rates by rule and tier exactly as the backtest reports them."""
    import numpy as np

    from ..analysis.backtest import rule_rows, tier_rows

    matrix, y = _counted(seen)
    n = matrix.size
    fired = matrix.fired.sum(axis=0) if n else np.zeros(len(matrix.compiled.rules), dtype=int)
    rates: list[float | None] = [None] * len(matrix.compiled.rules)
    tier_rates: dict[str | None, float | None] = {}
    if y is not None:
        rates = [row.rate_when_fired for row in rule_rows(matrix, y)]
        tier_rates = {row.tier: row.rate for row in tier_rows(matrix, y, None)}
    counts = fired.tolist()
    ordered = _in_card_order(matrix.compiled)
    for criterion, rule in zip(found.criteria(), ordered, strict=True):
        count = int(counts[rule.index])
        criterion.stats = CriterionStats(
            fired=count, share=_share(count, n), rate=rates[rule.index]
        )
    tiers = Counter(matrix.tiers)
    for tier in found.tiers:
        count = tiers.get(tier.name, 0)
        rate = tier_rates.get(tier.name) if count else None
        tier.stats = TierStats(leads=count, share=_share(count, n), rate=rate)
    conversions = None if y is None else int(y.sum())
    outcomes = seen.outcomes
    found.stats = Stats(
        data=seen.data,
        as_of=seen.as_of,
        leads=n,
        outcomes=outcomes.source if outcomes is not None else None,
        conversions=conversions,
        base_rate=None if conversions is None else _share(conversions, n),
        left_out=outcomes.excluded if outcomes is not None else 0,
        no_tier=tiers.get(None, 0) if found.tiers else 0,
    )


def _counted(seen: Seen) -> tuple[RuleMatrix, Bools | None]:
    """The leads the figures count (as the backtest: not those converted before as-of)."""
    outcomes = seen.outcomes
    if outcomes is None:
        return seen.matrix, None
    import numpy as np

    kept = np.flatnonzero(outcomes.keep)
    matrix = seen.matrix.subset(kept) if len(kept) < seen.matrix.size else seen.matrix
    return matrix, outcomes.converted[kept]


def _share(count: int, n: int) -> float:
    return count / n if n else 0.0
