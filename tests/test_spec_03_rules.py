"""Spec section 3: event, profile and count rules, wildcards, once, max, modifiers.

as_of is 2026-11-01T00:00:00Z; `ev(type, days)` is an event that many days before it.
"""

import pytest
from helpers import error_lines, ev, lead, score


def visit(days, url):
    return ev("page.visited", days, {"url": url})


# ---------------------------------------------------------------- the design card


def test_design_card_example_scores():
    text = "when email.opened add 2; when title in [CTO, CIO] add 10; decay 50% after 30d"
    the_lead = lead({"title": "cto"}, [ev("email.opened", 10), ev("email.opened", 40)])
    assert score(text, the_lead).score == 13.0  # 10 + 2 + 2 * 0.5


# ---------------------------------------------------------------- event rules


def test_event_rule_fires_once_per_matching_event():
    assert score("when email.opened add 2", lead(events=[ev("email.opened")] * 3)).score == 6.0


def test_event_rule_with_where_on_props():
    text = 'when page.visited where url contains "/pricing" add 15'
    events = [visit(1, "/pricing"), visit(2, "/blog"), visit(3, "/Pricing/enterprise")]
    assert score(text, lead(events=events)).score == 30.0  # two pricing pages x 15


def test_where_reads_event_props_not_lead_attributes():
    text = 'when page.visited where url contains "/pricing" add 15'
    assert score(text, lead({"url": "/pricing"}, [ev("page.visited")])).score == 0.0


def test_where_with_and_or():
    text = 'when form.submitted where form == "demo" and (source == "ads" or paid == true) add 5'
    events = [
        ev("form.submitted", 1, {"form": "Demo", "source": "ADS"}),  # matches
        ev("form.submitted", 1, {"form": "demo", "paid": "true"}),  # matches
        ev("form.submitted", 1, {"form": "demo", "source": "seo"}),  # no
    ]
    assert score(text, lead(events=events)).score == 10.0


def test_subtract_rule_contributes_negative_points():
    assert (
        score("when email.bounced subtract 5", lead(events=[ev("email.bounced")] * 2)).score
        == -10.0
    )


def test_bare_event_type_is_an_event_rule_not_an_attribute_test():
    text = "when vip add 5"
    assert score(text, lead({"vip": True})).score == 0.0  # no `vip` events
    assert score(text, lead(events=[ev("vip")])).score == 5.0


@pytest.mark.parametrize(
    "event_type, matches",
    [
        ("email.opened", True),
        ("email.clicked", True),
        ("email.link.clicked", True),
        ("emailx.opened", False),
        ("Email.opened", False),
        ("web.email.opened", False),
    ],
)
def test_wildcard_matches_every_type_with_the_prefix(event_type, matches):
    assert score("when email.* add 1", lead(events=[ev(event_type)])).score == float(matches)


@pytest.mark.parametrize(
    "event_type, matches",
    [
        ("email.opened", True),
        ("Email.Opened", False),
        ("email.opened.twice", False),
        ("email", False),
    ],
)
def test_event_type_matches_exactly_and_case_sensitively(event_type, matches):
    assert score("when email.opened add 1", lead(events=[ev(event_type)])).score == float(matches)


# ---------------------------------------------------------------- once


def test_once_counts_only_the_most_recent_event_with_its_decay():
    text = "when email.opened add 10 once\ndecay 50% after 30d"
    assert score(text, lead(events=[ev("email.opened", 40), ev("email.opened", 5)])).score == 10.0
    assert score(text, lead(events=[ev("email.opened", 50), ev("email.opened", 40)])).score == 5.0


def test_once_picks_the_most_recent_matching_event():
    text = 'when page.visited where url == "/pricing" add 15 once\ndecay 50% after 30d'
    events = [visit(40, "/pricing"), visit(1, "/blog")]
    assert score(text, lead(events=events)).score == 7.5  # the /pricing one, 15 * 0.5


def test_once_ignores_future_events():
    text = "when email.opened add 10 once\ndecay 50% after 30d"
    events = [ev("email.opened", -2), ev("email.opened", 40)]
    assert score(text, lead(events=events)).score == 5.0  # future one ignored: 10 * 0.5


def test_once_with_two_events_at_the_same_instant_counts_once():
    events = [ev("email.opened", 3), ev("email.opened", 3)]
    assert score("when email.opened add 10 once", lead(events=events)).score == 10.0


def test_once_with_within_and_no_recent_event_is_zero():
    assert score("when a add 10 once within 3d", lead(events=[ev("a", 5)])).score == 0.0


# ---------------------------------------------------------------- max


def test_max_caps_an_add_rule():
    assert (
        score("when email.opened add 2 max 5", lead(events=[ev("email.opened")] * 4)).score == 5.0
    )


def test_max_caps_after_decay():
    text = "when email.opened add 2 max 5\ndecay 50% after 30d"
    # 4 events at 40d: 4 * 2 * 0.5 = 4 < 5 (capping before decay would give 2.5)
    assert score(text, lead(events=[ev("email.opened", 40)] * 4)).score == 4.0
    # 6 events: 6 * 1 = 6 -> capped at 5
    assert score(text, lead(events=[ev("email.opened", 40)] * 6)).score == 5.0


