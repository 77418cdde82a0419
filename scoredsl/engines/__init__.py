"""Engines that score a ruleset over lead data files: Python (streaming, in process),
DuckDB (the embedded batch default for tables and large files) and Spark (distributed).

`--engine auto` picks DuckDB when every input is a CSV or Parquet table (and the `duckdb`
extra is installed; without it, Python), and Python whenever an input is JSON Lines, of any
size: Python streams JSON Lines at constant memory, while
DuckDB loads the whole file (a 1 GB file took 7.3 GB), so a big JSON Lines file is exactly
what DuckDB must not get until it streams. Every engine writes the same records (spec 11)
and the same messages.
"""

from __future__ import annotations

from typing import Literal

from rich.console import Console

from ..extras import available, require
from ..io.readers import data_format
from .base import Engine, EngineFailure, EngineUnavailable, ScoreJob, summary_lines

EngineName = Literal["auto", "python", "duckdb", "spark"]
__all__ = [
    "Engine",
    "EngineFailure",
    "EngineName",
    "EngineUnavailable",
    "ScoreJob",
    "choose",
    "engine",
    "summary_lines",
]


def choose(name: EngineName, job: ScoreJob) -> Literal["python", "duckdb", "spark"]:
    """The engine `name` stands for on this job (`auto` resolved as documented above)."""
    if name != "auto":
        return name
    files = [job.leads] if job.events is None else [job.leads, job.events]
    if any(data_format(f) == "jsonl" for f in files) or not available("duckdb"):
        return "python"  # the core has no DuckDB: auto stays on Python without the extra
    return "duckdb"


def engine(
    name: Literal["python", "duckdb", "spark"], console: Console, spark_master: str | None = None
) -> Engine:
    """An engine instance; DuckDB and Spark are imported only when chosen."""
    if name == "python":
        from .python import PythonEngine

        return PythonEngine(console)
    if name == "duckdb":
        require("duckdb", "--engine duckdb")
        from .duckdb import DuckDBEngine

        return DuckDBEngine(console)
    from .spark import SparkEngine  # says itself when pyspark or Java is missing

    return SparkEngine(console, master=spark_master or "local[*]")
