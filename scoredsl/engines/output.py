"""Where records go: stdout or a file written atomically, as JSON Lines, CSV, a table or Parquet.

Every engine hands ScoreResult records (or, for Parquet, a finished file) to these helpers,
so the bytes written do not depend on the engine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from ..io.writers import open_writer
from ..models import ScoreResult
from ..ruleset import Ruleset
from .base import ScoreJob


@contextmanager
def temp_beside(output: Path) -> Iterator[Path]:
    """A temp path next to `output`, renamed into place only when the block succeeds."""
    folder = output.resolve().parent
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(temp)
        os.replace(temp, output)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


@contextmanager
def destination(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a text file renamed into place only when the run succeeds."""
    if output is None:
        yield sys.stdout
        return
    with temp_beside(output) as temp, open(temp, "w", encoding="utf-8", newline="") as stream:
        yield stream


def write_records(job: ScoreJob, results: Iterable[ScoreResult]) -> None:
    """Write text records (table, jsonl or csv) to the job's output."""
    with destination(job.output) as stream:
        if job.format == "table":
            print_table(job.ruleset, list(results), stream)
            return
        if job.format not in ("jsonl", "csv"):
            raise ValueError(f"write_records cannot write {job.format}")
        writer = open_writer(job.format, stream, job.ruleset.dimensions)
        for result in results:
            writer.write(result)
        writer.close()


def print_table(ruleset: Ruleset, results: list[ScoreResult], stream: TextIO) -> None:
    table = Table(title=ruleset.name or "scores")
    table.add_column("lead")
    table.add_column("score", justify="right")
    for name in ruleset.dimensions:
        table.add_column(name, justify="right")
    table.add_column("tier")
    for r in results:
        dims = [f"{r.scores[name]:.2f}" for name in ruleset.dimensions]
        table.add_row(r.lead_id, f"{r.score:.2f}", *dims, r.tier or "-")
    Console(file=stream, highlight=False).print(table)


def parquet_columns(ruleset: Ruleset) -> list[str]:
    """Parquet (like CSV) has flat columns: lead_id, score, <each dimension>, tier."""
    return ["lead_id", "score", *ruleset.dimensions, "tier"]
