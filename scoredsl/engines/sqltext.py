"""The pieces of the statements the engines build around the compiled query (input views,
checks, COPY): sqlglot trees, rendered as DuckDB SQL. Names and text become identifiers and
literals in a tree, never text pasted into SQL.

Names and paths come from users' files, so they only ever enter SQL through these.
Fixed statements are constant DuckDB templates (`duck`), parsed by sqlglot once, with
`__name__` placeholders replaced by trees, as sql.dialects lowers the compiler's nodes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

# sqlglot is imported where it is used: `scoredsl check` loads this module (through lint's
# data rules) and must not pay the import (nor need the sql extra unless it queries).
if TYPE_CHECKING:
    from sqlglot import exp


def ident(name: str) -> exp.Identifier:
    """A quoted SQL identifier: `company.size` -> `"company.size"`."""
    from sqlglot import exp

    return exp.to_identifier(name, quoted=True)


def column(name: str, table: str | None = None) -> exp.Column:
    """A quoted column, optionally of a table alias (unquoted: the engines' own names)."""
    from sqlglot import exp

    return exp.column(ident(name), table=table)


def table(name: str) -> exp.Table:
    """A quoted table or view name."""
    from sqlglot import exp

    return exp.Table(this=ident(name))


def text(value: str | Path) -> exp.Literal:
    """An SQL string literal."""
    from sqlglot import exp

    return exp.Literal.string(str(value))


def json_key_path(key: str) -> exp.Literal:
    """A JSON path literal naming one object key exactly, dots and quotes included."""
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return text('$."' + escaped + '"')


def call(name: str, *args: exp.Expr) -> exp.Expr:
    """A DuckDB function call written as named: sqlglot does not rewrite it (a JSON path
    stays the literal given, a list function keeps its DuckDB name)."""
    from sqlglot import exp

    return exp.Anonymous(this=name, expressions=[_operand(a) for a in args])


def duck(sql: str, **args: exp.Expr) -> exp.Expr:
    """A constant DuckDB template with placeholders `__name__` replaced by trees: a column
    placeholder by an expression (in parentheses when compound, so precedence holds), a
    table or alias placeholder by an identifier."""
    from sqlglot import exp

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column | exp.Identifier) and not (
            isinstance(node, exp.Column) and node.table
        ):
            name = node.name
            if name.startswith("__") and name.endswith("__"):
                value = args[name[2:-2]]
                if isinstance(node, exp.Identifier):
                    return value.copy()
                return _operand(value)
        return node

    return _parsed(sql).transform(fill)  # a copy: the cached template stays as parsed


def sql(tree: exp.Expr) -> str:
    """A tree as DuckDB SQL text."""
    return tree.sql("duckdb")


@cache
def _parsed(sql: str) -> exp.Expr:
    """A template's tree, kept in the SQL cache as sqlglot's own serialized form: loading it
    is several times faster than parsing, which a short run would pay each time."""
    from sqlglot import exp

    from .sqlcache import cached_sql

    def build() -> str:
        import sqlglot

        return json.dumps(sqlglot.parse_one(sql, read="duckdb").dump())

    return exp.Expression.load(json.loads(cached_sql(["template", sql], build)))


def _operand(value: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    atomic = (exp.Column, exp.Literal, exp.Paren, exp.Anonymous, exp.Null, exp.Boolean)
    if isinstance(value, (*atomic, exp.Cast, exp.Case, exp.Star)):
        return value.copy()
    return exp.Paren(this=value.copy())
