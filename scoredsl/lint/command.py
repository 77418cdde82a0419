"""The `scoredsl lint` command: lint each file, render one report, and pick the exit code
(0 clean; 1 errors, or warnings with `--fail-on warning`). With `--leads` (and `--events`),
the data rules (SL4xx) read the data too. `render` is the one writer of each report format
(text, JSON, SARIF, GitHub annotations, JUnit), which `scoredsl check` uses too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..ci_formats import (
    JUnitCase,
    JUnitFailure,
    JUnitSuite,
    RuleInfo,
    render_github,
    render_junit,
    render_sarif,
)
from ..cli_support import EXIT_FINDINGS, EXIT_OK, STDIN, FailOn, ReportFormat
from ..diagnostics import (
    Diagnostic,
    DiagnosticError,
    Severity,
    SourceMap,
    error,
    render_all_text,
    render_json,
    render_text,
    summary_line,
)
from ..extras import MissingExtra
from ..io.columns import ColumnMap
from ..io.project import walk
from ..ruleset import as_instant
from .config import ConfigCache, Selection
from .data import DataSource
from .registry import LintRule
from .rules import all_rules
from .runner import FileReport, lint_path

LintFormat = ReportFormat  # the formats every report of findings comes in


class DataError(DiagnosticError):
    """The data given with --leads/--events cannot be read (a bad file or record)."""


@dataclass(frozen=True)
class Outcome:
    output: str
    code: int
    inputs: tuple[str, ...] = ()  # every file read: the rulesets and what they include


def data_source(
    leads: Path | None,
    events: Path | None = None,
    as_of: str | None = None,
    columns: ColumnMap | None = None,
) -> DataSource | None:
    """The data of `lint --leads`, or None; raises DiagnosticError on bad usage."""
    if leads is None:
        if events is not None or as_of is not None:
            option = "--events" if events is not None else "--as-of"
            raise DiagnosticError(
                [error("SD603", f"{option} needs --leads", None, "add --leads FILE")]
            )
        return None
    moment = None if as_of is None else as_instant(as_of)
    return DataSource(leads, events, columns or ColumnMap(), moment)


def run(
    paths: Sequence[str | Path],
    fmt: LintFormat,
    fail_on: FailOn,
    selection: Selection,
    config: Path | None,
    data: DataSource | None = None,
    stdin: tuple[str, str] | None = None,
) -> Outcome:
    """Lint every file (folders walked as every command walks them; `-` is `stdin`, a
    (name, text) pair); raises DiagnosticError for bad configuration (a usage error).

    Data that cannot be read raises DataError (exit 3, as `score`)."""
    configs = ConfigCache(config)
    files = [
        Path(stdin[0]) if stdin and str(f) == STDIN else Path(f) for f in walk(paths, (".score",))
    ]
    text = {Path(stdin[0]): stdin[1]} if stdin else {}
    jobs = [(f, configs.for_file(f)) for f in files]
    try:
        reports = [lint_path(f, cfg, selection, data, text.get(f)) for f, cfg in jobs]
    except MissingExtra:
        raise  # a usage error, not bad data
    except DiagnosticError as exc:
        raise DataError(exc.diagnostics, exc.sources) from None
    diagnostics = [d for r in reports for d in r.diagnostics]
    inputs = tuple(path for r in reports for path in r.sources.paths())
    return Outcome(render(reports, fmt), exit_code(diagnostics, fail_on), inputs)


def exit_code(diagnostics: Sequence[Diagnostic], fail_on: FailOn) -> int:
    if any(d.is_error for d in diagnostics):
        return EXIT_FINDINGS
    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    return EXIT_FINDINGS if warned and fail_on is FailOn.warning else EXIT_OK


def render(
    reports: Sequence[FileReport],
    fmt: LintFormat,
    verb: str = "linted",
    tool: str = "scoredsl lint",
) -> str:
    """The report of `reports` in `fmt`; `verb` and `tool` name the command in it."""
    diagnostics = [d for r in reports for d in r.diagnostics]
    if fmt is LintFormat.json:
        return render_json(diagnostics) + "\n"
    if fmt is LintFormat.sarif:
        return render_sarif(diagnostics, rule_infos(), "scoredsl", __version__, Path.cwd()) + "\n"
    if fmt is LintFormat.github:
        return render_github(diagnostics)
    if fmt is LintFormat.junit:
        return render_junit([_junit_suite(r) for r in reports], tool)
    return _text(reports, diagnostics, verb)


def _text(reports: Sequence[FileReport], diagnostics: list[Diagnostic], verb: str) -> str:
    count = f"{len(reports)} file(s)"
    if not diagnostics:
        return f"{count} {verb}: no problems\n"
    sources = SourceMap()
    for report in reports:
        sources.merge(report.sources)
    summary = summary_line(diagnostics)
    notes = sum(1 for d in diagnostics if d.severity is Severity.NOTE)
    if notes:  # the shared summary counts errors and warnings only
        noted = f"{notes} note{'s' if notes != 1 else ''}"
        summary = noted if summary == "no problems" else f"{summary}, {noted}"
    return f"{render_all_text(diagnostics, sources)}\n\n{summary} in {count}\n"


def rule_infos() -> list[RuleInfo]:
    """SARIF metadata for every lint rule, from its docstring."""
    return [_info(rule) for rule in all_rules()]


def _info(rule: LintRule) -> RuleInfo:
    level = {"error": "error", "warning": "warning", "note": "note"}[rule.severity.value]
    return RuleInfo(
        id=rule.code,
        name=rule.name,
        short=rule.summary,
        full=" ".join(rule.section("What it does").split()),
        help_markdown=rule.doc,
        level=level,
        tags=(rule.category,),
    )


def _junit_suite(report: FileReport) -> JUnitSuite:
    cases = tuple(
        JUnitCase(
            name=f"{d.code} {d.span.line}:{d.span.column}" if d.span else d.code,
            classname=report.path,
            failures=(
                JUnitFailure(
                    d.message, f"{d.severity.value}[{d.code}]", render_text(d, report.sources)
                ),
            ),
        )
        for d in report.diagnostics
    )
    return JUnitSuite(report.path, cases or (JUnitCase("lint", report.path),))


def list_rules() -> str:
    """The catalogue as a table: code, name, category, default severity, summary."""
    rows = [(r.code, r.name, r.category, r.severity.value, r.summary) for r in all_rules()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    ]
    return "\n".join(lines) + "\n"
