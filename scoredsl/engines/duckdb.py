"""The DuckDB engine: files are read by DuckDB, checked in SQL, and scored by the SQL that
the compiler makes of the ruleset, in one pass over the events grouped by lead.

JSON Lines and CSV records are written by DuckDB itself (COPY of the lines engines.lines
builds, the Python writers' exact bytes); a table, Parquet and `--keep` go through the
same writers as the Python engine (so the bytes match: DuckDB's COPY would mark `tier`
NOT NULL in Parquet). Records come out in input order. The compiled SQL is cached
(engines.sqlcache), so a repeated run skips the compiler.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlglot import exp

from ..io.readers import LeadReader
from ..models import ScoreResult
from ..ruleset import Ruleset
from .base import ScoreJob
from .checks import DUPLICATE_MARK, InputLoader, duplicate_mark
from .output import write_lines, write_records
from .python import write_parquet
from .sqlcache import cached_sql, program_key
from .sqltext import column, duck, sql, table, text
from .tables import connect, describe

_FETCH_ROWS = 10_000
_POLL_SECONDS = 0.2


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, console: Console, threads: int | None = None) -> None:
        self._console = console
        self._threads = threads

    def run(self, job: ScoreJob) -> LeadReader:
        reader = job.reader()
        con = connect(self._threads)
        loader = InputLoader(con, reader)  # its views read the files until the end
        try:
            with reader, self._progress(job, con, "reading"):
                loader.load()
            sql = scoring_sql(job.ruleset, con, job)
            if job.format in ("jsonl", "csv") and not job.columns.keep:
                with self._progress(job, con, "scoring"):
                    copy_records(job, con, sql)
                if job.stats:
                    job.tally.rules = fired_counts(job.ruleset, con, job)
                return reader
            with self._progress(job, con, "scoring"):
                found = records(job.ruleset, con, sql)
                results = list(with_kept(found, kept_rows(con, job)))
            if job.format == "parquet":  # the Python engine's writer: same schema, same bytes
                write_parquet(job, results)
            else:
                write_records(job, results)
            if job.stats:
                job.tally.rules = fired_counts(job.ruleset, con, job)
        except duckdb.InterruptException:  # Ctrl-C inside a query: exit 130, as in Python
            raise KeyboardInterrupt from None
        finally:
            con.close()
            loader.close()
        return reader

    def _progress(
        self, job: ScoreJob, con: duckdb.DuckDBPyConnection, label: str
    ) -> AbstractContextManager[None]:
        return query_progress(self._console, job, con, label)


@contextmanager
def query_progress(
    console: Console, job: ScoreJob, con: duckdb.DuckDBPyConnection, label: str
) -> Iterator[None]:
    """DuckDB's own query progress, polled from a thread into a progress bar."""
    wanted = console.is_terminal if job.progress is None else job.progress
    if job.quiet or not wanted:
        yield
        return
    columns = (TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    done = threading.Event()
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=100)

        def poll() -> None:
            while not done.wait(_POLL_SECONDS):
                percent = _query_progress(con)
                if percent is not None:
                    bar.update(task, completed=percent)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()


def _query_progress(con: duckdb.DuckDBPyConnection) -> float | None:
    try:
        percent = float(con.query_progress())
    except (duckdb.Error, RuntimeError):
        return None
    return percent if percent >= 0 else None


def scoring_sql(ruleset: Ruleset, con: duckdb.DuckDBPyConnection, job: ScoreJob) -> str:
    """The ruleset as DuckDB SQL over the `leads` and `events` views (cached: sqlcache)."""

    def build() -> str:
        from ..sql import InputSchema, compile_program, to_sql

        schema = InputSchema.from_duckdb(con, leads="leads", events="events")
        expression = compile_program(ruleset.program, schema, as_of=job.as_of)
        return str(to_sql(expression, "duckdb"))

    return cached_sql(_query_key("score", ruleset, con, job), build)


def _query_key(
    kind: str, ruleset: Ruleset, con: duckdb.DuckDBPyConnection, job: ScoreJob
) -> list[str]:
    """What a compiled query depends on: the ruleset, the views' columns and as_of."""
    shapes = [repr(describe(con, name)) for name in ("leads", "events")]
    return [kind, program_key(ruleset.program), *shapes, job.as_of.isoformat()]


