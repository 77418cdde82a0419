"""The result object of `scoredsl diff`: a plain pydantic model every report renders.

JSON output is this model dumped (by alias), so these names are the contract other tools
read (issue 12: `leads`, `changed`, `migration` as `{from, to, leads}` cells).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .results import TierRow

ChangeKind = Literal[
    "added",
    "removed",
    "renamed",
    "re-pointed",
    "re-conditioned",
    "modifiers",
    "moved",
    "decay",
    "range",
    "tier",
    "schema",
]


class RuleChange(BaseModel):
    kind: ChangeKind
    subject: str  # the rule, dimension or tier the change is about
    dimension: str | None = None  # the rule's dimension (None: the unnamed one)
    old: str | None = None  # as written (canonical text); None: not in the old version
    new: str | None = None


class Bound(BaseModel):
    low: float | None  # None: unbounded
    high: float | None


class BoundsRow(BaseModel):
    dimension: str  # a dimension's name, "(unnamed)" or "total"
    old: Bound | None  # None: the dimension is not in that version
    new: Bound | None

    @property
    def changed(self) -> bool:
        return self.old != self.new


class RuleDiff(BaseModel):
    meaning_changed: bool  # False: a reformat or comments only ("no change in meaning")
    same_text: bool  # the files' text is identical
    changes: list[RuleChange]
    bounds: list[BoundsRow]


class MigrationCell(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str | None = Field(alias="from")  # None: no tier
    to: str | None
    leads: int
    share: float  # of all leads


class RuleDelta(BaseModel):
    rule: str
    old: float | None  # the contribution in the old version; None: no such rule there
    new: float | None
    delta: float
    why: str  # the rule's change, or what else moved its contribution


class Mover(BaseModel):
    lead_id: str
    old_score: float
    new_score: float
    delta: float
    old_tier: str | None
    new_tier: str | None
    rules: list[RuleDelta]  # the rules whose contribution changed, biggest change first


class Summary(BaseModel):
    mean: float
    minimum: float
    p25: float
    median: float
    p75: float
    maximum: float


class DiffSide(BaseModel):
    """One version's backtest figures on the same leads."""

    auc: float | None
    top: float  # the share of leads the capture is measured at (0.3)
    captured_top: float  # share of conversions among the best-scored `top` of leads
    tiers: list[TierRow]


class TierFlow(BaseModel):
    """Leads entering and leaving one tier, and how they converted."""

    tier: str | None
    entered: int
    entered_conversions: int
    entered_rate: float | None  # None: no lead entered
    left: int
    left_conversions: int
    left_rate: float | None


class OutcomeDiff(BaseModel):
    source: str  # the outcome column or file
    leads: int  # leads with an outcome that counts (point-in-time)
    conversions: int
    old: DiffSide
    new: DiffSide
    flows: list[TierFlow]


class LeadDiff(BaseModel):
    """`--lead ID`: one lead's contributions, rule by rule, in both versions."""

    lead_id: str
    old_score: float
    new_score: float
    old_tier: str | None
    new_tier: str | None
    old_dimensions: dict[str, float]
    new_dimensions: dict[str, float]
    rules: list[RuleDelta]  # every rule of either version, changed ones first


class DiffReport(BaseModel):
    old: str  # the versions as given: a file, or REV:PATH
    new: str
    rules: RuleDiff
    data: str | None = None  # the leads (and events) file; None without --leads
    as_of: str | None = None
    leads: int | None = None  # leads scored; None without --leads
    changed: int | None = None  # leads whose total score changed
    moved: int | None = None  # leads whose tier changed
    moved_share: float | None = None
    mean_change: float | None = None
    median_change: float | None = None
    migration: list[MigrationCell] = Field(default_factory=list)
    tiers: list[str | None] = Field(default_factory=list)  # the matrix's rows and columns
    up: list[Mover] = Field(default_factory=list)  # biggest rises first
    down: list[Mover] = Field(default_factory=list)  # biggest falls first
    old_distribution: Summary | None = None
    new_distribution: Summary | None = None
    outcomes: OutcomeDiff | None = None
    lead: LeadDiff | None = None
    # per-lead scores for the charts (before/after distributions), not in JSON
    old_scores: list[float] = Field(default_factory=list, exclude=True)
    new_scores: list[float] = Field(default_factory=list, exclude=True)
