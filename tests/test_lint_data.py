"""Data-aware lint (`scoredsl lint RULES --leads FILE [--events FILE]`): the rules SL401-SL406
on a CRM export and on the bank-marketing data find exactly their planted flaws, each with
the right suggestion, and nothing on correct rules; every output format carries them.

The samples are in tests/lint/data (see its README). Run with UPDATE_GOLDEN=1 to rewrite
the goldens after an intended change.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from helpers import assert_golden
from test_lint_flawed import planted
from typer.testing import CliRunner

from scoredsl.cli import app
from scoredsl.diagnostics import Diagnostic, render_all_text
from scoredsl.io.columns import ROW_NUMBER, ColumnMap
from scoredsl.lint import LintConfig, Selection, lint_path, lint_source
from scoredsl.lint.data import DataSource

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "lint" / "data"
GOLDEN = ROOT / "tests" / "golden" / "lint"
SCHEMA = json.loads((ROOT / "tests" / "lint" / "sarif-schema-2.1.0.json").read_text())
AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)
SAMPLES = {"crm": "crm-leads.csv", "bank": "bank-sample.csv"}


COLUMNS = {"crm": ColumnMap(id="Prospect ID"), "bank": ColumnMap(id=ROW_NUMBER)}
ID_OPTION = {"crm": "Prospect ID", "bank": ROW_NUMBER}


def copied(sample: str, folder: Path) -> Path:
    """The sample, unchanged, as `leads.csv` in `folder` (messages name that file)."""
    target = folder / "leads.csv"
    target.write_bytes((DATA / SAMPLES[sample]).read_bytes())
    return target


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with copies of the rulesets; messages name files relative to it."""
    monkeypatch.chdir(tmp_path)
    for ruleset in DATA.glob("*.score"):
        (tmp_path / ruleset.name).write_text(ruleset.read_text(encoding="utf-8"))
    return tmp_path


def data_of(sample: str, folder: Path) -> DataSource:
    """The export as it is: its own id column (`Prospect ID`), or none (rows numbered)."""
    copied(sample, folder)
    return DataSource(Path("leads.csv"), columns=COLUMNS[sample], as_of=AS_OF)


def lint_on(sample: str, ruleset: str, folder: Path) -> list[Diagnostic]:
    data = data_of(sample, folder)
    report = lint_path(Path(ruleset), LintConfig(), Selection(), data)
    assert not report.check_failed, report.diagnostics
    return report.diagnostics


