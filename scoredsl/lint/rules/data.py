"""Data (SL4xx): what only the data can show (`scoredsl lint RULES --leads FILE`).

These rules read a profile of the data (see `lint/profile.py`) and find nothing without
one. Each docstring's example comes with the data it is linted against. This module has
the names, values and fire counts (SL401-SL404); `data_types` the value types and
placeholders (SL405, SL406).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Severity
from ...source import Span
from ..context import Context
from ..data import (
    Use,
    all_rules,
    closest,
    closest_value,
    count_text,
    first_per,
    known,
    name_of,
    name_text,
    quoted,
    rule_uses,
    stats_of,
    word,
)
from ..profile import Profile
from ..registry import Finding, lint_rule
from .data_types import placeholders_that_matter, typed_mismatches

MIN_LEADS = 5  # fewer leads say nothing about how often a rule fires


def _file(profile: Profile, use: Use) -> str:
    return f"`{profile.leads_path}`" if use.where == "attribute" else _events_file(profile)


def _events_file(profile: Profile) -> str:
    return f"`{profile.events_path or profile.leads_path}`"


# ---------------------------------------------------------------- SL401 name-not-in-data


@lint_rule("SL401", "name-not-in-data", "data", Severity.ERROR)
def name_not_in_data(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds an attribute, event property or event type that a rule names but the data does
    not have. The help names the closest real one (case, spaces and punctuation ignored)
    and how a rule writes it: `` `Total Time Spent on Website` `` (spec 12).

    ## Why is this bad?
    A name the data lacks is always missing, so the rule never fires and every lead scores
    as if it did not exist. Exports name columns as people do (`Total Time Spent on
    Website`); a rule must name them exactly, in backticks when they hold spaces (spec 12).

    ## Example
    With `leads.csv`:
    ```csv
    id,Total Time Spent on Website
    1,1200
    2,30
    3,640
    4,0
    5,75
    ```

    ```score
    when total_time_spent_on_website >= 600 add 10
    ```

    Use instead:
    ```score
    when `Total Time Spent on Website` >= 600 add 10
    ```
    """
    profile = ctx.profile
    if profile is None:
        return
    for use in first_per(rule_uses(ctx), lambda u: (u.rule, u.where, u.read.key)):
        if not known(profile, use):
            yield _unknown_key(profile, use)
    yield from _unknown_event_types(ctx, profile)


def _unknown_key(profile: Profile, use: Use) -> Finding:
    key = ".".join(use.read.key)
    what = "attribute" if use.where == "attribute" else "event property"
    keys = profile.attribute_keys if use.where == "attribute" else profile.property_keys
    reads = f" (its schema reads the key `{key}`)" if use.read.mapped else ""
    message = f"{what} `{use.path.dotted}`{reads} is not in {_file(profile, use)}"
    return Finding(use.path.span, message, _key_help(use, keys))


def _key_help(use: Use, keys: tuple[str, ...]) -> str:
    found = closest(".".join(use.read.key), list(keys))
    if found is None:
        shown = ", ".join(f"`{k}`" for k in keys[:8])
        return (
            f"the data has: {shown}" + (", ..." if len(keys) > 8 else "")
            if keys
            else ("the data has no such columns")
        )
    return _spelled(found, mappable=use.read.mapped or use.read.declared is not None)


def _spelled(found: str, mappable: bool = False) -> str:
    """ "Did you mean" a data key, and how a rule writes it (spec 12)."""
    written = name_text(found)
    if mappable or written is None:
        return f'did you mean `{found}`? map it in the schema: `from "{found}"`'
    if written != found:
        return f"did you mean `{found}`? write it in backticks: `` {written} ``"
    return f"did you mean `{found}`?"


def _unknown_event_types(ctx: Context, profile: Profile) -> Iterator[Finding]:
    if not profile.has_events:
        return
    types = list(profile.event_types)
    for placed in ctx.rules:
        pattern = _pattern(placed.rule)
        if pattern is None or _has_type(pattern, types):
            continue
        name = pattern.type.dotted
        found = closest(name, types)
        if found is None:
            listed = ", ".join(f"`{t}`" for t in types[:8]) or "none"
            help = f"event types in the data: {listed}"
        else:
            help = _spelled(found)
        yield Finding(
            pattern.type.span,
            f"no event in {_events_file(profile)} has the type `{pattern.type_text}`",
            help,
        )


