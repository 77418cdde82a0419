"""The lint catalogue: every rule's documented bad example is found (golden rendering),
its good example lints clean, and docs/lint-rules.md matches the registry. A data rule's
examples are linted against the data its docstring shows (the `csv` block).

Run with UPDATE_GOLDEN=1 to rewrite tests/golden/lint/*.txt after an intended change.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import assert_golden

from scoredsl.diagnostics import render_all_text
from scoredsl.lint import CATEGORIES, FileReport, LintRule, all_rules, lint_source
from scoredsl.lint.data import DataSource
from scoredsl.lint.docs import render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "lint"
RULES = {rule.code: rule for rule in all_rules()}


def test_catalogue_has_stable_codes_in_every_category() -> None:
    assert len(RULES) >= 20
    prefix = {"bugs": "SL0", "scoring": "SL1", "style": "SL2", "performance": "SL3", "data": "SL4"}
    for rule in RULES.values():
        assert re.fullmatch(r"SL\d{3}", rule.code)
        assert rule.code.startswith(prefix[rule.category]), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
    assert {r.category for r in RULES.values()} == set(CATEGORIES)
    assert len({r.name for r in RULES.values()}) == len(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_docstring_has_every_section(code: str) -> None:
    rule = RULES[code]
    for title in ("What it does", "Why is this bad?", "Example"):
        assert rule.section(title), f"{code} lacks ## {title}"
    assert "Use instead:" in rule.section("Example")


def lint_example(rule: LintRule, text: str, tmp_path: Path) -> FileReport:
    """Lint an example, with its data when the rule has some."""
    csv = rule.example_data()
    assert (csv is not None) == (rule.category == "data"), "data rules show their data"
    if csv is None:
        return lint_source(text, f"{rule.code}.score")
    (tmp_path / "leads.csv").write_text(csv, encoding="utf-8")
    data = DataSource(Path("leads.csv"), as_of=datetime(2026, 11, 1, tzinfo=timezone.utc))
    return lint_source(text, f"{rule.code}.score", data=data)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # data paths in the goldens are relative
    return tmp_path


@pytest.mark.parametrize("code", sorted(RULES))
def test_bad_example_is_found_as_golden(code: str, in_tmp: Path) -> None:
    bad, _ = RULES[code].examples()
    report = lint_example(RULES[code], bad, in_tmp)
    assert not report.check_failed, "the example must pass `scoredsl check`"
    assert [d.code for d in report.diagnostics] == [code]
    rendered = render_all_text(report.diagnostics, report.sources) + "\n"
    assert_golden(rendered, GOLDEN / f"{code}.txt")


@pytest.mark.parametrize("code", sorted(RULES))
def test_good_example_lints_clean(code: str, in_tmp: Path) -> None:
    _, good = RULES[code].examples()
    report = lint_example(RULES[code], good, in_tmp)
    assert not report.check_failed
    assert report.diagnostics == []


def test_rules_doc_is_up_to_date() -> None:
    page = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    assert page == render(), "regenerate: python -m scoredsl.lint.docs > docs/lint-rules.md"


def test_issue_catalogue_is_covered() -> None:
    """Every flaw the issue names has a rule (or is a check error, as the doc says)."""
    names = {r.name for r in RULES.values()}
    wanted = {
        "shadowed-tier",
        "unreachable-tier",
        "missing-otherwise",
        "duplicate-rule",
        "overlapping-rules",
        "contradictory-predicate",
        "max-below-points",
        "useless-modifier",
        "count-without-within",
        "decay-steps-fall",
        "within-beyond-full-decay",
        "zero-points",
        "unused-let",
        "regex-could-be-plain",
        "case-sensitive-regex",
        "near-miss-name",
        "negative-score-without-range",
        "add-negative",
        "rule-name-case",
    }
    assert wanted <= names
