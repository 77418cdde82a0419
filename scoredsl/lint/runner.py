"""Run the lint rules over one ruleset: link and check it as `scoredsl check` does (its
errors stop linting that file), then apply each enabled rule, the configured levels and
the inline suppressions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check import check
from ..diagnostics import Diagnostic, DiagnosticError, SourceMap
from ..link import Linked, link_file, link_text
from .config import LintConfig, Selection
from .context import Context
from .registry import LintRule, all_rules
from .suppress import Suppressions, scan

# Checker warnings that a lint rule reports under its own code (not passed through twice).
ADOPTED_CHECK_CODES = {"SD410"}


@dataclass
class FileReport:
    """The outcome for one linted file."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: SourceMap = field(default_factory=SourceMap)
    check_failed: bool = False


def lint_path(path: Path, config: LintConfig, selection: Selection | None = None) -> FileReport:
    try:
        linked = link_file(path)
    except DiagnosticError as exc:
        return FileReport(str(path), exc.diagnostics, exc.sources, check_failed=True)
    return lint_linked(linked, config, selection or Selection())


def lint_source(
    text: str,
    path: str = "<string>",
    config: LintConfig | None = None,
    selection: Selection | None = None,
) -> FileReport:
    """Lint text (includes resolve against the cwd); the Python API and tests use it."""
    return lint_linked(link_text(text, path), config or LintConfig(), selection or Selection())


def lint_linked(linked: Linked, config: LintConfig, selection: Selection) -> FileReport:
    report = FileReport(linked.root, sources=linked.sources)
    try:
        program = check(linked)
    except DiagnosticError as exc:
        report.diagnostics = exc.diagnostics
        report.sources.merge(exc.sources)
        report.check_failed = True
        return report
    context = Context(program, linked)
    found = [w for w in program.warnings if w.code not in ADOPTED_CHECK_CODES]
    suppressions: dict[str, Suppressions] = {}
    for rule in all_rules():
        severity = config.severity(rule)
        if severity is None or not selection.allows(rule):
            continue
        for finding in rule.check(context):
            if not _suppressed(finding.span.path, finding.span.line, rule, linked, suppressions):
                found.append(
                    Diagnostic(rule.code, severity, finding.message, finding.span, finding.help)
                )
    report.diagnostics = sorted(found, key=_order)
    return report


def _suppressed(
    path: str, line: int, rule: LintRule, linked: Linked, cache: dict[str, Suppressions]
) -> bool:
    if path not in cache:
        source = linked.sources.get(path)
        cache[path] = scan(source) if source is not None else Suppressions({})
    return cache[path].silences(line, rule.code, rule.name)


def _order(d: Diagnostic) -> tuple[str, int, int, str]:
    if d.span is None:
        return ("", 0, 0, d.code)
    return (d.span.path, d.span.line, d.span.column, d.code)