def by_code(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


# ---------------------------------------------------------------- planted flaws


# The rulesets in tests/lint/data and the sample each is written for; `crm-schema-*` read
# the export with spec 12's quoted and mapped names, missing markers and boolean spellings.
RULESETS = {"crm": "crm", "crm-schema": "crm", "bank": "bank"}


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_flawed_rules_yield_exactly_the_planted_findings(name: str, workdir: Path) -> None:
    found = lint_on(RULESETS[name], f"{name}-flawed.score", workdir)
    expected = planted(workdir / f"{name}-flawed.score")
    assert {(d.span.line, d.span.column, d.code) for d in found if d.span} == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_flawed_rules_render_as_golden(name: str, workdir: Path) -> None:
    data = data_of(RULESETS[name], workdir)
    report = lint_path(Path(f"{name}-flawed.score"), LintConfig(), Selection(), data)
    rendered = render_all_text(report.diagnostics, report.sources) + "\n"
    assert_golden(rendered, GOLDEN / f"data-{name}.txt")


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_correct_rules_have_no_findings(name: str, workdir: Path) -> None:
    assert lint_on(RULESETS[name], f"{name}-clean.score", workdir) == []


def test_every_planted_data_rule_is_covered(workdir: Path) -> None:
    codes = {c for s in SAMPLES for _, _, c in planted(workdir / f"{s}-flawed.score")}
    assert codes == {"SL401", "SL402", "SL403", "SL404", "SL405", "SL406"}


def test_without_data_the_data_rules_are_silent(workdir: Path) -> None:
    report = lint_path(Path("crm-flawed.score"), LintConfig())
    assert [d for d in report.diagnostics if d.code.startswith("SL4")] == []


# ---------------------------------------------------------------- the suggestions


def test_misspelled_column_suggests_the_real_one_in_backticks(workdir: Path) -> None:
    found = by_code(lint_on("crm", "crm-flawed.score", workdir), "SL401")
    assert found[0].message == "attribute `total_time_spent_on_website` is not in `leads.csv`"
    assert found[0].help == (
        "did you mean `Total Time Spent on Website`? "
        "write it in backticks: `` `Total Time Spent on Website` ``"
    )


def test_misspelled_value_suggests_the_value_that_occurs(workdir: Path) -> None:
    crm = by_code(lint_on("crm", "crm-flawed.score", workdir), "SL402")
    assert [d.help for d in crm] == ['did you mean "Finance Management"?']
    bank = by_code(lint_on("bank", "bank-flawed.score", workdir), "SL402")
    assert [d.help for d in bank] == ['did you mean "admin."?', 'did you mean "university.degree"?']


def test_undeclared_yes_no_boolean_gets_its_spellings(workdir: Path) -> None:
    crm = by_code(lint_on("crm", "crm-flawed.score", workdir), "SL405")
    assert [d.help for d in crm] == [
        "declare how the data spells it: "
        "`` attribute `Do Not Email`: boolean true [Yes] false [No] ``",
        "declare how the data spells it: `attribute Search: boolean true [Yes] false [No]`",
    ]
    bank = by_code(lint_on("bank", "bank-flawed.score", workdir), "SL405")
    assert "`attribute housing: boolean true [yes] false [no]`" in (bank[0].help or "")


def test_placeholders_get_the_missing_line(workdir: Path) -> None:
    crm = by_code(lint_on("crm", "crm-flawed.score", workdir), "SL406")
    assert crm[0].message.startswith("`Select` in 38% of `Specialization`")
    assert "`missing [Select]`" in (crm[0].help or "")
    bank = by_code(lint_on("bank", "bank-flawed.score", workdir), "SL406")
    assert "`missing [unknown]`" in (bank[0].help or "")


def test_a_yes_no_column_with_placeholders_gets_both(tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text("id,optin\n1,Y\n2,N\n3,N/A\n4,Y\n5,N\n6,N\n")
    data = DataSource(tmp_path / "l.csv", as_of=AS_OF)
    report = lint_source("when optin == true add 1\nwhen optin == false add 1\n", data=data)
    assert [d.code for d in report.diagnostics] == ["SL405"]
    assert report.diagnostics[0].help == (
        'declare how the data spells it: `attribute optin: boolean true [Y] false [N] missing ["N/A"]`'
    )


# ---------------------------------------------------------------- events


EVENTS = (
    "lead_id,type,at,url\n"
    "1,page.visited,2026-10-30,/pricing\n"
    "1,email.opened,2026-10-29,\n"
    "2,page.visited,2026-10-20,/blog\n"
    "3,Webinar Attended,2026-10-01,\n"
)


@pytest.fixture
def event_files(tmp_path: Path) -> DataSource:
    (tmp_path / "leads.csv").write_text("id,title\n1,CTO\n2,CFO\n3,CTO\n4,Intern\n5,CEO\n")
    (tmp_path / "events.csv").write_text(EVENTS)
    return DataSource(tmp_path / "leads.csv", tmp_path / "events.csv", as_of=AS_OF)


def test_unknown_event_type_and_property(event_files: DataSource) -> None:
    text = (
        'when page.visted where url contains "/pricing" add 5\n'
        "when webinar_attended add 5\n"
        'when page.visited where path == "/blog" add 5\n'
        "when email.* add 1\n"
    )
    data_rules = Selection(select=("data",))  # SL009 knows `page.visted` from the text alone
    found = lint_source(text, "e.score", selection=data_rules, data=event_files).diagnostics
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [
        ("SL401", 1),
        ("SL401", 2),
        ("SL401", 3),
    ]
    assert found[0].help == "did you mean `page.visited`?"
    assert (
        found[1].help
        == "did you mean `Webinar Attended`? write it in backticks: `` `Webinar Attended` ``"
    )
    assert found[2].message.startswith("event property `path` is not in")
    assert "`url`" in (found[2].help or "")


def test_event_values_and_fire_counts(event_files: DataSource) -> None:
    text = (
        'when page.visited where url == "/pricng" add 5\n'  # SL402
        "when page.visited add 5 within 1d\n"  # fires for nobody at AS_OF
        'when page.visited where url == "/blog" add 2\n'
    )
    found = lint_source(text, "e.score", data=event_files).diagnostics
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [("SL402", 1), ("SL403", 2)]
    assert found[0].help == 'did you mean "/pricing"?'


def test_event_rules_are_not_judged_without_events(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text("id,title\n1,CTO\n2,CFO\n3,CTO\n4,Intern\n5,CEO\n")
    data = DataSource(tmp_path / "leads.csv", as_of=AS_OF)
    text = 'when email.opened add 1\nwhen title == "CTO" add 1\n'
    assert lint_source(text, data=data).diagnostics == []


def test_lead_form_json_lines(tmp_path: Path) -> None:
    leads = [
        {"id": "1", "attributes": {"company": {"size": 500}, "Lead Source": "Google"}},
        {"id": "2", "attributes": {"company": {"size": 20}, "Lead Source": "Direct"}},
        {"id": "3", "attributes": {"company": {"size": 5}}, "events": [
            {"type": "email.opened", "at": "2026-10-30", "props": {"campaign": "fall"}}
        ]},
        {"id": "4", "attributes": {"company": {"size": 90}, "Lead Source": "Google"}},
        {"id": "5", "attributes": {"company": {"size": 900}, "Lead Source": "Referral"}},
    ]  # fmt: skip
    path = tmp_path / "leads.jsonl"
    path.write_text("".join(json.dumps(lead) + "\n" for lead in leads))
    text = (
        "when company.size >= 100 add 5\n"
        "when company.employees >= 100 add 5\n"
        'when lead_source == "Google" add 1\n'
        'when email.opened where campaign == "fal" add 1\n'
    )
    found = lint_source(text, data=DataSource(path, as_of=AS_OF)).diagnostics
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [
        ("SL401", 2),
        ("SL401", 3),
        ("SL402", 4),
    ]
    assert "did you mean `Lead Source`?" in (found[1].help or "")
    assert found[2].help == 'did you mean "fall"?'


# ---------------------------------------------------------------- spec 12 readings


def test_declared_markers_and_spellings_are_respected(tmp_path: Path) -> None:
    """A schema's `missing [...]` and `true [...] false [...]` (spec 12) end the findings
    they answer, and the rules fire as the evaluator reads the data."""
    (tmp_path / "l.csv").write_text(
        "id,spec,optin\n1,Select,Yes\n2,Finance,No\n3,Select,No\n4,IT,Yes\n5,Select,No\n6,,No\n"
    )
    data = DataSource(tmp_path / "l.csv", as_of=AS_OF)
    text = "when spec is present add 1\nwhen optin == true add 1\n"
    assert [d.code for d in lint_source(text, data=data).diagnostics] == ["SL406", "SL405"]
    schema = (
        "schema {\n  attribute spec: string missing [Select]\n"
        "  attribute optin: boolean true [Yes] false [No]\n}\n"
    )
    assert lint_source(schema + text, data=data).diagnostics == []
    wide = "schema {\n  missing [select]\n  attribute spec: string\n  attribute optin: string\n}\n"
    found = lint_source(wide + 'when spec is present add 1\nwhen spec != "IT" add 1\n', data=data)
    assert found.diagnostics == []


# ---------------------------------------------------------------- the command


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def crm(workdir: Path) -> Path:
    copied("crm", workdir)
    return workdir


def crm_cli(*args: str) -> tuple[int, str, str]:
    """`scoredsl lint` on the CRM export as it is: `--id-column "Prospect ID"`."""
    return cli("crm-flawed.score", "--leads", "leads.csv", "--id-column", "Prospect ID", *args)


def test_cli_text_and_exit_code(crm: Path) -> None:
    code, out, _ = crm_cli("--as-of", "2026-11-01")
    assert code == 1  # SL401 and SL405 are errors
    assert "crm-flawed.score:3:25: error[SL401]" in out
    assert out.endswith("3 errors, 4 warnings in 1 file(s)\n")


def test_cli_json(crm: Path) -> None:
    _, out, _ = crm_cli("--format", "json")
    assert [d["code"] for d in json.loads(out)] == [
        "SL401", "SL405", "SL402", "SL405", "SL406", "SL403", "SL404"
    ]  # fmt: skip


def test_cli_sarif_validates(crm: Path) -> None:
    _, out, _ = crm_cli("--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"SL401", "SL406"}
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "SL401"
    assert "Total Time Spent on Website" in first["message"]["text"]
    sl401 = next(r for r in rules if r["id"] == "SL401")
    assert sl401["properties"]["tags"] == ["data"]


def test_cli_github_and_junit(crm: Path) -> None:
    _, out, _ = crm_cli("--format", "github")
    assert out.splitlines()[0].startswith(
        "::error file=crm-flawed.score,line=3,col=25,endLine=3,endColumn=52,title=SL401::"
    )
    _, out, _ = crm_cli("--format", "junit")
    failures = ET.fromstring(out).findall("testsuite/testcase/failure")
    assert [f.get("type") for f in failures][:2] == ["error[SL401]", "error[SL405]"]
    assert len(failures) == 7


def test_cli_config_turns_data_rules_off(crm: Path) -> None:
    (crm / "lint.toml").write_text(
        '[tool.scoredsl.lint]\nname-not-in-data = "off"\nSL405 = "off"\n'
    )
    code, out, _ = crm_cli("--config", "lint.toml")
    assert code == 0 and "SL401" not in out and "SL405" not in out and "SL402" in out
    code, out, _ = crm_cli("--ignore", "data")
    assert code == 0 and out == "1 file(s) linted: no problems\n"


def test_cli_unreadable_data_exits_3(crm: Path) -> None:
    (crm / "folder.csv").mkdir()
    code, _, err = cli("crm-clean.score", "--leads", "folder.csv")
    assert code == 3
    assert "error[SD508]: cannot read `folder.csv`" in err


def test_cli_missing_data_file_is_a_usage_error(crm: Path) -> None:
    code, _, err = cli("crm-clean.score", "--leads", "missing.csv")
    assert code == 2
    assert "error[SD004]: file not found: missing.csv" in err


def test_cli_data_options_need_leads(crm: Path) -> None:
    code, _, err = cli("crm-clean.score", "--events", "events.csv")
    assert code == 2 and "--events needs --leads" in err


def test_cli_bad_record_exits_3_with_its_line(crm: Path) -> None:
    (crm / "bad.csv").write_text("id,City\n1,Mumbai\n,Thane\n")
    code, _, err = cli("crm-clean.score", "--leads", "bad.csv")
    assert code == 3
    assert "bad.csv:3:1: error[SD503]" in err


def test_cli_reads_the_bank_data_as_it_is(workdir: Path) -> None:
    copied("bank", workdir)
    code, out, _ = cli(
        "bank-clean.score", "--leads", "leads.csv", "--id-column", ROW_NUMBER, "--format", "json"
    )
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = cli("bank-flawed.score", "--leads", "leads.csv", "--id-column", ROW_NUMBER)
    assert code == 1 and "did you mean `month`?" in out


def test_cli_names_the_missing_id_column(crm: Path) -> None:
    code, _, err = cli("crm-clean.score", "--leads", "leads.csv")
    assert code == 3 and "`leads.csv` has no `id` column" in err and "--id-column" in err


def test_cli_events_with_their_own_column_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leads.csv").write_text("Prospect ID,title\n1,CTO\n2,CFO\n3,CTO\n4,Intern\n5,CEO\n")
    (tmp_path / "events.csv").write_text(
        "Contact ID,Event Type,Timestamp,Page\n"
        "1,Page Visited,2026-10-30,/pricing\n"
        "2,Page Visited,2026-10-20,/blog\n"
        "3,Email Opened,2026-10-01,\n"
    )
    (tmp_path / "r.score").write_text("when page_visited add 5\nwhen email.opened add 1\n")
    code, out, err = cli(
        "r.score", "--leads", "leads.csv", "--events", "events.csv", "--as-of", "2026-11-01",
        "--id-column", "Prospect ID", "--events-lead-column", "Contact ID",
        "--events-type-column", "Event Type", "--events-at-column", "Timestamp",
        "--format", "json", "--select", "data",
    )  # fmt: skip
    assert code == 1, err  # SL401 is an error
    found = json.loads(out)
    assert [d["code"] for d in found] == ["SL401", "SL401"]
    assert found[0]["help"] == (
        "did you mean `Page Visited`? write it in backticks: `` `Page Visited` ``"
    )
    assert "did you mean `Email Opened`?" in found[1]["help"]


def test_list_values_are_no_misspelled_strings(tmp_path: Path) -> None:
    path = tmp_path / "leads.jsonl"
    lines = [{"id": str(n), "attributes": {"tags": ["vip", "b2b"][: n % 3]}} for n in range(6)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    text = 'when tags contains "vip" add 1\nwhen tags == "vip" add 1\n'
    found = lint_source(text, data=DataSource(path, as_of=AS_OF)).diagnostics
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [("SL403", 2)]
