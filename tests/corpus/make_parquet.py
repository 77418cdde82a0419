"""Write the Parquet cases of the corpus (binary files, so the recipe lives here).

Run from anywhere: python tests/corpus/make_parquet.py
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent


def decimal_columns() -> None:
    """Issue 11 item 2: DECIMAL columns (warehouse money) compare as numbers."""
    money = pa.decimal128(10, 2)
    table = pa.table(
        {
            "id": ["D-1", "D-2", "D-3", "D-4"],
            "a": pa.array([Decimal("200.50"), Decimal("99.99"), None, Decimal("123.00")], money),
            "name": ["Acme", "acme inc", "Other", "x"],
        }
    )
    pq.write_table(table, HERE / "parquet_decimal" / "leads.parquet")


def odd_doubles() -> None:
    """Issue 11 item 3: NaN and infinities in a DOUBLE column, integer ids past 2**53."""
    table = pa.table(
        {
            "id": pa.array([9007199254740993, -1, 2**63 - 1, 0, 5], pa.int64()),
            "a": pa.array([float("nan"), float("inf"), float("-inf"), 123.0, 1e20], pa.float64()),
            "b": pa.array([True, None, False, True, None], pa.bool_()),
        }
    )
    pq.write_table(table, HERE / "parquet_odd_doubles" / "leads.parquet")


def timestamp_events() -> None:
    """Typed instants (spec 9: as they are, no zone is UTC) beside text ones, as a table."""
    leads = pa.table({"id": ["T-1", "T-2", "T-3"], "name": ["acme", None, "x"]})
    events = pa.table(
        {
            "lead_id": ["T-1", "T-1", "T-2", "T-3"],
            "type": ["page.visited"] * 4,
            "at": pa.array(
                [
                    datetime(2026, 10, 30, 12, 0),
                    datetime(2026, 1, 1),
                    datetime(2026, 10, 31, 23, 59, 59, 999999),
                    datetime(1, 1, 1),
                ],
                pa.timestamp("us"),
            ),
        }
    )
    folder = HERE / "parquet_timestamp_events"
    pq.write_table(leads, folder / "leads.parquet")
    pq.write_table(events, folder / "events.parquet")


def year_zero() -> None:
    """Issue 11 item 3: a DATE and a TIMESTAMP of year 0000 (DuckDB holds them, Python not)."""
    year_zero_days, year_zero_micros = -719_528, -62_167_219_200_000_000
    leads = pa.table(
        {
            "id": ["Y-1", "Y-2", "Y-3"],
            "d": pa.array([year_zero_days, 0, None], pa.date32()),
            "a": [123, 1, 5],
        }
    )
    events = pa.table(
        {
            "lead_id": ["Y-2", "Y-3", "Y-3"],
            "type": ["page.visited"] * 3,
            "at": pa.array([year_zero_micros, 1_793_000_000_000_000, 0], pa.timestamp("us")),
        }
    )
    folder = HERE / "parquet_year_zero"
    pq.write_table(leads, folder / "leads.parquet")
    pq.write_table(events, folder / "events.parquet")


def main() -> None:
    for make in (decimal_columns, odd_doubles, timestamp_events, year_zero):
        make()


if __name__ == "__main__":
    main()
