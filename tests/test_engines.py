"""`score --engine`: every engine writes the same bytes, messages, rejects and exit codes.

The Python engine is the reference; DuckDB must match it on every bundled example in every
output format, on bad data (with and without --skip-invalid) and on a generated
Parquet pair of leads and events (a small sample of the benchmark's 10M-event shape).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from engine_support import lead_form_lines
from helpers import DATA, EXAMPLES, ROOT, run

from scoredsl.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE
from scoredsl.engines import ScoreJob, choose
from scoredsl.ruleset import load


def score(engine: str, rules: Path, *args: str) -> tuple[int, str, str]:
    return run("score", str(rules), *args, "--as-of", "2026-11-01", "--engine", engine)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_duckdb_writes_the_python_engines_bytes(name: str, fmt: str) -> None:
    rules = ROOT / "rulesets" / f"{name}.score"
    expected = score("python", rules, *EXAMPLES[name], "--format", fmt)
    found = score("duckdb", rules, *EXAMPLES[name], "--format", fmt)
    assert expected[0] == EXIT_OK, expected[2]
    assert found == expected


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_parquet_output_holds_the_csv_columns(name: str, tmp_path: Path) -> None:
    rules = ROOT / "rulesets" / f"{name}.score"
    tables = []
    for engine in ("python", "duckdb"):
        out = tmp_path / f"{engine}.parquet"
        code, _, stderr = score(
            engine, rules, *EXAMPLES[name], "--format", "parquet", "-o", str(out)
        )
        assert code == EXIT_OK, stderr
        tables.append(pq.read_table(out))
    _, csv_text, _ = score("python", rules, *EXAMPLES[name], "--format", "csv")
    assert tables[0].column_names == csv_text.splitlines()[0].split(",")
    assert tables[0].to_pylist() == tables[1].to_pylist()
    assert tables[0].schema == tables[1].schema  # issue 11 item 14: `tier` nullable on both
    assert tables[1].schema.field("tier").nullable
    records = [json.loads(line) for line in score("python", rules, *EXAMPLES[name])[1].splitlines()]
    assert [row["lead_id"] for row in tables[0].to_pylist()] == [r["lead_id"] for r in records]


def test_parquet_needs_an_output_file() -> None:
    code, _, stderr = score(
        "python", ROOT / "rulesets" / "b2b_saas.score", *EXAMPLES["b2b_saas"], "--format", "parquet"
    )
    assert code == EXIT_USAGE
    assert "--format parquet needs --output" in stderr


RULES = """\
score fit { rule cto: when title == "CTO" add 10 }
score engagement {
  rule pricing: when page.visited where url contains "/pricing" add 15 max 40
  rule fresh: when email.* add 1 once within 30d
  decay 50% after 30d
}
tier hot when score >= 20
tier cold otherwise
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.score"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.mark.parametrize("skip", [False, True])
def test_bad_data_is_reported_alike(rules: Path, tmp_path: Path, skip: bool) -> None:
    leads = tmp_path / "leads.jsonl"
    leads.write_text("\n".join(lead_form_lines()) + "\n", encoding="utf-8")
    outcomes = []
    for engine in ("python", "duckdb"):
        rejects = tmp_path / f"{engine}-rejects.jsonl"
        extra = ["--skip-invalid", "--rejects", str(rejects)] if skip else []
        out = tmp_path / f"{engine}.jsonl"
        code, _, stderr = score(engine, rules, "--leads", str(leads), *extra, "-o", str(out))
        saved = rejects.read_text(encoding="utf-8") if skip else ""
        written = out.read_text(encoding="utf-8") if out.exists() else None
        outcomes.append((code, written, stderr.replace(str(rejects), "REJECTS"), saved))
    assert outcomes[0][0] == (EXIT_OK if skip else EXIT_DATA)
    assert (outcomes[0][1] is None) == (not skip)  # a stopped run writes no output file
    assert outcomes[1] == outcomes[0]


def test_skipped_records_without_a_rejects_file_are_listed_alike(
    rules: Path, tmp_path: Path
) -> None:
    leads = tmp_path / "leads.jsonl"
    leads.write_text("\n".join(lead_form_lines()) + "\n", encoding="utf-8")
    python = score("python", rules, "--leads", str(leads), "--skip-invalid")
    duckdb = score("duckdb", rules, "--leads", str(leads), "--skip-invalid")
    assert "skipped[SD" in python[2]
    assert duckdb == python


