"""Where records go: stdout or a file written atomically, as JSON Lines, CSV, a table or Parquet.

Every engine hands ScoreResult records (or, for Parquet, a finished file) to these helpers,
so the bytes written do not depend on the engine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from rich.console import Console
from rich.table import Table

from ..io.writers import kept_text, open_writer
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
    results = job.tally.counted(results)
    with destination(job.output) as stream:
        if job.format == "table":
            print_table(job.ruleset, list(results), stream, job.columns.keep)
            return
        if job.format not in ("jsonl", "csv"):
            raise ValueError(f"write_records cannot write {job.format}")
        writer = open_writer(job.format, stream, job.ruleset.dimensions, job.columns.keep)
        for result in results:
            writer.write(result)
        writer.close()


def print_table(
    ruleset: Ruleset, results: list[ScoreResult], stream: TextIO, keep: Sequence[str] = ()
) -> None:
    """The records as a table for people. A lead id is never cut: when the columns do not
    fit the width, dimension and kept columns are left out (the caption names them)."""
    console = Console(file=stream, highlight=False)
    columns = _table_columns(ruleset, results, keep)
    shown = _fitting(columns, console.width)
    hidden = [column.title for column in columns if column not in shown]
    table = Table(title=ruleset.name or "scores")
    for column in shown:
        table.add_column(column.title, justify=column.justify, no_wrap=True, min_width=column.width)
    for index in range(len(results)):
        table.add_row(*(column.cells[index] for column in shown))
    width = max(console.width, _table_width(shown))  # only a lead id wider than the screen
    Console(file=stream, highlight=False, width=width).print(table)
    if hidden:
        stream.write(
            f"not shown, to fit {console.width} characters: {', '.join(hidden)} "
            "(--format csv has every column)\n"
        )


@dataclass(frozen=True, eq=False)
class _Column:
    title: str
    cells: list[str]
    justify: Literal["left", "right"]
    priority: int  # the lowest is left out first

    @property
    def width(self) -> int:
        return max([len(self.title), *(len(cell) for cell in self.cells)])


def _table_columns(
    ruleset: Ruleset, results: list[ScoreResult], keep: Sequence[str]
) -> list[_Column]:
    dims = ruleset.dimensions
    columns = [
        _Column("lead", [r.lead_id for r in results], "left", 1_000_000),
        _Column("score", [f"{r.score:.2f}" for r in results], "right", 999_999),
    ]
    # Left out first: the last dimension; the columns asked for with --keep come after.
    columns += [
        _Column(name, [f"{r.scores[name]:.2f}" for r in results], "right", len(dims) - i)
        for i, name in enumerate(dims)
    ]
    columns.append(_Column("tier", [r.tier or "-" for r in results], "left", 999_998))
    columns += [
        _Column(name, [kept_text(r.kept.get(name)) or "" for r in results], "left", 999 - i)
        for i, name in enumerate(keep)
    ]
    return columns


def _fitting(columns: list[_Column], width: int) -> list[_Column]:
    """The columns that fit `width`, leaving out the lowest priorities first (never the id)."""
    shown = list(columns)
    while len(shown) > 1 and _table_width(shown) > width:
        shown.remove(min(shown[1:], key=lambda column: column.priority))
    return shown


def _table_width(columns: list[_Column]) -> int:
    """rich's box: one padding space each side of a cell, a border line between columns."""
    return sum(column.width + 3 for column in columns) + 1


def parquet_columns(ruleset: Ruleset) -> list[str]:
    """Parquet (like CSV) has flat columns: lead_id, score, <each dimension>, tier."""
    return ["lead_id", "score", *ruleset.dimensions, "tier"]
