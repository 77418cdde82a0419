"""The Python reader and the single-lead API, before vs after (issue 13 item 2), in one run.

    python benchmarks/single_lead.py LEADS.jsonl [--repeats N]     # prints the markdown
    run.py calls section() and adds its table to results.md

"Before" is the code at BASELINE (main before the reader was reworked), unpacked from git
into a temp folder; "after" is this checkout. Each measurement is its own process with that
tree first on PYTHONPATH, before and after alternating, N times each; the table shows
medians, and the ratios come from this run only. Wall time is what a user waits; CPU time
(process_time) is shown beside it because the machines these run on are shared.

    read + validate      LeadReader over the JSON Lines lead form: every lead validated
    --engine python      `scoredsl score` end to end on the same file
    Ruleset.score(dict)  one 50-event lead a call (a lead dict, as an API caller passes it)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RULES = HERE / "rulesets" / "realistic_30.score"
AS_OF = "2026-11-01"
# main just before the reader rework: the io split (8639f65) came right after it.
BASELINE = "64ab35a"
LEAD_EVENTS = 50  # the single-lead target is for a lead of this many events
API_LEADS = 200  # distinct leads cycled through by the single-lead timing
API_CALLS = 4000
P50_CEILING_US = 70.0  # issue 13's target for Ruleset.score(dict) on a 50-event lead
READ_TARGET = 2.0  # issue 13: reading and validating at least this much faster


# ---------------------------------------------------------------- in the measured process


def _read(leads: str) -> dict[str, Any]:
    from scoredsl.io.readers import LeadReader

    wall, cpu = time.perf_counter(), time.process_time()
    count = events = 0
    with LeadReader(leads) as reader:
        for record in reader:
            count += 1
            events += len(record.lead.events)
    return _timed(wall, cpu) | {"leads": count, "events": events}


def _api(leads: str) -> dict[str, Any]:
    import scoredsl

    ruleset = scoredsl.load(RULES)
    sample = _fifty_event_leads(leads)
    if not sample:  # a toy-sized run may have none
        return {"p50_us": None, "p99_us": None, "leads": 0, "calls": 0}
    for lead in sample:  # warm: plans and caches built once, as in a long-lived service
        ruleset.score(lead, AS_OF)
    calls = []
    clock = time.perf_counter_ns
    for index in range(API_CALLS):
        lead = sample[index % len(sample)]
        start = clock()
        ruleset.score(lead, AS_OF)
        calls.append(clock() - start)
    calls.sort()
    return {
        "p50_us": calls[len(calls) // 2] / 1000,
        "p99_us": calls[int(len(calls) * 0.99)] / 1000,
        "leads": len(sample),
        "calls": len(calls),
    }


def _fifty_event_leads(leads: str) -> list[dict[str, Any]]:
    """Lead dicts with exactly LEAD_EVENTS events (longer ones cut), as json.loads gives them."""
    found = []
    with open(leads, encoding="utf-8") as handle:
        for line in handle:
            lead = json.loads(line)
            if len(lead.get("events") or []) >= LEAD_EVENTS:
                lead["events"] = lead["events"][:LEAD_EVENTS]
                found.append(lead)
                if len(found) == API_LEADS:
                    break
    return found


def _timed(wall: float, cpu: float) -> dict[str, float]:
    return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def worker(kind: str, leads: str) -> None:
    result = _read(leads) if kind == "read" else _api(leads)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # exit time is not part of any measurement


# ---------------------------------------------------------------- the driver


def baseline_tree(scratch: Path, baseline: str = BASELINE) -> Path | None:
    """The package as it was at `baseline`, unpacked into `scratch` (None without git)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", baseline, "scoredsl", "grammar"],
        cwd=ROOT,
        capture_output=True,
    )
    if archive.returncode != 0:
        return None
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree)}


