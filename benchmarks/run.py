"""The benchmark: one command, one run, every engine, a markdown table of results and ratios.

    python benchmarks/run.py                     # full: 200k leads x ~50 events = ~10M events
    BENCH_SCALE=0.01 python benchmarks/run.py    # a quick run at 1% of the sizes

Each measurement runs in its own process (peak RSS is that process's, from os.wait4),
N times; the table shows the median wall time. Ratios compare engines from THIS run only.
Rows for engines that are not installed (DuckDB, Spark) say why instead of a number.

Engines are a registry (ENGINES): a row is added by naming the command that scores the
dataset; `scoredsl score --engine NAME` rows appear as soon as that option exists.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import single_lead  # noqa: E402
from generate import AS_OF_TEXT, SHIFT_DAYS, Sizes, cached, more_events, replicated  # noqa: E402

REALISTIC = HERE / "rulesets" / "realistic_30.score"
LARGE = HERE / "rulesets" / "large_1000.score"
WORKER = HERE / "worker.py"
PEAK = HERE / "peak.py"
HANDWRITTEN = HERE / "handwritten.py"
SCALES = (2, 5)  # the DuckDB scale rows beside 1x: the main data repeated, ids suffixed
EVENT_COPIES = (2, 5)  # the events-per-lead rows beside 1x: the same leads, k x their events
CLI = "from scoredsl.cli import main; main()"


# ---------------------------------------------------------------- plan of a run


@dataclass(frozen=True)
class Plan:
    """The sizes of one run, all derived from the scale (1.0 = the full benchmark)."""

    scale: float
    repeats: int
    slow_repeats: int
    data: Path

    @property
    def leads(self) -> int:
        return max(50, round(200_000 * self.scale))

    @property
    def sample_leads(self) -> int:
        """Leads scored by the naive interpreter (it is slow) and, on the same leads, compiled."""
        return min(self.leads, max(50, round(4_000 * self.scale)))

    @property
    def stream_leads(self) -> tuple[int, int]:
        """The two sizes of the constant-memory check (few events a lead, many leads)."""
        return max(100, round(100_000 * self.scale)), max(1_000, round(1_000_000 * self.scale))


@dataclass
class Measure:
    """One row: the runs of one engine on one input."""

    engine: str
    mode: str
    input: str
    leads: int = 0
    events: int = 0
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    digest: str | None = None
    note: str = ""
    output: Path | None = None  # the records written by the last run

    @property
    def wall(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def rate(self) -> float | None:
        wall = self.wall
        return self.events / wall if wall else None

    @property
    def peak_rss(self) -> float | None:
        return max(self.rss_mb) if self.rss_mb else None


# ---------------------------------------------------------------- running one process


def run_process(argv: list[str], stdout_path: Path | None = None) -> tuple[float, float, str]:
    """Run argv; returns (wall seconds, its own peak RSS in MB, stdout). Raises on failure.

    The command runs under peak.py, a tiny launcher, because a child's ru_maxrss also
    counts the process it was forked from (this one, which may hold data).
    """
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak.json"
        launch = [sys.executable, "-S", str(PEAK), str(peak_file), *argv]
        with open(stdout_path or Path(scratch) / "stdout", "wb") as out:
            start = time.perf_counter()
            proc = subprocess.run(launch, stdout=out, stderr=subprocess.PIPE)
            wall = time.perf_counter() - start
        if proc.returncode != 0:
            tail = proc.stderr.decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {tail}")
        peak = json.loads(peak_file.read_text())
        stdout = "" if stdout_path else (Path(scratch) / "stdout").read_text()
    return wall, peak["maxrss_kb"] / 1024, stdout


def failure_line(message: str) -> str:
    """The last line of a failed command's stderr, short enough for a table cell."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    last = errors[-1] if errors else lines[-1] if lines else message
    return last.replace("|", "/")[:160]


def differing_records(left: Path, right: Path) -> int:
    """How many records (lines) differ between two JSON Lines outputs."""
    with open(left, encoding="utf-8") as a, open(right, encoding="utf-8") as b:
        return sum(1 for x, y in itertools.zip_longest(a, b) if x != y)


