"""`scoredsl fit`: the fitted ruleset checks clean, keeps every rule's condition, kind,
dimension and comments, and ranks held-out leads better than the hand points, close to a
plain scikit-learn logistic regression over the same rules."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from analysis_data import BANK_RULES, BANK_SAMPLE, SYNTHETIC, generate
from helpers import run

from scoredsl import ast
from scoredsl.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE
from scoredsl.parse import parse_with_comments
from scoredsl.source import Source

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.015  # held-out AUC within this of scikit-learn's plain logistic regression


def fit(rules: Path, out: Path, *args: str | Path) -> dict[str, Any]:
    code, stdout, err = run(
        "fit", rules, *args, "--as-of", "2026-11-01", "-o", out, "--format", "json"
    )
    assert code == EXIT_OK, err
    report: dict[str, Any] = json.loads(stdout)
    return report


def _points_free(rule: ast.Rule) -> ast.Rule:
    """A rule with its amount, sign and caps blanked: what fit may not change."""
    modifiers = tuple(
        replace(m, limit=ast.Number(0)) if isinstance(m, ast.Max) else m for m in rule.modifiers
    )
    return replace(rule, points=ast.Number(0), subtract=False, modifiers=modifiers)


def _rules(module: ast.Module) -> list[ast.Rule]:
    found: list[ast.Rule] = []
    for statement in module.statements:
        if isinstance(statement, ast.Rule):
            found.append(statement)
        elif isinstance(statement, ast.Dimension):
            found += [item for item in statement.body if isinstance(item, ast.Rule)]
    return found


def _dimensions(module: ast.Module) -> list[tuple[str, list[str | None]]]:
    return [
        (s.name, [i.name for i in s.body if isinstance(i, ast.Rule)])
        for s in module.statements
        if isinstance(s, ast.Dimension)
    ]


def assert_same_rules(original: Path, fitted: Path) -> None:
    old, old_comments = parse_with_comments(Source.from_file(original))
    new, new_comments = parse_with_comments(Source.from_file(fitted))
    assert [_points_free(r) for r in _rules(new)] == [_points_free(r) for r in _rules(old)]
    assert _dimensions(new) == _dimensions(old)
    kept = {c.text for c in new_comments}
    assert all(c.text in kept for c in old_comments)  # every comment is still there
    others = [s for s in old.statements if not isinstance(s, ast.Dimension | ast.Rule | ast.Tier)]
    assert [
        s for s in new.statements if not isinstance(s, ast.Dimension | ast.Rule | ast.Tier)
    ] == others
    assert [t.name for t in new.statements if isinstance(t, ast.Tier)] == [
        t.name for t in old.statements if isinstance(t, ast.Tier)
    ]


def assert_checks_clean(path: Path) -> None:
    code, _, err = run("check", path)
    assert code == EXIT_OK, err
    assert "no problems" in err


def test_fit_on_generated_leads_beats_the_hand_points(tmp_path: Path) -> None:
    data = generate(tmp_path, leads=1500)
    out = tmp_path / "fitted.score"
    report = fit(
        SYNTHETIC, out, "--leads", data.leads, "--events", data.events, "--outcome", "converted"
    )
    assert_checks_clean(out)
    assert_same_rules(SYNTHETIC, out)
    assert report["evaluated_on"] == "held-out leads"
    assert report["test_leads"] == 450 and report["train_leads"] == 1050
    assert report["new"]["auc"] > report["old"]["auc"] + 0.02
    assert report["new"]["auc"] >= report["reference_auc"] - TARGET
    assert report["new"]["captured_top_30"] >= report["old"]["captured_top_30"]
    assert all(float(r["new_points"]).is_integer() for r in report["rules"])


def test_fit_on_the_bundled_b2b_history(tmp_path: Path) -> None:
    data = ROOT / "rulesets" / "data"
    out = tmp_path / "b2b_fitted.score"
    report = fit(
        ROOT / "rulesets" / "b2b_saas.score", out,
        "--leads", data / "b2b_history_leads.csv", "--events", data / "b2b_history_events.csv",
        "--outcomes", data / "b2b_history_outcomes.csv",
    )  # fmt: skip
    assert_checks_clean(out)
    assert_same_rules(ROOT / "rulesets" / "b2b_saas.score", out)
    assert report["new"]["auc"] > report["old"]["auc"] + 0.02
    assert report["new"]["auc"] >= report["reference_auc"] - TARGET
    assert "schema {" in out.read_text(encoding="utf-8")  # schema, lets, decay, range kept


def test_too_few_leads_to_fit_is_a_clear_error() -> None:
    data = ROOT / "rulesets" / "data"
    code, _, err = run(
        "fit", ROOT / "rulesets" / "b2b_saas.score", "--leads", data / "b2b_leads.jsonl",
        "--outcomes", data / "b2b_outcomes.csv", "--as-of", "2026-11-01",
    )  # fmt: skip
    assert code == EXIT_DATA and "error[SD633]" in err


def test_fit_on_the_real_bank_sample_flips_a_wrong_sign(tmp_path: Path) -> None:
    out = tmp_path / "bank_fitted.score"
    report = fit(BANK_RULES, out, "--leads", BANK_SAMPLE, "--outcome", "output", "--seed", "3")
    assert_checks_clean(out)
    assert_same_rules(BANK_RULES, out)
    assert report["new"]["auc"] > report["old"]["auc"]
    assert report["new"]["auc"] >= report["reference_auc"] - TARGET
    landline = next(r for r in report["rules"] if r["rule"] == "landline")
    assert landline["old_points"] > 0 > landline["new_points"]  # converts below the base rate
    assert 'rule landline: when contact == "telephone" subtract' in out.read_text()
    rare = [r for r in report["rules"] if r["note"] and "too rarely" in r["note"]]
    assert all(r["new_points"] == r["old_points"] for r in rare)


def test_caps_scale_with_their_rule_and_tiers_keep_their_share(tmp_path: Path) -> None:
    data = generate(tmp_path, leads=1500)
    out = tmp_path / "fitted.score"
    report = fit(
        SYNTHETIC, out, "--leads", data.leads, "--events", data.events, "--outcome", "converted"
    )
    visits = next(
        r for r in _rules(parse_with_comments(Source.from_file(out))[0]) if r.name == "visits"
    )
    row = next(r for r in report["rules"] if r["rule"] == "visits")
    if row["new_points"]:
        assert visits.cap == max(1, round(40 * abs(row["new_points"]) / 4))
    shares = {t["tier"]: t["share"] for t in report["tiers"] if t["share"] is not None}
    assert set(shares) == {"hot", "warm"}
    new = {t["tier"]: t["share"] for t in report["new"]["tiers"]}
    old = {t["tier"]: t["share"] for t in report["old"]["tiers"]}
    assert new["hot"] == pytest.approx(old["hot"], abs=0.06)  # held out: close, not equal


def test_header_block_records_the_fit_and_a_refit_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "once.score"
    fit(BANK_RULES, out, "--leads", BANK_SAMPLE, "--outcome", "output")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ---- scoredsl fit")
    assert "held-out leads" in text and "ROC AUC" in text and "bank_random_600.csv" in text
    again = tmp_path / "twice.score"
    fit(out, again, "--leads", BANK_SAMPLE, "--outcome", "output")
    assert again.read_text(encoding="utf-8").count("# ---- scoredsl fit") == 1
    assert_checks_clean(again)


def test_time_split_and_no_holdout_say_what_they_did(tmp_path: Path) -> None:
    data = generate(tmp_path, leads=800)
    args = ["--leads", data.leads, "--events", data.events, "--outcome", "converted"]
    report = fit(SYNTHETIC, tmp_path / "t.score", *args, "--holdout-after", "2026-08-01")
    assert report["split"].startswith("by time: leads with created_at after 2026-08-01")
    assert 0 < report["test_leads"] < 800
    report = fit(SYNTHETIC, tmp_path / "n.score", *args, "--holdout", "0")
    assert report["evaluated_on"].startswith("training leads (no holdout)")
    assert report["test_leads"] == 800


def test_text_report_and_ruleset_on_stdout_without_output(tmp_path: Path) -> None:
    code, out, err = run(
        "fit", BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output", "--as-of", "2026-11-01"
    )
    assert code == EXIT_OK, err
    assert "on the held-out leads" in out
    assert 'ruleset "bank-marketing"' in out  # the fitted ruleset follows the report


def test_fit_errors_are_clear(tmp_path: Path) -> None:
    code, _, err = run("fit", BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "Output_")
    assert code == EXIT_USAGE and "did you mean `output`?" in err
    code, _, err = run(
        "fit", BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output", "--holdout", "150%"
    )
    assert code == EXIT_USAGE and "--holdout" in err


def test_markdown_report_for_a_pull_request(tmp_path: Path) -> None:
    out = tmp_path / "fitted.score"
    code, stdout, err = run(
        "fit", BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output",
        "--as-of", "2026-11-01", "-o", out, "--format", "markdown",
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert stdout.startswith("### `scoredsl fit`: bank-marketing")
    assert "| ROC AUC |" in stdout and "| landline |" in stdout
    assert out.exists()
