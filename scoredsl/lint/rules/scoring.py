"""Scoring (SL1xx): rulesets that work, but score leads in surprising ways."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ..context import Context
from ..logic import tier_always
from ..registry import Finding, lint_rule


@lint_rule("SL101", "missing-otherwise", "scoring", Severity.WARNING)
def missing_otherwise(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a tier set with no `otherwise` tier (and no tier whose condition always holds).

    ## Why is this bad?
    A lead that matches no tier gets the tier `null` (spec 6). Downstream tools (CRM
    fields, audiences) rarely expect an empty tier; a catch-all makes the fallback explicit.

    ## Example
    ```score
    when email.opened add 10
    tier hot when score >= 70
    tier warm when score >= 30
    ```

    Use instead:
    ```score
    when email.opened add 10
    tier hot when score >= 70
    tier warm when score >= 30
    tier cold otherwise
    ```
    """
    tiers = ctx.program.tiers
    if not tiers:
        return
    for tier in tiers:
        if tier.condition is None or tier_always(tier.condition, ctx.bounds, ctx.resolve):
            return
    last = tiers[-1]
    yield Finding(
        last.span,
        "no `otherwise` tier: a lead that matches no tier gets no tier (null)",
        f"add a catch-all after tier `{last.name}`, e.g. `tier cold otherwise`",
    )


@lint_rule("SL102", "max-below-points", "scoring", Severity.WARNING)
def max_below_points(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds an event rule whose `max` cap is smaller than its own points.

    ## Why is this bad?
    The first matching event already exceeds the cap, so the rule is worth `max` points,
    not its stated points; with `max 0` it is worth nothing. The numbers were likely
    swapped (`add 10 max 5` for `add 5 max 10`).

    ## Example
    ```score
    when email.clicked add 10 max 5
    ```

    Use instead:
    ```score
    when email.clicked add 5 max 10
    ```
    """
    for placed in ctx.rules:
        rule, cap = placed.rule, placed.rule.cap
        if rule.kind != "event" or cap is None or cap >= abs(rule.points.value):
            continue
        limit = rule.modifier(ast.Max)
        assert limit is not None
        points = printer.number(rule.points.value)
        yield Finding(
            limit.span,
            f"`max {printer.number(cap)}` is below the rule's {points} points: "
            f"the first event already reaches the cap",
            f"raise the cap to at least {points}, or lower the points",
        )


@lint_rule("SL103", "count-without-within", "scoring", Severity.WARNING)
def count_without_within(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a count rule with no `within` window.

    ## Why is this bad?
    Count rules never decay (spec 3), so without `within` a burst of activity three years
    ago scores as much as one last week, forever.

    ## Example
    ```score
    when count(page.visited) >= 5 add 10
    ```

    Use instead:
    ```score
    when count(page.visited) >= 5 add 10 within 14d
    ```
    """
    for placed in ctx.rules:
        rule = placed.rule
        if isinstance(rule.condition, ast.CountCondition) and rule.within is None:
            yield Finding(
                rule.condition.span,
                "a count rule without `within` counts events of any age, and never decays",
                "add a window, e.g. `within 30d`",
            )


@lint_rule("SL104", "zero-points", "scoring", Severity.WARNING)
def zero_points(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds rules that add or subtract 0 points.

    ## Why is this bad?
    The rule fires but changes no score; it is either a placeholder that was never filled
    in or a rule that was meant to be removed.

    ## Example
    ```score
    when email.opened add 0
    ```

    Use instead:
    ```score
    when email.opened add 1
    ```
    """
    for placed in ctx.rules:
        rule = placed.rule
        if rule.points.value == 0:
            yield Finding(
                rule.points.span,
                f"{'subtract' if rule.subtract else 'add'} 0: this rule never changes a score",
                "give it points, or remove the rule",
            )


@lint_rule("SL105", "negative-score-without-range", "scoring", Severity.WARNING)
def negative_score_without_range(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a ruleset whose total score can go below 0 while no top-level `range` bounds it.
    The lowest reachable total is computed from the rules (see `unreachable-tier`).

    ## Why is this bad?
    Negative scores surprise CRM fields, audience filters and people reading a dashboard.
    If they are intended (a competitor should sink below every real lead), say so with an
    inline `# scoredsl: ignore[SL105]` on the reported line.

    ## Example
    ```score
    when title == "CTO" add 20
    when email.unsubscribed subtract 30 once
    ```

    Use instead:
    ```score
    when title == "CTO" add 20
    when email.unsubscribed subtract 30 once
    range 0..100
    ```
    """
    total = ctx.bounds.total
    if ctx.program.total_range is not None or total.lo >= 0:
        return
    anchor = _negative_anchor(ctx)
    if anchor is None:
        return
    low = "without limit" if total.lo == float("-inf") else f"to {total.lo:g}"
    yield Finding(
        anchor.span,
        f"the total score can go below 0 ({low}) and no top-level `range` bounds it",
        "add `range 0..N` at the top level, or suppress with `# scoredsl: ignore[SL105]` "
        "if negative scores are intended",
    )


def _negative_anchor(ctx: Context) -> ast.Node | None:
    """Where to report: the header, else the first rule that takes points away."""
    if ctx.program.header is not None:
        return ctx.program.header
    return next((p.rule for p in ctx.rules if p.rule.signed_points < 0), None)


@lint_rule("SL106", "decay-without-event-rules", "scoring", Severity.WARNING)
def decay_without_event_rules(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds decay lines in a scope (the file, or one dimension) where no event rule uses
    them: profile and count rules never decay.

    ## Why is this bad?
    The decay line reads as if old activity fades, but nothing in its scope changes with
    age; the author usually expected it to apply to profile or count rules.

    ## Example
    ```score
    score fit {
      when title == "CTO" add 20
      decay 50% after 30d
    }
    ```

    Use instead:
    ```score
    score fit {
      when title == "CTO" add 20
    }
    ```
    """
    decayed_top = any(
        any(r.kind == "event" for r in plan.rules) and _uses_top_level(ctx, plan.name)
        for plan in ctx.program.dimensions
    )
    for placed in ctx.linked.statements:
        statement = placed.statement
        if isinstance(statement, ast.Decay) and not decayed_top:
            yield _no_event_rules(statement, "the file")
            decayed_top = True  # one finding for the scope is enough
        if isinstance(statement, ast.Dimension):
            yield from _dimension_decay(statement)


def _uses_top_level(ctx: Context, name: str | None) -> bool:
    for placed in ctx.linked.statements:
        statement = placed.statement
        if isinstance(statement, ast.Dimension) and statement.name == name:
            return not any(isinstance(s, ast.Decay) for s in statement.body)
    return True


def _dimension_decay(dimension: ast.Dimension) -> Iterator[Finding]:
    decays = [s for s in dimension.body if isinstance(s, ast.Decay)]
    rules = [s for s in dimension.body if isinstance(s, ast.Rule)]
    if decays and not any(r.kind == "event" for r in rules):
        yield _no_event_rules(decays[0], f"dimension `{dimension.name}`")


def _no_event_rules(decay: ast.Decay, scope: str) -> Finding:
    return Finding(
        decay.span,
        f"this decay line changes nothing: {scope} has no event rule it applies to",
        "profile and count rules never decay; remove the line, or move it where the event rules are",
    )
