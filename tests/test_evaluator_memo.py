"""The compiled evaluator memoises `where` results per event type by property values.

A memo is only correct if a warm one gives the same scores as a cold one and as the naive
reference interpreter, whatever order leads come in, and if values that are equal as dict
keys but different as spec values (1, 1.0, true, "1") never share an entry.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, SETTINGS, leads, ruleset_text

import scoredsl
from scoredsl.models import Lead
from scoredsl.reference import reference_score


def records(ruleset: scoredsl.Ruleset, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [ruleset.score(lead, AS_OF).record() for lead in batch]


@SETTINGS
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=2, max_size=8))
def test_a_warm_memo_scores_like_a_cold_one_and_the_reference(
    text: str, batch: list[dict[str, Any]]
) -> None:
    ruleset = scoredsl.loads(text)
    expected = [
        reference_score(ruleset.program, Lead.model_validate(lead), AS_OF).record()
        for lead in batch
    ]
    assert records(ruleset, batch) == expected  # memo filled in this order
    assert records(ruleset, batch[::-1]) == expected[::-1]  # and read back in another
    fresh = scoredsl.loads(text)
    assert records(fresh, batch[::-1]) == expected[::-1]  # a cold memo, the other order


RULES = """
rule text_one: when page.visited where value == "1" add 1
rule number_one: when page.visited where value == 1 add 10
rule flag: when page.visited where value == true add 100
rule listed: when page.visited where value contains "1" add 1000
rule nested: when page.visited where utm.source == "cto" add 10000
"""


def test_values_equal_as_keys_but_not_as_spec_values_do_not_share_a_memo_entry() -> None:
    ruleset = scoredsl.loads(RULES)
    values: list[Any] = [1, True, "1", 1.0, "true", "TRUE", None, ["1"], "01", 0, False]
    batch = [
        {"id": f"L-{i}", "events": [{"type": "page.visited", "at": "2026-10-30", "props": p}]}
        for i, p in enumerate(
            [{"value": v} for v in values]
            + [{"utm": {"source": "CTO"}}, {"utm.source": "cto"}, {"utm": {"source": 3}}, {}]
        )
    ]
    expected = [
        reference_score(ruleset.program, Lead.model_validate(lead), AS_OF).record()
        for lead in batch
    ]
    assert records(ruleset, batch) == expected
    assert records(ruleset, batch) == expected
    assert len({r["score"] for r in expected}) > 4  # the values really score differently


def test_a_value_that_is_no_boolean_makes_both_equality_forms_false() -> None:
    """Like numbers: `vip != true` is false for "yes" (the reference once said true)."""
    ruleset = scoredsl.loads("when vip != true add 1; when vip == true add 10")
    for value in ["yes", 3, "CTO"]:
        lead = {"id": "L-1", "attributes": {"vip": value}}
        expected = reference_score(ruleset.program, Lead.model_validate(lead), AS_OF)
        assert ruleset.score(lead, AS_OF) == expected
        assert expected.score == 0.0
