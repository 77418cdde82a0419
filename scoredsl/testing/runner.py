"""Run test files: resolve every name against the ruleset, build each case's lead, explain
it with the ruleset, then compare what happened with what each `expect` line says.

Name errors (an unknown rule, dimension or tier) are found before any case runs, so a
typo in a test is an error with "did you mean", never a silently failing expectation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..compile import CompiledRule
from ..diagnostics import Diagnostic, DiagnosticError, SourceMap, did_you_mean, error
from ..io.project import walk
from ..models import Event, Lead
from ..ruleset import Ruleset, load
from ..source import Source
from ..timeutil import parse_instant
from .checks import TOTAL_NAMES, check
from .results import CaseResult, Coverage, FileResult, RuleCoverage, RunResult, TierCoverage
from .syntax import (
    TEST_SUFFIX,
    Absolute,
    AsOf,
    Case,
    EventSpec,
    Expectation,
    ExpectFired,
    ExpectRule,
    ExpectTier,
    ExpectValue,
    RuleRef,
    TestFile,
    parse_test,
)


class UsageError(Exception):
    """A command-line problem (no such path, no test files): exit code 2."""

    def __init__(self, message: str, help: str | None = None) -> None:
        super().__init__(message)
        self.help = help


# ---------------------------------------------------------------- discovery


def discover(paths: Sequence[Path]) -> list[Path]:
    """Test files: each file as given (a `.score` means its sibling `.scoretest`), and
    every `*.scoretest` under each directory, as every command walks one (hidden, git-ignored
    and excluded files are skipped: scoredsl/io/project.py), in sorted order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(walk([path], (TEST_SUFFIX,)))
        elif path.suffix == ".score":
            found.append(_sibling_test(path))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}")
    if not found:
        shown = " ".join(str(p) for p in paths)
        raise UsageError(
            f"no {TEST_SUFFIX} files in {shown}",
            f"write tests next to the rules, e.g. b2b.score -> b2b{TEST_SUFFIX}",
        )
    return list(dict.fromkeys(found))


def _sibling_test(rules: Path) -> Path:
    test = rules.with_suffix(TEST_SUFFIX)
    if not test.is_file():
        raise UsageError(f"no test file for {rules}", f"create {test}")
    return test


# ---------------------------------------------------------------- running


def run(paths: Sequence[Path], select: str | None = None) -> RunResult:
    """Run every case of every test file found under `paths`; `select` keeps the cases
    whose name contains it (case-insensitive)."""
    runner = _Runner(select)
    files = [runner.run_file(p) for p in discover(paths)]
    return RunResult(files, runner.sources, runner.coverage())


