"""DuckDB writes its records itself (engines/lines.py, COPY): the bytes must be the Python
writers' (scoredsl/io/writers.py) for every value a record can hold, in every format.

Three levels: the SQL line builders against JsonlWriter/CsvWriter on random hostile values
(floats like 0.1+0.2 and -0.0, ids with quotes, commas, newlines, control characters and
unicode, dimension and tier names that need escaping); whole runs of both engines on the
property tests' random rulesets and leads; and the bundled examples and a generated pair
(tests/test_engines.py) through the CLI.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from sqlglot import exp
from strategies import AS_OF, SETTINGS, leads, ruleset_text
from test_engines import EXAMPLES, ROOT, generate_pair, score

import scoredsl
from scoredsl.engines import ScoreJob, engine
from scoredsl.engines.lines import csv_header, csv_line, jsonl_line
from scoredsl.io.writers import CsvWriter, JsonlWriter
from scoredsl.models import ScoreResult

EXAMPLES_N = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200"))
PROPERTY = settings(SETTINGS, max_examples=EXAMPLES_N)
RUNS = settings(SETTINGS, max_examples=max(10, EXAMPLES_N // 10))

HOSTILE_TEXT = st.text(
    st.one_of(
        st.sampled_from(list(",\"\\\n\r\t\b\f\x01\x1f\x7f \u2028\u00e9\U0001f600;'{}")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    min_size=1,
    max_size=12,
)
SPECIAL_FLOATS = [0.1 + 0.2, -0.0, 0.0, 1e16, 1e22, 1e-5, 5e-324, 18.0, -3.25, 1e15 + 0.3]
FLOATS = st.one_of(
    st.sampled_from(SPECIAL_FLOATS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(0, 2**64 - 1).map(lambda bits: struct.unpack("d", struct.pack("Q", bits))[0]),
).filter(lambda v: v == v and abs(v) != float("inf"))


def sql_lines(fmt: str, dimensions: list[str], rows: list[dict[str, Any]]) -> str:
    """The engine's SQL line builder over a table holding `rows`."""
    columns: dict[str, list[Any]] = {"lead_id": [], "score": [], "tier": []}
    columns |= {name: [] for name in dimensions}
    for row in rows:
        for name in columns:
            columns[name].append(row[name])
    con = duckdb.connect()
    types = {"lead_id": pa.string(), "score": pa.float64(), "tier": pa.string()}
    arrays = {n: pa.array(v, types.get(n, pa.float64())) for n, v in columns.items()}
    con.register("_scored", pa.table(arrays))
    lead_id = exp.column(exp.to_identifier("lead_id", quoted=True))
    build = csv_line if fmt == "csv" else jsonl_line
    query = exp.select(build(dimensions, lead_id)).from_("_scored").sql("duckdb")
    body = "".join(str(line) + "\n" for (line,) in con.execute(query).fetchall())
    return (csv_header(dimensions) if fmt == "csv" else "") + body


