"""Where a bad record goes: it stops the run, or (skip mode) it is set aside, in a rejects
file when one is named, else kept as a Rejected for the caller to show."""

from __future__ import annotations

import copy

from ..diagnostics import DiagnosticError, SourceMap
from .names import shown_name
from .problems import RecordProblem
from .records import RawRecord, Rejected, file_error
from .writers import RejectsWriter


class RejectSink:
    """The one place a reader (or an engine reading through it) sends a bad record."""

    def __init__(self, skip_invalid: bool, rejects_path: str | None) -> None:
        self.skip_invalid = skip_invalid
        self.rejects_path = rejects_path
        self.kept: list[Rejected] = []
        self._out: RejectsWriter | None = None

    def open(self) -> None:
        """Create the rejects file (skip mode with a path); SD508 when it cannot be written."""
        if not self.skip_invalid or self.rejects_path is None:
            return
        try:
            self._out = RejectsWriter.to_path(self.rejects_path)
        except OSError as exc:
            raise file_error(self.rejects_path, exc.strerror or str(exc)) from None

    def reject(self, raw: RawRecord, problem: RecordProblem) -> None:
        """Stop the run on a bad record, or (skip mode) set it aside and go on."""
        raw = _as_shown(raw)
        diagnostic = raw.diagnostic(problem)
        if not self.skip_invalid:
            raise DiagnosticError([diagnostic], SourceMap([raw.source()]))
        if self._out is not None:
            self._out.write(raw.path, raw.line, problem.code, problem.message, raw.payload)
        else:
            self.kept.append(Rejected(diagnostic, raw.source()))

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


def _as_shown(raw: RawRecord) -> RawRecord:
    """The record under the name its file is shown as (`<stdin>`, not a temp copy)."""
    shown = shown_name(raw.path)
    if shown == raw.path:
        return raw
    renamed = copy.copy(raw)
    renamed.path = shown
    return renamed
