"""How long the CLI takes to start: `import scoredsl.cli` and `scoredsl check` on the bundled
rulesets, each in a fresh process, against a bare `python -c pass` measured in the same run.

    .venv/bin/python benchmarks/startup.py [--repeats 7]

Prints a Markdown table (medians of the repeats, runs of the three interleaved so load on
the machine hits them alike) and which heavy modules `import scoredsl.cli` loaded (none is
the goal: the engines, DuckDB, Arrow, numpy and sqlglot load when a command uses them).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULESETS = [str(p) for p in sorted((ROOT / "rulesets").glob("*.score"))]
HEAVY = ("pyarrow", "duckdb", "numpy", "sqlglot", "sklearn", "pandas")
CEILING_S = 0.60  # hand-written: `scoredsl check` should start in well under a second
RUNS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import scoredsl.cli": [sys.executable, "-c", "import scoredsl.cli"],
    "scoredsl check rulesets/*.score": [
        sys.executable,
        "-c",
        "from scoredsl.cli import main; main()",
        "check",
        *RULESETS,
    ],
}


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - start


def _heavy_loaded() -> list[str]:
    probe = (
        "import sys, scoredsl.cli; "
        f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    times: dict[str, list[float]] = {name: [] for name in RUNS}
    for _ in range(repeats):
        for name, command in RUNS.items():
            times[name].append(_seconds(command))
    base = statistics.median(times["python -c pass"])
    print(f"| run | median of {repeats} (s) | minus bare Python (s) | ceiling (s) |")
    print("| --- | --- | --- | --- |")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        ceiling = "" if name == "python -c pass" else f"{CEILING_S:.2f}"
        print(f"| `{name}` | {median:.3f} | {median - base:.3f} | {ceiling} |")
    heavy = _heavy_loaded()
    print(f"\nheavy modules loaded by `import scoredsl.cli`: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
