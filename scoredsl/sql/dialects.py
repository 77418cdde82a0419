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
from ..timeutil import INSTANT_GROUPS, INSTANT_PATTERN, MAX_EPOCH_MICROS, MIN_EPOCH_MICROS
from . import nodes

DIALECTS = ("duckdb", "spark", "bigquery", "snowflake", "postgres", "trino")
Lowering = Callable[[nodes.Neutral], exp.Expr]

# Python's str.strip() removes every character for which str.isspace() is true (spelled
# out: scanning every code point at import cost start-up; a test checks the list against
# str.isspace on each Python); written as RE2/Java escapes so the SQL holds no controls.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE) + "]"
STRIP_PATTERN = f"^{SPACE_CLASS}+|{SPACE_CLASS}+$"

# Spec 9's one instant grammar (timeutil.INSTANT_PATTERN), anchored for regex functions
# that search. Its groups are named by timeutil.INSTANT_GROUPS.
ISO_INSTANT = f"^(?:{INSTANT_PATTERN})$"


@cache
def fold_specials() -> dict[str, str]:
    """Characters whose casefold is not their single-character lowercase (ß -> ss,
    Cherokee small letters -> capitals, final sigma -> sigma, ...): LOWER alone misses them."""
    specials = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        lowered = char.lower()
        if char.casefold() != lowered or len(lowered) != 1:
            specials[char] = char.casefold()
    return specials


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
    return _rewrite(tree.copy(), _TABLES[dialect], dialect)


def _rewrite(root: exp.Expr, table: dict[type[nodes.Neutral], Lowering], dialect: str) -> exp.Expr:
    """Rewrite `root` in place, top down in one walk: a neutral node is replaced by its
    lowering (which takes over the node's arguments), and the walk goes on inside the
    replacement, where arguments and any neutral nodes the lowering made are rewritten.
    The dialect's finishing touch (if any) is given every node of the result on the way."""
    finish = _FINISH.get(dialect)

    def settle(node: exp.Expr) -> exp.Expr:
        while isinstance(node, nodes.Neutral):
            how = table.get(type(node))
            if how is None:
                raise unsupported(dialect, _describe(node))
            node = how(node)
        return node

    root = settle(root)
    stack = [root]
    while stack:
        node = stack.pop()
        if finish is not None:
            finish(node)
        for child in list(node.iter_expressions()):
            if isinstance(child, nodes.Neutral):
                child = child.replace(settle(child))
            stack.append(child)
    return root


def _describe(node: nodes.Neutral) -> str:
    if type(node).__name__.startswith(("Json", "ToJson")):
        return "JSON columns (attributes or properties whose type varies per row)"
    what = {
        nodes.ListAny: "`contains` on list columns",
        nodes.OrderedSum: "sums in input order",
    }
    return what.get(type(node), type(node).__name__)


# ---------------------------------------------------------------- templates


@cache
def _parsed(sql: str, dialect: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read=dialect)


