"""The `scoredsl` command: check, lint, fmt, test, score, explain, compile, backtest, fit.

Every command ends with one of the exit codes of scoredsl/cli_support.py (README "Exit
codes"). Heavy modules (the engines, DuckDB, Arrow, sqlglot, the analysis stages) are
imported inside the commands that use them, so `scoredsl check` and `fmt` start fast and
run without the optional extras.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from . import __version__, code_docs
from .analysis import command as analysis_command
from .analysis import diff_command
from .card import command as card_command
from .cli_options import (
    AsOfOpt,
    EventsOpt,
    LeadsFormatOpt,
    LeadsOpt,
    LeadsStdinFilenameOpt,
    ProgressOpt,
    ReportOutputOpt,
    RulesArg,
    RulesetsArg,
    StdinFilenameOpt,
    plain_help,
    with_columns,
)
from .cli_support import (
    EXIT_DATA,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    FailOn,
    ReportFormat,
    Stop,
    check_output,
    colour,
    console,
    data_file,
    engine_stop,
    err,
    instant,
    load_ruleset,
    read_stdin,
    refuse_overwrite,
    report,
    require_paths,
    say,
    show,
    staged,
    usage,
    write,
)
from .diagnostics import DiagnosticError, did_you_mean, render_all_text
from .explain_text import render_explanation
from .extras import MissingExtra
from .io.columns import DEFAULT_COLUMNS, ColumnMap
from .io.project import walk
from .ruleset import Ruleset, load, loads
from .sql.command import Dialect

if TYPE_CHECKING:
    from .engines.base import ScoreJob
    from .io.readers import LeadReader

__all__ = ["EXIT_DATA", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "app", "main"]

app = typer.Typer(
    help="Lead scoring as code: check, score and explain leads with a .score ruleset.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
plain_help()


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"scoredsl {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Lead scoring as code: check, score and explain leads with a .score ruleset.

    Exit codes: 0 success; 1 findings (ruleset errors, lint findings, failing tests, files
    fmt would change); 2 usage; 3 unreadable or invalid input data; 4 a bug in scoredsl.
    """


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


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


ReportFormatOpt = Annotated[
    ReportFormat,
    typer.Option("--format", help="text (for people), json, sarif, github or junit (CI)."),
]


