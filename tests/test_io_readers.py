"""Lead data readers: the spec 10 contract, file:line:column diagnostics, skip mode."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scoredsl.diagnostics import Diagnostic, DiagnosticError, SourceMap, render_text
from scoredsl.io import LeadReader, LeadRecord, data_format
from scoredsl.io.columns import ROW_NUMBER, ColumnMap

UTC = timezone.utc


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(tmp_path: Path, *records: object, name: str = "leads.jsonl") -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return write(tmp_path, name, "\n".join(lines) + "\n")


def read_all(reader: LeadReader) -> list[LeadRecord]:
    with reader:
        return list(reader)


def failure(reader: LeadReader) -> tuple[Diagnostic, str]:
    """The one diagnostic that stops `reader`, and its rendered text."""
    with pytest.raises(DiagnosticError) as caught, reader:
        list(reader)
    [diagnostic] = caught.value.diagnostics
    return diagnostic, render_text(diagnostic, caught.value.sources)


def caret_column(rendered: str) -> int:
    """The 1-based column the caret line points at, in render_text's code frame."""
    caret_line = next(line for line in rendered.splitlines() if "^" in line)
    body = caret_line.split("| ", 1)[1]
    return len(body) - len(body.lstrip(" ")) + 1


# ---------------------------------------------------------------- JSON Lines, lead form


def test_jsonl_lead_form_keeps_nested_and_flat_dotted_attributes(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {
            "id": "L-1001",
            "attributes": {"title": "CTO", "company": {"size": 800}, "company.industry": "Saas"},
            "events": [
                {"type": "email.opened", "at": "2026-10-01T09:30:00Z"},
                {"type": "page.visited", "at": "2026-10-20", "props": {"url": "/pricing"}},
            ],
        },
    )
    [record] = read_all(LeadReader(path))
    lead = record.lead
    assert (record.path, record.line) == (str(path), 1)
    assert lead.attributes == {
        "title": "CTO",
        "company": {"size": 800},
        "company.industry": "Saas",
    }
    assert [(e.type, e.at, e.props) for e in lead.events] == [
        ("email.opened", datetime(2026, 10, 1, 9, 30, tzinfo=UTC), {}),
        ("page.visited", datetime(2026, 10, 20, tzinfo=UTC), {"url": "/pricing"}),
    ]


def test_jsonl_number_ids_are_text_and_absent_or_null_parts_are_empty(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {"id": 1001},
        {"id": 2.5, "attributes": None, "events": None},
        {"id": "x", "events": [{"type": "a", "at": "2026-01-01", "props": None}]},
    )
    records = read_all(LeadReader(path))
    assert [r.lead.id for r in records] == ["1001", "2.5", "x"]
    assert records[1].lead.attributes == {} and records[1].lead.events == []
    assert records[2].lead.events[0].props == {}