def generate_pair(
    folder: Path, leads: int, events_per_lead: int, seed: int = 7
) -> tuple[Path, Path]:
    """A Parquet leads/events pair shaped like the benchmark data (smaller)."""
    rng = random.Random(seed)
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    titles = ["CTO", "cto", "Intern", "VP Engineering", None]
    ids = [f"L-{i:06d}" for i in range(leads)]
    pq.write_table(
        pa.table({"id": ids, "title": [rng.choice(titles) for _ in ids]}),
        folder / "leads.parquet",
        row_group_size=max(1, leads // 3),
    )
    types = ["email.opened", "email.clicked", "page.visited", "form.submitted"]
    urls = ["/pricing", "/docs", "/blog/x", "/PRICING/enterprise", None]
    rows = {"lead_id": [], "type": [], "at": [], "url": []}  # type: dict[str, list[object]]
    for lead in ids:
        for _ in range(rng.randrange(events_per_lead * 2)):
            rows["lead_id"].append(lead)
            rows["type"].append(rng.choice(types))
            rows["at"].append((start + timedelta(minutes=rng.randrange(220_000))).isoformat())
            rows["url"].append(rng.choice(urls))
    pq.write_table(pa.table(rows), folder / "events.parquet", row_group_size=5_000)
    return folder / "leads.parquet", folder / "events.parquet"


def test_generated_parquet_pair(rules: Path, tmp_path: Path) -> None:
    leads, events = generate_pair(tmp_path, leads=2_000, events_per_lead=10)
    args = ["--leads", str(leads), "--events", str(events), "--quiet"]
    expected = score("python", rules, *args)
    assert expected[0] == EXIT_OK, expected[2]
    assert len(expected[1].splitlines()) == 2_000
    assert score("duckdb", rules, *args) == expected


def test_auto_picks_duckdb_for_tables_and_python_for_any_json_lines(tmp_path: Path) -> None:
    """Issue 11 item 13: DuckDB loads a JSON Lines file whole (7.3 GB for 1 GB), Python
    streams it, so `auto` never gives DuckDB a JSON Lines input, however big."""
    ruleset = load(ROOT / "rulesets" / "b2b_saas.score")
    as_of = datetime(2026, 11, 1, tzinfo=timezone.utc)

    def job(leads: Path, events: Path | None = None) -> ScoreJob:
        return ScoreJob(ruleset, leads, events, as_of, "jsonl", None)

    assert choose("auto", job(DATA / "b2b_leads.jsonl")) == "python"
    assert choose("auto", job(DATA / "event_leads.csv", DATA / "event_events.csv")) == "duckdb"
    assert choose("python", job(DATA / "event_leads.csv")) == "python"
    big = tmp_path / "big.jsonl"
    with big.open("wb") as handle:  # sparse: 64 MiB on paper, nothing on disk
        handle.truncate(64 * 1024 * 1024)
    assert choose("auto", job(big)) == "python"
    assert choose("auto", job(DATA / "event_leads.csv", big)) == "python"


def test_engines_add_contributions_left_to_right(tmp_path: Path) -> None:
    """1e15 + 0.3 - 1e15 is 0.25 in plain float addition (0.3 with Python 3.12's compensated
    sum()): every engine must add in rule order, or their totals differ in the last bit.
    (1e15 is the largest points SD411 allows.)"""
    rules = tmp_path / "order.score"
    rules.write_text(
        "when a == 1 add 1000000000000000\n"
        "when a == 1 add 0.3\n"
        "when a == 1 subtract 1000000000000000\n",
        encoding="utf-8",
    )
    leads = tmp_path / "leads.jsonl"
    leads.write_text('{"id": "L-1", "attributes": {"a": 1}}\n', encoding="utf-8")
    for engine in ("python", "duckdb"):
        code, stdout, stderr = score(engine, rules, "--leads", str(leads))
        assert code == EXIT_OK, stderr
        assert json.loads(stdout)["score"] == 0.25, engine
