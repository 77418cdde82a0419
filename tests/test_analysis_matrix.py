"""Property test: the rule matrix is the same from the SQL compiler (`keep_rules`) on DuckDB
as from the Python evaluator, and its `fired` is explain's (random rulesets and leads from
tests/strategies.py, as in test_sql_equality.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from duck_tables import json_tables, text_leads, text_tables
from helpers import numbered
from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, leads, ruleset_text, sized

import scoredsl
from scoredsl import evaluate
from scoredsl.sql import InputSchema, compile_program, to_sql
from scoredsl.sql.compiler import contribution_column, fired_column

PROPERTY = sized(60)
ROOT = Path(__file__).resolve().parents[1]


def sql_matrix(ruleset: scoredsl.Ruleset, con: Any) -> list[tuple[list[float], list[bool]]]:
    schema = InputSchema.from_duckdb(con)
    query = compile_program(ruleset.program, schema, as_of=AS_OF, keep_rules=True)
    cursor = con.execute(to_sql(query, "duckdb", pretty=False))
    names = [d[0] for d in cursor.description]
    rules = ruleset.compiled.rules
    found = []
    for row in cursor.fetchall():
        values = dict(zip(names, row, strict=True))
        parts = [float(values[contribution_column(r.index)]) + 0.0 for r in rules]
        flags = [bool(values[fired_column(r.index)]) for r in rules]
        found.append((parts, flags))
    return found


def python_matrix(ruleset: scoredsl.Ruleset, batch: list[dict[str, Any]]) -> list[Any]:
    found = []
    for data in batch:
        lead = scoredsl.Lead.model_validate(data)
        flags = [False] * len(ruleset.compiled.rules)
        parts = evaluate.contributions(ruleset.compiled, lead, AS_OF, flags)
        explained = [r.fired for r in ruleset.explain(lead, AS_OF).rules]
        assert flags == explained  # fired means what explain says
        found.append(([p + 0.0 for p in parts], flags))
    return found


@PROPERTY
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4))
def test_matrix_is_the_same_on_json_columns(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = scoredsl.loads(text)
    batch = numbered(batch)
    con = duckdb.connect()
    json_tables(con, batch)
    assert sql_matrix(ruleset, con) == python_matrix(ruleset, batch), text


@PROPERTY
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4))
def test_matrix_is_the_same_on_text_cells(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = scoredsl.loads(text)
    batch = text_leads(numbered(batch))
    con = duckdb.connect()
    text_tables(con, batch)
    assert sql_matrix(ruleset, con) == python_matrix(ruleset, batch), text


def test_keep_rules_leaves_the_scoring_query_alone() -> None:
    """Without the option the query is byte for byte what `score` and `compile` run."""
    ruleset = scoredsl.load(ROOT / "rulesets" / "b2b_saas.score")
    con = duckdb.connect()
    json_tables(con, [{"id": "A", "attributes": {"title": "CTO"}}])
    schema = InputSchema.from_duckdb(con)
    plain = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF), "duckdb")
    assert "_sd_c0" not in plain and "_sd_f0" not in plain
    kept = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF, keep_rules=True), "duckdb")
    assert "_sd_c0" in kept and "_sd_f0" in kept