def template(sql: str, dialect: str, **args: exp.Expr) -> exp.Expr:
    """A constant SQL template with columns `__name__` replaced by the given trees. The
    template takes the trees over: each goes in where its name first occurs, a copy of it
    wherever else the name occurs (so pass trees nothing else holds)."""
    placed: set[str] = set()

    def fill(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table:
            name = node.name
            if name.startswith("__") and name.endswith("__"):
                key = name[2:-2]
                if key in placed:
                    return args[key].copy()
                placed.add(key)
                return args[key]
        return node

    return _parsed(sql, dialect).copy().transform(fill, copy=False)


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    """A function call taking the argument trees over."""
    return exp.Anonymous(this=name, expressions=list(args))


def _s(text: str) -> exp.Expr:
    return exp.Literal.string(text)


def _ordered_sum(dialect: str, sql: str = "SUM(__v__ ORDER BY __o__)") -> Lowering:
    """OrderedSum as the template `sql` (value __v__, order __o__); a plain SUM when the
    table has no order column."""

    def lower_sum(node: nodes.Neutral) -> exp.Expr:
        order = node.args.get("expression")
        if order is None:
            return exp.Sum(this=node.this)
        return template(sql, dialect, v=node.this, o=order)

    return lower_sum


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


def _timestamp(node: nodes.Neutral, type_name: exp.DType) -> exp.Expr:
    to = exp.DataType.build(type_name)
    if node.args.get("safe") is not None:
        return exp.TryCast(this=node.this, to=to)
    return exp.Cast(this=node.this, to=to)


def _utc_now() -> exp.Expr:
    """The clock as a zone-less UTC TIMESTAMP, whatever the session time zone."""
    utc = exp.AtTimeZone(this=exp.CurrentTimestamp(), zone=_s("UTC"))
    return exp.cast(utc, exp.DataType.Type.TIMESTAMP)


def _json_pointer(key: str) -> str:
    return "/" + key.replace("~", "~0").replace("/", "~1")


def _duck_json_is(node: nodes.Neutral) -> exp.Expr:
    names = _DUCK_JSON_TYPES[node.args["kind"].name]
    return exp.In(this=_fn("JSON_TYPE", node.this), expressions=[_s(n) for n in names])


def _duck_instant(node: nodes.Neutral) -> exp.Expr:
    return duck_instant_micros(node.this)


def duck_instant_micros(text: exp.Expr) -> exp.Expr:
    """Epoch microseconds (UTC) of a text, exactly as timeutil.parse_instant reads it: the
    same grammar, one regex pass; NULL for a text that is no instant. The DATE cast is the
    calendar check (2026-02-30 is NULL); the range check drops offsets past year 1 or 9999."""
    micros = template(_DUCK_INSTANT, "duckdb", t=text, re=_s(ISO_INSTANT))
    return template(_DUCK_IN_RANGE, "duckdb", us=micros)


_DUCK_INSTANT = (
    "LIST_TRANSFORM([REGEXP_EXTRACT(__t__, __re__, ["
    + ", ".join(f"'{name}'" for name in INSTANT_GROUPS)
    # Lambda names that no column of a leads table is likely to have: DuckDB would bind them.
    + """])], LAMBDA sd_parts: CASE WHEN sd_parts.year <> '' THEN
   EPOCH_US(TRY_CAST(sd_parts.year || '-' || sd_parts.month || '-' || sd_parts.day AS DATE))
   + COALESCE(TRY_CAST(NULLIF(sd_parts.hour, '') AS BIGINT), 0) * 3600000000
   + COALESCE(TRY_CAST(NULLIF(sd_parts.minute, '') AS BIGINT), 0) * 60000000
   + COALESCE(TRY_CAST(NULLIF(sd_parts.second, '') AS BIGINT), 0) * 1000000
   + COALESCE(TRY_CAST(NULLIF(RPAD(LEFT(sd_parts.fraction, 6), 6, '0'), '000000') AS BIGINT), 0)
   - CASE sd_parts.sign WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END * (
       COALESCE(TRY_CAST(NULLIF(sd_parts.offset_hours, '') AS BIGINT), 0) * 3600000000
     + COALESCE(TRY_CAST(NULLIF(sd_parts.offset_minutes, '') AS BIGINT), 0) * 60000000)
 END)[1]"""
)
_DUCK_IN_RANGE = f"""
LIST_TRANSFORM([__us__], LAMBDA sd_micros: CASE WHEN sd_micros BETWEEN {MIN_EPOCH_MICROS} AND {MAX_EPOCH_MICROS}
  THEN sd_micros END)[1]
"""


_DUCK_ZULU = """
CASE WHEN SUFFIX(__s__, 'Z') OR SUFFIX(__s__, 'z') THEN LEFT(__s__, -1) || '+00:00' ELSE __s__ END
"""


def _duck_fold(node: nodes.Neutral) -> exp.Expr:
    """LOWER, except per character through the casefold table when a special one occurs.

    ASCII text (as many bytes as characters) takes LOWER at once. The table is two compact
    literals (the special characters, their folds joined by `|`). A value that is more
    than a column is bound once through a one-element LIST_TRANSFORM (DuckDB has no LET)
    instead of being repeated in each branch.
    """
    specials = fold_specials()
    keys = "".join(specials)
    args = {"chars": _s(f"[{keys}]"), "keys": _s(keys), "folds": _s("|".join(specials.values()))}
    if isinstance(node.this, exp.Column):
        return template(_DUCK_FOLD, "duckdb", x=node.this, **args)
    inner = template(_DUCK_FOLD, "duckdb", x=exp.column("v"), **args)
    return template("LIST_TRANSFORM([__x__], LAMBDA v: __f__)[1]", "duckdb", x=node.this, f=inner)


_DUCK_FOLD = """
CASE WHEN STRLEN(__x__) = LENGTH(__x__) THEN LOWER(__x__)
  WHEN REGEXP_MATCHES(__x__, __chars__) THEN ARRAY_TO_STRING(LIST_TRANSFORM(
    STRING_SPLIT(__x__, ''), LAMBDA ch: CASE WHEN STRPOS(__keys__, ch) > 0
      THEN STRING_SPLIT(__folds__, '|')[STRPOS(__keys__, ch)] ELSE LOWER(ch) END), '')
  ELSE LOWER(__x__) END
"""

# A left fold over the values sorted by input order (faster than SUM(... ORDER BY ...)).
_DUCK_ORDERED_SUM = """
LIST_REDUCE(
  LIST_TRANSFORM(LIST_SORT(LIST({'o': __o__, 'v': __v__}) FILTER (WHERE __v__ IS NOT NULL)),
    LAMBDA s: s.v),
  LAMBDA a, b: a + b, CAST(0 AS DOUBLE))
"""


_DUCK_ROUND = """
CASE WHEN ABS(__x__) >= 1e15 THEN __x__
  ELSE CAST(ROUND(CAST(CAST(__x__ AS VARCHAR) AS DECIMAL(38, 18)), 2) AS DOUBLE) END + 0.0
"""


def _duck_list_any(node: nodes.Neutral) -> exp.Expr:
    function = exp.Lambda(this=node.args["expression"], expressions=[node.args["var"]])
    matched = exp.Anonymous(this="LIST_FILTER", expressions=[node.this, function])
    return exp.GT(this=_fn("LEN", matched), expression=exp.Literal.number(0))


_DUCKDB: dict[type[nodes.Neutral], Lowering] = {
    nodes.RegexSearch: lambda n: _fn("REGEXP_MATCHES", n.this, n.expression),
    nodes.RegexFull: lambda n: _fn("REGEXP_FULL_MATCH", n.this, n.expression),
    nodes.EpochMicros: lambda n: _fn("EPOCH_US", n.this),
    nodes.InstantMicros: _duck_instant,
    nodes.Fold: _duck_fold,
    nodes.PyStrip: lambda n: _fn("REGEXP_REPLACE", n.this, _s(STRIP_PATTERN), _s(""), _s("g")),
    nodes.DoubleText: lambda n: exp.cast(n.this, exp.DataType.Type.VARCHAR, copy=False),
    nodes.OrderedSum: _ordered_sum("duckdb", _DUCK_ORDERED_SUM),
    nodes.DecayPower: lambda n: _power(n),  # defined below
    nodes.ListAny: _duck_list_any,
    nodes.JsonGet: lambda n: _fn("JSON_EXTRACT", n.this, _s(_json_pointer(n.expression.name))),
    nodes.JsonIs: _duck_json_is,
    nodes.JsonText: lambda n: _fn("JSON_EXTRACT_STRING", n.this, _s("$")),
    nodes.JsonNumber: lambda n: exp.TryCast(
        this=_fn("JSON_EXTRACT_STRING", n.this, _s("$")),
        to=exp.DataType.build(exp.DataType.Type.DOUBLE),
    ),
    nodes.JsonBool: lambda n: exp.EQ(
        this=_fn("JSON_EXTRACT_STRING", n.this, _s("$")), expression=_s("true")
    ),
    nodes.JsonElements: lambda n: _fn("JSON_EXTRACT", n.this, _s("$[*]")),
    nodes.ToJson: lambda n: _fn("TO_JSON", n.this),
    nodes.RoundHalfAway: lambda n: template(_DUCK_ROUND, "duckdb", x=n.this),
    nodes.AsTimestamp: lambda n: _timestamp(n, exp.DataType.Type.TIMESTAMP),
    nodes.NowUtc: lambda n: _utc_now(),
}


# ---------------------------------------------------------------- warehouses
# Portable lowerings: built as trees (or templates in DuckDB syntax) that sqlglot
# transpiles. Exactness is proven on DuckDB; elsewhere each note says what may differ.


def _anchored(pattern: exp.Expr) -> exp.Expr:
    """A full-match pattern for engines whose regex function searches."""
    return _s(f"^(?:{pattern.name})$")


def _generic_instant(node: nodes.Neutral, zulu: tuple[str, str] | None = None) -> exp.Expr:
    """Guarded by spec 9's grammar, read by the engine's own TIMESTAMP cast (offset-less text
    is UTC on a UTC session; calendar checks are the engine's). The guard rejects every
    text that is no instant; a form the engine's cast cannot read (`+HHMM`, `t`) is NULL.
    `zulu` is the Z -> +00:00 step as (template, its dialect) where the DuckDB spelling
    means something else."""
    valid = nodes.RegexFull(this=node.this.copy(), expression=_s(INSTANT_PATTERN))
    stripped = nodes.PyStrip(this=node.this)
    sql, dialect = zulu or (_DUCK_ZULU.replace("SUFFIX", "ENDS_WITH"), "duckdb")
    normal = template(sql, dialect, s=stripped)
    moment = nodes.AsTimestamp(this=normal, safe=exp.true())
    return exp.If(this=valid, true=nodes.EpochMicros(this=moment))


def _any_order_sum(node: nodes.Neutral) -> exp.Expr:
    """Engines without ordered aggregates add in their own order: the same value up to
    the last bit of a float (documented in the README)."""
    return exp.Sum(this=node.this)


def _common(dialect: str) -> dict[type[nodes.Neutral], Lowering]:
    return {
        nodes.RegexSearch: lambda n: exp.RegexpLike(this=n.this, expression=n.expression),
        nodes.RegexFull: lambda n: exp.RegexpLike(this=n.this, expression=_anchored(n.expression)),
        nodes.EpochMicros: lambda n: exp.TimeToUnix(this=n.this),
        nodes.InstantMicros: _generic_instant,
        nodes.Fold: lambda n: exp.Lower(this=n.this),
        nodes.PyStrip: lambda n: exp.Trim(this=n.this),
        nodes.DoubleText: lambda n: exp.cast(n.this, exp.DataType.Type.VARCHAR, copy=False),
        nodes.OrderedSum: _any_order_sum,
        nodes.DecayPower: _power,
        nodes.RoundHalfAway: lambda n: template(_DUCK_ROUND, "duckdb", x=n.this),
        nodes.AsTimestamp: lambda n: _timestamp(n, exp.DataType.Type.TIMESTAMP),
        nodes.NowUtc: lambda n: _utc_now(),
    }


def _regex_strip(node: nodes.Neutral) -> exp.Expr:
    """Python's strip() where the regex engine reads \\x{...} escapes (RE2, Java)."""
    return exp.RegexpReplace(this=node.this, expression=_s(STRIP_PATTERN), replacement=_s(""))


def _power(node: nodes.Neutral) -> exp.Expr:
    keep = float(node.args["keep"].name)
    periods = exp.cast(node.this, exp.DataType.Type.DOUBLE, copy=False)
    return exp.Pow(this=_double(keep), expression=periods)


# Powers below this share of the points cannot move a sum at 2 decimals in practice.
_NEGLIGIBLE_POWER = 2.0**-60
_MAX_POWER_TABLE = 4096  # 0.99 ** 4096 is about 1e-18


def _spark_power(node: nodes.Neutral) -> exp.Expr:
    """Spark's POWER is Java's StrictMath.pow (fdlibm), which differs from C's pow() in the
    last bit for about 1 in 10 powers of 0.9: enough to flip a score that sits on a rounding
    tie. So the powers that matter are Python's own, looked up from a literal array; past
    the table they are negligible and POWER serves."""
    keep = float(node.args["keep"].name)
    if not 0.0 < keep < 1.0:
        return _power(node)  # 0 ** n and 1 ** n are exact everywhere
    table = _power_table(keep)
    periods = node.this
    index = exp.Add(this=periods.copy(), expression=exp.Literal.number(1))
    lookup = _fn("ELEMENT_AT", table.copy(), exp.cast(index, exp.DataType.Type.INT, copy=False))
    # Future events (negative age) are computed here too, then filtered out: keep them off
    # ELEMENT_AT, which fails on index 0.
    in_table = exp.Between(
        this=periods.copy(),
        low=exp.Literal.number(0),
        high=exp.Literal.number(len(table.expressions) - 1),
    )
    return exp.Case(ifs=[exp.If(this=in_table, true=lookup)], default=_power(node))


@cache
def _power_table(keep: float) -> exp.Array:
    """`keep ** n` from n = 0 until negligible, as a literal array (built once a factor;
    each use takes a copy)."""
    powers = [1.0]
    while powers[-1] >= _NEGLIGIBLE_POWER and len(powers) < _MAX_POWER_TABLE:
        powers.append(keep ** len(powers))
    return exp.Array(expressions=[_double(value) for value in powers])


def _double(value: float) -> exp.Expr:
    return exp.cast(exp.Literal.string(repr(value)), exp.DataType.Type.DOUBLE, copy=False)


def _spark_finish(node: exp.Expr) -> None:
    """Spark's own signatures: a bare `If` (a one-branch conditional outside a CASE) gets
    `ELSE NULL`, since sqlglot renders it as IF(), which Spark only takes with three
    arguments (WRONG_NUM_ARGS); a TRY_CAST is marked `safe`, since sqlglot otherwise
    writes a plain CAST, which fails the query on bad text under ANSI mode (Spark 4's
    default) where the contract wants NULL."""
    if isinstance(node, exp.If):
        if not isinstance(node.parent, exp.Case) and node.args.get("false") is None:
            node.set("false", exp.Null())
    elif isinstance(node, exp.TryCast):
        node.set("safe", True)


# Spark's LEFT(s, -1) is '' (DuckDB's drops the last character): cut the Z by length.
_SPARK_ZULU = (
    "CASE WHEN ENDSWITH(__s__, 'Z') OR ENDSWITH(__s__, 'z')"
    " THEN SUBSTRING(__s__, 1, LENGTH(__s__) - 1) || '+00:00' ELSE __s__ END",
    "spark",
)


# Spark has no ordered SUM: sort the (order, value) pairs and fold them left to right.
_SPARK_ORDERED_SUM = """
AGGREGATE(ARRAY_SORT(COLLECT_LIST(STRUCT(__o__ AS o, __v__ AS v))), CAST(0 AS DOUBLE),
  (acc, s) -> acc + COALESCE(s.v, CAST(0 AS DOUBLE)))
"""


def _spark_list_any(node: nodes.Neutral) -> exp.Expr:
    function = exp.Lambda(this=node.args["expression"], expressions=[node.args["var"]])
    return exp.Anonymous(this="EXISTS", expressions=[node.this, function])


def _snowflake_search(node: nodes.Neutral) -> exp.Expr:
    """Snowflake's REGEXP_LIKE is anchored: search with REGEXP_INSTR; `(?i)` is a flag."""
    pattern, flags = node.expression.name, "c"
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], "i"
    found = _fn(
        "REGEXP_INSTR",
        node.this,
        _s(pattern),
        exp.Literal.number(1),
        exp.Literal.number(1),
        exp.Literal.number(0),
        _s(flags),
    )
    return exp.GT(this=found, expression=exp.Literal.number(0))


