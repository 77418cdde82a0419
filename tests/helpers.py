"""Helpers the tests share: leads and events relative to one as_of, scoring, the
diagnostics a text raises, the CLI through typer's runner, golden files, the bundled
examples. Imported as `from helpers import ...` (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import scoredsl
from scoredsl.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rulesets" / "data"
# 2026-11-01T00:00:00Z: the as_of of the spec tests, so ages are easy to work out by hand.
AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)

# The bundled examples and the inputs each is scored on.
EXAMPLES = {
    "b2b_saas": ["--leads", str(DATA / "b2b_leads.jsonl")],
    "event_led": [
        "--leads",
        str(DATA / "event_leads.csv"),
        "--events",
        str(DATA / "event_events.csv"),
    ],
    "ecommerce": ["--leads", str(DATA / "shoppers.jsonl")],
}


# ---------------------------------------------------------------- leads and events


def ago(days: float = 0, **delta: float) -> str:
    """ISO text (Z) of the instant this long before AS_OF; `delta` as timedelta's keywords."""
    moment = AS_OF - timedelta(days=days, **delta)
    return moment.isoformat().replace("+00:00", "Z")


def event_at(type_: str, at: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event at the instant `at` (any `at` form the spec allows)."""
    event: dict[str, Any] = {"type": type_, "at": at}
    if props is not None:
        event["props"] = props
    return event


def ev(
    type_: str, days: float = 1, props: dict[str, Any] | None = None, **delta: float
) -> dict[str, Any]:
    """An event `days` (and `delta`, timedelta's keywords) before AS_OF."""
    return event_at(type_, ago(days, **delta), props)


def lead(
    attributes: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    id_: str = "L-1",
) -> dict[str, Any]:
    return {"id": id_, "attributes": attributes or {}, "events": events or []}


def numbered(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leads with the ids L-0, L-1, ... (generated leads may share one)."""
    return [{**one, "id": f"L-{i}"} for i, one in enumerate(batch)]


# ---------------------------------------------------------------- scoring and diagnostics


def score(
    text: str, the_lead: dict[str, Any] | None = None, as_of: str = "2026-11-01"
) -> scoredsl.ScoreResult:
    """The result of the ruleset `text` for `the_lead` (a lead with nothing by default)."""
    return scoredsl.loads(text).score(the_lead if the_lead is not None else lead(), as_of=as_of)


def errors(text: str) -> list[Any]:
    """The diagnostics loading `text` raises (it must raise)."""
    with pytest.raises(scoredsl.ScoreDSLError) as info:
        scoredsl.loads(text)
    return list(info.value.diagnostics)


def error_lines(text: str, code: str) -> list[int]:
    """The lines of the `code` diagnostics loading `text` raises."""
    return [d.span.line for d in errors(text) if d.code == code and d.span is not None]


def find(diagnostics: list[Any], code: str) -> Any:
    """The first diagnostic with `code` (failing with every code and message when none)."""
    found = [d for d in diagnostics if d.code == code]
    assert found, [(d.code, d.message) for d in diagnostics]
    return found[0]


# ---------------------------------------------------------------- the CLI and golden files


def run(*args: str | Path) -> tuple[int, str, str]:
    """`scoredsl ARGS...` through typer's runner: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def assert_golden(actual: str, expected_file: Path) -> None:
    """`actual` is the golden file's text. UPDATE_GOLDEN=1 rewrites the file after an
    intended change; a missing one is written and the test fails so that it is reviewed."""
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    if update or not expected_file.exists():
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"created {expected_file.name}; review it and run again")
    assert actual == expected_file.read_text(encoding="utf-8")
