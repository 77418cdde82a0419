"""Compile a checked ruleset into one SQL query (spec 10 tables in, spec 11 records out).

`schema` says how each attribute and property path reads from the input relations,
`compiler` builds a dialect-neutral sqlglot tree, and `dialects` lowers it to one engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compiler import compile_program, to_sql
    from .schema import InputSchema

__all__ = ["InputSchema", "compile_program", "to_sql"]


def __getattr__(name: str) -> Any:
    """sqlglot (the `sql` extra) is imported on first use, not with the package, so the
    CLI can name `compile`'s dialects without it."""
    if name in ("compile_program", "to_sql"):
        from . import compiler

        return getattr(compiler, name)
    if name == "InputSchema":
        from .schema import InputSchema

        return InputSchema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
