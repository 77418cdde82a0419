"""Inline suppression: `# scoredsl: ignore[SL001,unused-let]` on the offending line, or
alone on the line just above it. A bare `# scoredsl: ignore` silences every lint rule.

The parser drops comments, so the comments are found by scanning the source text: a
`#` that is not inside a string literal starts a comment (spec 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source import Source

_DIRECTIVE = re.compile(r"scoredsl:\s*ignore(?:\[([^\]]*)\])?")
ALL = "*"


@dataclass(frozen=True)
class Suppressions:
    """Codes or rule names silenced, by 1-based line."""

    by_line: dict[int, frozenset[str]]

    def silences(self, line: int, code: str, name: str) -> bool:
        tokens = self.by_line.get(line, frozenset())
        return bool(tokens & {ALL, code, name})


def comment_of(line: str) -> tuple[int, str] | None:
    """(column index, text) of the comment on a source line, if it has one."""
    in_string = escaped = False
    for index, ch in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#":
            return index, line[index + 1 :]
    return None


def scan(source: Source) -> Suppressions:
    by_line: dict[int, set[str]] = {}
    for number, line in enumerate(source.text.splitlines(), start=source.first_line):
        found = comment_of(line)
        if found is None:
            continue
        column, text = found
        match = _DIRECTIVE.search(text)
        if match is None:
            continue
        listed = match.group(1)
        tokens = {t.strip() for t in listed.split(",") if t.strip()} if listed else {ALL}
        by_line.setdefault(number, set()).update(tokens)
        if not line[:column].strip():  # a comment alone on its line covers the next line
            by_line.setdefault(number + 1, set()).update(tokens)
    return Suppressions({line: frozenset(tokens) for line, tokens in by_line.items()})
