"""The `scoredsl` command: check, lint, score and explain.

Exit codes (stable): 0 success; 1 the ruleset has errors; 2 bad command-line usage;
3 invalid lead data; 4 internal error (a bug: please report it).
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from . import __version__, engines
from .analysis import command as analysis_command
from .analysis import diff_command
from .cli_options import (
    EventsAtColumnOpt,
    EventsLeadColumnOpt,
    EventsTypeColumnOpt,
    IdColumnOpt,
    column_map,
    hide_flag_metavars,
)
from .diagnostics import (
    Diagnostic,
    DiagnosticError,
    SourceMap,
    did_you_mean,
    error,
    render_all_text,
    render_json,
    summary_line,
)
from .engines.base import ScoreJob
from .engines.output import OutputError, check_output, staged
from .engines.output import destination as _destination
from .highlight import highlight_frames
from .io.columns import DEFAULT_COLUMNS, ColumnMap
from .io.paths import files_under, refuse_inputs_as_outputs
from .io.readers import LeadReader
from .lint import command as lint_command
from .lint.command import FailOn, LintFormat
from .lint.config import Selection, split_tokens
from .ruleset import Ruleset, as_instant, load
from .sql.command import Dialect, compile_sql

EXIT_OK, EXIT_RULES, EXIT_USAGE, EXIT_DATA, EXIT_INTERNAL = 0, 1, 2, 3, 4

app = typer.Typer(
    help="Lead scoring as code: check, score and explain leads with a .score ruleset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
hide_flag_metavars()


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class ScoreFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class EngineChoice(str, Enum):
    auto = "auto"
    python = "python"
    duckdb = "duckdb"
    spark = "spark"


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


class Stop(typer.Exit):
    """Ends a command with one of the stable exit codes above."""


def _report(exc: DiagnosticError, code: int) -> Stop:
    _show(render_all_text(exc.diagnostics, exc.sources))
    return Stop(code)


def _check_output(output: Path | None, regular_only: bool = False) -> None:
    """A bad --output is a usage error found before any work, not at the end of a run."""
    if output is None:
        return
    try:
        check_output(output, regular_only=regular_only)
    except OutputError as exc:
        raise _output_error(exc) from None


def _output_error(exc: OutputError) -> Stop:
    """SD606: an output path that cannot be written (a usage error, exit 2)."""
    return _report(DiagnosticError([error("SD606", exc.message, None, exc.help)]), EXIT_USAGE)


def _show(rendered: str) -> None:
    """Diagnostics on stderr; on a terminal the quoted rule lines are highlighted."""
    err.print(highlight_frames(rendered) if err.is_terminal else rendered, markup=False)


def _load(rules: Path) -> Ruleset:
    try:
        return load(rules)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_RULES) from None


def _refuse_overwrite(
    outputs: Mapping[str, Path | None], inputs: Iterable[str | Path | None]
) -> None:
    """Exit 2 before anything is written when an output option names an input file."""
    try:
        refuse_inputs_as_outputs(outputs, inputs)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_USAGE) from None


_WRITABLE = "name a file in a folder that exists and that you may write to"


@contextmanager
def _staged(path: Path | None) -> Iterator[Path | None]:
    """A temp file renamed to `path` only when the block succeeds (a failed run leaves none)."""
    if path is None:
        yield None
        return
    with ExitStack() as stack:
        try:
            temp = stack.enter_context(staged(path))
        except OutputError as exc:
            raise _output_error(exc) from None
        except OSError as exc:  # a missing folder, no permission: before anything is read
            reason = exc.strerror or str(exc)
            problem = error("SD606", f"cannot write `{path}`: {reason}", None, _WRITABLE)
            raise _report(DiagnosticError([problem]), EXIT_USAGE) from None
        yield temp


def _instant(text: str | None) -> Any:
    try:
        return as_instant(text)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_USAGE) from None


RulesArg = Annotated[Path, typer.Argument(help="The .score ruleset file.")]
LeadsOpt = Annotated[
    Path, typer.Option("--leads", help="Leads: JSON Lines (.jsonl), CSV or Parquet.")
]
EventsOpt = Annotated[
    Path | None,
    typer.Option(
        "--events",
        help="Events table (lead_id, type, at, properties; other names: --events-*-column); "
        "makes --leads a table.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Evaluation instant, ISO 8601 (2026-11-01 = 00:00 UTC). Default: now."
    ),
]


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Ruleset files to check.")],
    format: Annotated[
        CheckFormat, typer.Option("--format", help="Output format.")
    ] = CheckFormat.text,
) -> None:
    """Parse and check rulesets. Exit 0 when clean, 1 on errors."""
    diagnostics: list[Diagnostic] = []
    sources = SourceMap()
    for file in files:
        try:
            ruleset = load(file)
            diagnostics.extend(ruleset.warnings)
            sources.merge(ruleset.program.sources)
        except DiagnosticError as exc:
            diagnostics.extend(exc.diagnostics)
            sources.merge(exc.sources)
    if format is CheckFormat.json:
        typer.echo(render_json(diagnostics))
    elif diagnostics:
        _show(render_all_text(diagnostics, sources))
        err.print(f"\n{summary_line(diagnostics)} in {len(files)} file(s)")
    else:
        err.print(f"{len(files)} file(s) checked: no problems")
    if any(d.is_error for d in diagnostics):
        raise Stop(EXIT_RULES)


@app.command()
def score(
    rules: RulesArg,
    leads: LeadsOpt,
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ScoreFormat,
        typer.Option(
            "--format", help="table (for people), jsonl, csv or parquet (needs --output)."
        ),
    ] = ScoreFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write records here (default: stdout).")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip bad records instead of stopping.")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="With --skip-invalid: write bad records here (JSON Lines)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="auto: DuckDB when every input is CSV/Parquet; python for JSON Lines.",
        ),
    ] = EngineChoice.auto,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    spark_master: Annotated[
        str | None,
        typer.Option("--spark-master", help="With --engine spark: cluster URL (default local[*])."),
    ] = None,
    id_column: IdColumnOpt = DEFAULT_COLUMNS.id,
    events_lead: EventsLeadColumnOpt = DEFAULT_COLUMNS.event_lead,
    events_type: EventsTypeColumnOpt = DEFAULT_COLUMNS.event_type,
    events_at: EventsAtColumnOpt = DEFAULT_COLUMNS.event_at,
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep",
            metavar="COLUMN,...",
            help="Copy these leads columns into each record, after its scores and tier "
            "(e.g. the CRM key to join back on).",
        ),
    ] = None,
    stats: Annotated[
        bool,
        typer.Option("--stats", help="After the summary: how many leads each rule fired for."),
    ] = False,
) -> None:
    """Score every lead: one record a lead, in input order (docs/data-formats.md)."""
    if rejects is not None and not skip_invalid:
        err.print(
            "error: --rejects needs --skip-invalid\n  = help: add --skip-invalid to keep going past bad records"
        )
        raise Stop(EXIT_USAGE)
    if format is ScoreFormat.parquet and output is None:
        err.print("error: --format parquet needs --output\n  = help: add --output scores.parquet")
        raise Stop(EXIT_USAGE)
    _refuse_overwrite({"--output": output, "--rejects": rejects}, [rules, leads, events])
    _check_output(output, regular_only=format is ScoreFormat.parquet)
    ruleset = _load(rules)
    kept = _kept_columns(keep, ruleset)
    columns = column_map(id_column, events_lead, events_type, events_at, kept)
    outputs = {"--output": output, "--rejects": rejects}
    _refuse_overwrite(outputs, [*ruleset.program.sources.paths(), leads, events])
    with _staged(rejects) as staged_rejects:
        job = ScoreJob(
            ruleset,
            leads,
            events,
            _instant(as_of),
            format.value,
            output,
            skip_invalid,
            staged_rejects,
            quiet,
            progress,
            columns=columns,
            stats=stats,
        )
        reader = _run_job(job, engine, spark_master)
    for line in engines.summary_lines(reader, rejects, quiet and not stats, job):
        err.print(line, markup=False)


def _run_job(job: ScoreJob, engine: EngineChoice, spark_master: str | None) -> LeadReader:
    try:
        chosen = engines.engine(engines.choose(engine.value, job), err, spark_master)
        return chosen.run(job)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_DATA) from None
    except engines.EngineUnavailable as exc:
        err.print(f"error: {exc}\n  = help: {exc.help}", markup=False)
        failed = isinstance(exc, engines.EngineFailure)
        raise Stop(EXIT_INTERNAL if failed else EXIT_USAGE) from None


def _kept_columns(keep: str | None, ruleset: Ruleset) -> tuple[str, ...]:
    """`--keep a,b`: the names, each once; none may be a field the records already have."""
    names = tuple(dict.fromkeys(n.strip() for n in (keep or "").split(",") if n.strip()))
    taken = {"lead_id", "score", "scores", "tier", *ruleset.dimensions}
    for name in names:
        if name in taken:
            err.print(
                f"error: --keep cannot copy `{name}`: the records already have a field of "
                "that name\n  = help: rename that column in the leads file, or leave it out",
                markup=False,
            )
            raise Stop(EXIT_USAGE)
    return names


def _open_reader(
    leads: Path, events: Path | None, skip: bool, rejects: Path | None, columns: ColumnMap
) -> LeadReader:
    try:
        return LeadReader(leads, events, skip_invalid=skip, rejects_path=rejects, columns=columns)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_DATA) from None


@app.command()
def explain(
    rules: RulesArg,
    leads: LeadsOpt,
    lead: Annotated[str, typer.Option("--lead", help="The id of the lead to explain.")],
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ExplainFormat, typer.Option("--format", help="text (for people) or json.")
    ] = ExplainFormat.text,
    id_column: IdColumnOpt = DEFAULT_COLUMNS.id,
    events_lead: EventsLeadColumnOpt = DEFAULT_COLUMNS.event_lead,
    events_type: EventsTypeColumnOpt = DEFAULT_COLUMNS.event_type,
    events_at: EventsAtColumnOpt = DEFAULT_COLUMNS.event_at,
) -> None:
    """Explain one lead's score: every rule, event, decay, cap, dimension and the tier."""
    ruleset = _load(rules)
    moment = _instant(as_of)
    columns = column_map(id_column, events_lead, events_type, events_at)
    reader = _open_reader(leads, events, False, None, columns)
    with reader:
        found = _find_lead(reader, lead)
    explanation = ruleset.explain(found, moment)
    if format is ExplainFormat.json:
        typer.echo(json.dumps(explanation.model_dump(mode="json"), indent=2))
    else:
        typer.echo(explanation.to_text(color=sys.stdout.isatty()), nl=False)


