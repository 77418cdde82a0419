"""`scoredsl backtest`: its figures agree with an independent pandas + scikit-learn
computation (scores and fired flags from explain, outcomes read by pandas), Python and
DuckDB give the same JSON, leakage is named, and bad outcomes are clear errors."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from analysis_data import AS_OF, BANK_RULES, BANK_SAMPLE, SYNTHETIC, generate
from helpers import assert_golden, run
from sklearn.metrics import roc_auc_score

import scoredsl
from scoredsl.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE
from scoredsl.io.readers import LeadReader

ROOT = Path(__file__).resolve().parents[1]
B2B = ROOT / "rulesets" / "b2b_saas.score"
B2B_LEADS = ROOT / "rulesets" / "data" / "b2b_leads.jsonl"
B2B_OUTCOMES = ROOT / "rulesets" / "data" / "b2b_outcomes.csv"


def backtest_json(*args: str | Path) -> dict[str, Any]:
    code, out, err = run("backtest", *args, "--format", "json", "--as-of", "2026-11-01")
    assert code == EXIT_OK, err
    data: dict[str, Any] = json.loads(out)
    return data


# ---------------------------------------------------------------- independent figures


def explained(rules: Path, leads: Path, events: Path | None) -> pd.DataFrame:
    """One row a lead: score, tier, dimensions and each rule's fired flag, from explain."""
    ruleset = scoredsl.load(rules)
    rows = []
    with LeadReader(leads, events) as reader:
        for record in reader:
            why = ruleset.explain(record.lead, AS_OF)
            row: dict[str, Any] = {"id": why.lead_id, "score": why.result.score}
            row["tier"] = why.result.tier
            row.update({f"dim:{k}": v for k, v in why.result.scores.items()})
            row.update({f"rule:{r.rule}": r.fired for r in why.rules})
            rows.append(row)
    return pd.DataFrame(rows)


