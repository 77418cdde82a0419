"""Quoting for the few SQL statements the engines build themselves (input views, COPY).

Names and paths come from users' files, so they are quoted by construction, never pasted.
"""

from __future__ import annotations

from pathlib import Path


def ident(name: str) -> str:
    """A quoted SQL identifier: `company.size` -> `"company.size"`."""
    return '"' + name.replace('"', '""') + '"'


def text(value: str | Path) -> str:
    """A quoted SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def json_key_path(key: str) -> str:
    """A JSON path literal naming one object key exactly, dots and quotes included."""
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return text(f'$."{escaped}"')
