"""Write the Parquet cases of the corpus (binary files, so the recipe lives here).

Run from anywhere: python tests/corpus/make_parquet.py
"""

from __future__ import annotations

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


def main() -> None:
    for make in (decimal_columns,):
        make()


if __name__ == "__main__":
    main()