def _find_lead(reader: LeadReader, lead_id: str) -> Any:
    seen: list[str] = []
    try:
        for record in reader:
            if record.lead.id == lead_id:
                return record.lead
            seen.append(record.lead.id)
    except DiagnosticError as exc:
        raise _report(exc, EXIT_DATA) from None

    hint = did_you_mean(lead_id, seen) or (
        f"ids in the file include {', '.join(seen[:5])}" if seen else "the file has no leads"
    )
    err.print(f"error[SD602]: no lead with id `{lead_id}` in {reader.leads_path}\n  = help: {hint}")
    raise Stop(EXIT_USAGE)


@app.command("compile")
def compile_(
    rules: Annotated[Path, typer.Argument(help="The .score ruleset.")],
    dialect: Annotated[
        Dialect, typer.Option("--dialect", help="The SQL dialect of your warehouse.")
    ] = Dialect.duckdb,
    leads_table: Annotated[
        str, typer.Option("--leads-table", help="Leads table (id + attribute columns).")
    ] = "leads",
    events_table: Annotated[
        str, typer.Option("--events-table", help="Events table (lead_id, type, at, properties).")
    ] = "events",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Score as of this ISO instant, or `now` (the clock when the query runs). "
            "Default: a query parameter `as_of`.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the SQL here (default: stdout).")
    ] = None,
) -> None:
    """Print the scoring SQL: one row a lead with lead_id, score, each dimension, tier."""
    _refuse_overwrite({"--output": output}, [rules])
    _check_output(output)
    ruleset = _load(rules)
    _refuse_overwrite({"--output": output}, ruleset.program.sources.paths())
    moment: datetime | Literal["now"] | None = None
    if as_of == "now":
        moment = "now"
    elif as_of is not None:
        moment = _instant(as_of)
    try:
        sql = compile_sql(
            ruleset.program,
            dialect,
            as_of=moment,
            leads_table=leads_table,
            events_table=events_table,
        )
    except DiagnosticError as exc:
        raise _report(exc, EXIT_USAGE) from None
    with _destination(output) as stream:
        stream.write(sql)


