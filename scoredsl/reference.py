"""A naive reference interpreter: the slow, obvious baseline for the compiled evaluator.

Written straight from the language contract (LANGUAGE.md sections 3-7 and 9), it walks the
AST for every rule and every event: no indexes, no closures, no precompiled predicates.
The property tests check `Ruleset.score` against it, and benchmarks measure the compiled
evaluator against it. It reuses only the spec's value semantics from `values` (path
lookup, coercions, case folding, rounding), `parse_instant` and `compile_regex`.
Do not optimise it: its worth is that each line can be read against the spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from . import ast
from .models import Event, Lead, ScoreResult
from .program import DimensionPlan, Program
from .regex import compile_regex
from .timeutil import InstantError, parse_instant
from .values import (
    MISSING,
    add_in_order,
    as_bool,
    as_number,
    as_text,
    fold,
    lookup,
    round_half_away,
)

_MICRO = timedelta(microseconds=1)


def reference_score(program: Program, lead: Lead, as_of: datetime) -> ScoreResult:
    """Score one lead at `as_of` by walking the program's AST (spec 3-6, 9, 11)."""
    values: list[float] = []
    for plan in program.dimensions:  # the unnamed dimension first, then declared order
        total = add_in_order(
            rule_contribution(program, plan, rule, lead, as_of) for rule in plan.rules
        )
        values.append(clamp(total, plan.range))
    score = round_half_away(clamp(add_in_order(values), program.total_range))
    scores = {
        plan.name: round_half_away(value)
        for plan, value in zip(program.dimensions, values, strict=True)
        if plan.name is not None
    }
    tier_data: dict[str, Any] = {**scores, "score": score, "total": score}
    tier = None
    for candidate in program.tiers:
        if candidate.condition is None or eval_pred(candidate.condition, tier_data, as_of, program):
            tier = candidate.name
            break
    return ScoreResult(lead_id=lead.id, score=score, scores=scores, tier=tier)


def clamp(value: float, bounds: ast.Range | None) -> float:
    """Spec 5: clamp to `range LOW..HIGH` if there is one."""
    if bounds is None:
        return value
    return min(max(value, bounds.low), bounds.high)


# ---------------------------------------------------------------- rules (spec 3)


def rule_contribution(
    program: Program, plan: DimensionPlan, rule: ast.Rule, lead: Lead, as_of: datetime
) -> float:
    """What one rule adds to its dimension, unrounded."""
    condition = rule.condition
    if isinstance(condition, ast.CountCondition):
        count = len(matching_events(program, condition.pattern, rule, lead, as_of))
        return (
            rule.signed_points if compare(count, condition.op, condition.threshold.value) else 0.0
        )
    if not isinstance(condition, ast.EventPattern):  # a profile rule
        attributes = program.schema.attributes if program.schema is not None else None
        holds = eval_pred(condition, lead.attributes, as_of, program, attributes)
        return rule.signed_points if holds else 0.0
    matched = matching_events(program, condition, rule, lead, as_of)
    if rule.once and matched:
        latest = matched[0]
        for event in matched:  # the largest `at`; on a tie the first in input order
            if event.at > latest.at:
                latest = event
        matched = [latest]
    contribution = 0.0
    for event in matched:  # in event input order
        contribution += rule.signed_points * decay_factor(plan.decays, age_micros(as_of, event))
    cap = rule.cap
    if cap is None:
        return contribution
    return max(contribution, -cap) if rule.subtract else min(contribution, cap)


def matching_events(
    program: Program, pattern: ast.EventPattern, rule: ast.Rule, lead: Lead, as_of: datetime
) -> list[Event]:
    """The lead's events a rule's pattern matches, in input order (no look-ahead)."""
    found = []
    for event in lead.events:
        age = age_micros(as_of, event)
        if age < 0:
            continue
        if pattern.wildcard:
            if not event.type.startswith(pattern.type.dotted + "."):
                continue
        elif event.type != pattern.type.dotted:
            continue
        if rule.within is not None and age > rule.within.micros:
            continue
        if pattern.where is not None and not eval_pred(
            pattern.where, event.props, as_of, program, declared_properties(program, pattern, event)
        ):
            continue
        found.append(event)
    return found


def declared_properties(
    program: Program, pattern: ast.EventPattern, event: Event
) -> Mapping[str, ast.Declared] | None:
    """Spec 12: the schema's declarations of the event's properties: those of its own
    type, or, for a type only a wildcard matches, those of the types the wildcard covers."""
    if program.schema is None:
        return None
    events = program.schema.events
    if event.type in events:
        return events[event.type]
    found: dict[str, ast.Declared] = {}
    for event_type, props in events.items():
        if event_type.startswith(pattern.type.dotted + "."):
            found.update(props)
    return found


