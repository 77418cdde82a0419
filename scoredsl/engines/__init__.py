"""Engines that score a ruleset over lead data files: Python (streaming, in process),
DuckDB (the embedded batch default for tables and large files) and Spark (distributed).

`--engine auto` picks DuckDB when the leads are a CSV or Parquet table, or when the input
files add up to more than AUTO_DUCKDB_BYTES; small JSON Lines files stay on Python, whose
start-up cost is nil. Every engine writes the same records (spec 11) and the same messages.
"""

from __future__ import annotations

import os
from typing import Literal

from rich.console import Console

from ..io.readers import data_format
from .base import Engine, EngineFailure, EngineUnavailable, ScoreJob, summary_lines

EngineName = Literal["auto", "python", "duckdb", "spark"]
AUTO_DUCKDB_BYTES = 32 * 1024 * 1024  # 32 MiB of input: DuckDB's start-up cost pays off

__all__ = [
    "AUTO_DUCKDB_BYTES",
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
    if data_format(job.leads) != "jsonl":
        return "duckdb"
    files = [job.leads] if job.events is None else [job.leads, job.events]
    size = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
    return "duckdb" if size > AUTO_DUCKDB_BYTES else "python"


def engine(
    name: Literal["python", "duckdb", "spark"], console: Console, spark_master: str | None = None
) -> Engine:
    """An engine instance; DuckDB and Spark are imported only when chosen."""
    if name == "python":
        from .python import PythonEngine

        return PythonEngine(console)
    if name == "duckdb":
        from .duckdb import DuckDBEngine

        return DuckDBEngine(console)
    from .spark import SparkEngine

    return SparkEngine(console, master=spark_master or "local[*]")
