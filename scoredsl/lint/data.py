"""What the data-aware lint rules share: the data to read, what the ruleset reads from it
(names, literals, expected types), how a name reads its key (spec 12), and how to write a
data key back into a rule.

    scoredsl lint rules.score --leads leads.csv [--events events.csv]
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from .. import ast
from ..compile import CompiledRuleset
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from ..io.readers import LeadReader
from ..program import Program
from ..reading import word_key
from ..values import fold
from .context import Context
from .profile import ColumnStats, Parts, Profile, Wanted, build_profile, fire_counts

Where = Literal["attribute", "property"]
Expected = Literal["number", "boolean", "timestamp"]


@dataclass(frozen=True)
class DataSource:
    """The data `lint --leads` reads: files, column mapping and the instant to score at."""

    leads: Path
    events: Path | None = None
    columns: ColumnMap = DEFAULT_COLUMNS
    as_of: datetime | None = None  # None: now


def profile_for(program: Program, source: DataSource, as_of: datetime) -> Profile:
    """Scan the data for what this ruleset reads, then count the leads each rule fires for."""
    wanted = wanted_by(program)
    profile = build_profile(source.leads, source.events, wanted, source.columns)
    reader = LeadReader(source.leads, source.events, columns=source.columns)
    return replace(profile, fired=fire_counts(CompiledRuleset(program), reader, as_of))


# ---------------------------------------------------------------- how a name is read


@dataclass(frozen=True)
class Read:
    """How a name reads the data (spec 12): the key it looks up, its missing markers and
    boolean spellings (as `reading.word_key`s), and its declaration in the schema."""

    key: Parts
    mapped: bool = False  # `from "KEY"` in the schema
    missing: frozenset[str] = frozenset()
    true: frozenset[str] = frozenset()
    false: frozenset[str] = frozenset()
    declared: ast.AttributeDecl | ast.PropertyDecl | None = None


def word(text: str) -> str:
    """The key a missing marker or a boolean spelling is compared by."""
    return word_key(text)


def read_of(program: Program, pattern: ast.EventPattern | None, path: ast.Path) -> Read:
    """The schema's reading of a path, as every engine reads it (`Program.reading_of`)."""
    found = program.reading_of(pattern)(path)
    return Read(
        found.key,
        found.mapped,
        found.missing,
        found.true,
        found.false,
        _declaration(program, pattern, path),
    )


def _declaration(
    program: Program, pattern: ast.EventPattern | None, path: ast.Path
) -> ast.AttributeDecl | ast.PropertyDecl | None:
    schema = program.schema
    if schema is None:
        return None
    declared = schema.attributes if pattern is None else schema.properties(pattern)
    return declared.get(path.text)


# ---------------------------------------------------------------- what the ruleset reads


@dataclass(frozen=True)
class Use:
    """One comparison a rule makes on the data."""

    rule: ast.Rule
    where: Where
    pattern: ast.EventPattern | None  # the event pattern of a `where`
    leaf: ast.Comparison
    read: Read
    literals: tuple[ast.String, ...] = ()  # strings compared with (==, !=, in)
    expects: Expected | None = None  # the type the comparison needs

    @property
    def path(self) -> ast.Path:
        return self.leaf.path


def uses(program: Program, rules: list[ast.Rule]) -> Iterator[Use]:
    """Every comparison of every rule on a lead attribute or an event property."""
    for rule in rules:
        for pred, kind, pattern in ast.rule_predicates(rule):
            where: Where = "attribute" if kind == "profile" else "property"
            for leaf in ast.comparisons(pred):
                yield Use(
                    rule,
                    where,
                    pattern,
                    leaf,
                    read_of(program, pattern, leaf.path),
                    _literals(program, leaf),
                    _expects(program, leaf),
                )


def _literals(program: Program, leaf: ast.Comparison) -> tuple[ast.String, ...]:
    if isinstance(leaf, ast.Compare) and leaf.op in ("==", "!="):
        value = program.resolve(leaf.operand)
        return (_spanned(value, leaf),) if isinstance(value, ast.String) else ()
    if isinstance(leaf, ast.InList):
        value = program.resolve(leaf.operand)
        if isinstance(value, ast.ListValue):
            return tuple(_spanned(i, leaf) for i in value.items if isinstance(i, ast.String))
    return ()


def _spanned(value: ast.String, leaf: ast.Comparison) -> ast.String:
    """A literal with a span in the rule (a `let` value points at the comparison)."""
    if value.span.path != leaf.span.path or not leaf.span.start <= value.span.start:
        return ast.String(value.value, span=leaf.span)
    return value


