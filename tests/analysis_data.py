"""Generated leads with known outcomes for the backtest and fit tests (seeded, so stable).

The outcome follows a hidden logistic model of the generated facts, not the hand points of
tests/data/synthetic.score, so a fit has something to find.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)
HERE = Path(__file__).parent
SYNTHETIC = HERE / "data" / "synthetic.score"
BANK_SAMPLE = HERE / "data" / "bank_random_600.csv"
BANK_RULES = HERE.parent / "rulesets" / "bank_marketing.score"


@dataclass(frozen=True)
class Generated:
    leads: Path  # id, size, role, region, created_at, converted
    events: Path  # lead_id, type, at, url
    outcomes: Path  # lead_id, converted, converted_at, value


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(folder: Path, leads: int = 1500, seed: int = 7) -> Generated:
    rng = random.Random(seed)
    lead_rows, event_rows, outcome_rows = [], [], []
    for n in range(1, leads + 1):
        lead_id = f"S-{n}"
        size = rng.choice([5, 20, 80, 200, 800, 2000])
        role = rng.choice(["buyer", "owner", "user", "user", "student"])
        region = rng.choice(["eu", "us", "apac"])
        created = AS_OF - timedelta(days=rng.randint(1, 365))
        visits = [AS_OF - timedelta(days=rng.uniform(0, 60)) for _ in range(rng.randint(0, 9))]
        pricing = [v for v in visits if rng.random() < 0.3]
        demo = rng.random() < 0.15
        unsub = rng.random() < 0.1
        for at in visits:
            url = "/pricing" if at in pricing else rng.choice(["/blog/a", "/docs", "/"])
            event_rows.append([lead_id, "page.visited", _stamp(at), url])
        if demo:
            event_rows.append([lead_id, "form.submitted", _stamp(AS_OF - timedelta(days=3)), ""])
        if unsub:
            event_rows.append(
                [lead_id, "email.unsubscribed", _stamp(AS_OF - timedelta(days=9)), ""]
            )
        recent = sum(1 for v in visits if AS_OF - v <= timedelta(days=30))
        logit = (
            -3.0
            + 1.2 * (size >= 500)
            + 0.6 * (50 <= size < 500)
            + 1.5 * (role in ("buyer", "owner"))
            - 1.0 * (role == "student")
            + 0.12 * min(recent, 10)
            + 1.0 * any(AS_OF - p <= timedelta(days=30) for p in pricing)
            + 1.5 * demo
            - 1.0 * unsub
        )
        converted = rng.random() < 1 / (1 + math.exp(-logit))
        won_at = AS_OF + timedelta(days=rng.randint(1, 80)) if converted else None
        lead_rows.append(
            [lead_id, size, role, region, _stamp(created), "yes" if converted else "no"]
        )
        outcome_rows.append(
            [
                lead_id,
                int(converted),
                _stamp(won_at) if won_at else "",
                rng.randint(1, 9) * 1000 if converted else "",
            ]
        )
    found = Generated(folder / "leads.csv", folder / "events.csv", folder / "outcomes.csv")
    _write(found.leads, ["id", "size", "role", "region", "created_at", "converted"], lead_rows)
    _write(found.events, ["lead_id", "type", "at", "url"], event_rows)
    _write(found.outcomes, ["lead_id", "converted", "converted_at", "value"], outcome_rows)
    return found


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
