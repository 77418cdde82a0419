"""Backtest: statistics over (rule matrix, outcomes) -> a BacktestReport.

Every figure is computed from the matrix's rounded scores, tiers and fired flags, so it is
the same on every engine. Ties: the ROC AUC counts them half (scikit-learn's
`roc_auc_score`); gains, bands and the top cut rank leads by score, best first, ties in
input order (a stable sort), so `pandas.sort_values(kind="stable")` reproduces them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .. import ast, printer
from ..compile import CompiledRuleset
from .learn import roc_auc_score
from .matrix import Bools, Cells, Floats, RuleMatrix
from .outcomes import Outcomes
from .results import (
    BacktestReport,
    BandRow,
    GainsRow,
    RuleRow,
    ThresholdMove,
    TierRow,
    TopCut,
    Warning_,
)

GAINS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
BANDS = 10
# Leakage (as Lattice warns): near-perfect conversion on a sizeable share of the leads.
LEAK_SHARE = 0.05  # at least 5% of the leads...
LEAK_MIN_LEADS = 20  # ...and at least 20 of them
LEAK_HIGH = 0.95  # converting at 95% or more
LEAK_LOW = 0.02  # or at 2% or less, while that is under a fifth of the base rate
LEAK_LOW_LIFT = 0.2
ATTRIBUTE_VALUES = 20  # an attribute with at most this many values is read as categories
THRESHOLD_STEPS = (-2, -1, 1, 2)


@dataclass(frozen=True)
class Labels:
    """What the report says it was run on."""

    ruleset: str
    data: str
    as_of: str


def backtest(
    matrix: RuleMatrix,
    outcomes: Outcomes,
    labels: Labels,
    top: float = 0.3,
    attributes: Sequence[str] = (),
) -> BacktestReport:
    """The report over the leads outcomes keep (point-in-time: not converted before as_of)."""
    kept = np.flatnonzero(outcomes.keep)
    data = matrix.subset(kept) if len(kept) < matrix.size else matrix
    y = outcomes.converted[kept]
    value = None if outcomes.value is None else outcomes.value[kept]
    stats = Ranking(data.scores, y)
    rules = rule_rows(data, y)
    report = BacktestReport(
        ruleset=labels.ruleset,
        data=labels.data,
        as_of=labels.as_of,
        leads=stats.n,
        conversions=stats.positives,
        base_rate=stats.base,
        excluded_converted_before=outcomes.excluded,
        auc=auc(y, data.scores),
        dimension_auc={name: auc(y, values) for name, values in data.dimensions.items()},
        tiers=tier_rows(data, y, value),
        rules=rules,
        gains=gains(stats),
        bands=bands(stats),
        thresholds=thresholds(data.compiled, stats),
        top=top_cut(stats, top),
        scores=data.scores.tolist(),
        converted=y.tolist(),
    )
    report.warnings.extend(_rule_warnings(rules, stats))
    report.warnings.extend(attribute_leaks(data, y, attributes))
    if outcomes.missing:
        report.warnings.append(
            Warning_(
                code="no-outcome",
                subject=outcomes.source,
                message=f"{outcomes.missing} leads have no outcome row: counted as not converted",
            )
        )
    return report


class Ranking:
    """Scores and outcomes, with the best-first order computed once."""

    def __init__(self, scores: Floats, y: Bools) -> None:
        self.scores = scores
        self.y = y
        self.n = len(y)
        self.positives = int(y.sum())
        self.base = self.positives / self.n if self.n else 0.0
        self.order = np.argsort(-scores, kind="stable")  # best first, ties in input order
        self.hits = np.cumsum(y[self.order])  # conversions among the best k+1

    def captured(self, conversions: int) -> float:
        return conversions / self.positives if self.positives else 0.0

    def lift(self, rate: float) -> float:
        return rate / self.base if self.base else 0.0


def auc(y: Bools, scores: Floats) -> float | None:
    """ROC AUC, ties counted half; None with only one class."""
    if len(y) == 0 or y.all() or not y.any():
        return None
    return float(roc_auc_score(y, scores))


def _rate(conversions: int, leads: int) -> float:
    return conversions / leads if leads else 0.0


def tier_rows(matrix: RuleMatrix, y: Bools, value: Floats | None) -> list[TierRow]:
    tiers = np.array(matrix.tiers, dtype=object)
    names: list[str | None] = [tier.name for tier in matrix.compiled.tiers]
    if any(t is None for t in matrix.tiers):
        names.append(None)
    n, positives = len(y), int(y.sum())
    base = _rate(positives, n)
    rows = []
    for name in names:
        inside = tiers == name if name is not None else np.array([t is None for t in tiers])
        leads, conversions = int(inside.sum()), int(y[inside].sum())
        rate = _rate(conversions, leads)
        rows.append(
            TierRow(
                tier=name,
                leads=leads,
                share=_rate(leads, n),
                conversions=conversions,
                rate=rate,
                lift=rate / base if base else 0.0,
                captured=_rate(conversions, positives),
                value=None if value is None else float(value[inside].sum()),
            )
        )
    return rows


def rule_rows(matrix: RuleMatrix, y: Bools) -> list[RuleRow]:
    n, positives = len(y), int(y.sum())
    base = _rate(positives, n)
    rows = []
    for rule in matrix.compiled.rules:
        fired = matrix.fired[:, rule.index]
        count = int(fired.sum())
        when = _rate(int(y[fired].sum()), count) if count else None
        other = n - count
        when_not = _rate(int(y[~fired].sum()), other) if other else None
        lift = when / base if when is not None and base else None
        contradicts = when is not None and (
            (rule.points > 0 and when < base) or (rule.points < 0 and when > base)
        )
        leak = when is not None and leaky(when, count, n, base)
        rows.append(
            RuleRow(
                rule=rule.label,
                dimension=matrix.compiled.dimensions[rule.dimension].name,
                points=rule.points,
                fired=count,
                rate_when_fired=when,
                rate_when_not_fired=when_not,
                lift=lift,
                contradicts=contradicts,
                leakage=leak,
            )
        )
    return rows


def leaky(rate: float, count: int, n: int, base: float) -> bool:
    """Near-perfect conversion (either way) on a sizeable share of the leads."""
    if count < LEAK_MIN_LEADS or count < LEAK_SHARE * n:
        return False
    high = rate >= LEAK_HIGH and base < LEAK_HIGH
    low = rate <= LEAK_LOW and rate <= base * LEAK_LOW_LIFT
    return high or low


def _rule_warnings(rules: list[RuleRow], stats: Ranking) -> list[Warning_]:
    warnings = []
    for row in rules:
        if row.leakage and row.rate_when_fired is not None:
            warnings.append(
                Warning_(
                    code="leakage",
                    subject=row.rule,
                    message=(
                        f"converts at {row.rate_when_fired:.1%} on {row.fired} leads "
                        f"({row.fired / stats.n:.0%}; base rate {stats.base:.1%}): "
                        "is what it tests known only after the outcome?"
                    ),
                )
            )
        elif row.contradicts and row.rate_when_fired is not None:
            sign = "adds points" if row.points > 0 else "subtracts points"
            warnings.append(
                Warning_(
                    code="contradicts",
                    subject=row.rule,
                    message=(
                        f"{sign} but converts at {row.rate_when_fired:.1%} "
                        f"against a base rate of {stats.base:.1%}"
                    ),
                )
            )
    return warnings


def attribute_leaks(matrix: RuleMatrix, y: Bools, attributes: Sequence[str]) -> list[Warning_]:
    """Attributes with a value (or, numeric, a decile) that converts near-perfectly."""
    found = []
    n, base = len(y), _rate(int(y.sum()), len(y))
    for name in attributes:
        values = matrix.raw.get(name)
        if values is None:
            continue
        for label, inside in _attribute_groups(values):
            count = int(inside.sum())
            rate = _rate(int(y[inside].sum()), count)
            if leaky(rate, count, n, base):
                found.append(
                    Warning_(
                        code="leakage",
                        subject=name,
                        message=(
                            f"leads with {name} {label} convert at {rate:.1%} "
                            f"({count} leads, {count / n:.0%}; base rate {base:.1%}): "
                            f"is `{name}` known only after the outcome?"
                        ),
                    )
                )
                break
    return found


def _attribute_groups(values: Cells) -> list[tuple[str, Bools]]:
    present = np.array([v is not None for v in values.tolist()], dtype=np.bool_)
    text = np.where(present, values, "").astype(str)
    distinct = np.unique(text)
    if len(distinct) <= ATTRIBUTE_VALUES:
        return [(f"= {value}", text == value) for value in distinct.tolist() if value]
    column = _numbers(text, present)
    known = ~np.isnan(column)
    if known.sum() < 0.9 * len(values):
        return []  # text with many values (names, ids): no groups to judge
    edges = np.nanquantile(column, np.linspace(0, 1, BANDS + 1))
    groups = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = known & (column >= low) & (column <= high)
        groups.append((f"in {low:.4g}..{high:.4g}", inside))
    return groups


def _numbers(text: npt.NDArray[np.str_], present: Bools) -> Floats:
    """Cells as numbers, NaN where a cell is missing or not a number."""
    column = np.full(len(text), np.nan)
    try:
        column[present] = text[present].astype(np.float64)
    except ValueError:  # some cells are not numbers: one at a time
        column[present] = [_number(v) for v in text[present].tolist()]
    column[~np.isfinite(column)] = np.nan
    return column


def _number(value: str) -> float:
    if value in ("True", "False"):
        return math.nan
    try:
        return float(value)
    except ValueError:
        return math.nan


def gains(stats: Ranking) -> list[GainsRow]:
    rows = []
    for share in GAINS:
        k = _count(share, stats.n)
        conversions = int(stats.hits[k - 1]) if k else 0
        captured = stats.captured(conversions)
        rows.append(
            GainsRow(
                top=share,
                leads=k,
                conversions=conversions,
                captured=captured,
                lift=captured / share,
            )
        )
    return rows


def _count(share: float, n: int) -> int:
    """How many leads make the top `share` (half rounded up)."""
    return min(n, int(math.floor(share * n + 0.5)))


def bands(stats: Ranking) -> list[BandRow]:
    """Deciles by rank, lowest scores first (band 1); a band holds n/10 leads, rounded."""
    ascending = np.argsort(stats.scores, kind="stable")
    rows = []
    for band in range(BANDS):
        start, end = band * stats.n // BANDS, (band + 1) * stats.n // BANDS
        if end <= start:
            continue
        members = ascending[start:end]
        conversions = int(stats.y[members].sum())
        rows.append(
            BandRow(
                band=band + 1,
                low=float(stats.scores[members].min()),
                high=float(stats.scores[members].max()),
                leads=end - start,
                conversions=conversions,
                rate=_rate(conversions, end - start),
            )
        )
    return rows


def score_cut(tier: ast.Tier) -> tuple[str, float] | None:
    """(`>=` or `>`, N) when the tier's condition is `score >= N` / `score > N`."""
    condition = tier.condition
    if not isinstance(condition, ast.Compare) or condition.op not in (">=", ">"):
        return None
    if condition.path.dotted not in ("score", "total"):
        return None
    if not isinstance(condition.operand, ast.Number):
        return None
    return condition.op, condition.operand.value


