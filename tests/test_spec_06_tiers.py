"""Spec section 6: tiers in file order, otherwise, total alias, dimensions, rounded compares.

Leads get their points from events (mostly `when a add 10`, so the score is 10 per `a`
event); as_of is 2026-11-01T00:00:00Z.
"""

import pytest
from helpers import error_lines, ev, lead, score


def tier_for(text, count):
    """The tier of a lead with `count` `a` events one day old."""
    return score(text, lead(events=[ev("a")] * count)).tier


LADDER = "when a add 10\ntier hot when score >= 70\ntier warm when score >= 30\ntier cold otherwise"


@pytest.mark.parametrize(
    "events, tier", [(8, "hot"), (7, "hot"), (5, "warm"), (3, "warm"), (1, "cold")]
)
def test_tiers_are_tried_in_file_order(events, tier):
    assert tier_for(LADDER, events) == tier  # score = 10 * events


def test_first_matching_tier_wins_even_if_a_later_one_is_stricter():
    text = "when a add 10\ntier warm when score >= 30\ntier hot when score >= 70"
    assert tier_for(text, 8) == "warm"  # 80 >= 30 matches first


def test_otherwise_matches_where_it_stands():
    text = "when a add 10\ntier a when score >= 100\ntier b otherwise\ntier c when score >= 0"
    assert tier_for(text, 5) == "b"  # 50: a fails, b always matches


def test_no_matching_tier_is_none():
    assert tier_for("when a add 10\ntier hot when score >= 70", 2) is None  # 20 < 70


def test_no_tiers_declared_is_none():
    assert tier_for("when a add 10", 9) is None


def test_total_is_an_alias_for_score():
    assert tier_for("when a add 10\ntier hot when total >= 70", 7) == "hot"  # 70 >= 70


def test_dimension_names_in_conditions():
    text = (
        'score fit { when title == "CTO" add 20 }\n'
        "score engagement { when a add 10 }\n"
        "tier sql when fit >= 20 and engagement >= 30\n"
        "tier other otherwise"
    )
    cto = {"title": "cto"}
    assert score(text, lead(cto, [ev("a")] * 3)).tier == "sql"  # fit 20, engagement 30
    assert score(text, lead(cto, [ev("a")] * 2)).tier == "other"  # engagement 20 < 30
    assert score(text, lead({}, [ev("a")] * 9)).tier == "other"  # fit 0 < 20


def test_dimension_condition_uses_the_clamped_value():
    text = "score eng { when a add 10; range 0..20 }\ntier full when eng == 20"
    assert tier_for(text, 3) == "full"  # 30 -> clamped to 20


@pytest.mark.parametrize("events, tier", [(1, "edge"), (5, None), (9, "edge")])
def test_or_and_not_and_parentheses_in_conditions(events, tier):
    text = "when a add 10\ntier edge when not (score > 20 and score < 80) or score == 0"
    assert tier_for(text, events) == tier  # 10: edge; 50: inside -> None; 90: edge


def test_not_binds_tighter_than_and_in_conditions():
    text = "when a add 10\ntier t when not score > 50 and score > 20"
    assert tier_for(text, 3) == "t"  # (not 30 > 50) and 30 > 20
    assert tier_for(text, 1) is None  # 10 > 20 is false


@pytest.mark.parametrize(
    "name_source, name",
    [('"Sales Ready"', "Sales Ready"), ("mql", "mql"), ("tier-1", "tier-1")],
)
def test_tier_names_may_be_identifiers_or_strings(name_source, name):
    assert tier_for(f"when a add 10\ntier {name_source} when score >= 10", 1) == name


def test_tier_name_is_reported_as_written():
    assert tier_for("when a add 10\ntier Hot otherwise", 1) == "Hot"


# ---------------------------------------------------------------- rounded compares


def test_tier_compares_the_rounded_total():
    text = "when a add 69.996\ntier hot when score >= 70\ntier warm otherwise"
    result = score(text, lead(events=[ev("a")]))
    assert result.score == 70.0  # 69.996 rounds to 70.00
    assert result.tier == "hot"  # 70.00 >= 70


def test_tier_below_after_rounding_stays_below():
    text = "when a add 69.994\ntier hot when score >= 70\ntier warm otherwise"
    assert tier_for(text, 1) == "warm"  # 69.994 rounds to 69.99


def test_tier_compares_the_rounded_dimension_value():
    text = "score fit { when a add 19.996 }\ntier good when fit >= 20"
    result = score(text, lead(events=[ev("a")]))
    assert result.scores == {"fit": 20.0}
    assert result.tier == "good"  # rounded 20.00 >= 20


def test_tier_equality_uses_rounded_sum():
    text = "when a add 0.1\nwhen b add 0.2\ntier exact when score == 0.3"
    # 0.1 + 0.2 = 0.30000000000000004 in floating point, rounds to 0.30
    assert score(text, lead(events=[ev("a"), ev("b")])).tier == "exact"


def test_tier_compares_rounded_value_after_decay():
    text = "when a add 0.25\ndecay 50% after 1d\ntier t when score == 0.13"
    assert tier_for(text, 1) is None  # event is 1d old: not decayed, 0.25
    the_lead = lead(events=[ev("a", 2)])
    assert score(text, the_lead).tier == "t"  # 0.25 * 0.5 = 0.125 -> rounds to 0.13


# ---------------------------------------------------------------- errors


def test_duplicate_tier_name_is_sd107():
    text = "when a add 1\ntier hot when score >= 70\ntier hot when score >= 50"
    assert 3 in error_lines(text, "SD107")


def test_duplicate_tier_name_string_and_identifier_is_sd107():
    text = 'when a add 1\ntier hot when score >= 70\ntier "hot" otherwise'
    assert 3 in error_lines(text, "SD107")


@pytest.mark.parametrize(
    "condition",
    ["scroe >= 70", "fit >= 20 and engagment >= 30", "not title == 3"],
)
def test_unknown_name_in_tier_condition_is_sd108(condition):
    dims = "score fit { when a add 1 }\nscore engagement { when b add 1 }"
    text = f"{dims}\ntier x when {condition}"
    assert 3 in error_lines(text, "SD108")
