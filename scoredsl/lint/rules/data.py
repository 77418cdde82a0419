"""Data (SL4xx): what only the data can show (`scoredsl lint RULES --leads FILE`).

These rules read a profile of the data (see `lint/profile.py`) and find nothing without
one. Each docstring's example comes with the data it is linted against.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ...predicates import compile_value_test
from ...source import Span
from ...timeutil import InstantError, parse_instant
from ...values import as_bool, as_number
from ..context import Context
from ..data import (
    Use,
    all_rules,
    closest,
    closest_value,
    count_text,
    first_per,
    known,
    name_text,
    share_text,
    stats_of,
    uses,
    word,
    word_list,
)
from ..profile import ColumnStats, Profile
from ..registry import Finding, lint_rule

MIN_LEADS = 5  # fewer leads say nothing about how often a rule fires
MOSTLY = 0.5  # a declared or compared type fits fewer than this share of values: a finding
PLACEHOLDER_SHARE = 0.05  # a placeholder in at least this share of a column's values
PLACEHOLDERS = frozenset(
    word(w)
    for w in (
        "select", "n/a", "na", "n.a.", "none", "null", "nil", "nan", "unknown", "-", "--", "?",
        "not specified", "not provided", "not available", "unspecified", "undefined", "tbd",
        "missing", "(blank)", "blank", "empty", "#n/a", "no data", "not applicable",
    )
)  # fmt: skip


def _uses(ctx: Context) -> list[Use]:
    return list(uses(ctx.program, [placed.rule for placed in ctx.rules]))


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
    for use in first_per(_uses(ctx), lambda u: (u.rule, u.where, u.read.key)):
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
    for use in _uses(ctx):
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
        help = f"did you mean {_quoted(found)}?"
    else:
        common = ", ".join(_quoted(v) for v in values[:5])
        help = f"the most frequent values are {common}"
    return Finding(
        literal.span,
        f"{_quoted(literal.value)} never occurs in {_name(use)}: "
        f"{count_text(stats.distinct)} distinct values in {_file(profile, use)}",
        help,
    )


def _quoted(value: str) -> str:
    """A string as a rule writes it: always quoted, as in a comparison."""
    return json.dumps(value, ensure_ascii=False)


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
    flagged = {id(u.rule) for u in _uses(ctx) if not known(profile, u)}
    flagged |= {id(u.rule) for u in _uses(ctx) if _reported_literals(profile, u)}
    flagged |= {id(u.rule) for u in _typed_mismatches(ctx, profile)}
    flagged |= {id(u.rule) for u in _uses(ctx) if _placeholders_that_matter(ctx, profile, u)}
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


# ---------------------------------------------------------------- SL405 values-not-of-type


@lint_rule("SL405", "values-not-of-type", "data", Severity.ERROR)
def values_not_of_type(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds an attribute or property whose values mostly are not of the type a rule reads:
    `number`, `boolean` or `timestamp` in the schema, or compared with a number,
    `true`/`false` or `within`. For `Yes`/`No` the help gives the boolean spellings to
    declare: `true [Yes] false [No]` (spec 12).

    ## Why is this bad?
    A value that is not of the type never satisfies the comparison: `when do_not_email
    == true` fires for nobody when the column says `Yes`. Spec 12 lets the schema say how
    the data spells its booleans, and which values mean "missing".

    ## Example
    With `leads.csv`:
    ```csv
    id,do_not_email
    1,Yes
    2,No
    3,No
    4,No
    5,Yes
    ```

    ```score
    when do_not_email == false add 5
    ```

    Use instead:
    ```score
    schema {
      attribute do_not_email: boolean true [Yes] false [No]
    }
    when do_not_email == false add 5
    ```
    """
    profile = ctx.profile
    if profile is None:
        return
    for use in first_per(_typed_mismatches(ctx, profile), lambda u: (u.where, u.read.key)):
        stats = stats_of(profile, use)
        assert stats is not None
        yield _type_finding(use, stats)