def test_blank_lines_are_skipped_but_line_numbers_stay_physical(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.jsonl", '\n{"id": "a"}\n   \n\r\n{"id": "b"}\r\n')
    records = read_all(LeadReader(path))
    assert [(r.lead.id, r.line) for r in records] == [("a", 2), ("b", 5)]


def test_jsonl_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    good = json.dumps({"id": "first"}) + "\n"
    filler = "".join(json.dumps({"id": f"L-{n}"}) + "\n" for n in range(20_000))
    path = write(tmp_path, "leads.jsonl", good + filler + "{broken\n")
    reader = LeadReader(path)
    records = iter(reader)
    first = next(records)  # the broken last line has not been reached yet
    assert first.lead.id == "first"
    assert reader.read == 1
    assert reader.progress_done == len(good)
    assert reader.progress_total == path.stat().st_size
    with pytest.raises(DiagnosticError) as caught:
        for _ in records:
            pass
    assert caught.value.diagnostics[0].span is not None
    assert caught.value.diagnostics[0].span.line == 20_002
    reader.close()


@pytest.mark.parametrize(
    ("line", "code", "column", "message"),
    [
        ('{"id": "L-1",, }', "SD501", 14, "not valid JSON"),
        ('{"id": "L-1", "score": NaN}', "SD501", 24, "NaN is not a JSON number"),
        ("[1, 2]", "SD502", 1, "a lead must be a JSON object, got an array"),
        ('{"id": "L-1", "ID": 4}', "SD502", 15, "unknown key `ID`"),
        ('{"attributes": {}}', "SD503", 1, "missing `id`"),
        ('{"id": true}', "SD503", 8, "id: expected a string or a number, got true"),
        ('{"id": ""}', "SD503", 8, "id: must not be empty"),
        ('{"id": "L-1", "attributes": [1]}', "SD504", 29, "attributes: expected an object"),
        ('{"id": "L-1", "events": {}}', "SD504", 25, "events: expected an array"),
        (
            '{"id": "L-1", "events": [{"type": "a", "at": "2026-01-01", "props": 3}]}',
            "SD504",
            69,
            "events[0].props: expected an object, got a number",
        ),
        ('{"id": "L-1", "events": ["x"]}', "SD505", 26, "events[0]: expected an event object"),
        ('{"id": "L-1", "events": [{"at": "2026-01-01"}]}', "SD505", 26, "missing `type`"),
        (
            '{"id": "L-1", "events": [{"type": "", "at": "2026-01-01"}]}',
            "SD505",
            35,
            'events[0].type: expected a non-empty string, got ""',
        ),
        ('{"id": "L-1", "events": [{"type": "a"}]}', "SD505", 26, "events[0]: missing `at`"),
    ],
)
def test_each_bad_lead_is_reported_at_its_file_line_and_column(
    tmp_path: Path, line: str, code: str, column: int, message: str
) -> None:
    path = jsonl(tmp_path, {"id": "ok"}, line)
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == code
    assert message in diagnostic.message
    assert diagnostic.help
    assert rendered.startswith(f"{path}:2:{column}: error[{code}]")
    assert f"2 | {line}" in rendered
    assert caret_column(rendered) == column


def test_bad_timestamp_names_the_field_and_the_value(tmp_path: Path) -> None:
    events = [{"type": "a", "at": "2026-01-01"}] * 2 + [{"type": "b", "at": "yesterday"}]
    line = json.dumps({"id": "L-1", "events": events})
    path = jsonl(tmp_path, line)
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == "SD506"
    assert diagnostic.message == 'events[2].at: "yesterday" is not an ISO 8601 timestamp'
    assert caret_column(rendered) == line.index('"yesterday"') + 1
    assert "^" * len('"yesterday"') in rendered


def test_unknown_key_names_the_allowed_keys_and_suggests_a_fix(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "L-1", "events": [{"type": "a", "At": "2026-01-01"}]})
    diagnostic, _ = failure(LeadReader(path))
    assert diagnostic.code == "SD502"
    assert diagnostic.message == ("unknown key `At` in events[0] (allowed keys: type, at, props)")
    assert diagnostic.help == "did you mean `at`?"


def test_line_that_is_not_utf8_is_sd508_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "leads.jsonl"
    path.write_bytes(b'{"id": "ok"}\n{"id": "caf\xe9"}\n')
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == "SD508"
    assert rendered.startswith(f"{path}:2:12: error[SD508]")


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "leads.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a"}\n')
    assert [r.lead.id for r in read_all(LeadReader(path))] == ["a"]


# ---------------------------------------------------------------- files and formats


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.json", "jsonl"),
        ("a.csv", "csv"),
        ("a.parquet", "parquet"),
        ("a.pq", "parquet"),
    ],
)
def test_data_format_by_extension(name: str, fmt: str) -> None:
    assert data_format(name) == fmt


def test_unsupported_extension_is_sd508_naming_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        LeadReader(write(tmp_path, "leads.xlsx", ""))
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "SD508"
    assert "leads.xlsx" in diagnostic.message
    assert diagnostic.help is not None
    assert all(ext in diagnostic.help for ext in (".jsonl", ".csv", ".parquet"))


