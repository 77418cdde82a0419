"""The result objects of backtest and fit: plain pydantic models that every report renders.

JSON output is these models dumped, so the field names below are the contract other tools read
(issue 9: leads, conversions, base_rate, auc, tiers, rules, gains, bands).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class TierRow(BaseModel):
    tier: str | None  # None: leads that matched no tier
    leads: int
    share: float  # of all leads
    conversions: int
    rate: float  # conversion rate inside the tier
    lift: float  # rate / base rate
    captured: float  # share of all conversions
    value: float | None = None  # sum of deal values, when the outcomes carry them


class RuleRow(BaseModel):
    rule: str  # the rule's name, or its label as explain reports it
    dimension: str | None
    points: float  # signed: add > 0, subtract < 0
    fired: int  # leads it fired for
    rate_when_fired: float | None  # None when it fired for no lead
    rate_when_not_fired: float | None
    lift: float | None  # rate_when_fired / base rate
    contradicts: bool  # adds points but converts below the base rate, or the reverse
    leakage: bool = False  # near-perfect lift on a sizeable share: known only after the outcome?


class GainsRow(BaseModel):
    top: float  # share of leads, best scores first (0.1 = top 10%)
    leads: int
    conversions: int
    captured: float  # share of all conversions in that top share
    lift: float  # captured / top


class BandRow(BaseModel):
    band: int  # 1 = lowest-scoring decile
    low: float  # lowest score in the band
    high: float
    leads: int
    conversions: int
    rate: float


class ThresholdMove(BaseModel):
    tier: str
    condition: str  # the tier's condition as written
    threshold: float | None  # the score cut, when the condition is `score >= N`
    leads: int
    captured: float
    moves: list[dict[str, float]] = Field(
        default_factory=list
    )  # {threshold, leads, captured, rate}


class TopCut(BaseModel):
    share: float  # --top (0.3 = 30%)
    score: float  # the score cut that flags that share
    leads: int
    captured: float
    rate: float


class Warning_(BaseModel):
    code: str
    subject: str  # rule label or attribute
    message: str


class BacktestReport(BaseModel):
    ruleset: str
    data: str
    as_of: str
    leads: int
    conversions: int
    base_rate: float
    excluded_converted_before: int = 0  # converted before as_of (point-in-time outcomes)
    auc: float | None  # ROC AUC of the total score (ties count half); None with one class
    dimension_auc: dict[str, float | None] = Field(default_factory=dict)
    tiers: list[TierRow]
    rules: list[RuleRow]
    gains: list[GainsRow]
    bands: list[BandRow]
    thresholds: list[ThresholdMove] = Field(default_factory=list)
    top: TopCut | None = None
    warnings: list[Warning_] = Field(default_factory=list)
    # per-lead scores and outcomes for charts (score distribution, ROC, gains curves)
    scores: list[float] = Field(default_factory=list, exclude=True)
    converted: list[bool] = Field(default_factory=list, exclude=True)


# ---------------------------------------------------------------- fit


class FitSide(BaseModel):
    """One ruleset's figures on the evaluation leads (held out, unless `evaluated_on` says)."""

    auc: float | None
    captured_top_30: float  # share of conversions in the best-scored 30% of leads
    tiers: list[TierRow]


class FitRule(BaseModel):
    rule: str
    dimension: str | None
    old_points: float  # signed
    new_points: float  # signed: a flipped sign turns add into subtract
    weight: float | None  # the fitted log-odds per unit of the rule's feature; None: not fitted
    fired: int  # training leads it fired for
    note: str | None = None  # near zero weight, fires too rarely, in an included file


class FitTier(BaseModel):
    tier: str
    old: str  # the condition as written
    new: str
    share: float | None  # the share of training leads at or above the cut (kept)


class FitReport(BaseModel):
    ruleset: str
    data: str
    as_of: str
    method: str
    split: str  # how the leads were split (random with seed, or by time)
    evaluated_on: str  # "held-out leads", or "training leads (no holdout)"
    train_leads: int
    train_conversions: int
    test_leads: int
    test_conversions: int
    scale: str  # how weights became points
    old: FitSide
    new: FitSide
    reference_auc: float | None  # plain scikit-learn LogisticRegression, same features
    unrounded_auc: float | None  # the fitted model before rounding to whole points
    rules: list[FitRule]
    tiers: list[FitTier]
    output: str | None = None  # where the fitted ruleset was written
