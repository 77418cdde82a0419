"""Read lead data (spec section 10) as a stream of validated leads, each with its file:line.

JSON Lines and CSV are read one line at a time and Parquet one batch at a time, so a leads
file of any size streams. Only an events table is held in memory (lead id -> events, joined
to the leads as they stream); tables too big for that are the DuckDB engine's job.

A record that breaks the contract becomes a Diagnostic pointing at file:line:column. It
stops the run, or with `skip_invalid` it is set aside (rejects file) and reading goes on.

LeadReader assembles leads from the modules beside it (see the package docstring); the
names below `__all__` are the reader's record API, which the SQL engines use to word a
flagged record exactly as this reader does.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from ..diagnostics import Diagnostic
from ..models import Event, Lead, assembled_lead
from .columns import DEFAULT_COLUMNS, ColumnMap
from .contract import (
    event_columns,
    event_from_row,
    kept_values,
    lead_columns,
    lead_from_object,
    lead_keys,
    readable_id,
    record_id,
    table_lead_id,
)
from .problems import RecordProblem, broken_lead, unknown_lead
from .records import (
    DataFormat,
    LeadRecord,
    RawRecord,
    Rejected,
    Required,
    Row,
    checked_size,
    data_format,
    no_progress,
)
from .rejects import RejectSink
from .rows import read_rows

__all__ = [
    "DataFormat",
    "LeadReader",
    "LeadRecord",
    "RawRecord",
    "RecordProblem",
    "Rejected",
    "Required",
    "Row",
    "broken_lead",
    "data_format",
    "event_columns",
    "event_from_row",
    "kept_values",
    "lead_columns",
    "lead_from_object",
    "lead_keys",
    "no_progress",
    "read_rows",
    "readable_id",
    "record_id",
    "table_lead_id",
    "unknown_lead",
]


@dataclass
class _EventTable:
    """The events file in memory: lead id -> (line, event) in file order."""

    by_lead: dict[str, list[tuple[int, Event]]] = field(default_factory=dict)
    broken: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (code, file:line)
    matched: set[str] = field(default_factory=set)  # ids the leads file held

    def orphan_lines(self) -> dict[int, str]:
        """Lines of events whose lead id the leads file never held -> that id."""
        return {
            line: lead_id
            for lead_id, entries in self.by_lead.items()
            if lead_id not in self.matched
            for line, _ in entries
        }


class LeadReader:
    """Iterate LeadRecord in input order; counts read/rejected.

    A leads JSON Lines file without an events file is read in lead form
    ({"id", "attributes", "events"}); anything else is read as tables (spec 10).
    A bad record raises DiagnosticError, or with `skip_invalid` is counted, written to
    `rejects_path` (or kept in `rejects` without one) and skipped. A reader reads once.
    """

    def __init__(
        self,
        leads_path: str | Path,
        events_path: str | Path | None = None,
        *,
        skip_invalid: bool = False,
        rejects_path: str | Path | None = None,
        columns: ColumnMap = DEFAULT_COLUMNS,
    ) -> None:
        self.leads_path = str(leads_path)
        self.columns = columns  # which keys hold the lead id and the event fields (spec 12)
        self.events_path = None if events_path is None else str(events_path)
        self.skip_invalid = skip_invalid
        self.rejects_path = None if rejects_path is None else str(rejects_path)
        self._leads_format = data_format(self.leads_path)
        self._events_format = None if self.events_path is None else data_format(self.events_path)
        self.progress_total: int | None = checked_size(self.leads_path)
        if self.events_path is not None:
            checked_size(self.events_path)
        self.progress_done = 0
        self.read = 0
        self.rejected = 0
        self.events_read = 0
        self.events_rejected = 0
        self._sink = RejectSink(skip_invalid, self.rejects_path)
        self.rejects: list[Rejected] = self._sink.kept
        self._records: Generator[LeadRecord, None, None] | None = None

    @property
    def reject_diagnostics(self) -> list[Diagnostic]:
        """Diagnostics of records rejected in skip mode when there is no rejects file."""
        return [rejected.diagnostic for rejected in self.rejects]

    def __iter__(self) -> Iterator[LeadRecord]:
        if self._records is not None:
            raise RuntimeError("a LeadReader reads its files once")
        self._records = self._read()
        return self._records

    def close(self) -> None:
        if self._records is not None:
            self._records.close()
        self._sink.close()

    def __enter__(self) -> LeadReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -------------------------------------------------------------- internals

    def _read(self) -> Generator[LeadRecord, None, None]:
        try:
            self.open_rejects()
            events = self._load_events()
            required = lead_columns(self.columns)
            for row in read_rows(self.leads_path, self._leads_format, required, self._consumed):
                self.read += 1
                try:
                    lead = self._lead(row, events)
                except RecordProblem as problem:
                    self.rejected += 1
                    self.reject(row.raw, problem)
                    continue
                yield LeadRecord(lead, row.raw.path, row.raw.line)
            self._report_orphans(events)
        finally:
            self._sink.close()

    def _consumed(self, nbytes: int) -> None:
        self.progress_done += nbytes

    def open_rejects(self) -> None:
        """Create the rejects file (skip mode with a path) before the first record."""
        self._sink.open()

    def _lead(self, row: Row, events: _EventTable) -> Lead:
        if self._leads_format == "jsonl" and self.events_path is None:  # the lead form
            return lead_from_object(row.content(), self.columns, self.read)
        fields = row.table_fields()
        lead_id = table_lead_id(fields, self.columns, self.read)
        joined = events.by_lead.get(lead_id, [])
        if joined:
            events.matched.add(lead_id)
        if lead_id in events.broken:
            raise broken_lead(lead_id, *events.broken[lead_id], self.columns)
        attributes = {
            name: value
            for name, value in fields.items()
            if (self.columns.numbered or name != self.columns.id) and value is not None
        }
        return assembled_lead(lead_id, attributes, [event for _, event in joined])

    def _load_events(self) -> _EventTable:
        """The whole events table, by lead id (it must fit in memory)."""
        table = _EventTable()
        if self.events_path is None or self._events_format is None:
            return table
        columns = self.columns
        for row in read_rows(
            self.events_path, self._events_format, event_columns(columns), no_progress
        ):
            self.events_read += 1
            lead_id: str | None = None
            try:
                fields = row.table_fields()
                lead_id = record_id(fields.get(columns.event_lead), columns.event_lead)
                event = event_from_row(fields, columns)
            except RecordProblem as problem:
                self.events_rejected += 1
                self.reject(row.raw, problem)
                lead_id = lead_id if lead_id is not None else readable_id(row, columns.event_lead)
                if lead_id is not None:
                    where = f"{row.raw.path}:{row.raw.line}"
                    table.broken.setdefault(lead_id, (problem.code, where))
                continue
            table.by_lead.setdefault(lead_id, []).append((row.raw.line, event))
        return table

    def _report_orphans(self, events: _EventTable) -> None:
        """SD507 for each event whose lead never came; a second pass finds their lines' text."""
        orphans = events.orphan_lines()
        if not orphans or self.events_path is None or self._events_format is None:
            return
        required = event_columns(self.columns)
        for row in read_rows(self.events_path, self._events_format, required, no_progress):
            lead_id = orphans.get(row.raw.line)
            if lead_id is None:
                continue
            self.events_rejected += 1
            self.reject(row.raw, unknown_lead(lead_id, self.leads_path, self.columns))

    def reject(self, raw: RawRecord, problem: RecordProblem) -> None:
        """Stop the run on a bad record, or (skip mode) set it aside and go on."""
        self._sink.reject(raw, problem)