def differing_values(left: Path, right: Path) -> int:
    """How many records differ in value (any JSON layout): lead id, tier, scores to 0.01."""

    def key(line: str | None) -> tuple[object, ...]:
        if line is None:
            return ()
        record = json.loads(line)
        scores = tuple(round(v, 2) for v in record["scores"].values())
        return (record["lead_id"], round(record["score"], 2), scores, record["tier"])

    with open(left, encoding="utf-8") as a, open(right, encoding="utf-8") as b:
        return sum(1 for x, y in itertools.zip_longest(a, b) if key(x) != key(y))


def agreement(rows: list[Measure], by_value: frozenset[str] = frozenset()) -> list[str]:
    """One line per engine: does it write the records `--engine python` writes? (Rows in
    `by_value` write their own JSON layout: they are compared by value.)"""
    base = rows[0]
    lines = []
    for m in rows[1:]:
        if base.output is None or m.output is None:
            continue
        if m.engine in by_value:
            differ = differing_values(base.output, m.output)
            what = (
                "same values (its own JSON layout)"
                if differ == 0
                else (f"{differ:,} of {m.leads:,} records differ in value (its own JSON layout)")
            )
            lines.append(f"- {m.engine} vs {base.engine}: {what}")
            continue
        differ = differing_records(base.output, m.output)
        verdict = "identical" if differ == 0 else f"**{differ:,} of {m.leads:,} records differ**"
        lines.append(f"- {m.engine} vs {base.engine}: {verdict}")
    return lines


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- the engine registry


@dataclass(frozen=True)
class Dataset:
    folder: Path
    leads: int
    events: int

    @property
    def jsonl(self) -> Path:
        return self.folder / "leads.jsonl"


@dataclass(frozen=True)
class Engine:
    """A way to score a dataset from its files, end to end, as a user runs it."""

    name: str
    input: str
    command: Callable[[Dataset, Path], list[str]]
    missing: Callable[[], str | None]  # None when runnable, else why not
    slow: bool = False  # runs `slow_repeats` times (minutes a run at full scale)
    same_bytes: bool = True  # False: its own JSON layout, so records are compared as values
    mode: str = "end to end, `scoredsl score`"


def cli_score(engine: str, *inputs: str) -> Callable[[Dataset, Path], list[str]]:
    def command(data: Dataset, out: Path) -> list[str]:
        files: list[str] = []
        for flag, name in zip(("--leads", "--events"), inputs, strict=False):
            files += [flag, str(data.folder / name)]
        chosen = ["--engine", engine] if _has_engine_option() else []
        rules = [str(REALISTIC), *files, "--as-of", AS_OF_TEXT, *chosen]
        return [sys.executable, "-c", CLI, "score", *rules, "-o", str(out), "-q"]

    return command


@functools.cache
def _has_engine_option() -> bool:
    result = subprocess.run(
        [sys.executable, "-c", CLI, "score", "--help"], capture_output=True, text=True
    )
    return "--engine" in result.stdout


def handwritten(data: Dataset, out: Path) -> list[str]:
    files = [str(data.folder / "leads.parquet"), str(data.folder / "events.parquet")]
    return [sys.executable, str(HANDWRITTEN), *files, str(out)]


def needs(module: str, java: bool = False) -> Callable[[], str | None]:
    def missing() -> str | None:
        if not _has_engine_option():
            return "not yet available: `scoredsl score` has no --engine option on this branch"
        if importlib.util.find_spec(module) is None:
            return f"not available: the `{module}` package is not installed"
        if java and shutil.which("java") is None:
            return "not available: no `java` on PATH"
        return None

    return missing


def always() -> str | None:
    return None