def _passing(scores: Floats, op: str, threshold: float) -> Bools:
    return scores >= threshold if op == ">=" else scores > threshold


def _step(scores: Floats) -> float:
    """A round step for moving thresholds: about a twentieth of the score range."""
    spread = float(scores.max() - scores.min()) if len(scores) else 0.0
    for step in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0):
        if spread / 20 <= step:
            return step
    return float(10 ** math.ceil(math.log10(spread / 20)))


def thresholds(compiled: CompiledRuleset, stats: Ranking) -> list[ThresholdMove]:
    rows = []
    step = _step(stats.scores)
    for tier in compiled.tiers:
        if tier.tier.condition is None:
            continue
        cut = score_cut(tier.tier)
        condition = printer.pred(tier.tier.condition)
        if cut is None:
            rows.append(
                ThresholdMove(
                    tier=tier.name, condition=condition, threshold=None, leads=0, captured=0.0
                )
            )
            continue
        op, value = cut
        inside = _passing(stats.scores, op, value)
        moves = []
        for k in THRESHOLD_STEPS:
            moved = value + k * step
            passing = _passing(stats.scores, op, moved)
            leads, conversions = int(passing.sum()), int(stats.y[passing].sum())
            moves.append(
                {
                    "threshold": moved,
                    "leads": float(leads),
                    "captured": stats.captured(conversions),
                    "rate": _rate(conversions, leads),
                }
            )
        rows.append(
            ThresholdMove(
                tier=tier.name,
                condition=condition,
                threshold=value,
                leads=int(inside.sum()),
                captured=stats.captured(int(stats.y[inside].sum())),
                moves=moves,
            )
        )
    return rows


def top_cut(stats: Ranking, share: float) -> TopCut | None:
    """The score that flags the top `share` of leads: every lead at or above it."""
    k = _count(share, stats.n)
    if k == 0:
        return None
    cut = float(stats.scores[stats.order[k - 1]])
    flagged = stats.scores >= cut
    leads, conversions = int(flagged.sum()), int(stats.y[flagged].sum())
    return TopCut(
        share=share,
        score=cut,
        leads=leads,
        captured=stats.captured(conversions),
        rate=_rate(conversions, leads),
    )
