"""What changed between two versions of a ruleset, in meaning, not in text.

Rules are paired first by name, then (for what is left) by condition: a pair with the same
condition and another name is a rename. Last, an unnamed rule whose condition alone changed
is paired with its new version (see `_pair_reconditioned`). Conditions are compared with
`let`s resolved, the spelling of list items ignored (`[CEO]` is `["CEO"]`) and durations
by their length (`30d` is `720h`), so a `let` edit shows on each rule that uses it and a
pure reformat (`scoredsl fmt`) is no change at all. The reachable score
bounds come from the linter (scoredsl.lint.bounds).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import ast, printer
from ..compile import CompiledRule, CompiledRuleset
from ..lint.bounds import Interval, compute_bounds
from ..program import DimensionPlan, Program
from .diff_results import Bound, BoundsRow, ChangeKind, RuleChange, RuleDiff

UNNAMED = "(unnamed)"


@dataclass(frozen=True)
class Pair:
    """One rule's place in both versions (compiled rule indexes; None: not in that one)."""

    old: int | None
    new: int | None
    why: str  # what changed about the rule, "" when nothing did


@dataclass(frozen=True)
class Comparison:
    diff: RuleDiff
    pairs: list[Pair]
    decay_changed: frozenset[str | None]  # dimensions whose decay lines changed
    schema_changed: bool


def compare(old: CompiledRuleset, new: CompiledRuleset, same_text: bool) -> Comparison:
    changes: list[RuleChange] = []
    pairs = _pair_rules(old, new)
    changes += [c for pair in pairs for c in _rule_changes(old, new, pair)]
    decayed = _decay_changes(old.program, new.program)
    changes += decayed
    changes += _range_changes(old.program, new.program)
    changes += _tier_changes(old.program, new.program)
    schema = _schema_changes(old.program, new.program)
    changes += schema
    diff = RuleDiff(
        meaning_changed=bool(changes),
        same_text=same_text,
        changes=changes,
        bounds=_bounds(old.program, new.program),
    )
    named = [
        Pair(p.old, p.new, "; ".join(_words(c) for c in _rule_changes(old, new, p))) for p in pairs
    ]
    dims = frozenset(None if c.subject == UNNAMED else c.subject for c in decayed)
    return Comparison(diff, named, dims, bool(schema))


# ---------------------------------------------------------------- meaning


def meaning(node: Any, lets: dict[str, ast.Literal_]) -> Any:
    """A node as compared: lets resolved, list and duration spelling dropped (spans never
    compare)."""
    if isinstance(node, ast.Duration):
        return dataclasses.replace(node, text="")  # its microseconds are its meaning
    if isinstance(node, ast.LetRef) and node.name in lets:
        return meaning(lets[node.name], lets)
    if isinstance(node, ast.ListValue):
        return ast.ListValue(tuple(meaning(i, lets) for i in node.items))
    if isinstance(node, tuple):
        return tuple(meaning(item, lets) for item in node)
    if isinstance(node, ast.Node) and dataclasses.is_dataclass(node):
        values = {
            f.name: meaning(getattr(node, f.name), lets)
            for f in dataclasses.fields(node)
            if f.compare and f.init
        }
        return dataclasses.replace(node, **values)
    return node


def _condition(rule: CompiledRule, program: Program) -> Any:
    return meaning(rule.rule.condition, program.lets)


def _modifiers(rule: CompiledRule) -> tuple[str, ...]:
    return tuple(printer.modifier(m) for m in printer.ordered_modifiers(rule.rule.modifiers))


def _modifier_meaning(rule: CompiledRule) -> Any:
    return meaning(printer.ordered_modifiers(rule.rule.modifiers), {})


# ---------------------------------------------------------------- rules


def _dimension(compiled: CompiledRuleset, rule: CompiledRule) -> str | None:
    return compiled.dimensions[rule.dimension].name


def _pair_rules(old: CompiledRuleset, new: CompiledRuleset) -> list[Pair]:
    pairs: list[Pair] = []
    left = list(old.rules)
    right = list(new.rules)
    by_name = {r.rule.name: r for r in right if r.rule.name is not None}
    for rule in list(left):
        match = by_name.get(rule.rule.name) if rule.rule.name is not None else None
        if match is not None and match in right:
            pairs.append(Pair(rule.index, match.index, ""))
            left.remove(rule)
            right.remove(match)
    for rule in list(left):  # same condition, another name (or none): a rename
        condition = _condition(rule, old.program)
        match = next((r for r in right if _condition(r, new.program) == condition), None)
        if match is not None:
            pairs.append(Pair(rule.index, match.index, ""))
            left.remove(rule)
            right.remove(match)
    pairs += _pair_reconditioned(old, new, left, right)
    pairs += [Pair(rule.index, None, "") for rule in left]
    pairs += [Pair(None, rule.index, "") for rule in right]
    return sorted(pairs, key=_order)