class _Runner:
    def __init__(self, select: str | None) -> None:
        self.select = select.lower() if select else None
        self.sources = SourceMap()
        self.keys: dict[str, str] = {}  # resolved path -> the path first used for it
        self.rulesets: dict[str, Ruleset | None] = {}
        self.fired: dict[str, set[int]] = {}
        self.reached: dict[str, set[str]] = {}

    def run_file(self, path: Path) -> FileResult:
        result = FileResult(str(path), None)
        try:
            source = Source.from_file(path)
            self.sources.add(source)
            tests = parse_test(source)
        except (OSError, UnicodeDecodeError) as exc:
            result.diagnostics.append(error("SD004", f"cannot read {path}: {exc}"))
            return result
        except DiagnosticError as exc:
            return self._failed(result, exc)
        rules_path = _rules_path(path, tests)
        result.rules_path = str(rules_path)
        found = self._ruleset(rules_path, tests, result)
        if found is None:
            return result
        key, ruleset = found
        names = _Names(ruleset)
        plans = [_plan(case, tests, names, result.diagnostics) for case in tests.cases]
        # cases share the file's as_of: report a bad one once, not once per case
        result.diagnostics = list(dict.fromkeys(result.diagnostics))
        if result.errors:
            return result
        for plan in plans:
            if plan is not None and self._selected(plan.case):
                result.cases.append(self._run_case(ruleset, key, plan))
        return result

    def _failed(self, result: FileResult, exc: DiagnosticError) -> FileResult:
        result.diagnostics.extend(exc.diagnostics)
        self.sources.merge(exc.sources)
        return result

    def _selected(self, case: Case) -> bool:
        return self.select is None or self.select in case.name.lower()

    def _ruleset(
        self, rules_path: Path, tests: TestFile, result: FileResult
    ) -> tuple[str, Ruleset] | None:
        """The ruleset, loaded once per run; keyed by its resolved path, named as first given."""
        if not rules_path.is_file():
            result.diagnostics.append(_not_found(rules_path, tests))
            return None
        key = self.keys.setdefault(str(rules_path.resolve()), str(rules_path))
        result.rules_path = key
        if key not in self.rulesets:
            self.rulesets[key] = self._load(key, result)
        elif self.rulesets[key] is None:
            result.diagnostics.append(_broken_rules(rules_path, tests))
        ruleset = self.rulesets[key]
        return None if ruleset is None else (key, ruleset)

    def _load(self, key: str, result: FileResult) -> Ruleset | None:
        try:
            ruleset = load(key)
        except DiagnosticError as exc:
            self._failed(result, exc)
            return None
        self.sources.merge(ruleset.program.sources)
        self.fired[key] = set()
        self.reached[key] = set()
        return ruleset

    def _run_case(self, ruleset: Ruleset, key: str, plan: _Plan) -> CaseResult:
        explanation = ruleset.explain(plan.lead, plan.as_of)
        fired = {i for i, trace in enumerate(explanation.rules) if trace.fired}
        self.fired[key] |= fired
        if explanation.result.tier is not None:
            self.reached[key].add(explanation.result.tier)
        failures = tuple(
            failure
            for expectation in plan.case.expects
            if (failure := check(expectation, explanation, fired, plan.refs, ruleset)) is not None
        )
        return CaseResult(plan.case, explanation, failures)

    def coverage(self) -> list[Coverage]:
        return [
            _coverage(key, ruleset, self.fired[key], self.reached[key])
            for key, ruleset in self.rulesets.items()
            if ruleset is not None
        ]


def _rules_path(test_path: Path, tests: TestFile) -> Path:
    if tests.rules is None:
        return test_path.with_suffix(".score")
    return test_path.parent / tests.rules.target


def _not_found(rules_path: Path, tests: TestFile) -> Diagnostic:
    span = tests.rules.span if tests.rules else None
    hint = (
        "the path in `rules` is relative to the test file"
        if tests.rules
        else f'name the ruleset: rules "{rules_path.name}"'
    )
    return error("SD801", f"rules file not found: {rules_path}", span, hint)


def _broken_rules(rules_path: Path, tests: TestFile) -> Diagnostic:
    span = tests.rules.span if tests.rules else None
    return error(
        "SD802", f"{rules_path} has errors (reported above)", span, "fix the ruleset first"
    )


def _coverage(key: str, ruleset: Ruleset, fired: set[int], reached: set[str]) -> Coverage:
    rules = tuple(
        RuleCoverage(r.label, r.rule.span.path, r.rule.span.line, r.index in fired)
        for r in ruleset.compiled.rules
    )
    tiers = tuple(TierCoverage(t.name, t.name in reached) for t in ruleset.compiled.tiers)
    return Coverage(key, rules, tiers)


# ---------------------------------------------------------------- planning a case


@dataclass(frozen=True)
class _Plan:
    case: Case
    as_of: datetime
    lead: Lead
    refs: dict[RuleRef, int]


