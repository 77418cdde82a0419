"""Quoting for the statements the engines build around the compiled query (input views,
checks, COPY): names and text are rendered by sqlglot, never quoted by hand.

Names and paths come from users' files, so they only ever enter SQL through these.
"""

from __future__ import annotations

from pathlib import Path

# sqlglot is imported where it quotes: lint's data rules use `ident` and must not cost
# `scoredsl check` the import (nor need the sql extra unless they query).


def ident(name: str) -> str:
    """A quoted SQL identifier: `company.size` -> `"company.size"`."""
    from sqlglot import exp

    return exp.to_identifier(name, quoted=True).sql("duckdb")


def text(value: str | Path) -> str:
    """A quoted SQL string literal."""
    from sqlglot import exp

    return exp.Literal.string(str(value)).sql("duckdb")


def json_key_path(key: str) -> str:
    """A JSON path literal naming one object key exactly, dots and quotes included."""
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return text(f'$."{escaped}"')
