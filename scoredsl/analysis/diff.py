"""Diff: two rule matrices over the same leads (old and new ruleset), joined row by row.

Everything here reads the matrices' rounded scores, tiers and per-rule contributions, so the
figures are the same on every engine: the tier migration (old tier x new tier), the leads
that moved most and the rules that moved them, the score distributions, and with outcomes
both backtests side by side and how the leads entering and leaving each tier converted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .backtest import Labels, backtest
from .diff_results import (
    DiffReport,
    DiffSide,
    LeadDiff,
    MigrationCell,
    Mover,
    OutcomeDiff,
    RuleDelta,
    Summary,
    TierFlow,
)
from .matrix import Floats, RuleMatrix
from .outcomes import Outcomes
from .rule_changes import Comparison, Pair

MOVERS = 10  # biggest rises and falls shown
MOVER_RULES = 5  # rules shown per mover
TOP = 0.3  # the capture at the top of the side-by-side backtests
_EPSILON = 1e-9


@dataclass(frozen=True)
class Versions:
    """The two matrices, row i of each the same lead."""

    old: RuleMatrix
    new: RuleMatrix
    comparison: Comparison

    def __post_init__(self) -> None:
        if self.old.lead_ids != self.new.lead_ids:
            raise ValueError("the two rule matrices are not over the same leads")

    @property
    def size(self) -> int:
        return self.old.size


def apply_leads(report: DiffReport, versions: Versions, data: str, as_of: str) -> None:
    """Fill in what the change does to the leads."""
    old, new = versions.old, versions.new
    delta = new.scores - old.scores
    moved = sum(a != b for a, b in zip(old.tiers, new.tiers, strict=True))
    report.data, report.as_of = data, as_of
    report.leads = versions.size
    report.changed = int((np.abs(delta) > _EPSILON).sum())
    report.moved = moved
    report.moved_share = moved / versions.size if versions.size else 0.0
    report.mean_change = float(delta.mean()) if versions.size else 0.0
    report.median_change = float(np.median(delta)) if versions.size else 0.0
    report.tiers = tier_order(old, new)
    report.migration = migration(old.tiers, new.tiers, report.tiers)
    report.up, report.down = movers(versions, delta)
    report.old_distribution = summary(old.scores)
    report.new_distribution = summary(new.scores)
    report.old_scores, report.new_scores = old.scores.tolist(), new.scores.tolist()


def tier_order(old: RuleMatrix, new: RuleMatrix) -> list[str | None]:
    """The new version's tiers, then tiers only the old one has, then "no tier" if any lead
    has none."""
    names: list[str | None] = [t.name for t in new.compiled.tiers]
    names += [t.name for t in old.compiled.tiers if t.name not in names]
    if any(t is None for t in [*old.tiers, *new.tiers]):
        names.append(None)
    return names


def migration(
    old: list[str | None], new: list[str | None], order: list[str | None]
) -> list[MigrationCell]:
    """One cell per (old tier, new tier) that holds leads, in tier order."""
    counts = Counter(zip(old, new, strict=True))
    total = len(old)
    return [
        MigrationCell.model_validate(
            {"from": a, "to": b, "leads": counts[(a, b)], "share": counts[(a, b)] / total}
        )
        for a in order
        for b in order
        if counts.get((a, b))
    ]


def summary(scores: Floats) -> Summary | None:
    if not len(scores):
        return None
    p25, median, p75 = np.percentile(scores, [25, 50, 75])
    return Summary(
        mean=float(scores.mean()),
        minimum=float(scores.min()),
        p25=float(p25),
        median=float(median),
        p75=float(p75),
        maximum=float(scores.max()),
    )


# ---------------------------------------------------------------- movers and rule deltas


def movers(versions: Versions, delta: Floats) -> tuple[list[Mover], list[Mover]]:
    """The biggest rises and falls, ties in input order."""
    up_rows = np.argsort(-delta, kind="stable")
    down_rows = np.argsort(delta, kind="stable")
    up = [mover(versions, int(r), MOVER_RULES) for r in up_rows[:MOVERS] if delta[r] > _EPSILON]
    down = [
        mover(versions, int(r), MOVER_RULES) for r in down_rows[:MOVERS] if delta[r] < -_EPSILON
    ]
    return up, down


def mover(versions: Versions, row: int, most: int | None) -> Mover:
    old, new = versions.old, versions.new
    deltas = [d for d in rule_deltas(versions, row) if abs(d.delta) > _EPSILON]
    return Mover(
        lead_id=old.lead_ids[row],
        old_score=float(old.scores[row]),
        new_score=float(new.scores[row]),
        delta=float(new.scores[row] - old.scores[row]),
        old_tier=old.tiers[row],
        new_tier=new.tiers[row],
        rules=deltas[:most],
    )


def rule_deltas(versions: Versions, row: int) -> list[RuleDelta]:
    """Every rule of either version for one lead, biggest change first (stable)."""
    found = [_delta(versions, pair, row) for pair in versions.comparison.pairs]
    return sorted(found, key=lambda d: -abs(d.delta))


def _delta(versions: Versions, pair: Pair, row: int) -> RuleDelta:
    old, new = versions.old, versions.new
    before = None if pair.old is None else float(old.contributions[row, pair.old])
    after = None if pair.new is None else float(new.contributions[row, pair.new])
    label = new.labels[pair.new] if pair.new is not None else old.labels[pair.old or 0]
    change = (after or 0.0) - (before or 0.0)
    return RuleDelta(
        rule=label,
        old=before,
        new=after,
        delta=change + 0.0,
        why=_why(versions, pair, abs(change) > _EPSILON),
    )


def _why(versions: Versions, pair: Pair, changed: bool) -> str:
    if pair.why:
        return pair.why
    if not changed:
        return ""
    assert pair.new is not None
    compiled = versions.new.compiled
    dimension = compiled.dimensions[compiled.rules[pair.new].dimension].name
    if dimension in versions.comparison.decay_changed:
        return "decay changed"
    # the rule is the same: only how the data is read can have changed
    return "schema changed" if versions.comparison.schema_changed else ""


def explain_lead(versions: Versions, row: int) -> LeadDiff:
    old, new = versions.old, versions.new
    return LeadDiff(
        lead_id=old.lead_ids[row],
        old_score=float(old.scores[row]),
        new_score=float(new.scores[row]),
        old_tier=old.tiers[row],
        new_tier=new.tiers[row],
        old_dimensions={k: float(v[row]) for k, v in old.dimensions.items()},
        new_dimensions={k: float(v[row]) for k, v in new.dimensions.items()},
        rules=rule_deltas(versions, row),
    )


# ---------------------------------------------------------------- outcomes


def apply_outcomes(
    report: DiffReport, versions: Versions, outcomes: Outcomes, labels: Labels
) -> None:
    """Both backtests on the same leads, and the conversion of leads entering/leaving tiers."""
    sides = [backtest(m, outcomes, labels, TOP) for m in (versions.old, versions.new)]
    old, new = (
        DiffSide(
            auc=b.auc,
            top=TOP,
            captured_top=b.top.captured if b.top else 0.0,
            tiers=b.tiers,
        )
        for b in sides
    )
    kept = np.flatnonzero(outcomes.keep)
    y = outcomes.converted[kept]
    before = np.array(versions.old.tiers, dtype=object)[kept]
    after = np.array(versions.new.tiers, dtype=object)[kept]
    report.outcomes = OutcomeDiff(
        source=outcomes.source,
        leads=len(kept),
        conversions=int(y.sum()),
        old=old,
        new=new,
        flows=[flow(name, before, after, y) for name in report.tiers],
    )


def flow(
    tier: str | None,
    before: npt.NDArray[np.object_],
    after: npt.NDArray[np.object_],
    y: npt.NDArray[np.bool_],
) -> TierFlow:
    was = np.array([t == tier for t in before], dtype=np.bool_)
    now = np.array([t == tier for t in after], dtype=np.bool_)
    entered, left = now & ~was, was & ~now
    return TierFlow(
        tier=tier,
        entered=int(entered.sum()),
        entered_conversions=int(y[entered].sum()),
        entered_rate=_rate(y, entered),
        left=int(left.sum()),
        left_conversions=int(y[left].sum()),
        left_rate=_rate(y, left),
    )


def _rate(y: npt.NDArray[np.bool_], mask: npt.NDArray[np.bool_]) -> float | None:
    count = int(mask.sum())
    return int(y[mask].sum()) / count if count else None