def expected_figures(frame: pd.DataFrame, y: pd.Series) -> dict[str, Any]:
    n, positives = len(frame), int(y.sum())
    base = positives / n
    tiers = {}
    for tier, group in frame.groupby(frame["tier"].fillna("<none>"), sort=False):
        conv = int(y[group.index].sum())
        tiers[tier] = (len(group), conv, conv / len(group))
    rules = {}
    for column in [c for c in frame.columns if c.startswith("rule:")]:
        fired = frame[column].astype(bool)
        when = y[fired].mean() if fired.any() else None
        rules[column[5:]] = (int(fired.sum()), when, y[~fired].mean() if (~fired).any() else None)
    best = frame.sort_values("score", ascending=False, kind="stable").index
    gains = []
    for share in [i / 10 for i in range(1, 11)]:
        k = min(n, math.floor(share * n + 0.5))
        gains.append(int(y[best[:k]].sum()) / positives)
    worst = frame.sort_values("score", kind="stable").index
    bands = [
        float(y[worst[b * n // 10 : (b + 1) * n // 10]].mean()) for b in range(10) if n // 10 or b
    ]
    return {
        "leads": n,
        "conversions": positives,
        "base_rate": base,
        "auc": roc_auc_score(y, frame["score"]),
        "dims": {c[4:]: roc_auc_score(y, frame[c]) for c in frame.columns if c.startswith("dim:")},
        "tiers": tiers,
        "rules": rules,
        "gains": gains,
        "bands": bands,
    }


def assert_agrees(report: dict[str, Any], expected: dict[str, Any]) -> None:
    for key in ("leads", "conversions"):
        assert report[key] == expected[key]
    assert report["base_rate"] == pytest.approx(expected["base_rate"])
    assert report["auc"] == pytest.approx(expected["auc"])
    assert report["dimension_auc"] == pytest.approx(expected["dims"])
    tiers = {
        row["tier"] or "<none>": (row["leads"], row["conversions"], row["rate"])
        for row in report["tiers"]
        if row["leads"]
    }
    assert set(tiers) == set(expected["tiers"])
    for name, (leads, conversions, rate) in expected["tiers"].items():
        assert tiers[name][:2] == (leads, conversions)
        assert tiers[name][2] == pytest.approx(rate)
    for row in report["rules"]:
        fired, when, when_not = expected["rules"][row["rule"]]
        assert row["fired"] == fired
        assert row["rate_when_fired"] == pytest.approx(when)
        assert row["rate_when_not_fired"] == pytest.approx(when_not)
        if when is not None:
            assert row["lift"] == pytest.approx(when / expected["base_rate"])
    assert [g["captured"] for g in report["gains"]] == pytest.approx(expected["gains"])
    assert [b["rate"] for b in report["bands"]] == pytest.approx(expected["bands"])


def test_figures_agree_with_pandas_on_the_real_bank_sample() -> None:
    report = backtest_json(BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output")
    frame = explained(BANK_RULES, BANK_SAMPLE, None)
    y = pd.read_csv(BANK_SAMPLE)["output"].str.lower().eq("yes")
    assert_agrees(report, expected_figures(frame, y))


def test_figures_agree_with_pandas_on_generated_leads_with_events(tmp_path: Path) -> None:
    data = generate(tmp_path, leads=400)
    report = backtest_json(
        SYNTHETIC, "--leads", data.leads, "--events", data.events, "--outcomes", data.outcomes
    )
    frame = explained(SYNTHETIC, data.leads, data.events)
    outcomes = pd.read_csv(data.outcomes).set_index("lead_id").loc[frame["id"]]
    y = pd.Series(outcomes["converted"].to_numpy() == 1, index=frame.index)
    assert_agrees(report, expected_figures(frame, y))
    assert sum(row["value"] for row in report["tiers"]) == pytest.approx(
        outcomes["value"].fillna(0).sum()
    )


# ---------------------------------------------------------------- engines agree


def _event_led_outcomes(tmp_path: Path) -> Path:
    ids = pd.read_csv(ROOT / "rulesets" / "data" / "event_leads.csv")["id"]
    path = tmp_path / "event_outcomes.jsonl"
    lines = [json.dumps({"lead_id": i, "converted": n % 3 == 0}) for n, i in enumerate(ids)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CASES = ["b2b", "event_led", "synthetic", "bank"]


@pytest.mark.parametrize("case", CASES)
def test_python_and_duckdb_give_the_same_json(case: str, tmp_path: Path) -> None:
    data = ROOT / "rulesets" / "data"
    if case == "b2b":
        args: list[str | Path] = [B2B, "--leads", B2B_LEADS, "--outcomes", B2B_OUTCOMES]
    elif case == "event_led":
        args = [ROOT / "rulesets" / "event_led.score", "--leads", data / "event_leads.csv"]
        args += ["--events", data / "event_events.csv", "--outcomes", _event_led_outcomes(tmp_path)]
    elif case == "synthetic":
        made = generate(tmp_path, leads=300)
        args = [SYNTHETIC, "--leads", made.leads, "--events", made.events, "--outcome", "converted"]
    else:
        args = [BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output"]
    python = backtest_json(*args, "--engine", "python")
    duckdb = backtest_json(*args, "--engine", "duckdb")
    assert python == duckdb
    assert python["leads"] > 0


# ---------------------------------------------------------------- what a user reads


def test_point_in_time_outcomes_leave_out_earlier_conversions(tmp_path: Path) -> None:
    outcomes = tmp_path / "won.csv"
    outcomes.write_text(
        "lead_id,converted,converted_at\n"
        "L-1001,1,2026-10-15\n"  # before as-of: left out
        "L-1002,1,2026-11-20\n"  # inside the horizon: converted
        "L-1003,1,2027-06-01\n"  # after the horizon: not (yet) converted
        "L-1004,0,\n",
        encoding="utf-8",
    )
    report = backtest_json(B2B, "--leads", B2B_LEADS, "--outcomes", outcomes)
    assert report["excluded_converted_before"] == 1
    assert report["leads"] == 9
    assert report["conversions"] == 1
    warnings = {w["code"] for w in report["warnings"]}
    assert "no-outcome" in warnings  # 6 leads without a row count as not converted


def test_a_rule_on_call_duration_is_named_as_leakage(tmp_path: Path) -> None:
    rules = tmp_path / "leaky.score"
    text = BANK_RULES.read_text(encoding="utf-8")
    rules.write_text(
        text.replace(
            "score history {", "score history {\n  rule short_call: when duration < 90 subtract 20"
        ),
        encoding="utf-8",
    )
    report = backtest_json(rules, "--leads", BANK_SAMPLE, "--outcome", "output")
    leaks = {w["subject"] for w in report["warnings"] if w["code"] == "leakage"}
    assert "short_call" in leaks
    assert "duration" in leaks  # the attribute itself, found without any rule
    short = next(r for r in report["rules"] if r["rule"] == "short_call")
    assert short["leakage"] is True
    assert not any(r["leakage"] for r in report["rules"] if r["rule"] != "short_call")


def test_contradicting_rules_are_flagged() -> None:
    report = backtest_json(BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output")
    landline = next(r for r in report["rules"] if r["rule"] == "landline")
    assert landline["points"] > 0 and landline["rate_when_fired"] < report["base_rate"]
    assert landline["contradicts"] is True


def test_top_cut_and_thresholds() -> None:
    report = backtest_json(
        BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "output", "--top", "20%"
    )
    top = report["top"]
    assert top["share"] == 0.2
    assert top["leads"] >= 120  # every lead at or above the cut, ties included
    hot = next(t for t in report["thresholds"] if t["tier"] == "hot")
    assert hot["threshold"] == 40
    moved = [m["threshold"] for m in hot["moves"]]
    step = moved[2] - 40
    assert step > 0 and moved == [40 - 2 * step, 40 - step, 40 + step, 40 + 2 * step]
    lower = [m["leads"] for m in hot["moves"]]
    assert lower == sorted(lower, reverse=True)


def test_text_report_is_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(
        "backtest", "rulesets/b2b_saas.score", "--leads", "rulesets/data/b2b_leads.jsonl",
        "--outcomes", "rulesets/data/b2b_outcomes.csv", "--as-of", "2026-11-01",
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert_golden(out, ROOT / "tests" / "golden" / "analysis" / "b2b_backtest.txt")


def test_json_has_the_issue_field_names() -> None:
    report = backtest_json(B2B, "--leads", B2B_LEADS, "--outcomes", B2B_OUTCOMES)
    assert {"leads", "conversions", "base_rate", "auc", "tiers", "rules", "gains", "bands"} <= set(
        report
    )
    assert set(report["tiers"][0]) >= {"tier", "leads", "conversions", "rate", "lift"}
    assert set(report["rules"][0]) >= {
        "rule",
        "fired",
        "rate_when_fired",
        "rate_when_not_fired",
        "lift",
    }


# ---------------------------------------------------------------- errors


def test_missing_outcome_column_suggests_the_close_one() -> None:
    code, _, err = run("backtest", BANK_RULES, "--leads", BANK_SAMPLE, "--outcome", "outptu")
    assert code == EXIT_USAGE
    assert "error[SD530]" in err and "did you mean `output`?" in err


def test_no_positives_is_an_error(tmp_path: Path) -> None:
    outcomes = tmp_path / "none.csv"
    outcomes.write_text("lead_id,converted\nL-1001,no\nL-1002,false\n", encoding="utf-8")
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcomes", outcomes)
    assert code == EXIT_DATA
    assert "error[SD534]: no lead converted" in err


def test_unknown_lead_id_points_at_its_line(tmp_path: Path) -> None:
    outcomes = tmp_path / "won.csv"
    outcomes.write_text("lead_id,converted\nL-1001,1\nL-1O02,0\n", encoding="utf-8")
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcomes", outcomes)
    assert code == EXIT_DATA
    assert "error[SD532]" in err and f"{outcomes}:3" in err
    assert "did you mean `L-1002`?" in err


def test_duplicate_outcome_and_bad_value_point_at_lines(tmp_path: Path) -> None:
    twice = tmp_path / "twice.csv"
    twice.write_text("lead_id,converted\nL-1001,1\nL-1001,0\n", encoding="utf-8")
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcomes", twice)
    assert code == EXIT_DATA and "error[SD533]" in err and f"{twice}:3" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("lead_id,converted\nL-1001,maybe\n", encoding="utf-8")
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcomes", bad)
    assert code == EXIT_DATA and "error[SD531]" in err and f"{bad}:2" in err


def test_bad_value_in_an_outcome_column_names_the_line(tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("id,job,won\nA,student,yes\nB,retired,perhaps\n", encoding="utf-8")
    for engine in ("python", "duckdb"):
        code, _, err = run(
            "backtest", BANK_RULES, "--leads", leads, "--outcome", "won", "--engine", engine
        )
        assert code == EXIT_DATA, err
        assert f"{leads}:3" in err and "`perhaps`" in err


def test_outcome_and_outcomes_are_one_or_the_other() -> None:
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS)
    assert code == EXIT_USAGE and "--outcome COLUMN or --outcomes FILE" in err
    code, _, err = run(
        "backtest", B2B, "--leads", B2B_LEADS, "--outcome", "x", "--outcomes", B2B_OUTCOMES
    )
    assert code == EXIT_USAGE


def test_converted_at_needs_as_of() -> None:
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcomes", B2B_OUTCOMES)
    assert code == EXIT_USAGE and "needs --as-of" in err


def test_missing_scikit_learn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # every import of it fails
    code, _, err = run("backtest", B2B, "--leads", B2B_LEADS, "--outcome", "x")
    assert code == EXIT_USAGE
    assert "pip install 'scoredsl[analysis]'" in err


def test_outcomes_read_the_same_from_csv_json_lines_and_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.read_csv(B2B_OUTCOMES, dtype={"converted_at": str})
    rows = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]
    jsonl = tmp_path / "won.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    parquet = tmp_path / "won.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    expected = backtest_json(B2B, "--leads", B2B_LEADS, "--outcomes", B2B_OUTCOMES)
    for path in (jsonl, parquet):
        found = backtest_json(B2B, "--leads", B2B_LEADS, "--outcomes", path)
        assert {k: v for k, v in found.items() if k != "warnings"} == {
            k: v for k, v in expected.items() if k != "warnings"
        }
