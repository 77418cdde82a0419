"""How a path reads its value from a lead or an event (spec 12): the key it looks up,
the missing markers that make a text value absent, and the boolean spellings.

A `Reading` is built once per path from the program's schema; the compiled evaluator,
explain and the SQL compiler all take their keys, markers and spellings from it. Markers
and spellings compare the value with surrounding whitespace removed (as numbers and
"true"/"false" are read in spec 7), case-insensitively; a marker wins over a spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import ast
from .values import MISSING, fold


def word_key(text: str) -> str:
    """The comparison key of a missing marker or a boolean spelling, and of a value."""
    return fold(text.strip())


@dataclass(frozen=True, slots=True)
class Reading:
    """One path's reading: `key` is what is looked up; `name` is what the rule wrote."""

    name: tuple[str, ...]
    key: tuple[str, ...]
    mapped: bool = False  # key came from `from "KEY"`: one flat key, taken literally
    missing: frozenset[str] = frozenset()
    true: frozenset[str] = frozenset()
    false: frozenset[str] = frozenset()

    @property
    def converts(self) -> bool:
        """Whether a looked-up value may change (a marker or spelling is declared)."""
        return bool(self.missing or self.true or self.false)

    def convert(self, value: Any) -> Any:
        """A looked-up value as the rules see it: a marker is MISSING, a spelling a bool."""
        if not isinstance(value, str):
            return value
        key = word_key(value)
        if key in self.missing:
            return MISSING
        if key in self.true:
            return True
        if key in self.false:
            return False
        return value


ReadingOf = Callable[[ast.Path], Reading]


def plain(path: ast.Path) -> Reading:
    """The reading of a path no schema declares: itself, with no markers or spellings."""
    return Reading(path.parts, path.parts)


def keys(words: Iterable[str] | None) -> frozenset[str]:
    return frozenset(word_key(w) for w in words or ())


def declared(path: ast.Path, decl: ast.Declared | None, schema_missing: frozenset[str]) -> Reading:
    """The reading a declaration gives; its own `missing` list replaces the schema-wide one."""
    if decl is None:
        return Reading(path.parts, path.parts, missing=schema_missing)
    key = decl.key
    own = decl.words("missing")
    return Reading(
        name=path.parts,
        key=path.parts if key is None else (key,),
        mapped=key is not None,
        missing=schema_missing if own is None else keys(own),
        true=keys(decl.words("true")),
        false=keys(decl.words("false")),
    )
