"""Hostile lead data (issue 11, items 10 and 11) through both engines: the same records,
the same diagnostics and the same exit code, never an internal error.

Each case writes its files, then runs `score` with --engine python and --engine duckdb,
stopping at the first bad record and in --skip-invalid mode.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from scoredsl.cli import EXIT_DATA, EXIT_OK, app

RULES = """\
when e add 1 within 1d
when n > 5 add 2
when nothing is missing add 4
"""
AS_OF = "1970-01-01T23:59:59.999999Z"  # the 1d window of a -1.5 microsecond event (below)

Case = Callable[[Path], list[str]]  # writes the files; returns --leads/--events arguments


def jsonl(name: str, *lines: str) -> Case:
    def write(folder: Path) -> list[str]:
        (folder / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return ["--leads", str(folder / name)]

    return write


def at(instant: str) -> str:
    return json.dumps({"id": "odd", "events": [{"type": "e", "at": instant}]})


OK = '{"id": "ok", "attributes": {"n": 6}}'


def parquet_events(tz: str | None) -> Case:
    def write(folder: Path) -> list[str]:
        pq.write_table(pa.table({"id": ["a", "b"]}), folder / "ids.parquet")
        # -1,500 ns is 23:59:59.9999985 on 1969-12-31: cut to .999998, rounding gives .999999.
        instants = pa.array([-1500, 86_399_999_999_999], type=pa.timestamp("ns", tz))
        events = pa.table({"lead_id": ["a", "b"], "type": ["e", "e"], "at": instants})
        pq.write_table(events, folder / "events.parquet")
        return ["--leads", str(folder / "ids.parquet"), "--events", str(folder / "events.parquet")]

    return write


def parquet_null_column(folder: Path) -> list[str]:
    table = pa.table({"id": ["a", "b"], "n": [6, 1], "nothing": pa.nulls(2)})
    pq.write_table(table, folder / "leads.parquet")
    return ["--leads", str(folder / "leads.parquet")]


def latin1_csv(folder: Path) -> list[str]:
    (folder / "leads.csv").write_bytes("id,n\na,6\nb,caf\xe9\nc,7\n".encode("latin-1"))
    return ["--leads", str(folder / "leads.csv")]


def big_lead(folder: Path) -> list[str]:
    """One lead past DuckDB's default 16 MiB JSON object size (it reads up to twice that)."""
    lead = {"id": "big", "attributes": {"n": 6, "padding": "x" * (33 * 1024 * 1024)}}
    (folder / "leads.jsonl").write_text(json.dumps(lead) + "\n" + OK + "\n", encoding="utf-8")
    return ["--leads", str(folder / "leads.jsonl")]


CASES: dict[str, Case] = {
    "at-before-year-1-in-utc": jsonl("l.jsonl", OK, at("0001-01-01T00:00:00+01:00")),
    "at-after-year-9999-in-utc": jsonl("l.jsonl", OK, at("9999-12-31T23:59:59-01:00")),
    "at-first-instant": jsonl("l.jsonl", OK, at("0001-01-01T00:00:00Z")),
    "at-last-instant": jsonl("l.jsonl", OK, at("9999-12-31T23:59:59.999999Z")),
    "5000-digit-number": jsonl(
        "l.jsonl", OK, '{"id": "x", "attributes": {"n": 9' + "9" * 4999 + "}}"
    ),
    "5000-digit-id": jsonl("l.jsonl", OK, '{"id": 1' + "0" * 4999 + "}"),
    "4300-digit-number": jsonl("l.jsonl", '{"id": "x", "attributes": {"n": ' + "9" * 4300 + "}}"),
    "deeply-nested": jsonl(
        "l.jsonl", OK, '{"id": "x", "attributes": {"v": ' + "[" * 5000 + "]" * 5000 + "}}"
    ),
    "nested-64": jsonl(
        "l.jsonl", OK, '{"id": "x", "attributes": {"v": ' + "[" * 62 + "]" * 62 + "}}"
    ),
    "many-flat-arrays": jsonl(
        "l.jsonl", '{"id": "x", "attributes": {"v": [' + ", ".join(["[]"] * 100) + "]}}"
    ),
    "lone-surrogate-id": jsonl("l.jsonl", OK, '{"id": "a\\ud800"}'),
    "lone-surrogate-attribute": jsonl("l.jsonl", OK, '{"id": "a", "attributes": {"t": "\\udfff"}}'),
    "surrogate-pair": jsonl("l.jsonl", '{"id": "\\ud83d\\ude00", "attributes": {"n": 6}}'),
    "parquet-timestamp-ns": parquet_events(None),
    "parquet-timestamp-ns-utc": parquet_events("UTC"),
    "parquet-null-column": parquet_null_column,
    "latin-1-csv": latin1_csv,
}


