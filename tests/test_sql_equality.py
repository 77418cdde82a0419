"""Property test: the SQL compiler on DuckDB gives the records the Python evaluator gives.

Random valid rulesets (tests/strategies.py: every rule kind, modifier, decay form,
dimension, range, let, predicate form and tier shape) and random leads are loaded into
DuckDB relations exactly as the engine contract describes (tests/duck_tables.py), in two
shapes: JSON attribute/property columns (the lead form) and all-VARCHAR cells (CSV).
Run more examples with HYPOTHESIS_MAX_EXAMPLES=5000.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb
from duck_tables import json_tables, text_leads, text_tables
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import AS_OF, SETTINGS, leads, ruleset_text

import scoredsl
from scoredsl.models import ScoreResult
from scoredsl.sql import InputSchema, compile_program, to_sql

EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200"))
PROPERTY = settings(SETTINGS, max_examples=EXAMPLES)


def sql_records(ruleset: scoredsl.Ruleset, con: Any) -> list[dict[str, Any]]:
    """Run the compiled query and shape its rows as spec-11 records."""
    schema = InputSchema.from_duckdb(con)
    sql = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF), "duckdb")
    names = ruleset.dimensions
    records = []
    for row in con.execute(sql).fetchall():
        scores = dict(zip(names, row[2 : 2 + len(names)], strict=True))
        result = ScoreResult(lead_id=row[0], score=row[1], scores=scores, tier=row[-1])
        records.append(result.record())
    return records


def numbered(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**lead, "id": f"L-{i}"} for i, lead in enumerate(batch)]


@PROPERTY
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4))
def test_duckdb_matches_python_on_json_columns(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = scoredsl.loads(text)
    batch = numbered(batch)
    con = duckdb.connect()
    json_tables(con, batch)
    expected = [ruleset.score(lead, AS_OF).record() for lead in batch]
    assert sql_records(ruleset, con) == expected, text


@PROPERTY
@given(text=ruleset_text(), batch=st.lists(leads(), min_size=1, max_size=4))
def test_duckdb_matches_python_on_text_cells(text: str, batch: list[dict[str, Any]]) -> None:
    ruleset = scoredsl.loads(text)
    batch = text_leads(numbered(batch))
    con = duckdb.connect()
    text_tables(con, batch)
    expected = [ruleset.score(lead, AS_OF).record() for lead in batch]
    assert sql_records(ruleset, con) == expected, text


def test_not_in_an_empty_list_is_false_on_a_missing_value() -> None:
    """Found by the property test: the test must not pass without a value."""
    ruleset = scoredsl.loads("when title not in [] add 0.005\n")
    batch = [{"id": "L-0", "attributes": {}}, {"id": "L-1", "attributes": {"title": "CTO"}}]
    con = duckdb.connect()
    text_tables(con, text_leads(batch))
    assert [r["score"] for r in sql_records(ruleset, con)] == [0.0, 0.01]
