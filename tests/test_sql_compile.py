"""`scoredsl compile`: golden SQL per dialect for the bundled rulesets, parsed back by
sqlglot in its own dialect; the DuckDB one runs and gives the Python evaluator's records.
Hostile strings and names stay data (escaped by construction).

Run with UPDATE_GOLDEN=1 to rewrite the golden SQL after an intended change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from duck_tables import json_tables, text_leads, text_tables
from helpers import ROOT, assert_golden
from sqlglot import exp
from test_golden import GOLDEN
from typer.testing import CliRunner

import scoredsl
from scoredsl.cli import app
from scoredsl.io.readers import LeadReader
from scoredsl.models import ScoreResult
from scoredsl.sql import InputSchema, compile_program, nodes, to_sql
from scoredsl.sql.command import Dialect, compile_sql
from scoredsl.sql.compiler import exact_sum
from scoredsl.sql.schema import referenced_paths
from scoredsl.timeutil import parse_instant

AS_OF = parse_instant("2026-11-01")
RULESETS = {
    "b2b_saas": ("b2b_leads.jsonl", None),
    "ecommerce": ("shoppers.jsonl", None),
    "event_led": ("event_leads.csv", "event_events.csv"),
}
runner = CliRunner()


def bundled(name: str) -> scoredsl.Ruleset:
    return scoredsl.load(ROOT / "rulesets" / f"{name}.score")


def bundled_leads(name: str) -> list[dict[str, Any]]:
    leads, events = RULESETS[name]
    data = ROOT / "rulesets" / "data"
    reader = LeadReader(data / leads, None if events is None else data / events)
    with reader:
        return [json.loads(record.lead.model_dump_json()) for record in reader]


def records(ruleset: scoredsl.Ruleset, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    names = ruleset.dimensions
    return [
        ScoreResult(
            lead_id=row[0],
            score=row[1],
            scores=dict(zip(names, row[2 : 2 + len(names)], strict=True)),
            tier=row[-1],
        ).record()
        for row in rows
    ]


@pytest.mark.parametrize("dialect", [d.value for d in Dialect])
@pytest.mark.parametrize("name", sorted(RULESETS))
def test_compiled_sql_is_golden_and_parses_back(name: str, dialect: str) -> None:
    sql = compile_sql(bundled(name).program, Dialect(dialect), as_of=None)
    assert_golden(sql, GOLDEN / "sql" / f"{name}.{dialect}.sql")
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert isinstance(parsed, exp.Select)
    assert [s.alias_or_name for s in parsed.selects][:2] == ["lead_id", "score"]


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_golden_duckdb_sql_scores_like_python(name: str) -> None:
    """The warehouse SQL (text columns named by dotted paths) on the bundled data."""
    ruleset = bundled(name)
    leads = text_leads(bundled_leads(name))
    con = duckdb.connect()
    text_tables(con, leads)
    lead_paths, event_paths = referenced_paths(ruleset.program)
    add_missing_columns(con, "leads", lead_paths)
    add_missing_columns(con, "events", event_paths)
    sql = (GOLDEN / "sql" / f"{name}.duckdb.sql").read_text(encoding="utf-8")
    rows = con.execute(sql, {"as_of": "2026-11-01 00:00:00"}).fetchall()
    expected = [ruleset.score(lead, AS_OF).record() for lead in leads]
    assert records(ruleset, rows) == expected
    assert len({r["tier"] for r in expected}) > 1  # the data exercises several tiers


def add_missing_columns(con: Any, table: str, columns: list[str]) -> None:
    have = {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
    for column in columns:
        if column not in have:
            name = exp.to_identifier(column, quoted=True).sql("duckdb")
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN {name} VARCHAR')


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_bundled_rulesets_on_typed_json_columns(name: str) -> None:
    ruleset = bundled(name)
    leads = bundled_leads(name)
    con = duckdb.connect()
    json_tables(con, leads)
    schema = InputSchema.from_duckdb(con)
    sql = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF))
    expected = [ruleset.score(lead, AS_OF).record() for lead in leads]
    assert records(ruleset, con.execute(sql).fetchall()) == expected


# ---------------------------------------------------------------- hostile text

HOSTILE = [
    "'); DROP TABLE leads; --",
    'quote " and \\" backslash \\\\',
    "it's",
    "naïve Straße ΣΊΣΥΦΟΣ ꭰ İstanbul ﬁnance 日本",
    "$as_of :as_of @as_of %(as_of)s ? {{ x }}",
    "tab\tnew\nline",
]
HOSTILE_RULES = """
ruleset "it's \\"hostile\\"" version "1'0"
let words = ["'); DROP TABLE leads; --", "it's", "naïve straße σίσυφος"]
rule "Robert'); DROP TABLE rules;--": when title in words add 5
rule r2: when title == "quote \\" and \\\\\\" backslash \\\\\\\\" add 7
rule r3: when title contains "STRASSE" add 11
rule r4: when title starts with "$as_of" add 13 max 20
rule r5: when title matches "^it's$" add 17
rule r6: when page.visited where `weird` == "x" add 1
score "select" { when odd-name.with-dash == "'" add 19 }
tier "'; DELETE FROM t; --" when score >= 20
tier "it's cold" otherwise
"""


def test_hostile_strings_stay_data() -> None:
    text = HOSTILE_RULES.replace("`weird`", "odd.key").replace('score "select"', "score select_")
    ruleset = scoredsl.loads(text)
    leads = [
        {"id": f"L-'{i}\"", "attributes": {"title": value, "odd-name": {"with-dash": "'"}}}
        for i, value in enumerate(HOSTILE)
    ]
    leads.append({"id": "'); DROP TABLE x; --", "attributes": {"title": "IT'S"}})
    for shape in ("json", "text"):
        con = duckdb.connect()
        if shape == "json":
            json_tables(con, leads)
        else:
            text_tables(con, text_leads(leads))
        tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
        schema = InputSchema.from_duckdb(con)
        tree = compile_program(ruleset.program, schema, as_of=AS_OF)
        for dialect in (d.value for d in Dialect if shape == "text"):
            sqlglot.parse_one(to_sql(tree, dialect), read=dialect)
        sql = to_sql(tree)
        got = records(ruleset, con.execute(sql).fetchall())
        assert {row[0] for row in con.execute("SHOW TABLES").fetchall()} == tables
        expected = [ruleset.score(lead, AS_OF).record() for lead in leads]
        assert got == expected
        assert sum(r["score"] for r in got) > 0


def test_a_dialect_without_json_says_so() -> None:
    con = duckdb.connect()
    json_tables(con, [{"id": "L-1", "attributes": {"title": "CTO"}}])
    ruleset = scoredsl.loads('when title == "cto" add 3\n')
    tree = compile_program(ruleset.program, InputSchema.from_duckdb(con), as_of=AS_OF)
    with pytest.raises(scoredsl.ScoreDSLError) as caught:
        to_sql(tree, "snowflake")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "SD701"
    assert "the snowflake dialect cannot express JSON columns" in diagnostic.message


def test_quoted_table_names(tmp_path: Path) -> None:
    con = duckdb.connect()
    json_tables(con, [{"id": "L-1", "attributes": {"title": "CTO"}}])
    con.execute('CREATE SCHEMA "my ""crm"""')
    con.execute('CREATE TABLE "my ""crm"""."lead;s" AS SELECT * FROM leads')
    con.execute('CREATE TABLE "my ""crm"""."ev" AS SELECT * FROM events')
    ruleset = scoredsl.loads('when title == "cto" add 3\n')
    schema = InputSchema.from_duckdb(con)
    tree = compile_program(
        ruleset.program,
        schema,
        as_of=AS_OF,
        leads_table='"my ""crm"""."lead;s"',
        events_table='"my ""crm""".ev',
    )
    assert con.execute(to_sql(tree)).fetchall() == [("L-1", 3.0, None)]


