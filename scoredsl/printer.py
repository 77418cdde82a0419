"""Print AST nodes back as canonical source text (how unnamed rules are reported)."""

from __future__ import annotations

import json
import re

from . import ast

_BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z_][A-Za-z0-9_\-]*)*$")
_KEYWORDS = {"true", "false"}


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def scalar(node: ast.Scalar, bare: bool = False) -> str:
    if isinstance(node, ast.Number):
        return number(node.value)
    if isinstance(node, ast.Bool):
        return "true" if node.value else "false"
    if bare and _BARE_WORD.match(node.value) and node.value not in _KEYWORDS:
        return node.value
    return json.dumps(node.value, ensure_ascii=False)


def operand(node: ast.Operand) -> str:
    if isinstance(node, ast.LetRef):
        return node.name
    if isinstance(node, ast.ListValue):
        bare = node.bare or (False,) * len(node.items)
        return "[" + ", ".join(scalar(i, b) for i, b in zip(node.items, bare, strict=False)) + "]"
    return scalar(node)


def pred(node: ast.Pred, parent: int = 0) -> str:
    """A predicate with only the parentheses its precedence needs."""
    if isinstance(node, ast.Or):
        text, level = f"{pred(node.left, 1)} or {pred(node.right, 1)}", 1
    elif isinstance(node, ast.And):
        text, level = f"{pred(node.left, 2)} and {pred(node.right, 2)}", 2
    elif isinstance(node, ast.Not):
        return f"not {pred(node.operand, 3)}"
    else:
        return comparison(node)
    return f"({text})" if parent > level else text


def comparison(node: ast.Comparison) -> str:
    path = node.path.dotted
    if isinstance(node, ast.Compare):
        return f"{path} {node.op} {operand(node.operand)}"
    if isinstance(node, ast.InList):
        return f"{path} {'not in' if node.negated else 'in'} {operand(node.operand)}"
    if isinstance(node, ast.TextTest):
        return f"{path} {node.op} {operand(node.operand)}"
    if isinstance(node, ast.Presence):
        return f"{path} is {'missing' if node.missing else 'present'}"
    return f"{path} within {node.duration.text}"


def event_pattern(node: ast.EventPattern) -> str:
    where = f" where {pred(node.where)}" if node.where is not None else ""
    return node.type_text + where


def condition(node: ast.Condition) -> str:
    if isinstance(node, ast.EventPattern):
        return event_pattern(node)
    if isinstance(node, ast.CountCondition):
        threshold = number(node.threshold.value)
        return f"count({event_pattern(node.pattern)}) {node.op} {threshold}"
    return pred(node)


def modifier(node: ast.Modifier) -> str:
    if isinstance(node, ast.Once):
        return "once"
    if isinstance(node, ast.Max):
        return f"max {number(node.limit.value)}"
    return f"within {node.duration.text}"


def rule(node: ast.Rule, with_name: bool = True) -> str:
    head = ""
    if with_name and node.name is not None:
        name = (
            node.name
            if _BARE_WORD.match(node.name) and "." not in node.name
            else json.dumps(node.name)
        )
        head = f"rule {name}: "
    verb = "subtract" if node.subtract else "add"
    mods = "".join(f" {modifier(m)}" for m in node.modifiers)
    return f"{head}when {condition(node.condition)} {verb} {number(node.points.value)}{mods}"


def tier_condition(node: ast.Tier) -> str:
    return "otherwise" if node.condition is None else f"when {pred(node.condition)}"
