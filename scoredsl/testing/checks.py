"""Expectations: compare what a case expects with what the explanation says happened.

Values are compared as reported (rounded to 2 decimals, spec 9); a message says what was
expected and what happened, with the rule's why-not reason from explain.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from ..compile import CompiledRule
from ..explain import Explanation
from ..printer import number
from ..ruleset import Ruleset
from .results import Failure
from .syntax import Expectation, ExpectFired, ExpectRule, ExpectTier, ExpectValue, RuleRef

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "==": lambda a, b: math.isclose(a, b, abs_tol=1e-9),
    "!=": lambda a, b: not math.isclose(a, b, abs_tol=1e-9),
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
TOTAL_NAMES = ("score", "total")


def check(
    expectation: Expectation,
    explanation: Explanation,
    fired: set[int],
    refs: dict[RuleRef, int],
    ruleset: Ruleset,
) -> Failure | None:
    if isinstance(expectation, ExpectValue):
        message = _check_value(expectation, explanation)
    elif isinstance(expectation, ExpectTier):
        message = _check_tier(expectation, explanation)
    elif isinstance(expectation, ExpectRule):
        message = _check_rule(expectation, explanation, refs[expectation.rule])
    else:
        message = _check_fired(expectation, fired, refs, ruleset)
    return None if message is None else Failure(expectation, message)


def _check_value(expectation: ExpectValue, explanation: Explanation) -> str | None:
    result = explanation.result
    target = expectation.target
    actual = result.score if target in TOTAL_NAMES else result.scores[target]
    if expectation.high is not None:
        holds = expectation.value <= actual <= expectation.high
        wanted = f"between {number(expectation.value)} and {number(expectation.high)}"
    else:
        holds = _COMPARE[expectation.op](actual, expectation.value)
        wanted = f"{expectation.op} {number(expectation.value)}"
    return None if holds else f"expected {target} {wanted}, got {number(actual)}"


def _check_tier(expectation: ExpectTier, explanation: Explanation) -> str | None:
    actual = explanation.result.tier
    same = actual == expectation.tier
    if same == (expectation.op == "=="):
        return None
    shown = actual if actual is not None else "none (no tier matched)"
    return f"expected tier {expectation.op} {expectation.tier or 'none'}, got {shown}"


def _check_rule(expectation: ExpectRule, explanation: Explanation, index: int) -> str | None:
    trace = explanation.rules[index]
    if trace.fired == expectation.fired:
        return None
    name = expectation.rule.text
    if expectation.fired:
        return f"expected rule {name} to fire; it did not: {trace.reason or 'no reason recorded'}"
    return f"expected rule {name} not to fire; it fired ({number(trace.contribution)} points)"


def _check_fired(
    expectation: ExpectFired, fired: set[int], refs: dict[RuleRef, int], ruleset: Ruleset
) -> str | None:
    wanted = {refs[ref] for ref in expectation.rules}
    if wanted == fired:
        return None
    rules = ruleset.compiled.rules
    parts = []
    if missing := sorted(wanted - fired):
        parts.append("did not fire: " + ", ".join(_short(rules[i]) for i in missing))
    if extra := sorted(fired - wanted):
        parts.append("also fired: " + ", ".join(_short(rules[i]) for i in extra))
    return "fired rules differ; " + "; ".join(parts)


def _short(rule: CompiledRule) -> str:
    return rule.rule.name if rule.rule.name is not None else f"line {rule.rule.span.line}"
