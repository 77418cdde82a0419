"""The Spark engine: the ruleset compiled to Spark SQL, run by PySpark (`scoredsl[spark]`).

Inputs are read and checked exactly as by the DuckDB engine (same messages, rejects and
counts), then staged as Parquet for Spark to read; Spark runs the scoring query and the
records come back in input order through the usual writers. The staging folder is a local
temp folder, so `--spark-master` must name a cluster whose executors can read it (local
mode, or a shared file system); reading straight from warehouse tables is `scoredsl compile
--dialect spark`'s job.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlglot import exp

from ..io.readers import LeadReader
from ..models import ScoreResult
from .base import EngineFailure, EngineUnavailable, ScoreJob
from .checks import InputLoader
from .duckdb import kept_rows, result_maker, with_kept
from .output import write_records
from .python import write_parquet
from .sqltext import call, column, duck, sql, table, text
from .tables import connect, describe
from .tally import count_rules


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

                _typed_views(con)
                schema = InputSchema.from_duckdb(con, leads="_spark_leads", events="_spark_events")
                _stage(con, Path(staging))
                kept = kept_rows(con, job)
            finally:
                con.close()
            scored = self._score(sql_module, job, schema, Path(staging))
            results = list(with_kept(scored, kept))
        if job.stats:  # SQL gives no per-rule data: the Python evaluator counts (tally.py)
            quiet = LeadReader(job.leads, job.events, skip_invalid=True, columns=job.columns)
            count_rules(job.tally, job.ruleset.compiled, quiet, job.as_of)
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
            frame = spark.sql(query)
            to_result = result_maker(job.ruleset.dimensions, list(frame.columns))
            rows = list(frame.toLocalIterator())
        except Exception as exc:  # noqa: BLE001 - Spark raises Java errors of many classes
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineFailure(
                f"Spark could not run the scoring query: {first}",
                "score with --engine duckdb (same results), and report this with the ruleset",
            ) from None
        for row in rows:
            yield to_result(tuple(row))


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
    """The checked inputs as Parquet; `at` is written as a UTC instant so that Spark reads a
    TIMESTAMP (not TIMESTAMP_NTZ)."""
    queries = {
        "leads": "COPY (SELECT * FROM _spark_leads) TO ? (FORMAT parquet)",
        "events": 'COPY (SELECT * REPLACE (CAST("at" AS TIMESTAMPTZ) AS "at") FROM _spark_events) '
        "TO ? (FORMAT parquet)",
    }
    for name, query in queries.items():
        target = folder / name
        target.mkdir()
        # DuckDB takes the target path as a parameter: data, not SQL text.
        con.execute(query, [str(target / "part-0.parquet")])


def _typed_views(con: Any) -> None:
    """`_spark_leads` and `_spark_events`: the checked views with each JSON column (JSON Lines
    input) given the one type all its values share, since Spark SQL reads no JSON type.
    A column whose values mix types stays JSON, and the compiler says it cannot be read."""
    for name in ("leads", "events"):
        cells = [
            _typed(con, name, found) if kind == "JSON" else column(found)
            for found, kind in describe(con, name)
        ]
        view = duck("CREATE OR REPLACE TEMP VIEW __v__ AS SELECT 1", v=table("_spark_" + name).this)
        view.set("expression", exp.select(*cells).from_(table(name)))
        con.execute(sql(view))


def _typed(con: Any, name: str, json_column: str) -> Any:
    """A JSON column as the type its values share (objects as STRUCTs, arrays as LISTs);
    where values mix scalar types, their text (a number as written, true/false), which the
    predicates read exactly as they read the JSON value (spec 7 coercions)."""
    c = column(json_column)
    query = exp.select(call("json_group_structure", c)).from_(table(name))
    found = con.execute(sql(query)).fetchone()
    structure = json.loads(str(found[0])) if found and found[0] else "NULL"
    if _mixes_containers(con, name, c, structure):
        # A list or object where other rows hold scalars has no one Spark type, and as text
        # it would compare as its JSON ("[]" != "cto"): the column stays JSON, which the
        # compiler refuses (SD701) rather than answer differently from Python.
        return c
    shape = _as_text_where_mixed(structure)
    cast = call("json_transform", c, text(json.dumps(shape)))
    # A JSON null reads as absent once typed, as a table's empty cell does.
    typed = duck("CASE WHEN json_type(__c__) = 'NULL' THEN NULL ELSE __t__ END", c=c, t=cast)
    return exp.alias_(typed, c.this.copy())


def _mixes_containers(con: Any, name: str, c: Any, structure: Any) -> bool:
    """Whether a mixed leaf ("JSON" in the structure) holds a list or an object in any row.
    Leaves under a list cannot be looked up by one path: they count as mixed."""
    paths = list(_mixed_leaves(structure, ()))
    if any(path is None for path in paths):
        return True
    for path in paths:
        assert path is not None
        where = "$" + "".join(f'."{_escaped(key)}"' for key in path)
        kind = call("json_type", c, exp.Literal.string(where))
        kinds = exp.In(this=kind, expressions=[exp.Literal.string(k) for k in ("ARRAY", "OBJECT")])
        found = con.execute(sql(exp.select(call("count_if", kinds)).from_(table(name)))).fetchone()
        if found and found[0]:
            return True
    return False


def _escaped(key: str) -> str:
    return key.replace("\\", "\\\\").replace('"', '\\"')


def _mixed_leaves(shape: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...] | None]:
    """The key paths of the structure's "JSON" leaves; None for one inside a list."""
    if isinstance(shape, dict):
        for key, value in shape.items():
            yield from _mixed_leaves(value, (*path, key))
    elif isinstance(shape, list):
        if any(True for item in shape for _ in _mixed_leaves(item, path)):
            yield None
    elif shape == "JSON":
        yield path


def _as_text_where_mixed(shape: Any) -> Any:
    """json_group_structure's shape with each mixed ("JSON") or unknown ("NULL") leaf as text."""
    if isinstance(shape, dict):
        return {key: _as_text_where_mixed(value) for key, value in shape.items()}
    if isinstance(shape, list):
        return [_as_text_where_mixed(item) for item in shape]
    return "VARCHAR" if shape in ("JSON", "NULL") else shape
