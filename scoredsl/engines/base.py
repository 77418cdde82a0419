"""What an engine is: it scores a ScoreJob (a ruleset, input files, as_of, an output) and
reports what it read, scored and rejected, with the same messages and exit codes everywhere.

Engines share the Python reader's validation (scoredsl.io.readers): its diagnostic codes,
wording, rejects file and counters, so `--engine` changes speed, never behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

from ..diagnostics import SourceMap, render_all_text
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from ..io.readers import LeadReader
from ..ruleset import Ruleset
from .tally import Tally, rule_lines, tier_line

OutputFormat = Literal["table", "jsonl", "csv", "parquet"]


@dataclass(frozen=True)
class ScoreJob:
    """Everything `scoredsl score` was asked to do, independent of the engine."""

    ruleset: Ruleset
    leads: Path
    events: Path | None
    as_of: datetime
    format: OutputFormat
    output: Path | None  # None: stdout
    skip_invalid: bool = False
    rejects: Path | None = None
    quiet: bool = False
    progress: bool | None = None  # None: a progress bar only on a terminal
    columns: ColumnMap = DEFAULT_COLUMNS  # --id-column and the events column options
    stats: bool = False  # --stats: count the leads each rule fires for
    tally: Tally = field(default_factory=Tally)  # filled in as records are written

    def reader(self) -> LeadReader:
        """A LeadReader over the job's files: validation, counters and rejects in one place."""
        return LeadReader(
            self.leads,
            self.events,
            skip_invalid=self.skip_invalid,
            rejects_path=self.rejects,
            columns=self.columns,
        )


class EngineUnavailable(Exception):
    """The chosen engine cannot run here (a missing optional extra, no Java...)."""

    def __init__(self, message: str, help: str) -> None:
        super().__init__(message)
        self.help = help


class EngineFailure(EngineUnavailable):
    """The engine started but could not finish (e.g. Spark rejected the query): exit 4."""


class Engine(Protocol):
    """Scores a job, writes its records and returns the reader that holds the counts."""

    name: str

    def run(self, job: ScoreJob) -> LeadReader: ...


def summary_lines(
    reader: LeadReader, rejects: Path | None, quiet: bool, job: ScoreJob | None = None
) -> list[str]:
    """The end-of-run report: skipped records (when no rejects file), the count line, the
    tier distribution and (--stats) the leads each rule fired for."""
    lines: list[str] = []
    if rejects is None:  # no rejects file: say what was skipped, so nothing is lost silently
        for skipped in reader.rejects:
            shown = render_all_text([skipped.diagnostic], SourceMap([skipped.source]))
            lines.append(shown.replace("error[", "skipped[", 1))
    if quiet:
        return lines
    scored = reader.read - reader.rejected
    noun = "lead" if reader.read == 1 else "leads"
    line = f"read {reader.read} {noun}: {scored} scored, {reader.rejected} rejected"
    if reader.rejected and rejects is not None:
        line += f" (see {rejects})"
    lines.append(line)
    if job is not None:
        tiers = tier_line(job.tally, [tier.name for tier in job.ruleset.compiled.tiers])
        lines += [tiers] if tiers else []
        if job.stats:
            labels = [rule.label for rule in job.ruleset.compiled.rules]
            lines += rule_lines(job.tally, labels, scored)
    return lines
