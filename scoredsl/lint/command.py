"""The `scoredsl lint` command: expand paths, lint each file, render one report, and pick
the exit code (0 clean; 1 errors; 2 warnings with `--fail-on warning`). With `--leads`
(and `--events`), the data rules (SL4xx) read the data too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

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
from ..io.columns import ColumnMap
from ..ruleset import as_instant
from .config import ConfigCache, Selection
from .data import DataSource
from .registry import LintRule
from .rules import all_rules
from .runner import FileReport, lint_path

EXIT_CLEAN, EXIT_ERRORS, EXIT_WARNINGS = 0, 1, 2


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


class DataError(DiagnosticError):
    """The data given with --leads/--events cannot be read (a bad file or record)."""


@dataclass(frozen=True)
class Outcome:
    output: str
    code: int
    inputs: tuple[str, ...] = ()  # every file read: the rulesets and what they include


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders become the `.score` files under them, sorted."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.score")) if path.is_dir() else [path])
    return files


# `lint --leads`; `--events`, `--as-of` and the column options are those of `score`.
LeadsOpt = Annotated[
    Path | None,
    typer.Option(
        "--leads",
        metavar="FILE",
        help="Also lint against this data (JSON Lines, CSV or Parquet): the rules SL4xx.",
    ),
]


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
    paths: Sequence[Path],
    fmt: LintFormat,
    fail_on: FailOn,
    selection: Selection,
    config: Path | None,
    data: DataSource | None = None,
) -> Outcome:
    """Lint every file; raises DiagnosticError for bad configuration (a usage error).

    Data that cannot be read raises DataError (exit 3, as `score`)."""
    configs = ConfigCache(config)
    files = expand(paths)
    jobs = [(f, configs.for_file(f)) for f in files]
    try:
        reports = [lint_path(f, cfg, selection, data) for f, cfg in jobs]
    except DiagnosticError as exc:
        raise DataError(exc.diagnostics, exc.sources) from None
    diagnostics = [d for r in reports for d in r.diagnostics]
    inputs = tuple(path for r in reports for path in r.sources.paths())
    return Outcome(render(reports, fmt), exit_code(diagnostics, fail_on), inputs)


def exit_code(diagnostics: Sequence[Diagnostic], fail_on: FailOn) -> int:
    if any(d.is_error for d in diagnostics):
        return EXIT_ERRORS
    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    return EXIT_WARNINGS if warned and fail_on is FailOn.warning else EXIT_CLEAN


def render(reports: Sequence[FileReport], fmt: LintFormat) -> str:
    diagnostics = [d for r in reports for d in r.diagnostics]
    if fmt is LintFormat.json:
        return render_json(diagnostics) + "\n"
    if fmt is LintFormat.sarif:
        return render_sarif(diagnostics, rule_infos(), "scoredsl", __version__, Path.cwd()) + "\n"
    if fmt is LintFormat.github:
        return render_github(diagnostics)
    if fmt is LintFormat.junit:
        return render_junit([_junit_suite(r) for r in reports], "scoredsl lint")
    return _text(reports, diagnostics)


def _text(reports: Sequence[FileReport], diagnostics: list[Diagnostic]) -> str:
    count = f"{len(reports)} file(s)"
    if not diagnostics:
        return f"{count} linted: no problems\n"
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
