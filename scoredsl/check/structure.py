"""Structure: header and tier placement, scopes, unique names, modifiers, decay and range."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import ast
from ..diagnostics import Diagnostic, error, warning
from ..link import Linked, Placed
from ..program import DimensionPlan
from ..source import Span
from ..values import SCORE_LIMIT

RESERVED_DIMENSIONS = {"score", "total"}


@dataclass(frozen=True)
class Shape:
    header: ast.Header | None
    dimensions: tuple[DimensionPlan, ...]
    total_range: ast.Range | None
    tiers: tuple[ast.Tier, ...]


def build(linked: Linked, out: list[Diagnostic]) -> Shape:
    header = _header(linked.statements, out)
    tiers = _tiers(linked.statements, out)
    top = [p.statement for p in linked.statements]
    top_rules = [s for s in top if isinstance(s, ast.Rule)]
    top_decays = [s for s in top if isinstance(s, ast.Decay)]
    top_ranges = [s for s in top if isinstance(s, ast.Range)]
    dimensions = [s for s in top if isinstance(s, ast.Dimension)]
    _check_decay_scope(top_decays, out)
    total_range = _single_range(top_ranges, out)
    plans = [DimensionPlan(None, tuple(top_rules), tuple(top_decays), None)]
    plans.extend(_dimension_plan(d, top_decays, out) for d in dimensions)
    _check_dimension_names(dimensions, out)
    all_rules = [rule for plan in plans for rule in plan.rules]
    _check_rule_names(all_rules, out)
    for rule in all_rules:
        _check_rule(rule, out)
    return Shape(header, tuple(plans), total_range, tuple(tiers))


def _header(placed: list[Placed], out: list[Diagnostic]) -> ast.Header | None:
    found: ast.Header | None = None
    for index, item in enumerate(placed):
        statement = item.statement
        if not isinstance(statement, ast.Header):
            continue
        if item.included:
            out.append(
                error(
                    "SD203",
                    "a `ruleset` header in an included file",
                    statement.span,
                    "only the main file may have a header; remove it from this file",
                )
            )
        elif found is not None:
            out.append(
                error(
                    "SD205",
                    "a second `ruleset` header",
                    statement.span,
                    "a file has at most one header",
                )
            )
        elif index != 0:
            out.append(
                error(
                    "SD205",
                    "the `ruleset` header must be the first statement",
                    statement.span,
                    "move it to the top of the file",
                )
            )
            found = statement
        else:
            found = statement
    return found


def _tiers(placed: list[Placed], out: list[Diagnostic]) -> list[ast.Tier]:
    tiers = []
    for item in placed:
        if not isinstance(item.statement, ast.Tier):
            continue
        if item.included:
            out.append(
                error(
                    "SD204",
                    "tiers in an included file",
                    item.statement.span,
                    "declare tiers in the main file only",
                )
            )
        else:
            tiers.append(item.statement)
    _check_unique(((t.name, t.span) for t in tiers), "SD107", "tier", out)
    return tiers


def _dimension_plan(
    dimension: ast.Dimension, top_decays: list[ast.Decay], out: list[Diagnostic]
) -> DimensionPlan:
    rules = tuple(s for s in dimension.body if isinstance(s, ast.Rule))
    own_decays = [s for s in dimension.body if isinstance(s, ast.Decay)]
    _check_decay_scope(own_decays, out)
    ranges = [s for s in dimension.body if isinstance(s, ast.Range)]
    effective = own_decays if own_decays else top_decays
    return DimensionPlan(dimension.name, rules, tuple(effective), _single_range(ranges, out))


def _check_dimension_names(dimensions: list[ast.Dimension], out: list[Diagnostic]) -> None:
    for dimension in dimensions:
        if dimension.name in RESERVED_DIMENSIONS:
            out.append(
                error(
                    "SD106",
                    f"a dimension may not be named `{dimension.name}`",
                    dimension.name_span or dimension.span,
                    "`score` and `total` name the total in tier conditions; pick another name",
                )
            )
    _check_unique(((d.name, d.name_span or d.span) for d in dimensions), "SD102", "dimension", out)


def _check_rule_names(rules: list[ast.Rule], out: list[Diagnostic]) -> None:
    named = ((r.name, r.name_span or r.span) for r in rules if r.name is not None)
    _check_unique(named, "SD101", "rule", out)


def _check_unique(
    items: Iterable[tuple[str, object]], code: str, what: str, out: list[Diagnostic]
) -> None:
    seen: dict[str, object] = {}
    for name, span in items:
        if name in seen:
            first = seen[name]
            out.append(
                error(
                    code,
                    f"duplicate {what} name `{name}`",
                    span,  # type: ignore[arg-type]
                    f"first defined at {first}; rename one of them",
                )
            )
        else:
            seen[name] = span


# ---------------------------------------------------------------- rules


def _check_rule(rule: ast.Rule, out: list[Diagnostic]) -> None:
    seen: dict[type, ast.Modifier] = {}
    for modifier in rule.modifiers:
        if type(modifier) in seen:
            word = {ast.Once: "once", ast.Max: "max", ast.Within: "within"}[type(modifier)]
            out.append(
                error(
                    "SD405",
                    f"`{word}` given twice in one rule",
                    modifier.span,
                    "each modifier may appear at most once; keep one",
                )
            )
        seen[type(modifier)] = modifier
    within = seen.get(ast.Within)
    if within is not None and rule.kind == "profile":
        out.append(
            error(
                "SD401",
                "`within` on a profile rule",
                within.span,
                "profile rules have no events to age; to test a timestamp attribute "
                "write `when ATTRIBUTE within 30d add N`",
            )
        )
    for kind in (ast.Once, ast.Max):
        useless = seen.get(kind)
        if useless is not None and rule.kind != "event":
            word = "once" if kind is ast.Once else "max"
            out.append(
                warning(
                    "SD410",
                    f"`{word}` on a {rule.kind} rule changes nothing",
                    useless.span,
                    f"a {rule.kind} rule adds its points at most once; remove `{word}`",
                )
            )
    if rule.subtract and rule.points.value < 0:
        out.append(
            error(
                "SD406",
                "`subtract` takes a number of at least 0",
                rule.points.span,
                f"write `add {-rule.points.value:g}` instead",
            )
        )
    _check_limit(rule.points.value, "points", rule.points.span, out)
    limit = seen.get(ast.Max)
    if isinstance(limit, ast.Max):
        _check_limit(limit.limit.value, "a `max` cap", limit.limit.span, out)
    if isinstance(limit, ast.Max) and limit.limit.value < 0:
        out.append(
            error(
                "SD406",
                "`max` takes a number of at least 0",
                limit.limit.span,
                "the cap is a magnitude; for subtract rules it caps how much is taken away",
            )
        )


def _check_limit(value: float, what: str, span: Span | None, out: list[Diagnostic]) -> None:
    """SD411: score arithmetic stays exact and finite on every engine (values.SCORE_LIMIT)."""
    if abs(value) <= SCORE_LIMIT:
        return
    out.append(
        error(
            "SD411",
            f"{what} of {value:g} is beyond the score limit of 1e15",
            span,
            "points, caps and range bounds must be at most 1000000000000000 in magnitude, "
            "so that every engine adds them exactly; scale the ruleset down",
        )
    )


# ---------------------------------------------------------------- decay and range


def _check_decay_scope(decays: list[ast.Decay], out: list[Diagnostic]) -> None:
    for decay in decays:
        if not 0 <= decay.percent <= 100:
            out.append(
                error(
                    "SD404",
                    f"decay percentage {decay.percent:g}% is outside 0..100",
                    decay.span,
                    "a decay removes between 0% and 100% of the points",
                )
            )
    every = [d for d in decays if d.mode == "every"]
    after = [d for d in decays if d.mode == "after"]
    for periodic in every:
        if periodic.duration.micros == 0:
            out.append(
                error(
                    "SD409",
                    "an `every` period of zero",
                    periodic.duration.span,
                    "a periodic decay needs a period longer than zero, e.g. `every 30d`",
                )
            )
    if every and after:
        later = max(every[0], after[0], key=lambda d: d.span.start)
        out.append(
            error(
                "SD402",
                "`every` and `after` decay lines mixed in one scope",
                later.span,
                "use either step lines (`after`) or one periodic line (`every`)",
            )
        )
    for extra in every[1:]:
        out.append(
            error(
                "SD403",
                "more than one `every` decay line in one scope",
                extra.span,
                f"keep one periodic line (the first is at {every[0].span})",
            )
        )
    seen: dict[int, ast.Decay] = {}
    for step in after:
        if step.duration.micros in seen:
            out.append(
                error(
                    "SD408",
                    f"two decay lines `after {step.duration.text}`",
                    step.span,
                    f"the first is at {seen[step.duration.micros].span}; keep one",
                )
            )
        seen.setdefault(step.duration.micros, step)


def _single_range(ranges: list[ast.Range], out: list[Diagnostic]) -> ast.Range | None:
    for extra in ranges[1:]:
        out.append(
            error(
                "SD206",
                "more than one `range` in one scope",
                extra.span,
                f"the first is at {ranges[0].span}; keep one",
            )
        )
    for r in ranges:
        for bound in (r.low, r.high):
            _check_limit(bound, "a `range` bound", r.span, out)
    for r in ranges[:1]:
        if r.low > r.high:
            out.append(
                error(
                    "SD407",
                    f"range {r.low:g}..{r.high:g} has its low end above its high end",
                    r.span,
                    f"write `range {r.high:g}..{r.low:g}`",
                )
            )
    return ranges[0] if ranges else None
