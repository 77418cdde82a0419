"""`scoredsl compile`: print the scoring query of a ruleset for a warehouse.

With no data at hand the input schema is assumed (`InputSchema.assumed`): each attribute
and property a rule reads is a column named by its dotted path, read as text as a CSV
cell would be, with the spec's coercions.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Literal

from ..extras import require
from ..program import Program


class Dialect(str, Enum):
    duckdb = "duckdb"
    spark = "spark"
    bigquery = "bigquery"
    snowflake = "snowflake"
    postgres = "postgres"
    trino = "trino"


def compile_sql(
    program: Program,
    dialect: Dialect,
    *,
    as_of: datetime | Literal["now"] | None,
    leads_table: str = "leads",
    events_table: str = "events",
) -> str:
    """The query's SQL text, ending with a newline (MissingExtra without sqlglot)."""
    require("sql", "compile")
    from .compiler import compile_program, to_sql
    from .schema import InputSchema

    schema = InputSchema.assumed(program)
    tree = compile_program(
        program, schema, as_of=as_of, leads_table=leads_table, events_table=events_table
    )
    return to_sql(tree, dialect.value) + "\n"
