"""Write a larger, made-up B2B history for `rulesets/b2b_saas.score`: 1,200 leads with
events and known outcomes, so `scoredsl backtest` and `scoredsl fit` have something to
learn from on a bundled example (the 10 leads of b2b_leads.jsonl are too few to fit).

    python scripts/make_b2b_history.py   # rulesets/data/b2b_history_{leads,events,outcomes}.csv

Who converts follows a hidden model of the generated facts that disagrees with some hand
points on purpose (enterprise size and whitepapers count less than the ruleset says,
mid-market and demo requests more). A fixed seed keeps the files reproducible.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "rulesets" / "data"
AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)
LEADS = 1200
C_SUITE = ["CEO", "CTO", "CIO", "CFO"]
VP = ["VP Engineering", "Director of IT", "Head of IT", "IT Director"]
OTHER = ["Marketing Manager", "Product Manager", "Engineer", "Analyst", "Student", ""]
INDUSTRIES = ["Software", "SaaS", "Retail", "Manufacturing", "Financial Services", "Education"]
COUNTRIES = ["US", "US", "CA", "GB", "DE", "FR", "IN", "BR", ""]
DEPARTMENTS = ["Engineering", "IT", "Marketing", "Sales", "Finance", "HR"]
URLS = ["/pricing", "/blog/scoring", "/product/routing", "/careers/jobs", "/docs/api", "/"]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _lead(rng: random.Random, n: int) -> tuple[list[object], list[list[str]], float]:
    """A lead's cells, its events and the log-odds of its converting."""
    lead_id = f"H-{n:04d}"
    title = rng.choice(C_SUITE + VP + OTHER + OTHER)
    size = rng.choice([3, 8, 40, 150, 300, 700, 2500])
    industry = rng.choice(INDUSTRIES)
    domain = f"company{n}.com"
    roll = rng.random()
    email = (
        f"x{n}@gmail.com" if roll < 0.15 else f"x{n}@uni{n}.edu" if roll < 0.2 else f"x@{domain}"
    )
    if rng.random() < 0.03:
        domain, email = "rivalsoft.com", "spy@rivalsoft.com"
    cells: list[object] = [
        lead_id,
        title,
        rng.choice(DEPARTMENTS),
        email,
        rng.choice(COUNTRIES),
        size,
        domain,
        industry,
    ]
    events: list[list[str]] = []

    def event(kind: str, days: float, prop: str = "") -> None:
        events.append([lead_id, kind, _stamp(AS_OF - timedelta(days=days)), prop])

    visits = [(rng.uniform(0, 120), rng.choice(URLS)) for _ in range(rng.randint(0, 8))]
    for days, url in visits:
        event("page.visited", days, url)
    forms = [f for f in ("contact", "demo") if rng.random() < 0.12]
    for form in forms:
        event("form.submitted", rng.uniform(0, 60), form)
    papers = rng.randint(0, 3) if rng.random() < 0.4 else 0
    for _ in range(papers):
        event("content.downloaded", rng.uniform(0, 90), "whitepaper-roi")
    clicks = rng.randint(0, 6)
    for _ in range(clicks):
        event("email.clicked", rng.uniform(0, 90))
    unsubscribed = rng.random() < 0.08
    if unsubscribed:
        event("email.unsubscribed", rng.uniform(0, 60))
    recent_pricing = any(url == "/pricing" and days <= 30 for days, url in visits)
    careers = any(url.startswith("/careers") and days <= 30 for days, url in visits)
    logit = (
        -2.6
        + 1.0 * (title in C_SUITE)
        + 1.3 * (title in VP)
        + 0.3 * ("Manager" in title)
        - 1.5 * (title == "Student")
        + 0.3 * (size >= 500)
        + 0.9 * (100 <= size < 500)
        - 1.0 * (size < 10)
        + 0.5 * (industry in ("Software", "SaaS", "Financial Services"))
        - 0.8 * email.endswith("@gmail.com")
        - 1.5 * email.endswith(".edu")
        - 3.0 * (domain == "rivalsoft.com")
        + 1.2 * recent_pricing
        + 1.4 * ("contact" in forms)
        + 2.2 * ("demo" in forms)
        + 0.15 * papers
        + 0.1 * min(clicks, 5)
        - 1.0 * careers
        - 1.0 * unsubscribed
    )
    return cells, events, logit


def main() -> None:
    rng = random.Random(20261101)
    leads, events, outcomes = [], [], []
    for n in range(1, LEADS + 1):
        cells, lead_events, logit = _lead(rng, n)
        leads.append(cells)
        events += lead_events
        converted = rng.random() < 1 / (1 + math.exp(-logit))
        at = _stamp(AS_OF + timedelta(days=rng.randint(1, 100))) if converted else ""
        value = rng.choice([6000, 12000, 24000, 48000]) if converted else ""
        outcomes.append([cells[0], int(converted), at, value])
    header = ["id", "title", "department", "email", "country", "company.size", "company.domain"]
    _write(DATA / "b2b_history_leads.csv", [*header, "company.industry"], leads)
    _write_events(DATA / "b2b_history_events.csv", events)
    _write(
        DATA / "b2b_history_outcomes.csv",
        ["lead_id", "converted", "converted_at", "value"],
        outcomes,
    )


def _write_events(path: Path, events: list[list[str]]) -> None:
    """Events with each property in its own column: url (page.visited), form, asset."""
    columns = {"page.visited": "url", "form.submitted": "form", "content.downloaded": "asset"}
    rows = []
    for lead_id, kind, at, value in sorted(events, key=lambda e: (e[0], e[2])):
        props = {"url": "", "form": "", "asset": ""}
        if kind in columns:
            props[columns[kind]] = value
        rows.append([lead_id, kind, at, props["url"], props["form"], props["asset"]])
    _write(path, ["lead_id", "type", "at", "url", "form", "asset"], rows)


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