def age_micros(as_of: datetime, event: Event) -> int:
    return (as_of - event.at) // _MICRO


def compare(left: float, op: str, right: float) -> bool:
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


# ---------------------------------------------------------------- decay (spec 4)


def decay_factor(decays: tuple[ast.Decay, ...], age: int) -> float:
    """Step: the line with the largest D < age; every: (1 - P/100) ** floor(age / D)."""
    for line in decays:
        if line.mode == "every":
            return float((1 - line.percent / 100) ** (age // line.duration.micros))
    best: ast.Decay | None = None
    for line in decays:
        if line.duration.micros < age and (
            best is None or line.duration.micros > best.duration.micros
        ):
            best = line
    return 1.0 if best is None else 1 - best.percent / 100


# ---------------------------------------------------------------- predicates (spec 7)


def eval_pred(
    node: ast.Pred,
    data: Mapping[str, Any],
    as_of: datetime,
    program: Program,
    decls: Mapping[str, ast.Declared] | None = None,
) -> bool:
    """A predicate over `data` (lead attributes, event props, or a tier's scores).

    `decls` are the schema's declarations of what the paths name (None: no schema, or a tier).
    """
    if isinstance(node, ast.Not):
        return not eval_pred(node.operand, data, as_of, program, decls)
    if isinstance(node, ast.And):
        return eval_pred(node.left, data, as_of, program, decls) and eval_pred(
            node.right, data, as_of, program, decls
        )
    if isinstance(node, ast.Or):
        return eval_pred(node.left, data, as_of, program, decls) or eval_pred(
            node.right, data, as_of, program, decls
        )
    value = read(data, node.path, decls, program)
    if isinstance(node, ast.Presence):
        return (value is MISSING) == node.missing
    if value is MISSING:
        return False  # two-valued logic: every other form is false on a missing value
    if isinstance(node, ast.WithinTime):
        try:
            moment = parse_instant(value)
        except (InstantError, ValueError):
            return False
        return 0 <= (as_of - moment) // _MICRO <= node.duration.micros
    operand = program.resolve(node.operand)
    if isinstance(node, ast.InList):
        assert isinstance(operand, ast.ListValue)
        if node.negated:
            scalar = isinstance(value, str | int | float | bool)
            return scalar and not any(equals(value, item) is True for item in operand.items)
        return any(equals(value, item) is True for item in operand.items)
    assert not isinstance(operand, ast.ListValue)
    if isinstance(node, ast.Compare):
        if node.op == "==":
            return equals(value, operand) is True
        if node.op == "!=":
            return equals(value, operand) is False
        number = as_number(value)
        assert isinstance(operand, ast.Number)
        return number is not None and compare(number, node.op, operand.value)
    if node.op == "contains" and isinstance(value, list):
        return any(equals(item, operand) is True for item in value)
    text = as_text(value)
    if text is None:
        return False
    if node.op == "matches":
        assert isinstance(operand, ast.String)
        return compile_regex(operand.value).search(text) is not None
    needle = as_text(operand.value)
    assert needle is not None
    if node.op == "contains":
        return fold(needle) in fold(text)
    if node.op == "starts with":
        return fold(text).startswith(fold(needle))
    return fold(text).endswith(fold(needle))


def read(
    data: Mapping[str, Any],
    path: ast.Path,
    decls: Mapping[str, ast.Declared] | None,
    program: Program,
) -> Any:
    """Spec 12: the value a path names. `from "KEY"` reads the flat key KEY; a text value
    that is a missing marker (the declaration's list, else the schema's) is missing; a
    boolean spelling is that boolean. Words compare trimmed and case-insensitively."""
    if decls is None or program.schema is None:
        return lookup(data, path.parts)
    decl = decls.get(path.text)
    key = decl.key if decl is not None else None
    value = lookup(data, path.parts) if key is None else lookup(data, (key,))
    if not isinstance(value, str):
        return value
    word = fold(value.strip())
    own = decl.words("missing") if decl is not None else None
    if own is None:
        if word in program.schema.missing:
            return MISSING
    elif any(word == fold(marker.strip()) for marker in own):
        return MISSING
    if decl is not None:
        if any(word == fold(w.strip()) for w in decl.words("true") or ()):
            return True
        if any(word == fold(w.strip()) for w in decl.words("false") or ()):
            return False
    return value


def equals(value: Any, literal: ast.Scalar) -> bool | None:
    """Spec 7 equality; None when the value cannot be compared (then `!=` is false too)."""
    if isinstance(literal, ast.Number):
        number = as_number(value)
        return None if number is None else number == literal.value
    if isinstance(literal, ast.Bool):
        flag = as_bool(value)
        return None if flag is None else flag == literal.value
    text = as_text(value)
    return None if text is None else fold(text) == fold(literal.value)