def test_missing_file_is_sd508_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        LeadReader(tmp_path / "nope.jsonl")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "SD508"
    assert "nope.jsonl" in diagnostic.message
    assert diagnostic.span is None


def test_a_reader_reads_once(tmp_path: Path) -> None:
    reader = LeadReader(jsonl(tmp_path, {"id": "a"}))
    assert len(list(reader)) == 1
    with pytest.raises(RuntimeError):
        iter(reader)


# ---------------------------------------------------------------- CSV


def test_csv_cells_are_strings_and_empty_cells_are_absent(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "leads.csv",
        'id,title,company.size,country\n7,CTO,800,\n"L-2","Head, Growth",,US\n',
    )
    records = read_all(LeadReader(path))
    assert [(r.lead.id, r.line) for r in records] == [("7", 2), ("L-2", 3)]
    assert records[0].lead.attributes == {"title": "CTO", "company.size": "800"}
    assert records[1].lead.attributes == {"title": "Head, Growth", "country": "US"}
    assert records[0].lead.events == []


def test_csv_line_numbers_count_physical_lines_of_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", 'id,note\na,"two\nlines"\nb,x\n\nc,y\n')
    records = read_all(LeadReader(path))
    assert [(r.lead.id, r.line) for r in records] == [("a", 2), ("b", 4), ("c", 6)]
    assert records[0].lead.attributes == {"note": "two\nlines"}


def test_csv_without_id_column_is_sd509_at_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "ID,title\n1,CTO\n")
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == "SD509"
    assert rendered.startswith(f"{path}:1:1: error[SD509]")
    assert "1 | ID,title" in rendered
    assert diagnostic.help is not None and "rename `ID` to `id`" in diagnostic.help


def test_csv_row_with_too_many_fields_points_at_the_extra_field(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "id,company\nL-1,Acme, Inc.\n")
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == "SD502"
    assert "3 fields but the header has 2" in diagnostic.message
    assert rendered.startswith(f"{path}:2:10: error[SD502]")
    assert caret_column(rendered) == 10


def test_csv_empty_id_is_sd503_at_the_id_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "title,id\nCTO,\n")
    diagnostic, rendered = failure(LeadReader(path))
    assert diagnostic.code == "SD503"
    assert rendered.startswith(f"{path}:2:5: error[SD503]: missing `id`")


# ---------------------------------------------------------------- events tables


