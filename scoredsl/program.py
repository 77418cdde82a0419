"""The checked program: what the checker hands to the compilers.

A flat, resolved view of a ruleset and its includes: dimensions with their effective decay
lines, the total's range, tiers, let values and the schema (if any).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ast, reading
from .diagnostics import Diagnostic, SourceMap
from .reading import ReadingOf


@dataclass(frozen=True)
class DimensionPlan:
    """One score dimension; `name` None is the file's unnamed dimension."""

    name: str | None
    rules: tuple[ast.Rule, ...]
    decays: tuple[ast.Decay, ...]  # effective lines: the dimension's own, else the top level's
    range: ast.Range | None


@dataclass(frozen=True)
class SchemaIndex:
    """Declarations by name: attributes and properties by their source text (`Path.text`),
    event types by their dotted type. `missing` holds the schema-wide markers' keys."""

    attributes: dict[str, ast.AttributeDecl]
    events: dict[str, dict[str, ast.PropertyDecl]]
    missing: frozenset[str] = frozenset()

    def event_types(self, pattern: ast.EventPattern) -> list[str]:
        """The declared event types a pattern matches."""
        name = pattern.type.dotted
        if pattern.wildcard:
            return [t for t in self.events if t.startswith(name + ".")]
        return [name] if name in self.events else []

    def properties(self, pattern: ast.EventPattern) -> dict[str, ast.PropertyDecl]:
        """The properties declared on every type the pattern matches (the union)."""
        merged: dict[str, ast.PropertyDecl] = {}
        for event_type in self.event_types(pattern):
            merged.update(self.events[event_type])
        return merged


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

    def reading_of(self, pattern: ast.EventPattern | None) -> ReadingOf:
        """How paths read (spec 12): a profile predicate's (pattern None) or a `where`'s."""
        schema = self.schema
        if schema is None:
            return reading.plain
        declared = schema.attributes if pattern is None else schema.properties(pattern)
        return lambda path: reading.declared(path, declared.get(path.text), schema.missing)

    def resolve(self, operand: ast.Operand) -> ast.Literal_:
        """A let reference replaced by its value (the checker guarantees it exists)."""
        if isinstance(operand, ast.LetRef):
            return self.lets[operand.name]
        return operand
