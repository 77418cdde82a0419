"""What a lint rule sees: the checked program, the linked statements and derived facts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .. import ast
from ..diagnostics import Diagnostic
from ..link import Linked
from ..program import DimensionPlan, Program
from .bounds import Bounds, compute_bounds
from .profile import Profile


@dataclass(frozen=True)
class PlacedRule:
    """A rule with the dimension it adds to."""

    rule: ast.Rule
    dimension: DimensionPlan


class Context:
    def __init__(self, program: Program, linked: Linked, profile: Profile | None = None) -> None:
        self.program = program
        self.linked = linked
        self.profile = profile  # the data's profile, for the data rules (`lint --leads`)

    @property
    def check_warnings(self) -> tuple[Diagnostic, ...]:
        return self.program.warnings

    @cached_property
    def bounds(self) -> Bounds:
        return compute_bounds(self.program)

    @cached_property
    def rules(self) -> list[PlacedRule]:
        """Every rule in file order (after includes are flattened)."""
        placed = [PlacedRule(r, d) for d in self.program.dimensions for r in d.rules]
        return sorted(
            placed, key=lambda p: (p.rule.span.path != self.program.path, p.rule.span.start)
        )

    def statements(self) -> Iterator[ast.Statement]:
        """Top-level statements and those inside dimensions."""
        for placed in self.linked.statements:
            yield placed.statement
            if isinstance(placed.statement, ast.Dimension):
                yield from placed.statement.body

    def predicates(self) -> Iterator[tuple[ast.Pred, ast.Rule | ast.Tier]]:
        """Every predicate of every rule and tier, with its owner."""
        for placed in self.rules:
            for pred, _, _ in ast.rule_predicates(placed.rule):
                yield pred, placed.rule
        for tier in self.program.tiers:
            if tier.condition is not None:
                yield tier.condition, tier

    def regex_tests(self) -> Iterator[tuple[ast.TextTest, str]]:
        """Every `matches` comparison with its pattern text."""
        for pred, _ in self.predicates():
            for leaf in ast.comparisons(pred):
                if isinstance(leaf, ast.TextTest) and leaf.op == "matches":
                    pattern = self.resolve(leaf.operand)
                    if isinstance(pattern, ast.String):
                        yield leaf, pattern.value

    def resolve(self, operand: ast.Operand) -> ast.Literal_:
        return self.program.resolve(operand)
