"""The diagnostic code registry: every code raised is registered and documented, the docs
page is the generated one, and `scoredsl rule CODE` explains a code as `ruff rule` does."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scoredsl.code_docs import catalogue, render_page
from scoredsl.codes import FAMILIES, SD_CODES, family_of
from scoredsl.lint import all_rules

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scoredsl"
PAGE = ROOT / "docs" / "diagnostics.md"
CODE = re.compile(r"\b(S[DL]\d{3})\b")
SCOREDSL = Path(sys.executable).parent / "scoredsl"  # the installed entry point


def _string_constants(path: Path) -> list[str]:
    """Every string in a module's code (f-strings' literal parts and docstrings too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def codes_in_source() -> dict[str, list[str]]:
    """Each code written in scoredsl/ outside the registry, with the files that write it."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for text in _string_constants(path):
            for code in CODE.findall(text):
                found.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return found


def test_the_scan_sees_codes_written_every_way() -> None:
    found = codes_in_source()
    assert "scoredsl/parse.py" in found["SD006"]  # error("SD006", ...)
    assert "scoredsl/io/problems.py" in found["SD501"]  # BAD_JSON = "SD501"
    assert "scoredsl/cli.py" in found["SD602"]  # inside an f-string
    assert "SL003" in found  # lint rules register by a literal too


def test_every_code_in_the_source_is_registered() -> None:
    registered = {c.code for c in catalogue()}
    unknown = {code: files for code, files in codes_in_source().items() if code not in registered}
    assert not unknown, f"codes raised but not in scoredsl/codes.py: {unknown}"


def test_every_registered_code_is_raised_somewhere() -> None:
    written = set(codes_in_source())
    stale = [c.code for c in SD_CODES if c.code not in written]
    assert not stale, f"registered in scoredsl/codes.py but written nowhere: {stale}"


def test_each_code_is_registered_once_in_its_family() -> None:
    codes = [c.code for c in catalogue()]
    assert len(codes) == len(set(codes))
    for code in catalogue():
        assert code.family.holds(code.code) and code.title and code.help


def test_lint_codes_fit_the_registry_blocks() -> None:
    for rule in all_rules():
        assert family_of(rule.code).name == f"lint: {rule.category}", rule.code


def test_families_do_not_overlap() -> None:
    for a in FAMILIES:
        for b in FAMILIES:
            assert a is b or not (a.holds(b.first) or a.holds(b.last)), (a.name, b.name)


def test_the_docs_page_is_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == render_page(), (
        "docs/diagnostics.md is stale: python -m scoredsl.code_docs > docs/diagnostics.md"
    )


def test_every_code_is_documented_on_the_page() -> None:
    page = PAGE.read_text(encoding="utf-8")
    missing = [
        c.code for c in catalogue() if f"| {c.code} |" not in page and f"[{c.code}]" not in page
    ]
    assert not missing


def test_lint_entries_link_to_their_lint_page_anchors() -> None:
    lint_page = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line[4:].lower()).replace(" ", "-")
        for line in lint_page.splitlines()
        if line.startswith("### ")
    }
    anchors = re.findall(r"\(lint-rules\.md#([^)]+)\)", PAGE.read_text(encoding="utf-8"))
    assert len(anchors) == len(all_rules()) and set(anchors) <= headings


# ---------------------------------------------------------------- scoredsl rule


def rule(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCOREDSL), "rule", *args], capture_output=True, text=True, check=False
    )


def test_rule_explains_an_sd_code() -> None:
    done = rule("SD302")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "SD302: unknown event type"
    assert lines[1].startswith("family: schema and types (SD301-SD309)")
    assert "`event NAME { ... }`" in done.stdout


def test_rule_shows_a_lint_rule_in_full_and_ignores_case() -> None:
    done = rule("sl003")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("SL003: contradictory-predicate: ")
    assert "## Why is this bad?" in done.stdout and "```score" in done.stdout


def test_rule_json() -> None:
    done = rule("SD006", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["code"] == "SD006" and data["title"] == "condition nested too deeply"
    assert data["family"] == {"name": "syntax", "first": "SD001", "last": "SD099"}
    assert data["details"] is None


def test_rule_all_lists_every_code_as_json() -> None:
    done = rule("--all", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [c["code"] for c in json.loads(done.stdout)] == [c.code for c in catalogue()]


@pytest.mark.parametrize(("typed", "meant"), [("SD3022", "SD302"), ("SL0003", "SL003")])
def test_an_unknown_code_is_a_usage_error_with_a_suggestion(typed: str, meant: str) -> None:
    done = rule(typed)
    assert done.returncode == 2 and done.stdout == ""
    assert f"error[SD603]: unknown diagnostic code `{typed}`" in done.stderr
    assert f"did you mean `{meant}`?" in done.stderr
    assert "Traceback" not in done.stderr