def test_max_caps_a_subtract_rule_in_magnitude():
    text = "when email.bounced subtract 5 max 8"
    assert score(text, lead(events=[ev("email.bounced")] * 3)).score == -8.0  # max(-15, -8)
    assert score(text, lead(events=[ev("email.bounced")])).score == -5.0  # max(-5, -8)


@pytest.mark.parametrize(
    "modifiers",
    ["once max 5 within 30d", "within 30d once max 5", "max 5 within 30d once"],
)
def test_modifiers_come_in_any_order(modifiers):
    events = [ev("a", 1), ev("a", 2), ev("a", 40)]
    # once -> the 1d event: 10; max 5 -> 5
    assert score(f"when a add 10 {modifiers}", lead(events=events)).score == 5.0


# ---------------------------------------------------------------- profile rules


def test_profile_rule_fires_once_regardless_of_events():
    the_lead = lead({"title": "CTO"}, [ev("email.opened")] * 3)
    assert score('when title == "CTO" add 10', the_lead).score == 10.0


@pytest.mark.parametrize("modifier", ["once", "max 3", "once max 3"])
def test_once_and_max_change_nothing_on_a_profile_rule(modifier):
    assert score(f'when title == "CTO" add 10 {modifier}', lead({"title": "cto"})).score == 10.0


# ---------------------------------------------------------------- count rules

VISITS = [visit(1, "/pricing"), visit(2, "/pricing"), visit(3, "/blog")]


@pytest.mark.parametrize(
    "cmp, number, fires",
    [
        ("==", 3, True),
        ("==", 2, False),
        ("!=", 3, False),
        ("!=", 2, True),
        ("<", 3, False),
        ("<", 4, True),
        ("<=", 3, True),
        ("<=", 2, False),
        (">", 2, True),
        (">", 3, False),
        (">=", 3, True),
        (">=", 4, False),
    ],
)
def test_count_rule_with_every_comparison(cmp, number, fires):
    text = f"when count(page.visited) {cmp} {number} add 25"
    assert score(text, lead(events=VISITS)).score == (25.0 if fires else 0.0)  # count is 3


@pytest.mark.parametrize("threshold, expected", [(2, 25.0), (3, 0.0)])
def test_count_rule_with_where(threshold, expected):
    text = f'when count(page.visited where url contains "/pricing") >= {threshold} add 25'
    assert score(text, lead(events=VISITS)).score == expected  # 2 pricing visits


@pytest.mark.parametrize("threshold, expected", [(2, 25.0), (3, 0.0)])
def test_count_rule_with_within(threshold, expected):
    text = f"when count(page.visited) >= {threshold} add 25 within 14d"
    events = [ev("page.visited", 10), ev("page.visited", 14), ev("page.visited", 20)]
    assert score(text, lead(events=events)).score == expected  # 10d and 14d count: 2


def test_count_rule_ignores_future_events():
    events = [ev("page.visited", -1), ev("page.visited", -2), ev("page.visited", 5)]
    assert score("when count(page.visited) == 1 add 7", lead(events=events)).score == 7.0


def test_count_of_nothing_is_zero():
    assert score("when count(demo.requested) == 0 add 5", lead()).score == 5.0


def test_count_rule_with_wildcard():
    events = [ev("email.opened"), ev("email.clicked"), ev("emailx.opened")]
    assert score("when count(email.*) >= 2 add 4", lead(events=events)).score == 4.0


def test_count_rule_subtract():
    text = "when count(email.bounced) >= 2 subtract 30"
    assert score(text, lead(events=[ev("email.bounced")] * 2)).score == -30.0


@pytest.mark.parametrize("modifier", ["once", "max 3", "max 3 once"])
def test_once_and_max_change_nothing_on_a_count_rule(modifier):
    text = f"when count(a) >= 1 add 10 {modifier}"
    assert score(text, lead(events=[ev("a")] * 2)).score == 10.0


# ---------------------------------------------------------------- names and errors


def test_named_rule_with_a_string_name():
    assert score('rule "Pricing page": when a add 4', lead(events=[ev("a")])).score == 4.0


def test_duplicate_rule_name_is_sd101_on_the_second_rule():
    assert 3 in error_lines("rule r: when a add 1\nwhen b add 1\nrule r: when c add 2", "SD101")


def test_identifier_and_string_names_with_the_same_text_collide():
    assert 2 in error_lines('rule pricing: when a add 1\nrule "pricing": when b add 1', "SD101")


def test_within_on_a_profile_rule_is_sd401():
    assert 2 in error_lines('when a add 1\nwhen title == "CTO" add 10 within 30d', "SD401")


@pytest.mark.parametrize("modifiers", ["once once", "max 2 max 3", "within 1d once within 2d"])
def test_repeated_modifier_is_sd405(modifiers):
    assert 2 in error_lines(f"when a add 1\nwhen b add 10 {modifiers}", "SD405")


@pytest.mark.parametrize(
    "rule", ["when a subtract -5", "when a add 5 max -3", "when a subtract 5 max -3"]
)
def test_negative_subtract_or_max_is_sd406(rule):
    assert 2 in error_lines(f"when b add 1\n{rule}", "SD406")
