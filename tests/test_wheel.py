"""The built wheel works outside the repo: grammar inside, console script, example scored.

The wheel and the venv it is installed in are built once per run (tests/conftest.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def test_wheel_ships_the_grammar(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "scoredsl/grammar/scoredsl.lark" in names


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_scores(wheel_bin: Path, tmp_path: Path) -> None:
    bin_dir = wheel_bin
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "rulesets" / "event_led.score", work)
    for name in ("event_leads.csv", "event_events.csv"):
        shutil.copy(ROOT / "rulesets" / "data" / name, work)
    result = subprocess.run(
        [
            str(bin_dir / "scoredsl"),
            "score",
            "event_led.score",
            "--leads",
            "event_leads.csv",
            "--events",
            "event_events.csv",
            "--as-of",
            "2026-11-01",
            "--quiet",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first == {"lead_id": "E-2001", "score": 65.1, "scores": {}, "tier": "sales_ready"}


def test_wheel_ships_the_test_grammar_and_the_pygments_entry_point(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    assert "scoredsl/grammar/scoredsl_test.lark" in archive.namelist()
    [entry_points] = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
    text = archive.read(entry_points).decode()
    assert "[pygments.lexers]" in text
    assert "scoredsl = scoredsl.highlight:ScoreDSLLexer" in text


@pytest.mark.slow
def test_installed_wheel_runs_ruleset_tests_and_pygmentize(wheel_bin: Path, tmp_path: Path) -> None:
    bin_dir = wheel_bin
    work = tmp_path / "elsewhere"
    work.mkdir()
    for name in ("event_led.score", "event_led.scoretest"):
        shutil.copy(ROOT / "rulesets" / name, work)
    tested = subprocess.run(
        [str(bin_dir / "scoredsl"), "test", ".", "--min-coverage", "100"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed in 1 test file" in tested.stdout
    lexed = subprocess.run(
        [str(bin_dir / "pygmentize"), "-l", "scoredsl-test", "-f", "html", "event_led.scoretest"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '<span class="k">expect</span>' in lexed.stdout
