"""The CLI as a user runs it: exit codes, formats, errors with file:line, rejects."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run

from scoredsl.cli import EXIT_DATA, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

RULES = """\
ruleset "cli-test"
schema {
  attribute title: string
  attribute company.size: number
  event page.visited { url: string }
}
score fit { rule cto: when title == "CTO" add 10 }
score engagement {
  rule pricing: when page.visited where url contains "/pricing" add 15
  decay 50% after 30d
}
tier hot when score >= 20
tier cold otherwise
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.score"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.jsonl"
    rows = [
        {
            "id": "A",
            "attributes": {"title": "cto"},
            "events": [
                {"type": "page.visited", "at": "2026-10-30", "props": {"url": "/pricing"}},
                {"type": "page.visited", "at": "2026-09-01", "props": {"url": "/pricing"}},
            ],
        },
        {"id": 7, "attributes": {"title": "Intern"}},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_check_clean_file_exits_0(rules: Path) -> None:
    code, _, err = run("check", str(rules))
    assert code == EXIT_OK and "no problems" in err


def test_check_broken_file_exits_1_with_caret(tmp_path: Path) -> None:
    bad = tmp_path / "bad.score"
    bad.write_text("when email.opened add\n", encoding="utf-8")
    code, _, err = run("check", str(bad))
    assert code == EXIT_FINDINGS
    assert f"{bad}:1:22: error[SD001]" in err
    assert "1 | when email.opened add" in err and "^" in err


def test_check_json_lists_diagnostics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.score"
    bad.write_text("decay 150% after 30d\n", encoding="utf-8")
    code, out, _ = run("check", str(bad), "--format", "json")
    assert code == EXIT_FINDINGS
    [diag] = json.loads(out)
    assert diag["code"] == "SD404" and diag["location"]["line"] == 1


def test_unknown_event_with_schema_suggests_the_declared_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.score"
    bad.write_text(
        RULES.replace("rule pricing: when page.visited", "rule pricing: when page.visted")
    )
    code, _, err = run("check", str(bad))
    assert code == EXIT_FINDINGS and "SD302" in err and "did you mean `page.visited`?" in err


def test_score_jsonl_records_follow_spec_11(rules: Path, leads: Path) -> None:
    code, out, err = run("score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01")
    assert code == EXIT_OK
    first, second = map(json.loads, out.splitlines())
    # A: fit 10; engagement 15 (2d old) + 15 * 0.5 (61d old) = 22.5; total 32.5 -> hot
    assert first == {
        "lead_id": "A",
        "score": 32.5,
        "scores": {"fit": 10.0, "engagement": 22.5},
        "tier": "hot",
    }
    assert second == {
        "lead_id": "7",
        "score": 0.0,
        "scores": {"fit": 0.0, "engagement": 0.0},
        "tier": "cold",
    }
    assert "read 2 leads: 2 scored, 0 rejected" in err


def test_score_csv_has_one_column_per_dimension(rules: Path, leads: Path) -> None:
    code, out, _ = run(
        "score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01", "--format", "csv"
    )
    assert code == EXIT_OK
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["lead_id", "score", "fit", "engagement", "tier"]
    assert rows[1] == ["A", "32.5", "10.0", "22.5", "hot"]


def test_score_table_is_for_people(rules: Path, leads: Path) -> None:
    code, out, _ = run(
        "score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01", "--format", "table"
    )
    assert code == EXIT_OK and "32.50" in out and "engagement" in out


def test_score_output_file_written(rules: Path, leads: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run(
        "score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01", "-o", str(target)
    )
    assert code == EXIT_OK and out == ""
    assert len(target.read_text().splitlines()) == 2


def test_bad_as_of_is_a_usage_error(rules: Path, leads: Path) -> None:
    code, _, err = run("score", str(rules), "--leads", str(leads), "--as-of", "last tuesday")
    assert code == EXIT_USAGE and "SD601" in err and "ISO 8601" in err


def test_rejects_needs_skip_invalid(rules: Path, leads: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "score", str(rules), "--leads", str(leads), "--rejects", str(tmp_path / "r.jsonl")
    )
    assert code == EXIT_USAGE and "--skip-invalid" in err


def _broken_csv(tmp_path: Path) -> tuple[Path, Path]:
    leads = tmp_path / "leads.csv"
    leads.write_text("id,title,company.size\nA,CTO,800\nB,VP,12\n", encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text(
        "lead_id,type,at,url\nA,page.visited,2026-10-30,/pricing\nB,page.visited,not-a-date,/pricing\n",
        encoding="utf-8",
    )
    return leads, events


def test_broken_csv_row_stops_the_run_with_file_and_line(rules: Path, tmp_path: Path) -> None:
    leads, events = _broken_csv(tmp_path)
    out_file = tmp_path / "scores.jsonl"
    code, _, err = run(
        "score",
        str(rules),
        "--leads",
        str(leads),
        "--events",
        str(events),
        "--as-of",
        "2026-11-01",
        "-o",
        str(out_file),
    )
    assert code == EXIT_DATA
    assert f"{events}:3:" in err and "SD506" in err and "not-a-date" in err
    assert not out_file.exists(), "no partial output is left behind"


def test_skip_invalid_writes_rejects_and_counts_add_up(rules: Path, tmp_path: Path) -> None:
    leads, events = _broken_csv(tmp_path)
    rejects = tmp_path / "rejects.jsonl"
    code, out, err = run(
        "score",
        str(rules),
        "--leads",
        str(leads),
        "--events",
        str(events),
        "--as-of",
        "2026-11-01",
        "--skip-invalid",
        "--rejects",
        str(rejects),
    )
    assert code == EXIT_OK
    assert [json.loads(line)["lead_id"] for line in out.splitlines()] == ["A"]
    assert "read 2 leads: 1 scored, 1 rejected" in err
    rejected = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert {r["code"] for r in rejected} >= {"SD506"}


def test_explain_text_names_rules_and_tier(rules: Path, leads: Path) -> None:
    code, out, _ = run(
        "explain", str(rules), "--leads", str(leads), "--lead", "7", "--as-of", "2026-11-01"
    )
    assert code == EXIT_OK
    assert 'why not: title is "Intern", not == "CTO"' in out
    assert "no `page.visited` event" in out
    assert "tier: cold" in out


def test_explain_json_has_every_rule(rules: Path, leads: Path) -> None:
    code, out, _ = run(
        "explain",
        str(rules),
        "--leads",
        str(leads),
        "--lead",
        "A",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    )
    assert code == EXIT_OK
    data = json.loads(out)
    assert [r["rule"] for r in data["rules"]] == ["cto", "pricing"]
    pricing = data["rules"][1]
    assert [e["decay_factor"] for e in pricing["events"]] == [1.0, 0.5]
    assert data["result"]["score"] == 32.5


def test_explain_unknown_lead_suggests_close_ids(rules: Path, leads: Path) -> None:
    code, _, err = run(
        "explain", str(rules), "--leads", str(leads), "--lead", "AA", "--as-of", "2026-11-01"
    )
    assert code == EXIT_USAGE and "SD602" in err


def test_missing_rules_file_is_a_usage_error(tmp_path: Path, leads: Path) -> None:
    code, _, err = run("score", str(tmp_path / "nope.score"), "--leads", str(leads))
    assert code == EXIT_USAGE and "SD004" in err and "nope.score" in err


def test_hostile_regex_on_long_value_scores_safely(tmp_path: Path) -> None:
    rules = tmp_path / "r.score"
    rules.write_text('when note matches "(a+)+$" add 1\n', encoding="utf-8")
    leads = tmp_path / "l.jsonl"
    leads.write_text(json.dumps({"id": "x", "attributes": {"note": "a" * 100_000 + "!"}}) + "\n")
    code, out, _ = run("score", str(rules), "--leads", str(leads), "--as-of", "2026-11-01")
    assert code == EXIT_OK and json.loads(out)["score"] == 0.0


def test_check_warns_when_once_or_max_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.score"
    path.write_text('when title == "CTO" add 5 once\nwhen count(a.b) > 2 add 1 max 3\n')
    code, _, err = run("check", str(path))
    assert code == EXIT_OK
    assert f"{path}:1:27: warning[SD410]" in err and f"{path}:2:27: warning[SD410]" in err
