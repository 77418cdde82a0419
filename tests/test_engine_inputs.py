"""The DuckDB engine reads lead data exactly as the Python reader does: the same leads,
attributes, events and instants, the same rejected records with the same messages, and
input order kept on multi-threaded scans of multi-row-group files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from engine_support import (
    duckdb_leads,
    first_error,
    lead_form_lines,
    python_leads,
    rendered_rejects,
)

from scoredsl.engines.base import EngineUnavailable
from scoredsl.engines.tables import connect
from scoredsl.io.columns import DEFAULT_COLUMNS, ROW_NUMBER, ColumnMap
from scoredsl.timeutil import parse_instant

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "rulesets" / "data"

# Instants that spec 9 reads in a particular way, and texts that are no instant at all.
TRICKY_INSTANTS = [
    "2026-10-01",
    "2026-10-01T09:30:00Z",
    "2026-10-01t09:30:00z",
    "2026-10-01 09:30",
    "2026-10-01T09",
    "2026-10-01T09:30:00.5+02:00",
    "2026-10-01T23:59:59.123456-05:30",
    "2026-10-01T09:30:00.1234567Z",
    "2026-10-01T09:30:00,5Z",
    "2026-10-01T09:30:00+0530",
    "2026-10-01T09:30:00+05",
    "2026-10-01T00:30:00+01:00",
    "2026-12-31T23:30:00-01:00",
    "20261001T093000Z",
    "2026-W40-1",
    "2026-274",
    " 2026-10-01 ",
    "2026-02-29",
    "2024-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-10-01T24:00",
    "2026-10-01T23:59:60",
    "2026-10-01T09:30:00+24:00",
    "10/01/2026",
    "yesterday",
    "",
]


def test_at_is_read_as_parse_instant_reads_it() -> None:
    con = connect()
    for raw in TRICKY_INSTANTS:
        found = con.execute("SELECT sd_at(?)", [raw]).fetchone()
        try:
            expected = parse_instant(raw).replace(tzinfo=None)
        except ValueError:
            expected = None
        assert found is not None and found[0] == expected, raw


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(path: Path, records: list[object]) -> Path:
    return write(path, "".join(json.dumps(r) + "\n" for r in records))


def lead_form_file(tmp_path: Path) -> Path:
    return write(tmp_path / "leads.jsonl", "\n".join(lead_form_lines()) + "\n")


def table_files(tmp_path: Path) -> tuple[Path, Path]:
    leads = write(
        tmp_path / "leads.csv",
        'id,title,company.size\nA,CTO,800\n,x,1\nB,"Acme, Inc.",\n\nC,a,b,c\nD,"multi\nline",5\nE,,\nF,x,1\n',
    )
    events = write(
        tmp_path / "events.csv",
        "lead_id,type,at,url\n"
        "A,page.visited,2026-10-01,/p\n"
        "E,,2026-10-01,\n"
        "Z,page.visited,2026-10-01,\n"
        "D,x,notadate,\n"
        "B,y,2026-10-02T10:00:00+02:00,/q\n"
        ",y,2026-10-02,\n"
        "F,x,2026-10-02\n"
        'A,page.visited,2026-10-03 04:05:06.789,"/a,b"\n',
    )
    return leads, events


def assert_same_reading(
    leads: Path, events: Path | None, columns: ColumnMap = DEFAULT_COLUMNS
) -> list[str]:
    """Both engines read the same leads, rejects, counts and first error; the rejects."""
    expected, python_reader = python_leads(leads, events, columns=columns)
    found, duck_reader = duckdb_leads(leads, events, columns=columns)
    assert found == expected
    assert rendered_rejects(duck_reader) == rendered_rejects(python_reader)
    counts = ("read", "rejected", "events_read", "events_rejected")
    for name in counts:
        assert getattr(duck_reader, name) == getattr(python_reader, name), name
    stop = first_error(duckdb_leads, leads, events, columns)
    assert stop == first_error(python_leads, leads, events, columns)
    return rendered_rejects(python_reader)


def test_lead_form_with_every_kind_of_bad_record(tmp_path: Path) -> None:
    assert_same_reading(lead_form_file(tmp_path), None)


def test_csv_tables_with_bad_rows_and_events(tmp_path: Path) -> None:
    leads, events = table_files(tmp_path)
    assert_same_reading(leads, events)


def test_jsonl_tables(tmp_path: Path) -> None:
    leads = jsonl(
        tmp_path / "l.jsonl",
        [{"id": "A", "title": "CTO", "n": 5}, {"id": 3, "title": None}, [1], {"title": "x"}],
    )
    events = jsonl(
        tmp_path / "e.jsonl",
        [
            {"lead_id": "A", "type": "x", "at": "2026-10-01", "url": "/p", "n": None},
            {"lead_id": 3, "type": "x", "at": "2026-10-01T01:00:00-01:00"},
            {"lead_id": "A", "type": 5, "at": "2026-10-01"},
            {"lead_id": "Q", "type": "x", "at": "2026-10-01"},
        ],
    )
    assert_same_reading(leads, events)


def test_parquet_tables_with_typed_columns(tmp_path: Path) -> None:
    leads = tmp_path / "leads.parquet"
    pq.write_table(
        pa.table(
            {
                "id": ["A", "B", None, "D"],
                "size": [800, None, 3, 4],
                "company": [{"size": 5, "name": "x"}, None, None, {"size": None, "name": "y"}],
                "tags": [["a"], [], None, ["b", "c"]],
            }
        ),
        leads,
    )
    events = tmp_path / "events.parquet"
    at = pa.array(
        [parse_instant("2026-10-01T10:00:00Z"), None, parse_instant("2026-10-02")],
        pa.timestamp("us", tz="UTC"),
    )
    pq.write_table(
        pa.table(
            {"lead_id": ["A", "B", "D"], "type": ["x", "y", "z"], "at": at, "n": [1.5, 2.0, None]}
        ),
        events,
    )
    assert_same_reading(leads, events)


@pytest.mark.parametrize(
    "files",
    [
        ("b2b_leads.jsonl", None),
        ("shoppers.jsonl", None),
        ("event_leads.csv", "event_events.csv"),
    ],
)
def test_bundled_data(files: tuple[str, str | None]) -> None:
    leads, events = files
    assert_same_reading(DATA / leads, None if events is None else DATA / events)


def test_input_order_is_kept_on_parallel_scans(tmp_path: Path) -> None:
    """Positions follow the file on 4 threads over many row groups and CSV chunks."""
    n = 300_000
    ids = [f"L{i:07d}" for i in range(n)]
    pq.write_table(
        pa.table({"id": ids, "v": list(range(n))}), tmp_path / "l.parquet", row_group_size=7_000
    )
    write(tmp_path / "l.csv", "id,v\n" + "".join(f"{i},{k}\n" for k, i in enumerate(ids)))
    for name in ("l.parquet", "l.csv"):
        con = connect(threads=4)
        from scoredsl.engines.checks import InputLoader
        from scoredsl.io.readers import LeadReader

        with LeadReader(tmp_path / name) as reader:
            InputLoader(con, reader).load()
        got = [row[0] for row in con.execute("SELECT id FROM leads ORDER BY _ord").fetchall()]
        assert got == ids, name
        con.close()


# ---------------------------------------------------------------- column mapping (spec 12)

EXPORT = ColumnMap(
    id="Prospect ID", event_lead="Contact ID", event_type="Event Type", event_at="Timestamp"
)


def renamed(path: Path, target: Path, names: dict[str, str]) -> Path:
    """A copy of a CSV file with its header's columns renamed."""
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    cells = [names.get(cell, cell) for cell in header.split(",")]
    return write(target, ",".join(cells) + "\n" + rest)


