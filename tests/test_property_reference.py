"""Property test: the compiled evaluator agrees with the naive reference interpreter.

Hypothesis builds random VALID ruleset texts (every rule kind, modifier, decay form,
dimension, range, let, predicate form and tier shape) and random leads (mixed-type and
mixed-case attributes, missing keys, nested and flat paths, events around `as_of` including
the future and exact decay boundaries). `Ruleset.score` must equal
`reference.reference_score` on every one, and `explain` must agree with `score`.

Examples are random locally and derandomized in CI (tests/conftest.py), so CI runs the
same examples every time.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, SETTINGS, export_leads, export_ruleset_text, leads, ruleset_text

import scoredsl
from scoredsl.models import Lead
from scoredsl.reference import reference_score, rule_contribution

# ---------------------------------------------------------------- properties


def load(text: str) -> scoredsl.Ruleset:
    try:
        return scoredsl.loads(text)
    except scoredsl.ScoreDSLError as exc:  # a generator bug: show the text and the errors
        raise AssertionError(f"generated an invalid ruleset:\n{text}\n{exc}") from None


@SETTINGS
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4))
def test_compiled_evaluator_matches_reference(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = load(text)
    for lead in batch:
        expected = reference_score(ruleset.program, Lead.model_validate(lead), AS_OF)
        assert ruleset.score(lead, AS_OF).record() == expected.record(), lead


@SETTINGS
@given(text=ruleset_text(), lead=leads())
def test_explain_agrees_with_score(text: str, lead: dict[str, Any]) -> None:
    ruleset = load(text)
    explanation = ruleset.explain(lead, AS_OF)
    assert explanation.result == ruleset.score(lead, AS_OF)
    parsed = Lead.model_validate(lead)
    expected = [
        rule_contribution(ruleset.program, plan, rule, parsed, AS_OF)
        for plan in ruleset.program.dimensions
        for rule in plan.rules
    ]
    assert [trace.contribution for trace in explanation.rules] == expected
    for dimension in explanation.dimensions:
        parts = [r.contribution for r in explanation.rules if r.dimension == dimension.name]
        assert sum(parts) == dimension.sum


@SETTINGS
@given(text=export_ruleset_text(), batch=st.lists(export_leads(), min_size=1, max_size=4))
def test_compiled_evaluator_matches_reference_on_exports(
    text: str, batch: list[dict[str, Any]]
) -> None:
    """Spec 12: quoted names, `from` keys, missing markers and boolean spellings."""
    ruleset = load(text)
    for lead in batch:
        expected = reference_score(ruleset.program, Lead.model_validate(lead), AS_OF)
        assert ruleset.score(lead, AS_OF).record() == expected.record(), lead
        assert ruleset.explain(lead, AS_OF).result == ruleset.score(lead, AS_OF)
