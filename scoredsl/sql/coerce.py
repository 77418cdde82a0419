"""The value semantics of spec 7 in SQL: values.as_text, as_number, as_bool and
parse_instant for each kind of value a path can read.

Each function answers an expression that is NULL exactly where the Python function
answers None, or None when the kind can never give one (a list has no text).
"""

from __future__ import annotations

import sys

from sqlglot import exp

from ..reading import Reading
from . import nodes
from .schema import Value

# Python's float() syntax for finite numbers, ASCII digits, underscores between digits.
_DIGITS = "[0-9](?:_?[0-9])*"
FLOAT_SYNTAX = rf"[+-]?(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?"
_MAX_DOUBLE = repr(sys.float_info.max)
_INTEGER = "-?[0-9]+"  # a JSON integer literal
# Whole doubles below this print as integers through BIGINT (values.as_text: str(int(v))).
_WHOLE_LIMIT = "1e18"


def double(value: float) -> exp.Expr:
    """A DOUBLE literal from its shortest repr: exact, never a DECIMAL."""
    return exp.cast(exp.Literal.string(repr(float(value))), exp.DataType.Type.DOUBLE)


def text(value: str) -> exp.Expr:
    return exp.Literal.string(value)


def json_is(expr: exp.Expr, *kinds: str) -> exp.Expr:
    tests: list[exp.Expr] = [
        nodes.JsonIs(this=expr.copy(), kind=exp.Literal.string(k)) for k in kinds
    ]
    return _or_all(tests)


def _or_all(tests: list[exp.Expr]) -> exp.Expr:
    result = tests[0]
    for test in tests[1:]:
        result = exp.Or(this=result, expression=test)
    return exp.Paren(this=result) if len(tests) > 1 else result


def case(*branches: tuple[exp.Expr, exp.Expr]) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=c, true=v) for c, v in branches])


# ---------------------------------------------------------------- as_text


def text_of(value: Value) -> exp.Expr | None:
    e, kind = value.expr, value.kind
    if kind == "text":
        return e.copy()
    if kind == "integer":
        return exp.cast(e.copy(), exp.DataType.Type.VARCHAR)
    if kind == "double":
        return double_text(exp.cast(e.copy(), exp.DataType.Type.DOUBLE))
    if kind == "boolean":
        return exp.If(this=e.copy(), true=text("true"), false=text("false"))
    if kind == "dynamic":
        # An integer past 64 bits is a JSON double to DuckDB, an int to Python: its text is
        # its digits either way (12345678901234567890123, not 1.2345678901234568e+22).
        digits = nodes.RegexFull(this=nodes.JsonText(this=e.copy()), expression=text(_INTEGER))
        return case(
            (json_is(e, "string", "integer", "boolean"), nodes.JsonText(this=e.copy())),
            (exp.and_(json_is(e, "double"), digits, copy=False), nodes.JsonText(this=e.copy())),
            (json_is(e, "double"), double_text(nodes.JsonNumber(this=e.copy()))),
        )
    return None


def double_text(e: exp.Expr) -> exp.Expr:
    """values.as_text of a float: whole numbers as integers, others as repr; NaN and the
    infinities have no text (DuckDB would say `nan`, Python's repr `nan`: neither is data)."""
    whole = exp.and_(
        exp.EQ(this=e.copy(), expression=exp.Floor(this=e.copy())),
        exp.LT(this=exp.Abs(this=e.copy()), expression=exp.Literal.number(_WHOLE_LIMIT)),
        copy=False,
    )
    as_int = exp.cast(exp.cast(e.copy(), exp.DataType.Type.BIGINT), exp.DataType.Type.VARCHAR)
    text = exp.If(this=whole, true=as_int, false=nodes.DoubleText(this=e.copy()))
    return exp.If(this=is_finite(e.copy()), true=text)


# ---------------------------------------------------------------- as_number


def number_of(value: Value) -> exp.Expr | None:
    e, kind = value.expr, value.kind
    if kind == "text":
        return text_to_number(e.copy())
    if kind == "integer":
        return exp.cast(e.copy(), exp.DataType.Type.DOUBLE)
    if kind == "double":
        return finite(exp.cast(e.copy(), exp.DataType.Type.DOUBLE))
    if kind == "dynamic":
        return case(
            (json_is(e, "integer", "double"), finite(nodes.JsonNumber(this=e.copy()))),
            (json_is(e, "string"), text_to_number(nodes.JsonText(this=e.copy()))),
        )
    return None


