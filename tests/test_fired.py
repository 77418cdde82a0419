"""`evaluate.fired`: which rules fired for a lead, exactly as explain reports it (lint's
fire counts and backtest's rule table use it)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from strategies import AS_OF, SETTINGS, leads, ruleset_text

import scoredsl
from scoredsl.evaluate import contributions, fired
from scoredsl.models import Lead


@SETTINGS
@given(text=ruleset_text(), lead=leads())
def test_fired_agrees_with_explain(text: str, lead: dict[str, Any]) -> None:
    ruleset = scoredsl.loads(text)
    parsed = Lead.model_validate(lead)
    explained = [trace.fired for trace in ruleset.explain(parsed, AS_OF).rules]
    assert fired(ruleset.compiled, parsed, AS_OF) == explained


def test_a_rule_fires_with_zero_points_and_after_full_decay() -> None:
    ruleset = scoredsl.loads(
        'when title == "CTO" add 0\n'
        "decay 100% after 7d\n"
        "when email.opened add 5\n"
        "when count(email.opened) >= 1 add 0\n"
        "when page.visited add 5\n"
    )
    lead = Lead.model_validate(
        {
            "id": "1",
            "attributes": {"title": "cto"},
            "events": [{"type": "email.opened", "at": "2026-10-01"}],
        }
    )
    assert contributions(ruleset.compiled, lead, AS_OF) == [0.0, 0.0, 0.0, 0.0]
    assert fired(ruleset.compiled, lead, AS_OF) == [True, True, True, False]