def test_a_quoted_table_name_part_keeps_its_dots() -> None:
    """Issue 11 item 14: --leads-table 'db."we.ird"' is read by sqlglot, not split at dots."""
    con = duckdb.connect()
    json_tables(con, [{"id": "L-1", "attributes": {"title": "CTO"}}])
    con.execute("CREATE SCHEMA db")
    con.execute('CREATE TABLE db."we.ird" AS SELECT * FROM leads')
    ruleset = scoredsl.loads('when title == "cto" add 3\n')
    tree = compile_program(
        ruleset.program,
        InputSchema.from_duckdb(con),
        as_of=AS_OF,
        leads_table='db."we.ird"',
        events_table="events",
    )
    assert '"db"."we.ird"' in to_sql(tree)
    assert con.execute(to_sql(tree)).fetchall() == [("L-1", 3.0, None)]


def test_readme_warehouse_example_is_real_output() -> None:
    """The README's rows: the compiled file run on the bundled CSVs read by DuckDB."""
    con = duckdb.connect()
    data = ROOT / "rulesets" / "data"
    con.execute(
        "CREATE TABLE leads AS SELECT * FROM read_csv(?, all_varchar = true)",
        [str(data / "event_leads.csv")],
    )
    con.execute(
        'CREATE TABLE events AS SELECT * REPLACE (CAST("at" AS TIMESTAMP) AS "at") '
        "FROM read_csv(?, all_varchar = true)",
        [str(data / "event_events.csv")],
    )
    sql = (GOLDEN / "sql" / "event_led.duckdb.sql").read_text(encoding="utf-8")
    rows = con.execute(sql, {"as_of": "2026-11-01 00:00:00"}).fetchall()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"# {str(rows)[:-1][:90]}" in readme.replace("...]", "")
    ruleset = bundled("event_led")
    assert records(ruleset, rows) == [
        ruleset.score(lead, AS_OF).record() for lead in bundled_leads("event_led")
    ]


