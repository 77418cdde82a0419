"""The card as data: dimensions -> criteria (words, points, rule, where it is written),
reachable ranges, tiers, footnotes and, with leads, how often each criterion fires.

`--format json` is this model as JSON; every renderer reads only this model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Reach(BaseModel):
    """Reachable bounds from the rules alone (lint's bounds); None: no limit that way."""

    low: float | None
    high: float | None
    text: str  # "from -85 to 67"


class CriterionStats(BaseModel):
    fired: int  # leads it fired for
    share: float  # of the leads counted
    rate: float | None = None  # conversion rate of those leads (with outcomes)


class Criterion(BaseModel):
    rule: str  # as backtest and explain name it: the name, or the source text and line
    name: str | None
    text: str  # "Title is CEO, CTO, CIO or CFO"
    points: float  # signed: -5 for `subtract 5`
    points_text: str  # "+20", "+5 each, capped at 25", "+15, counted once"
    kind: Literal["event", "count", "profile"]
    source: str  # the rule's canonical source text
    file: str
    line: int
    stats: CriterionStats | None = None


class Dimension(BaseModel):
    name: str | None  # None: the rules outside any `score NAME { }`
    title: str
    criteria: list[Criterion]
    decay: list[str]  # "Points halve after 30 days" (said where activities are scored)
    limits: str | None  # "kept between 0 and 100" (its `range`)
    reach: Reach


class TierStats(BaseModel):
    leads: int
    share: float
    rate: float | None = None


class Tier(BaseModel):
    name: str
    title: str  # as shown: the name as written (`hot`, `MQL`, `sales_ready`), never re-cased
    text: str  # "more than 70", "everyone else"
    condition: str  # the source text: "when score > 70", "otherwise"
    stats: TierStats | None = None


class Total(BaseModel):
    limits: str | None
    reach: Reach


class Stats(BaseModel):
    """What the figures were counted on."""

    data: str
    as_of: str
    leads: int  # leads counted (with outcomes: those whose outcome counts at as-of)
    outcomes: str | None = None
    conversions: int | None = None
    base_rate: float | None = None
    left_out: int = 0  # converted before as-of (point-in-time outcomes)
    no_tier: int = 0  # leads no tier matched


class Card(BaseModel):
    ruleset: str  # the header's name, else the file name
    version: str | None
    path: str
    dimensions: list[Dimension]
    total: Total
    tiers: list[Tier]
    notes: list[str]
    reading: list[str]  # how the data is read (spec 12): mapped names, missing markers
    stats: Stats | None = None

    def criteria(self) -> list[Criterion]:
        return [c for dimension in self.dimensions for c in dimension.criteria]
