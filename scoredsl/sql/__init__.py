"""Compile a checked ruleset into one SQL query (spec 10 tables in, spec 11 records out).

`schema` says how each attribute and property path reads from the input relations,
`compiler` builds a dialect-neutral sqlglot tree, and `dialects` lowers it to one engine.
"""

from __future__ import annotations

from .compiler import compile_program, to_sql
from .schema import InputSchema

__all__ = ["InputSchema", "compile_program", "to_sql"]
