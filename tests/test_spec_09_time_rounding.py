"""Spec section 9: as_of and `at` parsing, ages, `within`, no look-ahead, rounding, and
arithmetic on unrounded values.

as_of is 2026-11-01T00:00:00Z unless a test says otherwise.
"""

from datetime import datetime, timedelta, timezone

import pytest
from helpers import ago, event_at, lead, score

WITHIN = "when a add 1 within 30d"


# ---------------------------------------------------------------- as_of forms


@pytest.mark.parametrize(
    "as_of, expected",
    [
        ("2026-11-01", 1.0),  # a date alone is 00:00 UTC: age exactly 30d
        ("2026-11-01T00:00:00Z", 1.0),
        ("2026-11-01T00:00:00", 1.0),  # no offset means UTC
        ("2026-11-01T02:00:00+02:00", 1.0),  # the same instant
        ("2026-10-31T19:00:00-05:00", 1.0),  # the same instant
        ("2026-11-01T00:00:01Z", 0.0),  # 30d + 1s
        ("2026-11-01T00:00:00-00:01", 0.0),  # 00:01 UTC: 30d + 1min
        (datetime(2026, 11, 1, tzinfo=timezone.utc), 1.0),
        (datetime(2026, 11, 1, 1, tzinfo=timezone(timedelta(hours=1))), 1.0),
    ],
)
def test_as_of_forms(as_of, expected):
    the_lead = lead(events=[event_at("a", "2026-10-02T00:00:00Z")])
    assert score(WITHIN, the_lead, as_of=as_of).score == expected


# ---------------------------------------------------------------- event `at` forms


@pytest.mark.parametrize(
    "at, expected",
    [
        ("2026-10-02", 1.0),  # 00:00 UTC: age exactly 30d
        ("2026-10-02T00:00:00", 1.0),  # no offset: UTC
        ("2026-10-02T02:00:00+02:00", 1.0),  # = 2026-10-02T00:00Z
        ("2026-10-01T23:00:00-01:00", 1.0),  # = 2026-10-02T00:00Z
        ("2026-10-01T23:59:59Z", 0.0),  # 30d + 1s
        ("2026-10-02T01:00:00+02:00", 0.0),  # = 2026-10-01T23:00Z: 30d + 1h
        ("2026-10-01", 0.0),  # 31d
    ],
)
def test_event_at_forms(at, expected):
    assert score(WITHIN, lead(events=[event_at("a", at)])).score == expected


# ---------------------------------------------------------------- within and look-ahead


@pytest.mark.parametrize(
    "age, expected",
    [
        ({"days": 0}, 1.0),  # age 0: the event at as_of counts
        ({"days": 30}, 1.0),  # age == D counts
        ({"days": 30, "microseconds": 1}, 0.0),
        ({"days": 30, "seconds": 1}, 0.0),
    ],
)
def test_within_boundary(age, expected):
    assert score(WITHIN, lead(events=[event_at("a", ago(**age))])).score == expected


def test_events_after_as_of_are_ignored_by_event_rules():
    events = [
        event_at("a", ago(seconds=-1)),
        event_at("a", ago(days=-30)),
        event_at("a", ago(days=1)),
    ]
    assert score("when a add 5", lead(events=events)).score == 5.0  # only the past event


def test_events_after_as_of_are_ignored_by_count_rules():
    events = [event_at("a", ago(days=-1)), event_at("a", ago(days=2))]
    assert score("when count(a) >= 2 add 5", lead(events=events)).score == 0.0  # count 1


def test_events_after_as_of_are_ignored_by_once():
    text = "when a add 8 once\ndecay 50% after 10d"
    events = [event_at("a", ago(days=-1)), event_at("a", ago(days=20))]
    assert score(text, lead(events=events)).score == 4.0  # the 20d one: 8 * 0.5


def test_as_of_earlier_moves_the_clock_back():
    events = [event_at("a", "2026-10-20T00:00:00Z")]
    assert score("when a add 5", lead(events=events), as_of="2026-10-19").score == 0.0
    assert score("when a add 5", lead(events=events), as_of="2026-10-20").score == 5.0


@pytest.mark.parametrize("events", [[], None], ids=["empty-list", "absent"])
def test_no_events(events):
    the_lead = {"id": "L-1", "attributes": {"title": "CTO"}}
    if events is not None:
        the_lead["events"] = events
    text = 'when a add 5\nwhen count(a) == 0 add 1\nwhen title == "CTO" add 10'
    assert score(text, the_lead).score == 11.0  # 0 + 1 + 10


# ---------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    "rule, expected",
    [
        ("when a add 0.125", 0.13),  # half away from zero
        ("when a subtract 0.125", -0.13),
        ("when a add 2.675", 2.68),  # the decimal text is a half: up
        ("when a subtract 2.675", -2.68),
        ("when a add 1.005", 1.01),
        ("when a add 0.124", 0.12),
        ("when a add 0.001", 0.0),
        ("when a add 12", 12.0),
    ],
)
def test_reported_score_rounds_half_away_from_zero(rule, expected):
    assert score(rule, lead(events=[event_at("a", ago(days=1))])).score == expected


@pytest.mark.parametrize("points, expected", [("add", 0.13), ("subtract", -0.13)])
def test_rounding_of_a_decayed_half(points, expected):
    text = f"when a {points} 0.25\ndecay 50% after 1d"
    # 0.25 * 0.5 = 0.125 exactly in binary -> 0.13 / -0.13
    assert score(text, lead(events=[event_at("a", ago(days=2))])).score == expected


def test_dimension_values_are_rounded_when_reported():
    text = "score fit { when a add 0.25 }\ndecay 50% after 1d"
    assert score(text, lead(events=[event_at("a", ago(days=2))])).scores == {"fit": 0.13}  # 0.125


def test_reported_values_are_floats():
    result = score("score fit { when a add 3 }", lead(events=[event_at("a", ago(days=1))]))
    assert type(result.score) is float and type(result.scores["fit"]) is float


# ---------------------------------------------------------------- unrounded arithmetic


def test_cap_applies_to_the_unrounded_sum():
    text = "when a add 0.333 max 0.999"
    events = [event_at("a", ago(days=1))] * 3
    # 0.333 * 3 = 0.999 (capped at 0.999) -> 1.00; rounding each first would give 0.99
    assert score(text, lead(events=events)).score == 1.0


def test_total_sums_unrounded_dimension_values():
    text = (
        "score x { when a add 0.004 }\nscore y { when a add 0.004 }\nscore z { when a add 0.004 }"
    )
    result = score(text, lead(events=[event_at("a", ago(days=1))]))
    assert result.scores == {"x": 0.0, "y": 0.0, "z": 0.0}  # 0.004 rounds to 0.00
    assert result.score == 0.01  # 0.012 rounds to 0.01 (summing rounded values gives 0)


def test_decayed_contributions_sum_unrounded():
    text = "when a add 0.25\ndecay 50% after 1d"
    events = [event_at("a", ago(days=2))] * 3
    # 3 * 0.125 = 0.375 -> 0.38 (rounding each to 0.13 first would give 0.39)
    assert score(text, lead(events=events)).score == 0.38
