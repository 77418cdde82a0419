"""The outcome of a test run: per case, per file, and coverage per ruleset."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, SourceMap
from ..explain import Explanation
from .syntax import Case, Expectation


@dataclass(frozen=True)
class Failure:
    expectation: Expectation
    message: str  # "expected score == 25, got 27.5"


@dataclass(frozen=True)
class CaseResult:
    case: Case
    explanation: Explanation
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class FileResult:
    path: str
    rules_path: str | None
    cases: list[CaseResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


@dataclass(frozen=True)
class RuleCoverage:
    label: str  # the rule's name, or its canonical text and line
    path: str
    line: int
    fired: bool


@dataclass(frozen=True)
class TierCoverage:
    name: str
    reached: bool


@dataclass(frozen=True)
class Coverage:
    """Per ruleset: which rules any case made fire, which tiers any case reached."""

    rules_path: str
    rules: tuple[RuleCoverage, ...]
    tiers: tuple[TierCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(r.fired for r in self.rules) + sum(t.reached for t in self.tiers)

    @property
    def total(self) -> int:
        return len(self.rules) + len(self.tiers)


@dataclass
class RunResult:
    files: list[FileResult]
    sources: SourceMap
    coverage: list[Coverage]

    @property
    def cases(self) -> list[CaseResult]:
        return [c for f in self.files for c in f.cases]

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def failed(self) -> int:
        return sum(not c.passed for c in self.cases)

    @property
    def errors(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    @property
    def coverage_percent(self) -> float:
        """Rules fired plus tiers reached, over all of them, across every ruleset tested."""
        total = sum(c.total for c in self.coverage)
        return 100.0 if total == 0 else 100.0 * sum(c.covered for c in self.coverage) / total
