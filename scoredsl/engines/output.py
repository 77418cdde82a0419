"""Where records go: stdout or a file written atomically, as JSON Lines, CSV, a table or Parquet.

Every engine hands ScoreResult records (or, for Parquet, a finished file) to these helpers,
so the bytes written do not depend on the engine.
"""

from __future__ import annotations

import os
import shutil
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

_HOLD_IN_MEMORY = 8 * 1024 * 1024  # held stdout records beyond this go to a temp file


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


@contextmanager
def held(stream: TextIO, output: Path | None) -> Iterator[TextIO]:
    """On stdout, the records are held (in memory, then on disk) and written only when the
    run succeeds: a run that stops at a bad record writes no record, to stdout as to a
    file, on every engine (DuckDB checks every record before it scores one)."""
    if output is not None:  # already a temp file that only success renames into place
        yield stream
        return
    with tempfile.SpooledTemporaryFile(
        max_size=_HOLD_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
    ) as spool:
        yield spool  # type: ignore[misc]
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
        stream.flush()


def write_records(job: ScoreJob, results: Iterable[ScoreResult]) -> None:
    """Write text records (table, jsonl or csv) to the job's output."""
    with destination(job.output) as stream:
        if job.format == "table":  # every record is scored before the table is drawn
            print_table(job.ruleset, list(results), stream)
            return
        if job.format not in ("jsonl", "csv"):
            raise ValueError(f"write_records cannot write {job.format}")
        with held(stream, job.output) as out:
            writer = open_writer(job.format, out, job.ruleset.dimensions)
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