def _typed_mismatches(ctx: Context, profile: Profile) -> list[Use]:
    """Comparisons whose column mostly holds values not of the type they need."""
    found = []
    for use in _uses(ctx):
        stats = stats_of(profile, use)
        if _expected(use) is not None and stats is not None and _mismatch(use, stats):
            found.append(use)
    return found


def _expected(use: Use) -> str | None:
    declared = use.read.declared
    if declared is not None and declared.type in ("number", "boolean", "timestamp"):
        return declared.type
    return use.expects


def _counted(use: Use, stats: ColumnStats) -> tuple[int, int]:
    """(values of the expected type, values present), missing markers not counted."""
    kind = _expected(use)
    markers = sum(v.count for v in stats.values if word(v.text) in use.read.missing)
    present = stats.present - markers
    if kind == "number":
        return stats.numbers, present
    if kind == "timestamp":
        return stats.timestamps, present
    spelled = use.read.true | use.read.false
    extra = sum(
        v.count for v in stats.values if word(v.text) in spelled and as_bool(v.text) is None
    )
    return stats.booleans + extra, present


def _mismatch(use: Use, stats: ColumnStats) -> bool:
    fitting, present = _counted(use, stats)
    return present > 0 and fitting < MOSTLY * present


def _type_finding(use: Use, stats: ColumnStats) -> Finding:
    kind = _expected(use)
    fitting, present = _counted(use, stats)
    others = [v.text for v in stats.values if not _fits(kind, v.text)][:4]
    shown = ", ".join(_quoted(v) for v in others)
    share = "none" if fitting == 0 else share_text(present - fitting, present)
    verb = "is" if fitting == 0 else "are not"
    message = (
        f"{_name(use)} is {_read_as(use, kind)}, but {share} of its values {verb} "
        f"{_article(kind, fitting == 0)} ({shown})"
    )
    span = use.read.declared.span if use.read.declared is not None else use.path.span
    return Finding(span, message, _type_help(use, kind, stats))


def _article(kind: str | None, one: bool) -> str:
    if one:
        return {"number": "a number", "boolean": "a boolean"}.get(kind or "", "an instant")
    return {"number": "numbers", "boolean": "booleans"}.get(kind or "", "instants")


def _fits(kind: str | None, text: str) -> bool:
    if kind == "number":
        return as_number(text) is not None
    if kind == "boolean":
        return as_bool(text) is not None
    try:
        parse_instant(text)
    except (InstantError, ValueError):
        return False
    return True


_TRUE_WORDS = frozenset({"yes", "y", "t", "1", "on", "si", "ja", "oui", "checked", "x"})
_FALSE_WORDS = frozenset({"no", "n", "f", "0", "off", "nein", "non", "unchecked"})


def _type_help(use: Use, kind: str | None, stats: ColumnStats) -> str:
    if kind == "boolean":
        spellings = _spellings(stats, use)
        if spellings is not None:
            empty = _placeholders(use, stats)
            missing = f" missing {word_list(empty)}" if empty else ""
            line = _declaration(use, f"boolean{_mapping(use)} {spellings}{missing}")
            return f"declare how the data spells it: {_code(line)}"
        return (
            "compare with the values the data has, or declare its spellings: "
            f"{_code(_declaration(use, 'boolean true [...] false [...]'))}"
        )
    if kind == "number":
        return "clean the column to plain numbers (`1200`, `3.5`), or compare it as text"
    return "write instants in ISO 8601 (`2026-11-01`, `2026-11-01T09:30:00Z`), see spec 9"