def _pattern(rule: ast.Rule) -> ast.EventPattern | None:
    condition = rule.condition
    if isinstance(condition, ast.CountCondition):
        return condition.pattern
    return condition if isinstance(condition, ast.EventPattern) else None


def _has_type(pattern: ast.EventPattern, types: list[str]) -> bool:
    name = pattern.type.dotted
    if pattern.wildcard:
        return any(t.startswith(name + ".") for t in types)
    return name in types


# ---------------------------------------------------------------- SL402 value-not-in-data


@lint_rule("SL402", "value-not-in-data", "data", Severity.WARNING)
def value_not_in_data(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a string a rule compares with (`==`, `!=`, `in`) that never occurs in that
    column of the data. Values compare case-insensitively, as rules compare them; the help
    names the closest value that does occur. Of an `in` list, only items that look
    misspelled are reported, or every item when none occurs.

    ## Why is this bad?
    A misspelled value (`"Working Profesional"`) matches no lead: the rule silently
    never fires, and `!=` or `not in` fires for everyone.

    ## Example
    With `leads.csv`:
    ```csv
    id,occupation
    1,Working Professional
    2,Student
    3,Unemployed
    4,Working Professional
    5,Student
    ```

    ```score
    when occupation == "Working Profesional" add 10
    ```

    Use instead:
    ```score
    when occupation == "Working Professional" add 10
    ```
    """
    profile = ctx.profile
    if profile is None:
        return
    seen: set[tuple[object, ...]] = set()
    for use in rule_uses(ctx):
        for literal in _reported_literals(profile, use):
            key = (use.where, use.read.key, word(literal.value))
            if key not in seen:
                seen.add(key)
                yield _absent(profile, use, literal)


def _absent_literals(profile: Profile, use: Use) -> list[ast.String]:
    stats = stats_of(profile, use)
    if stats is None or stats.present == 0 or stats.others * 2 > stats.present:
        return []  # no data, or lists (`contains` tests them; `==` never holds)
    markers = use.read.missing | use.read.true | use.read.false
    return [s for s in use.literals if stats.count(s.value) == 0 and word(s.value) not in markers]


def _reported_literals(profile: Profile, use: Use) -> list[ast.String]:
    """A compared value the data lacks; of an `in` list, the items that look misspelled,
    or all of them when none occurs (a list names choices, not all of which need occur)."""
    absent = _absent_literals(profile, use)
    if not isinstance(use.leaf, ast.InList) or len(absent) == len(use.literals):
        return absent
    stats = stats_of(profile, use)
    assert stats is not None
    values = [v.text for v in stats.values]
    return [s for s in absent if closest_value(s.value, values, _MISSPELT) is not None]


_MISSPELT = 0.85  # an `in` item this close to a value that occurs looks misspelled


def _absent(profile: Profile, use: Use, literal: ast.String) -> Finding:
    stats = stats_of(profile, use)
    assert stats is not None
    values = [v.text for v in stats.values]
    found = closest_value(literal.value, values)
    if found is not None:
        help = f"did you mean {quoted(found)}?"
    else:
        common = ", ".join(quoted(v) for v in values[:5])
        help = f"the most frequent values are {common}"
    return Finding(
        literal.span,
        f"{quoted(literal.value)} never occurs in {name_of(use)}: "
        f"{count_text(stats.distinct)} distinct values in {_file(profile, use)}",
        help,
    )


# ---------------------------------------------------------------- SL403/SL404 fire counts


@lint_rule("SL403", "rule-never-fires", "data", Severity.WARNING)
def rule_never_fires(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a rule that fires for no lead of the data. A rule fires as `explain` says: a
    profile or count rule when its condition holds, an event rule when an event matches.
    A rule another data rule reports already (a name, value, type or placeholder) is not
    reported again; event and count rules are judged only when the data has events, and
    only with 5 leads or more.

    ## Why is this bad?
    A rule that never fires adds nothing: its points are a promise the data does not keep.
    Usually its condition tests a value the leads never have, or an impossible combination.

    ## Example
    With `leads.csv`:
    ```csv
    id,country,employees
    1,DE,40
    2,FR,1200
    3,DE,15
    4,US,300
    5,FR,8
    ```

    ```score
    when country == "DE" and employees >= 1000 add 10
    ```

    Use instead:
    ```score
    when country == "DE" and employees >= 20 add 10
    ```
    """
    profile = ctx.profile
    if profile is None or profile.fired is None or profile.leads < MIN_LEADS:
        return
    flagged = _flagged_rules(ctx, profile)
    for rule, count in _fire_counts(ctx, profile):
        if count == 0 and id(rule) not in flagged and _judged(rule, profile):
            yield Finding(
                _rule_span(rule),
                f"{_rule_text(rule)} fires for no lead in `{profile.leads_path}` "
                f"(0 of {count_text(profile.leads)})",
                "check its condition against the data, e.g. with `scoredsl explain --lead ID`",
            )


@lint_rule("SL404", "rule-always-fires", "data", Severity.WARNING)
def rule_always_fires(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a rule that fires for every lead of the data (of 5 leads or more). As for
    `rule-never-fires`, a rule another data rule reports already is not reported again.

    ## Why is this bad?
    Points every lead gets do not rank leads: they only shift every score alike, and a
    tier threshold tuned on them moves with them. Often the condition is broader than
    meant (`is present` on a column that is always filled).

    ## Example
    With `leads.csv`:
    ```csv
    id,country,employees
    1,DE,40
    2,FR,1200
    3,DE,15
    4,US,300
    5,FR,8
    ```

    ```score
    when country is present add 5
    ```

    Use instead:
    ```score
    when country in ["DE", "FR"] add 5
    ```
    """
    profile = ctx.profile
    if profile is None or profile.fired is None or profile.leads < MIN_LEADS:
        return
    flagged = _flagged_rules(ctx, profile)
    for rule, count in _fire_counts(ctx, profile):
        if count == profile.leads and id(rule) not in flagged and _judged(rule, profile):
            yield Finding(
                _rule_span(rule),
                f"{_rule_text(rule)} fires for every lead in `{profile.leads_path}` "
                f"({count_text(count)} of {count_text(profile.leads)})",
                "points every lead gets do not rank leads: narrow the condition, or drop the rule",
            )


def _fire_counts(ctx: Context, profile: Profile) -> Iterator[tuple[ast.Rule, int]]:
    assert profile.fired is not None
    index = {id(rule): i for i, rule in enumerate(all_rules(ctx.program))}
    for placed in ctx.rules:
        yield placed.rule, profile.fired[index[id(placed.rule)]]


def _judged(rule: ast.Rule, profile: Profile) -> bool:
    """Event and count rules are judged only when the data can hold events."""
    return rule.kind == "profile" or profile.has_events


def _flagged_rules(ctx: Context, profile: Profile) -> set[int]:
    """Rules another data rule reports already, with the cause (SL401, SL402, SL405, SL406)."""
    flagged = {id(u.rule) for u in rule_uses(ctx) if not known(profile, u)}
    flagged |= {id(u.rule) for u in rule_uses(ctx) if _reported_literals(profile, u)}
    flagged |= {id(u.rule) for u in typed_mismatches(ctx, profile)}
    flagged |= {id(u.rule) for u in rule_uses(ctx) if placeholders_that_matter(ctx, profile, u)}
    types = list(profile.event_types)
    for placed in ctx.rules:
        pattern = _pattern(placed.rule)
        if pattern is not None and profile.has_events and not _has_type(pattern, types):
            flagged.add(id(placed.rule))
    return flagged


def _rule_span(rule: ast.Rule) -> Span:
    return rule.name_span or rule.condition.span


def _rule_text(rule: ast.Rule) -> str:
    return f"rule `{rule.name}`" if rule.name else "this rule"
