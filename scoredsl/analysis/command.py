"""`scoredsl backtest` and `scoredsl fit`: options -> (matrix, outcomes) -> report or ruleset.

Exit codes are every command's (scoredsl/cli_support.py): 1 the ruleset has errors, 2 bad
usage (also a missing scikit-learn, or an --outcome column no lead has), 3 bad lead or
outcome data. numpy, the engines and the analysis stages are imported when a command runs,
so registering these commands costs `scoredsl check` nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..cli_options import (
    AnalysisEngine,
    AnalysisEngineOpt,
    AsOfOpt,
    EventsOpt,
    HorizonOpt,
    LeadsFileOpt,
    OutcomeOpt,
    OutcomesOpt,
    ProgressOpt,
    ReportOutputOpt,
    RulesArg,
    with_columns,
)
from ..cli_support import (
    EXIT_DATA,
    EXIT_USAGE,
    Stop,
    check_output,
    colour,
    console,
    engine_stop,
    err,
    instant,
    load_ruleset,
    refuse_overwrite,
    report,
    require_paths,
    write,
)
from ..cli_support import usage as cli_usage
from ..diagnostics import DiagnosticError
from ..extras import MissingExtra, require
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from ..timeutil import duration_micros

if TYPE_CHECKING:
    from ..engines.base import ScoreJob
    from ..ruleset import Ruleset
    from . import outcomes
    from .backtest import Labels
    from .matrix import EngineName, RuleMatrix
    from .results import BacktestReport

BAD_OPTION = "SD631"
MAX_ATTRIBUTES = 60  # lead columns scanned for leakage


class BacktestFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class FitFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def usage(message: str, help: str, code: str = BAD_OPTION) -> Stop:
    return cli_usage(message, help, code)


@dataclass(frozen=True)
class Inputs:
    """What both commands read: the ruleset, the job, the matrix and the outcomes."""

    ruleset: Ruleset
    job: ScoreJob
    matrix: RuleMatrix
    outcomes: outcomes.Outcomes
    attributes: tuple[str, ...]  # lead columns read for the leakage scan
    labels: Labels
    engine: EngineName  # the engine the matrix was built on


@dataclass(frozen=True)
class Request:
    rules: Path
    leads: Path
    events: Path | None
    outcome: str | None
    outcomes_file: Path | None
    as_of: str | None
    horizon: str
    engine: AnalysisEngine
    columns: ColumnMap
    progress: bool | None
    scan_attributes: bool = True
    extra_columns: tuple[str, ...] = ()  # more raw lead columns (fit's --time-column)
    output: Path | None = None  # -o: checked before the work, never one of the inputs


def _guard_output(request: Request, ruleset: Ruleset) -> None:
    """Exit 2 before any scoring when -o names an input (SD605) or cannot be written (SD606)."""
    if request.output is None:
        return
    inputs = [*ruleset.program.sources.paths(), request.leads, request.events]
    guard_output(request.output, [*inputs, request.outcomes_file])


def guard_output(output: Path | None, inputs: list[str | Path | None]) -> None:
    """Exit 2 before any scoring when -o names an input (SD605) or cannot be written (SD606)."""
    if output is None:
        return
    refuse_overwrite({"--output": output}, inputs)
    check_output(output)


def read_inputs(request: Request) -> Inputs:
    """Load, score and join; every failure is a Diagnostic and a stable exit code."""
    try:
        require("analysis", "backtest and fit")
    except MissingExtra as exc:
        raise report(exc, EXIT_USAGE) from None
    from ..engines.base import ScoreJob
    from . import learn, outcomes
    from .backtest import Labels
    from .matrix import build

    if (request.outcome is None) == (request.outcomes_file is None):
        raise usage(
            "give the outcomes: --outcome COLUMN or --outcomes FILE (one of them)",
            "--outcome converted reads a lead column; --outcomes won.csv a file",
            outcomes.OUTCOME_USAGE,
        )
    try:
        learn.require()
    except learn.MissingExtra as exc:
        raise usage(str(exc), exc.help) from None
    require_paths([request.rules, request.leads, request.events, request.outcomes_file])
    ruleset = load_ruleset(request.rules)
    _guard_output(request, ruleset)
    moment = instant(request.as_of)
    horizon = horizon_of(request.horizon)
    job = ScoreJob(
        ruleset, request.leads, request.events, moment, "jsonl", None,
        progress=request.progress, columns=request.columns,
    )  # fmt: skip
    with stops_on_bad_data():
        attributes = _attributes(job, request) if request.scan_attributes else ()
        wanted = [*([request.outcome] if request.outcome else []), *request.extra_columns]
        raw = tuple(dict.fromkeys([*wanted, *attributes]))
        engine = engine_name(request.engine, job)
        matrix = build(job, engine, err, raw)
        if request.outcome is not None:
            found = outcomes.from_column(matrix, request.outcome, job)
        else:
            assert request.outcomes_file is not None
            found = outcomes.from_file(
                matrix, request.outcomes_file, moment, horizon, request.as_of is not None
            )
        outcomes.require_both_classes(found)
    data = str(request.leads) + (f" + {request.events}" if request.events else "")
    label = ruleset.name or request.rules.name
    labels = Labels(ruleset=label, data=data, as_of=moment.isoformat().replace("+00:00", "Z"))
    return Inputs(ruleset, job, matrix, found, attributes, labels, engine)


@contextmanager
def stops_on_bad_data() -> Iterator[None]:
    """What scoring leads and joining outcomes can fail on, as the stable exit codes: a bad
    --outcome (2), unreadable or invalid data (3), an engine that cannot run (2, or 4)."""
    from .. import engines
    from . import outcomes

    try:
        yield
    except outcomes.UsageError as exc:
        raise report(exc, EXIT_USAGE) from None
    except DiagnosticError as exc:
        raise report(exc, EXIT_DATA) from None
    except engines.EngineUnavailable as exc:
        raise engine_stop(exc) from None


def _attributes(job: ScoreJob, request: Request) -> tuple[str, ...]:
    from . import outcomes

    names = [n for n in outcomes.lead_columns(job) if n != request.outcome]
    return tuple(names[:MAX_ATTRIBUTES])


def engine_name(choice: AnalysisEngine, job: ScoreJob) -> EngineName:
    """The engine the rule matrix is built on: DuckDB or Python."""
    from .. import engines

    chosen = engines.choose(choice.value, job)
    return "duckdb" if chosen == "duckdb" else "python"


def horizon_of(text: str) -> timedelta:
    """--horizon as a timedelta, or a usage error (exit 2)."""
    try:
        return timedelta(microseconds=duration_micros(text.strip()))
    except ValueError:
        raise usage(f"--horizon {text} is not a duration", "write e.g. 90d, 12w or 6h") from None


def share(text: str, option: str) -> float:
    """`30%` or `0.3` as a share in (0, 1]."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise usage(f"{option} {text} is not a share of the leads", "write e.g. 30% or 0.3")
    return value