ENGINES = [
    Engine(
        "compiled Python (`--engine python`)",
        "JSON Lines",
        cli_score("python", "leads.jsonl"),
        always,
        slow=True,
    ),
    Engine(
        "DuckDB (`--engine duckdb`)",
        "Parquet pair",
        cli_score("duckdb", "leads.parquet", "events.parquet"),
        needs("duckdb"),
    ),
    Engine(
        "hand-written DuckDB SQL (ceiling)",
        "Parquet pair",
        handwritten,
        needs("duckdb"),
        same_bytes=False,
        mode="end to end, the same checks as counts",
    ),
    Engine(
        "Spark local (`--engine spark`)",
        "Parquet pair",
        cli_score("spark", "leads.parquet", "events.parquet"),
        needs("pyspark", java=True),
        slow=True,
    ),
]


# ---------------------------------------------------------------- the measurements


def worker(*args: str) -> list[str]:
    return [sys.executable, str(WORKER), *args]


def repeat_worker(measure: Measure, argv: list[str], repeats: int) -> Measure:
    for _ in range(repeats):
        wall, rss, stdout = run_process(argv)
        result = json.loads(stdout)
        measure.seconds.append(result["seconds"])
        measure.rss_mb.append(rss)
        measure.leads, measure.events = result["leads"], result["events"]
        measure.digest = result.get("digest")
    return measure


def in_process(plan: Plan, sample: Path) -> list[Measure]:
    """Naive vs compiled on the same leads: in memory (scoring only) and end to end."""
    rows = []
    for mode, label in (("memory", "scoring only, leads in memory"), ("stream", "end to end")):
        for engine, name in (("naive", "naive interpreter"), ("compiled", "compiled Python")):
            measure = Measure(f"{name} (`{engine}`)", label, "JSON Lines sample")
            argv = worker(mode, engine, str(REALISTIC), str(sample), AS_OF_TEXT)
            rows.append(repeat_worker(measure, argv, plan.repeats))
            progress(rows[-1])
    return rows


def end_to_end(plan: Plan, data: Dataset, out_dir: Path) -> list[Measure]:
    rows = []
    for engine in ENGINES:
        measure = Measure(engine.name, engine.mode, engine.input)
        measure.leads, measure.events = data.leads, data.events
        reason = engine.missing()
        if reason is not None:
            measure.note = reason
            rows.append(measure)
            progress(measure)
            continue
        out = out_dir / f"out-{len(rows)}.jsonl"
        repeats = plan.slow_repeats if engine.slow else plan.repeats
        rows.append(measure_engine(engine, data, engine.mode, repeats, out))
    return rows


def measure_engine(engine: Engine, data: Dataset, mode: str, repeats: int, out: Path) -> Measure:
    """`repeats` runs of one engine on one dataset (a failure becomes the row's note)."""
    measure = Measure(engine.name, mode, engine.input)
    measure.leads, measure.events = data.leads, data.events
    try:  # one engine failing must not lose the other rows
        for _ in range(repeats):
            wall, rss, _ = run_process(engine.command(data, out))
            measure.seconds.append(wall)
            measure.rss_mb.append(rss)
        measure.digest, measure.output = file_digest(out), out
    except RuntimeError as exc:
        measure.seconds, measure.rss_mb = [], []
        measure.note = "FAILED: " + failure_line(str(exc))
    progress(measure)
    return measure


def scale_rows(plan: Plan, data: Dataset, duckdb_row: Measure) -> list[Measure]:
    """DuckDB on 1x (the engines' row), 2x and 5x the data: time linear, memory flat."""
    engine = next(e for e in ENGINES if e.name == duckdb_row.engine)
    rows = [duckdb_row]
    if duckdb_row.note:
        return rows
    for copies in SCALES:
        folder = plan.data / f"main-{plan.leads}-x{copies}"
        manifest = replicated(folder, data.folder, copies)
        scaled = Dataset(folder, manifest["leads"], manifest["events"])
        out = folder / "out.jsonl"
        rows.append(measure_engine(engine, scaled, f"scale {copies}x", plan.repeats, out))
    return rows