@app.command()
def check(
    paths: RulesetsArg,
    format: ReportFormatOpt = ReportFormat.text,
    output: ReportOutputOpt = None,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Parse and check rulesets: syntax, names, schema and types."""
    from .lint.command import render
    from .lint.runner import FileReport

    require_paths(paths)
    check_output(output)
    reports: list[FileReport] = []
    for path in _walk_rulesets(paths, (".score",)):
        name = _stdin_name(stdin_filename) if str(path) == STDIN else str(path)
        try:
            ruleset = load(path) if str(path) != STDIN else loads(read_stdin(), name)
            reports.append(FileReport(name, list(ruleset.warnings), ruleset.program.sources))
        except DiagnosticError as exc:
            reports.append(FileReport(name, exc.diagnostics, exc.sources, check_failed=True))
    text = render(reports, format, verb="checked", tool="scoredsl check")
    if format is ReportFormat.text and output is None:
        show(text.rstrip("\n"))  # for people: on stderr, as every command's diagnostics
    else:
        refuse_overwrite({"--output": output}, [p for r in reports for p in r.sources.paths()])
        write(text, output)
    if any(d.is_error for r in reports for d in r.diagnostics):
        raise Stop(EXIT_FINDINGS)


def _walk_rulesets(paths: Sequence[str | Path], suffixes: tuple[str, ...]) -> list[Path]:
    """The files to read (scoredsl/io/project.py's walk); a warning for a folder with none."""
    found: list[Path] = []
    for path in paths:
        files = list(walk([path], suffixes))
        if not files:
            say(f"warning: no {' or '.join(suffixes)} files under {path}")
        found.extend(files)
    return found


def _stdin_name(stdin_filename: Path | None) -> str:
    return "<stdin>" if stdin_filename is None else str(stdin_filename)


@app.command()
@with_columns
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
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write records here (default: stdout)."
        ),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip bad records instead of stopping.")
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            metavar="FILE",
            help="With --skip-invalid: write bad records here (JSON Lines).",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="auto: DuckDB when every input is CSV/Parquet and the duckdb extra is "
            "installed; python otherwise (JSON Lines always).",
        ),
    ] = EngineChoice.auto,
    progress: ProgressOpt = None,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            metavar="URL",
            help="With --engine spark: cluster URL (default local[*]).",
        ),
    ] = None,
    columns: ColumnMap = DEFAULT_COLUMNS,
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
    leads_format: LeadsFormatOpt = None,
    stdin_filename: LeadsStdinFilenameOpt = None,
) -> None:
    """Score every lead: one record a lead (lead_id, score, scores, tier), in input order."""
    if rejects is not None and not skip_invalid:
        raise usage(
            "--rejects needs --skip-invalid", "add --skip-invalid to keep going past bad records"
        )
    if format is ScoreFormat.parquet and output is None:
        raise usage("--format parquet needs --output", "add --output scores.parquet")
    require_paths([rules, leads, events])
    refuse_overwrite({"--output": output, "--rejects": rejects}, [rules, leads, events])
    check_output(output, regular_only=format is ScoreFormat.parquet)
    ruleset = load_ruleset(rules)
    columns = replace(columns, keep=_kept_columns(keep, ruleset))
    outputs = {"--output": output, "--rejects": rejects}
    refuse_overwrite(outputs, [*ruleset.program.sources.paths(), leads, events])
    from .engines import summary_lines
    from .engines.base import ScoreJob

    with (
        staged(rejects) as staged_rejects,
        data_file(leads, leads_format, stdin_name=stdin_filename) as leads_path,
    ):
        job = ScoreJob(
            ruleset,
            leads_path,
            events,
            instant(as_of),
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
        for line in summary_lines(reader, rejects, quiet and not stats, job):
            say(line)  # in the block: stdin's temp copy is still shown as <stdin>


def _run_job(job: ScoreJob, engine: EngineChoice, spark_master: str | None) -> LeadReader:
    from . import engines

    try:
        chosen = engines.engine(engines.choose(engine.value, job), err, spark_master)
        return chosen.run(job)
    except MissingExtra as exc:
        raise report(exc, EXIT_USAGE) from None
    except DiagnosticError as exc:
        raise report(exc, EXIT_DATA) from None
    except engines.EngineUnavailable as exc:
        raise engine_stop(exc) from None


def _kept_columns(keep: str | None, ruleset: Ruleset) -> tuple[str, ...]:
    """`--keep a,b`: the names, each once; none may be a field the records already have."""
    names = tuple(dict.fromkeys(n.strip() for n in (keep or "").split(",") if n.strip()))
    taken = {"lead_id", "score", "scores", "tier", *ruleset.dimensions}
    for name in names:
        if name in taken:
            raise usage(
                f"--keep cannot copy `{name}`: the records already have a field of that name",
                "rename that column in the leads file, or leave it out",
            )
    return names


def _open_reader(leads: Path, events: Path | None, columns: ColumnMap) -> LeadReader:
    from .io.readers import LeadReader

    try:
        return LeadReader(leads, events, columns=columns)
    except MissingExtra as exc:
        raise report(exc, EXIT_USAGE) from None
    except DiagnosticError as exc:
        raise report(exc, EXIT_DATA) from None


@app.command()
@with_columns
def explain(
    rules: RulesArg,
    leads: LeadsOpt,
    lead: Annotated[
        str, typer.Option("--lead", metavar="ID", help="The id of the lead to explain.")
    ],
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        TextOrJson, typer.Option("--format", help="text (for people) or json.")
    ] = TextOrJson.text,
    columns: ColumnMap = DEFAULT_COLUMNS,
    leads_format: LeadsFormatOpt = None,
    stdin_filename: LeadsStdinFilenameOpt = None,
) -> None:
    """Explain one lead's score: every rule, event, decay, cap, dimension and the tier."""
    require_paths([rules, leads, events])
    ruleset = load_ruleset(rules)
    moment = instant(as_of)
    with (
        data_file(leads, leads_format, stdin_name=stdin_filename) as leads_path,
        _open_reader(leads_path, events, columns) as reader,
    ):
        found = _find_lead(reader, lead, leads_path)
    explanation = ruleset.explain(found, moment)
    if format is TextOrJson.json:
        typer.echo(json.dumps(explanation.model_dump(mode="json"), indent=2))
    else:
        # not typer.echo: it strips colour from a pipe even when FORCE_COLOR asks for it
        sys.stdout.write(render_explanation(explanation, color=colour(console())))


