"""The differential data corpus: every odd input in tests/corpus/ gives the same exit code,
records, messages and rejects on the Python and the DuckDB engine, and the pinned answer
(tests/corpus/README.md). Run with UPDATE_GOLDEN=1 to rewrite expected.txt files."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scoredsl.cli import app

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ENGINES = ("python", "duckdb")


def _one(case: Path, stem: str) -> Path | None:
    found = sorted(p for p in case.glob(f"{stem}.*") if p.suffix in (".jsonl", ".csv", ".parquet"))
    assert len(found) <= 1, f"{case.name}: more than one {stem} file"
    return found[0] if found else None


def run_case(case: Path, engine: str, tmp_path: Path) -> str:
    """The whole outcome of `scoredsl score` on a case, as one text with stable paths."""
    leads = _one(case, "leads")
    assert leads is not None, f"{case.name} has no leads file"
    events = _one(case, "events")
    rules = case / "rules.score" if (case / "rules.score").exists() else CORPUS / "rules.score"
    extra = (
        shlex.split((case / "args").read_text(encoding="utf-8")) if (case / "args").exists() else []
    )
    args = ["score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01", "-q"]
    args += ["--events", str(events)] if events else []
    rejects = tmp_path / f"rejects-{engine}.jsonl"
    args += ["--rejects", str(rejects)] if "--skip-invalid" in extra else []
    result = CliRunner().invoke(app, [*args, *extra, "--engine", engine])
    rejected = rejects.read_text(encoding="utf-8") if rejects.exists() else "(none)\n"
    text = (
        f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        f"--- rejects\n{rejected}"
    )
    return text.replace(str(case) + os.sep, "").replace(str(CORPUS) + os.sep, "")


@pytest.mark.parametrize("name", CASES)
def test_engines_agree_on_the_corpus(name: str, tmp_path: Path) -> None:
    case = CORPUS / name
    python, duckdb = (run_case(case, engine, tmp_path) for engine in ENGINES)
    assert "internal error" not in python + duckdb
    assert duckdb == python
    expected = case / "expected.txt"
    if UPDATE or not expected.exists():
        expected.write_text(python, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"created {expected}; review it and run again")
    assert python == expected.read_text(encoding="utf-8")
