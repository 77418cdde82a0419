"""The end-of-run tier distribution and --stats lines, from counted records."""

from __future__ import annotations

from scoredsl.engines.tally import Tally, rule_lines, tier_line
from scoredsl.models import ScoreResult


def results(*tiers: str | None) -> list[ScoreResult]:
    return [ScoreResult(lead_id=str(i), score=0.0, scores={}, tier=t) for i, t in enumerate(tiers)]


def test_tiers_in_declared_order_with_thousands_and_one_decimal() -> None:
    tally = Tally()
    list(tally.counted(results(*["cold"] * 6799, *["warm"] * 2320, *["hot"] * 118)))
    line = tier_line(tally, ["hot", "warm", "cold"])
    assert line == "hot 118 (1.3%) · warm 2,320 (25.1%) · cold 6,799 (73.6%)"


def test_no_tier_comes_last_and_only_when_some_lead_has_none() -> None:
    tally = Tally()
    list(tally.counted(results("hot", None, None, "hot")))
    assert tier_line(tally, ["hot", "cold"]) == "hot 2 (50.0%) · cold 0 (0.0%) · no tier 2 (50.0%)"


def test_no_line_without_tiers_or_without_scored_leads() -> None:
    tally = Tally()
    assert tier_line(tally, ["hot"]) is None
    list(tally.counted(results(None)))
    assert tier_line(tally, []) is None


def test_each_lead_counts_once_for_every_rule_that_fired() -> None:
    tally = Tally()
    for flags in ([True, False, True], [False, False, True], [True, False, False]):
        tally.add_fired(flags)
    assert tally.rules == [2, 0, 2]
    assert rule_lines(tally, ["fit", "a long rule name", "penalty"], 3) == [
        "rules fired (leads, of 3 scored):",
        "  fit               2   66.7%",
        "  a long rule name  0    0.0%",
        "  penalty           2   66.7%",
    ]