def test_mapped_columns_read_like_the_default_names_on_both_engines(tmp_path: Path) -> None:
    leads, events = table_files(tmp_path)
    default = assert_same_reading(leads, events)
    mapped_leads = renamed(leads, tmp_path / "Leads.csv", {"id": "Prospect ID"})
    mapped_events = renamed(
        events,
        tmp_path / "Events.csv",
        {"lead_id": "Contact ID", "type": "Event Type", "at": "Timestamp"},
    )
    mapped = assert_same_reading(mapped_leads, mapped_events, EXPORT)
    assert len(mapped) == len(default)
    # The messages name the file's own columns.
    assert any("missing `Prospect ID`" in text for text in mapped)
    assert any("missing `Event Type`" in text or "`Event Type`" in text for text in mapped)
    assert any("fix the event's Contact ID" in text for text in mapped)
    found, _ = python_leads(mapped_leads, mapped_events, columns=EXPORT)
    expected, _ = python_leads(leads, events)
    assert found == expected  # the id column is no attribute, under any name


def test_row_numbers_are_ids_on_both_engines(tmp_path: Path) -> None:
    leads = renamed(table_files(tmp_path)[0], tmp_path / "no_id.csv", {"id": "ref"})
    numbered = ColumnMap(id=ROW_NUMBER)
    assert_same_reading(leads, None, numbered)
    found, reader = python_leads(leads, None, columns=numbered)
    # Records 1..7 (the blank line is no record; record 4 has too many fields).
    assert [lead.id for lead in found] == ["1", "2", "3", "5", "6", "7"]
    assert found[0].attributes == {"ref": "A", "title": "CTO", "company.size": "800"}
    assert reader.rejected == 1


def test_duckdb_says_when_a_column_clashes_with_its_view_names(tmp_path: Path) -> None:
    leads, _ = table_files(tmp_path)
    with pytest.raises(EngineUnavailable, match="column named `id`"):
        duckdb_leads(leads, None, columns=ColumnMap(id=ROW_NUMBER))


def test_row_numbers_and_a_mapped_key_in_the_lead_form(tmp_path: Path) -> None:
    assert_same_reading(lead_form_file(tmp_path), None, ColumnMap(id=ROW_NUMBER))
    keyed = jsonl(
        tmp_path / "keyed.jsonl",
        [{"key": "A", "attributes": {"x": 1}}, {"id": "B"}, {"key": 5}, {"attributes": {}}],
    )
    rejects = assert_same_reading(keyed, None, ColumnMap(id="key"))
    assert len(rejects) == 2
    assert "unknown key `id` in a lead (allowed keys: key, attributes, events)" in rejects[0]
    assert "missing `key`" in rejects[1]
