"""`scoredsl test`: .scoretest parsing, diagnostics, pass/fail output, coverage, JUnit, CLI.

Rendered output is compared with golden files in tests/golden/scoretest/ (regenerate with
UPDATE_GOLDEN=1 and review the diff).
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_golden
from hypothesis import given
from strategies import AS_OF, SETTINGS, leads, ruleset_text
from typer.testing import CliRunner

import scoredsl
from scoredsl.cli import app
from scoredsl.source import Source
from scoredsl.testing import run
from scoredsl.testing.syntax import (
    Absolute,
    Case,
    EventSpec,
    ExpectFired,
    ExpectRule,
    ExpectTier,
    ExpectValue,
    LeadSpec,
    Relative,
    RuleRef,
    parse_test,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = HERE / "golden" / "scoretest"
ERROR_FILES = sorted(
    p.name for p in CASES.glob("*.scoretest") if p.stem not in ("passing", "failing")
)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def in_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES)  # paths in the output stay relative


# ---------------------------------------------------------------- parsing


def test_parses_every_construct_into_the_ast() -> None:
    text = """\
rules "b2b.score"; as_of 2026-11-01
test "one" {
  as_of "2026-11-01T12:00:00Z"
  lead "L-7" { title: "CTO", company: { size: 800 }, "company.size": 1.5, tags: [vip, "x"] }
  event page.visited at -2d { url: "/pricing", n: null, ok: true }
  event email.opened at 2026-10-30T09:30:00+02:00
  expect score between 20 and 30; expect fit >= -5
  expect tier == hot; expect tier != none
  expect rule pricing fired; expect rule "odd name" not fired; expect rule at line 12 fired
  expect fired == [pricing, line 3]
}
"""
    parsed = parse_test(Source("t.scoretest", text))
    assert parsed.rules is not None and parsed.rules.target == "b2b.score"
    assert parsed.as_of is not None and parsed.as_of.text == "2026-11-01"
    [case] = parsed.cases
    assert case == Case(
        "one",
        case.as_of,
        LeadSpec(
            "L-7",
            {"title": "CTO", "company": {"size": 800}, "company.size": 1.5, "tags": ["vip", "x"]},
        ),
        (
            EventSpec(
                "page.visited",
                Relative("-2d", -2 * 86_400_000_000),
                {"url": "/pricing", "n": None, "ok": True},
            ),
            EventSpec("email.opened", Absolute("2026-10-30T09:30:00+02:00"), {}),
        ),
        (
            ExpectValue("score", "between", 20.0, 30.0),
            ExpectValue("fit", ">=", -5.0),
            ExpectTier("==", "hot"),
            ExpectTier("!=", None),
            ExpectRule(RuleRef("pricing"), True),
            ExpectRule(RuleRef("odd name"), False),
            ExpectRule(RuleRef(line=12), True),
            ExpectFired((RuleRef("pricing"), RuleRef(line=3))),
        ),
    )
    assert case.as_of is not None and case.as_of.text == "2026-11-01T12:00:00Z"


def test_bare_words_in_lead_values_are_strings_as_in_score_lists() -> None:
    parsed = parse_test(Source("t", 'test "x" { lead { tags: [vip, beta-2] } }'))
    assert parsed.cases[0].lead == LeadSpec(None, {"tags": ["vip", "beta-2"]})


def test_spans_point_at_the_expectation() -> None:
    parsed = parse_test(Source("t", 'test "x" {\n  expect score == 1\n}'))
    span = parsed.cases[0].expects[0].span
    assert (span.line, span.column, span.end_column) == (2, 10, 20)


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("name", ERROR_FILES)
def test_errors_in_test_files_render_as_golden(name: str, in_cases: None) -> None:
    code, out = cli("test", name)
    assert code == 1
    assert_golden(out, CASES / name.replace(".scoretest", ".txt"))


def test_passing_cases(in_cases: None) -> None:
    code, out = cli("test", "passing.scoretest")
    assert code == 0
    assert_golden(out, CASES / "passing.txt")


def test_failing_case_shows_expected_actual_and_the_explain_trace(in_cases: None) -> None:
    code, out = cli("test", "failing.scoretest")
    assert code == 1
    assert "expected score >= 15, got 0" in out
    assert "why not: no `page.visited` event matched" in out  # the explain trace
    assert_golden(out, CASES / "failing.txt")


# ---------------------------------------------------------------- coverage


def test_coverage_counts_rules_fired_and_tiers_reached(in_cases: None) -> None:
    result = run([Path("passing.scoretest")])
    [cov] = result.coverage
    assert [r.fired for r in cov.rules] == [True, True, True]  # cto, line 4, pricing
    assert [(t.name, t.reached) for t in cov.tiers] == [("hot", True), ("cold", True)]
    assert result.coverage_percent == 100.0


def test_partial_coverage_and_min_coverage_exit_codes(in_cases: None) -> None:
    # Only "nobody is cold": no rule fires, one tier of two is reached: 1/5 = 20%.
    result = run([Path("passing.scoretest")], select="nobody")
    assert result.coverage_percent == pytest.approx(20.0)
    assert cli("test", "passing.scoretest", "-k", "nobody", "--min-coverage", "20")[0] == 0
    code, out = cli("test", "passing.scoretest", "-k", "nobody", "--min-coverage", "21")
    assert code == 1
    assert "coverage: 1/5 rules and tiers (20.0%), minimum 21%: FAIL" in out
    assert "NEVER  rule cto (rules.score:3)" in out


def test_coverage_merges_test_files_of_one_ruleset(in_cases: None) -> None:
    # One case of each file: the hot CTO (3 rules, tier hot) and the old visit (tier cold).
    # The second file is named another way round: still the same rules.score.
    other = Path("..") / "scoretest" / "failing.scoretest"
    result = run([Path("passing.scoretest"), other], select="pricing")
    [cov] = result.coverage
    assert cov.rules_path == "rules.score"
    assert [t.reached for t in cov.tiers] == [True, True]
    assert (cov.covered, cov.total) == (5, 5)
    assert result.failed == 1 and result.passed == 1


def test_every_bundled_ruleset_is_fully_covered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out = cli("test", "rulesets/", "--coverage", "--min-coverage", "100")
    assert code == 0, out
    assert "minimum 100%: ok" in out
    result = run([Path("rulesets")])
    tested = {Path(c.rules_path).name for c in result.coverage}
    assert tested == {p.name for p in (ROOT / "rulesets").glob("*.score")}
    assert result.failed == 0 and result.errors == 0


# ---------------------------------------------------------------- formats and CLI


def test_junit_report_parses_back(in_cases: None, tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    args = ["passing.scoretest", "failing.scoretest", "unknown_names.scoretest"]
    code, _ = cli("test", *args, "--format", "junit", "--output", str(report), "--coverage")
    assert code == 1
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "1", "1")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {*args, "coverage"}
    failing = suites["failing.scoretest"].find("testcase")
    assert failing is not None and failing.get("name") == "an old pricing visit still counts"
    failure = failing.find("failure")
    assert failure is not None and failure.get("message") == "expected score >= 15, got 0"
    assert failure.text is not None and "explain:" in failure.text
    error = suites["unknown_names.scoretest"].find("testcase/error")
    assert error is not None and error.get("type") == "SD804"


def test_json_report(in_cases: None) -> None:
    code, out = cli(
        "test", "failing.scoretest", "passing.scoretest", "--format", "json", "--coverage"
    )
    assert code == 1
    data = json.loads(out)
    [ruleset] = data["coverage"]["rulesets"]
    assert (data["coverage"]["percent"], ruleset["covered"], ruleset["total"]) == (100.0, 5, 5)
    assert ruleset["rules"][1] == {
        "rule": "when company.size >= 500 add 5 (line 4)",
        "path": "rules.score",
        "line": 4,
        "fired": True,
    }
    assert data["summary"] == {"passed": 2, "failed": 1, "errors": 0, "files": 2}
    [case] = data["files"][0]["cases"]
    assert case["result"] == {
        "lead_id": case["name"],
        "score": 0.0,
        "scores": {"fit": 0.0, "engagement": 0.0},
        "tier": "cold",
    }
    assert case["failures"][0]["location"]["line"] == 7


def test_select_runs_matching_cases_only(in_cases: None) -> None:
    code, out = cli("test", "passing.scoretest", "-k", "PRICING")
    assert code == 0
    assert "CTO on the pricing page is hot" in out and "nobody" not in out


def test_a_score_file_means_its_sibling_test_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out = cli("test", "rulesets/event_led.score")
    assert code == 0 and "3 passed in 1 test file" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/"], "file not found: nowhere"),
        (["rules.score"], "no test file for rules.score"),
        (["--min-coverage", "101", "passing.scoretest"], "Usage:"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, in_cases: None) -> None:
    result = CliRunner().invoke(app, ["test", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["test", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .scoretest files" in result.stderr


# ---------------------------------------------------------------- property


def _value(value: Any) -> str:
    """A lead value in test-file syntax; numbers plainly (the grammar has no exponents)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _case_text(lead: dict[str, Any], record: dict[str, Any]) -> str:
    lines = [f"lead {json.dumps(lead['id'])} {_value(lead['attributes'])}"]
    for event in lead["events"]:
        props = _value(event.get("props", {}))
        lines.append(f"event {event['type']} at {json.dumps(event['at'])} {props}")
    lines.append(f"expect score == {_value(record['score'])}")
    lines.extend(f"expect {name} == {_value(v)}" for name, v in record["scores"].items())
    lines.append(f"expect tier == {json.dumps(record['tier']) if record['tier'] else 'none'}")
    return "\n  ".join(lines)


@SETTINGS
@given(text=ruleset_text(), lead=leads())
def test_a_case_scores_the_lead_it_describes(text: str, lead: dict[str, Any]) -> None:
    """Any lead written as a test case is scored exactly as `Ruleset.score` scores it."""
    record = scoredsl.loads(text).score(lead, AS_OF).record()
    case = f'as_of "{AS_OF.isoformat()}"\ntest "t" {{\n  {_case_text(lead, record)}\n}}\n'
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "r.score").write_text(text, encoding="utf-8")
        (folder / "r.scoretest").write_text(case, encoding="utf-8")
        result = run([folder / "r.scoretest"])
    assert result.errors == 0, [d.message for f in result.files for d in f.diagnostics]
    [ran] = result.cases
    assert ran.explanation.result.record() == record, case
    assert ran.passed, [f.message for f in ran.failures]


def test_the_example_in_the_docs_passes(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    example = docs.split("```\n", 2)[1]
    (tmp_path / "b2b_saas.score").write_text(
        (ROOT / "rulesets" / "b2b_saas.score").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "example.scoretest").write_text(example, encoding="utf-8")
    result = run([tmp_path / "example.scoretest"])
    assert result.errors == 0 and result.passed == 1 and result.failed == 0
