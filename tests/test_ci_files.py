"""The CI integration files users copy: pre-commit hooks and the GitHub Actions example.

Both are loaded as YAML and checked for the structure their tools require, and every
`scoredsl` command they run must exist (lint and fmt come from their own modules).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from scoredsl.cli import app

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "docs" / "github-actions" / "scoredsl.yml"
PLANNED = {"lint", "fmt"}  # written in parallel with this file; referenced already


def commands() -> set[str]:
    group = typer.main.get_command(app)
    return set(getattr(group, "commands", {})) | PLANNED


def scoredsl_calls(script: str) -> list[list[str]]:
    """Every `scoredsl ...` invocation in a shell snippet, as argument lists."""
    calls = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "scoredsl":
            calls.append(words[1:])
    return calls


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hooks_have_the_required_keys() -> None:
    hooks = load(HOOKS)
    assert isinstance(hooks, list)
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] == "python"  # installs this package into the hook's venv


def test_pre_commit_hooks_run_check_lint_and_fmt_on_score_files() -> None:
    hooks = {hook["id"]: hook for hook in load(HOOKS)}
    assert hooks["scoredsl-check"]["entry"] == "scoredsl check"
    assert hooks["scoredsl-lint"]["entry"] == "scoredsl lint"
    assert hooks["scoredsl-fmt"]["entry"] == "scoredsl fmt --check"
    for hook_id in ("scoredsl-check", "scoredsl-lint", "scoredsl-fmt"):
        assert hooks[hook_id]["files"] == r"\.score$"


@pytest.mark.parametrize("hook", load(HOOKS), ids=lambda hook: hook["id"])
def test_each_hook_runs_an_existing_command(hook: dict[str, Any]) -> None:
    [call] = scoredsl_calls(hook["entry"])
    assert call[0] in commands()


def test_the_test_hook_runs_once_not_per_file() -> None:
    hooks = {hook["id"]: hook for hook in load(HOOKS)}
    assert hooks["scoredsl-test"]["pass_filenames"] is False
    assert hooks["scoredsl-test"]["args"]


# ---------------------------------------------------------------- GitHub Actions


def steps(job: str = "rules") -> list[dict[str, Any]]:
    return list(load(WORKFLOW)["jobs"][job]["steps"])


def test_workflow_structure() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads on: as True
    assert "pull_request" in triggers
    job = workflow["jobs"]["rules"]
    assert job["permissions"]["security-events"] == "write"
    for job in workflow["jobs"].values():
        assert all("uses" in step or "run" in step for step in job["steps"])


def test_workflow_lints_to_sarif_and_uploads_it() -> None:
    runs = [call for step in steps() if "run" in step for call in scoredsl_calls(step["run"])]
    lint = next(call for call in runs if call[0] == "lint")
    sarif = lint[lint.index("--output") + 1]
    assert lint[lint.index("--format") + 1] == "sarif"
    [upload] = [
        s
        for s in steps()
        if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload["with"]["sarif_file"] == sarif
    assert upload["if"] == "always()"


def test_workflow_runs_ruleset_tests_with_coverage_and_junit() -> None:
    runs = [call for step in steps() if "run" in step for call in scoredsl_calls(step["run"])]
    test = next(call for call in runs if call[0] == "test")
    assert "--coverage" in test
    assert test[test.index("--min-coverage") + 1] == "100"
    assert test[test.index("--format") + 1] == "junit"
    assert all(call[0] in commands() for call in runs)


def test_the_workflow_test_command_passes_on_the_bundled_rulesets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The exact `scoredsl test` line of the workflow, run here, exits 0."""
    from typer.testing import CliRunner

    monkeypatch.chdir(ROOT)
    runs = [call for step in steps() if "run" in step for call in scoredsl_calls(step["run"])]
    test = next(call for call in runs if call[0] == "test")
    test[test.index("--output") + 1] = str(tmp_path / "junit.xml")
    result = CliRunner().invoke(app, test)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (tmp_path / "junit.xml").read_text().startswith("<?xml")


