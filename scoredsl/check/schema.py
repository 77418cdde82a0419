"""Schema: with a `schema { }` block, every name a rule uses must be declared, and
every operator must fit the declared type (spec 8). Without one, names are free."""

from __future__ import annotations

from typing import Any

from .. import ast
from ..diagnostics import Diagnostic, did_you_mean, error
from ..link import Linked
from ..program import SchemaIndex
from .structure import Shape

# Which comparison forms each declared type accepts.
_FITS: dict[str, set[str]] = {
    "string": {"==", "!=", "in", "contains", "starts with", "ends with", "matches", "presence"},
    "number": {"==", "!=", "<", "<=", ">", ">=", "in", "presence"},
    "timestamp": {"==", "!=", "within", "presence"},
    "list": {"contains", "presence"},
    "boolean": {"==", "!=", "presence"},
}


def build_index(linked: Linked, out: list[Diagnostic]) -> SchemaIndex | None:
    blocks = [p.statement for p in linked.statements if isinstance(p.statement, ast.Schema)]
    if not blocks:
        return None
    attributes: dict[str, ast.AttributeDecl] = {}
    events: dict[str, dict[str, ast.PropertyDecl]] = {}
    for block in blocks:
        for item in block.items:
            if isinstance(item, ast.AttributeDecl):
                _declare(attributes, item.path.dotted, item, "attribute", out)
            else:
                props = events.setdefault(item.type.dotted, {})
                for prop in item.properties:
                    _declare(props, prop.path.dotted, prop, "property", out)
    return SchemaIndex(attributes, events)


def _declare(
    table: dict[str, Any],
    name: str,
    decl: ast.AttributeDecl | ast.PropertyDecl,
    what: str,
    out: list[Diagnostic],
) -> None:
    first = table.get(name)
    if first is not None and first.type != decl.type:
        out.append(
            error(
                "SD307",
                f"{what} `{name}` declared as {decl.type}, but as {first.type} at {first.span}",
                decl.span,
                "declare each name with one type",
            )
        )
        return
    table.setdefault(name, decl)


def check_against(shape: Shape, index: SchemaIndex, out: list[Diagnostic]) -> None:
    for dimension in shape.dimensions:
        for rule in dimension.rules:
            _check_rule(rule, index, out)


def _check_rule(rule: ast.Rule, index: SchemaIndex, out: list[Diagnostic]) -> None:
    condition = rule.condition
    if isinstance(condition, ast.CountCondition):
        condition = condition.pattern
    if isinstance(condition, ast.EventPattern):
        types = _event_types(condition, index, out)
        if types and condition.where is not None:
            props = _union_props(index, types)
            for leaf in ast.comparisons(condition.where):
                _check_name(leaf, props, "SD303", _property_help(condition), out)
        return
    for leaf in ast.comparisons(condition):
        _check_name(
            leaf, index.attributes, "SD301", "declare it in the schema: `attribute NAME: TYPE`", out
        )


def _event_types(pattern: ast.EventPattern, index: SchemaIndex, out: list[Diagnostic]) -> list[str]:
    name = pattern.type.dotted
    if pattern.wildcard:
        found = [t for t in index.events if t.startswith(name + ".")]
    else:
        found = [name] if name in index.events else []
    if not found:
        hint = did_you_mean(name, index.events)
        out.append(
            error(
                "SD302",
                f"unknown event type `{pattern.type_text}`",
                pattern.type.span,
                hint or f"declare it in the schema: `event {name}`",
            )
        )
    return found


def _union_props(index: SchemaIndex, types: list[str]) -> dict[str, ast.PropertyDecl]:
    merged: dict[str, ast.PropertyDecl] = {}
    for event_type in types:
        merged.update(index.events[event_type])
    return merged


def _property_help(pattern: ast.EventPattern) -> str:
    return f"declare it in the schema: `event {pattern.type.dotted} {{ NAME: TYPE }}`"


def _check_name(
    leaf: ast.Comparison, declared: dict[str, Any], code: str, fallback: str, out: list[Diagnostic]
) -> None:
    name = leaf.path.dotted
    decl = declared.get(name)
    if decl is None:
        what = "attribute" if code == "SD301" else "event property"
        hint = did_you_mean(name, declared)
        out.append(error(code, f"unknown {what} `{name}`", leaf.path.span, hint or fallback))
        return
    form = _form(leaf)
    if form not in _FITS[decl.type]:
        out.append(
            error(
                "SD304",
                f"`{form}` does not apply to `{name}`, declared as {decl.type}",
                leaf.span,
                _type_help(decl.type),
            )
        )


def _form(leaf: ast.Comparison) -> str:
    if isinstance(leaf, ast.Compare | ast.TextTest):
        return leaf.op
    if isinstance(leaf, ast.InList):
        return "in"
    if isinstance(leaf, ast.Presence):
        return "presence"
    return "within"


def _type_help(type_name: str) -> str:
    usable = sorted(f for f in _FITS[type_name] if f != "presence")
    forms = ", ".join(f"`{f}`" for f in usable)
    return f"a {type_name} takes {forms}, `is missing` or `is present`"