app.command()(analysis_command.backtest)
app.command()(analysis_command.fit)
app.command()(diff_command.diff)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


class TestFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


@app.command("test")
def test_rulesets(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Test files (.scoretest) or folders to search recursively.", metavar="PATH..."
        ),
    ],
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help="Report which rules fired and which tiers were reached."),
    ] = False,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage", min=0, max=100, help="Fail below N% coverage (implies --coverage)."
        ),
    ] = None,
    format: Annotated[
        TestFormat, typer.Option("--format", help="text (for people), json or junit (CI).")
    ] = TestFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here (default: stdout).")
    ] = None,
    select: Annotated[
        str | None, typer.Option("-k", help="Run only the cases whose name contains this text.")
    ] = None,
) -> None:
    """Run ruleset tests. Exit 0 all pass, 1 failures, errors or low coverage, 2 usage."""
    from .testing.command import run_command

    _refuse_overwrite({"--output": output}, files_under(paths, "*.score*"))
    _check_output(output)
    code = run_command(
        paths,
        coverage=coverage,
        min_coverage=min_coverage,
        format=format.value,
        output=output,
        select=select,
    )
    if code:
        raise Stop(code)


@app.command()
def fmt(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, or directories (every *.score inside); - reads stdin.",
            metavar="FILE_OR_DIR",
        ),
    ],
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list files that would change.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print a unified diff of the changes.")
    ] = False,
) -> None:
    """Format rulesets in the canonical layout, comments kept. With --check or --diff,
    exit 1 when a file would change; exit 1 too when a file cannot be formatted."""
    from .fmt_command import run

    code = run(paths, check=check, diff=diff)
    if code:
        raise Stop(code)