def events_per_lead_rows(plan: Plan, data: Dataset, firsts: list[Measure]) -> list[Measure]:
    """DuckDB and its hand-written ceiling on the same leads with 1x (the engines' rows),
    2x and 5x their events (`generate.more_events`): time linear, memory flat."""
    rows = list(firsts)
    engines = [next(e for e in ENGINES if e.name == m.engine) for m in firsts if not m.note]
    for copies in EVENT_COPIES:
        if not engines:
            break
        folder = plan.data / f"main-{plan.leads}-e{copies}"
        manifest = more_events(folder, data.folder, copies)
        more = Dataset(folder, manifest["leads"], manifest["events"])
        for number, engine in enumerate(engines):
            out = folder / f"out-{number}.jsonl"
            mode = f"{copies}x events per lead"
            rows.append(measure_engine(engine, more, mode, plan.repeats, out))
    return rows


def per_lead_lines(rows: list[Measure]) -> list[str]:
    """Ratio rows of the events-per-lead section: each engine at its largest vs its 1x."""
    lines = []
    for first in rows[:2]:
        last = [m for m in rows if m.engine == first.engine][-1]
        if last is first or first.note or last.note:
            continue
        name = "DuckDB" if first.engine.startswith("DuckDB") else "hand-written DuckDB SQL"
        times = last.events / max(1, first.events)
        lines += [
            f"| {name} wall time, {last.mode} / 1x | {ratio(last.wall, first.wall)} | "
            f"linear (<= ~{times:.0f}x) |",
            f"| {name} peak RSS, {last.mode} / 1x | {growth(first.peak_rss, last.peak_rss)} "
            "| flat (~1.0x) |",
        ]
    return lines


def per_lead_agreement(rows: list[Measure]) -> list[str]:
    """DuckDB vs its ceiling on each events-per-lead dataset, by value (as in the engines)."""
    lines = []
    for mode in dict.fromkeys(m.mode for m in rows[2:]):
        pair = [m for m in rows if m.mode == mode]
        if len(pair) != 2 or pair[0].output is None or pair[1].output is None:
            continue
        differ = differing_values(pair[0].output, pair[1].output)
        verdict = "same values" if differ == 0 else f"**{differ:,} records differ in value**"
        lines.append(f"- {mode}: {pair[1].engine} vs {pair[0].engine}: {verdict}")
    return lines


def streaming_memory(plan: Plan) -> list[Measure]:
    """Peak RSS of `scoredsl score` on JSON Lines at two sizes: flat means constant memory."""
    rows = []
    for leads in plan.stream_leads:
        folder = plan.data / f"stream-{leads}"
        manifest = cached(folder, Sizes(leads, 5), seed=13, tables=False)
        data = Dataset(folder, manifest["leads"], manifest["events"])
        measure = Measure("compiled Python (`--engine python`)", "streaming", "JSON Lines")
        measure.leads, measure.events = data.leads, data.events
        wall, rss, _ = run_process(cli_score("python", "leads.jsonl")(data, Path(os.devnull)))
        measure.seconds.append(wall)
        measure.rss_mb.append(rss)
        rows.append(measure)
        progress(measure)
    return rows


