"""`scoredsl card`: options -> ruleset (+ rule matrix and outcomes) -> Card -> one format.

Exit codes are the CLI's (scoredsl/cli.py): 1 the ruleset has errors, 2 bad usage (an option
that needs --leads, both --outcome and --outcomes, an unwritable -o), 3 bad lead or
outcome data.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..analysis.command import engine_name, guard_output, horizon_of, stops_on_bad_data
from ..cli_options import (
    AnalysisEngine,
    AnalysisEngineOpt,
    AsOfOpt,
    EventsOpt,
    HorizonOpt,
    OutcomeOpt,
    OutcomesOpt,
    ProgressOpt,
    ReportOutputOpt,
    RulesArg,
    with_columns,
)
from ..cli_support import (
    EXIT_USAGE,
    colour,
    console,
    err,
    instant,
    load_ruleset,
    report,
    require_paths,
    usage,
    write,
)
from ..diagnostics import DiagnosticError
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from . import build, render
from .model import Card

if TYPE_CHECKING:
    from ..engines.base import ScoreJob


class CardFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"


LeadsOpt = Annotated[
    Path | None,
    typer.Option(
        "--leads",
        metavar="FILE",
        help="Also show how often each criterion fires on these leads (JSON Lines, CSV, "
        "Parquet); with --outcome or --outcomes, how those leads converted.",
    ),
]


@with_columns
def card(
    rules: RulesArg,
    format: Annotated[
        CardFormat, typer.Option("--format", help="text, markdown, html, csv or json.")
    ] = CardFormat.text,
    output: ReportOutputOpt = None,
    leads: LeadsOpt = None,
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    outcome: OutcomeOpt = None,
    outcomes_file: OutcomesOpt = None,
    horizon: HorizonOpt = "90d",
    engine: AnalysisEngineOpt = AnalysisEngine.auto,
    columns: ColumnMap = DEFAULT_COLUMNS,
    progress: ProgressOpt = None,
) -> None:
    """The ruleset as the lead scoring card sales and marketing agree on: every criterion
    and its points in plain words, by dimension, with reachable ranges and tier thresholds.
    With --leads, how often each criterion fires (and, with outcomes, converts)."""
    _check_options(leads, events, as_of, outcome, outcomes_file)
    if format is CardFormat.html:
        from ..analysis import report_html

        try:
            report_html.require()  # before the work, not after it
        except DiagnosticError as exc:
            raise report(exc, EXIT_USAGE) from None
    require_paths([rules, leads, events, outcomes_file])
    ruleset = load_ruleset(rules)
    guard_output(output, [*ruleset.program.sources.paths(), leads, events, outcomes_file])
    seen = None
    if leads is not None:
        from ..engines.base import ScoreJob

        job = ScoreJob(
            ruleset, leads, events, instant(as_of), "jsonl", None,
            progress=progress, columns=columns,
        )  # fmt: skip
        seen = _seen(job, engine, outcome, outcomes_file, horizon, as_of is not None)
    found = build.card(ruleset, seen)
    write(_rendered(found, format, color=output is None and colour(console())), output)


def _rendered(found: Card, format: CardFormat, color: bool) -> str:
    if format is CardFormat.html:
        from . import html

        return html.render(found)
    return render.render(found, format.value, color=color)


def _check_options(
    leads: Path | None,
    events: Path | None,
    as_of: str | None,
    outcome: str | None,
    outcomes_file: Path | None,
) -> None:
    if leads is None:
        needing = {"--events": events, "--outcome": outcome, "--outcomes": outcomes_file}
        for option, value in needing.items():
            if value is not None:
                raise usage(
                    f"{option} needs --leads", f"add --leads FILE: the leads to count {option} on"
                )
    if outcome is not None and outcomes_file is not None:
        from ..analysis import outcomes

        raise usage(
            "give the outcomes once: --outcome COLUMN or --outcomes FILE, not both",
            "--outcome converted reads a lead column; --outcomes won.csv a file",
            outcomes.OUTCOME_USAGE,
        )


def _seen(
    job: ScoreJob,
    engine: AnalysisEngine,
    outcome: str | None,
    outcomes_file: Path | None,
    horizon: str,
    as_of_given: bool,
) -> build.Seen:
    """Score the leads once into the rule matrix and join their outcomes, if given."""
    from ..analysis import outcomes
    from ..analysis.matrix import build as build_matrix

    window = horizon_of(horizon)
    chosen = engine_name(engine, job)
    with stops_on_bad_data():
        matrix = build_matrix(job, chosen, err, (outcome,) if outcome else ())
        found = None
        if outcome is not None:
            found = outcomes.from_column(matrix, outcome, job)
        elif outcomes_file is not None:
            found = outcomes.from_file(matrix, outcomes_file, job.as_of, window, as_of_given)
    data = str(job.leads) + (f" + {job.events}" if job.events else "")
    return build.Seen(matrix, found, data, job.as_of.isoformat().replace("+00:00", "Z"))