def test_review_job_posts_the_markdown_diff_against_the_base_branch() -> None:
    job = load(WORKFLOW)["jobs"]["review"]
    assert job["permissions"]["pull-requests"] == "write"
    assert job["env"]["BASE"] == "${{ github.base_ref }}"
    [checkout] = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be fetched for git show
    runs = [call for step in job["steps"] if "run" in step for call in scoredsl_calls(step["run"])]
    [diff] = [call for call in runs if call[0] == "diff"]
    assert diff[1] == "origin/$BASE:$file" and diff[2] == "$file"
    assert diff[diff.index("--format") + 1] == "markdown"
    assert "gh pr comment" in job["steps"][-1]["run"]
    assert "--body-file comment.md" in job["steps"][-1]["run"]


# ---------------------------------------------------------------- the diff in CI, for real

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
RULES = ROOT / "rulesets" / "b2b_saas.score"
SAMPLE = ROOT / "rulesets" / "data" / "b2b_leads.jsonl"


def _git(repo: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args]
    subprocess.run(command, cwd=repo, check=True, capture_output=True)


def _with_scoredsl() -> dict[str, str]:
    """The environment with this venv's `scoredsl` first on PATH (as `pip install` puts it)."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of `origin` (main: the bundled ruleset and leads) on a branch that lowers the
    hot threshold and adds a ruleset main does not have."""
    origin = tmp_path / "origin"
    (origin / "rulesets" / "data").mkdir(parents=True)
    shutil.copy(RULES, origin / "rulesets" / "b2b_saas.score")
    shutil.copy(SAMPLE, origin / "rulesets" / "data" / "b2b_leads.jsonl")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "rules")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    _git(clone, "checkout", "-q", "-b", "change")
    rules = clone / "rulesets" / "b2b_saas.score"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("tier hot  when score > 70", "tier hot  when score > 10"))
    shutil.copy(RULES, clone / "rulesets" / "brand_new.score")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-qm", "change")
    return clone


@needs_git
def test_the_review_job_writes_the_markdown_diff_of_the_changed_ruleset(
    pull_request: Path,
) -> None:
    job = load(WORKFLOW)["jobs"]["review"]
    [step] = [s for s in job["steps"] if "scoredsl diff" in str(s.get("run", ""))]
    env = {**_with_scoredsl(), "BASE": "main", "LEADS": job["env"]["LEADS"]}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=pull_request, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    comment = (pull_request / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(
        "### Diff `origin/main:rulesets/b2b_saas.score` → `rulesets/b2b_saas.score`"
    )
    assert "| tier changed | `hot` |  | `when score > 70` | `when score > 10` |" in comment
    assert "#### Tier migration" in comment
    assert "brand_new" not in comment  # new in the pull request: nothing to diff against


def _pre_commit_hook() -> dict[str, Any]:
    text = (ROOT / "docs" / "reviewing.md").read_text(encoding="utf-8")
    block = text.split("```yaml\n")[-1].split("```")[0]
    [hook] = yaml.safe_load(block)["repos"][0]["hooks"]
    assert hook["id"] == "scoredsl-diff"
    return dict(hook)


@needs_git
def test_the_documented_pre_commit_hook_refuses_a_change_that_moves_too_many_leads(
    pull_request: Path,
) -> None:
    hook = _pre_commit_hook()
    assert hook["language"] == "system" and hook["files"] == r"\.score$"
    entry = shlex.split(hook["entry"])  # sh -c SCRIPT --, then pre-commit adds the files
    rules = pull_request / "rulesets" / "b2b_saas.score"
    shutil.copy(SAMPLE, pull_request / "rulesets" / "data" / "b2b_leads.jsonl")

    def hook_exit() -> int:
        files = ["rulesets/b2b_saas.score", "rulesets/brand_new.score"]
        done = subprocess.run([*entry, *files], cwd=pull_request, env=_with_scoredsl(),
                              capture_output=True, text=True)  # fmt: skip
        return done.returncode

    assert hook_exit() == 0  # the working copy is HEAD: nothing moves
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("tier hot  when score > 10", "tier hot  when score > 90"))
    assert hook_exit() == 1  # most of the sample leaves hot: more than 10% moved
