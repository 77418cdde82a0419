"""The lint catalogue: every rule's documented bad example is found (golden rendering),
its good example lints clean, and docs/lint-rules.md matches the registry.

Run with UPDATE_GOLDEN=1 to rewrite tests/golden/lint/*.txt after an intended change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_golden import assert_golden

from scoredsl.diagnostics import render_all_text
from scoredsl.lint import CATEGORIES, all_rules, lint_source
from scoredsl.lint.docs import render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "lint"
RULES = {rule.code: rule for rule in all_rules()}


def test_catalogue_has_stable_codes_in_every_category() -> None:
    assert len(RULES) >= 20
    prefix = {"bugs": "SL0", "scoring": "SL1", "style": "SL2", "performance": "SL3"}
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


@pytest.mark.parametrize("code", sorted(RULES))
def test_bad_example_is_found_as_golden(code: str) -> None:
    bad, _ = RULES[code].examples()
    report = lint_source(bad, f"{code}.score")
    assert not report.check_failed, "the example must pass `scoredsl check`"
    assert [d.code for d in report.diagnostics] == [code]
    rendered = render_all_text(report.diagnostics, report.sources) + "\n"
    assert_golden(rendered, GOLDEN / f"{code}.txt")


@pytest.mark.parametrize("code", sorted(RULES))
def test_good_example_lints_clean(code: str) -> None:
    _, good = RULES[code].examples()
    report = lint_source(good, f"{code}.score")
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
