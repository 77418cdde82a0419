"""The bundled rulesets score their sample leads exactly as hand-computed in
rulesets/data/*_expected.md (every `{"lead_id": ...}` line there is an expected record)."""

from __future__ import annotations

import json

import pytest
from helpers import DATA, EXAMPLES, ROOT
from typer.testing import CliRunner

from scoredsl.cli import app


def expected_records(name: str) -> list[dict[str, object]]:
    text = (DATA / f"{name}_expected.md").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"lead_id"')]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_bundled_ruleset_matches_hand_computation(name: str) -> None:
    args = [
        "score",
        str(ROOT / "rulesets" / f"{name}.score"),
        *EXAMPLES[name],
        "--as-of",
        "2026-11-01",
        "--quiet",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    produced = {r["lead_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    expected = expected_records(name)
    assert expected, "the expected file lists at least one record"
    for record in expected:
        assert produced[record["lead_id"]] == record
