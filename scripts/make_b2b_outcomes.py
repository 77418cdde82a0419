"""Write rulesets/data/b2b_outcomes.csv: made-up outcomes for the bundled B2B leads, so that
`scoredsl backtest` runs on the bundled example (see the README, "Tuning on outcomes").

Each lead converts with a chance that grows with its score as of 2026-11-01 (a fixed seed, so
the file is reproducible); a conversion gets a date 1-120 days later (a few fall outside the
default 90-day horizon) and a deal value. Run from the repository root:

    python scripts/make_b2b_outcomes.py
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import scoredsl
from scoredsl.io.readers import LeadReader

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)


def main() -> None:
    ruleset = scoredsl.load(ROOT / "rulesets/b2b_saas.score")
    rng = random.Random(20261101)
    rows = []
    with LeadReader(ROOT / "rulesets/data/b2b_leads.jsonl") as reader:
        for record in reader:
            score = ruleset.score(record.lead, AS_OF).score
            chance = 1 / (1 + math.exp(-(score - 45) / 15))
            converted = rng.random() < chance
            at = AS_OF + timedelta(days=rng.randint(1, 120)) if converted else None
            value = rng.choice([6000, 12000, 24000, 48000]) if converted else None
            rows.append(
                [
                    record.lead.id,
                    int(converted),
                    at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else "",
                    value or "",
                ]
            )
    with (ROOT / "rulesets/data/b2b_outcomes.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["lead_id", "converted", "converted_at", "value"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
