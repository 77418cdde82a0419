"""The rule matrix: per lead, what each rule contributed and whether it fired, the rounded
dimension values, total and tier, and any raw lead columns asked for (an outcome column).

Backtest and fit read only this table, so they never re-implement scoring. The Python
engine builds it from `evaluate.contributions`/`totals` over a LeadReader; the DuckDB
engine from the compiled SQL with `keep_rules` (the same figures, on millions of leads).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from .. import evaluate
from ..compile import CompiledRuleset
from ..engines.base import ScoreJob
from ..io.readers import LeadReader
from ..ruleset import Ruleset
from ..values import MISSING, lookup

EngineName = Literal["python", "duckdb"]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Cells = npt.NDArray[np.object_]  # raw values; None where a lead has none
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class RuleMatrix:
    """One row a lead, in input order; columns indexed like `compiled.rules`."""

    compiled: CompiledRuleset
    lead_ids: list[str]
    contributions: Floats  # (leads, rules)
    fired: Bools  # (leads, rules)
    scores: Floats  # rounded total
    dimensions: dict[str, Floats]  # rounded named dimensions
    tiers: list[str | None]
    raw: dict[str, Cells]  # requested lead columns
    path: str  # the leads file, for messages
    lines: list[int] | None  # each lead's line in `path` (None: find it with line_of)

    @property
    def size(self) -> int:
        return len(self.lead_ids)

    @property
    def labels(self) -> list[str]:
        return [rule.label for rule in self.compiled.rules]

    def line(self, row: int, job: ScoreJob) -> int:
        """The file line of the lead in `row` (read again when the engine did not keep it)."""
        if self.lines is not None:
            return self.lines[row]
        return line_of(job, row)

    def subset(self, rows: npt.NDArray[np.intp]) -> RuleMatrix:
        """The matrix of the given rows (a holdout split, or leads with outcomes)."""
        picked = rows.tolist()
        return RuleMatrix(
            compiled=self.compiled,
            lead_ids=[self.lead_ids[i] for i in picked],
            contributions=self.contributions[rows],
            fired=self.fired[rows],
            scores=self.scores[rows],
            dimensions={name: values[rows] for name, values in self.dimensions.items()},
            tiers=[self.tiers[i] for i in picked],
            raw={name: values[rows] for name, values in self.raw.items()},
            path=self.path,
            lines=None if self.lines is None else [self.lines[i] for i in picked],
        )


def build(
    job: ScoreJob, engine: EngineName, console: Console, raw_columns: tuple[str, ...] = ()
) -> RuleMatrix:
    """The rule matrix of a job's leads on one engine. Raises DiagnosticError on bad data."""
    if engine == "duckdb":
        return _duckdb_matrix(job, console, raw_columns)
    return python_matrix(job, console, raw_columns)


def line_of(job: ScoreJob, row: int) -> int:
    """The line of the row-th valid lead of the job's leads file (for an error message)."""
    with job.reader() as reader:
        for index, record in enumerate(reader):
            if index == row:
                return record.line
    return 0


# ---------------------------------------------------------------- Python


def python_matrix(job: ScoreJob, console: Console, raw_columns: tuple[str, ...]) -> RuleMatrix:
    compiled = job.ruleset.compiled
    width = len(compiled.rules)
    ids: list[str] = []
    parts: list[list[float]] = []
    fired: list[list[bool]] = []
    scores: list[float] = []
    dims: dict[str, list[float]] = {name: [] for name in compiled.dimension_names}
    tiers: list[str | None] = []
    raw: dict[str, list[Any]] = {name: [] for name in raw_columns}
    paths = {name: tuple(name.split(".")) for name in raw_columns}
    lines: list[int] = []
    with job.reader() as reader, _progress(console, job, reader) as advance:
        for record in reader:
            lead = record.lead
            flags = [False] * width
            row = evaluate.contributions(compiled, lead, job.as_of, flags)
            result = evaluate.totals(compiled, row, job.as_of)
            ids.append(lead.id)
            parts.append(row)
            fired.append(flags)
            scores.append(result.rounded_total)
            for name in compiled.dimension_names:
                dims[name].append(result.rounded_scores[name])
            tiers.append(result.tier.name if result.tier else None)
            for name, path in paths.items():
                value = lookup(lead.attributes, path)
                raw[name].append(None if value is MISSING else value)
            lines.append(record.line)
            advance()
    return RuleMatrix(
        compiled=compiled,
        lead_ids=ids,
        contributions=np.array(parts, dtype=np.float64).reshape(len(ids), width),
        fired=np.array(fired, dtype=np.bool_).reshape(len(ids), width),
        scores=np.array(scores, dtype=np.float64),
        dimensions={name: np.array(values, dtype=np.float64) for name, values in dims.items()},
        tiers=tiers,
        raw={name: cells(values) for name, values in raw.items()},
        path=str(job.leads),
        lines=lines,
    )


