"""Lint on whole rulesets: the deliberately flawed one yields exactly its planted flaws,
at the annotated line and column; the bundled rulesets yield nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import assert_golden

from scoredsl.diagnostics import render_all_text
from scoredsl.lint import LintConfig, all_rules, lint_path

ROOT = Path(__file__).resolve().parent.parent
FLAWED = Path("tests/lint/flawed.score")
_EXPECT = re.compile(r"# expect: ((?:[A-Z]+\d+@\d+ ?)+)$")


def planted(path: Path) -> set[tuple[int, int, str]]:
    """(line, column, code) from every `# expect: CODE@COLUMN ...` comment."""
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            for item in match.group(1).split():
                code, column = item.split("@")
                found.add((number, int(column), code))
    return found


def test_flawed_ruleset_yields_exactly_the_planted_flaws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = lint_path(FLAWED, LintConfig())
    assert not report.check_failed
    found = {(d.span.line, d.span.column, d.code) for d in report.diagnostics if d.span}
    assert found == planted(FLAWED)
    assert len(report.diagnostics) == len(found)


def test_flawed_ruleset_plants_every_rule() -> None:
    """Every rule that needs no data (the data rules are planted in test_lint_data.py)."""
    codes = {code for _, _, code in planted(ROOT / FLAWED)}
    assert codes == {rule.code for rule in all_rules() if rule.category != "data"}


def test_flawed_ruleset_renders_as_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = lint_path(FLAWED, LintConfig())
    rendered = render_all_text(report.diagnostics, report.sources) + "\n"
    assert_golden(rendered, ROOT / "tests" / "golden" / "lint" / "flawed.txt")


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "rulesets").glob("*.score")))
def test_bundled_rulesets_lint_clean(name: str) -> None:
    report = lint_path(ROOT / "rulesets" / name, LintConfig())
    assert not report.check_failed
    assert report.diagnostics == []
