"""The Spark engine: the ruleset compiled to Spark SQL, run by PySpark (`scoredsl[spark]`).

Inputs are read and checked exactly as by the DuckDB engine (same messages, rejects and
counts), then staged as Parquet for Spark to read; Spark runs the scoring query and the
records come back in input order through the usual writers. The staging folder is a local
temp folder, so `--spark-master` must name a cluster whose executors can read it (local
mode, or a shared file system); reading straight from warehouse tables is `scoredsl compile
--dialect spark`'s job.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from ..io.readers import LeadReader
from ..models import ScoreResult
from .base import EngineFailure, EngineUnavailable, ScoreJob
from .checks import InputLoader
from .duckdb import result_from_row
from .output import write_records
from .python import write_parquet
from .sqltext import text
from .tables import connect


def _spark_modules() -> Any:
    try:
        import pyspark.sql
    except ImportError:
        raise EngineUnavailable(
            "--engine spark needs PySpark, which is not installed",
            'install the extra: pip install "scoredsl[spark]"',
        ) from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise EngineUnavailable(
            "--engine spark needs Java (17 or later), which was not found",
            "install a JDK and put `java` on PATH, or set JAVA_HOME",
        )
    return pyspark.sql


class SparkEngine:
    name = "spark"

    def __init__(self, console: Console, master: str = "local[*]") -> None:
        self._console = console
        self._master = master

    def run(self, job: ScoreJob) -> LeadReader:
        sql_module = _spark_modules()
        reader = job.reader()
        with tempfile.TemporaryDirectory(prefix="scoredsl-spark-") as staging:
            con = connect()
            try:
                with reader:
                    InputLoader(con, reader).load()
                from ..sql import InputSchema

                schema = InputSchema.from_duckdb(con, leads="leads", events="events")
                _stage(con, Path(staging))
            finally:
                con.close()
            results = list(self._score(sql_module, job, schema, Path(staging)))
        if job.format == "parquet":
            write_parquet(job, results)
        else:
            write_records(job, results)
        return reader

    def _score(
        self, sql_module: Any, job: ScoreJob, schema: Any, staging: Path
    ) -> Iterator[ScoreResult]:
        from ..sql import compile_program, to_sql

        query = to_sql(compile_program(job.ruleset.program, schema, as_of=job.as_of), "spark")
        spark = session(sql_module, self._master)
        try:
            for name in ("leads", "events"):
                spark.read.parquet(str(staging / name)).createOrReplaceTempView(name)
            rows = list(spark.sql(query).toLocalIterator())
        except Exception as exc:  # noqa: BLE001 - Spark raises Java errors of many classes
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineFailure(
                f"Spark could not run the scoring query: {first}",
                "score with --engine duckdb (same results), and report this with the ruleset",
            ) from None
        for row in rows:
            yield result_from_row(job.ruleset, row.asDict())


def session(sql_module: Any, master: str) -> Any:
    """A Spark session in UTC (instants are UTC throughout, spec 9), quiet on the console."""
    builder = sql_module.SparkSession.builder.master(master).appName("scoredsl")
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # PySpark logs each failed query with its Java stack; the engine reports it in one line.
    from pyspark.logger import PySparkLogger

    PySparkLogger.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    return spark


def _stage(con: Any, folder: Path) -> None:
    """The checked `leads` and `events` views as Parquet, with JSON columns as text.
    `at` is written as a UTC instant so Spark reads a TIMESTAMP (not TIMESTAMP_NTZ)."""
    queries = {
        "leads": "SELECT * FROM leads",
        "events": 'SELECT * REPLACE (CAST("at" AS TIMESTAMPTZ) AS "at") FROM events',
    }
    for name, query in queries.items():
        target = folder / name
        target.mkdir()
        con.execute(f"COPY ({query}) TO {text(target / 'part-0.parquet')} (FORMAT parquet)")
