"""Event `at` in DuckDB, read exactly as timeutil.parse_instant reads it (spec 9).

The common shapes (a date; a date, `T` or space, and a time with an optional `Z` or
`+HH:MM` offset) are parsed in SQL; every other text goes to parse_instant itself through a
Python function, so no text is read differently by the two engines, only faster.
Texts are matched exactly as given: Python strips surrounding blanks, so " 2026-10-01 "
takes the Python path too.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ..timeutil import InstantError, parse_instant

# One regex pass splits the common shapes; a text it does not split (or that DuckDB cannot
# cast, such as 2026-02-30) goes to parse_instant, which decides. A CASE on the regex would
# be clearer but runs three times slower in DuckDB than this COALESCE.
_SHAPE = (
    r"^(\d{4}-\d{2}-\d{2})(?:[T ]((?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?)"
    r"([zZ]|([+-])((?:[01]\d|2[0-3])):([0-5]\d))?)?$"
)
_PARTS = "['day', 'time', 'zone', 'sign', 'hours', 'minutes']"

# sd_at(text) -> TIMESTAMP (UTC, naive) or NULL when the text is not an instant. An offset
# that moves it out of the years 0001-9999 in UTC goes to parse_instant, which refuses it.
_MACROS = f"""
CREATE OR REPLACE MACRO sd_at_offset(p) AS
    CASE p.sign WHEN '+' THEN 1 WHEN '-' THEN -1 ELSE 0 END
    * (COALESCE(TRY_CAST(p.hours AS INTEGER), 0) * 60 + COALESCE(TRY_CAST(p.minutes AS INTEGER), 0));
CREATE OR REPLACE MACRO sd_at_parts(p) AS
    TRY_CAST(p.day || ' ' || coalesce(nullif(p.time, ''), '00:00') AS TIMESTAMP)
    - to_minutes(sd_at_offset(p));
CREATE OR REPLACE MACRO sd_at_in_range(t) AS
    CASE WHEN t >= TIMESTAMP '0001-01-01' AND t < TIMESTAMP '10000-01-01' THEN t END;
CREATE OR REPLACE MACRO sd_at(raw) AS
    coalesce(sd_at_in_range(sd_at_parts(regexp_extract(raw, '{_SHAPE}', {_PARTS}))),
             sd_py_instant(raw));
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
        ["VARCHAR"],
        "TIMESTAMP",
        null_handling="special",
        side_effects=False,
    )
    con.execute(_MACROS)
