"""Lint configuration: `[tool.scoredsl.lint]` levels (by code or name, found upward from
the linted file), `--select`/`--ignore`, and inline `# scoredsl: ignore[...]` comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoredsl.diagnostics import DiagnosticError, Severity
from scoredsl.io.project import find_settings
from scoredsl.lint import LintConfig, Selection, lint_path, lint_source, load_config
from scoredsl.lint.config import ConfigCache
from scoredsl.lint.suppress import comment_of, scan
from scoredsl.source import Source

FLAWS = """\
let unused = [a, b]
when email.opened add 0
"""  # SL203 on line 1, SL104 on line 2


def codes(text: str, **kwargs: object) -> list[tuple[str, str]]:
    report = lint_source(text, "t.score", **kwargs)  # type: ignore[arg-type]
    return [(d.code, d.severity.value) for d in report.diagnostics]


def test_defaults_report_both() -> None:
    assert codes(FLAWS) == [("SL203", "warning"), ("SL104", "warning")]


def test_levels_by_code_and_by_name(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[tool.scoredsl.lint]\nSL203 = "off"\nzero-points = "error"\n')
    config = load_config(toml)
    assert codes(FLAWS, config=config) == [("SL104", "error")]


def test_info_level_is_a_note(tmp_path: Path) -> None:
    toml = tmp_path / "lint.toml"
    toml.write_text('[tool.scoredsl.lint]\nunused-let = "info"\nSL104 = "off"\n')
    assert codes(FLAWS, config=load_config(toml)) == [("SL203", "note")]


def test_nearest_pyproject_upward_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scoredsl.lint]\nSL104 = "off"\n')
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no lint table
    rules = tmp_path / "sub" / "deeper" / "r.score"
    rules.write_text(FLAWS)
    assert find_settings(rules).path == tmp_path / "pyproject.toml"
    report = lint_path(rules, ConfigCache().for_file(rules))
    assert [d.code for d in report.diagnostics] == ["SL203"]


def test_standalone_scoredsl_toml_wins_over_pyproject_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scoredsl.lint]\nSL104 = "off"\n')
    (tmp_path / "scoredsl.toml").write_text('exclude = []\n[lint]\nSL203 = "off"\n')
    rules = tmp_path / "r.score"
    rules.write_text(FLAWS)
    assert find_settings(rules).path == tmp_path / "scoredsl.toml"
    report = lint_path(rules, ConfigCache().for_file(rules))
    assert [d.code for d in report.diagnostics] == ["SL104"]


def test_explicit_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scoredsl.lint]\nSL104 = "off"\n')
    other = tmp_path / "other.toml"
    other.write_text('[tool.scoredsl.lint]\nSL203 = "off"\n')
    rules = tmp_path / "r.score"
    rules.write_text(FLAWS)
    report = lint_path(rules, ConfigCache(other).for_file(rules))
    assert [d.code for d in report.diagnostics] == ["SL104"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('SL999 = "off"', "unknown lint rule `SL999`"),
        ('unused-lets = "off"', "did you mean `unused-let`?"),
        ('SL104 = "loud"', "a level is one of"),
        ("SL104 = [", "invalid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, body: str, needle: str) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text(f"[tool.scoredsl.lint]\n{body}\n")
    with pytest.raises(DiagnosticError) as caught:
        load_config(toml)
    shown = " ".join(f"{d.message} {d.help}" for d in caught.value.diagnostics)
    assert needle in shown


def test_select_and_ignore_take_codes_names_prefixes_categories() -> None:
    assert codes(FLAWS, selection=Selection(select=("SL104",))) == [("SL104", "warning")]
    assert codes(FLAWS, selection=Selection(select=("style",))) == [("SL203", "warning")]
    assert codes(FLAWS, selection=Selection(ignore=("SL1",))) == [("SL203", "warning")]
    assert codes(FLAWS, selection=Selection(ignore=("unused-let", "zero-points"))) == []


def test_unknown_selection_is_a_usage_error() -> None:
    with pytest.raises(DiagnosticError) as caught:
        Selection(select=("SL9",))
    assert caught.value.diagnostics[0].help == "did you mean `SL009`?"


def test_inline_ignore_on_the_line_and_the_line_above() -> None:
    text = (
        "# scoredsl: ignore[SL203]\n"
        "let unused = [a, b]\n"
        "when email.opened add 0  # scoredsl: ignore[zero-points]\n"
        "when email.clicked add 0\n"
    )
    assert codes(text) == [("SL104", "warning")]  # only line 4 is left


def test_trailing_ignore_does_not_cover_the_next_line() -> None:
    text = "when email.opened add 0  # scoredsl: ignore[SL104]\nwhen email.clicked add 0\n"
    report = lint_source(text, "t.score")
    assert [(d.code, d.span.line) for d in report.diagnostics if d.span] == [("SL104", 2)]


def test_bare_ignore_silences_every_rule_but_not_other_codes() -> None:
    text = "let unused = [a, b]  # scoredsl: ignore\nwhen email.opened add 0  # scoredsl: ignore[SL203]\n"
    assert codes(text) == [("SL104", "warning")]


def test_hash_inside_a_string_is_not_a_comment() -> None:
    assert comment_of('when url contains "#x # scoredsl: ignore" add 1') is None
    assert comment_of('when url contains "a\\"#" add 1 # note') == (31, " note")
    source = Source("t", 'when url contains "# scoredsl: ignore[SL104]" add 0\n')
    assert scan(source).by_line == {}


def test_config_levels_apply_to_severity_objects() -> None:
    config = LintConfig({"SL104": Severity.ERROR})
    report = lint_source(FLAWS, "t.score", config=config)
    assert [d.severity for d in report.diagnostics] == [Severity.WARNING, Severity.ERROR]


def test_findings_in_an_included_file_point_there_and_honour_its_ignores(tmp_path: Path) -> None:
    (tmp_path / "common.score").write_text(
        "let unused = [a]  # scoredsl: ignore[SL203]\nwhen email.opened add 0\n"
    )
    main = tmp_path / "main.score"
    main.write_text('include "common.score"\nwhen email.clicked add 1\n')
    report = lint_path(main, LintConfig())
    assert [
        (Path(d.span.path).name, d.span.line, d.code) for d in report.diagnostics if d.span
    ] == [("common.score", 2, "SL104")]
