"""Real CRM exports from the command line (issue 10): the column options, `--keep`,
`--stats`, the tier distribution and a table that never cuts a lead id, alike on every
engine. Data: tests/data/exports/ (a made-up export) and the bank-marketing data set."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import assert_golden, run

from scoredsl.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "exports"
GOLDEN = HERE / "golden" / "exports"
# The shared real data sits beside the repository (as CI lays it out), or at /work/shared.
BANK = next(
    (
        root / "data" / "bank-marketing" / "bank-additional-full.csv"
        for root in (HERE.parent.parent / "shared", Path("/work/shared"))
        if (root / "data" / "bank-marketing").is_dir()
    ),
    Path("/work/shared/data/bank-marketing/bank-additional-full.csv"),
)
RULES = DATA / "export.score"
EXPORT_OPTIONS = [
    "--id-column",
    "Prospect ID",
    "--events-lead-column",
    "Contact ID",
    "--events-type-column",
    "Event Type",
    "--events-at-column",
    "Timestamp",
]
ENGINES = ["python", "duckdb"]


def score_export(*extra: str | Path) -> tuple[int, str, str]:
    return run(
        "score",
        RULES,
        "--leads",
        DATA / "Leads.csv",
        "--events",
        DATA / "Events.csv",
        "--as-of",
        "2026-11-01",
        *EXPORT_OPTIONS,
        *extra,
    )


def renamed_copy(source: Path, target: Path, names: dict[str, str]) -> Path:
    header, rest = source.read_text(encoding="utf-8").split("\n", 1)
    target.write_text(
        ",".join(names.get(c, c) for c in header.split(",")) + "\n" + rest, encoding="utf-8"
    )
    return target


@pytest.mark.parametrize("engine", ENGINES)
def test_an_export_scores_with_the_column_options_as_its_renamed_copy(
    engine: str, tmp_path: Path
) -> None:
    leads = renamed_copy(DATA / "Leads.csv", tmp_path / "leads.csv", {"Prospect ID": "id"})
    events = renamed_copy(
        DATA / "Events.csv",
        tmp_path / "events.csv",
        {"Contact ID": "lead_id", "Event Type": "type", "Timestamp": "at"},
    )
    code, out, err = score_export("--engine", engine)
    assert (code, err.splitlines()[0]) == (EXIT_OK, "read 4 leads: 4 scored, 0 rejected")
    args = ["score", RULES, "--leads", leads, "--events", events, "--as-of", "2026-11-01"]
    assert run(*args, "--engine", engine)[1] == out
    first = json.loads(out.splitlines()[0])
    assert first["lead_id"] == "7962b3c8-2b6a-4b41-bbe3-a3a1c5ab0001"
    assert first["score"] == 40.0


@pytest.mark.parametrize("engine", ENGINES)
def test_the_raw_export_scores_exactly_as_its_hand_cleaned_copy(engine: str) -> None:
    """Issue 10's promise: `Prospect ID` as the id, backtick and mapped names, `missing
    [Select]` (any case) and Yes/No spellings read the raw file as the cleaned copy reads."""
    raw = run(
        "score", DATA / "crm_raw.score", "--leads", DATA / "crm_raw.csv",
        "--id-column", "Prospect ID", "--as-of", "2026-11-01", "--engine", engine,
    )  # fmt: skip
    cleaned = run(
        "score", DATA / "crm_cleaned.score", "--leads", DATA / "crm_cleaned.csv",
        "--as-of", "2026-11-01", "--engine", engine,
    )  # fmt: skip
    assert raw[0] == cleaned[0] == EXIT_OK, raw[2]
    assert raw[1] == cleaned[1]
    scores = {r["lead_id"]: r["score"] for r in map(json.loads, raw[1].splitlines())}
    # p-001: Google 10 + engaged 15 + replied 5, and `Select` is no specialisation
    # p-002: do not email (Yes) -20 + specialised 5 + replied 5; p-005: `select` is missing too
    assert (scores["p-001"], scores["p-002"], scores["p-005"]) == (30.0, -10.0, 0.0)


def test_the_summary_gives_the_tier_distribution_on_every_engine() -> None:
    for engine in ENGINES:
        code, _, err = score_export("--engine", engine)
        assert code == EXIT_OK
        assert err.splitlines()[1] == "hot 1 (25.0%) · warm 2 (50.0%) · cold 1 (25.0%)"


def test_the_summary_counts_parquet_written_by_duckdb(tmp_path: Path) -> None:
    out = tmp_path / "scores.parquet"
    code, _, err = score_export("--engine", "duckdb", "--format", "parquet", "-o", out)
    assert code == EXIT_OK
    assert "hot 1 (25.0%) · warm 2 (50.0%) · cold 1 (25.0%)" in err


def test_stats_count_the_leads_each_rule_fired_for_alike_on_every_engine() -> None:
    outputs = [score_export("--engine", engine, "--stats")[2] for engine in ENGINES]
    assert outputs[0] == outputs[1]
    assert_golden(outputs[0], GOLDEN / "stats.txt")


def test_a_missing_id_column_names_the_option(tmp_path: Path) -> None:
    code, _, err = run("score", RULES, "--leads", DATA / "Leads.csv", "--id-column", "Prospect Id")
    assert code == EXIT_DATA
    assert "error[SD509]" in err and "has no `Prospect Id` column" in err
    assert "did you mean `Prospect ID`?" in err


# ---------------------------------------------------------------- --keep


def test_keep_copies_columns_after_the_spec_11_fields() -> None:
    code, out, _ = score_export("--keep", "Lead Number,Prospect ID,country")
    assert code == EXIT_OK
    records = [json.loads(line) for line in out.splitlines()]
    assert list(records[0]) == [
        "lead_id",
        "score",
        "scores",
        "tier",
        "Lead Number",
        "Prospect ID",
        "country",
    ]
    assert records[0]["Lead Number"] == "660737"
    assert records[0]["Prospect ID"] == records[0]["lead_id"]
    assert records[2]["country"] is None  # an empty cell is no value


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_keep_writes_the_same_bytes_on_every_engine(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    outputs = [
        score_export("--engine", e, "--keep", "Lead Number", "--format", fmt)[1] for e in ENGINES
    ]
    assert outputs[0] == outputs[1]
    assert "660737" in outputs[0]


def test_keep_in_csv_and_parquet_is_a_text_column(tmp_path: Path) -> None:
    _, out, _ = score_export("--keep", "Lead Number", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["lead_id", "score", "fit", "engagement", "tier", "Lead Number"]
    tables = []
    for engine in ENGINES:
        path = tmp_path / f"{engine}.parquet"
        args = ("--engine", engine, "--keep", "Lead Number,country", "--format", "parquet")
        assert score_export(*args, "-o", path)[0] == EXIT_OK
        tables.append(pq.read_table(path))
    assert tables[0].equals(tables[1])
    assert tables[0].column("Lead Number").to_pylist()[0] == "660737"
    assert tables[0].column("country").to_pylist()[2] is None


def test_keep_of_a_missing_column_says_which(tmp_path: Path) -> None:
    code, _, err = score_export("--keep", "Lead Numbr")
    assert code == EXIT_DATA
    assert "has no `Lead Numbr` column" in err and "did you mean `Lead Number`?" in err


def test_keep_cannot_shadow_a_record_field() -> None:
    code, _, err = score_export("--keep", "fit")
    assert code == EXIT_USAGE
    assert "--keep cannot copy `fit`" in err


def test_keep_reads_the_lead_form_and_json_values(tmp_path: Path) -> None:
    leads = tmp_path / "leads.jsonl"
    rows = [
        {"id": "A", "attributes": {"title": "CTO", "crm": {"key": 5}}},
        {"id": "B", "attributes": {"crm": None}},
    ]
    leads.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outputs = [
        run(
            "score",
            RULES,
            "--leads",
            leads,
            "--engine",
            e,
            "--keep",
            "crm",
            "--as-of",
            "2026-11-01",
        )
        for e in ENGINES
    ]
    assert outputs[0][1] == outputs[1][1]
    assert [json.loads(line)["crm"] for line in outputs[0][1].splitlines()] == [{"key": 5}, None]


# ---------------------------------------------------------------- --format table


def test_a_table_too_wide_leaves_out_columns_but_never_cuts_an_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = score_export("--format", "table", "--keep", "Lead Number")
    assert code == EXIT_OK
    assert out.count("7962b3c8-2b6a-4b41-bbe3-a3a1c5ab000") == 4  # every id whole
    assert_golden(out, GOLDEN / "table_80.txt")


def test_a_table_that_fits_shows_every_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = score_export("--format", "table", "--keep", "Lead Number")
    assert "not shown" not in out
    assert_golden(out, GOLDEN / "table_120.txt")


def test_an_id_wider_than_the_screen_is_still_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    _, out, _ = score_export("--format", "table")
    assert out.count("7962b3c8-2b6a-4b41-bbe3-a3a1c5ab000") == 4


# ---------------------------------------------------------------- help


def test_help_shows_no_bool_metavar_and_the_column_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run("score", "--help")
    assert code == EXIT_OK
    assert "<bool>" not in out
    for option in ("--id-column", "--events-lead-column", "--keep", "--stats"):
        assert option in out
    assert "spec section" not in out


# ---------------------------------------------------------------- the bank-marketing data


@pytest.mark.skipif(not BANK.exists(), reason="the shared bank-marketing data is not here")
def test_bank_marketing_scores_as_is_with_row_numbers_on_both_engines() -> None:
    outputs = []
    for engine in ENGINES:
        code, out, err = run(
            "score",
            DATA / "bank.score",
            "--leads",
            BANK,
            "--id-column",
            "@row",
            "--engine",
            engine,
            "--as-of",
            "2026-11-01",
            "--stats",
        )
        assert code == EXIT_OK, err
        outputs.append((out, err))
    assert outputs[0] == outputs[1]
    out, err = outputs[0]
    lines = out.splitlines()
    assert len(lines) == 41_188
    assert json.loads(lines[0])["lead_id"] == "1" and json.loads(lines[-1])["lead_id"] == "41188"
    assert err.splitlines()[0] == "read 41188 leads: 41188 scored, 0 rejected"


# ---------------------------------------------------------------- explain


def test_explain_finds_a_lead_by_a_mapped_id_and_shows_the_clamped_total(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "clamped.score"
    rules.write_text(
        'ruleset "clamped"\nschema { attribute title: string }\n'
        'rule intern: when title == "Intern" subtract 10\nrange 0..100\n',
        encoding="utf-8",
    )
    args = ["explain", rules, "--leads", DATA / "Leads.csv", "--id-column", "Prospect ID"]
    code, out, err = run(*args, "--lead", "7962b3c8-2b6a-4b41-bbe3-a3a1c5ab0004")
    assert code == EXIT_OK, err
    assert "total: -10 → 0 (range 0..100)" in out
    code, out, _ = run(*args, "--lead", "7962b3c8-2b6a-4b41-bbe3-a3a1c5ab0001")
    assert "total: 0 (range 0..100)" in out  # nothing clamped: one number
