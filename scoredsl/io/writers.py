"""Write result records (spec section 11) and rejected input records.

Writers never close the stream they were given (it may be stdout); `close` flushes.
A CSV stream should be opened with `newline=""`, as the csv module asks.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from ..models import ScoreResult

OutputFormat = Literal["jsonl", "csv"]

# The spec 11 example layout: {"lead_id": "L-1001", "score": 42.5, ...}
_SEPARATORS = (", ", ": ")


class RecordWriter(Protocol):
    """Where `score` sends one result record a lead, in input order."""

    def write(self, result: ScoreResult) -> None: ...

    def close(self) -> None: ...


def open_writer(
    fmt: OutputFormat, stream: TextIO, dimensions: Sequence[str], keep: Sequence[str] = ()
) -> RecordWriter:
    """A writer for `fmt`; `dimensions` are the named dimensions in declared order, `keep`
    the input columns copied after them (`--keep`)."""
    if fmt == "jsonl":
        return JsonlWriter(stream, dimensions)
    if fmt == "csv":
        return CsvWriter(stream, dimensions, keep)
    raise ValueError(f"unknown output format {fmt!r}: expected 'jsonl' or 'csv'")


class JsonlWriter:
    """One JSON object a line, keys in spec order: lead_id, score, scores, tier."""

    def __init__(self, stream: TextIO, dimensions: Sequence[str] = ()) -> None:
        self._stream = stream
        self._dimensions = tuple(dimensions)

    def write(self, result: ScoreResult) -> None:
        record = result.record()
        record["scores"] = _in_declared_order(result.scores, self._dimensions)
        self._stream.write(_RECORD_JSON.encode(record) + "\n")

    def close(self) -> None:
        self._stream.flush()


class CsvWriter:
    """Columns lead_id, score, <each dimension>, tier; an empty tier cell means none."""

    def __init__(self, stream: TextIO, dimensions: Sequence[str], keep: Sequence[str] = ()) -> None:
        self._stream = stream
        self._dimensions = tuple(dimensions)
        self._keep = tuple(keep)
        self._csv = csv.writer(stream, lineterminator="\n")
        # The header is written at once so that zero leads still give a well-formed file.
        self._csv.writerow(["lead_id", "score", *self._dimensions, "tier", *self._keep])

    def write(self, result: ScoreResult) -> None:
        missing = [name for name in self._dimensions if name not in result.scores]
        if missing:
            raise ValueError(f"result for lead {result.lead_id!r} has no score for {missing}")
        dimension_cells = [_number(result.scores[name]) for name in self._dimensions]
        tier = "" if result.tier is None else result.tier
        kept = [kept_text(result.kept.get(name)) or "" for name in self._keep]
        self._csv.writerow([result.lead_id, _number(result.score), *dimension_cells, tier, *kept])

    def close(self) -> None:
        self._stream.flush()


def _number(value: float) -> str:
    """`18.0` stays `18.0` (str of a float), matching the JSON output."""
    return str(float(value))


def kept_text(value: object) -> str | None:
    """A kept input value as a CSV, Parquet or table cell: text as is, others as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=json_default)


def _in_declared_order(scores: dict[str, float], dimensions: Sequence[str]) -> dict[str, float]:
    """Scores keyed in declared dimension order, so every run writes the same bytes."""
    ordered = {name: scores[name] for name in dimensions if name in scores}
    ordered.update((name, value) for name, value in scores.items() if name not in ordered)
    return ordered


# ---------------------------------------------------------------- rejects


class RejectsWriter:
    """Rejected input records as JSON Lines, one object each, so they can be fixed and re-run.

    Each line is {"file", "line", "code", "reason", "record"}, where record is the raw line
    text (JSON Lines, CSV) or the row as an object (Parquet).
    """

    def __init__(self, stream: TextIO, *, owns_stream: bool = False) -> None:
        self._stream = stream
        self._owns_stream = owns_stream
        self._closed = False

    @classmethod
    def to_path(cls, path: str | Path) -> RejectsWriter:
        """A writer that creates (or truncates) `path` and closes it when done."""
        stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        return cls(stream, owns_stream=True)

    def write(self, file: str, line: int, code: str, reason: str, record: object) -> None:
        entry = {"file": file, "line": line, "code": code, "reason": reason, "record": record}
        self._stream.write(json.dumps(entry, ensure_ascii=False, default=json_default) + "\n")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._owns_stream:
            self._stream.close()
        else:
            self._stream.flush()


def json_default(value: object) -> Any:
    """JSON for the values a Parquet row can hold that json cannot: instants, decimals, bytes."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


# One encoder for every record: json.dumps with options builds a new one per call. Kept
# input values (`--keep`) may be instants or decimals from Parquet, hence the default.
_RECORD_JSON = json.JSONEncoder(separators=_SEPARATORS, ensure_ascii=False, default=json_default)
