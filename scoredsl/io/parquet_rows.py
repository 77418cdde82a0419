"""Parquet files: one Row a table row, read a batch at a time; nulls are absent values and
instants are cut to the microseconds Python holds."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .headers import check_columns
from .problems import BAD_TIMESTAMP, RecordProblem
from .records import RawRecord, Required, Row, file_error, open_binary

_BATCH_ROWS = 4096


def parquet_rows(path: str, required: Required, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a Parquet row, a batch at a time; nulls are absent values."""
    handle = open_binary(path)
    try:
        parquet = pq.ParquetFile(handle)
    except (OSError, pa.ArrowException) as exc:
        handle.close()
        raise file_error(path, f"not a readable Parquet file ({exc})") from None
    with handle, parquet:
        check_columns(path, None, list(parquet.schema_arrow.names), required)
        size, total = os.path.getsize(path), max(1, int(parquet.metadata.num_rows))
        number = done = 0
        try:
            for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
                for row in _batch_rows(_in_microseconds(batch)):
                    number += 1
                    progress = size * number // total
                    consumed(progress - done)
                    done = progress
                    yield parquet_row(path, number, row)
        except pa.ArrowException as exc:
            raise file_error(path, f"Parquet read failed at row {number + 1} ({exc})") from None


def _batch_rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any] | pa.RecordBatch]:
    """A batch's rows as dicts; a row Python cannot hold (a DATE of year 0000) stays Arrow."""
    try:
        yield from batch.to_pylist()
    except (ValueError, OverflowError):
        for index in range(batch.num_rows):
            one = batch.slice(index, 1)
            try:
                yield one.to_pylist()[0]
            except (ValueError, OverflowError):
                yield one


def parquet_row(path: str, number: int, row: dict[str, Any] | pa.RecordBatch) -> Row:
    if isinstance(row, dict):
        return Row(RawRecord(path, number, None, row), row)
    shown: dict[str, Any] = {}
    bad = ""
    for name, column in zip(row.schema.names, row.columns, strict=True):
        try:
            shown[name] = column[0].as_py()
        except (ValueError, OverflowError):
            shown[name] = column.cast(pa.string())[0].as_py()
            bad = bad or name
    problem = RecordProblem(
        BAD_TIMESTAMP,
        f"{bad}: {shown[bad]} is outside the years 0001 to 9999",
        help="write instants from 0001-01-01 to 9999-12-31 (spec 9)",
        loc=(bad,),
    )
    # The fields stay readable (as text), so a bad event still names its lead (readers.LeadReader).
    return Row(RawRecord(path, number, None, shown), shown, problem)


def _in_microseconds(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Nanosecond timestamps and times cut (floored) to microseconds, which is all Python's
    datetime holds; spec 9 cuts fractions to microseconds, never rounding up."""
    columns = list(batch.columns)
    changed = False
    for index, column in enumerate(columns):
        kind = column.type
        if pa.types.is_timestamp(kind) and kind.unit == "ns":
            floored = pc.floor_temporal(column, unit="microsecond")
            columns[index] = floored.cast(pa.timestamp("us", kind.tz))
            changed = True
        elif pa.types.is_time64(kind) and kind.unit == "ns":
            floored = pc.floor_temporal(column, unit="microsecond")
            columns[index] = floored.cast(pa.time64("us"))
            changed = True
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names) if changed else batch
