"""Bugs (SL0xx): rulesets that do not do what they say."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ...source import Span
from ..context import Context
from ..logic import conjunctions, implies, tier_possible, unsatisfiable_paths
from ..registry import Finding, lint_rule


def _where(span: Span) -> str:
    return f"line {span.line}"


@lint_rule("SL001", "shadowed-tier", "bugs", Severity.ERROR)
def shadowed_tier(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a tier that can never be chosen because an earlier tier always matches first:
    the earlier tier is `otherwise`, or its condition follows from this tier's condition.

    ## Why is this bad?
    Tiers are tried in file order and the first match wins (spec 6). A `hot` tier listed
    after `warm when score >= 30` is never reached: every hot lead is already warm.

    ## Example
    ```score
    when email.opened add 10
    tier warm when score >= 30
    tier hot when score >= 70
    tier cold otherwise
    ```

    Use instead:
    ```score
    when email.opened add 10
    tier hot when score >= 70
    tier warm when score >= 30
    tier cold otherwise
    ```
    """
    earlier: list[ast.Tier] = []
    for tier in ctx.program.tiers:
        for first in earlier:
            covers = first.condition is None or (
                tier.condition is not None and implies(tier.condition, first.condition, ctx.resolve)
            )
            if covers:
                why = "`otherwise`" if first.condition is None else printer.tier_condition(first)
                yield Finding(
                    tier.span,
                    f"tier `{tier.name}` can never be chosen: tier `{first.name}` "
                    f"({_where(first.span)}, {why}) matches every lead it would",
                    f"move tier `{tier.name}` above tier `{first.name}`, or remove it",
                )
                break
        earlier.append(tier)