def _expects(program: Program, leaf: ast.Comparison) -> Expected | None:
    if isinstance(leaf, ast.WithinTime):
        return "timestamp"
    if isinstance(leaf, ast.Compare):
        value = program.resolve(leaf.operand)
        if isinstance(value, ast.Bool):
            return "boolean"
        if isinstance(value, ast.Number):
            return "number"
    return None


def rule_uses(ctx: Context) -> list[Use]:
    """Every comparison the linted rules make, in file order."""
    return list(uses(ctx.program, [placed.rule for placed in ctx.rules]))


def wanted_by(program: Program) -> Wanted:
    """The data keys the ruleset reads and the strings it compares them with."""
    found: dict[Where, dict[Parts, set[str]]] = {"attribute": {}, "property": {}}
    for use in uses(program, all_rules(program)):
        found[use.where].setdefault(use.read.key, set()).update(s.value for s in use.literals)
    return Wanted(
        {k: frozenset(v) for k, v in found["attribute"].items()},
        {k: frozenset(v) for k, v in found["property"].items()},
    )


def all_rules(program: Program) -> list[ast.Rule]:
    """The rules in compiled order (the index of `Profile.fired`)."""
    return [rule for dimension in program.dimensions for rule in dimension.rules]


def stats_of(profile: Profile, use: Use) -> ColumnStats | None:
    table = profile.attributes if use.where == "attribute" else profile.properties
    return table.get(use.read.key)


def known(profile: Profile, use: Use) -> bool:
    """Whether the data has the key (or the profile cannot look inside it)."""
    if use.read.key in profile.unchecked or stats_of(profile, use) is not None:
        return True
    if use.where == "property" and not profile.has_events:
        return True  # no events to judge by
    keys = profile.attribute_keys if use.where == "attribute" else profile.property_keys
    return ".".join(use.read.key) in keys


# ---------------------------------------------------------------- matching and writing names


def _squashed(text: str) -> str:
    """A name with case, spaces and punctuation ignored: `Total Time` ~ `total_time`."""
    return re.sub(r"[\W_]+", "", fold(text))


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate meant by a misspelled name: same letters in another case or spacing
    first, else the nearest by difflib."""
    squashed = _squashed(name)
    same = [c for c in candidates if _squashed(c) == squashed]
    if same:
        return same[0]
    by_squash = {_squashed(c): c for c in reversed(candidates)}
    found = difflib.get_close_matches(squashed, list(by_squash), n=1, cutoff=0.75)
    return by_squash[found[0]] if found else None


def closest_value(text: str, values: list[str], cutoff: float = 0.75) -> str | None:
    """The value meant by a misspelled literal (compared case-insensitively, as spec 7)."""
    by_fold = {fold(v): v for v in reversed(values)}
    found = difflib.get_close_matches(fold(text), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found else None


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def name_text(key: str) -> str | None:
    """How a rule names a data key: dotted when every part is a plain name (a flat key
    `a.b` is found so too), else the whole key in backticks (spec 12); None when it holds
    a backtick or a line break (then only the schema's `from "KEY"` can name it)."""
    parts = key.split(".")
    if all(ast.segment_text(p, i == 0) == p for i, p in enumerate(parts)):
        return key
    if "`" in key or "\n" in key or "\r" in key:
        return None
    return f"`{key}`"


def literal_text(value: str) -> str:
    """A list item as written: a bare word when it is one, else a quoted string."""
    if _IDENT.fullmatch(value) and value not in ("true", "false"):
        return value
    return json.dumps(value, ensure_ascii=False)


def word_list(values: list[str]) -> str:
    return "[" + ", ".join(literal_text(v) for v in values) + "]"


def count_text(n: int) -> str:
    return f"{n:,}"


def share_text(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def first_per(items: list[Use], key: Callable[[Use], object]) -> list[Use]:
    """The first use of each key, in order."""
    seen: set[object] = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def quoted(value: str) -> str:
    """A string as a rule writes it in a comparison: quoted."""
    return json.dumps(value, ensure_ascii=False)


def code(text: str) -> str:
    """Source text in a message: in backticks, in double ones when it holds a quoted name."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def name_of(use: Use) -> str:
    """The name a rule uses, and the column it reads when the schema maps it elsewhere."""
    mapped = f" (the column `{'.'.join(use.read.key)}`)" if use.read.mapped else ""
    return f"{ast.shown(use.path.text)}{mapped}"
