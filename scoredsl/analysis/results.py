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
