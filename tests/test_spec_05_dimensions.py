"""Spec section 5: score dimensions, the unnamed dimension, range clamps and dimension errors.

as_of is 2026-11-01T00:00:00Z; expected values are worked out in comments.
"""

import pytest
from helpers import error_lines, ev, lead, score

import scoredsl

SECTION_5_EXAMPLE = """\
let c_suite = [CEO, CTO, CIO, CFO]
score fit {
  when title in c_suite add 10
  when company.size >= 500 add 8
}
score engagement {
  when email.opened add 2 max 10
  decay 50% after 30d
  range 0..60
}
when demo.requested add 5
"""


def test_dimensions_sum_their_rules_and_the_total_sums_dimensions():
    the_lead = lead(
        {"title": "CTO", "company": {"size": 800}},
        [
            ev("email.opened", 1),
            ev("email.opened", 2),
            ev("email.opened", 45),
            ev("demo.requested"),
        ],
    )
    result = score(SECTION_5_EXAMPLE, the_lead)
    assert result.scores == {"fit": 18.0, "engagement": 5.0}  # 10 + 8; 2 + 2 + 2 * 0.5
    assert result.score == 28.0  # 18 + 5 + unnamed 5


def test_dimension_max_and_range_in_section_5_example():
    the_lead = lead(events=[ev("email.opened")] * 8)
    assert score(SECTION_5_EXAMPLE, the_lead).scores["engagement"] == 10.0  # 8 * 2 = 16, max 10


def test_dimension_range_clamps_high():
    text = "score eng { when a add 10; range 0..25 }"
    assert score(text, lead(events=[ev("a")] * 3)).scores == {"eng": 25.0}  # 30 -> 25


def test_dimension_range_clamps_low():
    text = "score eng { when a subtract 10; range 0..100 }\nwhen b add 4"
    result = score(text, lead(events=[ev("a"), ev("b")]))
    assert result.scores == {"eng": 0.0}  # -10 -> 0
    assert result.score == 4.0  # clamped 0 + unnamed 4


def test_dimension_range_with_negative_low():
    text = "score risk { when a subtract 30; range -50..50 }"
    assert score(text, lead(events=[ev("a")] * 2)).scores == {"risk": -50.0}  # -60 -> -50


def test_range_with_fractional_bounds():
    text = "score eng { when a add 1; range 0.5..2.5 }"
    assert score(text, lead(events=[ev("a")] * 3)).scores == {"eng": 2.5}  # 3 -> 2.5
    assert score(text, lead()).scores == {"eng": 0.5}  # 0 -> 0.5


def test_range_low_equal_to_high_is_allowed():
    assert score("score eng { when a add 1; range 5..5 }", lead()).scores == {"eng": 5.0}


def test_dimension_is_clamped_before_the_total_sums_it():
    text = "score a { when x add 30; range 0..10 }\nscore b { when y add 5 }"
    result = score(text, lead(events=[ev("x"), ev("y")]))
    assert result.score == 15.0  # clamp(30) = 10, + 5


def test_top_level_range_clamps_the_total_not_the_dimensions():
    text = "range 0..100\nscore a { when x add 80 }\nscore b { when y add 50 }"
    result = score(text, lead(events=[ev("x"), ev("y")]))
    assert result.scores == {"a": 80.0, "b": 50.0}
    assert result.score == 100.0  # 130 -> 100


def test_top_level_range_does_not_clamp_the_unnamed_dimension_alone():
    text = "range 0..100\nwhen x add 150\nscore b { when y subtract 60 }"
    result = score(text, lead(events=[ev("x"), ev("y")]))
    assert result.score == 90.0  # 150 - 60 = 90 (clamping 150 first would give 40)


def test_top_level_range_clamps_a_negative_total():
    text = "when x subtract 20\nrange 0..100"
    assert score(text, lead(events=[ev("x")])).score == 0.0  # -20 -> 0


def test_top_level_range_written_after_the_rules_still_applies():
    assert score("when x add 70\nrange 0..50", lead(events=[ev("x")])).score == 50.0


def test_dimension_range_does_not_clamp_the_total():
    text = "score a { when x add 5; range 0..10 }\nwhen y add 20"
    assert score(text, lead(events=[ev("x"), ev("y")])).score == 25.0  # 5 + 20, not 10


# ---------------------------------------------------------------- what is listed


def test_unnamed_dimension_is_not_listed_in_scores():
    text = "when x add 3\nscore fit { when y add 4 }"
    result = score(text, lead(events=[ev("x"), ev("y")]))
    assert result.scores == {"fit": 4.0}
    assert result.score == 7.0


def test_scores_is_empty_without_named_dimensions():
    result = score("when x add 3", lead(events=[ev("x")]))
    assert result.scores == {}
    assert result.score == 3.0


def test_dimension_with_no_matching_rule_is_listed_as_zero():
    result = score("score fit { when y add 4 }\nscore eng { when z add 1 }", lead())
    assert result.scores == {"fit": 0.0, "eng": 0.0}


def test_scores_keep_declaration_order():
    text = "score zeta { when x add 1 }\nscore alpha { when y add 2 }"
    assert list(score(text, lead()).scores) == ["zeta", "alpha"]


def test_rs_dimensions_lists_named_dimensions_in_order():
    rs = scoredsl.loads(
        "when a add 1\nscore fit { when b add 1 }\nscore engagement { when c add 1 }"
    )
    assert rs.dimensions == ("fit", "engagement")


def test_rs_dimensions_is_empty_without_named_dimensions():
    assert scoredsl.loads("when a add 1").dimensions == ()


def test_dimension_rules_may_be_named():
    text = 'score fit {\n  rule cto: when title == "CTO" add 10\n}'
    assert score(text, lead({"title": "cto"})).scores == {"fit": 10.0}


# ---------------------------------------------------------------- errors


def test_duplicate_dimension_name_is_sd102():
    text = "score fit { when a add 1 }\nwhen b add 1\nscore fit { when c add 1 }"
    assert 3 in error_lines(text, "SD102")


@pytest.mark.parametrize("name", ["score", "total"])
def test_dimension_named_score_or_total_is_sd106(name):
    assert 2 in error_lines(f"when a add 1\nscore {name} {{ when b add 1 }}", "SD106")


@pytest.mark.parametrize(
    "text, line",
    [
        ("when a add 1\nrange 10..5", 2),
        ("score eng {\n  when a add 1\n  range 100..0\n}", 3),
    ],
    ids=["top-level", "in-dimension"],
)
def test_range_low_above_high_is_sd407(text, line):
    assert line in error_lines(text, "SD407")


@pytest.mark.parametrize(
    "text, line",
    [
        ("range 0..100\nwhen a add 1\nrange 0..50", 3),
        ("score eng {\n  range 0..10\n  when a add 1\n  range 0..20\n}", 4),
    ],
    ids=["top-level", "in-dimension"],
)
def test_two_ranges_in_one_scope_is_sd206(text, line):
    assert line in error_lines(text, "SD206")


def test_one_range_per_dimension_and_one_at_top_level_is_fine():
    text = (
        "range 0..100\nscore a { when x add 1; range 0..10 }\nscore b { when y add 1; range 0..10 }"
    )
    assert score(text, lead(events=[ev("x"), ev("y")])).score == 2.0  # 1 + 1


def test_same_rule_name_in_two_dimensions_is_sd101():
    text = "score a {\n  rule r: when x add 1\n}\nscore b {\n  rule r: when y add 1\n}"
    assert 5 in error_lines(text, "SD101")