@contextmanager
def _progress(console: Console, job: ScoreJob, reader: LeadReader) -> Iterator[Callable[[], None]]:
    """A progress bar over the leads file, as `score` shows it (on a terminal, or --progress)."""
    wanted = console.is_terminal if job.progress is None else job.progress
    if job.quiet or not wanted or not reader.progress_total:
        yield lambda: None
        return
    columns = (TextColumn("scoring"), BarColumn(), TextColumn("{task.fields[leads]} leads"))
    with Progress(*columns, TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("score", total=reader.progress_total, leads=0)
        count = 0

        def advance() -> None:
            nonlocal count
            count += 1
            if count % _PROGRESS_EVERY == 0:
                bar.update(task, completed=reader.progress_done, leads=count)

        yield advance


# ---------------------------------------------------------------- DuckDB


def _duckdb_matrix(job: ScoreJob, console: Console, raw_columns: tuple[str, ...]) -> RuleMatrix:
    return _duckdb_matrices(job, (), console, raw_columns)[0]


def build_pair(
    job: ScoreJob,
    other: Ruleset,
    engine: EngineName,
    console: Console,
    raw_columns: tuple[str, ...] = (),
) -> tuple[RuleMatrix, RuleMatrix]:
    """The matrices of the job's ruleset and of `other` over the same leads, row for row
    (diff). DuckDB reads the data once and runs both queries as one, joined on the lead id;
    the raw columns are read once, from the job's side."""
    if engine == "duckdb":
        first, second = _duckdb_matrices(job, (other,), console, raw_columns)
        return first, second
    first = python_matrix(job, console, raw_columns)
    second = python_matrix(replace(job, ruleset=other), console, ())
    return first, replace(second, raw=first.raw)


def _duckdb_matrices(
    job: ScoreJob, others: tuple[Ruleset, ...], console: Console, raw_columns: tuple[str, ...]
) -> list[RuleMatrix]:
    from ..engines.checks import InputLoader
    from ..engines.duckdb import query_progress
    from ..engines.tables import connect
    from ..sql import InputSchema, compile_program, to_sql

    rulesets = (job.ruleset, *others)
    con = connect()
    try:
        with job.reader() as reader, query_progress(console, job, con, "reading"):
            InputLoader(con, reader).load()
        schema = InputSchema.from_duckdb(con, leads="leads", events="events")
        queries = [
            compile_program(
                ruleset.program, schema, as_of=job.as_of, keep_rules=True,
                raw_columns=raw_columns if i == 0 else (),
            )
            for i, ruleset in enumerate(rulesets)
        ]  # fmt: skip
        query = queries[0] if not others else _joined(queries, rulesets, schema, raw_columns)
        with query_progress(console, job, con, "scoring"):
            found = con.execute(to_sql(query, "duckdb")).fetchnumpy()
        json_columns = {name for name in raw_columns if _is_json(schema, name)}
    finally:
        con.close()
    if not others:
        return [_from_found(found, job.ruleset.compiled, raw_columns, json_columns, job)]
    matrices = []
    for i, ruleset in enumerate(rulesets):
        side = {k.split(".", 1)[1]: v for k, v in found.items() if k.startswith(f"q{i}.")}
        kept = raw_columns if i == 0 else ()
        matrices.append(_from_found(side, ruleset.compiled, kept, json_columns, job))
    return [replace(m, raw=matrices[0].raw) for m in matrices]


def _result_columns(compiled: CompiledRuleset, raw_columns: tuple[str, ...]) -> list[str]:
    from ..sql.compiler import contribution_column, fired_column, raw_column

    names = ["lead_id", "score", *compiled.dimension_names, "tier"]
    for rule in compiled.rules:
        names += [contribution_column(rule.index), fired_column(rule.index)]
    return names + [raw_column(k) for k in range(len(raw_columns))]


def _joined(
    queries: list[Any], rulesets: tuple[Ruleset, ...], schema: Any, raw_columns: tuple[str, ...]
) -> Any:
    """One query: every version's rule matrix side by side, joined on the lead id (unique:
    the loader marks repeated ids), in input order; columns named `q0.score`, `q1.score`."""
    from sqlglot import exp

    columns: list[exp.Expr] = []
    for i, ruleset in enumerate(rulesets):
        kept = raw_columns if i == 0 else ()
        for name in _result_columns(ruleset.compiled, kept):
            column = exp.column(exp.to_identifier(name, quoted=True), table=f"q{i}")
            columns.append(exp.alias_(column, f"q{i}.{name}", quoted=True))
    order = "_ord" if schema.leads_ordered else "id"
    select = exp.select(*columns).from_(queries[0].subquery("q0"), copy=False)
    for i, query in enumerate(queries[1:], start=1):
        on = exp.column("lead_id", table="q0").eq(exp.column("lead_id", table=f"q{i}"))
        select = select.join(query.subquery(f"q{i}"), on=on, copy=False)
    on_lead = exp.column("lead_id", table="q0").eq(exp.column("id", table="l"))
    select = select.join(exp.to_table("leads").as_("l"), on=on_lead, copy=False)
    return select.order_by(exp.column(exp.to_identifier(order, quoted=True), table="l"), copy=False)


def _from_found(
    found: dict[str, Any],
    compiled: CompiledRuleset,
    raw_columns: tuple[str, ...],
    json_columns: set[str],
    job: ScoreJob,
) -> RuleMatrix:
    from ..engines.checks import DUPLICATE_MARK
    from ..sql.compiler import contribution_column, fired_column, raw_column

    n = len(found["lead_id"])
    width = len(compiled.rules)
    contributions = np.zeros((n, width), dtype=np.float64)
    fired = np.zeros((n, width), dtype=np.bool_)
    for rule in compiled.rules:
        contributions[:, rule.index] = _floats(found[contribution_column(rule.index)])
        fired[:, rule.index] = _flags(found[fired_column(rule.index)])
    raw = {
        name: _raw_values(found[raw_column(k)], name in json_columns)
        for k, name in enumerate(raw_columns)
    }
    return RuleMatrix(
        compiled=compiled,
        lead_ids=[str(v).split(DUPLICATE_MARK, 1)[0] for v in found["lead_id"]],
        contributions=contributions + 0.0,
        fired=fired,
        scores=_floats(found["score"]) + 0.0,
        dimensions={name: _floats(found[name]) + 0.0 for name in compiled.dimension_names},
        tiers=[None if _is_null(v) else str(v) for v in found["tier"]],
        raw=raw,
        path=str(job.leads),
        lines=None,
    )


def _is_json(schema: Any, name: str) -> bool:
    return bool(schema.resolve("lead", tuple(name.split(".")), "l").kind == "dynamic")


def _floats(values: Any) -> Floats:
    return np.asarray(np.ma.filled(values, 0.0), dtype=np.float64)


def _flags(values: Any) -> Bools:
    return np.asarray(np.ma.filled(values, False), dtype=np.bool_)


def _is_null(value: Any) -> bool:
    return value is None or value is np.ma.masked


def cells(values: list[Any]) -> Cells:
    """A 1-d object array of values (lists and objects stay single cells)."""
    found = np.empty(len(values), dtype=object)
    for row, value in enumerate(values):
        found[row] = value
    return found


def _raw_values(values: Any, is_json: bool) -> Cells:
    """Raw cells as the Python reader gives them: JSON values decoded, NULL as None."""
    missing = np.ma.getmaskarray(values)
    found = np.asarray(np.ma.getdata(values), dtype=object).copy()
    found[missing] = None
    if is_json:
        for row in np.flatnonzero(~missing):
            found[row] = json.loads(str(found[row]))
    return found