def _run(tree: Path, kind: str, leads: Path) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "worker", kind, str(leads)]
    done = subprocess.run(argv, env=_env(tree), capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def _score(tree: Path, leads: Path, out: Path) -> dict[str, Any]:
    cli = "from scoredsl.cli import main; main()"
    argv = [sys.executable, "-c", cli, "score", str(RULES), "--leads", str(leads)]
    argv += ["--as-of", AS_OF, "-o", str(out), "-q"]
    wall, cpu = time.perf_counter(), os.times()
    # Run outside any checkout: `python -c` puts the working folder before PYTHONPATH.
    subprocess.run(argv, env=_env(tree), cwd=out.parent, check=True, capture_output=True)
    after = os.times()
    used = after.children_user + after.children_system - cpu.children_user - cpu.children_system
    return {"seconds": time.perf_counter() - wall, "cpu": used}


def measure(
    leads: Path, repeats: int, baseline: str = BASELINE
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{"before"|"after": {"read"|"score"|"api": [one result a run]}}, runs alternating."""
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        trees = {"after": ROOT}
        base = baseline_tree(Path(scratch) / "base", baseline)
        if base is not None:
            trees = {"before": base, **trees}
        out = Path(scratch) / "records.jsonl"
        for _ in range(repeats):
            for name, tree in trees.items():
                mine = runs.setdefault(name, {"read": [], "score": [], "api": []})
                mine["read"].append(_run(tree, "read", leads))
                mine["score"].append(_score(tree, leads, out))
                mine["api"].append(_run(tree, "api", leads))
    return runs


def _median(results: list[dict[str, Any]], key: str) -> float | None:
    values = [result[key] for result in results if result[key] is not None]
    return statistics.median(values) if values else None


def _ratio(before: float | None, after: float | None) -> str:
    return f"{before / after:.2f}x" if before and after else "—"


def _cell(value: float | None, digits: int, scale: float = 1.0) -> str:
    return f"{value * scale:.{digits}f}" if value is not None else "—"


def section(leads: Path, repeats: int, baseline: str = BASELINE) -> list[str]:
    """The markdown section for results.md."""
    runs = measure(leads, repeats, baseline)
    after, before = runs["after"], runs.get("before")
    events = after["read"][0]["events"]
    lines = [
        "## Python reader and single-lead API, before vs after (issue 13 item 2)",
        "",
        f"Before: commit `{baseline}`"
        + (" (main before the reader rework)" if baseline == BASELINE else "")
        + "; after: this checkout. "
        f"{len(after['read'])} runs each, alternating, medians; `{leads.name}` "
        f"({after['read'][0]['leads']:,} leads, {events:,} events, JSON Lines lead form).",
        "",
        "| measurement | before | after | before / after | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for kind, label, target in (
        ("read", "read + validate (LeadReader)", f">= {READ_TARGET:.0f}x faster"),
        ("score", "`scoredsl score --engine python`, end to end", ""),
    ):
        for key, unit in (("seconds", "wall"), ("cpu", "CPU")):
            now = _median(after[kind], key)
            then = _median(before[kind], key) if before else None
            cells = [
                f"{label}, {unit} µs per event",
                _cell(then, 2, 1e6 / events),
                _cell(now, 2, 1e6 / events),
                _ratio(then, now),
                target if unit == "wall" else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    for key, label in (("p50_us", "p50"), ("p99_us", "p99")):
        now = _median(after["api"], key)
        then = _median(before["api"], key) if before else None
        target = f"p50 < {P50_CEILING_US:.0f} µs" if key == "p50_us" else ""
        cells = [
            f"`Ruleset.score(dict)`, {LEAD_EVENTS}-event lead, {label} µs "
            f"({after['api'][0]['calls']:,} calls)",
            _cell(then, 1),
            _cell(now, 1),
            _ratio(then, now),
            target,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def main(argv: list[str]) -> None:
    if argv and argv[0] == "worker":
        worker(argv[1], argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("leads", type=Path, help="a JSON Lines lead-form file (generate.py)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement")
    parser.add_argument(
        "--baseline",
        default=BASELINE,
        help=f"the git revision measured as `before` (default {BASELINE}, main before the "
        "reader rework)",
    )
    args = parser.parse_args(argv)
    print("\n".join(section(args.leads, args.repeats, args.baseline)))


if __name__ == "__main__":
    main(sys.argv[1:])