def progress(measure: Measure) -> None:
    wall = f"{measure.wall:.2f}s" if measure.wall is not None else measure.note
    print(f"  {measure.engine} [{measure.mode}]: {wall}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the report


def revision() -> str:
    """The git commit the run measured, and whether the work tree had changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown (not a git checkout)"
    dirty = git(
        "status", "--porcelain", "--untracked-files=no", "--", "*.py", "rulesets", "../scoredsl"
    )
    return f"{head} with uncommitted changes" if dirty else head


def fmt_rate(value: float | None) -> str:
    return f"{value:,.0f}" if value else "—"


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_mb(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "—"


def ratio(fast: float | None, slow: float | None) -> str:
    return f"{fast / slow:.1f}x" if fast and slow else "—"


def growth(small: float | None, large: float | None) -> str:
    """A peak RSS ratio with both numbers: `1.30x (381 MB -> 494 MB)`."""
    if not small or not large:
        return "—"
    return f"{large / small:.2f}x ({fmt_mb(small)} MB -> {fmt_mb(large)} MB)"


def table(rows: list[Measure]) -> list[str]:
    lines = [
        "| engine | mode | input | leads | events | runs | wall s (median) | events/s | peak RSS MB | records |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for m in rows:
        records = m.digest or ""
        if m.note:
            lines.append(
                f"| {m.engine} | {m.mode} | {m.input} | {m.leads:,} | {m.events:,} | 0 | {m.note} | | | |"
            )
            continue
        lines.append(
            f"| {m.engine} | {m.mode} | {m.input} | {m.leads:,} | {m.events:,} | {len(m.seconds)} | "
            f"{fmt_seconds(m.wall)} | {fmt_rate(m.rate)} | {fmt_mb(m.peak_rss)} | `{records}` |"
        )
    return lines


def report(
    plan: Plan, rows: dict[str, list[Measure]], compile_row: dict[str, float], argv: str
) -> str:
    naive_mem, compiled_mem, naive_e2e, compiled_e2e = rows["sample"]
    python_full, duckdb, hand, spark = rows["full"]
    scale = rows["scale"]
    biggest = scale[-1]
    small, large = rows["stream"]
    agree_sample = len({m.digest for m in rows["sample"]}) == 1
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{argv}` (scale {plan.scale}; each run in its own process; the `runs` column "
        "says how many runs each median is of).",
        f"Code: commit {revision()}.",
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}. Ruleset: `benchmarks/rulesets/realistic_30.score` "
        f"(30 rules), as_of {AS_OF_TEXT}.",
        "",
        "## Engines",
        "",
        *table(rows["sample"] + rows["full"]),
        "",
        "`records` is a hash of the JSON Lines output: equal hashes mean byte-identical records.",
        f"Naive and compiled write identical records on the sample: {'yes' if agree_sample else 'NO'}.",
        *agreement(rows["full"], frozenset(e.name for e in ENGINES if not e.same_bytes)),
        "",
        "## Ratios (this run)",
        "",
        "| comparison | ratio | target |",
        "| --- | ---: | --- |",
        f"| compiled / naive, scoring only (same leads in memory) | {ratio(compiled_mem.rate, naive_mem.rate)} | >= 10x |",
        f"| compiled / naive, end to end (same JSON Lines file) | {ratio(compiled_e2e.rate, naive_e2e.rate)} | |",
        f"| DuckDB / compiled Python, end to end on {python_full.events:,} events | {ratio(duckdb.rate, python_full.rate)} | >= 30x |",
        f"| DuckDB / hand-written DuckDB SQL, end to end wall time | {ratio(duckdb.wall, hand.wall)} | <= 1.5x |",
        f"| DuckDB / hand-written DuckDB SQL, peak RSS | {ratio(duckdb.peak_rss, hand.peak_rss)} | < 2x |",
        f"| hand-written DuckDB SQL / compiled Python, end to end | {ratio(hand.rate, python_full.rate)} | |",
        f"| Spark local / compiled Python, end to end | {ratio(spark.rate, python_full.rate)} | |",
        f"| DuckDB wall time, {biggest.events:,} / {duckdb.events:,} events | "
        f"{ratio(biggest.wall, duckdb.wall)} | linear (~{biggest.events / max(1, duckdb.events):.0f}x) |",
        f"| DuckDB peak RSS, {biggest.events:,} / {duckdb.events:,} events | "
        f"{ratio(biggest.peak_rss, duckdb.peak_rss)} | flat (~1.0x) |",
        *per_lead_lines(rows["per_lead"]),
        f"| streaming peak RSS, {large.leads:,} / {small.leads:,} leads | "
        f"{(large.peak_rss or 0) / (small.peak_rss or 1):.2f} "
        f"({fmt_mb(small.peak_rss)} MB -> {fmt_mb(large.peak_rss)} MB) | flat (~1.0) |",
        "",
        "## Scale (DuckDB on 1x, 2x and 5x the data, Parquet pair)",
        "",
        *table(scale),
        "",
        "2x and 5x repeat the main data with each copy's ids suffixed (`generate.replicated`):",
        "more leads means more per-lead state, for the hand-written query too.",
        "",
        "## Events per lead (DuckDB and its ceiling: the same leads, 1x, 2x and 5x their events)",
        "",
        *table(rows["per_lead"]),
        "",
        "2x and 5x hold the same leads and their events 2 and 5 times, each copy "
        f"{SHIFT_DAYS} days older than the one before (`generate.more_events`), so leads",
        "and per-lead results stay as many while the events grow. The copies follow one",
        "another, so a lead's events sit in k places of the file, as in a log kept in time",
        "order: each thread's hash table then holds a lead's partial state once per place",
        "(DuckDB's aggregate, the hand-written query's too). The records of the two rows are",
        "compared by value, as in the engines' section:",
        *per_lead_agreement(rows["per_lead"]),
        "",
        "## Streaming memory (JSON Lines through the Python engine)",
        "",
        *table(rows["stream"]),
        "",
        "## Parse + check + compile",
        "",
        "| ruleset | rules | first load s (builds the parser) | median s of the next loads |",
        "| --- | ---: | ---: | ---: |",
        f"| `benchmarks/rulesets/large_1000.score` | {compile_row['rules']:.0f} | "
        f"{compile_row['first']:.3f} | {compile_row['seconds']:.3f} |",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def parse_args(argv: list[str]) -> tuple[Plan, Path]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1.0")),
        help="size factor: 1.0 = 200k leads x ~50 events (default: $BENCH_SCALE or 1.0)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=int(os.environ.get("BENCH_REPEATS", "3")),
        help="runs per measurement; the table shows the median (default: $BENCH_REPEATS or 3)",
    )
    parser.add_argument(
        "--slow-repeats",
        type=int,
        default=int(os.environ.get("BENCH_SLOW_REPEATS", "0")) or None,
        help="runs of the slow rows (Python and Spark on the full data; default: --repeats)",
    )
    parser.add_argument(
        "--data", type=Path, default=HERE / "data", help="where generated data is cached"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="the results file")
    args = parser.parse_args(argv)
    slow = args.slow_repeats or args.repeats
    return Plan(args.scale, args.repeats, slow, args.data), args.out


def sample_file(data: Dataset, leads: int, folder: Path) -> Path:
    """The first `leads` lines of the dataset's JSON Lines file."""
    path = folder / f"sample-{leads}.jsonl"
    with open(data.jsonl, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        for number, line in enumerate(source):
            if number == leads:
                break
            out.write(line)
    return path


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    plan, out = parse_args(args)
    say(f"benchmark at scale {plan.scale}: generating data in {plan.data} (cached)")
    folder = plan.data / f"main-{plan.leads}"
    manifest = cached(folder, Sizes(plan.leads, 50), seed=7)
    data = Dataset(folder, manifest["leads"], manifest["events"])
    sample = sample_file(data, plan.sample_leads, folder)
    rows: dict[str, list[Measure]] = {}
    say(f"naive vs compiled on {plan.sample_leads:,} leads")
    rows["sample"] = in_process(plan, sample)
    say(f"engines end to end on {data.leads:,} leads, {data.events:,} events")
    rows["full"] = end_to_end(plan, data, folder)
    say("DuckDB at 1x, 2x and 5x the data")
    rows["scale"] = scale_rows(plan, data, rows["full"][1])
    say("DuckDB and the hand-written query at 1x, 2x and 5x the events per lead")
    rows["per_lead"] = events_per_lead_rows(plan, data, rows["full"][1:3])
    say("streaming memory")
    rows["stream"] = streaming_memory(plan)
    say("parse + check + compile of 1,000 rules")
    _, _, stdout = run_process(worker("compile", str(LARGE), str(max(3, plan.repeats))))
    say(f"Python reader and Ruleset.score, before vs after, on {plan.sample_leads:,} leads")
    reader_rows = single_lead.section(sample, plan.repeats)
    command = "make bench" if not args else "python benchmarks/run.py " + " ".join(args)
    text = report(plan, rows, json.loads(stdout), os.environ.get("BENCH_COMMAND", command))
    text += "\n" + "\n".join(reader_rows)  # a blank line between the sections
    out.write_text(text)
    say(f"wrote {out}")
    print(text)


if __name__ == "__main__":
    main()
