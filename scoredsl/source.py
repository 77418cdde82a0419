"""Source text and spans: where every AST node and diagnostic points."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A region of one source: 1-based lines and columns, 0-based offsets, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0
    end: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NO_SPAN = Span("<unknown>", 1, 1, 1, 1)


@dataclass(frozen=True)
class Source:
    """A named text that spans index into (a rule file, or one line of a data file)."""

    path: str
    text: str
    first_line: int = 1
    _line_starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        object.__setattr__(self, "_line_starts", starts)

    @classmethod
    def from_file(cls, path: Path | str) -> Source:
        from .io.files import read_text  # here: the io package imports this module

        return cls(str(path), read_text(Path(path)))

    def line_text(self, line: int) -> str | None:
        """The text of a 1-based line, without its newline; None when out of range."""
        index = line - self.first_line
        if index < 0 or index >= len(self._line_starts):
            return None
        start = self._line_starts[index]
        end = self.text.find("\n", start)
        text = self.text[start:] if end == -1 else self.text[start:end]
        return text.rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + self.first_line, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return Span(self.path, line, column, end_line, end_column, start, end)

    def end_span(self) -> Span:
        return self.span(len(self.text), len(self.text))