def text_to_number(e: exp.Expr) -> exp.Expr:
    """float(text.strip()) when finite, else NULL."""
    stripped = nodes.PyStrip(this=e)
    valid = nodes.RegexFull(this=stripped, expression=exp.Literal.string(FLOAT_SYNTAX))
    digits = exp.Anonymous(this="REPLACE", expressions=[stripped.copy(), text("_"), text("")])
    number = exp.TryCast(this=digits, to=exp.DataType.build("DOUBLE"))
    return exp.If(this=valid, true=finite(number))


def finite(e: exp.Expr) -> exp.Expr:
    """NULL for infinities and NaN (as_number answers None for them)."""
    return exp.If(this=is_finite(e.copy()), true=e)


def is_finite(e: exp.Expr) -> exp.Expr:
    """True for a finite double (NaN compares above every number in SQL engines)."""
    return exp.LTE(this=exp.Abs(this=e), expression=double(float(_MAX_DOUBLE)))


# ---------------------------------------------------------------- as_bool


def bool_of(value: Value) -> exp.Expr | None:
    e, kind = value.expr, value.kind
    if kind == "boolean":
        return e.copy()
    if kind == "text":
        return text_to_bool(e.copy())
    if kind == "dynamic":
        return case(
            (json_is(e, "boolean"), nodes.JsonBool(this=e.copy())),
            (json_is(e, "string"), text_to_bool(nodes.JsonText(this=e.copy()))),
        )
    return None


def text_to_bool(e: exp.Expr) -> exp.Expr:
    key = nodes.Fold(this=nodes.PyStrip(this=e))
    return case(
        (exp.EQ(this=key, expression=text("true")), exp.true()),
        (exp.EQ(this=key.copy(), expression=text("false")), exp.false()),
    )


# ---------------------------------------------------------------- instants, lists


def instant_of(value: Value) -> exp.Expr | None:
    """Epoch microseconds (UTC) of a timestamp value or an ISO 8601 text."""
    e, kind = value.expr, value.kind
    if kind == "timestamp":
        return nodes.EpochMicros(this=e.copy())
    if kind == "text":
        return nodes.InstantMicros(this=e.copy())
    if kind == "dynamic":
        return exp.If(
            this=json_is(e, "string"),
            true=nodes.InstantMicros(this=nodes.JsonText(this=e.copy())),
        )
    return None


def is_scalar(value: Value) -> exp.Expr:
    """A string, number or boolean (what `not in` requires)."""
    if value.kind in ("text", "integer", "double", "boolean"):
        return exp.true()
    if value.kind == "dynamic":
        return json_is(value.expr, "string", "integer", "double", "boolean")
    return exp.false()


def elements(value: Value) -> tuple[exp.Expr, Value] | None:
    """A list value's items (the list expression, and an item as a Value of `_item`)."""
    item = exp.column(exp.to_identifier("_item", quoted=True))
    if value.kind == "list":
        return value.expr.copy(), Value(item, value.element or "opaque")
    if value.kind == "dynamic":
        listed = exp.If(
            this=json_is(value.expr, "array"), true=nodes.JsonElements(this=value.expr.copy())
        )
        return listed, Value(item, "dynamic")
    return None


# ---------------------------------------------------------------- spec 12: markers, spellings


def read(value: Value, reading: Reading) -> Value:
    """A looked-up value as the rules see it (reading.Reading.convert): a text that is a
    missing marker is NULL, a boolean spelling is the text "true"/"false" (which every
    predicate reads exactly as Python's True/False). Only text values can change."""
    if not reading.converts or value.kind not in ("text", "dynamic"):
        return value
    if value.kind == "text":
        return Value(
            _converted(value.expr, value.expr, reading, text("true"), text("false")), "text"
        )
    is_text = json_is(value.expr, "string")
    yes, no = nodes.ToJson(this=exp.true()), nodes.ToJson(this=exp.false())
    word = nodes.JsonText(this=value.expr.copy())
    converted = _converted(word, value.expr, reading, yes, no)
    return Value(exp.If(this=is_text, true=converted, false=value.expr.copy()), "dynamic")


def _converted(
    word: exp.Expr, original: exp.Expr, reading: Reading, yes: exp.Expr, no: exp.Expr
) -> exp.Expr:
    key = nodes.Fold(this=nodes.PyStrip(this=word.copy()))
    branches = [
        (words, result)
        for words, result in (
            (reading.missing, exp.Null()),
            (reading.true, yes),
            (reading.false, no),
        )
        if words
    ]
    return exp.Case(
        ifs=[
            exp.If(
                this=exp.In(this=key.copy(), expressions=[text(w) for w in sorted(words)]),
                true=result,
            )
            for words, result in branches
        ],
        default=original.copy(),
    )
