"""Spec section 4: step and periodic decay, boundaries, scope, and decay errors.

as_of is 2026-11-01T00:00:00Z; `ev(type, days, ...)` is an event that long before it.
`after D` decays only events strictly older than D; `every D` uses floor(age / D).
"""

import pytest
from helpers import error_lines, ev, lead, score


def one_event(text, days=0, **age):
    """The score of a lead with a single `a` event of the given age (0 by default)."""
    return score(text, lead(events=[ev("a", days, **age)])).score


STEP = "when a add 10\ndecay 50% after 30d"


# ---------------------------------------------------------------- one step line


@pytest.mark.parametrize(
    "age, expected",
    [
        ({"days": 0}, 10.0),
        ({"days": 29}, 10.0),
        ({"days": 30}, 10.0),  # exactly D: not strictly older, factor 1
        ({"days": 30, "microseconds": 1}, 5.0),  # D + 1us: 10 * 0.5
        ({"days": 30, "seconds": 1}, 5.0),  # D + 1s: 10 * 0.5
        ({"days": 400}, 5.0),
    ],
    ids=["0d", "29d", "30d", "30d+1us", "30d+1s", "400d"],
)
def test_step_decay_boundary(age, expected):
    assert one_event(STEP, **age) == expected


@pytest.mark.parametrize(
    "line, age, expected",
    [
        ("decay 50% after 12h", {"hours": 12}, 10.0),
        ("decay 50% after 12h", {"hours": 13}, 5.0),
        ("decay 50% after 2w", {"days": 14}, 10.0),  # 2w = 14d
        ("decay 50% after 2w", {"days": 15}, 5.0),
    ],
)
def test_step_decay_with_hours_and_weeks(line, age, expected):
    assert one_event(f"when a add 10\n{line}", **age) == expected


@pytest.mark.parametrize("percent, expected", [("0%", 10.0), ("100%", 0.0), ("12.5%", 8.75)])
def test_step_decay_percentages(percent, expected):
    # 10 * (1 - 0) = 10; 10 * 0 = 0; 10 * 0.875 = 8.75
    assert one_event(f"when a add 10\ndecay {percent} after 1d", days=2) == expected


def test_decay_applies_to_subtract_rules():
    assert one_event("when a subtract 10\ndecay 50% after 30d", days=31) == -5.0


def test_decay_line_before_the_rule_applies_too():
    assert one_event("decay 50% after 30d\nwhen a add 10", days=31) == 5.0


# ---------------------------------------------------------------- several step lines

STEPS = "when a add 8\ndecay 25% after 7d\ndecay 50% after 30d\ndecay 100% after 90d"


@pytest.mark.parametrize(
    "days, expected",
    [
        (7, 8.0),  # no D < 7: factor 1
        (8, 6.0),  # D = 7: 8 * 0.75
        (30, 6.0),  # largest D < 30 is 7: 8 * 0.75
        (31, 4.0),  # D = 30: 8 * 0.5 (not compounded: 8 * 0.75 * 0.5 = 3)
        (90, 4.0),  # largest D < 90 is 30
        (91, 0.0),  # D = 90: 8 * 0
    ],
)
def test_step_lines_pick_largest_d_strictly_below_the_age(days, expected):
    assert one_event(STEPS, days=days) == expected


def test_steps_do_not_compound():
    # 31d: only the 30d line applies -> 8 * 0.5 = 4, never 8 * 0.75 * 0.5 = 3
    assert one_event(STEPS, days=31) == 4.0


def test_step_lines_in_any_order():
    text = "when a add 10\ndecay 100% after 90d\ndecay 50% after 30d"
    assert one_event(text, days=40) == 5.0  # D = 30 applies: 10 * 0.5
    assert one_event(text, days=91) == 0.0  # D = 90 applies: 10 * 0


# ---------------------------------------------------------------- every

EVERY = "when a add 8\ndecay 50% every 30d"


@pytest.mark.parametrize(
    "age, expected",
    [
        ({"days": 29}, 8.0),  # floor(29/30) = 0
        ({"days": 30}, 4.0),  # floor(30/30) = 1: 8 * 0.5
        ({"days": 59}, 4.0),  # floor(59/30) = 1
        ({"days": 59, "hours": 23}, 4.0),  # still one full period
        ({"days": 60}, 2.0),  # floor(60/30) = 2: 8 * 0.25
        ({"days": 90}, 1.0),  # 8 * 0.125
    ],
    ids=["29d", "30d", "59d", "59d23h", "60d", "90d"],
)
def test_every_uses_full_periods_only(age, expected):
    assert one_event(EVERY, **age) == expected


