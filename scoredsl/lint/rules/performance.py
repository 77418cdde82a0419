"""Performance (SL3xx): conditions that cost more to evaluate than they need to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ... import ast, printer
from ...diagnostics import Severity
from ..context import Context
from ..registry import Finding, lint_rule

_META = set(".^$*+?()[]{}|\\")
_ESCAPED = re.compile(r"\\([^A-Za-z0-9])|\[([^\]\\^\-A-Za-z])\]")


def plain_text(pattern: str) -> str | None:
    """The literal text a regex matches, if it is one (`\\.` and `[.]` are plain dots)."""
    text = _ESCAPED.sub(lambda m: m.group(1) or m.group(2), pattern)
    if any(ch in _META for ch in _ESCAPED.sub("", pattern)) or not text:
        return None
    return text


def plain_equivalent(pattern: str) -> tuple[str, str] | None:
    """(operator, text) for a regex that a plain, case-insensitive test can replace."""
    insensitive = pattern.startswith("(?i)")
    body = pattern[4:] if insensitive else pattern
    start, end = body.startswith("^"), body.endswith("$") and not body.endswith("\\$")
    core = body[1 if start else 0 : len(body) - 1 if end else len(body)]
    text = plain_text(core)
    if text is None or (not insensitive and re.search("[A-Za-z]", text)):
        return None  # a case-sensitive pattern with letters is not a plain test
    op = {(True, True): "==", (True, False): "starts with", (False, True): "ends with"}
    return op.get((start, end), "contains"), text


@lint_rule("SL301", "regex-could-be-plain", "performance", Severity.WARNING)
def regex_could_be_plain(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `matches` with a pattern that is plain text, perhaps anchored: a `contains`,
    `starts with`, `ends with` or `==` test in disguise. Only patterns whose case does not
    matter qualify (`(?i)`, or no letters), because the plain tests ignore case. (A pattern
    that does not compile is an error of `scoredsl check`: SD306.)

    ## Why is this bad?
    A plain test is faster than running a regular expression on every event, and it
    reads without knowing regex syntax or escaping rules.

    ## Example
    ```score
    when page.visited where url matches "(?i)^/blog/" add 1
    ```

    Use instead:
    ```score
    when page.visited where url starts with "/blog/" add 1
    ```
    """
    for leaf, pattern in ctx.regex_tests():
        plain = plain_equivalent(pattern)
        if plain is not None:
            op, text = plain
            yield Finding(
                leaf.span,
                f"`{printer.comparison(leaf)}` is a plain text test written as a regex",
                f"write `{leaf.path.dotted} {op} {json.dumps(text)}`",
            )


@lint_rule("SL302", "equality-chain", "performance", Severity.WARNING)
def equality_chain(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Finds `or` chains that compare one path with `==` to several values.

    ## Why is this bad?
    `title in [CTO, CIO]` is one set lookup instead of a comparison per value, and the
    list is shorter to read and to extend (or to move into a `let`).

    ## Example
    ```score
    when title == "CTO" or title == "CIO" add 10
    ```

    Use instead:
    ```score
    when title in [CTO, CIO] add 10
    ```
    """
    for pred, _ in ctx.predicates():
        yield from _chains(pred)


def _chains(pred: ast.Pred) -> Iterator[Finding]:
    if isinstance(pred, ast.Or):
        parts = _or_parts(pred)
        by_path: dict[ast.Path, list[ast.Compare]] = {}
        for part in parts:
            if (
                isinstance(part, ast.Compare)
                and part.op == "=="
                and not isinstance(part.operand, ast.LetRef)
            ):
                by_path.setdefault(part.path, []).append(part)
        for path, equals in by_path.items():
            if len(equals) > 1:
                values = ", ".join(printer.operand(e.operand) for e in equals)
                yield Finding(
                    pred.span,
                    f"{len(equals)} `==` tests on `{path.dotted}` joined by `or`",
                    f"write `{path.dotted} in [{values}]`",
                )
        nested: list[ast.Pred] = [p for p in parts if not isinstance(p, ast.Or)]
    elif isinstance(pred, ast.And):
        nested = [pred.left, pred.right]
    elif isinstance(pred, ast.Not):
        nested = [pred.operand]
    else:
        nested = []
    for part in nested:
        if not isinstance(part, ast.Compare):
            yield from _chains(part)


def _or_parts(pred: ast.Pred) -> list[ast.Pred]:
    if isinstance(pred, ast.Or):
        return _or_parts(pred.left) + _or_parts(pred.right)
    return [pred]
