"""Property test: the SQL compiler on DuckDB gives the records the Python evaluator gives.

Random valid rulesets (tests/strategies.py: every rule kind, modifier, decay form,
dimension, range, let, predicate form and tier shape) and random leads are loaded into
DuckDB relations exactly as the engine contract describes (tests/duck_tables.py), in two
shapes: JSON attribute/property columns (the lead form) and all-VARCHAR cells (CSV).
Run more examples with HYPOTHESIS_MAX_EXAMPLES=5000.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
from duck_tables import json_tables, text_leads, text_tables
from helpers import numbered
from hypothesis import given
from hypothesis import strategies as st
from strategies import AS_OF, export_leads, export_ruleset_text, leads, ruleset_text, sized

import scoredsl
from scoredsl.models import ScoreResult
from scoredsl.sql import InputSchema, compile_program, to_sql

PROPERTY = sized(200)


def sql_records(ruleset: scoredsl.Ruleset, con: Any) -> list[dict[str, Any]]:
    """Run the compiled query and shape its rows as spec-11 records."""
    schema = InputSchema.from_duckdb(con)
    sql = to_sql(compile_program(ruleset.program, schema, as_of=AS_OF), "duckdb", pretty=False)
    names = ruleset.dimensions
    records = []
    for row in con.execute(sql).fetchall():
        scores = dict(zip(names, row[2 : 2 + len(names)], strict=True))
        result = ScoreResult(lead_id=row[0], score=row[1], scores=scores, tier=row[-1])
        records.append(result.record())
    return records


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


@PROPERTY
@given(text=export_ruleset_text(), batch=st.lists(export_leads(), min_size=1, max_size=4))
def test_duckdb_matches_python_on_exports(text: str, batch: list[dict[str, Any]]) -> None:
    """Spec 12 on both table shapes: quoted names, `from` keys, markers, spellings."""
    ruleset = scoredsl.loads(text)
    for shape, tables in (("json", json_tables), ("text", text_tables)):
        shaped = numbered(batch) if shape == "json" else text_leads(numbered(batch))
        con = duckdb.connect()
        tables(con, shaped)
        expected = [ruleset.score(lead, AS_OF).record() for lead in shaped]
        assert sql_records(ruleset, con) == expected, (shape, text)


def test_not_in_an_empty_list_is_false_on_a_missing_value() -> None:
    """Found by the property test: the test must not pass without a value."""
    ruleset = scoredsl.loads("when title not in [] add 0.005\n")
    batch = [{"id": "L-0", "attributes": {}}, {"id": "L-1", "attributes": {"title": "CTO"}}]
    con = duckdb.connect()
    text_tables(con, text_leads(batch))
    assert [r["score"] for r in sql_records(ruleset, con)] == [0.0, 0.01]


# ---------------------------------------------------------------- typed columns
# More variety than tests/strategies.py: native column types as Parquet gives them (one
# type a column, as in a table), Unicode case folding, Python's float() text forms and
# ISO 8601 variants, against rules that name those exotic literals.

EXOTIC_TEXT = [
    "Straße",
    "STRASSE",
    "ΣΊΣΥΦΟΣ",
    "σίσυφοσ",
    "İstanbul",
    "i̇stanbul",
    "ꭰꭱ",
    "ᎠᎡ",
    "ﬁnance",
    "FINANCE",
    " 1_000 ",
    "1__0",
    "+.5",
    "5.",
    "1e3",
    "1E+03",
    "inf",
    "nan",
    "1e400",
    "0x10",
    "\u00a0800\u2028",
    "٣",
    "TRUE ",
    "fAlSe",
    "true\x1c",
    "2026-10-31T12:00:00Z",
    "2026-10-31 12:00",
    "2026-10-31T13:00:00+01:00",
    "2026-10-31x12",
    "20261031",
    "2026-10-31T12:00:00.1234567z",
    " 2026-11-01 ",
    "2026-02-30",
    "2026-10-31T24:00",
]
EXOTIC_LITERALS = [
    '"straße"',
    '"strasse"',
    '"σίσυφος"',
    '"İSTANBUL"',
    '"ᏣᎳᎩ"',
    '"ꭰ"',
    '"ﬁ"',
    '"fi"',
    "1000",
    "0.5",
    "5",
    "true",
    "false",
    '"800"',
    '"2026"',
    '" 1_000 "',
]
EXOTIC_REGEXES = ['"^Str"', '"(?i)^σ"', '"ß"', '"^.{6}$"', '"[0-9]{4}-"', '"(?i)^TRUE$"']
COLUMN_TYPES = [
    "VARCHAR",
    "DOUBLE",
    "BIGINT",
    "BOOLEAN",
    "TIMESTAMP",
    "DATE",
    "VARCHAR[]",
    "STRUCT",
    "DECIMAL",
]


@st.composite
def exotic_predicate(draw: st.DrawFn, paths: list[str]) -> str:
    path = draw(st.sampled_from(paths))
    form = draw(st.integers(0, 7))
    if form == 0:
        return (
            f"{path} {draw(st.sampled_from(['==', '!=']))} {draw(st.sampled_from(EXOTIC_LITERALS))}"
        )
    if form == 1:
        literal = draw(st.sampled_from([lit for lit in EXOTIC_LITERALS if lit[0].isdigit()]))
        return f"{path} {draw(st.sampled_from(['<', '<=', '>', '>=']))} {literal}"
    if form == 2:
        items = draw(st.lists(st.sampled_from(EXOTIC_LITERALS), max_size=3))
        return f"{path} {draw(st.sampled_from(['in', 'not in']))} [{', '.join(items)}]"
    if form == 3:
        op = draw(st.sampled_from(["contains", "starts with", "ends with"]))
        textish = [lit for lit in EXOTIC_LITERALS if lit not in ("true", "false")]
        return f"{path} {op} {draw(st.sampled_from(textish))}"
    if form == 4:
        return f"{path} matches {draw(st.sampled_from(EXOTIC_REGEXES))}"
    if form == 5:
        return f"{path} within {draw(st.sampled_from(['12h', '1d', '2d', '30d']))}"
    if form == 6:
        return f"not {path} is {draw(st.sampled_from(['missing', 'present']))}"
    return f"{path} == {draw(st.sampled_from(['true', 'false']))}"


@st.composite
def exotic_rules(draw: st.DrawFn) -> str:
    lines = []
    for index in range(draw(st.integers(1, 5))):
        points = draw(st.sampled_from(["0.005", "0.015", "1.005", "2.675", "0.1", "7"]))
        if draw(st.booleans()):
            condition = draw(exotic_predicate(["a", "b", "c.size", "c", "d"]))
        else:
            kind = draw(st.sampled_from(["visit", "mail.open", "mail.*"]))
            condition = f"{kind} where {draw(exotic_predicate(['p', 'q', 'q.size']))}"
        op = draw(st.sampled_from(["add", "subtract"]))
        lines.append(f"rule r{index}: when {condition} {op} {points}")
    lines.append(draw(st.sampled_from(["", "decay 50% every 1d", "decay 25% after 12h"])))
    lines.append("tier t when score >= 0.01")
    return "\n".join(lines) + "\n"


def _value(draw: st.DrawFn, column_type: str) -> Any:
    if draw(st.integers(0, 4)) == 0:
        return None
    if column_type == "VARCHAR":
        return draw(st.one_of(st.sampled_from(EXOTIC_TEXT), st.text(max_size=4)))
    if column_type == "DOUBLE":
        return draw(st.sampled_from([0.5, 1000.0, 1e20, 2.675, -0.0, 800.0, 1e-7, 5.0]))
    if column_type == "BIGINT":
        return draw(st.sampled_from([0, 1, 5, 800, 1000, -3, 2026, 2**53 + 1]))
    if column_type == "BOOLEAN":
        return draw(st.booleans())
    if column_type in ("TIMESTAMP", "DATE"):
        offset = draw(st.sampled_from([-3600, -86_400, -86_401, -2 * 86_400, 0, 60, -40 * 86_400]))
        moment = (AS_OF + timedelta(seconds=offset)).replace(tzinfo=None)
        return moment if column_type == "TIMESTAMP" else moment.date()
    if column_type == "DECIMAL":
        return draw(st.sampled_from([Decimal("1000.000"), Decimal("0.500"), Decimal("5.000")]))
    if column_type == "VARCHAR[]":
        return draw(st.lists(st.sampled_from(["Straße", "1000", "TRUE", "x", "5"]), max_size=3))
    return {
        "size": draw(st.sampled_from([None, 5.0, 1000.0])),
        "x": draw(st.sampled_from(["a", None])),
    }


def _arrow_type(column_type: str) -> pa.DataType:
    return {
        "VARCHAR": pa.string(),
        "DOUBLE": pa.float64(),
        "BIGINT": pa.int64(),
        "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"),
        "DATE": pa.date32(),
        "DECIMAL": pa.decimal128(18, 3),
        "VARCHAR[]": pa.list_(pa.string()),
        "STRUCT": pa.struct([("size", pa.float64()), ("x", pa.string())]),
    }[column_type]


@st.composite
def typed_table(draw: st.DrawFn, columns: list[str], rows: int) -> dict[str, tuple[str, list[Any]]]:
    table = {}
    for name in columns:
        if draw(st.booleans()):
            column_type = draw(st.sampled_from(COLUMN_TYPES))
            table[name] = (column_type, [_value(draw, column_type) for _ in range(rows)])
    return table


@st.composite
def typed_batch(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    leads = draw(st.integers(1, 4))
    attributes = draw(typed_table(["a", "b", "c", "c.size", "d"], leads))
    event_rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, leads - 1),
                st.sampled_from(["visit", "mail.open", "mail.click", "Mail.open"]),
                st.sampled_from([-3600, -86_400, -86_401, -2 * 86_400, 0, 1, -40 * 86_400]),
            ),
            max_size=8,
        )
    )
    props = draw(typed_table(["p", "q", "q.size"], len(event_rows)))
    return attributes, props, event_rows


def _python_leads(
    attributes: dict[str, Any], props: dict[str, Any], event_rows: list[Any], count: int
) -> list[dict[str, Any]]:
    """What the Parquet readers give: top-level nulls dropped, structs as dicts."""
    leads: list[dict[str, Any]] = [
        {
            "id": f"L-{i}",
            "attributes": {k: v[i] for k, (_, v) in attributes.items() if v[i] is not None},
            "events": [],
        }
        for i in range(count)
    ]
    for row, (lead, kind, offset) in enumerate(event_rows):
        event_props = {k: v[row] for k, (_, v) in props.items() if v[row] is not None}
        at = AS_OF + timedelta(seconds=offset)
        leads[lead]["events"].append({"type": kind, "at": at, "props": event_props})
    return leads


def _typed_relations(
    con: Any, attributes: dict[str, Any], props: dict[str, Any], event_rows: list[Any], count: int
) -> None:
    leads = {"id": pa.array([f"L-{i}" for i in range(count)]), "_ord": pa.array(range(count))}
    for name, (column_type, values) in attributes.items():
        leads[name] = pa.array(values, _arrow_type(column_type))
    events: dict[str, pa.Array] = {
        "lead_id": pa.array([f"L-{lead}" for lead, _, _ in event_rows], pa.string()),
        "_ord": pa.array(range(len(event_rows)), pa.int64()),
        "type": pa.array([kind for _, kind, _ in event_rows], pa.string()),
        "at": pa.array(
            [(AS_OF + timedelta(seconds=o)).replace(tzinfo=None) for _, _, o in event_rows],
            pa.timestamp("us"),
        ),
    }
    for name, (column_type, values) in props.items():
        events[name] = pa.array(values, _arrow_type(column_type))
    con.register("leads_arrow", pa.table(leads))
    con.register("events_arrow", pa.table(events))
    con.execute("CREATE TABLE leads AS SELECT * FROM leads_arrow")
    con.execute("CREATE TABLE events AS SELECT * FROM events_arrow")


@PROPERTY
@given(text=exotic_rules(), batch=typed_batch())
def test_duckdb_matches_python_on_typed_columns(text: str, batch: Any) -> None:
    attributes, props, event_rows = batch
    count = max([len(v) for _, v in attributes.values()] + [1])
    count = max(count, max((lead for lead, _, _ in event_rows), default=0) + 1)
    ruleset = scoredsl.loads(text)
    con = duckdb.connect()
    _typed_relations(con, attributes, props, event_rows, count)
    expected = [
        ruleset.score(lead, AS_OF).record()
        for lead in _python_leads(attributes, props, event_rows, count)
    ]
    assert sql_records(ruleset, con) == expected, text


def test_a_native_timestamp_attribute_is_within() -> None:
    """Found by the property test: DuckDB's TIMESTAMP column is an instant, not opaque."""
    ruleset = scoredsl.loads("when a within 12h add 1\n")
    attributes = {"a": ("TIMESTAMP", [(AS_OF - timedelta(hours=1)).replace(tzinfo=None)])}
    con = duckdb.connect()
    _typed_relations(con, attributes, {}, [], 1)
    assert [r["score"] for r in sql_records(ruleset, con)] == [1.0]
