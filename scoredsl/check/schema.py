"""Schema: with a `schema { }` block, every name a rule uses must be declared, and
every operator must fit the declared type (spec 8). Without one, names are free."""

from __future__ import annotations

import difflib
import json
from typing import Any

from .. import ast, printer, reading
from ..diagnostics import Diagnostic, error, warning
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
    missing: ast.MissingDecl | None = None
    for block in blocks:
        for item in block.items:
            if isinstance(item, ast.MissingDecl):
                missing = _schema_missing(item, missing, out)
            elif isinstance(item, ast.AttributeDecl):
                _check_options(item, "attribute", out)
                _declare(attributes, item.path.text, item, "attribute", out)
            else:
                props = events.setdefault(item.type.dotted, {})
                for prop in item.properties:
                    _check_options(prop, "property", out)
                    _declare(props, prop.path.text, prop, "property", out)
    markers = reading.keys(_words(missing.values)) if missing is not None else frozenset()
    return SchemaIndex(attributes, events, markers)


def _schema_missing(
    item: ast.MissingDecl, first: ast.MissingDecl | None, out: list[Diagnostic]
) -> ast.MissingDecl:
    _check_words(item.values, "missing", out)
    if first is None:
        return item
    out.append(
        error(
            "SD310",
            f"a second schema-wide `missing` list (the first is at {first.span})",
            item.span,
            "write one `missing [...]` line with every marker; "
            "`attribute NAME: TYPE missing [...]` sets the list for one attribute",
        )
    )
    return first


def _check_options(decl: ast.Declared, what: str, out: list[Diagnostic]) -> None:
    """Spec 12: each of from/missing/true/false at most once; spellings on booleans only."""
    seen: dict[str, ast.ReadOption] = {}
    name = decl.path.text
    for option in decl.options:
        if option.kind in seen:
            out.append(
                error(
                    "SD311",
                    f"`{option.kind}` given twice for {what} {ast.shown(name)}",
                    option.span,
                    f"the first is at {seen[option.kind].span}; each of `from`, `missing`, "
                    "`true` and `false` comes at most once",
                )
            )
            continue
        seen[option.kind] = option
        if isinstance(option.value, ast.ListValue):
            _check_words(option.value, option.kind, out)
        if option.kind in ("true", "false") and decl.type != "boolean":
            out.append(
                error(
                    "SD312",
                    f"`{option.kind} [...]` spells a boolean, but {ast.shown(name)} "
                    f"is declared as {decl.type}",
                    option.span,
                    f"declare it `{name}: boolean`, or drop the spellings",
                )
            )
    _check_both_ways(decl, out)


def _check_words(values: ast.ListValue, kind: str, out: list[Diagnostic]) -> None:
    for item in values.items:
        if not isinstance(item, ast.String):
            shown = printer.scalar(item)
            out.append(
                error(
                    "SD313",
                    f"`{kind}` lists text values, not {shown}",
                    item.span,
                    f'quote it: "{shown}" (data values are compared as text)',
                )
            )


def _check_both_ways(decl: ast.Declared, out: list[Diagnostic]) -> None:
    true, false = reading.keys(decl.words("true")), reading.keys(decl.words("false"))
    both = sorted(true & false)
    option = decl.option("false")
    if both and option is not None:
        out.append(
            error(
                "SD312",
                f"{json.dumps(both[0])} is spelled both true and false for "
                f"{ast.shown(decl.path.text)}",
                option.span,
                "a spelling reads as one boolean: keep it in one list",
            )
        )


def _words(values: ast.ListValue) -> list[str]:
    return [i.value for i in values.items if isinstance(i, ast.String)]


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
                f"{what} {ast.shown(name)} declared as {decl.type}, but as {first.type} at {first.span}",
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
            props = index.properties(condition)
            for leaf in ast.comparisons(condition.where):
                _check_name(leaf, props, "SD303", _property_help(condition), out)
                _check_one_reading(condition, leaf.path, index, types, out)
                _check_read_word(leaf, props, index, out)
        return
    for leaf in ast.comparisons(condition):
        _check_name(
            leaf, index.attributes, "SD301", "declare it in the schema: `attribute NAME: TYPE`", out
        )
        _check_read_word(leaf, index.attributes, index, out)


