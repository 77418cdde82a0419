"""Print AST nodes back as canonical source text.

The single source of canonical text: explain reports unnamed rules with it, and the
formatter (fmt/formatter.py) lays these lines out into a file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from . import ast

_BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z_][A-Za-z0-9_\-]*)*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_KEYWORDS = {"true", "false"}
# Modifiers may come in any order (spec 3); canonical text uses the spec's own order.
MODIFIER_ORDER: tuple[type[ast.Modifier], ...] = (ast.Once, ast.Max, ast.Within)
INDENT = "  "


def number(value: float) -> str:
    """Shortest text that reads back as the same float, never in exponent form."""
    if value == 0:
        return "0"  # also -0.0, which equals 0 everywhere a score is computed
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def name(text: str) -> str:
    """A rule or tier name: bare when it is one identifier, else a string literal."""
    return text if _IDENTIFIER.match(text) else json.dumps(text, ensure_ascii=False)


def string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


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


def pred(node: ast.Pred) -> str:
    """A predicate that parses back to the same tree, with parentheses for the reader.

    `and`/`or` nest with parentheses except as the left operand of the same operator
    (both are left-associative), so `and` inside `or` is bracketed too and nobody has to
    remember which binds tighter. `not` always brackets its operand: `not (country in
    [US])` stays apart from `country not in [US]`, which differs on a missing value.
    """
    if isinstance(node, ast.Or):
        return f"{_nested(node.left, ast.Or)} or {_nested(node.right, None)}"
    if isinstance(node, ast.And):
        return f"{_nested(node.left, ast.And)} and {_nested(node.right, None)}"
    if isinstance(node, ast.Not):
        inner = pred(node.operand)
        return f"not {inner}" if isinstance(node.operand, ast.Not) else f"not ({inner})"
    return comparison(node)


def _nested(node: ast.Pred, same: type[ast.And] | type[ast.Or] | None) -> str:
    if isinstance(node, ast.And | ast.Or) and not (same and isinstance(node, same)):
        return f"({pred(node)})"
    return pred(node)


def comparison(node: ast.Comparison) -> str:
    path = node.path.text
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


def ordered_modifiers(modifiers: tuple[ast.Modifier, ...]) -> tuple[ast.Modifier, ...]:
    """The modifiers in canonical order (stable, so duplicates keep their order)."""
    return tuple(sorted(modifiers, key=lambda m: MODIFIER_ORDER.index(type(m))))


def rule(node: ast.Rule, with_name: bool = True) -> str:
    head = f"rule {name(node.name)}: " if with_name and node.name is not None else ""
    verb = "subtract" if node.subtract else "add"
    mods = "".join(f" {modifier(m)}" for m in ordered_modifiers(node.modifiers))
    return f"{head}when {condition(node.condition)} {verb} {number(node.points.value)}{mods}"


def tier_condition(node: ast.Tier) -> str:
    return "otherwise" if node.condition is None else f"when {pred(node.condition)}"


def tier(node: ast.Tier, name_width: int = 0) -> str:
    """`tier NAME when ...`, the name padded to `name_width` so conditions line up."""
    return f"tier {name(node.name).ljust(name_width)} {tier_condition(node)}"


# ---------------------------------------------------------------- other statements


def header(node: ast.Header) -> str:
    version = f" version {string(node.version)}" if node.version is not None else ""
    return f"ruleset {string(node.name)}{version}"


def let(node: ast.Let) -> str:
    return f"let {node.name} = {operand(node.value)}"


def include(node: ast.Include) -> str:
    return f"include {string(node.target)}"


def decay(node: ast.Decay) -> str:
    return f"decay {number(node.percent)}% {node.mode} {node.duration.text}"


def range_(node: ast.Range) -> str:
    return f"range {number(node.low)}..{number(node.high)}"


def ordered_options(options: tuple[ast.ReadOption, ...]) -> tuple[ast.ReadOption, ...]:
    """Read options in canonical order: from, missing, true, false (stable)."""
    return tuple(sorted(options, key=lambda o: ast.OPTION_ORDER.index(o.kind)))


def read_option(node: ast.ReadOption) -> str:
    return f"{node.kind} {operand(node.value)}"


def declared(node: ast.Declared) -> str:
    """`NAME: TYPE` and its read options (spec 12)."""
    options = "".join(f" {read_option(o)}" for o in ordered_options(node.options))
    return f"{node.path.text}: {node.type}{options}"


def schema_item(node: ast.AttributeDecl | ast.EventDecl | ast.MissingDecl) -> str:
    if isinstance(node, ast.MissingDecl):
        return f"missing {operand(node.values)}"
    if isinstance(node, ast.AttributeDecl):
        return f"attribute {declared(node)}"
    if not node.properties:
        return f"event {node.type.text}"
    props = ", ".join(declared(p) for p in node.properties)
    return f"event {node.type.text} {{ {props} }}"


def line(node: ast.Statement | ast.AttributeDecl | ast.EventDecl | ast.MissingDecl) -> str:
    """The one-line canonical text of a statement (a block prints on one line here too)."""
    if isinstance(node, ast.Dimension):
        body = "; ".join(line(item) for item in node.body)
        return f"score {node.name} {{ {body} }}" if body else f"score {node.name} {{}}"
    if isinstance(node, ast.Schema):
        items = "; ".join(schema_item(item) for item in node.items)
        return f"schema {{ {items} }}" if items else "schema {}"
    if isinstance(node, ast.AttributeDecl | ast.EventDecl | ast.MissingDecl):
        return schema_item(node)
    if isinstance(node, ast.Rule):
        return rule(node)
    if isinstance(node, ast.Tier):
        return tier(node)
    return _simple(node)


def _simple(node: ast.Header | ast.Let | ast.Include | ast.Decay | ast.Range) -> str:
    if isinstance(node, ast.Header):
        return header(node)
    if isinstance(node, ast.Let):
        return let(node)
    if isinstance(node, ast.Include):
        return include(node)
    return decay(node) if isinstance(node, ast.Decay) else range_(node)