def _find_lead(reader: LeadReader, lead_id: str, named: Path) -> Any:
    seen: list[str] = []
    try:
        for record in reader:
            if record.lead.id == lead_id:
                return record.lead
            seen.append(record.lead.id)
    except MissingExtra as exc:
        raise report(exc, EXIT_USAGE) from None
    except DiagnosticError as exc:
        raise report(exc, EXIT_DATA) from None

    hint = did_you_mean(lead_id, seen) or (
        f"ids in the file include {', '.join(seen[:5])}" if seen else "the file has no leads"
    )
    raise usage(f"no lead with id `{lead_id}` in {named}", hint, "SD602")


@app.command("compile")
def compile_(
    rules: RulesArg,
    dialect: Annotated[
        Dialect, typer.Option("--dialect", help="The SQL dialect of your warehouse.")
    ] = Dialect.duckdb,
    leads_table: Annotated[
        str,
        typer.Option(
            "--leads-table", metavar="TABLE", help="Leads table (id + attribute columns)."
        ),
    ] = "leads",
    events_table: Annotated[
        str,
        typer.Option(
            "--events-table",
            metavar="TABLE",
            help="Events table (lead_id, type, at, properties).",
        ),
    ] = "events",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="INSTANT",
            help="Score as of this ISO instant, or `now` (the clock when the query runs). "
            "Default: a query parameter `as_of`.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the SQL here (default: stdout)."
        ),
    ] = None,
    format: Annotated[
        TextOrJson,
        typer.Option("--format", help="text (the SQL) or json (an object: dialect and sql)."),
    ] = TextOrJson.text,
) -> None:
    """Print the scoring SQL: one row a lead with lead_id, score, each dimension, tier."""
    require_paths([rules])
    refuse_overwrite({"--output": output}, [rules])
    check_output(output)
    ruleset = load_ruleset(rules)
    refuse_overwrite({"--output": output}, ruleset.program.sources.paths())
    moment: datetime | Literal["now"] | None = None
    if as_of == "now":
        moment = "now"
    elif as_of is not None:
        moment = instant(as_of)
    from .sql.command import compile_sql

    try:
        sql = compile_sql(
            ruleset.program,
            dialect,
            as_of=moment,
            leads_table=leads_table,
            events_table=events_table,
        )
    except DiagnosticError as exc:
        raise report(exc, EXIT_USAGE) from None
    if format is TextOrJson.json:
        sql = json.dumps({"dialect": dialect.value, "sql": sql}, indent=2) + "\n"
    write(sql, output)