def test_as_of_now_reads_the_clock_in_utc_whatever_the_session_zone() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")
    con.execute(
        "CREATE TABLE leads AS SELECT 'L-1' AS id; "
        "CREATE TABLE events AS SELECT 'L-1' AS lead_id, 'x' AS type, "
        "CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP) - INTERVAL 1 HOUR AS at"
    )
    ruleset = scoredsl.loads("when x add 1 within 2h\nwhen x add 10 within 12h\n")
    sql = compile_sql(ruleset.program, Dialect.duckdb, as_of="now")
    # An hour-old event is within 2h; with a New York clock it would be 4-5 hours off.
    assert con.execute(sql).fetchall() == [("L-1", 11.0, None)]


# ---------------------------------------------------------------- CLI


def test_cli_compile_prints_sql_with_the_tables_and_as_of(tmp_path: Path) -> None:
    rules = ROOT / "rulesets" / "event_led.score"
    result = runner.invoke(
        app,
        [
            "compile",
            str(rules),
            "--dialect",
            "snowflake",
            "--leads-table",
            "crm.leads",
            "--events-table",
            "crm.events",
            "--as-of",
            "2026-11-01T09:30:00+02:00",
        ],
    )
    assert result.exit_code == 0, result.output
    parsed = sqlglot.parse_one(result.stdout, read="snowflake")
    tables = {(t.db, t.name) for t in parsed.find_all(exp.Table)}
    assert {("crm", "leads"), ("crm", "events")} <= tables
    assert "2026-11-01 07:30:00.000000" in result.stdout


def test_cli_compile_writes_output_file(tmp_path: Path) -> None:
    target = tmp_path / "score.sql"
    rules = ROOT / "rulesets" / "b2b_saas.score"
    result = runner.invoke(app, ["compile", str(rules), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text() == (GOLDEN / "sql" / "b2b_saas.duckdb.sql").read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--dialect", "oracle"], 2, "oracle"),
        (["--leads-table", "a..b"], 2, "SD703"),
        (["--leads-table", "a.b.c.d"], 2, "SD703"),
        (["--leads-table", "leads; DROP TABLE x"], 2, "SD703"),
        (["--as-of", "yesterday"], 2, "SD601"),
    ],
)
def test_cli_compile_usage_errors(args: list[str], code: int, message: str) -> None:
    rules = ROOT / "rulesets" / "b2b_saas.score"
    result = runner.invoke(app, ["compile", str(rules), *args])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_compile_reports_ruleset_errors(tmp_path: Path) -> None:
    rules = tmp_path / "bad.score"
    rules.write_text("when title == add 3\n")
    result = runner.invoke(app, ["compile", str(rules)])
    assert result.exit_code == 1
    assert "bad.score:1:" in result.output


# ---------------------------------------------------------------- DuckDB lowerings


def test_fold_is_python_casefold_on_every_code_point() -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    samples = [*chars, "ΑΣ Straße ꭰx İstanbul ﬁ", "", "ASCII Only"]
    con = duckdb.connect()
    con.register("chars", pa.table({"c": samples}))
    query = exp.select(exp.column("c"), nodes.Fold(this=exp.column("c"))).from_("chars")
    rows = con.execute(to_sql(query, pretty=False)).fetchall()
    assert [folded for _, folded in rows] == [text.casefold() for text in samples]


def test_ordered_sum_adds_in_input_order() -> None:
    """1e16 + 1 - 1e16 is 0 left to right, 1 in another order: the SQL must say 0."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES (3, -1e16), (1, 1e16), (2, 1.0), (4, NULL)) v(o, x)"
    )
    total = nodes.OrderedSum(this=exp.column("x"), expression=exp.column("o"))
    query = exp.select(total).from_("t")
    assert con.execute(to_sql(query)).fetchall() == [(0.0,)]


@pytest.mark.parametrize(
    ("points", "decay", "exact"),
    [
        (15.0, "decay 50% after 30d", True),
        (7.75, "decay 25% after 1d\ndecay 100% after 90d", True),
        (0.005, "", False),
        (2.0, "decay 10% every 30d", False),
        (2.0, "decay 100% every 30d", True),
    ],
)
def test_exact_sums_need_no_order(points: float, decay: str, exact: bool) -> None:
    ruleset = scoredsl.loads(f"when x add {points}\n{decay}\n")
    assert exact_sum(points, ruleset.program.dimensions[0].decays) is exact


def test_without_an_events_relation_every_lead_has_no_events() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE leads AS SELECT * FROM (VALUES ('L-1', 'CTO'), ('L-2', 'x')) v(id, title)"
    )
    ruleset = scoredsl.loads(
        'when title == "cto" add 3\nwhen x add 5\nwhen count(x) == 0 add 7\nwhen x add 1 once\n'
    )
    schema = InputSchema.from_duckdb(con)
    assert not schema.has_events
    sql = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF))
    assert con.execute(sql).fetchall() == [("L-1", 10.0, None), ("L-2", 7.0, None)]


def test_the_spelled_out_whitespace_is_what_python_strips() -> None:
    """dialects.PY_WHITESPACE is written out (no scan of every code point at import): it
    must be exactly the characters str.isspace() accepts on this Python."""
    import sys

    from scoredsl.sql.dialects import PY_WHITESPACE

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert every == PY_WHITESPACE
