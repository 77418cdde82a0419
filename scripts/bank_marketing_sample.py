"""Copy the bank-marketing data with an `id` column (it has none), whole or as a sample.

    python scripts/bank_marketing_sample.py OUT.csv                # all 41,188 rows
    python scripts/bank_marketing_sample.py OUT.csv --rows 600     # the tests' sample

The id is `B<row>`, the row's 1-based position in the original file, so a sample's leads
can be found again in the whole. The source: ../shared/data/bank-marketing/README.md.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

DATA = Path("shared/data/bank-marketing/bank-additional-full.csv")


def default_source() -> Path:
    """`../shared/data/...` beside the repository (or beside a folder above it)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / DATA).is_file():
            return folder / DATA
    return Path("..") / DATA


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=None, help="a random sample of this size")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--source", type=Path, default=None)
    args = parser.parse_args()
    source = args.source or default_source()
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[f"B{i}", *row] for i, row in enumerate(reader, start=1)]
    if args.rows is not None:
        picked = sorted(random.Random(args.seed).sample(range(len(rows)), args.rows))
        rows = [rows[i] for i in picked]
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", *header])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
