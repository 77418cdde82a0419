"""Spec section 11: the result record (lead_id, score, scores, tier), reproducing the spec's
own example record. as_of is 2026-11-01T00:00:00Z.
"""

import json

from helpers import AS_OF, ev, lead, score

import scoredsl

RULESET = """\
ruleset "b2b-saas" version "2.1.0"
let c_suite = [CEO, CTO, CIO, CFO]
score fit {
  when title in c_suite add 10
  when company.size >= 500 add 8
}
score engagement {
  when email.opened add 2 max 10
  when page.visited where url contains "/pricing" add 15
  decay 50% after 30d
  range 0..60
}
tier hot  when score >= 70
tier sql  when fit >= 20 and engagement >= 30
tier warm when score >= 30
tier cold otherwise
"""

L_1001 = lead(
    {"title": "CTO", "company": {"size": 800, "industry": "Software"}},
    [
        ev("email.opened", 45),  # 2 * 0.5 = 1
        ev("email.opened", 50),  # 2 * 0.5 = 1
        ev("page.visited", 3, {"url": "/pricing"}),  # 15
        ev("page.visited", 35, {"url": "/pricing"}),  # 15 * 0.5 = 7.5
        ev("page.visited", 2, {"url": "/blog"}),  # no match
    ],
    id_="L-1001",
)


def test_spec_11_example_record():
    result = score(RULESET, L_1001)
    # fit = 10 + 8 = 18; engagement = 1 + 1 + 15 + 7.5 = 24.5; total 42.5 -> warm
    assert result.record() == {
        "lead_id": "L-1001",
        "score": 42.5,
        "scores": {"fit": 18.0, "engagement": 24.5},
        "tier": "warm",
    }


def test_record_keys_in_spec_order():
    assert list(score(RULESET, L_1001).record()) == ["lead_id", "score", "scores", "tier"]


def test_record_serialises_as_the_spec_json():
    line = json.dumps(score(RULESET, L_1001).record())
    assert line == (
        '{"lead_id": "L-1001", "score": 42.5, '
        '"scores": {"fit": 18.0, "engagement": 24.5}, "tier": "warm"}'
    )


def test_result_attributes_match_the_record():
    result = score(RULESET, L_1001)
    assert (result.lead_id, result.score, result.scores, result.tier) == (
        "L-1001",
        42.5,
        {"fit": 18.0, "engagement": 24.5},
        "warm",
    )


def test_lead_with_nothing_gets_the_otherwise_tier():
    result = score(RULESET, lead(id_="L-2"))
    assert result.record() == {
        "lead_id": "L-2",
        "score": 0.0,
        "scores": {"fit": 0.0, "engagement": 0.0},
        "tier": "cold",
    }


def test_tiers_follow_file_order_with_dimension_conditions():
    events = [ev("page.visited", 1, {"url": "/pricing"})] * 2  # engagement 30
    result = score(RULESET, lead({"title": "cfo", "company": {"size": 500}}, events))
    # fit 18 < 20: not sql; total 48 -> warm
    assert (result.score, result.tier) == (48.0, "warm")
    result = score(RULESET, lead({"title": "cfo", "company": {"size": 500}}, events * 2))
    # engagement 4 * 15 = 60 (range 0..60), fit 18: total 78 -> hot
    assert (result.scores["engagement"], result.tier) == (60.0, "hot")


def test_scores_is_empty_with_no_named_dimension():
    record = score("when a add 4", lead(events=[ev("a")])).record()
    assert record["scores"] == {} and record["score"] == 4.0


def test_unnamed_dimension_is_not_listed():
    record = score("when a add 4\nscore fit { when b add 1 }", lead(events=[ev("a")])).record()
    assert record["scores"] == {"fit": 0.0} and record["score"] == 4.0


def test_tier_is_null_when_none_declared():
    assert score("when a add 4", lead(events=[ev("a")])).record()["tier"] is None


def test_tier_is_null_when_none_matches():
    record = score("when a add 4\ntier hot when score >= 70", lead(events=[ev("a")])).record()
    assert record["tier"] is None
    assert json.dumps(record).endswith('"tier": null}')


def test_numeric_id_is_reported_as_text():
    assert score("when a add 1", lead(id_=1001)).record()["lead_id"] == "1001"


def test_record_values_are_rounded_to_two_decimals():
    text = "score fit { when a add 0.125 }\nwhen b add 1.111"
    record = score(text, lead(events=[ev("a"), ev("b")])).record()
    # fit 0.125 -> 0.13; total 1.236 -> 1.24
    assert record["scores"] == {"fit": 0.13} and record["score"] == 1.24


def test_scoring_is_repeatable_and_independent_per_lead():
    rs = scoredsl.loads(RULESET)
    first = rs.score(L_1001, as_of="2026-11-01").record()
    rs.score(lead(id_="other"), as_of="2026-11-01")
    assert rs.score(L_1001, as_of="2026-11-01").record() == first


def test_as_of_as_aware_datetime_gives_the_same_record():
    rs = scoredsl.loads(RULESET)
    assert rs.score(L_1001, as_of=AS_OF).record() == rs.score(L_1001, as_of="2026-11-01").record()