class _Names:
    """Resolves the names a test uses (rules, dimensions, tiers) against one ruleset."""

    def __init__(self, ruleset: Ruleset) -> None:
        rules = ruleset.compiled.rules
        root = ruleset.program.path
        self.by_name = {r.rule.name: r.index for r in rules if r.rule.name is not None}
        self.by_line: dict[int, list[CompiledRule]] = {}
        for r in rules:
            if r.rule.span.path == root:
                self.by_line.setdefault(r.rule.span.line, []).append(r)
        self.dimensions = ruleset.dimensions
        self.tiers = tuple(t.name for t in ruleset.compiled.tiers)
        self.root = root

    def rule(self, ref: RuleRef) -> int | Diagnostic:
        if ref.name is not None:
            if ref.name in self.by_name:
                return self.by_name[ref.name]
            hint = did_you_mean(ref.name, self.by_name) or _listing("named rules", self.by_name)
            return error("SD803", f"no rule named `{ref.name}` in {self.root}", ref.span, hint)
        found = self.by_line.get(ref.line or 0, [])
        if len(found) == 1:
            return found[0].index
        if found:
            return error(
                "SD803",
                f"{len(found)} rules on line {ref.line} of {self.root}",
                ref.span,
                "name the rules (`rule NAME: when ...`) and refer to them by name",
            )
        lines = ", ".join(str(line) for line in sorted(self.by_line))
        return error(
            "SD803",
            f"no rule on line {ref.line} of {self.root}",
            ref.span,
            f"rules are on lines {lines}",
        )

    def target(self, expectation: ExpectValue) -> Diagnostic | None:
        if expectation.target in TOTAL_NAMES or expectation.target in self.dimensions:
            return None
        known = (*TOTAL_NAMES, *self.dimensions)
        hint = did_you_mean(expectation.target, known) or _listing("scores", known)
        message = f"no score dimension `{expectation.target}` in {self.root}"
        return error("SD804", message, expectation.target_span or expectation.span, hint)

    def tier(self, expectation: ExpectTier) -> Diagnostic | None:
        if expectation.tier is None or expectation.tier in self.tiers:
            return None
        known = (*self.tiers, "none")
        hint = did_you_mean(expectation.tier, known) or _listing("tiers", known)
        message = f"no tier `{expectation.tier}` in {self.root}"
        return error("SD805", message, expectation.tier_span or expectation.span, hint)


def _listing(what: str, names: Sequence[str] | dict[str, int]) -> str:
    shown = ", ".join(list(names)[:8])
    return f"the {what} are: {shown}" if shown else f"the ruleset has no {what}"


def _plan(case: Case, tests: TestFile, names: _Names, out: list[Diagnostic]) -> _Plan | None:
    before = len(out)
    refs = _resolve(case, names, out)
    as_of = _case_as_of(case, tests, out)
    lead = _lead(case, as_of, out) if as_of is not None else None
    if len(out) > before or as_of is None or lead is None:
        return None
    return _Plan(case, as_of, lead, refs)


def _resolve(case: Case, names: _Names, out: list[Diagnostic]) -> dict[RuleRef, int]:
    refs: dict[RuleRef, int] = {}
    for expectation in case.expects:
        problem: Diagnostic | None = None
        if isinstance(expectation, ExpectValue):
            problem = names.target(expectation)
        elif isinstance(expectation, ExpectTier):
            problem = names.tier(expectation)
        for ref in _refs(expectation):
            found = names.rule(ref)
            if isinstance(found, Diagnostic):
                out.append(found)
            else:
                refs[ref] = found
        if problem is not None:
            out.append(problem)
    return refs


def _refs(expectation: Expectation) -> tuple[RuleRef, ...]:
    if isinstance(expectation, ExpectRule):
        return (expectation.rule,)
    if isinstance(expectation, ExpectFired):
        return expectation.rules
    return ()


def _case_as_of(case: Case, tests: TestFile, out: list[Diagnostic]) -> datetime | None:
    given = case.as_of or tests.as_of
    if given is None:
        out.append(
            error(
                "SD806",
                f"test `{case.name}` has no as_of",
                case.span,
                "add `as_of 2026-11-01` at the top of the file or inside the test",
            )
        )
        return None
    return _instant(given, out)


def _instant(given: AsOf | Absolute, out: list[Diagnostic]) -> datetime | None:
    try:
        return parse_instant(given.text)
    except ValueError as exc:  # InstantError, or a date out of range (month 13)
        out.append(
            error(
                "SD807",
                f"invalid instant: {exc}",
                given.span,
                "write 2026-11-01 or 2026-11-01T09:30:00Z",
            )
        )
        return None


def _lead(case: Case, as_of: datetime, out: list[Diagnostic]) -> Lead | None:
    events = [_event(spec, as_of, out) for spec in case.events]
    if any(e is None for e in events):
        return None
    spec = case.lead
    attributes = spec.attributes if spec else {}
    lead_id = spec.id if spec and spec.id is not None else case.name
    return Lead(id=lead_id, attributes=attributes, events=[e for e in events if e is not None])


def _event(spec: EventSpec, as_of: datetime, out: list[Diagnostic]) -> Event | None:
    if isinstance(spec.at, Absolute):
        at = _instant(spec.at, out)
    else:
        at = as_of + timedelta(microseconds=spec.at.micros)
    return None if at is None else Event(type=spec.type, at=at, props=spec.props)