@lint_rule("SL002", "unreachable-tier", "bugs", Severity.ERROR)
def unreachable_tier(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a tier whose condition no reachable score satisfies. The reachable bounds of each
    dimension and of the total are computed from the rules' points, `once`, `max`, decay
    (which only shrinks points toward 0) and `range`.

    ## Why is this bad?
    A `hot when score >= 70` tier in a ruleset whose rules add at most 45 points puts no
    lead in `hot`, ever. Usually a rule was removed or capped and the tier was not updated.

    ## Example
    ```score
    when title == "CTO" add 20
    when email.opened add 5 max 25
    tier hot when score >= 70
    tier cold otherwise
    ```

    Use instead:
    ```score
    when title == "CTO" add 20
    when email.opened add 5 max 25
    tier hot when score >= 40
    tier cold otherwise
    ```
    """
    for tier in ctx.program.tiers:
        if tier.condition is None or tier_possible(tier.condition, ctx.bounds, ctx.resolve):
            continue
        yield Finding(
            tier.span,
            f"tier `{tier.name}` is unreachable: {_reach_text(ctx, tier.condition)}",
            "lower the threshold, or raise the points, caps or `range` that limit the score",
        )


def _reach_text(ctx: Context, pred: ast.Pred) -> str:
    names = sorted({leaf.path.dotted for leaf in ast.comparisons(pred)})
    parts = []
    for name in names:
        interval = ctx.bounds.of(name)
        if interval is not None:
            parts.append(f"`{name}` can only reach {interval.lo:g}..{interval.hi:g}")
    reach = ", ".join(parts) or "no reachable score fits"
    return f"{reach}, so `{printer.pred(pred)}` never holds"


@lint_rule("SL003", "contradictory-predicate", "bugs", Severity.ERROR)
def contradictory_predicate(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds conditions that no value can satisfy: one attribute equal to two different values
    (`title == "CTO" and title == "CIO"`), numeric ranges that do not meet
    (`company.size > 500 and company.size < 100`), `in []` (an empty list), or
    `is missing` together with a test that needs a value.

    ## Why is this bad?
    A rule with such a condition never fires and a tier never matches; the author almost
    always meant `or`, or `in [...]`.

    ## Example
    ```score
    when title == "CTO" and title == "CIO" add 10
    ```

    Use instead:
    ```score
    when title in [CTO, CIO] add 10
    ```
    """
    for pred, _ in ctx.predicates():
        for node, leaves in conjunctions(pred):
            for group in unsatisfiable_paths(leaves, ctx.resolve):
                shown = " and ".join(printer.comparison(leaf) for leaf in group)
                span = group[0].span if len(group) == 1 else node.span
                yield Finding(
                    span,
                    f"this condition can never be true: no value of `{group[0].path.dotted}` "
                    f"satisfies `{shown}`",
                    "did you mean `or`, or `in [...]`?"
                    if len(group) > 1
                    else "an empty list matches nothing; list the values, or remove the test",
                )


def _this(rule: ast.Rule) -> str:
    return f"rule `{rule.name}`" if rule.name else "this rule"


def _that(rule: ast.Rule) -> str:
    where = _where(rule.span)
    return f"rule `{rule.name}` ({where})" if rule.name else f"the rule at {where}"


@lint_rule("SL004", "duplicate-rule", "bugs", Severity.WARNING)
def duplicate_rule(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a rule that repeats an earlier rule exactly: the same condition, points and
    modifiers.

    ## Why is this bad?
    Both rules fire on the same events and the lead gets the points twice, which is
    almost never meant (a copy-paste left behind).

    ## Example
    ```score
    rule pricing: when page.visited where url contains "/pricing" add 10
    rule pricing_again: when page.visited where url contains "/pricing" add 10
    ```

    Use instead:
    ```score
    rule pricing: when page.visited where url contains "/pricing" add 20
    ```
    """
    for first, later in _same_condition(ctx):
        if _same_effect(first, later):
            yield Finding(
                later.name_span or later.span,
                f"{_this(later)} repeats {_that(first)}: the lead gets its points twice",
                "remove one of them, or raise the points of the other",
            )


@lint_rule("SL005", "overlapping-rules", "bugs", Severity.WARNING)
def overlapping_rules(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds two rules with the same condition (the same event and predicate, or the same
    profile test) but different points or modifiers.

    ## Why is this bad?
    Every match scores both rules. Usually one was meant to replace the other, or their
    conditions were meant to differ (a missing `where`).

    ## Example
    ```score
    when form.submitted where form == "demo" add 25 once
    when form.submitted where form == "demo" add 10
    ```

    Use instead:
    ```score
    when form.submitted where form == "demo" add 25 once
    when form.submitted where form == "contact" add 10
    ```
    """
    for first, later in _same_condition(ctx):
        if not _same_effect(first, later):
            yield Finding(
                later.name_span or later.span,
                f"{_this(later)} has the same condition as {_that(first)}: both score every match",
                "merge them into one rule, or make the conditions differ",
            )


def _same_condition(ctx: Context) -> Iterator[tuple[ast.Rule, ast.Rule]]:
    seen: dict[ast.Condition, ast.Rule] = {}
    for placed in ctx.rules:
        rule = placed.rule
        first = seen.setdefault(rule.condition, rule)
        if first is not rule:
            yield first, rule


def _same_effect(a: ast.Rule, b: ast.Rule) -> bool:
    return (
        a.signed_points == b.signed_points
        and set(a.modifiers) == set(b.modifiers)
        and not (a.subtract != b.subtract and a.points.value == 0)
    )


@lint_rule("SL006", "within-beyond-full-decay", "bugs", Severity.WARNING)
def within_beyond_full_decay(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds an event rule whose `within` window is longer than the age at which decay has
    removed 100% of the points (`decay 100% after D`, or a 100% `every` period).

    ## Why is this bad?
    Events older than the full-decay age count 0 points, so the tail of the window can
    never score: the rule reads as "the last 180 days" but means "the last 90".

    ## Example
    ```score
    when webinar.attended add 10 within 180d
    decay 100% after 90d
    ```

    Use instead:
    ```score
    when webinar.attended add 10 within 90d
    decay 100% after 90d
    ```
    """
    for placed in ctx.rules:
        rule, window = placed.rule, placed.rule.within
        if rule.kind != "event" or window is None:
            continue
        full = _full_decay_age(placed.dimension.decays, window.micros)
        if full is not None:
            yield Finding(
                _span_of(rule.modifier(ast.Within), window.span),
                f"`within {window.text}` reaches past `{_decay_text(full)}`: "
                f"events older than {full.duration.text} count 0 points",
                f"write `within {full.duration.text}`",
            )


def _full_decay_age(decays: tuple[ast.Decay, ...], window: int) -> ast.Decay | None:
    """The decay line from whose age on every event inside `window` counts 0, if any."""
    every = [d for d in decays if d.mode == "every"]
    if every:
        period = every[0]
        return period if period.percent >= 100 and window > period.duration.micros else None
    steps = sorted(
        (d for d in decays if d.duration.micros < window), key=lambda d: d.duration.micros
    )
    full = None
    for step in reversed(steps):  # the 100% steps that govern the end of the window
        if step.percent < 100:
            break
        full = step
    return full


def _span_of(node: ast.Node | None, fallback: Span) -> Span:
    return node.span if node is not None else fallback


def _decay_text(decay: ast.Decay) -> str:
    return f"decay {decay.percent:g}% {decay.mode} {decay.duration.text}"


@lint_rule("SL007", "decay-steps-fall", "bugs", Severity.WARNING)
def decay_steps_fall(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds step decay lines whose percentage falls as age grows: an older step that
    removes less than a younger one.

    ## Why is this bad?
    Steps do not compound; each states the total reduction from that age on (spec 4).
    With `decay 75% after 30d` and `decay 25% after 90d`, a 100-day-old event keeps
    more points than a 40-day-old one.

    ## Example
    ```score
    when email.clicked add 5
    decay 75% after 30d
    decay 25% after 90d
    ```

    Use instead:
    ```score
    when email.clicked add 5
    decay 25% after 30d
    decay 75% after 90d
    ```
    """
    for scope in _decay_scopes(ctx):
        steps = sorted((d for d in scope if d.mode == "after"), key=lambda d: d.duration.micros)
        for younger, older in zip(steps, steps[1:], strict=False):
            if older.percent < younger.percent:
                yield Finding(
                    older.span,
                    f"`{_decay_text(older)}` removes less than `{_decay_text(younger)}`: "
                    "older events would keep more points than younger ones",
                    "give older steps a higher percentage (steps state the total reduction)",
                )


def _decay_scopes(ctx: Context) -> list[list[ast.Decay]]:
    """The top-level decay lines, and each dimension's own."""
    scopes = [[s for s in (p.statement for p in ctx.linked.statements) if isinstance(s, ast.Decay)]]
    for placed in ctx.linked.statements:
        if isinstance(placed.statement, ast.Dimension):
            scopes.append([s for s in placed.statement.body if isinstance(s, ast.Decay)])
    return scopes


_NAME_LIKE = re.compile(
    r"(^|_)(name|title|role|department|company|industry|city|country|email|domain)$"
)


@lint_rule("SL008", "case-sensitive-regex", "bugs", Severity.WARNING)
def case_sensitive_regex(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `matches` on a name-like attribute or property (title, name, company,
    department, email, ...) with a pattern that has letters but no `(?i)` flag.

    ## Why is this bad?
    `matches` is the one case-sensitive test (spec 7). CRMs hold "cto", "CTO" and "Cto";
    `title matches "^VP"` misses "vp of sales" while every other operator would match it.

    ## Example
    ```score
    when title matches "^VP( of)? Sales" add 10
    ```

    Use instead:
    ```score
    when title matches "(?i)^VP( of)? Sales" add 10
    ```
    """
    for leaf, pattern in ctx.regex_tests():
        if pattern.startswith("(?i)") or not re.search("[A-Za-z]", pattern):
            continue
        if _NAME_LIKE.search(leaf.path.parts[-1]):
            yield Finding(
                leaf.span,
                f"case-sensitive regex on `{leaf.path.dotted}`: "
                f"`{pattern}` misses other spellings of the same name",
                f'start the pattern with `(?i)`: `matches "(?i){pattern}"`',
            )


@lint_rule("SL009", "near-miss-name", "bugs", Severity.WARNING)
def near_miss_name(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    In a ruleset without a `schema`, finds an event type or attribute used once whose
    name is one or two letters away from another name the ruleset uses. (With a schema,
    `scoredsl check` reports every unknown name as an error: SD301-SD303.)

    ## Why is this bad?
    Without a schema names are free, so `page.visted` is a valid event type that no
    event ever has: the rule silently never fires.

    ## Example
    ```score
    when page.visited where url contains "/pricing" add 10
    when page.visted where url contains "/demo" add 20
    ```

    Use instead:
    ```score
    when page.visited where url contains "/pricing" add 10
    when page.visited where url contains "/demo" add 20
    ```
    """
    if ctx.program.schema is not None:
        return
    events, attributes = _used_names(ctx)
    for what, uses in (("event type", events), ("attribute", attributes)):
        yield from _near_misses(what, uses)


def _used_names(ctx: Context) -> tuple[list[ast.Path], list[ast.Path]]:
    events: list[ast.Path] = []
    attributes: list[ast.Path] = []
    for placed in ctx.rules:
        for pred, kind, _ in ast.rule_predicates(placed.rule):
            if kind == "profile":
                attributes.extend(leaf.path for leaf in ast.comparisons(pred))
        condition = placed.rule.condition
        if isinstance(condition, ast.CountCondition):
            condition = condition.pattern
        if isinstance(condition, ast.EventPattern) and not condition.wildcard:
            events.append(condition.type)
    return events, attributes


# Closer than the checker's 0.6: without a schema, distinct names are legitimate.
_NEAR = 0.85


def _near_misses(what: str, uses: list[ast.Path]) -> Iterator[Finding]:
    counts = Counter(p.dotted for p in uses)
    order = list(dict.fromkeys(p.dotted for p in uses))
    for path in uses:
        name = path.dotted
        if counts[name] != 1:
            continue
        others = [
            o for o in order if o != name and (counts[o] > 1 or order.index(o) < order.index(name))
        ]
        close = difflib.get_close_matches(name, others, n=1, cutoff=_NEAR)
        if close:
            yield Finding(
                path.span,
                f"{what} `{name}` is used only here and looks like `{close[0]}`",
                f"did you mean `{close[0]}`? (a `schema` block turns such typos into errors)",
            )


@lint_rule("SL010", "useless-modifier", "bugs", Severity.WARNING)
def useless_modifier(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `once` or `max` on a profile or count rule. The finding comes from the checker
    (its warning SD410); lint gives it a code you can configure.

    ## Why is this bad?
    A profile or count rule adds its points at most once, so `once` and `max` change
    nothing (spec 3). The modifier suggests the author thought it was an event rule.

    ## Example
    ```score
    when title == "CTO" add 10 once
    ```

    Use instead:
    ```score
    when title == "CTO" add 10
    ```
    """
    for warning in ctx.check_warnings:
        if warning.code == "SD410" and warning.span is not None:
            yield Finding(warning.span, warning.message, warning.help)


@lint_rule("SL011", "constant-count-condition", "bugs", Severity.WARNING)
def constant_count_condition(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `count(...)` comparisons that are always or never true: an event count is a
    whole number of at least 0, so `count(...) >= 0` always holds and `count(...) < 0`
    never does.

    ## Why is this bad?
    An always-true count rule scores every lead, with or without events; a never-true one
    scores nobody. Both usually come from an off-by-one threshold.

    ## Example
    ```score
    when count(email.opened) >= 0 add 5 within 30d
    ```

    Use instead:
    ```score
    when count(email.opened) >= 1 add 5 within 30d
    ```
    """
    for placed in ctx.rules:
        condition = placed.rule.condition
        if not isinstance(condition, ast.CountCondition):
            continue
        verdict = _count_verdict(condition.op, condition.threshold.value)
        if verdict is not None:
            text = printer.condition(condition)
            yield Finding(
                condition.span,
                f"`{text}` is {verdict} true: an event count is a whole number of at least 0",
                "compare with a whole number of at least 1, e.g. `>= 1`",
            )


def _count_verdict(op: str, x: float) -> str | None:
    """Closed form: a count n is 0, 1, 2, ...; a test on n is a step around x, so n = 0,
    the whole numbers next to x and one past them show every answer it can give."""
    near = max(0, math.floor(x))
    tests = {
        "==": lambda n: n == x,
        "!=": lambda n: n != x,
        "<": lambda n: n < x,
        "<=": lambda n: n <= x,
        ">": lambda n: n > x,
        ">=": lambda n: n >= x,
    }
    results = {bool(tests[op](n)) for n in (0, near, near + 1, near + 2)}
    if results == {True}:
        return "always"
    if results == {False}:
        return "never"
    return None
