"""The dialect table: how each engine spells the compiler's neutral functions.

`lower(tree, dialect)` rewrites every `nodes.Neutral` into that engine's SQL. A construct
an engine cannot express goes through `unsupported`, which raises a diagnostic (SD701)
instead of emitting SQL that would mean something else.

Larger rewrites are written as SQL templates of the target dialect: constant text in this
module (never user text), parsed by sqlglot once, with `__x__`-style columns replaced by
the argument trees.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache

import sqlglot
from sqlglot import exp

from ..diagnostics import DiagnosticError, error
from . import nodes

DIALECTS = ("duckdb", "spark", "bigquery", "snowflake", "postgres", "trino")
Lowering = Callable[[nodes.Neutral], exp.Expr]

# Python's str.strip() removes every character for which str.isspace() is true.
PY_WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())

# timeutil.parse_instant after the Z -> +00:00 step: a date, then optionally any one
# separator character and a time, then optionally an offset (extended ISO 8601 forms).
ISO_INSTANT = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:.([01][0-9]|2[0-3])(?::?([0-5][0-9])(?::?([0-5][0-9])(?:[.,]([0-9]+))?)?)?"
    r"(?:([+-])([01][0-9]|2[0-3])(?::?([0-5][0-9])(?::?([0-5][0-9]))?)?)?)?$"
)


def unsupported(dialect: str, what: str) -> DiagnosticError:
    """The one hook for constructs a dialect cannot express."""
    return DiagnosticError(
        [
            error(
                "SD701",
                f"the {dialect} dialect cannot express {what}",
                help="score with `scoredsl score --engine duckdb`, or pick another --dialect",
            )
        ]
    )


def lower(tree: exp.Expr, dialect: str) -> exp.Expr:
    """A copy of `tree` with every neutral node rewritten for `dialect`."""
    if dialect not in DIALECTS:
        raise DiagnosticError(
            [
                error(
                    "SD702",
                    f"unknown SQL dialect `{dialect}`",
                    help="use one of " + ", ".join(DIALECTS),
                )
            ]
        )
    table = _TABLES[dialect]
    result = tree.copy()
    while True:
        pending = list(result.find_all(nodes.Neutral))
        if not pending:
            return result

        def rewrite(node: exp.Expr) -> exp.Expr:
            if not isinstance(node, nodes.Neutral):
                return node
            how = table.get(type(node))
            if how is None:
                raise unsupported(dialect, _describe(node))
            return how(node)

        result = result.transform(rewrite, copy=False)


def _describe(node: nodes.Neutral) -> str:
    what = {
        nodes.JsonGet: "JSON columns",
        nodes.ListAny: "`contains` on list values",
        nodes.OrderedSum: "sums in input order",
    }
    return what.get(type(node), type(node).__name__)


# ---------------------------------------------------------------- templates


@cache
def _parsed(sql: str, dialect: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read=dialect)


def template(sql: str, dialect: str, **args: exp.Expr) -> exp.Expr:
    """A constant SQL template with columns `__name__` replaced by the given trees."""

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table:
            name = node.name
            if name.startswith("__") and name.endswith("__"):
                return args[name[2:-2]].copy()
        return node

    return _parsed(sql, dialect).copy().transform(fill)


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=[a.copy() for a in args])


def _s(text: str) -> exp.Expr:
    return exp.Literal.string(text)


# ---------------------------------------------------------------- duckdb

_DUCK_JSON_TYPES = {
    "string": ["VARCHAR"],
    "integer": ["BIGINT", "UBIGINT"],
    "double": ["DOUBLE"],
    "boolean": ["BOOLEAN"],
    "array": ["ARRAY"],
    "object": ["OBJECT"],
    "null": ["NULL"],
}


def _json_pointer(key: str) -> str:
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _duck_json_is(node: nodes.Neutral) -> exp.Expr:
    names = _DUCK_JSON_TYPES[node.args["kind"].name]
    return exp.In(this=_fn("JSON_TYPE", node.this), expressions=[_s(n) for n in names])


def _duck_instant(node: nodes.Neutral) -> exp.Expr:
    stripped = nodes.PyStrip(this=node.this.copy())
    normal = template(_DUCK_ZULU, "duckdb", s=stripped)
    return template(_DUCK_INSTANT, "duckdb", t=normal, re=_s(ISO_INSTANT))


_DUCK_INSTANT = """
CASE WHEN REGEXP_MATCHES(__t__, __re__) THEN
   EPOCH_US(TRY_CAST(REGEXP_EXTRACT(__t__, __re__, 1) AS DATE))
   + COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 2), '') AS BIGINT), 0) * 3600000000
   + COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 3), '') AS BIGINT), 0) * 60000000
   + COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 4), '') AS BIGINT), 0) * 1000000
   + COALESCE(TRY_CAST(NULLIF(RPAD(LEFT(REGEXP_EXTRACT(__t__, __re__, 5), 6), 6, '0'), '000000')
       AS BIGINT), 0)
   - CASE REGEXP_EXTRACT(__t__, __re__, 6) WHEN '-' THEN -1 ELSE 1 END * (
       COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 7), '') AS BIGINT), 0) * 3600000000
     + COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 8), '') AS BIGINT), 0) * 60000000
     + COALESCE(TRY_CAST(NULLIF(REGEXP_EXTRACT(__t__, __re__, 9), '') AS BIGINT), 0) * 1000000)
 END
