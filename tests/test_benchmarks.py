"""The benchmark pipeline runs end to end at a toy scale, so it cannot rot.

Only the shape of the report is checked (and that the engines' records agree), never a
timing: timings belong in benchmarks/results.md, not in assertions.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (?P<engine>[^|]+) \| (?P<mode>[^|]+) \| (?P<input>[^|]+) \| (?P<rest>.*)\|$")


def test_benchmark_runs_at_toy_scale_and_writes_a_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--scale",
        "0.0001",  # 50 leads
        "--repeats",
        "1",
        "--data",
        str(tmp_path / "data"),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    rows = [m for line in text.splitlines() if (m := ROW.match(line))]
    engines = {m["engine"].strip() for m in rows}
    assert {"naive interpreter (`naive`)", "compiled Python (`compiled`)"} <= engines
    assert "compiled Python (`--engine python`)" in engines
    measured = [m for m in rows if m["engine"].startswith(("naive", "compiled"))]
    for row in measured:
        cells = [c.strip() for c in row["rest"].split("|")]
        leads, events, runs, wall, rate, rss = cells[:6]
        assert int(leads.replace(",", "")) > 0 and int(runs) == 1, row.group(0)
        assert float(wall) > 0 and float(rate.replace(",", "")) > 0, row.group(0)
        assert float(rss.replace(",", "")) > 0, row.group(0)
    assert "Naive and compiled write identical records on the sample: yes" in text
    assert re.search(r"\| compiled / naive, scoring only .* \| \d+\.\dx \|", text)
    assert re.search(r"\| `benchmarks/rulesets/large_1000.score` \| 1000 \|", text)
    # Issue 13: the hand-written ceiling, its ratios, and DuckDB at 1x, 2x and 5x.
    assert "hand-written DuckDB SQL (ceiling)" in engines
    assert {"scale 2x", "scale 5x"} <= {m["mode"].strip() for m in rows}
    wall = r"\| DuckDB / hand-written DuckDB SQL, end to end wall time \| \d+\.\dx \| <= 1.5x \|"
    assert re.search(wall, text)
    assert re.search(r"\| DuckDB / hand-written DuckDB SQL, peak RSS \| \d+\.\dx \| < 2x \|", text)
    assert "- hand-written DuckDB SQL (ceiling) vs compiled Python (`--engine python`): " in text
    # DuckDB and its ceiling on the same leads with 2x and 5x their events, compared by value.
    per_lead = [m for m in rows if m["mode"].strip().endswith("x events per lead")]
    assert {(m["engine"].strip(), m["mode"].strip()) for m in per_lead} == {
        (engine, f"{k}x events per lead")
        for engine in ("DuckDB (`--engine duckdb`)", "hand-written DuckDB SQL (ceiling)")
        for k in (2, 5)
    }
    for name in ("DuckDB", "hand-written DuckDB SQL"):
        memory = rf"\| {name} peak RSS, 5x events per lead / 1x \| \d+\.\d\dx \(.* MB\) \|"
        assert re.search(memory, text)
    assert "- 5x events per lead: hand-written DuckDB SQL (ceiling) vs DuckDB" in text
