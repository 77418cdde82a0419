"""Compile predicates (spec 7) into closures `test(data, as_of) -> bool`.

Built once per ruleset: literals are folded and regexes compiled here, never per lead.
Every form is false on a missing value except `is missing` (two-valued logic).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from . import ast
from .program import Program
from .reading import Reading, ReadingOf, plain
from .regex import compile_regex
from .timeutil import InstantError, age_micros, parse_instant
from .values import MISSING, as_bool, as_number, as_text, fold, is_scalar, lookup

Test = Callable[[Mapping[str, Any], datetime], bool]
ValueTest = Callable[[Any], bool]
Getter = Callable[[Mapping[str, Any]], Any]
_MEMO_LIMIT = 10_000  # distinct text values remembered per comparison


def getter(parts: tuple[str, ...]) -> Getter:
    """`values.lookup` of a fixed path; a one-part path (the common case) is one dict get."""
    if len(parts) == 1:
        key = parts[0]

        def get(data: Mapping[str, Any]) -> Any:
            value = data.get(key)
            return MISSING if value is None else value

        return get
    if len(parts) == 2:
        return _getter2(parts[0], parts[1])
    return lambda data: lookup(data, parts)


def _getter2(first: str, second: str) -> Getter:
    """`lookup` of a two-part path: the flat key `a.b` wins, else `b` inside the object `a`."""
    flat = f"{first}.{second}"

    def get(data: Mapping[str, Any]) -> Any:
        if flat in data:
            value = data[flat]
            return MISSING if value is None else value
        inner = data.get(first)
        if inner.__class__ is dict or isinstance(inner, Mapping):  # the ABC check is slow
            value = inner.get(second)
            return MISSING if value is None else value
        return MISSING

    return get


def reader(reading: Reading) -> Getter:
    """The getter of a path as the rules see it: its key looked up, then converted (spec 12)."""
    raw = getter(reading.key)
    if not reading.converts:
        return raw
    convert = reading.convert
    return lambda data: convert(raw(data))


def compile_pred(pred: ast.Pred, program: Program, reads: ReadingOf = plain) -> Test:
    """`reads` gives each path's reading: the program's for lead or event data (spec 12)."""
    if isinstance(pred, ast.Not):
        inner = compile_pred(pred.operand, program, reads)
        return lambda data, as_of: not inner(data, as_of)
    if isinstance(pred, ast.And | ast.Or):
        left = compile_pred(pred.left, program, reads)
        right = compile_pred(pred.right, program, reads)
        if isinstance(pred, ast.And):
            return lambda data, as_of: left(data, as_of) and right(data, as_of)
        return lambda data, as_of: left(data, as_of) or right(data, as_of)
    return compile_leaf(pred, program, reads)


def compile_leaf(leaf: ast.Comparison, program: Program, reads: ReadingOf = plain) -> Test:
    get = reader(reads(leaf.path))
    if isinstance(leaf, ast.Presence):
        want_missing = leaf.missing
        return lambda data, as_of: (get(data) is MISSING) == want_missing
    if isinstance(leaf, ast.WithinTime):
        limit = leaf.duration.micros
        return lambda data, as_of: _timestamp_within(get(data), as_of, limit)
    value_test = compile_value_test(leaf, program)
    memo: dict[str, bool] = {}  # text values repeat (titles, countries): test each once

    def test(data: Mapping[str, Any], as_of: datetime) -> bool:
        value = get(data)
        if value.__class__ is not str:
            return value is not MISSING and value_test(value)
        found = memo.get(value)
        if found is None:
            found = value_test(value)
            if len(memo) < _MEMO_LIMIT:
                memo[value] = found
        return found

    return test


def depends_on_time(pred: ast.Pred) -> bool:
    """Whether the predicate reads `as_of` (a `within` test on a timestamp value)."""
    return any(isinstance(leaf, ast.WithinTime) for leaf in ast.comparisons(pred))


def keys_of(pred: ast.Pred, reads: ReadingOf = plain) -> tuple[tuple[str, ...], ...]:
    """The distinct keys a predicate looks up (after `from` mappings), in first-use order."""
    return tuple(dict.fromkeys(reads(leaf.path).key for leaf in ast.comparisons(pred)))


def compile_value_test(
    leaf: ast.Compare | ast.InList | ast.TextTest, program: Program
) -> ValueTest:
    """The test of a present value against the leaf's operand."""
    operand = program.resolve(leaf.operand)
    if isinstance(leaf, ast.Compare):
        assert not isinstance(operand, ast.ListValue)
        return _compare(leaf.op, operand)
    if isinstance(leaf, ast.InList):
        assert isinstance(operand, ast.ListValue)
        member = _membership(operand.items)
        if leaf.negated:
            return lambda v: _is_scalar(v) and not member(v)
        return member
    assert not isinstance(operand, ast.ListValue)
    return _text_test(leaf.op, operand)