"""

_DUCK_ZULU = """
CASE WHEN SUFFIX(__s__, 'Z') OR SUFFIX(__s__, 'z') THEN LEFT(__s__, -1) || '+00:00' ELSE __s__ END
"""

_DUCK_ROUND = """
CASE WHEN ABS(__x__) >= 1e15 THEN __x__
  ELSE CAST(ROUND(CAST(CAST(__x__ AS VARCHAR) AS DECIMAL(38, 18)), 2) AS DOUBLE) END + 0.0
"""


def _duck_list_any(node: nodes.Neutral) -> exp.Expr:
    function = exp.Lambda(
        this=node.args["expression"].copy(), expressions=[node.args["var"].copy()]
    )
    matched = exp.Anonymous(this="LIST_FILTER", expressions=[node.this.copy(), function])
    return exp.GT(this=_fn("LEN", matched), expression=exp.Literal.number(0))


def _duck_ordered_sum(node: nodes.Neutral) -> exp.Expr:
    order = node.args.get("expression")
    if order is None:
        return exp.Sum(this=node.this.copy())
    return template("SUM(__v__ ORDER BY __o__)", "duckdb", v=node.this, o=order)


_DUCKDB: dict[type[nodes.Neutral], Lowering] = {
    nodes.RegexSearch: lambda n: _fn("REGEXP_MATCHES", n.this, n.expression),
    nodes.RegexFull: lambda n: _fn("REGEXP_FULL_MATCH", n.this, n.expression),
    nodes.EpochMicros: lambda n: _fn("EPOCH_US", n.this),
    nodes.InstantMicros: _duck_instant,
    nodes.Fold: lambda n: exp.Lower(this=n.this.copy()),
    nodes.PyStrip: lambda n: _fn("TRIM", n.this, _s(PY_WHITESPACE)),
    nodes.DoubleText: lambda n: exp.cast(n.this.copy(), exp.DataType.Type.VARCHAR),
    nodes.OrderedSum: _duck_ordered_sum,
    nodes.ListAny: _duck_list_any,
    nodes.JsonGet: lambda n: _fn("JSON_EXTRACT", n.this, _s(_json_pointer(n.expression.name))),
    nodes.JsonIs: _duck_json_is,
    nodes.JsonText: lambda n: _fn("JSON_EXTRACT_STRING", n.this, _s("$")),
    nodes.JsonNumber: lambda n: exp.TryCast(
        this=_fn("JSON_EXTRACT_STRING", n.this, _s("$")), to=exp.DataType.build("DOUBLE")
    ),
    nodes.JsonBool: lambda n: exp.EQ(
        this=_fn("JSON_EXTRACT_STRING", n.this, _s("$")), expression=_s("true")
    ),
    nodes.JsonElements: lambda n: _fn("JSON_EXTRACT", n.this, _s("$[*]")),
    nodes.ToJson: lambda n: _fn("TO_JSON", n.this),
    nodes.RoundHalfAway: lambda n: template(_DUCK_ROUND, "duckdb", x=n.this),
}

_TABLES: dict[str, dict[type[nodes.Neutral], Lowering]] = {
    "duckdb": _DUCKDB,
    "spark": {},
    "bigquery": {},
    "snowflake": {},
    "postgres": {},
    "trino": {},
}
