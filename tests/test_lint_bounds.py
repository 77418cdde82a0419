"""Score bounds and the predicate logic behind the tier and contradiction rules.

The property tests are the safety net for "a lint finding is never wrong": on random
valid rulesets and leads, every real score lies within the computed bounds, a tier that
lint calls unreachable or shadowed is never a lead's tier, and a rule lint calls
contradictory never contributes.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, SETTINGS, leads, ruleset_text

import scoredsl
from scoredsl import ast
from scoredsl.lint import lint_source
from scoredsl.lint.bounds import Interval, compute_bounds, rule_bounds
from scoredsl.lint.logic import NumSet, implies
from scoredsl.lint.rules.bugs import _full_decay_age
from scoredsl.lint.rules.performance import plain_equivalent
from scoredsl.lint.rules.style import snake_case
from scoredsl.models import Lead
from scoredsl.reference import rule_contribution

TOLERANCE = 0.005 + 1e-9  # reported scores are rounded to 2 decimals


def within(value: float, interval: Interval) -> bool:
    return interval.lo - TOLERANCE <= value <= interval.hi + TOLERANCE


@SETTINGS
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=3))
def test_lint_findings_hold_on_real_leads(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = scoredsl.loads(text)
    report = lint_source(text)
    assert not report.check_failed
    bounds = compute_bounds(ruleset.program)
    dead_tiers = _flagged_tiers(ruleset, report.diagnostics)
    dead_rules = _flagged_rules(ruleset, report.diagnostics)
    for raw in batch:
        result = ruleset.score(raw, AS_OF)
        assert within(result.score, bounds.total)
        for name, value in result.scores.items():
            assert within(value, bounds.dimensions[name])
        assert result.tier not in dead_tiers
        lead = Lead.model_validate(raw)
        for plan in ruleset.program.dimensions:
            for rule in plan.rules:
                got = rule_contribution(ruleset.program, plan, rule, lead, AS_OF)
                assert rule_bounds(rule).lo - 1e-9 <= got <= rule_bounds(rule).hi + 1e-9
                if rule in dead_rules:
                    assert got == 0


def _flagged_tiers(ruleset: scoredsl.Ruleset, found: list[scoredsl.Diagnostic]) -> set[str]:
    spans = {(d.span.line, d.span.column) for d in found if d.code in ("SL001", "SL002") and d.span}
    return {t.name for t in ruleset.program.tiers if (t.span.line, t.span.column) in spans}


def _flagged_rules(ruleset: scoredsl.Ruleset, found: list[scoredsl.Diagnostic]) -> list[ast.Rule]:
    """Rules SL003 says never fire: it flags their whole condition (or an event's whole
    `where`); a flagged part of an `or` may be dead while the rule still fires."""
    flagged = {(d.span.start, d.span.end) for d in found if d.code == "SL003" and d.span}
    rules = [r for plan in ruleset.program.dimensions for r in plan.rules]
    return [r for r in rules if any(_span(part) in flagged for part in _whole(r.condition))]


def _whole(condition: ast.Condition) -> list[ast.Node]:
    if isinstance(condition, ast.EventPattern):
        return [condition.where] if condition.where is not None else []
    if isinstance(condition, ast.CountCondition):
        return []  # `count(...) < 1` holds when no event matches
    return [condition]


def _span(node: ast.Node) -> tuple[int, int]:
    return node.span.start, node.span.end


# ---------------------------------------------------------------- bounds, by hand


def _rule(text: str) -> ast.Rule:
    plan = next(p for p in scoredsl.loads(text).program.dimensions if p.rules)
    return plan.rules[0]


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ('when title == "CTO" add 10', 0, 10),
        ('when title == "CTO" subtract 10', -10, 0),
        ("when count(email.opened) >= 2 add 5 within 7d", 0, 5),
        ("when email.opened add 2", 0, float("inf")),
        ("when email.opened subtract 2", float("-inf"), 0),
        ("when email.opened add 2 once", 0, 2),
        ("when email.opened add 2 max 7", 0, 7),
        ("when email.opened subtract 2 max 7", -7, 0),
        ("when email.opened add 5 once max 3", 0, 3),
        ("when email.opened add -4 max 3", float("-inf"), 0),
    ],
)
def test_rule_bounds(text: str, lo: float, hi: float) -> None:
    assert rule_bounds(_rule(text)) == Interval(lo, hi)


def test_dimension_and_total_bounds_clamp_by_range() -> None:
    program = scoredsl.loads(
        'score fit { when title == "CTO" add 30; when title == "CIO" add 30; range 0..50 }\n'
        "when email.opened subtract 5 once\n"
        "range -2..100\n"
    ).program
    bounds = compute_bounds(program)
    assert bounds.dimensions["fit"] == Interval(0, 50)
    assert bounds.dimensions[None] == Interval(-5, 0)
    assert bounds.total == Interval(-2, 50)
    assert bounds.of("score") == bounds.of("total") == Interval(-2, 50)


# ---------------------------------------------------------------- logic


def _pred(text: str) -> ast.Pred:
    rule = _rule(f"when {text} add 1")
    assert not isinstance(rule.condition, ast.EventPattern | ast.CountCondition)
    return rule.condition


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ("score >= 70", "score >= 30", True),
        ("score > 30", "score >= 30", True),
        ("score >= 30", "score > 30", False),
        ("score >= 30", "score >= 70", False),
        ("score == 50", "score >= 50 and score <= 60", True),
        ("score >= 70 and fit >= 10", "score >= 30", True),
        ("score >= 70 or score >= 80", "score >= 30", True),
        ("score >= 70", "score >= 80 or score >= 60", True),
        ("score >= 70", "fit >= 30", False),
        (
            "score < 10",
            "not (score >= 10)",
            False,
        ),  # unknown, not wrong: `not` is not reasoned about
    ],
)
def test_implies(p: str, q: str, expected: bool) -> None:
    assert implies(_pred(p), _pred(q), lambda o: o) is expected  # type: ignore[arg-type,return-value]


def test_numset() -> None:
    assert NumSet(lo=5, lo_open=True).meet(NumSet(hi=5)).empty
    assert not NumSet(lo=5).meet(NumSet(hi=5)).empty
    assert NumSet(6, 7).within(NumSet(lo=5, lo_open=True))
    assert not NumSet(lo=5).within(NumSet(lo=5, lo_open=True))


def _decays(*lines: str) -> tuple[ast.Decay, ...]:
    text = "when email.opened add 1\n" + "\n".join(lines)
    return scoredsl.loads(text).program.dimensions[0].decays


def test_full_decay_age_follows_the_governing_step() -> None:
    day = 86_400 * 1_000_000
    steps = _decays("decay 50% after 30d", "decay 100% after 90d")
    assert _full_decay_age(steps, 180 * day).duration.text == "90d"  # type: ignore[union-attr]
    assert _full_decay_age(steps, 90 * day) is None  # age 90d exactly is not past 90d
    rising = _decays("decay 100% after 90d", "decay 50% after 120d")
    assert _full_decay_age(rising, 180 * day) is None  # events past 120d count again
    assert _full_decay_age(rising, 100 * day).duration.text == "90d"  # type: ignore[union-attr]
    periodic = _decays("decay 100% every 30d")
    assert _full_decay_age(periodic, 60 * day).duration.text == "30d"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?i)^/blog/", ("starts with", "/blog/")),
        ("(?i)pricing", ("contains", "pricing")),
        ("(?i)[.]edu$", ("ends with", ".edu")),
        ("^/$", ("==", "/")),
        ("(?i)^a\\.b$", ("==", "a.b")),
        ("^/blog/", None),  # case-sensitive with letters: a plain test would widen it
        ("(?i)@(gmail|yahoo)[.]", None),
        ("(?i)\\d+", None),
        ("(?i)[a-z]", None),
    ],
)
def test_plain_equivalent(pattern: str, expected: tuple[str, str] | None) -> None:
    assert plain_equivalent(pattern) == expected


@pytest.mark.parametrize(
    ("name", "snake"),
    [("Pricing Page", "pricing_page"), ("PricingPage", "pricing_page"), ("hot-lead", "hot_lead")],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake
