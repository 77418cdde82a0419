"""Property test: `fmt` preserves meaning and comments, and is idempotent.

Random valid rulesets come from strategies.ruleset_text(), plus a schema and includes,
and spec 12's quoted names and schema read options (strategies.export_schema/export_rule).
This file roughens them the way people write: statements joined by `;`, blank-line runs,
tabs and runs of spaces (never inside string literals), `let` lists broken over lines, and
comments on their own line, at the end of lines and inside lists. For every such text:

- parse(fmt(x)) == parse(x), up to the order of rule modifiers (the spec lets them come
  in any order; fmt prints the canonical one), with spans ignored by AST equality;
- the comments of fmt(x) are those of x, in the same order;
- fmt(fmt(x)) == fmt(x).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    ATTRIBUTES,
    EVENT_TYPES,
    PROPS,
    SETTINGS,
    export_rule,
    export_schema,
    ruleset_text,
)

from scoredsl.fmt import canonical, format_text
from scoredsl.parse import parse_with_comments
from scoredsl.source import Source

# String literals and quoted names (spec 12): their spaces are never touched.
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`\n]+`')
COMMENTS = ["# note", "#tight", '# "quoted" text; with ; semis', "# ---- section ----", "#"]
SPACES = [" ", " ", "  ", "\t", " \t  "]


@st.composite
def spaced(draw: st.DrawFn, line: str) -> str:
    """The line with some of its spaces outside string literals widened or made tabs."""
    parts = STRING.split(line)
    strings = STRING.findall(line)
    out = []
    for index, part in enumerate(parts):
        out.append("".join(draw(st.sampled_from(SPACES)) if ch == " " else ch for ch in part))
        if index < len(strings):
            out.append(strings[index])
    indent = draw(st.sampled_from(["", "", "  ", "\t"]))
    return indent + "".join(out) + draw(st.sampled_from(["", "", " ", "\t"]))


@st.composite
def exploded_list(draw: st.DrawFn, line: str) -> str:
    """`let x = [a, b]` over several lines, with comments after some items."""
    head, _, rest = line.partition("[")
    items = [item.strip() for item in rest.rstrip().rstrip("]").split(",") if item.strip()]
    lines = [head + "[" + draw(st.sampled_from(["", "  # opener"]))]
    for item in items:
        if draw(st.integers(0, 3)) == 0:
            lines.append("  " + draw(st.sampled_from(COMMENTS)))
        lines.append(f"  {item}," + draw(st.sampled_from(["", "", "  # item"])))
    return "\n".join(lines) + "\n]"


TYPES = ["string", "number", "timestamp", "list", "boolean"]


@st.composite
def schema_text(draw: st.DrawFn) -> str:
    """A `schema` block (ruleset_text has none); each declaration on one line."""
    items = [f"attribute {a}: {draw(st.sampled_from(TYPES))}" for a in ATTRIBUTES]
    for event in draw(st.lists(st.sampled_from(EVENT_TYPES), unique=True)):
        props = draw(st.lists(st.sampled_from(PROPS), unique=True, max_size=3))
        decls = [f"{p}:{draw(st.sampled_from(TYPES))}" for p in props]
        comma = draw(st.sampled_from([", ", " ", ","]))
        braces = " { " + comma.join(decls) + " }" if decls or draw(st.booleans()) else ""
        items.append(f"event {event}{braces}")
    items = draw(st.permutations(items))
    separator = draw(st.sampled_from(["\n  ", "; ", "\n\n  "]))
    return "schema {" + separator + separator.join(items) + "\n}"


@st.composite
def roughened(draw: st.DrawFn) -> str:
    lines = draw(ruleset_text()).rstrip("\n").split("\n")
    extra = draw(
        st.lists(
            st.one_of(
                schema_text(), export_schema(), export_rule(), st.just('include "common.score"')
            ),
            max_size=3,
        )
    )
    lines = [*"\n".join(extra).split("\n"), *lines] if extra else lines
    joined: list[str] = []
    for line in lines:  # `;` first: a trailing comment would swallow the joined line
        if joined and not line.startswith("let ") and draw(st.integers(0, 4)) == 0:
            joined[-1] += draw(st.sampled_from(["; ", ";", " ; "])) + line
        else:
            joined.append(line)
    out: list[str] = []
    for line in joined:
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(["", "  ", "\t"])) + draw(st.sampled_from(COMMENTS)))
        is_list_let = line.startswith("let ") and line.rstrip().endswith("]")
        if is_list_let and ";" not in line and draw(st.integers(0, 2)) == 0:
            line = draw(exploded_list(line))
        else:
            line = draw(spaced(line))
        if draw(st.integers(0, 3)) == 0:
            line += draw(st.sampled_from(["  ", " ", "\t"])) + draw(st.sampled_from(COMMENTS))
        out.append(line)
        out.extend([""] * draw(st.sampled_from([0, 0, 0, 1, 3])))
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(COMMENTS)))
    return draw(st.sampled_from(["", "\n", "\n\n"])) + "\n".join(out) + "\n"


@SETTINGS
@given(roughened())
def test_fmt_keeps_meaning_and_comments_and_is_idempotent(text: str) -> None:
    module, comments = parse_with_comments(Source("p.score", text))
    formatted = format_text(text, "p.score")
    again, kept = parse_with_comments(Source("p.score", formatted))
    assert again == canonical(module), formatted
    assert [c.text.rstrip() for c in kept] == [c.text.rstrip() for c in comments]
    assert format_text(formatted, "p.score") == formatted