def _pair_reconditioned(
    old: CompiledRuleset,
    new: CompiledRuleset,
    left: list[CompiledRule],
    right: list[CompiledRule],
) -> list[Pair]:
    """An unnamed rule has no name to follow, so a new condition would read as removed +
    added. Pair it when nothing but the condition can have changed: an unpaired unnamed rule
    of the same dimension, kind and event type, with the same points and modifiers, the only
    such rule on each side. With two candidates, which became which is a guess: they are
    left as removed + added. Pairs found here are taken out of `left` and `right`."""
    olds = [r for r in left if r.rule.name is None]
    news = [r for r in right if r.rule.name is None]
    pairs = []
    for was in olds:
        matches = [r for r in news if _alike_but_condition(old, was, new, r)]
        if len(matches) != 1:
            continue
        rivals = [r for r in olds if _alike_but_condition(old, r, new, matches[0])]
        if rivals == [was]:
            pairs.append(Pair(was.index, matches[0].index, ""))
            left.remove(was)
            right.remove(matches[0])
    return pairs


def _alike_but_condition(
    old: CompiledRuleset, was: CompiledRule, new: CompiledRuleset, now: CompiledRule
) -> bool:
    return (
        _dimension(old, was) == _dimension(new, now)
        and was.kind == now.kind
        and (was.event_type, was.wildcard) == (now.event_type, now.wildcard)
        and was.points == now.points
        and _modifier_meaning(was) == _modifier_meaning(now)
    )


def _order(pair: Pair) -> tuple[int, int]:
    return (pair.new if pair.new is not None else 10**9, pair.old or 0)


def _rule_changes(old: CompiledRuleset, new: CompiledRuleset, pair: Pair) -> list[RuleChange]:
    if pair.new is None:
        assert pair.old is not None
        gone = old.rules[pair.old]
        return [_change("removed", gone.label, _dimension(old, gone), old=printer.rule(gone.rule))]
    added = new.rules[pair.new]
    if pair.old is None:
        return [_change("added", added.label, _dimension(new, added), new=printer.rule(added.rule))]
    was = old.rules[pair.old]
    dimension = _dimension(new, added)
    found: list[RuleChange] = []
    if was.rule.name != added.rule.name:
        found.append(_change("renamed", added.label, dimension, was.label, added.label))
    if _dimension(old, was) != dimension:
        found.append(
            _change(
                "moved",
                added.label,
                dimension,
                _dim_name(_dimension(old, was)),
                _dim_name(dimension),
            )
        )
    if _condition(was, old.program) != _condition(added, new.program):
        before, after = (
            printer.condition(was.rule.condition),
            printer.condition(added.rule.condition),
        )
        found.append(_change("re-conditioned", added.label, dimension, before, after))
    if was.points != added.points:
        found.append(
            _change(
                "re-pointed",
                added.label,
                dimension,
                printer.number(was.points),
                printer.number(added.points),
            )
        )
    if _modifier_meaning(was) != _modifier_meaning(added):
        found.append(
            _change(
                "modifiers",
                added.label,
                dimension,
                " ".join(_modifiers(was)) or "none",
                " ".join(_modifiers(added)) or "none",
            )
        )
    return found


def _change(
    kind: ChangeKind,
    subject: str,
    dimension: str | None,
    old: str | None = None,
    new: str | None = None,
) -> RuleChange:
    return RuleChange(kind=kind, subject=subject, dimension=dimension, old=old, new=new)


def _dim_name(name: str | None) -> str:
    return UNNAMED if name is None else name


def _words(change: RuleChange) -> str:
    """A change in a few words, for the rule deltas of a lead."""
    if change.kind in ("added", "removed"):
        return f"rule {change.kind}"
    if change.kind == "re-pointed":
        return f"points {_signed(change.old)} → {_signed(change.new)}"
    if change.kind == "re-conditioned":
        return "condition changed"
    if change.kind == "renamed":
        return f"renamed from {change.old}"
    return f"{change.kind} {change.old} → {change.new}"


