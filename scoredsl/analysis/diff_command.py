"""`scoredsl diff OLD NEW`: what changed in the rules, what it does to leads, and whether it
is better. OLD and NEW are ruleset files or `REV:PATH` (read with git, includes too).

Exit codes are the CLI's: 0 done; 1 a ruleset has errors, or `--fail-on-moved PCT` and more
than PCT% of the leads changed tier; 2 bad usage (an unknown revision or lead id too);
3 bad lead or outcome data.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import revision
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
    with_columns,
)
from ..cli_support import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    Stop,
    colour,
    console,
    err,
    instant,
    report,
    require_paths,
    usage,
    write,
)
from ..diagnostics import DiagnosticError, did_you_mean, error
from ..extras import MissingExtra, require
from ..io.columns import DEFAULT_COLUMNS, ColumnMap
from .command import engine_name, guard_output, horizon_of, stops_on_bad_data

if TYPE_CHECKING:  # numpy and the engines: imported when a diff runs, not to register it
    from ..engines.base import ScoreJob
    from ..ruleset import Ruleset
    from . import outcomes as outcome_reading
    from .diff import Versions
    from .diff_results import DiffReport

NO_SUCH_LEAD = "SD602"  # as explain says it
EXIT_MOVED = 1  # --fail-on-moved: more leads changed tier than allowed


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


_VERSION_HELP = "a .score file, or REV:PATH read with git (main:rules.score, HEAD~1:rules.score)."
OldArg = Annotated[str, typer.Argument(metavar="OLD", help=f"The ruleset before: {_VERSION_HELP}")]
NewArg = Annotated[str, typer.Argument(metavar="NEW", help=f"The ruleset after: {_VERSION_HELP}")]


@with_columns
def diff(
    old: OldArg,
    new: NewArg,
    leads: Annotated[
        Path | None,
        typer.Option(
            "--leads",
            metavar="FILE",
            help="Score these leads with both versions (JSON Lines, CSV or Parquet).",
        ),
    ] = None,
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    outcome: OutcomeOpt = None,
    outcomes_file: OutcomesOpt = None,
    horizon: HorizonOpt = "90d",
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead", metavar="ID", help="With --leads: one lead's contributions, rule by rule."
        ),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", help="text, json, markdown or html.")
    ] = DiffFormat.text,
    output: ReportOutputOpt = None,
    engine: AnalysisEngineOpt = AnalysisEngine.auto,
    fail_on_moved: Annotated[
        float | None,
        typer.Option(
            "--fail-on-moved",
            metavar="PCT",
            min=0,
            max=100,
            help="Exit 1 when more than PCT% of the leads change tier (a CI gate).",
        ),
    ] = None,
    columns: ColumnMap = DEFAULT_COLUMNS,
    progress: ProgressOpt = None,
    cards: Annotated[
        bool,
        typer.Option(
            "--card",
            help="Also print both versions' score cards side by side (text and markdown).",
        ),
    ] = False,
) -> None:
    """What changes if you merge this: the rule changes in meaning, and with --leads the
    tier migration, the biggest movers and the score distributions; with outcomes both
    backtests side by side and how the leads entering and leaving each tier converted."""
    _check_usage(leads, events, outcome, outcomes_file, lead, fail_on_moved)
    if cards and format not in (DiffFormat.text, DiffFormat.markdown):
        raise usage(
            f"--card works with --format text or markdown, not {format.value}",
            "drop --card, or use `scoredsl card RULES --format " + format.value + "` per version",
        )
    if format is DiffFormat.html:
        from . import report_diff_html

        try:
            report_diff_html.require()  # before the work, not after it
        except DiagnosticError as exc:
            raise report(exc, EXIT_USAGE) from None
    from .diff_results import DiffReport
    from .rule_changes import compare

    before, after = _load(old), _load(new)
    comparison = compare(before.compiled, after.compiled, _same_text(before, after))
    found_report = DiffReport(
        old=revision.parse(old).shown, new=revision.parse(new).shown, rules=comparison.diff
    )
    if leads is not None:
        try:
            require("analysis", "diff --leads")
        except MissingExtra as exc:
            raise report(exc, EXIT_USAGE) from None
        from ..engines.base import ScoreJob
        from .backtest import Labels
        from .diff import Versions, apply_leads, apply_outcomes, explain_lead
        from .matrix import build_pair

        require_paths([leads, events, outcomes_file])
        inputs = [leads, events, outcomes_file]
        guard_output(output, [*_files(before), *_files(after), *inputs])
        moment = instant(as_of)
        job = ScoreJob(
            before, leads, events, moment, "jsonl", None, progress=progress, columns=columns
        )
        raw = (outcome,) if outcome else ()
        with stops_on_bad_data():
            pair = build_pair(job, after, engine_name(engine, job), err, raw)
        versions = Versions(*pair, comparison)
        data = str(leads) + (f" + {events}" if events else "")
        stamp = moment.isoformat().replace("+00:00", "Z")
        apply_leads(found_report, versions, data, stamp)
        if outcome is not None or outcomes_file is not None:
            found = _outcomes(versions, job, outcome, outcomes_file, horizon, as_of)
            apply_outcomes(found_report, versions, found, Labels(found_report.new, data, stamp))
        if lead is not None:
            found_report.lead = explain_lead(versions, _row(versions, lead, leads))
    else:
        guard_output(output, [*_files(before), *_files(after)])
    shown = render(found_report, format, color=output is None and colour(console()))
    if cards:
        shown += "\n" + _cards(before, after, format)
    write(shown, output)
    if fail_on_moved is not None and (found_report.moved_share or 0.0) * 100 > fail_on_moved:
        raise Stop(EXIT_MOVED)


def _cards(before: Ruleset, after: Ruleset, format: DiffFormat) -> str:
    """Both score cards side by side, each criterion marked changed, added or removed."""
    from ..card import card, render_pair

    return render_pair(
        card(before), card(after), "markdown" if format is DiffFormat.markdown else "text"
    )


def _check_usage(
    leads: Path | None,
    events: Path | None,
    outcome: str | None,
    outcomes_file: Path | None,
    lead: str | None,
    fail_on_moved: float | None,
) -> None:
    if outcome is not None and outcomes_file is not None:
        from . import outcomes as outcome_reading

        raise usage(
            "give the outcomes once: --outcome COLUMN or --outcomes FILE",
            "--outcome converted reads a lead column; --outcomes won.csv a file",
            outcome_reading.OUTCOME_USAGE,
        )
    needs = {
        "--events": events is not None,
        "--outcome": outcome is not None,
        "--outcomes": outcomes_file is not None,
        "--lead": lead is not None,
        "--fail-on-moved": fail_on_moved is not None,
    }
    given = [option for option, used in needs.items() if used]
    if leads is None and given:
        raise usage(
            f"{given[0]} needs --leads: it is about the leads both versions score",
            "add --leads FILE (JSON Lines, CSV or Parquet)",
        )


def _load(text: str) -> Ruleset:
    try:
        return revision.load_version(revision.parse(text))
    except DiagnosticError as exc:
        code = EXIT_USAGE if exc.diagnostics[0].code.startswith("SD64") else EXIT_FINDINGS
        raise report(exc, code) from None


def _files(ruleset: Ruleset) -> list[str]:
    """The ruleset's files on disk (a revision's are in git, not files -o could overwrite)."""
    return [p for p in ruleset.program.sources.paths() if Path(p).exists()]


def _same_text(old: Ruleset, new: Ruleset) -> bool:
    def texts(ruleset: Ruleset) -> list[str]:
        sources = ruleset.program.sources
        return [s.text for p in sources.paths() if (s := sources.get(p)) is not None]

    return texts(old) == texts(new)


def _outcomes(
    versions: Versions,
    job: ScoreJob,
    column: str | None,
    file: Path | None,
    horizon: str,
    as_of: str | None,
) -> outcome_reading.Outcomes:
    from . import outcomes as outcome_reading

    with stops_on_bad_data():
        if column is not None:
            found = outcome_reading.from_column(versions.old, column, job)
        else:
            assert file is not None
            window = horizon_of(horizon)
            found = outcome_reading.from_file(
                versions.old, file, job.as_of, window, as_of is not None
            )
    return found


def _row(versions: Versions, lead: str, leads: Path) -> int:
    ids = versions.old.lead_ids
    if lead in ids:
        return ids.index(lead)
    hint = did_you_mean(lead, ids) or (
        f"ids in the file include {', '.join(ids[:5])}" if ids else "the file has no leads"
    )
    problem = error(NO_SUCH_LEAD, f"no lead with id `{lead}` in {leads}", help=hint)
    raise report(DiagnosticError([problem]), EXIT_USAGE)


def render(report: DiffReport, format: DiffFormat, color: bool = False) -> str:
    if format is DiffFormat.json:
        return json.dumps(report.model_dump(mode="json", by_alias=True), indent=2) + "\n"
    if format is DiffFormat.markdown:
        from . import report_diff_markdown

        return report_diff_markdown.render(report)
    if format is DiffFormat.html:
        from . import report_diff_html

        return report_diff_html.render(report)
    from . import report_diff_text

    return report_diff_text.render(report, color=color)