# ---------------------------------------------------------------- backtest


@with_columns
def backtest(
    rules: RulesArg,
    leads: LeadsFileOpt,
    events: EventsOpt = None,
    outcome: OutcomeOpt = None,
    outcomes_file: OutcomesOpt = None,
    as_of: AsOfOpt = None,
    horizon: HorizonOpt = "90d",
    top: Annotated[
        str, typer.Option("--top", help="Also report the score cut that flags this share.")
    ] = "30%",
    format: Annotated[
        BacktestFormat, typer.Option("--format", help="text, json, markdown or html.")
    ] = BacktestFormat.text,
    output: ReportOutputOpt = None,
    engine: AnalysisEngineOpt = AnalysisEngine.auto,
    columns: ColumnMap = DEFAULT_COLUMNS,
    progress: ProgressOpt = None,
) -> None:
    """Score leads whose outcome is known and show how well the ruleset ranks them:
    tiers, AUC, gains, deciles, per-rule lift, thresholds and leakage warnings."""
    cut = share(top, "--top")
    if format is BacktestFormat.html:
        from . import report_html

        try:
            report_html.require()  # before the work, not after it
        except DiagnosticError as exc:
            raise report(exc, EXIT_USAGE) from None
    request = Request(
        rules, leads, events, outcome, outcomes_file, as_of, horizon, engine, columns, progress,
        output=output,
    )  # fmt: skip
    inputs = read_inputs(request)
    from .backtest import backtest as run_backtest

    result = run_backtest(inputs.matrix, inputs.outcomes, inputs.labels, cut, inputs.attributes)
    write(render_backtest(result, format, color=output is None and colour(console())), output)


