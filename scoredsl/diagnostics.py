"""Diagnostics are data: code, severity, span, message, help. One renderer prints them all.

Every error a user can cause (rule file, lead data, CLI argument) becomes a Diagnostic;
the CLI renders it as text (with the source line and a caret), JSON or SARIF.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rich.cells import cell_len

from .source import Source, Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None = None
    help: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        location = None
        if self.span is not None:
            s = self.span
            location = {
                "path": s.path,
                "line": s.line,
                "column": s.column,
                "end_line": s.end_line,
                "end_column": s.end_column,
            }
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": location,
            "help": self.help,
        }


def error(code: str, message: str, span: Span | None = None, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, help)


def warning(
    code: str, message: str, span: Span | None = None, help: str | None = None
) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, span, help)


class DiagnosticError(Exception):
    """Raised when a stage cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic], sources: SourceMap | None = None):
        self.diagnostics = list(diagnostics)
        self.sources = sources or SourceMap()
        super().__init__("\n".join(f"{d.span}: {d.message}" for d in self.diagnostics))


class SourceMap:
    """The sources diagnostics may point into, by path."""

    def __init__(self, sources: Iterable[Source] = ()) -> None:
        self._by_path: dict[str, Source] = {}
        for source in sources:
            self.add(source)

    def add(self, source: Source) -> None:
        self._by_path[source.path] = source

    def get(self, path: str) -> Source | None:
        return self._by_path.get(path)

    def paths(self) -> list[str]:
        """Every path held: a ruleset's file and each file it includes."""
        return list(self._by_path)

    def merge(self, other: SourceMap) -> None:
        self._by_path.update(other._by_path)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint from the closest candidate, if any is close enough."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


# ---------------------------------------------------------------- rendering

_MAX_SNIPPET = 160


def render_text(diagnostic: Diagnostic, sources: SourceMap) -> str:
    """`path:line:col: error[SD101]: message`, the source line, a caret, a `help:` line."""
    d = diagnostic
    head = f"{d.severity.value}[{d.code}]: {d.message}"
    lines = [f"{d.span}: {head}" if d.span else head]
    frame = _code_frame(d.span, sources) if d.span else None
    if frame:
        lines.extend(frame)
    if d.help:
        # `=` sits under the gutter's `|`, as rustc and ruff print it
        gutter = len(str(d.span.line)) if frame and d.span else 1
        lines.append(f"{' ' * (gutter + 1)}= help: {d.help}")
    return "\n".join(lines)


def _code_frame(span: Span, sources: SourceMap) -> list[str] | None:
    source = sources.get(span.path)
    text = source.line_text(span.line) if source else None
    if text is None:
        return None
    text = text.expandtabs(1)
    start_col = span.column
    if len(text) > _MAX_SNIPPET:  # long data lines: show a window around the caret
        left = max(0, start_col - 1 - _MAX_SNIPPET // 2)
        text = ("…" if left else "") + text[left : left + _MAX_SNIPPET] + "…"
        start_col = start_col - left + (1 if left else 0)
    width = (
        span.end_column - span.column if span.end_line == span.line else len(text) - start_col + 1
    )
    width = max(1, min(width, len(text) - start_col + 2))
    # Columns count characters; a terminal draws a wide one (CJK, most emoji) in two cells,
    # so the caret goes under the cells the characters take, not their count.
    before = cell_len(text[: start_col - 1])
    covered = text[start_col - 1 : start_col - 1 + width]
    under = cell_len(covered) + width - len(covered)  # a caret past the end: one cell each
    gutter = str(span.line)
    pad = " " * len(gutter)
    return [
        f"{pad} |",
        f"{gutter} | {text}",
        f"{pad} | {' ' * before}{'^' * under}",
    ]


def render_all_text(diagnostics: Sequence[Diagnostic], sources: SourceMap) -> str:
    return "\n\n".join(render_text(d, sources) for d in diagnostics)


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], indent=2)


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) if parts else "no problems"
