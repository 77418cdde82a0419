"""The Python engine: streams leads through the reader and the compiled evaluator, one at a
time, at constant memory (only an events table is held, by lead id)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from .. import evaluate
from ..extras import require
from ..io.readers import LeadReader, kept_values
from ..io.writers import kept_text
from ..models import ScoreResult
from .base import ScoreJob
from .output import parquet_columns, temp_beside, write_records

if TYPE_CHECKING:  # Arrow is the `parquet` extra: imported when Parquet is written
    import pyarrow as pa

_PARQUET_BATCH = 8192


class PythonEngine:
    name = "python"

    def __init__(self, console: Console) -> None:
        self._console = console

    def run(self, job: ScoreJob) -> LeadReader:
        reader = job.reader()
        with reader:
            results = self._scored(job, reader)
            if job.format == "parquet":
                write_parquet(job, results)
            else:
                write_records(job, results)
        return reader

    def _scored(self, job: ScoreJob, reader: LeadReader) -> Iterator[ScoreResult]:
        compiled, as_of, keep = job.ruleset.compiled, job.as_of, job.columns.keep
        with self._progress(job, reader) as advance:
            for record in reader:
                lead = record.lead
                if job.stats:  # the per-rule contributions and fired flags, in one pass
                    flags = [False] * len(compiled.rules)
                    parts = evaluate.contributions(compiled, lead, as_of, flags)
                    job.tally.add_fired(flags)
                    result = evaluate.record(lead.id, evaluate.totals(compiled, parts, as_of))
                else:
                    result = evaluate.score(compiled, lead, as_of)
                if keep:
                    result = result.model_copy(update={"kept": kept_values(lead, job.columns)})
                yield result
                advance()

    @contextmanager
    def _progress(self, job: ScoreJob, reader: LeadReader) -> Iterator[Callable[[], None]]:
        wanted = self._console.is_terminal if job.progress is None else job.progress
        if job.quiet or not wanted or not reader.progress_total:
            yield lambda: None
            return
        columns = (
            TextColumn("scoring"),
            BarColumn(),
            TextColumn("{task.fields[leads]} leads"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=self._console, transient=True) as bar:
            task = bar.add_task("score", total=reader.progress_total, leads=0)
            count = 0

            def advance() -> None:
                nonlocal count
                count += 1
                if count % 500 == 0:
                    bar.update(task, completed=reader.progress_done, leads=count)

            yield advance


def write_parquet(job: ScoreJob, results: Iterable[ScoreResult]) -> None:
    """Records as a Parquet file with the CSV columns, written a batch at a time."""
    if job.output is None:
        raise ValueError("Parquet output needs --output")
    require("parquet", "--format parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = parquet_columns(job.ruleset)
    schema = pa.schema(
        [
            ("lead_id", pa.string()),
            *((n, pa.float64()) for n in names[1:-1]),
            ("tier", pa.string()),
            *((n, pa.string()) for n in job.columns.keep),
        ]
    )
    with temp_beside(job.output) as temp, pq.ParquetWriter(temp, schema) as writer:
        batch: list[ScoreResult] = []
        for result in job.tally.counted(results):
            batch.append(result)
            if len(batch) == _PARQUET_BATCH:
                writer.write_table(_table(batch, job, schema))
                batch = []
        writer.write_table(_table(batch, job, schema))


def _table(batch: list[ScoreResult], job: ScoreJob, schema: pa.Schema) -> pa.Table:
    columns: dict[str, list[object]] = {
        "lead_id": [r.lead_id for r in batch],
        "score": [r.score for r in batch],
    }
    for name in job.ruleset.dimensions:
        columns[name] = [r.scores[name] for r in batch]
    columns["tier"] = [r.tier for r in batch]
    for name in job.columns.keep:  # as text, like CSV cells: one type whatever the input
        columns[name] = [kept_text(r.kept.get(name)) for r in batch]
    import pyarrow as pa

    return pa.Table.from_pydict(columns, schema=schema)
