"""Event `at` in DuckDB, read exactly as timeutil.parse_instant reads it (spec 9).

The common shapes (a date; a date, `T` or space, and a time with an optional `Z` or
`+HH:MM` offset) are parsed in SQL; every other text goes to parse_instant itself through a
Python function, so no text is read differently by the two engines, only faster.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ..timeutil import InstantError, parse_instant

_DATE = r"\d{4}-\d{2}-\d{2}"
_DATETIME = (
    r"(\d{4}-\d{2}-\d{2})[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?)"
    r"([zZ]|([+-])((?:[01]\d|2[0-3])):([0-5]\d))?"
)
_PARTS = "['day', 'time', 'zone', 'sign', 'hours', 'minutes']"

# sd_at(text) -> TIMESTAMP (UTC, naive) or NULL when the text is not an instant.
_MACROS = f"""
CREATE OR REPLACE MACRO sd_at_offset(p) AS
    CASE p.sign WHEN '+' THEN 1 WHEN '-' THEN -1 ELSE 0 END
    * (COALESCE(TRY_CAST(p.hours AS INTEGER), 0) * 60 + COALESCE(TRY_CAST(p.minutes AS INTEGER), 0));
CREATE OR REPLACE MACRO sd_at_parts(p) AS
    TRY_CAST(p.day || ' ' || p.time AS TIMESTAMP) - to_minutes(sd_at_offset(p));
CREATE OR REPLACE MACRO sd_at(raw) AS
    CASE
        WHEN raw IS NULL THEN NULL
        WHEN regexp_full_match(raw, '{_DATE}') THEN CAST(TRY_CAST(raw AS DATE) AS TIMESTAMP)
        WHEN regexp_full_match(raw, '{_DATETIME}')
            THEN sd_at_parts(regexp_extract(raw, '^{_DATETIME}$', {_PARTS}))
        ELSE sd_py_instant(raw)
    END;
"""


def _py_instant(raw: str | None) -> datetime | None:
    """parse_instant for the shapes SQL leaves alone; None when it is not an instant."""
    if raw is None:
        return None
    try:
        return parse_instant(raw).replace(tzinfo=None)
    except (InstantError, ValueError, OverflowError):
        return None


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Define sd_at (and its helpers) on a connection."""
    # The enum for null_handling moved between DuckDB releases; its string form works in all.
    con.create_function(  # type: ignore[call-overload]
        "sd_py_instant",
        _py_instant,
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("TIMESTAMP"),
        null_handling="special",
        side_effects=False,
    )
    con.execute(_MACROS)