def python_lines(fmt: str, dimensions: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = CsvWriter(out, dimensions) if fmt == "csv" else JsonlWriter(out, dimensions)
    for row in rows:
        result = ScoreResult(
            lead_id=row["lead_id"],
            score=row["score"] + 0.0,
            scores={name: row[name] + 0.0 for name in dimensions},
            tier=row["tier"],
        )
        writer.write(result)
    writer.close()
    return out.getvalue()


@st.composite
def records(draw: st.DrawFn) -> tuple[list[str], list[dict[str, Any]]]:
    dimensions = draw(st.lists(HOSTILE_TEXT, max_size=3, unique=True))
    dimensions = [d for d in dimensions if d not in ("lead_id", "score", "tier")]
    row = st.fixed_dictionaries(
        {
            "lead_id": HOSTILE_TEXT,
            "score": FLOATS,
            "tier": st.none() | HOSTILE_TEXT,
            **{name: FLOATS for name in dimensions},
        }
    )
    return dimensions, draw(st.lists(row, min_size=1, max_size=6))


@PROPERTY
@given(case=records(), fmt=st.sampled_from(["jsonl", "csv"]))
def test_sql_lines_are_the_python_writers_bytes(
    case: tuple[list[str], list[dict[str, Any]]], fmt: str
) -> None:
    dimensions, rows = case
    assert sql_lines(fmt, dimensions, rows) == python_lines(fmt, dimensions, rows)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_floats_and_names_that_need_care(fmt: str) -> None:
    dimensions = ['fit "q"', "naïve\\dim", "tab\there"]
    rows = [
        {"lead_id": lead_id, "score": value, "tier": tier, **dict.fromkeys(dimensions, value)}
        for lead_id, value, tier in [
            ("L-1", 0.1 + 0.2, "hot"),
            ("L,2", -0.0, None),
            ('L"3\n', 1e22, 'qu"ote'),
            ("ünï😀\x01\x7f", 5e-324, "\u2028"),
        ]
    ]
    assert sql_lines(fmt, dimensions, rows) == python_lines(fmt, dimensions, rows)


def run_engine(name: str, rules: scoredsl.Ruleset, leads_path: Path, out: Path, fmt: str) -> bytes:
    job = ScoreJob(rules, leads_path, None, AS_OF, fmt, out, quiet=True)  # type: ignore[arg-type]
    engine(name, Console(file=io.StringIO())).run(job)  # type: ignore[arg-type]
    return out.read_bytes()


@RUNS
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4), ids=st.data())
def test_engines_write_the_same_bytes_on_random_rulesets_and_leads(
    text: str, batch: list[dict[str, Any]], ids: st.DataObject, tmp_path_factory: Any
) -> None:
    import json

    folder = tmp_path_factory.mktemp("records")
    for lead in batch:
        lead["id"] = ids.draw(HOSTILE_TEXT.filter(lambda s: s.strip()))
    leads_path = folder / "leads.jsonl"
    leads_path.write_text("".join(json.dumps(lead) + "\n" for lead in batch), encoding="utf-8")
    ruleset = scoredsl.loads(text)
    for fmt in ("jsonl", "csv"):
        expected = run_engine("python", ruleset, leads_path, folder / f"p.{fmt}", fmt)
        found = run_engine("duckdb", ruleset, leads_path, folder / f"d.{fmt}", fmt)
        assert found == expected, (fmt, text)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_files_written_by_both_engines_are_identical(fmt: str, tmp_path: Path) -> None:
    """Every bundled example and a generated pair, written to files in every format."""
    runs = [(ROOT / "rulesets" / f"{name}.score", args) for name, args in sorted(EXAMPLES.items())]
    leads_file, events_file = generate_pair(tmp_path, leads=500, events_per_lead=8)
    runs.append(
        (
            ROOT / "rulesets" / "event_led.score",
            ["--leads", str(leads_file), "--events", str(events_file)],
        )
    )
    for index, (rules, args) in enumerate(runs):
        outputs = []
        for name in ("python", "duckdb"):
            out = tmp_path / f"{index}-{name}.{fmt}"
            code, _, err = score(name, rules, *args, "--format", fmt, "-o", str(out))
            assert code == 0, err
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], rules.name


@pytest.mark.parametrize("kind", ["TIMESTAMPTZ", "TIMESTAMP"])
def test_an_infinite_time_in_parquet_is_a_bad_record_on_both_engines(
    kind: str, tmp_path: Path
) -> None:
    """DuckDB reads a Parquet time of int64's largest value as infinity, which has no epoch;
    Python cannot hold it: a bad record on both engines, in an attribute and in `at`."""
    leads, events = tmp_path / "leads.parquet", tmp_path / "events.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM (VALUES ('L-1', NULL::{kind}), ('L-2', 'infinity'::{kind}), "
        f"('L-3', '2026-01-02'::{kind})) t(id, seen)) TO '{leads}' (FORMAT parquet)"
    )
    con.execute(
        f"COPY (SELECT * FROM (VALUES ('L-1', 'page.visited', 'infinity'::{kind}), "
        f"('L-3', 'page.visited', '2026-10-01'::{kind})) t(lead_id, type, \"at\")) "
        f"TO '{events}' (FORMAT parquet)"
    )
    rules = tmp_path / "rules.score"
    rules.write_text("when page.visited add 1\n", encoding="utf-8")
    args = ["--leads", str(leads), "--events", str(events), "--skip-invalid"]
    expected = score("python", rules, *args)
    assert expected[0] == 0, expected[2]
    assert '"L-3"' in expected[1] and "L-1" not in expected[1] and "L-2" not in expected[1]
    assert score("duckdb", rules, *args) == expected


def test_the_events_are_never_copied(tmp_path: Path) -> None:
    """Issue 13: validation counts inside scans of the file; no table holds the events."""
    from scoredsl.engines.checks import InputLoader
    from scoredsl.engines.tables import connect
    from scoredsl.io.readers import LeadReader

    leads_file, events_file = generate_pair(tmp_path, leads=200, events_per_lead=10)
    con = connect()
    with LeadReader(leads_file, events_file) as reader:
        InputLoader(con, reader).load()
    assert reader.events_read > 1_000
    tables = con.execute("SELECT table_name, estimated_size FROM duckdb_tables()").fetchall()
    assert all(rows < reader.events_read for _, rows in tables), tables
    kinds = dict(con.execute("SELECT view_name, 'view' FROM duckdb_views()").fetchall())
    assert {"events", "_event_rows"} <= set(kinds)
