"""Spec section 12: reading real exports. Quoted names, `from` mappings, missing markers and
boolean spellings: parse, check errors with spans, fmt, Python score, explain, SQL in every
dialect, and the DuckDB engine on a CSV whose header is an export's.

tests/data/bank_sample.csv is the first 40 rows of /work/shared/data/bank-marketing/
bank-additional-full.csv (UCI "Bank Marketing", CC BY 4.0) with an `id` column added.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from helpers import assert_golden, errors, find, lead
from test_golden import GOLDEN
from typer.testing import CliRunner

import scoredsl
from scoredsl import ast
from scoredsl.cli import app
from scoredsl.fmt import format_text
from scoredsl.parse import parse_text
from scoredsl.sql.command import Dialect, compile_sql

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-01"


def ev(type_: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": type_, "at": "2026-10-30", "props": props or {}}


def score(text: str, the_lead: Any) -> float:
    return scoredsl.loads(text).score(the_lead, as_of=AS_OF).score


def first_rule(text: str) -> ast.Rule:
    statement = parse_text(text).statements[-1]
    assert isinstance(statement, ast.Rule)
    return statement


# ---------------------------------------------------------------- quoted names: parse


def test_a_quoted_segment_is_one_part_of_the_path() -> None:
    rule = first_rule('when `Lead Source` == "Google" add 5')
    assert isinstance(rule.condition, ast.Compare)
    assert rule.condition.path.parts == ("Lead Source",)


def test_quoted_and_plain_segments_mix_and_a_dot_inside_backticks_is_part_of_the_name() -> None:
    rule = first_rule("when company.`Annual Revenue` >= 1000000 and `a.b`.c == 1 add 8")
    assert isinstance(rule.condition, ast.And)
    left, right = rule.condition.left, rule.condition.right
    assert isinstance(left, ast.Compare) and isinstance(right, ast.Compare)
    assert left.path.parts == ("company", "Annual Revenue")
    assert right.path.parts == ("a.b", "c")


def test_quoted_names_hold_any_character_but_a_backtick_or_a_newline() -> None:
    rule = first_rule('when `Say "hi" — 100% #1 (ok)` in ["SMS Sent", "Email Opened"] add 5')
    assert isinstance(rule.condition, ast.InList)
    assert rule.condition.path.parts == ('Say "hi" — 100% #1 (ok)',)


def test_quoted_event_types_wildcards_and_properties() -> None:
    rule = first_rule('when `Form Submitted` where `Form Name` contains "demo" add 5')
    assert isinstance(rule.condition, ast.EventPattern)
    assert rule.condition.type.dotted == "Form Submitted"
    assert isinstance(rule.condition.where, ast.TextTest)
    assert rule.condition.where.path.parts == ("Form Name",)
    count = first_rule("when count(`Web`.* where `Page URL` is present) >= 2 add 1").condition
    assert isinstance(count, ast.CountCondition)
    assert count.pattern.wildcard and count.pattern.type.parts == ("Web",)


def test_quoted_event_type_matches_the_event_type_exactly() -> None:
    text = "when `Form Submitted` add 5\nwhen `Web`.* add 1\nwhen `email.opened` add 2"
    events = [ev("Form Submitted"), ev("form submitted"), ev("Web.Visit"), ev("email.opened")]
    assert score(text, lead(events=events)) == 8.0  # 5 + 1 + 2


def test_a_quoted_attribute_reads_that_key_and_nothing_else() -> None:
    text = "when `a.b` == 1 add 1\nwhen a.b == 1 add 10"
    assert score(text, lead({"a.b": 1})) == 11.0  # the flat key: both paths find it
    assert score(text, lead({"a": {"b": 1}})) == 10.0  # nested: only the path a.b walks it


def test_quoted_name_in_a_schema_declaration() -> None:
    text = 'schema {\n  attribute `Lead Source`: string\n}\nwhen `Lead Source` == "Google" add 5'
    assert score(text, lead({"Lead Source": "google"})) == 5.0


def test_an_empty_quoted_name_is_a_syntax_error() -> None:
    diagnostic = find(errors("when `` == 1 add 1"), "SD003")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 6)


def test_an_unterminated_quoted_name_says_how_to_close_it() -> None:
    diagnostic = find(errors("when `Lead Source == 1 add 1"), "SD003")
    assert diagnostic.message == "unterminated quoted name"
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 6)


def test_a_string_where_a_name_belongs_hints_at_backticks() -> None:
    diagnostic = find(errors('when "Lead Source" == "Google" add 5'), "SD001")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 6)
    assert "`Lead Source`" in diagnostic.help and "backticks" in diagnostic.help


@pytest.mark.parametrize(
    ("text", "name", "column"),
    [
        ('when Lead Source == "Google" add 5', "Lead Source", 11),
        ("when x where Form Name == 1 add 1", "Form Name", 19),
        ("schema {\n  attribute Lead Source: string\n}", "Lead Source", 18),
    ],
)
def test_a_name_with_a_space_hints_at_backticks(text: str, name: str, column: int) -> None:
    diagnostic = find(errors(text), "SD001")
    assert diagnostic.span.column == column
    assert diagnostic.help == f"a name with a space is written between backticks: `{name}`"


# ---------------------------------------------------------------- schema: parse and check

EXPORT_SCHEMA = """schema {
  missing [Select, "N/A", ""]
  attribute lead_source: string from "Lead Source"
  attribute origin: string from "Lead Source" missing [Other]
  attribute specialization: string missing [Select, Other]
  attribute do_not_email: boolean true [Yes, Y] false [No, N] from "Do Not Email"
  attribute `Total Visits`: number
  event `Form Submitted` { form: string from "Form Name" }
}
"""


def test_read_options_parse_in_any_order() -> None:
    schema = parse_text(EXPORT_SCHEMA).statements[0]
    assert isinstance(schema, ast.Schema)
    missing, source, origin, spec, dne, visits, form = schema.items
    assert isinstance(missing, ast.MissingDecl)
    assert [i.value for i in missing.values.items] == ["Select", "N/A", ""]
    assert isinstance(source, ast.AttributeDecl) and source.key == "Lead Source"
    assert isinstance(origin, ast.AttributeDecl) and origin.words("missing") == ("Other",)
    assert isinstance(dne, ast.AttributeDecl) and dne.key == "Do Not Email"
    assert dne.words("true") == ("Yes", "Y") and dne.words("false") == ("No", "N")
    assert isinstance(visits, ast.AttributeDecl) and visits.options == ()
    assert isinstance(form, ast.EventDecl) and form.properties[0].key == "Form Name"
    assert isinstance(spec, ast.AttributeDecl) and spec.words("true") is None


def test_a_missing_line_is_schema_wide_and_missing_on_the_same_line_is_the_attributes() -> None:
    text = "schema {\n  attribute a: string missing [x]\n  missing [y]; attribute b: string\n}"
    schema = parse_text(text).statements[0]
    assert isinstance(schema, ast.Schema)
    a, wide, b = schema.items
    assert isinstance(a, ast.AttributeDecl) and a.words("missing") == ("x",)
    assert isinstance(wide, ast.MissingDecl) and isinstance(b, ast.AttributeDecl)


def test_an_export_schema_checks_clean() -> None:
    rules = EXPORT_SCHEMA + 'when lead_source == "Google" and origin is present add 1'
    assert scoredsl.loads(rules).warnings == ()  # a key mapped by two attributes is fine


@pytest.mark.parametrize("option", ['from "X"', "missing [a]", "true [Yes]", "false [No]"])
def test_a_read_option_given_twice_is_sd311_at_the_second(option: str) -> None:
    text = f"schema {{\n  attribute flag: boolean {option} {option}\n}}"
    diagnostic = find(errors(text), "SD311")
    assert diagnostic.span.line == 2
    assert diagnostic.span.column == 27 + len(option) + 1
    assert f"`{option.split()[0]}` given twice" in diagnostic.message


def test_spellings_on_a_non_boolean_are_sd312() -> None:
    diagnostic = find(errors("schema {\n  attribute title: string true [Yes]\n}"), "SD312")
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 27)
    assert "declared as string" in diagnostic.message


def test_a_word_spelled_both_true_and_false_is_sd312() -> None:
    text = "schema {\n  attribute ok: boolean true [Yes, y] false [no, Y]\n}"
    diagnostic = find(errors(text), "SD312")
    assert diagnostic.message == '"y" is spelled both true and false for `ok`'
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 39)


def test_markers_and_spellings_are_text_values_sd313() -> None:
    diagnostic = find(errors("schema {\n  missing [Select, 0]\n}"), "SD313")
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 20)
    assert 'quote it: "0"' in diagnostic.help


def test_a_second_schema_wide_missing_line_is_sd310() -> None:
    text = "schema {\n  missing [Select]\n}\nschema {\n  missing [N/A]\n}"
    diagnostic = find(errors(text.replace("N/A", '"N/A"')), "SD310")
    assert diagnostic.span.line == 5


def test_a_wildcard_over_types_that_read_a_property_differently_is_sd314() -> None:
    text = (
        'schema {\n  event form.a { form: string from "Form" }\n'
        "  event form.b { form: string }\n}\n"
        'when form.* where form == "demo" add 1'
    )
    diagnostic = find(errors(text), "SD314")
    assert (diagnostic.span.line, diagnostic.span.column) == (5, 19)


def test_equality_with_a_marker_or_a_spelling_is_a_warning_sd315() -> None:
    text = EXPORT_SCHEMA + (
        'when lead_source == "n/a" add 1\nwhen do_not_email == " yes" add 1\n'
        'when specialization == "N/A" add 1'  # its own list has no N/A: no warning
    )
    warnings = scoredsl.loads(text).warnings
    assert [(w.code, w.span.line, w.span.column) for w in warnings] == [
        ("SD315", 10, 6),
        ("SD315", 11, 6),
    ]
    assert warnings[0].help == "write `lead_source is missing`"
    assert warnings[1].message == '" yes" is read as true: `do_not_email == " yes"` is never true'
    assert warnings[1].help == "write `do_not_email == true`"


def test_quoted_names_are_checked_like_any_other_with_did_you_mean() -> None:
    text = EXPORT_SCHEMA + "when `Total Visit` >= 3 add 1\nwhen `Form Submited` add 1"
    diagnostics = errors(text)
    attribute, event = find(diagnostics, "SD301"), find(diagnostics, "SD302")
    assert attribute.message == "unknown attribute `Total Visit`"
    assert attribute.help == "did you mean `Total Visits`?"
    assert (attribute.span.line, attribute.span.column) == (10, 6)
    assert event.help == "did you mean `Form Submitted`?"


def test_rules_use_the_declared_name_not_the_key() -> None:
    diagnostic = find(errors(EXPORT_SCHEMA + "when `Lead Source` == x add 1"), "SD301")
    assert diagnostic.help == "did you mean `lead_source`?"


def test_declared_types_still_apply_to_quoted_names() -> None:
    diagnostic = find(errors(EXPORT_SCHEMA + 'when `Total Visits` contains "3" add 1'), "SD304")
    assert "declared as number" in diagnostic.message


# ---------------------------------------------------------------- fmt


def test_fmt_writes_backticks_exactly_when_a_segment_is_not_a_plain_identifier() -> None:
    source = "when `title` == 1 and `a b`.c.`d.e` == 2 and `x-1`.`_y` == 3 add 1\n"
    assert format_text(source) == "when title == 1 and `a b`.c.`d.e` == 2 and x-1._y == 3 add 1\n"


def test_fmt_keeps_backticks_on_a_first_segment_the_parser_would_read_as_a_keyword() -> None:
    source = "when `not` == 1 and `count`.x == 2 and a.not == 3 add 1\n"
    assert format_text(source) == source
    assert format_text(source.replace("a.not", "a.`not`")) == source


def test_fmt_writes_read_options_in_canonical_order_and_keeps_the_missing_line() -> None:
    formatted = format_text(EXPORT_SCHEMA)
    assert formatted == (
        "schema {\n"
        '  missing [Select, "N/A", ""]\n'
        '  attribute lead_source: string from "Lead Source"\n'
        '  attribute origin: string from "Lead Source" missing [Other]\n'
        "  attribute specialization: string missing [Select, Other]\n"
        '  attribute do_not_email: boolean from "Do Not Email" true [Yes, Y] false [No, N]\n'
        "  attribute `Total Visits`: number\n"
        '  event `Form Submitted` { form: string from "Form Name" }\n'
        "}\n"
    )
    assert format_text(formatted) == formatted


# ---------------------------------------------------------------- Python semantics


def test_from_reads_the_key_literally_not_split_at_dots() -> None:
    text = 'schema {\n  attribute size: number from "company.size"\n}\nwhen size >= 500 add 1'
    assert score(text, lead({"company.size": 800})) == 1.0
    assert score(text, lead({"company": {"size": 800}})) == 0.0  # not the nested path
    assert score(text, lead({"size": 800})) == 0.0  # nor the rule's name


def test_event_property_from_key() -> None:
    text = EXPORT_SCHEMA + 'when `Form Submitted` where form contains "demo" add 10'
    assert score(text, lead(events=[ev("Form Submitted", {"Form Name": "Demo day"})])) == 10.0
    assert score(text, lead(events=[ev("Form Submitted", {"form": "Demo day"})])) == 0.0


@pytest.mark.parametrize("marker", ["Select", "select", "  N/A ", "", "   "])
def test_a_marker_counts_as_missing_for_every_predicate_form(marker: str) -> None:
    forms = [
        "lead_source is missing",  # true
        "not (lead_source is present)",  # true
        'not (lead_source == "Google")',  # true: two-valued logic
        'lead_source != "Google"',
        'lead_source == "Select"',
        "lead_source in [Select, Google]",
        "lead_source not in [Google]",
        'lead_source contains ""',
        'lead_source matches ".*"',
        'lead_source starts with ""',
    ]
    text = EXPORT_SCHEMA + "\n".join(
        f"rule r{i}: when {f} add {10**i}" for i, f in enumerate(forms)
    )
    assert score(text, lead({"Lead Source": marker})) == 111.0
    bing = 100 + 1000 + 10**6 + 10**7 + 10**8 + 10**9  # a value: forms 2, 3, 6 to 9 hold
    assert score(text, lead({"Lead Source": "Bing"})) == bing


def test_an_attributes_own_missing_list_replaces_the_schema_wide_one() -> None:
    text = EXPORT_SCHEMA + "rule a: when specialization is missing add 1"
    assert score(text, lead({"specialization": "other"})) == 1.0
    assert score(text, lead({"specialization": "N/A"})) == 0.0  # not in its own list
    text = (
        EXPORT_SCHEMA
        + "rule a: when origin is missing add 1\nrule b: when lead_source is missing add 2"
    )
    assert score(text, lead({"Lead Source": "Other"})) == 1.0
    assert score(text, lead({"Lead Source": "N/A"})) == 2.0


def test_markers_apply_to_event_properties() -> None:
    text = EXPORT_SCHEMA + "when `Form Submitted` where form is missing add 1"
    assert score(text, lead(events=[ev("Form Submitted", {"Form Name": "n/a"})])) == 1.0
    assert score(text, lead(events=[ev("Form Submitted", {"Form Name": "Demo"})])) == 0.0


def test_markers_match_text_values_only() -> None:
    text = 'schema {\n  missing ["0"]\n  attribute n: number\n}\nwhen n is missing add 1'
    assert score(text, lead({"n": "0"})) == 1.0
    assert score(text, lead({"n": 0})) == 0.0  # a JSON number is not the text "0"


@pytest.mark.parametrize(
    ("value", "is_true", "is_false"),
    [
        ("Yes", True, False),
        (" y ", True, False),
        ("NO", False, True),
        ("n", False, True),
        ("true", True, False),  # the strings of spec 7 still count
        (False, False, True),
        ("maybe", False, False),  # no boolean: both comparisons are false
        ("1", False, False),
    ],
)
def test_boolean_spellings(value: Any, is_true: bool, is_false: bool) -> None:
    text = EXPORT_SCHEMA + (
        "rule t: when do_not_email == true add 1\n"
        "rule f: when do_not_email == false add 2\n"
        "rule n: when do_not_email != true add 4"
    )
    expected = (1 if is_true else 0) + (2 if is_false else 0) + (4 if is_false else 0)
    assert score(text, lead({"Do Not Email": value})) == expected


def test_a_marker_wins_over_a_spelling() -> None:
    text = "schema {\n  missing [N]\n  attribute ok: boolean false [N, No]\n}\nwhen ok is missing add 1"
    assert score(text, lead({"ok": "n"})) == 1.0


def test_explain_names_the_rule_name_and_the_key_it_read() -> None:
    text = EXPORT_SCHEMA + (
        'rule google: when lead_source == "Google" add 5\n'
        "rule visits: when `Total Visits` >= 3 add 1\n"
        "rule optin: when do_not_email == true add 1"
    )
    attributes = {"Lead Source": "Bing", "Total Visits": "Select", "Do Not Email": "No"}
    explained = scoredsl.loads(text).explain(lead(attributes), as_of=AS_OF)
    reasons = {r.rule: r.reason for r in explained.rules}
    assert reasons["google"] == 'lead_source (read from "Lead Source") is "Bing", not == "Google"'
    assert reasons["visits"] == '`Total Visits` ("Select" is a missing marker) is missing'
    assert reasons["optin"] == (
        'do_not_email (read from "Do Not Email"; "No" spells false) is false, not == true'
    )


# ---------------------------------------------------------------- SQL: every dialect

SQL_RULES = EXPORT_SCHEMA + (
    'rule google: when lead_source == "Google" add 5\n'
    "rule spec: when specialization is missing subtract 1\n"
    "rule optin: when do_not_email == false add 3\n"
    "rule visits: when `Total Visits` >= 3 add 2\n"
    'rule form: when `Form Submitted` where form contains "demo" add 10\n'
)


@pytest.mark.parametrize("dialect", [d.value for d in Dialect])
def test_sql_quotes_export_names_and_parses_back(dialect: str) -> None:
    sql = compile_sql(scoredsl.loads(SQL_RULES).program, Dialect(dialect), as_of=None)
    assert_golden(sql, GOLDEN / "sql" / f"exports.{dialect}.sql")
    tree = sqlglot.parse_one(sql, read=dialect)
    columns = {c.name for c in tree.find_all(sqlglot.exp.Column)}
    assert {"Lead Source", "Do Not Email", "Total Visits", "Form Name"} <= columns
    assert not {"lead_source", "do_not_email", "form"} & columns  # rules' names, not keys
    assert "'select'" in sql and "'n/a'" in sql and "'yes'" in sql  # folded words


def test_sql_quotes_a_double_quote_a_backtick_and_unicode_in_a_name() -> None:
    rules = (
        'schema {\n  attribute tick: string from "a`b"\n  attribute `Say "hi"`: string\n'
        "  attribute `Città`: string\n}\n"
        'when `Say "hi"` == "x" or `Città` == "y" or tick == "z" add 1'
    )
    for dialect in Dialect:
        sql = compile_sql(scoredsl.loads(rules).program, dialect, as_of=None)
        columns = {
            c.name for c in sqlglot.parse_one(sql, read=dialect.value).find_all(sqlglot.exp.Column)
        }
        assert {'Say "hi"', "Città", "a`b"} <= columns, dialect


# ---------------------------------------------------------------- engines on an export CSV

CRM_RULES = """schema {
  missing [Select, ""]
  attribute source: string from "Lead Source"
  attribute do_not_email: boolean from "Do Not Email" true [Yes] false [No]
  attribute specialization: string from "Specialization"
  attribute `Prospect ID`: string
}
rule google: when source == "Google" add 5
rule emailable: when do_not_email == false add 3
rule unknown_specialization: when specialization is missing subtract 2
rule finance: when specialization contains "finance" add 4
rule prospect: when `Prospect ID` starts with "7927" add 1
"""
CRM_CSV = (
    "id,Prospect ID,Lead Source,Do Not Email,Specialization\n"
    "1,7927b2df,Google,No,Select\n"
    "2,2a272436,google,Yes,Finance Management\n"
    "3,8cc8c611,Select,No,\n"
    "4,0cc2df48,Direct Traffic,maybe,Business Administration\n"
)
CRM_SCORES = {"1": 7.0, "2": 9.0, "3": 1.0, "4": 0.0}


def run_score(rules: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["score", str(rules), *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_engines_score_an_export_csv_as_it_is(tmp_path: Path, engine: str) -> None:
    rules, leads = tmp_path / "crm.score", tmp_path / "leads.csv"
    rules.write_text(CRM_RULES, encoding="utf-8")
    leads.write_text(CRM_CSV, encoding="utf-8")
    code, out = run_score(rules, "--leads", str(leads), "--engine", engine)
    assert code == 0
    found = {r["lead_id"]: r["score"] for r in map(json.loads, out.splitlines())}
    assert found == CRM_SCORES


BANK_RULES = """schema {
  missing [unknown]
  attribute job: string
  attribute education: string
  attribute default: boolean true [yes] false [no]
  attribute housing: boolean true [yes] false [no]
}
rule no_default: when default == false add 10
rule unknown_default: when default is missing subtract 5
rule degree: when education in [university.degree, professional.course] add 5
rule homeowner: when housing == true add 3
rule job_known: when job is present add 1
"""


def bank_expected(row: dict[str, str]) -> float:
    """The rules above, written out by hand over the CSV's text."""
    total = 0.0
    total += 10 if row["default"] == "no" else 0
    total -= 5 if row["default"] == "unknown" else 0
    total += 5 if row["education"] in ("university.degree", "professional.course") else 0
    total += 3 if row["housing"] == "yes" else 0
    total += 1 if row["job"] not in ("unknown", "") else 0
    return total


def test_engines_agree_on_real_bank_marketing_rows(tmp_path: Path) -> None:
    rules, data = tmp_path / "bank.score", HERE / "data" / "bank_sample.csv"
    rules.write_text(BANK_RULES, encoding="utf-8")
    with data.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["default"] == "unknown" for r in rows) and any(r["job"] == "unknown" for r in rows)
    outputs = {}
    for engine in ("python", "duckdb"):
        code, outputs[engine] = run_score(rules, "--leads", str(data), "--engine", engine)
        assert code == 0
    assert outputs["python"] == outputs["duckdb"]
    found = [json.loads(line)["score"] for line in outputs["python"].splitlines()]
    assert found == [bank_expected(r) for r in rows]