@app.command()
def lint(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Ruleset files or folders (all *.score inside).")
    ] = None,
    format: Annotated[
        LintFormat, typer.Option("--format", help="text, json, sarif, github or junit.")
    ] = LintFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="warning: exit 2 when there are only warnings.")
    ] = FailOn.error,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="Only these rules: codes, names, prefixes (SL1), categories."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules (same forms as --select)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here (default: stdout).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="TOML file with \\[tool.scoredsl.lint] (default: nearest pyproject.toml).",
        ),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print the rule catalogue and exit.")
    ] = False,
    leads: lint_command.LeadsOpt = None,
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    id_column: IdColumnOpt = DEFAULT_COLUMNS.id,
    events_lead: EventsLeadColumnOpt = DEFAULT_COLUMNS.event_lead,
    events_type: EventsTypeColumnOpt = DEFAULT_COLUMNS.event_type,
    events_at: EventsAtColumnOpt = DEFAULT_COLUMNS.event_at,
) -> None:
    """Lint rulesets for scoring flaws (the catalogue: docs/lint-rules.md).

    Exit codes: 0 clean, or warnings only without --fail-on warning; 1 errors (lint or check); 2 warnings only, with --fail-on warning.

    Exit code 2 also means bad usage (unknown option, rule or config key); the message says which.

    With --leads, the data rules (SL4xx) also check the rules against the data; exit code 3 when the data cannot be read.
    """
    if list_rules:
        typer.echo(lint_command.list_rules(), nl=False)
        return
    _check_output(output)
    if not files:
        err.print(
            "error: give at least one ruleset file or folder\n  = help: scoredsl lint rulesets/"
        )
        raise Stop(EXIT_USAGE)
    _refuse_overwrite({"--output": output}, [*files_under(files, "*.score"), config, leads, events])
    try:
        chosen = Selection(split_tokens(select or []), split_tokens(ignore or []))
        columns = column_map(id_column, events_lead, events_type, events_at)
        data = lint_command.data_source(leads, events, as_of, columns)
        outcome = lint_command.run(files, format, fail_on, chosen, config, data)
    except lint_command.DataError as exc:
        raise _report(exc, EXIT_DATA) from None
    except DiagnosticError as exc:
        raise _report(exc, EXIT_USAGE) from None
    if output is None:
        typer.echo(outcome.output, nl=False)
    else:
        _refuse_overwrite({"--output": output}, outcome.inputs)
        with _destination(output) as stream:
            stream.write(outcome.output)
    raise Stop(outcome.code)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM unwinds like an exception, so temp files are removed; exit 143 (128 + 15)."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console entry point: maps every outcome to a stable exit code, never a traceback."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = app(standalone_mode=False)
    except OutputError as exc:  # found only while writing (a full disk, a race)
        err.print(f"error: {exc.message}\n  = help: {exc.help}", markup=False)
        sys.exit(EXIT_USAGE)
    except DiagnosticError as exc:
        err.print(render_all_text(exc.diagnostics, exc.sources), markup=False)
        sys.exit(EXIT_DATA)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # click's usage errors
            exc.show()
            sys.exit(EXIT_USAGE)
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n  = help: this is a bug in scoredsl; please report it with the command you ran"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
