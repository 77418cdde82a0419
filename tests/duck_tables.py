"""Test helper: lead-form records (spec 10) as the DuckDB relations the SQL reads.

`leads` gets `id`, `_ord` and one JSON column per top-level attribute key (an absent key
is SQL NULL, a null is JSON null); `events` gets `lead_id`, `_ord`, `type`, `at`
(TIMESTAMP, UTC) and one JSON column per property key. `text_tables` is the CSV shape:
every cell VARCHAR, an absent or null value an empty (NULL) cell.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timezone
from typing import Any

import pyarrow as pa
from sqlglot import exp

from scoredsl.models import Lead


def _quoted(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def _keys(rows: Sequence[dict[str, Any]]) -> list[str]:
    found: dict[str, None] = {}
    for row in rows:
        found.update(dict.fromkeys(row))
    return list(found)


def _register(
    con: Any, name: str, fixed: dict[str, pa.Array], extra: dict[str, list[Any]], cast: str
) -> None:
    columns = dict(fixed)
    for values in extra.values():
        columns["x" + str(len(columns))] = pa.array(values, pa.string())
    table = pa.table(columns)
    con.register(f"{name}_raw", table)
    names = list(fixed)
    select = [_quoted(n) for n in names]
    for index, key in enumerate(extra):
        raw = "x" + str(len(fixed) + index)
        select.append(f"CAST({_quoted(raw)} AS {cast}) AS {_quoted(key)}")
    con.execute(
        f"CREATE OR REPLACE TABLE {_quoted(name)} AS SELECT {', '.join(select)} FROM {_quoted(name + '_raw')}"
    )
    con.unregister(f"{name}_raw")


def json_tables(con: Any, leads: Sequence[dict[str, Any]]) -> None:
    """Lead-form records as leads/events with JSON attribute and property columns."""
    parsed = [Lead.model_validate(lead) for lead in leads]
    attrs = [lead.attributes for lead in parsed]
    keys = _keys(attrs)
    extra = {k: [json.dumps(a[k]) if k in a else None for a in attrs] for k in keys}
    fixed = {
        "id": pa.array([lead.id for lead in parsed], pa.string()),
        "_ord": pa.array(range(len(parsed)), pa.int64()),
    }
    _register(con, "leads", fixed, extra, "JSON")
    events = [(lead.id, e) for lead in parsed for e in lead.events]
    props = [e.props for _, e in events]
    pkeys = _keys(props)
    pextra = {k: [json.dumps(p[k]) if k in p else None for p in props] for k in pkeys}
    efixed = {
        "lead_id": pa.array([i for i, _ in events], pa.string()),
        "_ord": pa.array(range(len(events)), pa.int64()),
        "type": pa.array([e.type for _, e in events], pa.string()),
        "at": pa.array(
            [e.at.astimezone(timezone.utc).replace(tzinfo=None) for _, e in events],
            pa.timestamp("us"),
        ),
    }
    _register(con, "events", efixed, pextra, "JSON")


def _cell(value: Any) -> str | None:
    """A value as a CSV cell would hold it (the text a user would have exported)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value:
            flat.update(_flat(value, prefix + key + "."))
        else:
            flat[prefix + key] = value
    return flat


def text_leads(leads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lead-form records as CSV would give them: flat dotted keys, text cells, no nulls."""
    shaped = []
    for lead in leads:
        attributes = {
            k: c for k, v in _flat(lead.get("attributes") or {}).items() if (c := _cell(v))
        }
        events = []
        for event in lead.get("events") or []:
            props = {k: c for k, v in _flat(event.get("props") or {}).items() if (c := _cell(v))}
            events.append({"type": event["type"], "at": event["at"], "props": props})
        shaped.append({"id": lead["id"], "attributes": attributes, "events": events})
    return shaped


def text_tables(con: Any, leads: Sequence[dict[str, Any]]) -> None:
    """`text_leads` records as all-VARCHAR relations (the CSV shape)."""
    parsed = [Lead.model_validate(lead) for lead in leads]
    attrs = [lead.attributes for lead in parsed]
    extra = {k: [a.get(k) for a in attrs] for k in _keys(attrs)}
    fixed = {
        "id": pa.array([lead.id for lead in parsed], pa.string()),
        "_ord": pa.array(range(len(parsed)), pa.int64()),
    }
    _register(con, "leads", fixed, extra, "VARCHAR")
    events = [(lead.id, e) for lead in parsed for e in lead.events]
    props = [e.props for _, e in events]
    pextra = {k: [p.get(k) for p in props] for k in _keys(props)}
    _register(con, "events", _event_columns(events), pextra, "VARCHAR")


def _event_columns(events: Sequence[tuple[str, Any]]) -> dict[str, pa.Array]:
    return {
        "lead_id": pa.array([i for i, _ in events], pa.string()),
        "_ord": pa.array(range(len(events)), pa.int64()),
        "type": pa.array([e.type for _, e in events], pa.string()),
        "at": pa.array(
            [e.at.astimezone(timezone.utc).replace(tzinfo=None) for _, e in events],
            pa.timestamp("us"),
        ),
    }