def render_backtest(report: BacktestReport, format: BacktestFormat, color: bool) -> str:
    if format is BacktestFormat.json:
        return json.dumps(report.model_dump(mode="json"), indent=2) + "\n"
    if format is BacktestFormat.markdown:
        from . import report_markdown

        return report_markdown.render(report)
    if format is BacktestFormat.html:
        from . import report_html

        return report_html.render(report)
    from . import report_text

    return report_text.render(report, color=color)


# ---------------------------------------------------------------- fit


@with_columns
def fit(
    rules: RulesArg,
    leads: LeadsFileOpt,
    events: EventsOpt = None,
    outcome: OutcomeOpt = None,
    outcomes_file: OutcomesOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the fitted ruleset here (default: stdout)."),
    ] = None,
    holdout: Annotated[
        str, typer.Option("--holdout", help="Share of leads held out at random (0 = none).")
    ] = "30%",
    holdout_after: Annotated[
        str | None,
        typer.Option("--holdout-after", help="Time split: hold out leads created after this."),
    ] = None,
    time_column: Annotated[
        str, typer.Option("--time-column", help="With --holdout-after: the lead's time column.")
    ] = "created_at",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random split.")] = 0,
    as_of: AsOfOpt = None,
    horizon: HorizonOpt = "90d",
    format: Annotated[
        FitFormat, typer.Option("--format", help="The report: text, json or markdown.")
    ] = FitFormat.text,
    engine: AnalysisEngineOpt = AnalysisEngine.auto,
    columns: ColumnMap = DEFAULT_COLUMNS,
    progress: ProgressOpt = None,
) -> None:
    """Learn the points of your rules from outcomes (logistic regression) and write the same
    ruleset with new points and tier cuts; report old vs new on held-out leads."""
    import numpy as np

    from . import fit as fitting
    from .matrix import build

    held = 0.0 if holdout.strip() in ("0", "0%") else share(holdout, "--holdout")
    if held >= 1:
        raise usage("--holdout must leave leads to train on", "write e.g. 30% or 0.3")
    after = None if holdout_after is None else instant(holdout_after)
    request = Request(
        rules, leads, events, outcome, outcomes_file, as_of, horizon, engine, columns,
        progress, scan_attributes=False,
        extra_columns=(time_column,) if after is not None else (), output=output,
    )  # fmt: skip
    inputs = read_inputs(request)
    rows = np.flatnonzero(inputs.outcomes.keep)
    matrix = inputs.matrix.subset(rows)

    def rescore(ruleset: Ruleset) -> RuleMatrix:
        job = replace(inputs.job, ruleset=ruleset, progress=False)
        return build(job, inputs.engine, err).subset(rows)

    options = fitting.FitOptions(
        holdout=held, holdout_after=after, time_column=time_column, seed=seed
    )
    labels = (inputs.labels.data, inputs.labels.as_of)
    y = inputs.outcomes.converted[rows]
    try:
        result = fitting.run(rules, inputs.ruleset, matrix, y, labels, options, rescore)
    except DiagnosticError as exc:
        raise report(exc, EXIT_DATA) from None
    fitted = result.report
    if output is not None:
        fitted.output = str(output)
        write(result.text, output)
    _show_fit(fitted, result.text if output is None else None, format)


def _show_fit(report: Any, text: str | None, format: FitFormat) -> None:
    from .report_fit import render_markdown, render_text

    if format is FitFormat.json:
        data = report.model_dump(mode="json")
        if text is not None:
            data["fitted_ruleset"] = text
        write(json.dumps(data, indent=2) + "\n", None)
    elif format is FitFormat.markdown:
        shown = render_markdown(report)
        if text is not None:
            shown += "\n```scoredsl\n" + text + "```\n"
        write(shown, None)
    else:
        write(render_text(report) + ("" if text is None else "\n" + text), None)
