"""Spec 7 predicates as SQL conditions, mirroring scoredsl/predicates.py form by form.

Every condition is TRUE or FALSE, never NULL: a missing value makes each form false
(COALESCE(..., FALSE)), so `not` flips exactly as in the two-valued Python logic.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from .. import ast
from ..program import Program
from ..values import as_text, fold
from . import coerce, nodes
from .schema import Value

Resolve = Callable[[ast.Path], Value]
_ORDER: dict[str, type[exp.Binary]] = {
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
    "==": exp.EQ,
    "!=": exp.NEQ,
}


class PredicateCompiler:
    """Compiles predicates over one scope (lead attributes, event props or tier values)."""

    def __init__(self, program: Program, resolve: Resolve, as_of_micros: exp.Expr):
        self.program = program
        self.resolve = resolve
        self.as_of_micros = as_of_micros

    def pred(self, node: ast.Pred) -> exp.Expr:
        if isinstance(node, ast.Not):
            return exp.Not(this=exp.Paren(this=self.pred(node.operand)))
        if isinstance(node, ast.And):
            return exp.Paren(
                this=exp.And(this=self.pred(node.left), expression=self.pred(node.right))
            )
        if isinstance(node, ast.Or):
            return exp.Paren(
                this=exp.Or(this=self.pred(node.left), expression=self.pred(node.right))
            )
        return self.leaf(node)

    def leaf(self, node: ast.Comparison) -> exp.Expr:
        value = self.resolve(node.path)
        if isinstance(node, ast.Presence):
            if value.kind == "missing":
                return exp.true() if node.missing else exp.false()
            test = exp.Is(this=value.expr.copy(), expression=exp.Null())
            return test if node.missing else exp.Not(this=test)
        if value.kind == "missing":
            return exp.false()
        condition = self._test(node, value)
        if condition is None:
            return exp.false()
        # Only a present value can pass; NULL (cannot compare) is false: two-valued logic.
        present = exp.Not(this=exp.Is(this=value.expr.copy(), expression=exp.Null()))
        guarded = exp.Coalesce(this=condition, expressions=[exp.false()])
        return exp.Paren(this=exp.and_(present, guarded, copy=False))

    def _test(self, node: ast.Comparison, value: Value) -> exp.Expr | None:
        if isinstance(node, ast.WithinTime):
            return self._within(value, node.duration.micros)
        assert not isinstance(node, ast.Presence)
        operand = self.program.resolve(node.operand)
        if isinstance(node, ast.InList):
            assert isinstance(operand, ast.ListValue)
            member = _membership(value, operand.items)
            if not node.negated:
                return member
            return exp.and_(
                coerce.is_scalar(value), exp.Not(this=exp.Paren(this=member)), copy=False
            )
        assert not isinstance(operand, ast.ListValue)
        if isinstance(node, ast.Compare):
            return _compare(value, node.op, operand)
        assert isinstance(node, ast.TextTest)
        return _text_test(value, node.op, operand)

    def _within(self, value: Value, limit: int) -> exp.Expr | None:
        moment = coerce.instant_of(value)
        if moment is None:
            return None
        age = exp.Sub(this=self.as_of_micros.copy(), expression=moment)
        return exp.Between(
            this=exp.Paren(this=age), low=exp.Literal.number(0), high=exp.Literal.number(limit)
        )


# ---------------------------------------------------------------- comparisons


def _compare(value: Value, op: str, literal: ast.Scalar) -> exp.Expr | None:
    if op in ("==", "!="):
        equal = equality(value, literal)
        if equal is None:
            return None
        return equal if op == "==" else exp.Not(this=exp.Paren(this=equal))
    assert isinstance(literal, ast.Number)
    number = coerce.number_of(value)
    if number is None:
        return None
    return _ORDER[op](this=number, expression=coerce.double(literal.value))


def equality(value: Value, literal: ast.Scalar) -> exp.Expr | None:
    """NULL when the value cannot be compared with the literal (then `!=` is false too)."""
    if isinstance(literal, ast.Number):
        number = coerce.number_of(value)
        return (
            None if number is None else exp.EQ(this=number, expression=coerce.double(literal.value))
        )
    if isinstance(literal, ast.Bool):
        flag = coerce.bool_of(value)
        return (
            None if flag is None else exp.EQ(this=flag, expression=exp.Boolean(this=literal.value))
        )
    text = coerce.text_of(value)
    if text is None:
        return None
    return exp.EQ(this=nodes.Fold(this=text), expression=coerce.text(fold(literal.value)))


def _membership(value: Value, items: tuple[ast.Scalar, ...]) -> exp.Expr:
    texts = sorted({fold(i.value) for i in items if isinstance(i, ast.String)})
    numbers = sorted({i.value for i in items if isinstance(i, ast.Number)})
    flags = sorted({i.value for i in items if isinstance(i, ast.Bool)})
    tests: list[exp.Expr] = []
    text = coerce.text_of(value) if texts else None
    if text is not None:
        folded = nodes.Fold(this=text)
        tests.append(exp.In(this=folded, expressions=[coerce.text(t) for t in texts]))
    number = coerce.number_of(value) if numbers else None
    if number is not None:
        tests.append(exp.In(this=number, expressions=[coerce.double(n) for n in numbers]))
    flag = coerce.bool_of(value) if flags else None
    if flag is not None:
        tests.append(exp.In(this=flag, expressions=[exp.Boolean(this=f) for f in flags]))
    if not tests:
        return exp.false()
    # Each test may be NULL (no text, no number): NULL is "not this way", never "unknown".
    guarded = [exp.Coalesce(this=t, expressions=[exp.false()]) for t in tests]
    result: exp.Expr = guarded[0]
    for test in guarded[1:]:
        result = exp.Or(this=result, expression=test)
    return exp.Paren(this=result)


# ---------------------------------------------------------------- text


def _text_test(value: Value, op: str, literal: ast.Scalar) -> exp.Expr | None:
    if op == "contains":
        return _contains(value, literal)
    text = coerce.text_of(value)
    if text is None:
        return None
    if op == "matches":
        assert isinstance(literal, ast.String)
        return nodes.RegexSearch(this=text, expression=exp.Literal.string(literal.value))
    needle = _needle(literal)
    if op == "starts with":
        return exp.StartsWith(this=nodes.Fold(this=text), expression=coerce.text(needle))
    return exp.EndsWith(this=nodes.Fold(this=text), expression=coerce.text(needle))


def _needle(literal: ast.Scalar) -> str:
    needle = as_text(literal.value)
    assert needle is not None
    return fold(needle)


def _contains(value: Value, literal: ast.Scalar) -> exp.Expr | None:
    """On a list: some item equals the literal; on a text: a case-insensitive substring."""
    listed = coerce.elements(value)
    text = coerce.text_of(value)
    substring = None
    if text is not None:
        position = exp.StrPosition(this=nodes.Fold(this=text), substr=coerce.text(_needle(literal)))
        substring = exp.GT(this=position, expression=exp.Literal.number(0))
    if listed is None:
        return substring
    items, item = listed
    match = equality(item, literal)
    any_item = (
        exp.false()
        if match is None
        else nodes.ListAny(
            this=items,
            var=exp.to_identifier("_item", quoted=True),
            expression=exp.Coalesce(this=match, expressions=[exp.false()]),
        )
    )
    if substring is None:
        return any_item
    return exp.If(this=coerce.json_is(value.expr, "array"), true=any_item, false=substring)
