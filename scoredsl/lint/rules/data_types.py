"""Data (SL405, SL406): values not of the type a rule reads them as, and placeholders that
a rule counts as answers. Both end where the schema says how the data is read (spec 12:
`true [...] false [...]`, `missing [...]`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ...predicates import compile_value_test
from ...timeutil import InstantError, parse_instant
from ...values import as_bool, as_number
from ..context import Context
from ..data import (
    Use,
    code,
    first_per,
    name_of,
    quoted,
    rule_uses,
    share_text,
    stats_of,
    word,
    word_list,
)
from ..profile import ColumnStats, Profile
from ..registry import Finding, lint_rule

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
    for use in first_per(typed_mismatches(ctx, profile), lambda u: (u.where, u.read.key)):
        stats = stats_of(profile, use)
        assert stats is not None
        yield _type_finding(use, stats)


def typed_mismatches(ctx: Context, profile: Profile) -> list[Use]:
    """Comparisons whose column mostly holds values not of the type they need."""
    found = []
    for use in rule_uses(ctx):
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
    shown = ", ".join(quoted(v) for v in others)
    share = "none" if fitting == 0 else share_text(present - fitting, present)
    verb = "is" if fitting == 0 else "are not"
    message = (
        f"{name_of(use)} is {_read_as(use, kind)}, but {share} of its values {verb} "
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
            return f"declare how the data spells it: {code(line)}"
        return (
            "compare with the values the data has, or declare its spellings: "
            f"{code(_declaration(use, 'boolean true [...] false [...]'))}"
        )
    if kind == "number":
        return "clean the column to plain numbers (`1200`, `3.5`), or compare it as text"
    return "write instants in ISO 8601 (`2026-11-01`, `2026-11-01T09:30:00Z`), see spec 9"


def _declaration(use: Use, rest: str) -> str:
    """A schema line for the name a rule uses: `attribute NAME: rest` (a property: `NAME:`)."""
    head = "attribute " if use.where == "attribute" else ""
    return f"{head}{use.path.text}: {rest}"


def _mapping(use: Use) -> str:
    """The ` from "KEY"` of a mapped name, to keep in its declaration."""
    if not use.read.mapped:
        return ""
    return f" from {quoted('.'.join(use.read.key))}"


def _read_as(use: Use, kind: str | None) -> str:
    declared = use.read.declared
    if declared is not None and declared.type == kind:
        return f"declared `{kind}`"
    return f"compared as a {kind}"


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
    for use in rule_uses(ctx):
        found = placeholders_that_matter(ctx, profile, use)
        if found and (use.where, use.read.key) not in reported:
            reported.add((use.where, use.read.key))
            stats = stats_of(profile, use)
            assert stats is not None
            yield _placeholder_finding(use, stats, found)


def placeholders_that_matter(ctx: Context, profile: Profile, use: Use) -> list[str]:
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
        f"{listed} in {share} of {name_of(use)} looks like an empty field, and "
        f"`{_leaf_text(use)}` counts it as a value",
        f"add `missing {markers}` to the schema (or after the type of {ast.shown(use.path.text)}) "
        "so it reads as missing",
    )


def _leaf_text(use: Use) -> str:
    return printer.pred(use.leaf)