def copy_records(job: ScoreJob, con: duckdb.DuckDBPyConnection, scoring: str) -> None:
    """Score into a table (one row a lead), count its tiers, and let DuckDB write the
    records as the Python writers' text lines (engines.lines): no row becomes a Python
    object. The lines go to a private temp file, then through the usual output path."""
    from .lines import csv_header, csv_line, jsonl_line

    # The compiled query is cached text (sqlcache): DuckDB makes the table of its result,
    # so the text is never pasted into another statement nor parsed again.
    con.execute("DROP TABLE IF EXISTS _scored")
    con.sql(scoring).create("_scored")
    tiers = con.execute("SELECT tier, count(*) FROM _scored GROUP BY tier").fetchall()
    job.tally.add_tiers((None if tier is None else str(tier), int(n)) for tier, n in tiers)
    dimensions = job.ruleset.dimensions
    lead_id = exp.func("split_part", column("lead_id"), duplicate_mark(), exp.Literal.number(1))
    if job.format == "csv":
        line, header = csv_line(dimensions, lead_id), csv_header(dimensions)
    else:
        line, header = jsonl_line(dimensions, lead_id), ""
    query = exp.select(exp.alias_(line, "line")).from_("_scored")
    with tempfile.TemporaryDirectory(prefix="scoredsl-") as folder:
        path = Path(folder) / "records.txt"
        copy = duck(
            "COPY (SELECT 1) TO 'records' "
            "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', NEW_LINE '\\n')"
        )
        copy.set("this", query.subquery())
        copy.set("files", [text(path)])
        con.execute(sql(copy))
        write_lines(job, path, header)


def records(ruleset: Ruleset, con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[ScoreResult]:
    """Result rows (lead_id, score, <dimensions>, tier) as spec-11 records, in order."""
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or ()]
    to_result = result_maker(ruleset.dimensions, names)
    while True:
        rows = cursor.fetchmany(_FETCH_ROWS)
        if not rows:
            return
        yield from map(to_result, rows)


def result_maker(
    dimensions: tuple[str, ...], names: list[str]
) -> Callable[[tuple[Any, ...]], ScoreResult]:
    """A row -> ScoreResult function with the column positions looked up once, not per lead."""
    lead_id, score, tier = names.index("lead_id"), names.index("score"), names.index("tier")
    positions = [(name, names.index(name)) for name in dimensions]

    def to_result(row: tuple[Any, ...]) -> ScoreResult:
        return ScoreResult(
            lead_id=str(row[lead_id]).split(DUPLICATE_MARK, 1)[0],
            score=_number(row[score]),
            scores={name: _number(row[at]) for name, at in positions},
            tier=None if row[tier] is None else str(row[tier]),
        )

    return to_result


def kept_rows(con: duckdb.DuckDBPyConnection, job: ScoreJob) -> list[dict[str, Any]] | None:
    """`--keep`: each lead's kept input values, in the records' order (None: nothing kept).
    Values are the Python reader's: JSON columns decoded, the id column is the lead id."""
    keep = job.columns.keep
    if not keep:
        return None
    kinds = dict(describe(con, "leads"))
    cells: list[exp.Expr] = []
    for name in keep:
        if name == job.columns.id:
            cells.append(
                exp.func("split_part", exp.column("id"), duplicate_mark(), exp.Literal.number(1))
            )
        elif name in kinds and name not in ("id", "_ord"):
            cells.append(column(name))
        else:
            cells.append(exp.null())
    query = exp.select(*cells).from_(table("leads")).order_by(exp.column("_ord"))
    rows = con.execute(sql(query)).fetchall()
    decode = [kinds.get(name) == "JSON" and name != job.columns.id for name in keep]
    return [
        {
            name: json.loads(value) if json_value and value is not None else value
            for name, value, json_value in zip(keep, row, decode, strict=True)
        }
        for row in rows
    ]


def with_kept(
    results: Iterable[ScoreResult], kept: list[dict[str, Any]] | None
) -> Iterator[ScoreResult]:
    """Results with their kept values attached (both come in input order)."""
    if kept is None:
        yield from results
        return
    for result, values in zip(results, kept, strict=True):
        yield result.model_copy(update={"kept": values})


def fired_counts(ruleset: Ruleset, con: duckdb.DuckDBPyConnection, job: ScoreJob) -> list[int]:
    """--stats: leads each rule fired for, summed over the rule matrix's fired columns (the
    same flags `backtest` reads), in SQL over the loaded views."""
    if not ruleset.compiled.rules:
        return []

    def build() -> str:
        from ..sql import InputSchema, compile_program, to_sql
        from ..sql.compiler import fired_column

        schema = InputSchema.from_duckdb(con, leads="leads", events="events")
        matrix = compile_program(ruleset.program, schema, as_of=job.as_of, keep_rules=True)
        counts = [
            exp.func("count_if", exp.column(fired_column(rule.index), quoted=True))
            for rule in ruleset.compiled.rules
        ]
        query = exp.select(*counts).from_(exp.paren(matrix).as_("matrix"))
        return str(to_sql(query, "duckdb"))

    row = con.execute(cached_sql(_query_key("fired", ruleset, con, job), build)).fetchone()
    return [int(n) for n in row or ()]


def _number(value: Any) -> float:
    return float(value) + 0.0  # -0.0 is written 0.0, as the Python evaluator writes it
