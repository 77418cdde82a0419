"""Generate realistic, seeded benchmark data and the 1,000-rule ruleset.

Leads of a B2B funnel (title, company.size, industry, country, email) and their events:
an event-type mix of email opens and clicks, page visits with URL properties (/pricing,
/blog/..., /docs/...), form submissions, webinars, downloads, bounces and unsubscribes,
spread over the months before `AS_OF` (a few in the future, to exercise no look-ahead).

One dataset is written in both spec-10 shapes so every engine reads the same leads:

    DIR/leads.jsonl                       the JSON Lines lead form (events nested)
    DIR/leads.parquet, DIR/events.parquet the table pair (`at` a UTC timestamp column)
    DIR/leads.csv, DIR/events.csv         the table pair as CSV (with --csv)

Same seed and sizes, same bytes. Run `python benchmarks/generate.py --help`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)
AS_OF_TEXT = "2026-11-01"
CHUNK_LEADS = 5_000  # leads per written batch: generation streams at any size

TITLES = [
    ("CEO", 2), ("CTO", 3), ("CIO", 2), ("CFO", 1), ("COO", 1), ("VP Engineering", 4),
    ("VP Marketing", 3), ("Director", 5), ("Head of IT", 3), ("Head of Growth", 2),
    ("Marketing Manager", 10), ("Product Manager", 8), ("Engineering Manager", 6),
    ("Software Engineer", 15), ("Data Analyst", 8), ("Consultant", 5), ("Student", 3),
    ("Intern", 2), ("Founder", 3),
]  # fmt: skip
INDUSTRIES = ["Software", "SaaS", "Fintech", "Financial Services", "Retail", "Healthcare",
              "Manufacturing", "Education", "Media", "Logistics"]  # fmt: skip
COUNTRIES = [("US", 40), ("GB", 10), ("DE", 8), ("CA", 6), ("FR", 5), ("NL", 3), ("IE", 2),
             ("IN", 10), ("BR", 5), ("AU", 4), ("JP", 3), ("ES", 4)]  # fmt: skip
DOMAINS = [("gmail.com", 15), ("yahoo.com", 3), ("outlook.com", 3), ("uni.edu", 3),
           ("company", 76)]  # fmt: skip
EVENT_TYPES = [
    ("email.opened", 280), ("email.clicked", 80), ("page.visited", 400),
    ("form.submitted", 30), ("webinar.registered", 20), ("webinar.attended", 15),
    ("content.downloaded", 40), ("email.bounced", 10), ("email.unsubscribed", 5),
    ("app.login", 120),
]  # fmt: skip
URLS = [("/pricing", 8), ("/pricing/enterprise", 2), ("/", 10), ("/product/integrations", 4),
        ("/product/features", 6), ("/careers", 2), ("/about", 3), ("/blog/", 30),
        ("/docs/api/", 10), ("/docs/sdk/", 5), ("/docs/guides/", 8)]  # fmt: skip
SLUGS = ["lead-scoring-101", "intent-data", "abm-playbook", "webhooks", "auth", "quickstart",
         "pipelines", "churn", "release-notes", "pricing-models", "mql-vs-sql", "dbt"]  # fmt: skip
FORMS = [("newsletter", 40), ("contact", 15), ("demo", 15), ("trial", 20), ("talk-to-sales", 10)]
PLANS = ["free", "pro", "enterprise"]
ASSETS = ["whitepaper-roi", "whitepaper-data-quality", "ebook-abm", "case-study-acme",
          "checklist-launch"]  # fmt: skip
CAMPAIGNS = ["oct-newsletter", "product-update", "webinar-invite", "case-study-drip"]
WEBINARS = ["scoring-live-2026", "abm-masterclass", "dbt-for-marketers"]
EVENT_PROPS = ("url", "form", "plan", "asset", "campaign", "webinar")


def _table(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [name for name, _ in pairs], [weight for _, weight in pairs]


@dataclass(frozen=True)
class Sizes:
    leads: int
    events_per_lead: int  # the mean; each lead draws 0..2x this


class Generator:
    """Seeded leads and events; `leads()` yields (lead_id, attributes, events) in order."""

    def __init__(self, seed: int, sizes: Sizes) -> None:
        self.rng = random.Random(seed)
        self.sizes = sizes
        self.titles = _table(TITLES)
        self.countries = _table(COUNTRIES)
        self.domains = _table(DOMAINS)
        self.types = _table(EVENT_TYPES)
        self.urls = _table(URLS)
        self.forms = _table(FORMS)

    def pick(self, table: tuple[list[str], list[int]]) -> str:
        return self.rng.choices(table[0], table[1])[0]

    def leads(self) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        for number in range(1, self.sizes.leads + 1):
            lead_id = f"L-{number:07d}"
            yield lead_id, self.attributes(number), self.events()

    def attributes(self, number: int) -> dict[str, Any]:
        rng = self.rng
        attrs: dict[str, Any] = {}
        if rng.random() > 0.06:  # some leads have no title yet
            attrs["title"] = self.pick(self.titles)
        attrs["company.size"] = int(rng.lognormvariate(4.5, 1.6)) + 1
        attrs["industry"] = rng.choice(INDUSTRIES)
        if rng.random() > 0.03:
            attrs["country"] = self.pick(self.countries)
        domain = self.pick(self.domains)
        host = f"acme{number % 9973}.com" if domain == "company" else domain
        attrs["email"] = f"user{number}@{host}"
        return attrs

    def events(self) -> list[dict[str, Any]]:
        rng = self.rng
        count = rng.randint(0, 2 * self.sizes.events_per_lead)
        events = [self.event() for _ in range(count)]
        events.sort(key=lambda e: e["at"])
        return events

    def event(self) -> dict[str, Any]:
        rng = self.rng
        kind = self.pick(self.types)
        if rng.random() < 0.01:  # after as_of: every engine must ignore it
            age = -rng.uniform(0, 5 * 86_400)
        else:
            age = min(rng.expovariate(1 / (40 * 86_400)), 365 * 86_400)
        at = AS_OF - timedelta(seconds=int(age))
        return {"type": kind, "at": at, "props": self.props(kind)}

    def props(self, kind: str) -> dict[str, str]:
        rng = self.rng
        if kind == "page.visited":
            url = self.pick(self.urls)
            return {"url": url + rng.choice(SLUGS) if url.endswith("/") else url}
        if kind == "form.submitted":
            form = self.pick(self.forms)
            return {"form": form, "plan": rng.choice(PLANS)} if form == "trial" else {"form": form}
        if kind == "content.downloaded":
            return {"asset": rng.choice(ASSETS)}
        if kind.startswith("email."):
            return {"campaign": rng.choice(CAMPAIGNS)}
        if kind.startswith("webinar."):
            return {"webinar": rng.choice(WEBINARS)}
        return {}


# ---------------------------------------------------------------- writing


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def lead_line(lead_id: str, attrs: dict[str, Any], events: list[dict[str, Any]]) -> str:
    """The JSON Lines lead form, with `company.size` nested as a CRM export has it."""
    attributes = {k: v for k, v in attrs.items() if k != "company.size"}
    attributes["company"] = {"size": attrs["company.size"]}
    out_events = []
    for event in events:
        item: dict[str, Any] = {"type": event["type"], "at": iso(event["at"])}
        if event["props"]:
            item["props"] = event["props"]
        out_events.append(item)
    return json.dumps({"id": lead_id, "attributes": attributes, "events": out_events})


LEAD_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("company.size", pa.int64()),
        ("industry", pa.string()),
        ("country", pa.string()),
        ("email", pa.string()),
    ]
)
EVENT_SCHEMA = pa.schema(
    [
        ("lead_id", pa.string()),
        ("type", pa.string()),
        ("at", pa.timestamp("us", tz="UTC")),
        *[(name, pa.string()) for name in EVENT_PROPS],
    ]
)


def lead_batch(chunk: list[tuple[str, dict[str, Any], list[dict[str, Any]]]]) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in LEAD_SCHEMA.names}
    for lead_id, attrs, _ in chunk:
        columns["id"].append(lead_id)
        for name in LEAD_SCHEMA.names[1:]:
            columns[name].append(attrs.get(name))
    return pa.table(columns, schema=LEAD_SCHEMA)


def event_batch(chunk: list[tuple[str, dict[str, Any], list[dict[str, Any]]]]) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in EVENT_SCHEMA.names}
    for lead_id, _, events in chunk:
        for event in events:
            columns["lead_id"].append(lead_id)
            columns["type"].append(event["type"])
            columns["at"].append(event["at"])
            for name in EVENT_PROPS:
                columns[name].append(event["props"].get(name))
    return pa.table(columns, schema=EVENT_SCHEMA)


class Writers:
    """The output files of one dataset, written a chunk of leads at a time."""

    def __init__(self, folder: Path, jsonl: bool, tables: bool, csv: bool) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.jsonl = open(folder / "leads.jsonl", "w", encoding="utf-8") if jsonl else None  # noqa: SIM115
        self.parquet = (
            (
                pq.ParquetWriter(folder / "leads.parquet", LEAD_SCHEMA),
                pq.ParquetWriter(folder / "events.parquet", EVENT_SCHEMA),
            )
            if tables
            else None
        )
        self.csv = (
            (
                pacsv.CSVWriter(folder / "leads.csv", LEAD_SCHEMA),
                pacsv.CSVWriter(folder / "events.csv", _csv_event_schema()),
            )
            if csv
            else None
        )

    def write(self, chunk: list[tuple[str, dict[str, Any], list[dict[str, Any]]]]) -> None:
        if self.jsonl is not None:
            self.jsonl.write("".join(lead_line(*lead) + "\n" for lead in chunk))
        if self.parquet is None and self.csv is None:
            return
        leads, events = lead_batch(chunk), event_batch(chunk)
        if self.parquet is not None:
            self.parquet[0].write_table(leads)
            self.parquet[1].write_table(events)
        if self.csv is not None:
            self.csv[0].write_table(leads)
            self.csv[1].write_table(_csv_events(events))

    def close(self) -> None:
        if self.jsonl is not None:
            self.jsonl.close()
        for pair in (self.parquet, self.csv):
            for writer in pair or ():
                writer.close()


def _csv_event_schema() -> pa.Schema:
    return EVENT_SCHEMA.set(2, pa.field("at", pa.string()))


def _csv_events(events: pa.Table) -> pa.Table:
    """`at` as ISO 8601 text with a Z, as a warehouse CSV export writes it."""
    texts = [iso(moment) for moment in events.column("at").to_pylist()]
    return events.set_column(2, "at", pa.array(texts, pa.string()))


def generate(
    folder: Path,
    sizes: Sizes,
    seed: int = 7,
    *,
    jsonl: bool = True,
    tables: bool = True,
    csv: bool = False,
) -> dict[str, Any]:
    """Write one dataset; returns its manifest (also written as DIR/manifest.json)."""
    writers = Writers(folder, jsonl, tables, csv)
    leads = events = 0
    chunk: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    try:
        for lead in Generator(seed, sizes).leads():
            chunk.append(lead)
            leads += 1
            events += len(lead[2])
            if len(chunk) == CHUNK_LEADS:
                writers.write(chunk)
                chunk = []
        if chunk:
            writers.write(chunk)
    finally:
        writers.close()
    manifest = {
        "seed": seed,
        "leads": leads,
        "events": events,
        "events_per_lead": sizes.events_per_lead,
        "as_of": AS_OF_TEXT,
        "files": sorted(p.name for p in folder.iterdir() if p.name != "manifest.json"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def cached(folder: Path, sizes: Sizes, seed: int, **kinds: bool) -> dict[str, Any]:
    """The dataset in `folder`, generated only when absent or made with other settings."""
    path = folder / "manifest.json"
    if path.exists():
        manifest: dict[str, Any] = json.loads(path.read_text())
        same = (manifest["seed"], manifest["leads"], manifest["events_per_lead"]) == (
            seed,
            sizes.leads,
            sizes.events_per_lead,
        )
        wanted = _expected_files(**kinds)
        if same and wanted <= set(manifest["files"]):
            return manifest
    return generate(folder, sizes, seed, **kinds)


def _expected_files(jsonl: bool = True, tables: bool = True, csv: bool = False) -> set[str]:
    files = {"leads.jsonl"} if jsonl else set()
    if tables:
        files |= {"leads.parquet", "events.parquet"}
    if csv:
        files |= {"leads.csv", "events.csv"}
    return files


def replicated(folder: Path, base: Path, copies: int) -> dict[str, Any]:
    """The Parquet pair of `base` repeated `copies` times, each copy's ids suffixed `~k`
    (the scale rows: k x the leads and events, the same mix). Streamed a batch at a time;
    cached like `cached`."""
    path = folder / "manifest.json"
    source = json.loads((base / "manifest.json").read_text())
    wanted = {"base": str(base.resolve()), "copies": copies, "seed": source["seed"]}
    if path.exists() and all(json.loads(path.read_text()).get(k) == v for k, v in wanted.items()):
        manifest: dict[str, Any] = json.loads(path.read_text())
        return manifest
    folder.mkdir(parents=True, exist_ok=True)
    for name, column in (("leads.parquet", "id"), ("events.parquet", "lead_id")):
        reader = pq.ParquetFile(base / name)
        with pq.ParquetWriter(folder / name, reader.schema_arrow) as writer:
            for copy in range(copies):
                for batch in reader.iter_batches(batch_size=200_000):
                    table = pa.Table.from_batches([batch])
                    ids = pc.binary_join_element_wise(table.column(column), f"~{copy}", "")
                    writer.write_table(
                        table.set_column(table.schema.get_field_index(column), column, ids)
                    )
    manifest = {
        **wanted,
        "leads": source["leads"] * copies,
        "events": source["events"] * copies,
        "files": ["events.parquet", "leads.parquet"],
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


SHIFT_DAYS = 3  # each extra copy of the events is this many days older than the one before


def more_events(folder: Path, base: Path, copies: int) -> dict[str, Any]:
    """The same leads with `copies` x their events (the events-per-lead scale rows).

    leads.parquet is copied as is; events.parquet is the base events `copies` times with
    the same lead ids, copy k's `at` shifted back k x SHIFT_DAYS days (so the copies are
    distinct events, some older: decay and `within` see them). Streamed a batch at a time;
    cached like `replicated`."""
    path = folder / "manifest.json"
    source = json.loads((base / "manifest.json").read_text())
    wanted = {
        "base": str(base.resolve()),
        "event_copies": copies,
        "shift_days": SHIFT_DAYS,
        "seed": source["seed"],
    }
    if path.exists() and all(json.loads(path.read_text()).get(k) == v for k, v in wanted.items()):
        manifest: dict[str, Any] = json.loads(path.read_text())
        return manifest
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base / "leads.parquet", folder / "leads.parquet")
    reader = pq.ParquetFile(base / "events.parquet")
    at = reader.schema_arrow.get_field_index("at")
    with pq.ParquetWriter(folder / "events.parquet", reader.schema_arrow) as writer:
        for copy in range(copies):
            shift = pa.scalar(timedelta(days=SHIFT_DAYS * copy), pa.duration("us"))
            for batch in reader.iter_batches(batch_size=200_000):
                table = pa.Table.from_batches([batch])
                moved = pc.subtract(table.column(at), shift)
                writer.write_table(table.set_column(at, "at", moved))
    manifest = {
        **wanted,
        "leads": source["leads"],
        "events": source["events"] * copies,
        "files": ["events.parquet", "leads.parquet"],
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


# ---------------------------------------------------------------- the 1,000-rule ruleset


def large_ruleset(rules: int = 1000, seed: int = 11) -> str:
    """A valid ruleset of `rules` rules of every kind, in 10 dimensions, for compile timing."""
    rng = random.Random(seed)
    lines = ['ruleset "benchmark-large" version "1.0.0"', "let c_suite = [CEO, CTO, CIO, CFO]"]
    dimensions = 10
    per = rules // dimensions
    for d in range(dimensions):
        lines.append(f"score d{d} {{")
        for r in range(per if d < dimensions - 1 else rules - per * (dimensions - 1)):
            lines.append(f"  rule r{d}_{r}: {_random_rule(rng)}")
        lines.append("  decay 50% after 30d" if d % 2 else "  decay 10% every 7d")
        lines.append("  range 0..500")
        lines.append("}")
    lines += ["tier hot when score >= 200", "tier warm when d0 >= 20 or score >= 80"]
    lines.append("tier cold otherwise")
    return "\n".join(lines) + "\n"


def _random_rule(rng: random.Random) -> str:
    points = rng.choice([1, 2, 3, 5, 8, 10, 15])
    shape = rng.randrange(6)
    if shape == 0:
        return f"when title in c_suite add {points}"
    if shape == 1:
        return f'when company.size >= {rng.choice([10, 100, 500, 1000])} and country != "US" add {points}'
    if shape == 2:
        url = rng.choice(["/pricing", "/blog/", "/docs/api", "/careers"])
        return f'when page.visited where url contains "{url}" add {points} once within 30d'
    if shape == 3:
        return f"when email.* add {points} max {points * 5}"
    if shape == 4:
        return f'when count(form.submitted where form == "demo") >= {rng.randint(1, 3)} add {points} within 90d'
    return f'when email matches "(?i)@(gmail|yahoo)[.]" or title starts with "VP" subtract {points}'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path, help="where to write the dataset")
    parser.add_argument("--leads", type=int, default=200_000, help="number of leads")
    parser.add_argument("--events-per-lead", type=int, default=50, help="mean events per lead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--csv", action="store_true", help="also write the CSV table pair")
    parser.add_argument("--no-tables", action="store_true", help="JSON Lines lead form only")
    parser.add_argument(
        "--large-ruleset", type=Path, help="also write the 1,000-rule ruleset to this file"
    )
    args = parser.parse_args()
    sizes = Sizes(args.leads, args.events_per_lead)
    manifest = generate(args.folder, sizes, args.seed, tables=not args.no_tables, csv=args.csv)
    if args.large_ruleset is not None:
        args.large_ruleset.write_text(large_ruleset())
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