# ---------------------------------------------------------------- comparisons


def _compare(op: str, literal: ast.Scalar) -> ValueTest:
    if op in ("==", "!="):
        equal = _equality(literal)
        if op == "==":
            return lambda v: equal(v) is True
        return lambda v: equal(v) is False
    assert isinstance(literal, ast.Number)
    bound = literal.value
    check = _ORDERED[op]

    def test(v: Any) -> bool:
        # A float or a float-exact int (what JSON numbers are) is its own as_number: one
        # comparison instead of the conversion's type checks. x - x is 0 for a finite x.
        kind = v.__class__
        if (kind is float and v - v == 0.0) or (kind is int and -_EXACT <= v <= _EXACT):
            return check(v, bound)
        number = as_number(v)
        return number is not None and check(number, bound)

    return test


_ORDERED: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_EXACT = 2**53  # every int up to this is exactly a float: comparing it is comparing float(it)


def _equality(literal: ast.Scalar) -> Callable[[Any], bool | None]:
    """Equality that answers None when the value cannot be compared (so `!=` is false too)."""
    if isinstance(literal, ast.Number):
        target = literal.value

        def numeric(v: Any) -> bool | None:
            number = as_number(v)
            return None if number is None else number == target

        return numeric
    if isinstance(literal, ast.Bool):
        flag = literal.value

        def boolean(v: Any) -> bool | None:
            parsed = as_bool(v)
            return None if parsed is None else parsed == flag

        return boolean
    key = fold(literal.value)

    def textual(v: Any) -> bool | None:
        text = as_text(v)
        return None if text is None else fold(text) == key

    return textual


def _membership(items: tuple[ast.Scalar, ...]) -> ValueTest:
    texts = {fold(i.value) for i in items if isinstance(i, ast.String)}
    numbers = {i.value for i in items if isinstance(i, ast.Number)}
    flags = {i.value for i in items if isinstance(i, ast.Bool)}

    def member(v: Any) -> bool:
        if texts:
            text = as_text(v)
            if text is not None and fold(text) in texts:
                return True
        if numbers and as_number(v) in numbers:
            return True
        return bool(flags) and as_bool(v) in flags

    return member


def _is_scalar(v: Any) -> bool:
    return is_scalar(v)


# ---------------------------------------------------------------- text


def _text_test(op: str, literal: ast.Scalar) -> ValueTest:
    if op == "matches":
        assert isinstance(literal, ast.String)
        pattern = compile_regex(literal.value)
        return lambda v: _on_text(v, lambda text: pattern.search(text) is not None)
    needle_text = as_text(literal.value)
    assert needle_text is not None
    needle = fold(needle_text)
    if op == "contains":
        element = _equality(literal)

        def contains(v: Any) -> bool:
            if isinstance(v, list):
                return any(element(item) is True for item in v)
            return _on_text(v, lambda text: needle in fold(text))

        return contains
    if op == "starts with":
        return lambda v: _on_text(v, lambda text: fold(text).startswith(needle))
    return lambda v: _on_text(v, lambda text: fold(text).endswith(needle))


def _on_text(v: Any, check: Callable[[str], bool]) -> bool:
    text = as_text(v)
    return text is not None and check(text)


def _timestamp_within(value: Any, as_of: datetime, limit: int) -> bool:
    if value is MISSING:
        return False
    try:
        moment = parse_instant(value)
    except (InstantError, ValueError):
        return False
    age = age_micros(as_of, moment)
    return 0 <= age <= limit
