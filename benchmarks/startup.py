"""How long the CLI takes to start: `import scoredsl.cli` and `scoredsl check` on the bundled
rulesets, each in a fresh process, against a bare `python -c pass` measured in the same run.

    .venv/bin/python benchmarks/startup.py [--repeats 7] [--baseline ../other-checkout]

Prints a Markdown table (medians of the repeats, runs of the three interleaved so load on
the machine hits them alike) and which heavy modules `import scoredsl.cli` loaded (none is
the goal: the engines, DuckDB, Arrow, numpy and sqlglot load when a command uses them).
With --baseline, `import scoredsl.cli` of that checkout (on PYTHONPATH) runs interleaved too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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


def _seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    # not from the checkout: `python -c` puts the current folder first on sys.path
    subprocess.run(command, cwd=tempfile.gettempdir(), capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def _heavy_loaded(env: dict[str, str] | None = None) -> list[str]:
    probe = (
        "import sys, scoredsl.cli; "
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    )
    command = [sys.executable, "-c", probe]
    out = subprocess.run(
        command, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True, env=env
    )
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout, e.g. of main")
    args = parser.parse_args()
    repeats, baseline = args.repeats, args.baseline
    other = None if baseline is None else {**os.environ, "PYTHONPATH": str(baseline.resolve())}
    label = f"import scoredsl.cli ({baseline})"
    times: dict[str, list[float]] = {name: [] for name in RUNS}
    for _ in range(repeats):
        for name, command in RUNS.items():
            times[name].append(_seconds(command))
        if other is not None:
            times.setdefault(label, []).append(_seconds(RUNS["import scoredsl.cli"], other))
    base = statistics.median(times["python -c pass"])
    print(f"| run | median of {repeats} (s) | minus bare Python (s) | ceiling (s) |")
    print("| --- | --- | --- | --- |")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        ceiling = "" if name == "python -c pass" else f"{CEILING_S:.2f}"
        print(f"| `{name}` | {median:.3f} | {median - base:.3f} | {ceiling} |")
    print(f"\nheavy modules `import scoredsl.cli` loads: {', '.join(_heavy_loaded()) or 'none'}")
    if other is not None:
        print(f"... and in {baseline}: {', '.join(_heavy_loaded(other)) or 'none'}")


if __name__ == "__main__":
    main()
