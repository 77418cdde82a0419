"""No output option overwrites an input, and a failed run leaves no rejects file (issue 11 item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run

from scoredsl.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE

RULES = 'include "extra.score"\nwhen title == "CTO" add 10\n'
EXTRA = 'when title == "VP" add 5\n'
LEADS = '{"id": "A", "attributes": {"title": "CTO"}}\nnot json\n{"id": "B"}\n'


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "rules": tmp_path / "rules.score",
        "extra": tmp_path / "extra.score",
        "leads": tmp_path / "leads.jsonl",
    }
    paths["rules"].write_text(RULES, encoding="utf-8")
    paths["extra"].write_text(EXTRA, encoding="utf-8")
    paths["leads"].write_text(LEADS, encoding="utf-8")
    return paths


def _contents(files: dict[str, Path]) -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in files.items()}


@pytest.mark.parametrize("option", ["--rejects", "--output"])
@pytest.mark.parametrize("target", ["leads", "rules", "extra"])
def test_score_refuses_an_output_naming_an_input(
    files: dict[str, Path], option: str, target: str
) -> None:
    before = _contents(files)
    code, out, err = run(
        "score", files["rules"], "--leads", files["leads"], "--skip-invalid", option, files[target]
    )
    assert code == EXIT_USAGE, err
    assert "error[SD605]" in err and f"{option} `{files[target]}` is the input file" in err
    assert _contents(files) == before
    assert out == ""


def test_the_same_file_under_another_name_is_refused(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """os.path.samefile, not string equality: a hard link and a `..` detour are the input too."""
    link = tmp_path / "alias.jsonl"
    os.link(files["leads"], link)
    detour = tmp_path / "sub" / ".." / "leads.jsonl"
    (tmp_path / "sub").mkdir()
    for target in (link, detour):
        code, _, err = run(
            "score",
            files["rules"],
            "--leads",
            files["leads"],
            "--skip-invalid",
            "--rejects",
            target,
        )
        assert code == EXIT_USAGE, err
    assert files["leads"].read_text(encoding="utf-8") == LEADS


def test_output_and_rejects_must_differ(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        "score", files["rules"], "--leads", files["leads"], "--skip-invalid",
        "--rejects", out, "-o", out,
    )  # fmt: skip
    assert code == EXIT_USAGE and "SD605" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_other_commands_refuse_overwriting_their_inputs(
    files: dict[str, Path], command: str
) -> None:
    before = _contents(files)
    for target in ("rules", "extra"):
        code, _, err = run(command, files["rules"], "-o", files[target])
        assert code == EXIT_USAGE, err
        assert "SD605" in err
    assert _contents(files) == before


def test_lint_refuses_a_ruleset_inside_a_folder_it_lints(files: dict[str, Path]) -> None:
    code, _, err = run("lint", files["rules"].parent, "-o", files["extra"])
    assert code == EXIT_USAGE and "SD605" in err
    assert files["extra"].read_text(encoding="utf-8") == EXTRA


def test_test_command_refuses_overwriting_a_test_file(tmp_path: Path) -> None:
    case = tmp_path / "a.scoretest"
    case.write_text("whatever\n", encoding="utf-8")
    code, _, err = run("test", tmp_path, "-o", case)
    assert code == EXIT_USAGE and "SD605" in err
    assert case.read_text(encoding="utf-8") == "whatever\n"
    rules = tmp_path / "a.score"
    rules.write_text("when a == 1 add 1\n", encoding="utf-8")
    code, _, err = run("test", tmp_path, "-o", rules)
    assert code == EXIT_USAGE and "SD605" in err
    assert rules.read_text(encoding="utf-8") == "when a == 1 add 1\n"


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_failed_run_leaves_no_rejects_file(
    files: dict[str, Path], tmp_path: Path, engine: str
) -> None:
    """A fatal problem (here: no `id` column) after the rejects file was opened."""
    table = tmp_path / "leads.csv"
    table.write_text("name,title\nA,CTO\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    code, _, err = run(
        "score", files["rules"], "--leads", table, "--skip-invalid", "--rejects", rejects,
        "--engine", engine,
    )  # fmt: skip
    assert code == EXIT_DATA, err
    assert not rejects.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_rejects_file_appears_when_the_run_succeeds(
    files: dict[str, Path], tmp_path: Path, engine: str
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_text("old contents\n", encoding="utf-8")
    code, out, err = run(
        "score", files["rules"], "--leads", files["leads"], "--skip-invalid", "--rejects", rejects,
        "--engine", engine, "-q",
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert len(out.splitlines()) == 2
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"code": "SD501"' in lines[0] and '"line": 2' in lines[0]


def test_a_rejects_file_in_a_missing_folder_is_a_usage_error(
    files: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "rejects.jsonl"
    code, out, err = run(
        "score", files["rules"], "--leads", files["leads"], "--skip-invalid", "--rejects", target
    )
    assert code == EXIT_USAGE, err
    assert "error[SD606]: cannot write" in err and "internal error" not in err
    assert out == ""


@pytest.mark.parametrize("command", ["backtest", "fit"])
@pytest.mark.parametrize("target", ["leads", "rules", "extra", "outcomes"])
def test_backtest_and_fit_refuse_an_output_naming_an_input(
    files: dict[str, Path], command: str, target: str
) -> None:
    """Checked before any scoring: the outcomes file is an input too."""
    files["leads"].write_text('{"id": "A", "attributes": {"title": "CTO"}}\n', encoding="utf-8")
    files["outcomes"] = files["leads"].with_name("outcomes.csv")
    files["outcomes"].write_text("lead_id,converted\nA,1\n", encoding="utf-8")
    before = _contents(files)
    args = [command, files["rules"], "--leads", files["leads"], "--outcomes", files["outcomes"]]
    code, _, err = run(*args, "-o", files[target])
    assert code == EXIT_USAGE, err
    assert "error[SD605]" in err and f"--output `{files[target]}` is the input file" in err
    assert _contents(files) == before


@pytest.mark.parametrize("command", ["backtest", "fit"])
def test_backtest_and_fit_say_when_the_output_cannot_be_written(
    files: dict[str, Path], tmp_path: Path, command: str
) -> None:
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("lead_id,converted\nA,1\n", encoding="utf-8")
    args = [command, files["rules"], "--leads", files["leads"], "--outcomes", outcomes]
    code, _, err = run(*args, "-o", tmp_path / "no" / "such" / "out.txt")
    assert code == EXIT_USAGE, err
    assert "error[SD606]: cannot write" in err and "does not exist" in err


def test_lint_with_data_refuses_an_output_naming_the_leads(files: dict[str, Path]) -> None:
    files["leads"].write_text('{"id": "A", "attributes": {"title": "CTO"}}\n', encoding="utf-8")
    before = _contents(files)
    code, _, err = run("lint", files["rules"], "--leads", files["leads"], "-o", files["leads"])
    assert code == EXIT_USAGE, err
    assert "error[SD605]" in err
    assert _contents(files) == before
