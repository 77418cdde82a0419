"""Style (SL2xx): rulesets that work, but read worse than they could."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ...source import Span
from ...values import fold
from ..context import Context
from ..registry import Finding, lint_rule

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def snake_case(name: str) -> str:
    """`PricingPage`, `pricing-page` or `"Pricing page"` -> `pricing_page`."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.split(r"[^A-Za-z0-9]+", spaced)
    return "_".join(w.lower() for w in words if w) or "name"


@lint_rule("SL201", "add-negative", "style", Severity.WARNING)
def add_negative(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `add -N`.

    ## Why is this bad?
    `subtract N` says the same and reads at a glance; a minus sign inside `add` is easy
    to miss in review.

    ## Example
    ```score
    when email.unsubscribed add -15 once
    range 0..100
    ```

    Use instead:
    ```score
    when email.unsubscribed subtract 15 once
    range 0..100
    ```
    """
    for placed in ctx.rules:
        rule = placed.rule
        if not rule.subtract and rule.points.value < 0:
            amount = printer.number(-rule.points.value)
            yield Finding(
                rule.points.span,
                f"`add {printer.number(rule.points.value)}` takes points away",
                f"write `subtract {amount}`",
            )


@lint_rule("SL202", "rule-name-case", "style", Severity.WARNING)
def rule_name_case(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds rule names that are not snake_case (`pricing_page`).

    ## Why is this bad?
    Rule names appear in explain output, test expectations and CRM fields; one naming
    style keeps them greppable and avoids quoting.

    ## Example
    ```score
    rule "Pricing Page": when page.visited where url contains "/pricing" add 15
    ```

    Use instead:
    ```score
    rule pricing_page: when page.visited where url contains "/pricing" add 15
    ```
    """
    for placed in ctx.rules:
        rule = placed.rule
        if rule.name is not None and not _SNAKE.match(rule.name):
            yield Finding(
                rule.name_span or rule.span,
                f"rule name `{rule.name}` is not snake_case",
                f"rename it `{snake_case(rule.name)}`",
            )


@lint_rule("SL203", "unused-let", "style", Severity.WARNING)
def unused_let(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a `let` constant that no rule or tier uses.

    ## Why is this bad?
    A dead list invites edits that change nothing; often a rule still spells the list out
    inline and the two drift apart.

    ## Example
    ```score
    let c_suite = [CEO, CTO, CIO]
    when title in [CEO, CTO] add 20
    ```

    Use instead:
    ```score
    let c_suite = [CEO, CTO, CIO]
    when title in c_suite add 20
    ```
    """
    used = {
        leaf.operand.name
        for pred, _ in ctx.predicates()
        for leaf in ast.comparisons(pred)
        if isinstance(leaf, ast.Compare | ast.InList | ast.TextTest)
        and isinstance(leaf.operand, ast.LetRef)
    }
    for statement in ctx.statements():
        if isinstance(statement, ast.Let) and statement.name not in used:
            yield Finding(
                statement.span,
                f"`let {statement.name}` is never used",
                "use it in a rule, or remove it",
            )


@lint_rule("SL204", "name-case", "style", Severity.WARNING)
def name_case(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds dimension and tier names that are not snake_case.

    ## Why is this bad?
    Dimension names become output columns and tier names become CRM values; snake_case
    survives every CSV, SQL and JSON consumer without quoting.

    ## Example
    ```score
    when email.opened add 5
    tier HotLead when score >= 5
    tier cold otherwise
    ```

    Use instead:
    ```score
    when email.opened add 5
    tier hot_lead when score >= 5
    tier cold otherwise
    ```
    """
    for statement in ctx.statements():
        if isinstance(statement, ast.Dimension) and not _SNAKE.match(statement.name):
            yield _bad_name("dimension", statement.name, statement.name_span or statement.span)
    for tier in ctx.program.tiers:
        if not _SNAKE.match(tier.name):
            yield _bad_name("tier", tier.name, tier.span)


def _bad_name(what: str, name: str, span: Span) -> Finding:
    return Finding(
        span, f"{what} name `{name}` is not snake_case", f"rename it `{snake_case(name)}`"
    )


@lint_rule("SL205", "duplicate-list-item", "style", Severity.WARNING)
def duplicate_list_item(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a list that holds the same item twice. Strings compare case-insensitively, as
    `in` does (`[CTO, cto]` holds one title).

    ## Why is this bad?
    The repeat does nothing; often a different value was meant (`CIO` typed as `CTO`).

    ## Example
    ```score
    when title in [CEO, CTO, cto] add 20
    ```

    Use instead:
    ```score
    when title in [CEO, CTO, CIO] add 20
    ```
    """
    for items in _lists(ctx):
        seen: set[object] = set()
        for item in items.items:
            key = fold(item.value) if isinstance(item, ast.String) else (type(item), item.value)
            if key in seen:
                yield Finding(
                    item.span,
                    f"`{printer.scalar(item)}` is already in this list",
                    "remove the repeat, or fix the value that was meant",
                )
            seen.add(key)


def _lists(ctx: Context) -> Iterator[ast.ListValue]:
    for statement in ctx.statements():
        if isinstance(statement, ast.Let) and isinstance(statement.value, ast.ListValue):
            yield statement.value
    for pred, _ in ctx.predicates():
        for leaf in ast.comparisons(pred):
            operand = getattr(leaf, "operand", None)
            if isinstance(operand, ast.ListValue):
                yield operand


@lint_rule("SL206", "empty-dimension", "style", Severity.WARNING)
def empty_dimension(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a `score NAME { }` dimension with no rules.

    ## Why is this bad?
    The dimension is always 0 (or its range's low end), yet it appears in every output
    record and tier conditions can test it.

    ## Example
    ```score
    score fit {
      when title == "CTO" add 20
    }
    score intent {
    }
    ```

    Use instead:
    ```score
    score fit {
      when title == "CTO" add 20
    }
    ```
    """
    for statement in ctx.statements():
        if isinstance(statement, ast.Dimension) and not any(
            isinstance(s, ast.Rule) for s in statement.body
        ):
            yield Finding(
                statement.name_span or statement.span,
                f"dimension `{statement.name}` has no rules",
                "add its rules, or remove it",
            )
