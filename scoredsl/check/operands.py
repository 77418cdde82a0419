"""Operands: each operator gets a value of a kind it can use; regexes compile under RE2."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast
from ..diagnostics import Diagnostic, error
from ..link import Linked
from ..regex import REGEX_MAX_MEM, RegexError, RegexTooLarge, compile_regex
from ..source import Span


def check_operands(linked: Linked, lets: dict[str, ast.Literal_], out: list[Diagnostic]) -> None:
    for pred in _all_predicates(linked):
        for leaf in ast.comparisons(pred):
            problem = _operand_problem(leaf, lets)
            if problem is not None:
                code, message, help_text = problem
                out.append(error(code, message, _operand_span(leaf), help_text))


def _all_predicates(linked: Linked) -> Iterator[ast.Pred]:
    for placed in linked.statements:
        statement = placed.statement
        rules = statement.body if isinstance(statement, ast.Dimension) else (statement,)
        for item in rules:
            if isinstance(item, ast.Rule):
                yield from (pred for pred, _, _ in ast.rule_predicates(item))
        if isinstance(statement, ast.Tier) and statement.condition is not None:
            yield statement.condition


def _operand_span(leaf: ast.Comparison) -> Span:
    operand = getattr(leaf, "operand", None)
    return operand.span if isinstance(operand, ast.Node) else leaf.span


def _resolve(operand: ast.Operand, lets: dict[str, ast.Literal_]) -> ast.Literal_ | None:
    if isinstance(operand, ast.LetRef):
        return lets.get(operand.name)  # unknown names are reported by the names check
    return operand


Problem = tuple[str, str, str]


def _operand_problem(leaf: ast.Comparison, lets: dict[str, ast.Literal_]) -> Problem | None:
    if isinstance(leaf, ast.Presence | ast.WithinTime):
        return None
    value = _resolve(leaf.operand, lets)
    if value is None:
        return None
    if isinstance(leaf, ast.Compare):
        return _compare_problem(leaf, value)
    if isinstance(leaf, ast.InList):
        if not isinstance(value, ast.ListValue):
            word = "not in" if leaf.negated else "in"
            return (
                "SD305",
                f"`{word}` needs a list",
                f"write `{word} [{_show(value)}]`, or use `==`",
            )
        return None
    return _text_problem(leaf, value)


def _compare_problem(leaf: ast.Compare, value: ast.Literal_) -> Problem | None:
    if isinstance(value, ast.ListValue):
        return (
            "SD305",
            f"`{leaf.op}` compares with one value, not a list",
            "to test membership use `in [...]`",
        )
    if leaf.op in ("==", "!="):
        return None
    if not isinstance(value, ast.Number):
        return (
            "SD305",
            f"`{leaf.op}` compares numbers, but {_show(value)} is not a number",
            "use a number (e.g. `>= 500`), or `==` to compare text",
        )
    return None


def _text_problem(leaf: ast.TextTest, value: ast.Literal_) -> Problem | None:
    if isinstance(value, ast.ListValue | ast.Bool):
        return (
            "SD305",
            f"`{leaf.op}` needs a text value, not {_show(value)}",
            'write a quoted string, e.g. `contains "/pricing"`',
        )
    if leaf.op == "matches":
        if not isinstance(value, ast.String):
            return (
                "SD305",
                "`matches` needs a regular expression in quotes",
                'e.g. `matches "^/blog/"`',
            )
        return _regex_problem(value.value)
    return None


def _regex_problem(pattern: str) -> Problem | None:
    try:
        compile_regex(pattern)
    except RegexTooLarge:
        return (
            "SD306",
            f"regular expression too large: it needs more than RE2's "
            f"{REGEX_MAX_MEM // (1024 * 1024)} MiB memory budget",
            "simplify the pattern: fewer or smaller repetitions like {1000}, or split it "
            "over several rules",
        )
    except RegexError as exc:
        return (
            "SD306",
            f"invalid regular expression: {exc}",
            "regexes use RE2 syntax: no backreferences or lookaround; escape `\\` as `\\\\` in strings",
        )
    return None


def _show(value: ast.Literal_) -> str:
    if isinstance(value, ast.String):
        return f'"{value.value}"'
    if isinstance(value, ast.Bool):
        return "true" if value.value else "false"
    if isinstance(value, ast.Number):
        return f"{value.value:g}"
    return "a list"
