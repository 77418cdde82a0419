"""The `scoredsl test` command: run, render in the chosen format, decide the exit code.

Exit codes: 0 every case passed (and coverage >= --min-coverage); 1 a case failed, a test
or rules file has errors, or coverage is below the minimum; 2 usage (no such path, no
test files).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..cli_support import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, colour, console
from ..engines.output import destination
from ..highlight import highlight_frames
from .output import coverage_line, render_json_report, render_junit_report, render_text_report
from .output import summary as summary_text
from .runner import UsageError, run

Format = Literal["text", "json", "junit"]
EXIT_FAILED = EXIT_FINDINGS
_RENDER = {"text": render_text_report, "json": render_json_report, "junit": render_junit_report}


def run_command(
    paths: Sequence[Path],
    *,
    coverage: bool = False,
    min_coverage: float | None = None,
    format: Format = "text",
    output: Path | None = None,
    select: str | None = None,
) -> int:
    """Run the tests under `paths`, write the report, and return the exit code."""
    try:
        result = run(paths, select)
    except UsageError as exc:
        hint = f"\n  = help: {exc.help}" if exc.help else ""
        print(f"error: {exc}{hint}", file=sys.stderr)
        return EXIT_USAGE
    coverage = coverage or min_coverage is not None
    report = _RENDER[format](result, coverage, min_coverage)
    if output is None:
        _write(report, format)
    else:
        with destination(output) as stream:
            stream.write(report)
        ending = [coverage_line(result, min_coverage)] if coverage else []
        print(
            "\n".join([*ending, summary_text(result), f"report written to {output}"]),
            file=sys.stderr,
        )
    below = min_coverage is not None and result.coverage_percent < min_coverage
    return EXIT_OK if result.ok and not below else EXIT_FAILED


def _write(report: str, format: Format) -> None:
    """The report on stdout; in colour (a terminal or FORCE_COLOR, never NO_COLOR), the
    quoted rule and test lines are highlighted."""
    out = console()
    if format == "text" and colour(out):
        out.print(highlight_frames(report))
    else:
        sys.stdout.write(report)