def _code(text: str) -> str:
    """Source text in a message: in backticks, in double ones when it holds a quoted name."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _declaration(use: Use, rest: str) -> str:
    """A schema line for the name a rule uses: `attribute NAME: rest` (a property: `NAME:`)."""
    head = "attribute " if use.where == "attribute" else ""
    return f"{head}{use.path.text}: {rest}"


def _mapping(use: Use) -> str:
    """The ` from "KEY"` of a mapped name, to keep in its declaration."""
    if not use.read.mapped:
        return ""
    return f" from {json.dumps('.'.join(use.read.key), ensure_ascii=False)}"


def _read_as(use: Use, kind: str | None) -> str:
    declared = use.read.declared
    if declared is not None and declared.type == kind:
        return f"declared `{kind}`"
    return f"compared as a {kind}"


def _name(use: Use) -> str:
    """The name a rule uses, and the column it reads when the schema maps it elsewhere."""
    mapped = f" (the column `{'.'.join(use.read.key)}`)" if use.read.mapped else ""
    return f"{ast.shown(use.path.text)}{mapped}"


def _spellings(stats: ColumnStats, use: Use) -> str | None:
    """`true [Yes] false [No]` when every non-boolean value is a known spelling."""
    true: list[str] = []
    false: list[str] = []
    for value in stats.values:
        key = word(value.text)
        if as_bool(value.text) is not None or key in use.read.missing or key in PLACEHOLDERS:
            continue
        if key in _TRUE_WORDS:
            true.append(value.text)
        elif key in _FALSE_WORDS:
            false.append(value.text)
        else:
            return None
    if not true or not false or stats.truncated:
        return None
    return f"true {word_list(true)} false {word_list(false)}"


# ---------------------------------------------------------------- SL406 placeholder-value


@lint_rule("SL406", "placeholder-value", "data", Severity.WARNING)
def placeholder_value(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds a value that looks like an empty form field in a column a rule reads: `Select`,
    `N/A`, `unknown`, `-`, `null` and the like, in 5% or more of the values, where the
    rule judges it otherwise than a missing value. The help gives the `missing [...]`
    line to add to the schema (spec 12).

    ## Why is this bad?
    `when specialization is present` fires for every lead whose form said `Select`, and
    `!=` or `not in` fire for them too: the placeholder counts as an answer.

    ## Example
    With `leads.csv`:
    ```csv
    id,specialization
    1,Select
    2,Finance
    3,Select
    4,Marketing
    5,Select
    6,
    ```

    ```score
    when specialization is present add 5
    ```

    Use instead:
    ```score
    schema {
      attribute specialization: string missing [Select]
    }
    when specialization is present add 5
    ```
    """
    profile = ctx.profile
    if profile is None:
        return
    reported: set[object] = set()
    for use in _uses(ctx):
        found = _placeholders_that_matter(ctx, profile, use)
        if found and (use.where, use.read.key) not in reported:
            reported.add((use.where, use.read.key))
            stats = stats_of(profile, use)
            assert stats is not None
            yield _placeholder_finding(use, stats, found)


def _placeholders_that_matter(ctx: Context, profile: Profile, use: Use) -> list[str]:
    stats = stats_of(profile, use)
    if stats is None:
        return []
    return [v for v in _placeholders(use, stats) if _matters(ctx, use, v)]


def _placeholders(use: Use, stats: ColumnStats) -> list[str]:
    return [
        v.text
        for v in stats.values
        if word(v.text) in PLACEHOLDERS
        and word(v.text) not in use.read.missing
        and v.count >= PLACEHOLDER_SHARE * stats.present
    ]


def _matters(ctx: Context, use: Use, value: str) -> bool:
    """Whether the comparison judges the placeholder otherwise than a missing value (an
    absent value fails every comparison but `is missing`) and does not name it itself."""
    leaf = use.leaf
    if any(word(s.value) == word(value) for s in use.literals):
        return False
    if isinstance(leaf, ast.Presence):
        return True
    if isinstance(leaf, ast.Compare | ast.InList | ast.TextTest):
        return compile_value_test(leaf, ctx.program)(value)
    return False


def _placeholder_finding(use: Use, stats: ColumnStats, found: list[str]) -> Finding:
    counts = {v.text: v.count for v in stats.values}
    share = share_text(sum(counts[v] for v in found), stats.present)
    listed = ", ".join(f"`{v}`" for v in found)
    markers = word_list(found)
    return Finding(
        use.path.span,
        f"{listed} in {share} of {_name(use)} looks like an empty field, and "
        f"`{_leaf_text(use)}` counts it as a value",
        f"add `missing {markers}` to the schema (or after the type of {ast.shown(use.path.text)}) "
        "so it reads as missing",
    )


def _leaf_text(use: Use) -> str:
    return printer.pred(use.leaf)
