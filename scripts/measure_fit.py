"""Measure `scoredsl fit` against its target (issue 9): on held-out leads, the fitted
ruleset's ROC AUC within 0.015 of a plain scikit-learn logistic regression over the same
rules, and above the hand points. Prints one markdown table row per data set.

    python scripts/measure_fit.py            # the bank-marketing data and generated leads

The bank data gets its `id` column from scripts/bank_marketing_sample.py (it has none); the
generated leads are tests/analysis_data.py's (the synthetic ruleset's hidden model).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "rulesets" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from analysis_data import SYNTHETIC, generate  # noqa: E402


def fit(args: list[str | Path], out: Path) -> dict[str, object]:
    command = [sys.executable, "-c", "from scoredsl.cli import main; main()", "fit"]
    command += [str(a) for a in args]
    command += ["--as-of", "2026-11-01", "--format", "json", "-o", str(out)]
    found = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    report: dict[str, object] = json.loads(found)
    return report


def row(name: str, report: dict[str, object]) -> str:
    old, new = report["old"], report["new"]
    assert isinstance(old, dict) and isinstance(new, dict)
    reference = report["reference_auc"]
    assert isinstance(reference, float)
    gap = reference - new["auc"]
    return (
        f"| {name} | {report['test_leads']} | {old['auc']:.3f} | {new['auc']:.3f} | "
        f"{reference:.3f} | {gap:+.3f} | {old['captured_top_30']:.1%} | {new['captured_top_30']:.1%} |"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bank = work / "bank.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "bank_marketing_sample.py"), str(bank)],
            check=True,
        )
        made = generate(work, leads=5000)
        rows = [
            row(
                "bank-marketing (41,188 calls)",
                fit(
                    [
                        ROOT / "rulesets" / "bank_marketing.score",
                        "--leads",
                        bank,
                        "--outcome",
                        "output",
                    ],
                    work / "b.score",
                ),
            ),
            row(
                "bundled B2B history (1,200 leads with events)",
                fit(
                    [
                        ROOT / "rulesets" / "b2b_saas.score",
                        "--leads",
                        DATA / "b2b_history_leads.csv",
                        "--events",
                        DATA / "b2b_history_events.csv",
                        "--outcomes",
                        DATA / "b2b_history_outcomes.csv",
                    ],
                    work / "h.score",
                ),
            ),
            row(
                "generated leads with events (5,000)",
                fit(
                    [
                        SYNTHETIC,
                        "--leads",
                        made.leads,
                        "--events",
                        made.events,
                        "--outcomes",
                        made.outcomes,
                    ],
                    work / "s.score",
                ),
            ),
        ]
    print(
        "| data | held-out leads | AUC hand points | AUC fitted | AUC scikit-learn | gap | top 30% hand | top 30% fitted |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
