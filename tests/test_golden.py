"""Golden files: rendered diagnostics and explain output, compared byte for byte.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after an intended change,
then review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import assert_golden

import scoredsl
from scoredsl.diagnostics import render_all_text

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ROOT = HERE.parent


CASES = sorted(
    p.name for p in (GOLDEN / "diagnostics").glob("*.score") if p.name != "cycle_b.score"
)


@pytest.mark.parametrize("name", CASES)
def test_diagnostics_render_as_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN / "diagnostics")  # paths in the output stay relative
    with pytest.raises(scoredsl.ScoreDSLError) as caught:
        scoredsl.load(name)
    rendered = render_all_text(caught.value.diagnostics, caught.value.sources) + "\n"
    assert_golden(rendered, GOLDEN / "diagnostics" / name.replace(".score", ".txt"))


@pytest.mark.parametrize("lead_id", ["L-1001", "L-1008"])
def test_explain_text_is_golden(lead_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rules = scoredsl.load("rulesets/b2b_saas.score")
    lead = _lead(lead_id)
    text = scoredsl.render_explanation(rules.explain(lead, as_of="2026-11-01"))
    assert_golden(text, GOLDEN / "explain" / f"b2b_{lead_id}.txt")


def test_explain_json_is_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rules = scoredsl.load("rulesets/b2b_saas.score")
    exp = rules.explain(_lead("L-1001"), as_of="2026-11-01")
    assert_golden(exp.model_dump_json(indent=2) + "\n", GOLDEN / "explain" / "b2b_L-1001.json")


def _lead(lead_id: str) -> scoredsl.Lead:
    import json

    for line in (ROOT / "rulesets" / "data" / "b2b_leads.jsonl").read_text().splitlines():
        if line.strip() and json.loads(line)["id"] == lead_id:
            return scoredsl.Lead.model_validate_json(line)
    raise AssertionError(lead_id)
