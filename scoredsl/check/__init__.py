"""Check: a linked ruleset -> a Program, or every error found (never the first only).

The checks run as an ordered list of named stages, one module per family: structure
(files, scopes, modifiers, decay), names (lets, tiers), schema, and operand types.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, DiagnosticError
from ..link import Linked
from ..program import Program
from . import names, operands, schema, structure


def check(linked: Linked) -> Program:
    """Build the Program; raise DiagnosticError listing every error in the ruleset."""
    diagnostics: list[Diagnostic] = list(linked.diagnostics)
    shape = structure.build(linked, diagnostics)
    lets = names.check_lets(linked, diagnostics)
    names.check_tier_names(shape, diagnostics)
    index = schema.build_index(linked, diagnostics)
    if index is not None:
        schema.check_against(shape, index, diagnostics)
    operands.check_operands(linked, lets, diagnostics)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise DiagnosticError(_in_file_order(errors), linked.sources)
    return Program(
        path=linked.root,
        header=shape.header,
        dimensions=shape.dimensions,
        total_range=shape.total_range,
        tiers=shape.tiers,
        lets=lets,
        schema=index,
        sources=linked.sources,
        warnings=tuple(d for d in diagnostics if not d.is_error),
    )


def _in_file_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    def key(d: Diagnostic) -> tuple[str, int, int]:
        return (d.span.path, d.span.line, d.span.column) if d.span else ("", 0, 0)

    return sorted(diagnostics, key=key)
