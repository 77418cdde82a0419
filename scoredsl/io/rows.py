"""Every record of a data file as a Row, whatever its format."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..extras import require
from .csv_rows import csv_rows
from .jsonl import jsonl_rows
from .records import DataFormat, Required, Row


def read_rows(
    path: str, fmt: DataFormat, required: Required, consumed: Callable[[int], None]
) -> Iterator[Row]:
    """Each record of a data file as a Row, in file order (the engines scan through this too,
    so a record means the same to every engine); `consumed` is told the bytes read."""
    if fmt == "jsonl":
        return jsonl_rows(path, consumed)
    if fmt == "csv":
        return csv_rows(path, required, consumed)
    require("parquet", "reading Parquet")
    from .parquet_rows import parquet_rows  # Arrow is the `parquet` extra: loaded when used

    return parquet_rows(path, required, consumed)
