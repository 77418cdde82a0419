"""Run the lint rules over one ruleset: link and check it as `scoredsl check` does (its
errors stop linting that file), then apply each enabled rule, the configured levels and
the inline suppressions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check import check
from ..diagnostics import Diagnostic, DiagnosticError, SourceMap
from ..link import Linked, link_file, link_text
from ..program import Program
from ..timeutil import now_utc
from .config import LintConfig, Selection
from .context import Context
from .data import DataSource, profile_for
from .profile import Profile
from .registry import LintRule
from .rules import all_rules
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


def lint_path(
    path: Path,
    config: LintConfig,
    selection: Selection | None = None,
    data: DataSource | None = None,
    text: str | None = None,
) -> FileReport:
    """Lint the file at `path`, or `text` under that name (stdin: `lint - --stdin-filename`)."""
    try:
        linked = link_file(path) if text is None else link_text(text, str(path))
    except DiagnosticError as exc:
        return FileReport(str(path), exc.diagnostics, exc.sources, check_failed=True)
    return lint_linked(linked, config, selection or Selection(), data)


def lint_source(
    text: str,
    path: str = "<string>",
    config: LintConfig | None = None,
    selection: Selection | None = None,
    data: DataSource | None = None,
) -> FileReport:
    """Lint text (includes resolve against the cwd); the Python API and tests use it.

    With `data`, the data rules (SL4xx) run too; a file that cannot be read raises
    DiagnosticError (SD5xx), as `score` reports it.
    """
    linked = link_text(text, path)
    return lint_linked(linked, config or LintConfig(), selection or Selection(), data)


def lint_linked(
    linked: Linked, config: LintConfig, selection: Selection, data: DataSource | None = None
) -> FileReport:
    report = FileReport(linked.root, sources=linked.sources)
    try:
        program = check(linked)
    except DiagnosticError as exc:
        report.diagnostics = exc.diagnostics
        report.sources.merge(exc.sources)
        report.check_failed = True
        return report
    enabled = [r for r in all_rules() if config.severity(r) is not None and selection.allows(r)]
    context = Context(program, linked, _profile(program, data, enabled))
    found = [w for w in program.warnings if w.code not in ADOPTED_CHECK_CODES]
    suppressions: dict[str, Suppressions] = {}
    for rule in enabled:
        severity = config.severity(rule)
        assert severity is not None
        for finding in rule.check(context):
            if not _suppressed(finding.span.path, finding.span.line, rule, linked, suppressions):
                found.append(
                    Diagnostic(rule.code, severity, finding.message, finding.span, finding.help)
                )
    report.diagnostics = sorted(found, key=_order)
    return report


def _profile(program: Program, data: DataSource | None, rules: list[LintRule]) -> Profile | None:
    """The data's profile, read only when a data rule is on."""
    if data is None or not any(r.category == "data" for r in rules):
        return None
    return profile_for(program, data, data.as_of or now_utc())


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
