"""Event `at` in DuckDB, read exactly as timeutil.parse_instant reads it (spec 9).

`sd_at(text)` is the same SQL the compiler emits for a timestamp attribute held as text
(sql.dialects.duck_instant_micros), built from the one grammar timeutil.INSTANT_PATTERN, so
no text is read differently by the two engines. It is plain SQL: no Python call per row.
"""

from __future__ import annotations

import duckdb


def _macros() -> str:
    from sqlglot import exp

    from ..sql.dialects import duck_instant_micros
    from .sqltext import duck, sql

    micros = duck_instant_micros(exp.column("raw"))
    # sd_at(text) -> TIMESTAMP (UTC, naive) or NULL when the text is not an instant.
    return sql(duck("CREATE OR REPLACE MACRO sd_at(raw) AS make_timestamp(__us__)", us=micros))


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Define sd_at on a connection (its text cached: sqlcache)."""
    from .sqlcache import cached_sql

    con.execute(cached_sql(["sd_at macro"], _macros))
