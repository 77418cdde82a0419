"""The DuckDB engine: files are read by DuckDB, checked in SQL, and scored by the SQL that
the compiler makes of the ruleset, in one pass over the events grouped by lead.

JSON Lines and CSV records are written by the same writers as the Python engine (so the
bytes match); Parquet is written by DuckDB's COPY. Records come out in input order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..io.readers import LeadReader
from ..models import ScoreResult
from ..ruleset import Ruleset
from .base import ScoreJob
from .checks import DUPLICATE_MARK, DUPLICATE_MARK_SQL, InputLoader
from .output import parquet_columns, temp_beside, write_records
from .sqltext import ident, text
from .tables import connect

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
        try:
            with reader, self._progress(job, con, "reading"):
                InputLoader(con, reader).load()
            sql = scoring_sql(job.ruleset, con, job)
            if job.format == "parquet":
                self._copy_parquet(job, con, sql)
            else:
                with self._progress(job, con, "scoring"):
                    results = list(records(job.ruleset, con, sql))
                write_records(job, results)
        except duckdb.InterruptException:  # Ctrl-C inside a query: exit 130, as in Python
            raise KeyboardInterrupt from None
        finally:
            con.close()
        return reader

    def _copy_parquet(self, job: ScoreJob, con: duckdb.DuckDBPyConnection, sql: str) -> None:
        if job.output is None:
            raise ValueError("Parquet output needs --output")
        names = parquet_columns(job.ruleset)
        lead_id = f"split_part(lead_id, {DUPLICATE_MARK_SQL}, 1) AS lead_id"
        columns = ", ".join([lead_id, *(ident(name) for name in names[1:])])
        with temp_beside(job.output) as temp, self._progress(job, con, "scoring"):
            con.execute(f"COPY (SELECT {columns} FROM ({sql})) TO {text(temp)} (FORMAT parquet)")

    @contextmanager
    def _progress(
        self, job: ScoreJob, con: duckdb.DuckDBPyConnection, label: str
    ) -> Iterator[None]:
        """DuckDB's own query progress, polled from a thread into a progress bar."""
        wanted = self._console.is_terminal if job.progress is None else job.progress
        if job.quiet or not wanted:
            yield
            return
        columns = (TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
        done = threading.Event()
        with Progress(*columns, TimeElapsedColumn(), console=self._console, transient=True) as bar:
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
    """The ruleset as DuckDB SQL over the `leads` and `events` views."""
    from ..sql import InputSchema, compile_program, to_sql

    schema = InputSchema.from_duckdb(con, leads="leads", events="events")
    expression = compile_program(ruleset.program, schema, as_of=job.as_of)
    return str(to_sql(expression, "duckdb"))


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


def _number(value: Any) -> float:
    return float(value) + 0.0  # -0.0 is written 0.0, as the Python evaluator writes it