def _with(
    base: dict[type[nodes.Neutral], Lowering], **changes: Lowering
) -> dict[type[nodes.Neutral], Lowering]:
    table = dict(base)
    for name, how in changes.items():
        table[getattr(nodes, name)] = how
    return table


# Changes to each node of the lowered tree, for rules of a dialect's own function signatures.
_FINISH: dict[str, Callable[[exp.Expr], None]] = {"spark": _spark_finish}

_TABLES: dict[str, dict[type[nodes.Neutral], Lowering]] = {
    "duckdb": _DUCKDB,
    "spark": _with(
        _common("spark"),
        PyStrip=_regex_strip,
        InstantMicros=lambda n: _generic_instant(n, _SPARK_ZULU),
        EpochMicros=lambda n: _fn(
            "UNIX_MICROS", exp.cast(n.this, exp.DataType.Type.TIMESTAMP, copy=False)
        ),
        OrderedSum=_ordered_sum("spark", _SPARK_ORDERED_SUM),
        DecayPower=_spark_power,
        ListAny=_spark_list_any,
        NowUtc=lambda n: exp.CurrentTimestamp(),  # a Spark TIMESTAMP is an instant
    ),
    "bigquery": _with(
        _common("bigquery"),
        PyStrip=_regex_strip,
        AsTimestamp=lambda n: _timestamp(n, exp.DataType.Type.TIMESTAMPTZ),
        NowUtc=lambda n: exp.CurrentTimestamp(),
        EpochMicros=lambda n: _fn("UNIX_MICROS", n.this),
    ),
    "snowflake": _with(
        _common("snowflake"),
        RegexSearch=_snowflake_search,
        RegexFull=lambda n: exp.RegexpLike(this=n.this, expression=n.expression),
        EpochMicros=lambda n: _fn("DATE_PART", exp.var("EPOCH_MICROSECOND"), n.this),
        NowUtc=lambda n: _fn("SYSDATE"),
    ),
    "postgres": _with(
        _common("postgres"),
        OrderedSum=_ordered_sum("postgres"),
        EpochMicros=lambda n: exp.cast(
            exp.Mul(
                this=exp.Extract(this=exp.var("EPOCH"), expression=n.this),
                expression=exp.Literal.number(1000000),
            ),
            exp.DataType.Type.BIGINT,
        ),
    ),
    "trino": _with(
        _common("trino"),
        OrderedSum=_ordered_sum("trino"),
        PyStrip=_regex_strip,
        EpochMicros=lambda n: exp.cast(
            exp.Round(
                this=exp.Mul(
                    this=_fn("TO_UNIXTIME", n.this), expression=exp.Literal.number(1000000)
                )
            ),
            exp.DataType.Type.BIGINT,
        ),
    ),
}