def test_every_with_ten_percent_per_day():
    assert one_event("when a add 10\ndecay 10% every 1d", days=2) == 8.1  # 10 * 0.9 ** 2 = 8.1


def test_every_decay_on_several_events_sums():
    events = [ev("a", 10), ev("a", 35), ev("a", 65)]
    assert score(EVERY, lead(events=events)).score == 14.0  # 8 + 4 + 2


# ---------------------------------------------------------------- what decays


def test_profile_rules_never_decay():
    text = 'when title == "CTO" add 10\ndecay 100% after 1d'
    assert score(text, lead({"title": "CTO"}, [ev("a", 50)])).score == 10.0


def test_count_rules_never_decay():
    text = "when count(a) >= 2 add 10\ndecay 100% after 1d"
    assert score(text, lead(events=[ev("a", 50), ev("a", 60)])).score == 10.0


def test_once_uses_decay_of_the_most_recent_event():
    text = "when a add 10 once\ndecay 50% every 10d"
    assert score(text, lead(events=[ev("a", 25), ev("a", 90)])).score == 2.5  # 10 * 0.5 ** 2


# ---------------------------------------------------------------- scope


def test_top_level_decay_applies_inside_a_dimension_without_its_own():
    text = "decay 50% after 30d\nscore eng { when a add 10 }"
    result = score(text, lead(events=[ev("a", 40)]))
    assert result.scores == {"eng": 5.0}  # 10 * 0.5


def test_dimension_decay_replaces_top_level_decay():
    text = (
        "decay 50% after 30d\n"
        "when clicked add 10\n"
        "score eng {\n  when opened add 10\n  decay 100% after 60d\n}"
    )
    result = score(text, lead(events=[ev("opened", 40), ev("clicked", 40)]))
    assert result.scores == {"eng": 10.0}  # own decay only: 40d is not > 60d, factor 1
    assert result.score == 15.0  # 10 + clicked 10 * 0.5


def test_dimension_decay_replaces_all_top_level_step_lines():
    text = (
        "decay 50% after 10d\ndecay 90% after 20d\nscore eng { when a add 10; decay 20% after 30d }"
    )
    # only the dimension's line exists for eng: 25d -> no D < 25 -> 10; 31d -> 10 * 0.8 = 8
    assert score(text, lead(events=[ev("a", 25)])).scores == {"eng": 10.0}
    assert score(text, lead(events=[ev("a", 31)])).scores == {"eng": 8.0}


def test_every_in_a_dimension_with_after_at_top_level_is_allowed():
    text = "decay 50% after 30d\nscore eng { when a add 10; decay 50% every 10d }"
    assert score(text, lead(events=[ev("a", 25)])).score == 2.5  # 10 * 0.5 ** 2


def test_dimension_decay_does_not_leak_into_the_unnamed_dimension():
    text = "when b add 10\nscore eng { when a add 10; decay 100% after 1d }"
    result = score(text, lead(events=[ev("a", 5), ev("b", 5)]))
    assert (result.scores, result.score) == ({"eng": 0.0}, 10.0)  # b undecayed: 0 + 10


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text, line",
    [
        ("when a add 1\ndecay 50% after 30d\ndecay 10% every 7d", 3),
        ("when a add 1\ndecay 10% every 7d\ndecay 50% after 30d", 3),
        ("score eng {\n  when a add 1\n  decay 50% after 30d\n  decay 10% every 7d\n}", 4),
    ],
    ids=["after-then-every", "every-then-after", "in-dimension"],
)
def test_after_and_every_mixed_in_one_scope_is_sd402(text, line):
    assert line in error_lines(text, "SD402")


@pytest.mark.parametrize(
    "text, line",
    [
        ("when a add 1\ndecay 10% every 7d\ndecay 20% every 30d", 3),
        ("score eng {\n  decay 10% every 7d; when a add 1\n  decay 10% every 7d\n}", 3),
    ],
    ids=["top-level", "in-dimension"],
)
def test_two_every_lines_in_one_scope_is_sd403(text, line):
    assert line in error_lines(text, "SD403")


@pytest.mark.parametrize("percent", ["150%", "100.5%", "101%"])
def test_percentage_over_100_is_sd404(percent):
    assert 2 in error_lines(f"when a add 1\ndecay {percent} after 30d", "SD404")


def test_two_step_lines_with_the_same_duration_is_sd408():
    assert 3 in error_lines("when a add 1\ndecay 50% after 30d\ndecay 60% after 30d", "SD408")


def test_same_duration_spelled_differently_is_sd408():
    assert 3 in error_lines("when a add 1\ndecay 50% after 1w\ndecay 60% after 7d", "SD408")
