"""Render a test run: text for people, JSON for tools, JUnit XML for CI.

A failed expectation is shown like a diagnostic (SD820, `file:line:col`, the `expect`
line with a caret, expected vs actual), followed by the explain trace of that case.
"""

from __future__ import annotations

import json
from typing import Any

from ..ci_formats import JUnitCase, JUnitFailure, JUnitSuite, render_junit
from ..diagnostics import Diagnostic, SourceMap, error, render_all_text, render_text, summary_line
from ..explain_text import render_explanation
from .results import CaseResult, Coverage, Failure, FileResult, RunResult

FAILED_CODE = "SD820"


def failure_diagnostic(failure: Failure) -> Diagnostic:
    return error(FAILED_CODE, failure.message, failure.expectation.span)


def summary(run: RunResult) -> str:
    parts = [f"{run.passed} passed"]
    if run.failed:
        parts.append(f"{run.failed} failed")
    if run.errors:
        parts.append(f"{run.errors} error{'s' if run.errors != 1 else ''}")
    files = len(run.files)
    return f"{', '.join(parts)} in {files} test file{'s' if files != 1 else ''}"


def coverage_line(run: RunResult, minimum: float | None) -> str:
    covered = sum(c.covered for c in run.coverage)
    total = sum(c.total for c in run.coverage)
    line = f"coverage: {covered}/{total} rules and tiers ({run.coverage_percent:.1f}%)"
    if minimum is not None:
        verdict = "ok" if run.coverage_percent >= minimum else "FAIL"
        line += f", minimum {minimum:g}%: {verdict}"
    return line


# ---------------------------------------------------------------- text


def render_text_report(run: RunResult, coverage: bool, minimum: float | None) -> str:
    blocks = [_file_block(f) for f in run.files]
    details = [_case_details(c, run.sources) for c in run.cases if not c.passed]
    errors = [d for f in run.files for d in f.diagnostics]
    if errors:
        details.append(render_all_text(errors, run.sources))
    covered = [_coverage_block(c) for c in run.coverage] if coverage else []
    out = "\n\n".join(blocks + details + covered)
    if coverage:
        out += "\n\n" + coverage_line(run, minimum)
    return out + "\n\n" + summary(run) + "\n"


def _file_block(result: FileResult) -> str:
    rules = f"  (rules {result.rules_path})" if result.rules_path else ""
    lines = [f"{result.path}{rules}"]
    for case in result.cases:
        lines.append(f"  {'PASS' if case.passed else 'FAIL'}  {case.case.name}")
    if result.errors:
        lines.append(f"  ERROR {summary_line(result.errors)}: no case ran")
    return "\n".join(lines)


def _case_details(case: CaseResult, sources: SourceMap) -> str:
    span = case.case.span
    lines = [f"FAIL {case.case.name} ({span.path}:{span.line})"]
    lines.extend(render_text(failure_diagnostic(f), sources) + "\n" for f in case.failures)
    lines.append("explain:")
    trace = render_explanation(case.explanation)
    lines.extend(f"  {line}".rstrip() for line in trace.splitlines())
    return "\n".join(lines)


def _coverage_block(cov: Coverage) -> str:
    rules = sum(r.fired for r in cov.rules)
    tiers = sum(t.reached for t in cov.tiers)
    lines = [
        f"coverage of {cov.rules_path}: rules {rules}/{len(cov.rules)} fired, "
        f"tiers {tiers}/{len(cov.tiers)} reached"
    ]
    for rule in cov.rules:
        mark = "fired " if rule.fired else "NEVER "
        lines.append(f"  {mark} rule {rule.label} ({rule.path}:{rule.line})")
    for tier in cov.tiers:
        mark = "reached" if tier.reached else "NEVER  "
        lines.append(f"  {mark} tier {tier.name}")
    return "\n".join(lines)


# ---------------------------------------------------------------- JSON


def render_json_report(run: RunResult, coverage: bool, minimum: float | None) -> str:
    data: dict[str, Any] = {
        "summary": {
            "passed": run.passed,
            "failed": run.failed,
            "errors": run.errors,
            "files": len(run.files),
        },
        "files": [_file_json(f) for f in run.files],
    }
    if coverage:
        data["coverage"] = {
            "percent": round(run.coverage_percent, 2),
            "minimum": minimum,
            "rulesets": [_coverage_json(c) for c in run.coverage],
        }
    return json.dumps(data, indent=2)


def _file_json(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "rules": result.rules_path,
        "diagnostics": [d.to_dict() for d in result.diagnostics],
        "cases": [
            {
                "name": c.case.name,
                "line": c.case.span.line,
                "passed": c.passed,
                "result": c.explanation.result.record(),
                "failures": [failure_diagnostic(f).to_dict() for f in c.failures],
            }
            for c in result.cases
        ],
    }


def _coverage_json(cov: Coverage) -> dict[str, Any]:
    return {
        "rules_path": cov.rules_path,
        "covered": cov.covered,
        "total": cov.total,
        "rules": [
            {"rule": r.label, "path": r.path, "line": r.line, "fired": r.fired} for r in cov.rules
        ],
        "tiers": [{"tier": t.name, "reached": t.reached} for t in cov.tiers],
    }


# ---------------------------------------------------------------- JUnit XML


def render_junit_report(run: RunResult, coverage: bool, minimum: float | None) -> str:
    """One <testsuite> per test file, one <testcase> per case; file errors are <error>s."""
    suites = [_suite(result, run.sources) for result in run.files]
    if coverage:
        suites.append(_coverage_suite(run, minimum))
    return render_junit(suites, "scoredsl test")


def _suite(result: FileResult, sources: SourceMap) -> JUnitSuite:
    cases = [_testcase(result, case, sources) for case in result.cases]
    if result.errors:
        first = result.errors[0]
        problem = JUnitFailure(
            first.message, first.code, render_all_text(result.diagnostics, sources)
        )
        cases.append(JUnitCase("(test file)", _classname(result), errors=(problem,)))
    properties = (("rules", result.rules_path),) if result.rules_path else ()
    return JUnitSuite(result.path, tuple(cases), file=result.path, properties=properties)


def _testcase(result: FileResult, case: CaseResult, sources: SourceMap) -> JUnitCase:
    failures: tuple[JUnitFailure, ...] = ()
    if case.failures:
        details = _case_details(case, sources)
        failures = (JUnitFailure(case.failures[0].message, FAILED_CODE, details),)
    return JUnitCase(
        case.case.name,
        _classname(result),
        failures,
        file=result.path,
        line=case.case.span.line,
    )


def _classname(result: FileResult) -> str:
    return result.path.rsplit("/", 1)[-1].removesuffix(".scoretest")


def _coverage_suite(run: RunResult, minimum: float | None) -> JUnitSuite:
    cases = []
    for cov in run.coverage:
        percent = 100.0 if cov.total == 0 else 100.0 * cov.covered / cov.total
        failures: tuple[JUnitFailure, ...] = ()
        if minimum is not None and percent < minimum:
            message = f"coverage {percent:.1f}% < {minimum:g}%"
            failures = (JUnitFailure(message, "coverage", _coverage_block(cov)),)
        cases.append(JUnitCase(cov.rules_path, "coverage", failures))
    return JUnitSuite("coverage", tuple(cases))
