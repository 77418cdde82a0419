"""The checked program: what the checker hands to the compilers.

A flat, resolved view of a ruleset and its includes: dimensions with their effective decay
lines, the total's range, tiers, let values and the schema (if any).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ast
from .diagnostics import Diagnostic, SourceMap


@dataclass(frozen=True)
class DimensionPlan:
    """One score dimension; `name` None is the file's unnamed dimension."""

    name: str | None
    rules: tuple[ast.Rule, ...]
    decays: tuple[ast.Decay, ...]  # effective lines: the dimension's own, else the top level's
    range: ast.Range | None


@dataclass(frozen=True)
class SchemaIndex:
    attributes: dict[str, ast.AttributeDecl]
    events: dict[str, dict[str, ast.PropertyDecl]]


@dataclass(frozen=True)
class Program:
    path: str
    header: ast.Header | None
    dimensions: tuple[DimensionPlan, ...]
    total_range: ast.Range | None
    tiers: tuple[ast.Tier, ...]
    lets: dict[str, ast.Literal_]
    schema: SchemaIndex | None
    sources: SourceMap = field(default_factory=SourceMap)
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def named_dimensions(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions if d.name is not None)

    def resolve(self, operand: ast.Operand) -> ast.Literal_:
        """A let reference replaced by its value (the checker guarantees it exists)."""
        if isinstance(operand, ast.LetRef):
            return self.lets[operand.name]
        return operand
