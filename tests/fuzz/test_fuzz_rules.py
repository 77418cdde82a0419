"""Fuzz target for the parser, checker, linter and formatter (issue 11): hostile ruleset
texts never raise anything but DiagnosticError, and `fmt` never changes a ruleset's meaning.

The texts are valid rulesets (strategies.ruleset_text) mutated the way the adversarial
probe did it: spans deleted, duplicated or moved, hostile tokens inserted (deep nesting,
huge numbers and durations, NUL and odd Unicode, broken strings and regexes, includes of
devices), plus plain token soup. For every text:

- `scoredsl.loads` returns a Ruleset or raises DiagnosticError, whose rendering works;
- a loaded ruleset lints and scores a lead without any other exception;
- when the text parses, fmt's output parses to the same AST (up to modifier order), checks
  the same way, and formatting it again changes nothing.

`make test` runs a few hundred cases; `make fuzz` runs FUZZ_EXAMPLES (default 100,000).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, ruleset_text, sized

import scoredsl
from scoredsl.diagnostics import DiagnosticError, render_all_text
from scoredsl.fmt import canonical, format_text
from scoredsl.lint import lint_source
from scoredsl.parse import parse_text

FUZZ = sized(300, "FUZZ_EXAMPLES")

HOSTILE = [
    *("when", "add", "subtract", "tier", "score", "rule", "let", "include", "schema", "range"),
    *("decay", "after", "every", "within", "once", "max", "where", "count(", "otherwise"),
    *("not", "and", "or", "in", "is missing", "matches", "contains", "starts with", ".*"),
    *("{", "}", "(", ")", "[", "]", ",", ";", "..", "==", ">=", "=", ":", "\n", "\r", "\t"),
    *('"', '"\\', '"\\u0000"', '"\\ud800"', "\x00", "\ufeff", "é", "\u2028", "#", "-"),
    *("0", "-0", "10", "2.5", "0.005", "1" + "0" * 400, "9" * 5000, "1" * 30 + ".5"),
    *("30d", "12h", "2w", "0d", "100000001d", "9" * 5000 + "d", "50%", "150%", "0%"),
    *('"(a*)*"', '"("', '"[z-a]"', '"\\\\pL{1000}\\\\pL{1000}\\\\pL{1000}\\\\pL{1000}"'),
    *('include "/dev/zero"', 'include ""', 'include "."', 'include "\\u0000"'),
    *("not " * 150, "(" * 120, ")" * 120, " or ".join(["a == 1"] * 150)),
    *(" and ".join(["b > 1"] * 120), "title", "company.size", "email.opened", "page.visited"),
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid ruleset with one to four edits."""
    text = draw(ruleset_text())
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 40)))
        edit = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "move"]))
        if edit == "delete":
            text = text[:start] + text[end:]
        elif edit == "insert":
            text = text[:start] + " " + draw(st.sampled_from(HOSTILE)) + " " + text[start:]
        elif edit == "replace":
            text = text[:start] + draw(st.sampled_from(HOSTILE)) + text[end:]
        elif edit == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            piece, rest = text[start:end], text[:start] + text[end:]
            at = draw(st.integers(0, len(rest)))
            text = rest[:at] + piece + rest[at:]
    return text


soup = st.lists(st.sampled_from(HOSTILE), max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def empty_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Includes resolve here: an empty folder, so a fuzz case never reads the repo."""
    return tmp_path_factory.mktemp("fuzz")


def _loaded(text: str, base: Path) -> scoredsl.Ruleset | None:
    try:
        return scoredsl.loads(text, "fuzz.score", base_dir=base)
    except DiagnosticError as exc:
        assert exc.diagnostics, "a DiagnosticError always says what is wrong"
        render_all_text(exc.diagnostics, exc.sources)
        return None


def _fmt_keeps_meaning(text: str, loaded: bool, base: Path) -> None:
    try:
        module = parse_text(text, "fuzz.score")
        formatted = format_text(text, "fuzz.score")
    except DiagnosticError:
        return
    assert canonical(parse_text(formatted, "fuzz.score")) == canonical(module), formatted
    assert format_text(formatted, "fuzz.score") == formatted
    assert (_loaded(formatted, base) is not None) is loaded, formatted


def _survives(text: str, base: Path) -> None:
    ruleset = _loaded(text, base)
    if ruleset is not None:
        lint_source(text, "fuzz.score")
        with contextlib.suppress(DiagnosticError):
            ruleset.score({"id": "L-1", "attributes": {"title": "CTO", "a": 1}}, AS_OF)
    _fmt_keeps_meaning(text, ruleset is not None, base)


@FUZZ
@given(text=st.one_of(mutated(), soup))
def test_hostile_rulesets_give_diagnostics_and_fmt_keeps_meaning(
    text: str, empty_dir: Path
) -> None:
    _survives(text, empty_dir)