app.command()(analysis_command.backtest)
app.command()(analysis_command.fit)
app.command()(code_docs.rule)
app.command()(card_command.card)
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
            help="Test files (.scoretest), or folders (every .scoretest inside, hidden and "
            "git-ignored ones skipped).",
            metavar="PATH",
            show_default=False,
        ),
    ],
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help="Report which rules fired and which tiers were reached."),
    ] = False,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            min=0,
            max=100,
            metavar="PERCENT",
            help="Fail below this coverage (implies --coverage).",
        ),
    ] = None,
    format: Annotated[
        TestFormat, typer.Option("--format", help="text (for people), json or junit (CI).")
    ] = TestFormat.text,
    output: ReportOutputOpt = None,
    select: Annotated[
        str | None,
        typer.Option(
            "--match",
            "-k",
            metavar="TEXT",
            help="Run only the cases whose name contains this text.",
        ),
    ] = None,
) -> None:
    """Run ruleset tests (.scoretest files): every case, and with --coverage which rules
    fired and which tiers were reached."""
    from .testing.command import run_command

    require_paths(paths)
    inputs = [*walk(paths, (".scoretest",)), *walk(paths, (".score",))]
    refuse_overwrite({"--output": output}, inputs)
    check_output(output)
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
            help="Files, or folders (every .score inside, hidden and git-ignored ones "
            "skipped); - reads stdin and writes the result to stdout.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list files that would change.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print a unified diff of the changes.")
    ] = False,
    format: Annotated[
        TextOrJson,
        typer.Option(
            "--format",
            help="text (for people) or json: one object a file, with its status "
            "(with --check or --diff: nothing is written).",
        ),
    ] = TextOrJson.text,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Format rulesets in the canonical layout, comments kept. With --check or --diff,
    exit 1 when a file would change; exit 1 too when a file cannot be formatted."""
    from .fmt.command import run

    name = None if stdin_filename is None else str(stdin_filename)
    code = run(paths, check=check, diff=diff, json=format is TextOrJson.json, stdin_name=name)
    if code:
        raise Stop(code)


@app.command()
@with_columns
def lint(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Ruleset files, or folders (every .score inside, hidden and git-ignored ones "
            "skipped); - reads stdin.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    format: ReportFormatOpt = ReportFormat.text,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="warning: exit 1 on warnings too, not only on errors."),
    ] = FailOn.error,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="RULE,...",
            help="Only these rules: codes, names, prefixes (SL1), categories.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="RULE,...", help="Skip these rules (same forms as --select)."
        ),
    ] = None,
    output: ReportOutputOpt = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="A TOML file with the lint levels (default: the nearest scoredsl.toml, or "
            "pyproject.toml with a tool.scoredsl table).",
        ),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print the rule catalogue and exit.")
    ] = False,
    leads: Annotated[
        Path | None,
        typer.Option(
            "--leads",
            metavar="FILE",
            help="Also lint against this data (JSON Lines, CSV or Parquet): the rules SL4xx.",
        ),
    ] = None,
    events: EventsOpt = None,
    as_of: AsOfOpt = None,
    columns: ColumnMap = DEFAULT_COLUMNS,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Lint rulesets for scoring flaws (`scoredsl lint --list-rules` lists the rules).

    With --leads, the data rules (SL4xx) also check the rules against the data.
    """
    from .lint import command as lint_command
    from .lint.config import Selection, split_tokens

    if list_rules:
        typer.echo(lint_command.list_rules(), nl=False)
        return
    check_output(output)
    if not paths:
        raise usage("give at least one ruleset file or folder", "scoredsl lint rulesets/")
    require_paths([*paths, config])
    files = _walk_rulesets(paths, (".score",))
    refuse_overwrite({"--output": output}, [*files, config, leads, events])
    stdin = None
    if STDIN in map(str, files):
        stdin = (_stdin_name(stdin_filename), read_stdin())
    try:
        chosen = Selection(split_tokens(select or []), split_tokens(ignore or []))
        data = lint_command.data_source(leads, events, as_of, columns)
        require_paths([leads, events])
        outcome = lint_command.run(files, format, fail_on, chosen, config, data, stdin)
    except lint_command.DataError as exc:
        raise report(exc, EXIT_DATA) from None
    except DiagnosticError as exc:
        raise report(exc, EXIT_USAGE) from None
    if output is None:
        typer.echo(outcome.output, nl=False)
    else:
        refuse_overwrite({"--output": output}, outcome.inputs)
        write(outcome.output, output)
    raise Stop(outcome.code)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM unwinds like an exception, so temp files are removed; exit 143 (128 + 15)."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console entry point: maps every outcome to a stable exit code, never a traceback."""
    from .engines.output import OutputError

    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = app(standalone_mode=False)
    except OutputError as exc:  # found only while writing (a full disk, a race)
        say(f"error: {exc.message}\n  = help: {exc.help}")
        sys.exit(EXIT_USAGE)
    except DiagnosticError as exc:
        say(render_all_text(exc.diagnostics, exc.sources))
        sys.exit(EXIT_USAGE if isinstance(exc, MissingExtra) else EXIT_DATA)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # click's usage errors
            exc.show()
            sys.exit(EXIT_USAGE)
        say(
            f"internal error: {type(exc).__name__}: {exc}\n  = help: this is a bug in scoredsl; please report it with the command you ran"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