def score(folder: Path, args: list[str], engine: str, skip: bool) -> tuple[int, str, str]:
    rules = folder / "r.score"
    rules.write_text(RULES, encoding="utf-8")
    extra = ["--skip-invalid"] if skip else []
    command = ["score", str(rules), *args, "--as-of", AS_OF, "--engine", engine, *extra]
    result = CliRunner().invoke(app, command)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("skip", [False, True], ids=["stop", "skip"])
@pytest.mark.parametrize("name", list(CASES))
def test_both_engines_agree_on_hostile_data(tmp_path: Path, name: str, skip: bool) -> None:
    args = CASES[name](tmp_path)
    python = score(tmp_path, args, "python", skip)
    duckdb = score(tmp_path, args, "duckdb", skip)
    assert python[0] in (EXIT_OK, EXIT_DATA), python[2]
    assert duckdb[0] == python[0], duckdb[2]
    assert diagnostics(duckdb[2]) == diagnostics(python[2])
    if skip or python[0] == EXIT_OK:  # stopping early, Python has printed earlier records
        assert duckdb[1] == python[1]


def diagnostics(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "[SD" in line]


def records(stdout: str) -> dict[str, float]:
    return {r["lead_id"]: r["score"] for r in map(json.loads, stdout.splitlines())}


@pytest.mark.parametrize(
    ("name", "expected", "code"),
    [
        ("at-before-year-1-in-utc", "SD506", EXIT_DATA),
        ("5000-digit-number", "SD501", EXIT_DATA),
        ("deeply-nested", "SD502", EXIT_DATA),
        ("lone-surrogate-id", "SD501", EXIT_DATA),
        ("latin-1-csv", "SD508", EXIT_DATA),
        ("nested-64", None, EXIT_OK),
        ("4300-digit-number", None, EXIT_OK),
        ("surrogate-pair", None, EXIT_OK),
    ],
)
def test_what_each_engine_says(tmp_path: Path, name: str, expected: str | None, code: int) -> None:
    code_found, _, stderr = score(tmp_path, CASES[name](tmp_path), "python", False)
    assert code_found == code
    if expected is not None:
        assert f"error[{expected}]" in stderr


def test_nanosecond_instants_are_cut_to_microseconds(tmp_path: Path) -> None:
    for engine in ("python", "duckdb"):
        _, stdout, _ = score(tmp_path, parquet_events("UTC")(tmp_path), engine, False)
        # a at .999998 is 1d + 1us old: outside `within 1d`; b is exactly 1d old: inside
        # (and neither has `nothing`: 4 points each).
        assert records(stdout) == {"a": 4.0, "b": 5.0}


def test_an_arrow_null_column_is_absent_everywhere(tmp_path: Path) -> None:
    for engine in ("python", "duckdb"):
        _, stdout, _ = score(tmp_path, parquet_null_column(tmp_path), engine, False)
        assert records(stdout) == {"a": 6.0, "b": 4.0}


def test_a_lead_over_16_mib_scores_on_both_engines(tmp_path: Path) -> None:
    args = big_lead(tmp_path)
    for engine in ("python", "duckdb"):
        code, stdout, stderr = score(tmp_path, args, engine, False)
        assert code == EXIT_OK, stderr
        assert records(stdout) == {"big": 6.0, "ok": 6.0}


def test_a_thousand_rules_score_on_duckdb_as_on_python(tmp_path: Path) -> None:
    # DuckDB nests expressions at most 1,000 deep: the sum of 1,001 contributions is split
    # over CTEs, still added left to right, so the floats match Python's to the last bit.
    rules = tmp_path / "many.score"
    rules.write_text(
        "".join(f"when a >= {i} add 0.{i % 9 + 1}\n" for i in range(1001)), encoding="utf-8"
    )
    leads = tmp_path / "leads.jsonl"
    leads.write_text(
        "".join(
            json.dumps({"id": f"L-{n}", "attributes": {"a": n}}) + "\n" for n in (0, 500, 1000)
        ),
        encoding="utf-8",
    )
    outputs = []
    for engine in ("python", "duckdb"):
        command = ["score", str(rules), "--leads", str(leads), "--engine", engine, "-q"]
        result = CliRunner().invoke(app, command)
        assert result.exit_code == EXIT_OK, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert records(outputs[0])["L-0"] == 0.1