def test_events_are_joined_to_leads_in_input_order(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id,title\nL-2,CTO\nL-1,\n7,VP\n")
    events = write(
        tmp_path,
        "events.csv",
        "lead_id,type,at,url\n"
        "L-1,email.opened,2026-10-02,\n"
        "L-2,page.visited,2026-10-20T08:00:00Z,/pricing\n"
        "L-1,email.clicked,2026-10-01,/x\n"
        "7,demo.booked,2026-10-03,\n",
    )
    reader = LeadReader(leads, events)
    records = read_all(reader)
    assert [r.lead.id for r in records] == ["L-2", "L-1", "7"]
    by_id = {r.lead.id: r.lead for r in records}
    assert [(e.type, e.props) for e in by_id["L-1"].events] == [
        ("email.opened", {}),
        ("email.clicked", {"url": "/x"}),
    ]
    assert by_id["L-2"].events[0].at == datetime(2026, 10, 20, 8, tzinfo=UTC)
    assert by_id["L-2"].events[0].props == {"url": "/pricing"}
    assert by_id["L-1"].attributes == {}
    assert (reader.read, reader.rejected, reader.events_read) == (3, 0, 4)


def test_jsonl_leads_with_an_events_file_are_flat_table_rows(tmp_path: Path) -> None:
    leads = jsonl(tmp_path, {"id": 7, "company.size": 800, "company": {"name": "Acme"}, "x": None})
    events = jsonl(
        tmp_path, {"lead_id": 7, "type": "a", "at": "2026-10-01", "n": 3}, name="events.jsonl"
    )
    [record] = read_all(LeadReader(leads, events))
    assert record.lead.id == "7"
    assert record.lead.attributes == {"company.size": 800, "company": {"name": "Acme"}}
    assert record.lead.events[0].props == {"n": 3}


def test_events_for_unknown_leads_stop_after_the_leads_are_read(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id\nL-1\n")
    events = write(tmp_path, "events.csv", "lead_id,type,at\nL-9,a,2026-10-01\nL-1,a,2026-10-01\n")
    reader = LeadReader(leads, events)
    seen: list[str] = []
    with pytest.raises(DiagnosticError) as caught:
        for record in reader:
            seen.append(record.lead.id)
    assert seen == ["L-1"]
    [diagnostic] = caught.value.diagnostics
    rendered = render_text(diagnostic, caught.value.sources)
    assert diagnostic.code == "SD507"
    assert rendered.startswith(f"{events}:2:1: error[SD507]: event for unknown lead `L-9`")
    assert "2 | L-9,a,2026-10-01" in rendered


def test_bad_event_row_stops_the_run_at_its_line(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id\nL-1\n")
    events = write(tmp_path, "events.csv", "lead_id,type,at\nL-1,a,2026-10-01\nL-1,b,soon\n")
    diagnostic, rendered = failure(LeadReader(leads, events))
    assert diagnostic.code == "SD506"
    assert diagnostic.message == 'at: "soon" is not an ISO 8601 timestamp'
    assert rendered.startswith(f"{events}:3:7: error[SD506]")


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [(",a,2026-10-01", "SD503", 1), ("L-1,,2026-10-01", "SD505", 5), ("L-1,a,", "SD505", 7)],
)
def test_event_rows_without_lead_id_type_or_at(
    tmp_path: Path, row: str, code: str, column: int
) -> None:
    leads = write(tmp_path, "leads.csv", "id\nL-1\n")
    events = write(tmp_path, "events.csv", f"lead_id,type,at\n{row}\n")
    diagnostic, rendered = failure(LeadReader(leads, events))
    assert diagnostic.code == code
    assert rendered.startswith(f"{events}:2:{column}: error[{code}]")


def test_events_file_without_at_column_is_sd509(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id\nL-1\n")
    events = write(tmp_path, "events.csv", "lead_id,type,when\nL-1,a,2026-10-01\n")
    diagnostic, rendered = failure(LeadReader(leads, events))
    assert diagnostic.code == "SD509"
    assert "no `at` column" in diagnostic.message
    assert rendered.startswith(f"{events}:1:1: error[SD509]")


# ---------------------------------------------------------------- Parquet


def test_parquet_leads_and_events_round_trip(tmp_path: Path) -> None:
    leads = tmp_path / "leads.parquet"
    pq.write_table(
        pa.table(
            {
                "id": [1, 2, 3],
                "company.size": [800, None, 20],
                "title": ["CTO", "VP", None],
            }
        ),
        leads,
        row_group_size=2,
    )
    events = tmp_path / "events.parquet"
    pq.write_table(
        pa.table(
            {
                "lead_id": ["2", "1", "2"],
                "type": ["a", "b", "c"],
                "at": pa.array(
                    [
                        datetime(2026, 10, 1, tzinfo=UTC),
                        datetime(2026, 10, 2, 9, tzinfo=UTC),
                        datetime(2026, 10, 3, tzinfo=UTC),
                    ],
                    type=pa.timestamp("us", tz="UTC"),
                ),
                "url": ["/x", None, "/y"],
            }
        ),
        events,
    )
    reader = LeadReader(leads, events)
    records = read_all(reader)
    assert [(r.lead.id, r.line) for r in records] == [("1", 1), ("2", 2), ("3", 3)]
    assert records[0].lead.attributes == {"company.size": 800, "title": "CTO"}
    assert records[1].lead.attributes == {"title": "VP"}
    assert records[0].lead.events[0].at == datetime(2026, 10, 2, 9, tzinfo=UTC)
    assert [(e.type, e.props) for e in records[1].lead.events] == [
        ("a", {"url": "/x"}),
        ("c", {"url": "/y"}),
    ]
    assert reader.progress_done == reader.progress_total


def test_parquet_bad_row_is_reported_by_row_number(tmp_path: Path) -> None:
    leads = tmp_path / "leads.parquet"
    pq.write_table(pa.table({"id": ["a", None]}), leads)
    diagnostic, rendered = failure(LeadReader(leads))
    assert diagnostic.code == "SD503"
    assert rendered.startswith(f"{leads}:2:")
    assert '2 | {"id": null}' in rendered


def test_parquet_without_lead_id_column_is_sd509(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id\nL-1\n")
    events = tmp_path / "events.parquet"
    pq.write_table(pa.table({"id": ["L-1"], "type": ["a"], "at": ["2026-10-01"]}), events)
    diagnostic, _ = failure(LeadReader(leads, events))
    assert diagnostic.code == "SD509"
    assert diagnostic.help is not None and "rename `id` to `lead_id`" in diagnostic.help


def test_a_file_that_is_not_parquet_is_sd508(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.parquet", "id\nL-1\n")
    diagnostic, _ = failure(LeadReader(leads))
    assert diagnostic.code == "SD508"


# ---------------------------------------------------------------- skip mode


def read_rejects(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_skip_mode_writes_rejects_and_keeps_going(tmp_path: Path) -> None:
    bad_line = '{"id": "L-2", "events": [{"type": "a", "at": "yesterday"}]}'
    path = jsonl(tmp_path, {"id": "L-1"}, bad_line, "{oops", {"id": "L-4"})
    rejects = tmp_path / "rejects.jsonl"
    reader = LeadReader(path, skip_invalid=True, rejects_path=rejects)
    records = read_all(reader)
    assert [r.lead.id for r in records] == ["L-1", "L-4"]
    assert (reader.read, reader.rejected) == (4, 2)
    assert reader.read == len(records) + reader.rejected
    assert reader.reject_diagnostics == []  # they went to the file
    entries = read_rejects(rejects)
    assert [(e["file"], e["line"], e["code"]) for e in entries] == [
        (str(path), 2, "SD506"),
        (str(path), 3, "SD501"),
    ]
    assert entries[0]["record"] == bad_line
    assert entries[0]["reason"] == 'events[0].at: "yesterday" is not an ISO 8601 timestamp'


def test_skip_mode_without_rejects_file_keeps_the_diagnostics(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "L-1"}, {"id": None})
    reader = LeadReader(path, skip_invalid=True)
    records = read_all(reader)
    assert len(records) == 1 and reader.rejected == 1
    [diagnostic] = reader.reject_diagnostics
    rendered = render_text(diagnostic, SourceMap([reader.rejects[0].source]))
    assert rendered.startswith(f"{path}:2:8: error[SD503]")
    assert '2 | {"id": null}' in rendered


def test_skip_mode_rejects_a_bad_event_and_its_lead(tmp_path: Path) -> None:
    leads = write(tmp_path, "leads.csv", "id,title\nL-1,CTO\nL-2,VP\nL-3,\n")
    events = write(
        tmp_path,
        "events.csv",
        "lead_id,type,at\n"
        "L-1,a,2026-10-01\n"
        "L-2,b,not-a-date\n"
        "L-2,c,2026-10-02\n"
        "L-9,d,2026-10-03\n"
        "L-9,e,2026-10-04\n",
    )
    rejects = tmp_path / "rejects.jsonl"
    reader = LeadReader(leads, events, skip_invalid=True, rejects_path=rejects)
    records = read_all(reader)
    assert [r.lead.id for r in records] == ["L-1", "L-3"]
    assert (reader.read, reader.rejected) == (3, 1)
    assert reader.read == len(records) + reader.rejected
    assert (reader.events_read, reader.events_rejected) == (5, 3)
    entries = read_rejects(rejects)
    assert [(Path(str(e["file"])).name, e["line"], e["code"]) for e in entries] == [
        ("events.csv", 3, "SD506"),
        ("leads.csv", 3, "SD506"),
        ("events.csv", 5, "SD507"),
        ("events.csv", 6, "SD507"),
    ]
    assert entries[1]["reason"] == f"lead `L-2` has a rejected event at {events}:3"
    assert entries[1]["record"] == "L-2,VP"


def test_skip_mode_rejects_parquet_rows_as_objects(tmp_path: Path) -> None:
    leads = tmp_path / "leads.parquet"
    when = datetime(2026, 10, 1, tzinfo=UTC)
    pq.write_table(
        pa.table({"id": [None, "b"], "seen": pa.array([when, when], pa.timestamp("us", "UTC"))}),
        leads,
    )
    rejects = tmp_path / "rejects.jsonl"
    reader = LeadReader(leads, skip_invalid=True, rejects_path=rejects)
    assert [r.lead.id for r in read_all(reader)] == ["b"]
    [entry] = read_rejects(rejects)
    assert entry["line"] == 1 and entry["code"] == "SD503"
    assert entry["record"] == {"id": None, "seen": "2026-10-01T00:00:00+00:00"}


def test_skip_mode_still_stops_on_a_bad_header(tmp_path: Path) -> None:
    path = write(tmp_path, "leads.csv", "name\nx\n")
    diagnostic, _ = failure(LeadReader(path, skip_invalid=True))
    assert diagnostic.code == "SD509"


# ---------------------------------------------------------------- column mapping (spec 12)


def test_a_missing_mapped_id_column_is_named_with_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "Leads.csv", "Prospect Id,Lead Source\nP-1,Google\n")
    diagnostic, rendered = failure(LeadReader(path, columns=ColumnMap(id="Prospect ID")))
    assert diagnostic.code == "SD509"
    assert diagnostic.message == f"`{path}` has no `Prospect ID` column"
    assert diagnostic.help is not None and "did you mean `Prospect Id`?" in diagnostic.help
    assert rendered.startswith(f"{path}:1:1: error[SD509]")


def test_a_missing_id_column_suggests_the_option_and_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "Leads.csv", "Prospect ID,Lead Source\nP-1,Google\n")
    diagnostic, _ = failure(LeadReader(path))
    assert diagnostic.help is not None
    assert 'or name the column: --id-column "Prospect ID"' in diagnostic.help
    assert "--id-column @row numbers the rows" in diagnostic.help


def test_a_mapped_id_column_is_the_id_and_no_attribute(tmp_path: Path) -> None:
    leads = write(tmp_path, "Leads.csv", "Prospect ID,id,Lead Source\nP-1,7,Google\n")
    events = write(
        tmp_path,
        "Events.csv",
        "Contact ID,Event Type,Timestamp,lead_id\nP-1,email.opened,2026-10-01,x\n",
    )
    columns = ColumnMap("Prospect ID", "Contact ID", "Event Type", "Timestamp")
    [record] = read_all(LeadReader(leads, events, columns=columns))
    assert record.lead.id == "P-1"
    assert record.lead.attributes == {"id": "7", "Lead Source": "Google"}
    [event] = record.lead.events
    assert (event.type, event.props) == ("email.opened", {"lead_id": "x"})


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "bank.csv", 'age,job\n56,housemaid\n\n57,"two\nlines"\n')
    records = read_all(LeadReader(path, columns=ColumnMap(id=ROW_NUMBER)))
    assert [(r.lead.id, r.line) for r in records] == [("1", 2), ("2", 4)]
    assert records[0].lead.attributes == {"age": "56", "job": "housemaid"}


def test_a_bad_mapped_event_column_is_worded_with_its_name(tmp_path: Path) -> None:
    leads = write(tmp_path, "Leads.csv", "id\nL-1\n")
    events = write(tmp_path, "Events.csv", "lead_id,type,Timestamp\nL-1,x,soon\n")
    diagnostic, rendered = failure(
        LeadReader(leads, events, columns=ColumnMap(event_at="Timestamp"))
    )
    assert diagnostic.code == "SD506"
    assert diagnostic.message == 'Timestamp: "soon" is not an ISO 8601 timestamp'
    assert "^^^^" in rendered  # points at the cell
