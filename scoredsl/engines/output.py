"""Where records go: stdout or a file written atomically, as JSON Lines, CSV, a table or Parquet.

Every engine hands ScoreResult records (or, for Parquet, a finished file) to these helpers,
so the bytes written do not depend on the engine.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import stat
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

_HOLD_IN_MEMORY = 8 * 1024 * 1024  # held stdout records beyond this go to a temp file
# Temp files are named `.<output name>.scoredsl-<pid>-<random>.tmp`, so a later run can
# tell its own leftovers (from a killed run) from anything else and remove them.
_TEMP_TAG = ".scoredsl-"
_TEMP_SUFFIX = ".tmp"


class OutputError(Exception):
    """An output path that cannot be written: a usage error (exit 2), found before any work
    where possible."""

    def __init__(self, message: str, help: str) -> None:
        super().__init__(message)
        self.message = message
        self.help = help


def check_output(output: Path, *, regular_only: bool = False) -> None:
    """OutputError unless `output` names a file that can be written, or (unless
    `regular_only`, as Parquet needs) a device, FIFO or this process's stdout."""
    shown = str(output) or '""'
    if str(output) in ("", ".") or output.is_dir():
        raise OutputError(
            f"cannot write `{shown}`: it is a directory",
            f"name a file, e.g. {output / 'scores.jsonl' if str(output) else 'scores.jsonl'}",
        )
    if _in_place(output):
        if regular_only:
            raise OutputError(
                f"cannot write Parquet to `{shown}`: it is not a regular file",
                "a Parquet file is written with seeks: name a file, e.g. scores.parquet",
            )
        return
    folder = output.resolve().parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write `{shown}`: the folder `{folder}` does not exist",
            f"create it first (mkdir -p {folder}), or write somewhere else",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot write `{shown}`: no permission to create files in `{folder}`",
            "write somewhere you can create files",
        )


def _in_place(output: Path) -> bool:
    """A device, a FIFO or our own stdout (/dev/stdout even when it is a file): written
    directly, never replaced by a rename."""
    try:
        found = output.stat()
    except OSError:
        return False
    if not stat.S_ISREG(found.st_mode):
        return not stat.S_ISDIR(found.st_mode)
    return _is_stdout(found)


def _is_stdout(found: os.stat_result) -> bool:
    try:
        ours = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (a test runner's buffer)
        return False
    return (ours.st_dev, ours.st_ino) == (found.st_dev, found.st_ino)


def remove_stale_temps(folder: Path, name: str) -> None:
    """Delete temp files a killed earlier run left for this output (their process is gone)."""
    for temp in folder.glob(f".{glob.escape(name)}{_TEMP_TAG}*{_TEMP_SUFFIX}"):
        pid_text = temp.name[len(name) + 1 + len(_TEMP_TAG) :].split("-", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            with contextlib.suppress(OSError):
                temp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's
        return True
    return True


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def staged(output: Path) -> Iterator[Path]:
    """Where to write a whole file that should appear only when the run succeeds (the
    rejects file): a temp file beside a regular target, or a device, FIFO or stdout itself,
    written in place and never renamed over."""
    check_output(output)
    if _in_place(output):
        yield output
        return
    with temp_beside(output) as temp:
        yield temp


@contextmanager
def temp_beside(output: Path) -> Iterator[Path]:
    """A temp path next to `output`, renamed into place only when the block succeeds.

    For whole files (Parquet): the target must be, or become, a regular file. It keeps the
    mode of the file it replaces (a new one gets the umask's mode); a symlink is followed,
    so the link stays a link. A failed or stopped (SIGTERM) run leaves no temp file.
    """
    check_output(output, regular_only=True)
    target = output.resolve()
    remove_stale_temps(target.parent, target.name)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
    fd, temp = tempfile.mkstemp(
        dir=target.parent,
        prefix=f".{target.name}{_TEMP_TAG}{os.getpid()}-",
        suffix=_TEMP_SUFFIX,
    )
    os.close(fd)
    try:
        yield Path(temp)
        os.chmod(temp, mode)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


@contextmanager
def destination(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a text file renamed into place only when the run succeeds."""
    if output is None:
        yield sys.stdout
        return
    check_output(output)
    try:
        if _in_place(output):
            yield from _write_in_place(output)
            return
        with temp_beside(output) as temp, open(temp, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as exc:  # a full disk, /dev/full, a read-only file system
        raise OutputError(
            f"cannot write `{output}`: {exc.strerror or exc}", "write somewhere else"
        ) from None


def _write_in_place(output: Path) -> Iterator[TextIO]:
    if _is_stdout(output.stat()):
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(output, "a", encoding="utf-8", newline="") as stream:  # "a": no truncating
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
    results = job.tally.counted(results)
    with destination(job.output) as stream:
        if job.format == "table":  # every record is scored before the table is drawn
            print_table(job.ruleset, list(results), stream, job.columns.keep)
            return
        if job.format not in ("jsonl", "csv"):
            raise ValueError(f"write_records cannot write {job.format}")
        with held(stream, job.output) as out:
            writer = open_writer(job.format, out, job.ruleset.dimensions, job.columns.keep)
            for result in results:
                writer.write(result)
            writer.close()


def write_lines(job: ScoreJob, lines: Path, header: str = "") -> None:
    """Write records an engine wrote as text lines (DuckDB's COPY) to the job's output,
    through the same destination and holding as write_records: same files, same safety."""
    with (
        destination(job.output) as stream,
        held(stream, job.output) as out,
        open(lines, encoding="utf-8", newline="") as source,
    ):
        out.write(header)
        shutil.copyfileobj(source, out, 1 << 20)


def print_table(
    ruleset: Ruleset, results: list[ScoreResult], stream: TextIO, keep: Sequence[str] = ()
) -> None:
    """The records as a table for people. A lead id is never cut: when the columns do not
    fit the width, dimension and kept columns are left out (the caption names them)."""
    console = Console(file=stream, highlight=False, markup=False)  # ids and names as written
    columns = _table_columns(ruleset, results, keep)
    shown = _fitting(columns, console.width)
    hidden = [column.title for column in columns if column not in shown]
    table = Table(title=ruleset.name or "scores")
    for column in shown:
        table.add_column(column.title, justify=column.justify, no_wrap=True, min_width=column.width)
    for index in range(len(results)):
        table.add_row(*(column.cells[index] for column in shown))
    width = max(console.width, _table_width(shown))  # only a lead id wider than the screen
    Console(file=stream, highlight=False, markup=False, width=width).print(table)
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
