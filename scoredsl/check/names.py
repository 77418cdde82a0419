"""Names: `let` definitions and references, and the names a tier condition may use."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast
from ..diagnostics import Diagnostic, did_you_mean, error
from ..link import Linked
from .structure import Shape

TOTAL_NAMES = ("score", "total")


def check_lets(linked: Linked, out: list[Diagnostic]) -> dict[str, ast.Literal_]:
    """Let values by name; reports duplicates, unknown names and use before definition."""
    all_names = {p.statement.name for p in linked.statements if isinstance(p.statement, ast.Let)}
    defined: dict[str, ast.Let] = {}
    for placed in linked.statements:
        statement = placed.statement
        if isinstance(statement, ast.Let):
            _define(statement, defined, out)
            continue
        for ref in _let_refs(statement):
            if ref.name in defined:
                continue
            if ref.name in all_names:
                out.append(
                    error(
                        "SD105",
                        f"`{ref.name}` is used before its `let`",
                        ref.span,
                        f"move `let {ref.name} = ...` above its first use",
                    )
                )
            else:
                hint = did_you_mean(ref.name, all_names)
                out.append(
                    error(
                        "SD104",
                        f"unknown name `{ref.name}`",
                        ref.span,
                        hint
                        or "define it with `let NAME = [...]`, or quote a string "
                        'literal: `"value"`',
                    )
                )
    return {name: let.value for name, let in defined.items()}


def _define(let: ast.Let, defined: dict[str, ast.Let], out: list[Diagnostic]) -> None:
    if let.name in defined:
        out.append(
            error(
                "SD103",
                f"`let {let.name}` is defined twice",
                let.span,
                f"the first is at {defined[let.name].span}; a let is defined once",
            )
        )
        return
    defined[let.name] = let


def _let_refs(statement: ast.Statement) -> Iterator[ast.LetRef]:
    if isinstance(statement, ast.Rule):
        for pred, _, _ in ast.rule_predicates(statement):
            yield from _refs_in(pred)
    elif isinstance(statement, ast.Dimension):
        for item in statement.body:
            yield from _let_refs(item)
    elif isinstance(statement, ast.Tier) and statement.condition is not None:
        yield from _refs_in(statement.condition)


def _refs_in(pred: ast.Pred) -> Iterator[ast.LetRef]:
    for leaf in ast.comparisons(pred):
        operand = getattr(leaf, "operand", None)
        if isinstance(operand, ast.LetRef):
            yield operand


def check_tier_names(shape: Shape, out: list[Diagnostic]) -> None:
    """A tier condition names the total (`score`/`total`) or a named dimension."""
    known = [*TOTAL_NAMES, *(d.name for d in shape.dimensions if d.name is not None)]
    for tier in shape.tiers:
        if tier.condition is None:
            continue
        for leaf in ast.comparisons(tier.condition):
            name = leaf.path.dotted
            if name in known:
                continue
            hint = did_you_mean(name, known)
            out.append(
                error(
                    "SD108",
                    f"unknown score `{name}` in a tier condition",
                    leaf.path.span,
                    hint or f"a tier compares one of: {', '.join(known)}",
                )
            )