def _signed(text: str | None) -> str:
    shown = text or ""
    return shown if shown.startswith("-") else f"+{shown}"


# ---------------------------------------------------------------- decay, range, tiers


def _plans(program: Program) -> dict[str | None, DimensionPlan]:
    return {plan.name: plan for plan in program.dimensions}


def _both(old: Program, new: Program) -> Iterator[tuple[str | None, DimensionPlan, DimensionPlan]]:
    before, after = _plans(old), _plans(new)
    for name, plan in after.items():
        if name in before:
            yield name, before[name], plan


def _decay_changes(old: Program, new: Program) -> list[RuleChange]:
    found = []
    for name, was, now in _both(old, new):
        if _decay_meaning(was.decays) != _decay_meaning(now.decays):
            found.append(
                _change("decay", _dim_name(name), name, _decays(was.decays), _decays(now.decays))
            )
    return found


def _decay_meaning(decays: tuple[ast.Decay, ...]) -> list[tuple[str, int, float]]:
    """Decay lines as the evaluator reads them: by length, in any order (spec 4)."""
    return sorted((d.mode, d.duration.micros, d.percent) for d in decays)


def _decays(decays: tuple[ast.Decay, ...]) -> str:
    return ", ".join(printer.decay(d) for d in decays) or "no decay"


def _range_text(limits: ast.Range | None) -> str:
    return "no range" if limits is None else printer.range_(limits)


def _range_changes(old: Program, new: Program) -> list[RuleChange]:
    found = []
    for name, was, now in _both(old, new):
        if was.range != now.range:
            found.append(
                _change(
                    "range", _dim_name(name), name, _range_text(was.range), _range_text(now.range)
                )
            )
    if old.total_range != new.total_range:
        found.append(
            _change(
                "range", "total", None, _range_text(old.total_range), _range_text(new.total_range)
            )
        )
    return found


def _tier_changes(old: Program, new: Program) -> list[RuleChange]:
    before = {t.name: t for t in old.tiers}
    after = {t.name: t for t in new.tiers}
    found = []
    for name, tier in after.items():
        was = before.get(name)
        now_text = printer.tier_condition(tier)
        if was is None:
            found.append(_change("tier", name, None, None, now_text))
        elif meaning(was.condition, old.lets) != meaning(tier.condition, new.lets):
            found.append(_change("tier", name, None, printer.tier_condition(was), now_text))
    for name, tier in before.items():
        if name not in after:
            found.append(_change("tier", name, None, printer.tier_condition(tier), None))
    kept_old = [t.name for t in old.tiers if t.name in after]
    kept_new = [t.name for t in new.tiers if t.name in before]
    if kept_old != kept_new:  # first match wins: the order is meaning too
        found.append(_change("tier", "order", None, ", ".join(kept_old), ", ".join(kept_new)))
    return found


def _schema_changes(old: Program, new: Program) -> list[RuleChange]:
    """The schema changes how values are read (spec 12): named, not itemised."""
    if meaning_of_schema(old) == meaning_of_schema(new):
        return []
    return [_change("schema", "schema", None, "the old schema", "the new schema")]


def meaning_of_schema(program: Program) -> Any:
    schema = program.schema
    if schema is None:
        return None
    attributes = {k: meaning(v, program.lets) for k, v in schema.attributes.items()}
    events = {
        k: {p: meaning(d, program.lets) for p, d in props.items()}
        for k, props in schema.events.items()
    }
    return (attributes, events, schema.missing)


# ---------------------------------------------------------------- bounds


def _bound(interval: Interval | None) -> Bound | None:
    if interval is None:
        return None
    return Bound(
        low=None if math.isinf(interval.lo) else interval.lo,
        high=None if math.isinf(interval.hi) else interval.hi,
    )


def _bounds(old: Program, new: Program) -> list[BoundsRow]:
    before, after = compute_bounds(old), compute_bounds(new)
    names = list(dict.fromkeys([*after.dimensions, *before.dimensions]))
    rows = [
        BoundsRow(
            dimension=_dim_name(name),
            old=_bound(before.dimensions.get(name)),
            new=_bound(after.dimensions.get(name)),
        )
        for name in names
    ]
    rows.append(BoundsRow(dimension="total", old=_bound(before.total), new=_bound(after.total)))
    return rows
