"""The data profile behind `lint --leads`: one DuckDB scan of CSV, Parquet or JSON Lines
(tables or the lead form) into keys, event types, value counts and type counts, with the
column mapping of spec 12 (`--id-column`, the events columns)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import scoredsl
from scoredsl.io.columns import ColumnMap
from scoredsl.io.readers import LeadReader
from scoredsl.lint import profile as profile_module
from scoredsl.lint.profile import Wanted, build_profile, fire_counts

AS_OF = datetime(2026, 11, 1, tzinfo=timezone.utc)


def test_csv_columns_values_and_types(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "Prospect ID,Lead Source,visits,opt_in,signed_up\n"
        "a,Google,3,true,2026-10-01\n"
        "b,google,x,FALSE,01/10/2026\n"
        "c,Direct,4.5,yes,2026-10-02T09:30:00Z\n"
        "d,,7,,\n"
    )
    wanted = Wanted({(k,): frozenset() for k in ("Lead Source", "visits", "opt_in", "signed_up")})
    found = build_profile(path, wanted=wanted, columns=ColumnMap(id="Prospect ID"))
    assert found.leads == 4
    assert found.attribute_keys == ("Lead Source", "visits", "opt_in", "signed_up")
    source = found.attributes[("Lead Source",)]
    assert (source.present, source.distinct) == (3, 3)
    assert source.count("GOOGLE") == 2  # case-insensitive, as rules compare
    assert [(v.text, v.count) for v in source.values][0] == ("Direct", 1)  # ties by text
    visits = found.attributes[("visits",)]
    assert (visits.present, visits.numbers) == (4, 3)
    opt_in = found.attributes[("opt_in",)]
    assert (opt_in.present, opt_in.booleans) == (3, 2)
    signed = found.attributes[("signed_up",)]
    assert (signed.present, signed.timestamps) == (3, 2)  # as parse_instant reads them
    assert found.has_events is False and found.event_types == {}


def test_the_cap_keeps_the_most_frequent_values_and_every_wanted_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profile_module, "DISTINCT_CAP", 2)
    rows = ["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["Rare"]
    path = tmp_path / "leads.csv"
    path.write_text("id,v\n" + "".join(f"{n},{v}\n" for n, v in enumerate(rows)))
    found = build_profile(path, wanted=Wanted({("v",): frozenset({"rare", "never"})}))
    stats = found.attributes[("v",)]
    assert [(v.text, v.count) for v in stats.values] == [("a", 5), ("b", 4), ("Rare", 1)]
    assert stats.truncated and stats.distinct == 4
    assert stats.count("rare") == 1 and stats.count("never") == 0 and stats.count("c") == 0


def test_events_table_with_mapped_columns(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text("id,title\n1,CTO\n")
    (tmp_path / "events.csv").write_text(
        "Contact ID,Event Type,Timestamp,Page\n"
        "1,Page Visited,2026-10-01,/pricing\n"
        "1,Page Visited,2026-10-02,/blog\n"
        "1,Email Opened,2026-10-03,\n"
    )
    columns = ColumnMap(event_lead="Contact ID", event_type="Event Type", event_at="Timestamp")
    wanted = Wanted(properties={("Page",): frozenset()})
    found = build_profile(tmp_path / "leads.csv", tmp_path / "events.csv", wanted, columns)
    assert found.event_types == {"Email Opened": 1, "Page Visited": 2}
    assert found.property_keys == ("Page",)
    assert found.properties[("Page",)].present == 2


def test_parquet_keeps_its_types(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["1", "2", "3"],
            "size": [10, 200, None],
            "vip": [True, False, True],
            "tags": [["a"], [], None],
            "company": [{"size": 1}, {"size": 2}, None],
        }
    )
    pq.write_table(table, tmp_path / "leads.parquet")
    keys = [("size",), ("vip",), ("tags",), ("company", "size")]
    found = build_profile(
        tmp_path / "leads.parquet", wanted=Wanted(dict.fromkeys(keys, frozenset()))
    )
    assert (found.attributes[("size",)].present, found.attributes[("size",)].numbers) == (2, 2)
    assert found.attributes[("vip",)].booleans == 3
    assert (found.attributes[("tags",)].present, found.attributes[("tags",)].others) == (2, 2)
    assert ("company", "size") in found.unchecked  # inside a struct: not profiled, not unknown


def test_json_lines_tables_and_nested_values(tmp_path: Path) -> None:
    leads = [{"id": 1, "company": {"size": 50}, "tier": "gold"}, {"id": 2, "tier": 3}]
    (tmp_path / "leads.jsonl").write_text("".join(json.dumps(r) + "\n" for r in leads))
    (tmp_path / "events.jsonl").write_text('{"lead_id": 1, "type": "x", "at": "2026-10-01"}\n')
    wanted = Wanted({("company", "size"): frozenset(), ("tier",): frozenset({"gold"})})
    found = build_profile(tmp_path / "leads.jsonl", tmp_path / "events.jsonl", wanted)
    assert found.attributes[("company", "size")].numbers == 1
    tier = found.attributes[("tier",)]
    assert (tier.present, tier.numbers, tier.count("gold")) == (2, 1, 1)
    assert found.event_types == {"x": 1}


def test_lead_form_flat_keys_win_over_nested_ones(tmp_path: Path) -> None:
    """As `values.lookup` reads `company.size`: the flat key first, else inside `company`."""
    leads = [
        {"id": "1", "attributes": {"company.size": 5, "company": {"size": 999}}},
        {"id": "2", "attributes": {"company": {"name": "Acme"}}},
    ]
    (tmp_path / "leads.jsonl").write_text("".join(json.dumps(r) + "\n" for r in leads))
    wanted = Wanted({("company", "size"): frozenset(), ("company", "name"): frozenset()})
    found = build_profile(tmp_path / "leads.jsonl", wanted=wanted)
    assert [v.text for v in found.attributes[("company", "size")].values] == ["5"]
    assert found.attributes[("company", "name")].present == 1
    assert "company.name" in found.attribute_keys


def test_fire_counts_count_leads_as_explain_does(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text("id,title\n1,CTO\n2,CFO\n3,cto\n")
    (tmp_path / "events.csv").write_text(
        "lead_id,type,at\n1,email.opened,2026-10-30\n1,email.opened,2026-10-31\n2,email.opened,2020-01-01\n"
    )
    ruleset = scoredsl.loads(
        'when title == "CTO" add 5\nwhen email.opened add 1 within 7d\nwhen email.opened add 1\n'
    )
    reader = LeadReader(tmp_path / "leads.csv", tmp_path / "events.csv")
    assert fire_counts(ruleset.compiled, reader, AS_OF) == (2, 1, 2)