def _check_read_word(
    leaf: ast.Comparison, declared: dict[str, Any], index: SchemaIndex, out: list[Diagnostic]
) -> None:
    """`== "Select"` on a marker, or `== "Yes"` on a spelling, can never be true (spec 12)."""
    decl = declared.get(leaf.path.text)
    if not isinstance(leaf, ast.Compare) or leaf.op != "==" or decl is None:
        return
    if not isinstance(leaf.operand, ast.String):
        return
    read = reading.declared(leaf.path, decl, index.missing)
    word, name = reading.word_key(leaf.operand.value), leaf.path.text
    literal = printer.string(leaf.operand.value)
    if word in read.missing:
        message = f"{literal} is a missing marker: `{name} == {literal}` is never true"
        fix = f"write `{name} is missing`"
    elif word in read.true or word in read.false:
        flag = "true" if word in read.true else "false"
        message = f"{literal} is read as {flag}: `{name} == {literal}` is never true"
        fix = f"write `{name} == {flag}`"
    else:
        return
    out.append(warning("SD315", message, leaf.span, fix))


def _event_types(pattern: ast.EventPattern, index: SchemaIndex, out: list[Diagnostic]) -> list[str]:
    found = index.event_types(pattern)
    if not found:
        name = pattern.type.text
        hint = _suggest(pattern.type.dotted, {t: _type_source(t) for t in index.events})
        out.append(
            error(
                "SD302",
                f"unknown event type {ast.shown(pattern.type_text)}",
                pattern.type.span,
                hint or f"declare it in the schema: `event {name}`",
            )
        )
    return found


def _type_source(event_type: str) -> str:
    """A declared event type as source (types are keyed by their dotted text)."""
    return ast.Path(tuple(event_type.split("."))).text


def _check_one_reading(
    pattern: ast.EventPattern,
    path: ast.Path,
    index: SchemaIndex,
    types: list[str],
    out: list[Diagnostic],
) -> None:
    """A wildcard reads a property one way: every matched type must declare it alike."""
    if not pattern.wildcard:
        return
    found = [
        (t, reading.declared(path, index.events[t].get(path.text), index.missing)) for t in types
    ]
    found = [(t, r) for t, r in found if path.text in index.events[t]]
    differing = [t for t, r in found if r != found[0][1]]
    if differing:
        out.append(
            error(
                "SD314",
                f"property {ast.shown(path.text)} is read differently by `{found[0][0]}` "
                f"and `{differing[0]}`, both matched by {ast.shown(pattern.type_text)}",
                path.span,
                "give the property the same `from`, `missing` and spellings on every "
                "event type, or write one rule per event type",
            )
        )


def _property_help(pattern: ast.EventPattern) -> str:
    return f"declare it in the schema: `event {pattern.type.text} {{ NAME: TYPE }}`"


def _check_name(
    leaf: ast.Comparison, declared: dict[str, Any], code: str, fallback: str, out: list[Diagnostic]
) -> None:
    name = leaf.path.text
    decl = declared.get(name)
    if decl is None:
        what = "attribute" if code == "SD301" else "event property"
        hint = _suggest(name, {n: n for n in declared})
        message = f"unknown {what} {ast.shown(name)}"
        out.append(error(code, message, leaf.path.span, hint or fallback))
        return
    form = _form(leaf)
    if form not in _FITS[decl.type]:
        out.append(
            error(
                "SD304",
                f"`{form}` does not apply to {ast.shown(name)}, declared as {decl.type}",
                leaf.span,
                _type_help(decl.type),
            )
        )


def _suggest(name: str, candidates: dict[str, str]) -> str | None:
    """A "did you mean" hint; candidates map a comparison key to the text shown.

    Names are compared without backticks, so `Lead Source` finds `lead_source` too.
    """
    plain = {k.replace("`", ""): shown for k, shown in candidates.items()}
    close = difflib.get_close_matches(name.replace("`", ""), list(plain), n=1, cutoff=0.6)
    return f"did you mean {ast.shown(plain[close[0]])}?" if close else None


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
