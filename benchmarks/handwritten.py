"""The benchmark's ceiling: run the hand-written DuckDB SQL for realistic_30.score.

    python benchmarks/handwritten.py LEADS.parquet EVENTS.parquet OUT.jsonl

Prints the checks' counts on stderr. See handwritten_realistic_30.sql.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from sqlglot import exp

SQL = Path(__file__).resolve().parent / "handwritten_realistic_30.sql"


def main(leads: str, events: str, out: str) -> None:
    paths = {name: exp.Literal.string(value).sql("duckdb") for name, value in
             (("leads", leads), ("events", events), ("out", out))}  # fmt: skip
    text = SQL.read_text(encoding="utf-8")
    for name, quoted in paths.items():
        text = text.replace("{" + name + "}", quoted)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    for statement in (part.strip() for part in text.split(";")):
        if not statement or all(line.startswith("--") for line in statement.splitlines()):
            continue
        cursor = con.execute(statement)
        if statement.lstrip("-\n ").upper().startswith("SELECT") or "\nSELECT\n" in statement:
            row = cursor.fetchone()
            names = [d[0] for d in cursor.description or ()]
            print(dict(zip(names, row or (), strict=False)), file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
