"""A record as read from a data file (RawRecord, Row) and the reader's outputs (LeadRecord,
Rejected): where each came from, so any problem is shown at its file:line:column."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from ..diagnostics import Diagnostic, DiagnosticError, SourceMap, error
from ..models import Lead
from ..source import Source, Span
from .files import file_size, open_regular
from .locate import csv_locate, json_locate
from .problems import BAD_FILE, BAD_SHAPE, Loc, RecordProblem, kind_of
from .writers import json_default

DataFormat = Literal["jsonl", "csv", "parquet"]


Required = Mapping[str, str]  # a table's required columns -> the option that renames each


_EXTENSIONS: dict[str, DataFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


@dataclass(frozen=True)
class LeadRecord:
    """A validated lead and where it came from, for messages and `explain`."""

    lead: Lead
    path: str  # file the lead came from
    line: int  # 1-based line (JSON Lines, CSV physical line) or data row (Parquet)


@dataclass(frozen=True)
class Rejected:
    """A record set aside in skip mode without a rejects file: its diagnostic and line."""

    diagnostic: Diagnostic
    source: Source


def data_format(path: str | Path) -> DataFormat:
    """The data format of a file, by extension."""
    suffix = Path(path).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is None:
        what = f"`{suffix}` files" if suffix else "files without an extension"
        raise DiagnosticError(
            [
                error(
                    BAD_FILE,
                    f"cannot read `{path}`: {what} are not a supported data format",
                    help="use .jsonl, .ndjson or .json (JSON Lines), .csv, or .parquet/.pq",
                )
            ]
        )
    return fmt


class RawRecord:
    """One record as found in its file: where it is, what to show, what to reject."""

    def __init__(
        self,
        path: str,
        line: int,
        text: str | None,
        payload: Any,
        columns: Sequence[str] | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self._text = text  # None for a Parquet row: shown as JSON, made only when needed
        self.payload = payload  # what a rejects file stores: raw text, or the row object
        self.columns = columns  # a CSV header: fields are found by position

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = json.dumps(self.payload, ensure_ascii=False, default=json_default)
        return self._text

    def source(self) -> Source:
        return Source(self.path, self.text, first_line=self.line)

    def diagnostic(self, problem: RecordProblem) -> Diagnostic:
        return error(problem.code, problem.message, self._span(problem), problem.help)

    def _span(self, problem: RecordProblem) -> Span:
        source = self.source()
        if problem.offset is not None:
            return source.span(problem.offset, problem.offset + 1)
        found = self._locate(problem.loc, problem.key)
        if found is None:  # the whole (first) line
            found = (0, len(self.text.split("\n", 1)[0].rstrip("\r")))
        return source.span(*found)

    def _locate(self, loc: Loc, key: bool) -> tuple[int, int] | None:
        """Offsets of the field at `loc`, or of the nearest enclosing one that exists."""
        while loc:
            if self.columns is not None:
                found = csv_locate(self.text, self.columns, loc[0])
            else:
                found = json_locate(self.text, loc, key)
            if found is not None:
                return found
            loc, key = loc[:-1], False
        return None


@dataclass(frozen=True)
class Row:
    """A record read from a file: its parsed fields, or why it could not be parsed."""

    raw: RawRecord
    fields: Any = None
    problem: RecordProblem | None = None

    def content(self) -> Any:
        if self.problem is not None:
            raise self.problem
        return self.fields

    def table_fields(self) -> dict[str, Any]:
        fields = self.content()
        if not isinstance(fields, dict):
            raise RecordProblem(
                BAD_SHAPE,
                f"a table row must be a JSON object, got {kind_of(fields)}",
                help='write one flat object a line, e.g. {"id": "L-1", "title": "CTO"}',
            )
        return fields


def fatal(raw: RawRecord | None, problem: RecordProblem) -> DiagnosticError:
    """An error about the whole file (header, format): it stops even a skip-mode run."""
    if raw is None:
        return DiagnosticError([error(problem.code, problem.message, None, problem.help)])
    return DiagnosticError([raw.diagnostic(problem)], SourceMap([raw.source()]))


def file_error(path: str, reason: str) -> DiagnosticError:
    return fatal(None, RecordProblem(BAD_FILE, f"cannot read `{path}`: {reason}"))


def open_binary(path: str) -> IO[bytes]:
    try:
        return open_regular(path)
    except OSError as exc:
        raise file_error(path, exc.strerror or str(exc)) from None


def checked_size(path: str) -> int:
    try:
        return file_size(path)
    except OSError as exc:
        raise file_error(path, exc.strerror or str(exc)) from None


def no_progress(_: int) -> None:
    """Progress sink for the events file: the progress bar follows the leads file."""
