"""Helpers for the engine tests: the leads DuckDB builds, read back as the Python reader's Leads."""

from __future__ import annotations

import json
from datetime import timezone
from pathlib import Path
from typing import Any

from scoredsl.diagnostics import DiagnosticError, render_all_text
from scoredsl.engines.checks import DUPLICATE_MARK, InputLoader
from scoredsl.engines.tables import connect
from scoredsl.io.columns import DEFAULT_COLUMNS, ColumnMap
from scoredsl.io.readers import LeadReader
from scoredsl.models import Event, Lead


def _value(value: Any, kind: str) -> Any:
    return json.loads(value) if kind == "JSON" else value


def _fields(row: dict[str, Any], kinds: dict[str, str], skip: set[str]) -> dict[str, Any]:
    # SQL NULL is an absent key; a JSON null (the lead form) is a present null.
    return {
        name: _value(value, kinds[name])
        for name, value in row.items()
        if name not in skip and value is not None
    }


def _rows(con: Any, query: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    cursor = con.execute(query)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    kinds = {str(n): str(k) for n, k, *_ in con.execute(f"DESCRIBE {query}").fetchall()}
    return rows, kinds


def duckdb_leads(
    leads: Path, events: Path | None, skip: bool = True, columns: ColumnMap = DEFAULT_COLUMNS
) -> tuple[list[Lead], Any]:
    """The leads DuckDB's `leads`/`events` views hold, as Lead objects, and its reader."""
    con = connect(threads=4)
    reader = LeadReader(leads, events, skip_invalid=skip, columns=columns)
    with reader:
        InputLoader(con, reader).load()
    lead_rows, lead_kinds = _rows(con, "SELECT * FROM leads ORDER BY _ord")
    event_rows, event_kinds = _rows(con, "SELECT * FROM events ORDER BY _ord")
    by_lead: dict[str, list[Event]] = {}
    for row in event_rows:
        at = row["at"].replace(tzinfo=timezone.utc)
        props = _fields(row, event_kinds, {"lead_id", "_ord", "type", "at"})
        by_lead.setdefault(row["lead_id"], []).append(Event(type=row["type"], at=at, props=props))
    found = [
        Lead(
            id=row["id"].split(DUPLICATE_MARK)[0],
            attributes=_fields(row, lead_kinds, {"id", "_ord"}),
            events=by_lead.get(row["id"], []),
        )
        for row in lead_rows
    ]
    con.close()
    return found, reader


def python_leads(
    leads: Path, events: Path | None, skip: bool = True, columns: ColumnMap = DEFAULT_COLUMNS
) -> tuple[list[Lead], Any]:
    reader = LeadReader(leads, events, skip_invalid=skip, columns=columns)
    with reader:
        found = [record.lead for record in reader]
    return found, reader


def first_error(
    read: Any, leads: Path, events: Path | None, columns: ColumnMap = DEFAULT_COLUMNS
) -> str:
    """The rendered error that stops a run without --skip-invalid ("" when none)."""
    try:
        read(leads, events, skip=False, columns=columns)
    except DiagnosticError as exc:
        return render_all_text(exc.diagnostics, exc.sources)
    return ""


def rendered_rejects(reader: LeadReader) -> list[str]:
    from scoredsl.diagnostics import SourceMap

    return [render_all_text([r.diagnostic], SourceMap([r.source])) for r in reader.rejects]


def lead_form_lines() -> list[str]:
    """JSON Lines in the lead form: good leads and one of every kind of bad record."""
    return [
        json.dumps(
            {
                "id": "A",
                "attributes": {"title": "CTO", "company": {"size": 800}, "company.size": "9"},
                "events": [
                    {"type": "page.visited", "at": "2026-10-20", "props": {"url": "/pricing"}},
                    {"type": "email.opened", "at": "2026-10-01T09:30:00+02:00"},
                ],
            }
        ),
        "",
        json.dumps({"id": 7, "attributes": {"tags": ["a", 1], "title": None}}),
        '{"id": "broken", ',
        json.dumps({"id": "B", "events": [{"type": "x", "at": "soon"}]}),
        json.dumps({"id": "C", "atributes": {}}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "  "}),
        json.dumps({"id": True}),
        json.dumps({"id": "D", "attributes": [1]}),
        json.dumps({"id": "E", "events": {"type": "x"}}),
        json.dumps({"id": "F", "events": [{"type": "", "at": "2026-10-01"}]}),
        json.dumps({"id": "G", "events": [{"type": "x", "at": "2026-10-01", "prop": {}}]}),
        json.dumps({"id": "H", "events": [{"type": "x", "at": 5}]}),
        json.dumps({"id": "I", "events": [{"type": "x", "at": "2026-10-01", "props": 3}]}),
        json.dumps({"id": "J", "events": [7]}),
        json.dumps({"id": "K", "events": [{"at": "2026-10-01"}]}),
        json.dumps({"id": 1.5, "attributes": {"n": 1e3}, "events": None}),
        "null",
        json.dumps({"id": "L", "events": [{"type": "x", "at": "2026-10-01"}] * 3}),
        json.dumps({"id": "A", "events": [{"type": "again", "at": "2026-10-02"}]}),
        json.dumps({"id": "L", "attributes": {"dup": True}}),
    ]
