"""Outcomes: did each lead convert? Read once and aligned to the rule matrix's rows.

Either a lead column (`--outcome converted`) or a file (`--outcomes won.csv`: CSV, JSON
Lines or Parquet with `lead_id`, `converted`, optional `converted_at` and `value`). Values
are 1/0, true/false or yes/no in any case; anything else is an error at its file:line.

With `converted_at` the backtest is point-in-time (issue 9): a conversion counts when it
happens after `as_of` and within the horizon; leads that converted before `as_of` are
left out (and counted). Leads missing from an outcomes file count as not converted.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from ..diagnostics import DiagnosticError, SourceMap, did_you_mean, error
from ..engines.base import ScoreJob
from ..io.readers import data_format
from ..source import Source
from ..timeutil import InstantError, parse_instant
from .matrix import Bools, Floats, RuleMatrix

MISSING_OUTCOME_COLUMN = "SD530"  # --outcome names a column no lead has
BAD_OUTCOME = "SD531"  # a converted value that is not 1/0, true/false, yes/no
UNKNOWN_OUTCOME_LEAD = "SD532"  # an outcomes row for a lead id the leads file lacks
DUPLICATE_OUTCOME = "SD533"  # two outcomes rows for one lead
NO_POSITIVES = "SD534"  # nothing converted (or everything did): no figure means anything
OUTCOMES_COLUMNS = "SD535"  # an outcomes file without lead_id or converted
BAD_OUTCOME_FIELD = "SD536"  # converted_at not an instant, value not a number
DUPLICATE_LEAD = "SD537"  # a lead id twice in the leads file: outcomes cannot be joined
OUTCOME_USAGE = "SD630"  # --outcome and --outcomes: exactly one

_TRUE = {"1", "true", "yes", "1.0"}
_FALSE = {"0", "false", "no", "0.0"}
_VALUES_HELP = "write 1/0, true/false or yes/no (any case)"
_SUGGEST_LIMIT = 50_000  # ids compared for a "did you mean" (difflib is quadratic-ish)


class UsageError(DiagnosticError):
    """A mistake on the command line (exit 2), not in the data (exit 3)."""


@dataclass(frozen=True)
class Outcomes:
    """Aligned with the matrix rows: who converted, deal values, which rows count."""

    converted: Bools
    value: Floats | None  # deal amounts (0 where not converted or not given)
    keep: Bools  # False: converted before as_of (point-in-time), left out
    source: str  # "column `converted`" or the outcomes file
    missing: int = 0  # leads without an outcomes row (counted as not converted)

    @property
    def excluded(self) -> int:
        return int((~self.keep).sum())


@dataclass(frozen=True)
class OutcomeRow:
    lead_id: str
    converted: bool
    converted_at: datetime | None
    value: float | None
    line: int


def parse_converted(value: Any) -> bool | None:
    """1/0, true/false, yes/no (any case) as a bool; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return True if value == 1 else False if value == 0 else None
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else None
    return None


# ---------------------------------------------------------------- a lead column


def from_column(matrix: RuleMatrix, column: str, job: ScoreJob) -> Outcomes:
    values = matrix.raw[column]
    if matrix.size and all(v is None for v in values):
        raise _missing_column(column, job)
    converted = np.zeros(matrix.size, dtype=np.bool_)
    for row, value in enumerate(values):
        parsed = parse_converted(value)
        if parsed is None:
            raise _bad_value(matrix, job, row, column, value)
        converted[row] = parsed
    keep = np.ones(matrix.size, dtype=np.bool_)
    return Outcomes(converted, None, keep, f"column `{column}`")


def _missing_column(column: str, job: ScoreJob) -> UsageError:
    names = lead_columns(job)
    hint = did_you_mean(column, names) or (
        f"the leads have {', '.join(f'`{n}`' for n in names[:30])}" if names else None
    )
    message = f"no lead in {job.leads} has a column `{column}` for --outcome"
    return UsageError([error(MISSING_OUTCOME_COLUMN, message, help=hint)])


def _bad_value(
    matrix: RuleMatrix, job: ScoreJob, row: int, column: str, value: Any
) -> DiagnosticError:
    line = matrix.line(row, job)
    lead = matrix.lead_ids[row]
    shown = "no value" if value is None else f"`{value}`"
    message = f"lead `{lead}` has {shown} in outcome column `{column}`"
    return _at_line(BAD_OUTCOME, message, matrix.path, line, _VALUES_HELP)


def lead_columns(job: ScoreJob) -> list[str]:
    """The attribute names of the first lead (dotted for nested ones), for hints."""
    with job.reader() as reader:
        for record in reader:
            return sorted(_flat_keys(record.lead.attributes))
    return []


def _flat_keys(data: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in data.items():
        yield prefix + key
        if isinstance(value, dict):
            yield from _flat_keys(value, f"{prefix}{key}.")


# ---------------------------------------------------------------- an outcomes file


def from_file(
    matrix: RuleMatrix, path: Path, as_of: datetime, horizon: timedelta, as_of_given: bool
) -> Outcomes:
    """Join an outcomes file to the matrix by lead id (point-in-time with converted_at)."""
    rows, has_at = read_file(path)
    index = _lead_index(matrix, path)
    converted = np.zeros(matrix.size, dtype=np.bool_)
    keep = np.ones(matrix.size, dtype=np.bool_)
    values = np.zeros(matrix.size, dtype=np.float64)
    has_value = False
    if has_at and not as_of_given:
        raise UsageError(
            [
                error(
                    OUTCOME_USAGE,
                    f"{path} has `converted_at`: the backtest is point-in-time and needs --as-of",
                    help="score as of the day the leads were judged, e.g. --as-of 2026-06-01",
                )
            ]
        )
    seen: dict[str, int] = {}
    for row in rows:
        position = index.get(row.lead_id)
        if position is None:
            raise _unknown_lead(row, path, matrix)
        if row.lead_id in seen:
            message = (
                f"lead `{row.lead_id}` has a second outcome (first on line {seen[row.lead_id]})"
            )
            help = "keep one row per lead: its latest outcome"
            raise _at_line(DUPLICATE_OUTCOME, message, str(path), row.line, help)
        seen[row.lead_id] = row.line
        won, counted = _point_in_time(row, as_of, horizon)
        converted[position] = won
        keep[position] = counted
        if row.value is not None:
            has_value = True
            values[position] = row.value if won else 0.0
    missing = matrix.size - len(seen)
    return Outcomes(converted, values if has_value else None, keep, str(path), missing)


def _point_in_time(row: OutcomeRow, as_of: datetime, horizon: timedelta) -> tuple[bool, bool]:
    """(converted, kept): converted before as_of is left out; after the horizon is a no."""
    if not row.converted or row.converted_at is None:
        return row.converted, True
    if row.converted_at < as_of:
        return True, False
    return row.converted_at <= as_of + horizon, True


def _lead_index(matrix: RuleMatrix, path: Path) -> dict[str, int]:
    index: dict[str, int] = {}
    for row, lead_id in enumerate(matrix.lead_ids):
        if lead_id in index:
            message = f"lead id `{lead_id}` appears twice in {matrix.path}: outcomes in {path} cannot be joined to it"
            raise DiagnosticError(
                [error(DUPLICATE_LEAD, message, help="give every lead its own id")]
            )
        index[lead_id] = row
    return index


def _unknown_lead(row: OutcomeRow, path: Path, matrix: RuleMatrix) -> DiagnosticError:
    ids = matrix.lead_ids
    hint = did_you_mean(row.lead_id, ids) if len(ids) <= _SUGGEST_LIMIT else None
    if hint is None:
        hint = f"ids in {matrix.path} include {', '.join(ids[:5])}" if ids else "no leads"
    message = f"outcome for lead `{row.lead_id}`, which is not in {matrix.path}"
    return _at_line(UNKNOWN_OUTCOME_LEAD, message, str(path), row.line, hint)


def read_file(path: Path) -> tuple[list[OutcomeRow], bool]:
    """The rows of an outcomes file and whether it has a `converted_at` column."""
    fmt = data_format(path)
    if fmt == "csv":
        records, names = _csv_records(path)
    elif fmt == "parquet":
        records, names = _parquet_records(path)
    else:
        records, names = _jsonl_records(path)
    for required in ("lead_id", "converted"):
        if required not in names:
            hint = did_you_mean(required, names) or f"the columns are {', '.join(names)}"
            message = f"{path} has no `{required}` column"
            raise DiagnosticError([error(OUTCOMES_COLUMNS, message, help=hint)])
    rows = [_outcome_row(fields, line, path) for line, fields in records]
    return rows, "converted_at" in names


def _outcome_row(fields: dict[str, Any], line: int, path: Path) -> OutcomeRow:
    lead_id = fields.get("lead_id")
    if lead_id is None or isinstance(lead_id, bool) or str(lead_id).strip() == "":
        raise _at_line(OUTCOMES_COLUMNS, "an outcome without a lead_id", str(path), line)
    lead_text = str(lead_id) if not isinstance(lead_id, float) else repr(lead_id)
    converted = parse_converted(fields.get("converted"))
    if converted is None:
        message = f"`converted` is {_shown(fields.get('converted'))} for lead `{lead_text}`"
        raise _at_line(BAD_OUTCOME, message, str(path), line, _VALUES_HELP)
    return OutcomeRow(
        lead_text,
        converted,
        _instant(fields.get("converted_at"), path, line),
        _amount(fields.get("value"), path, line),
        line,
    )


def _instant(value: Any, path: Path, line: int) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        return parse_instant(value)
    except InstantError as exc:
        raise _at_line(BAD_OUTCOME_FIELD, f"`converted_at`: {exc}", str(path), line) from None


def _amount(value: Any, path: Path, line: int) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        message = f"`value` is {_shown(value)}, not a number"
        raise _at_line(BAD_OUTCOME_FIELD, message, str(path), line) from None


def _shown(value: Any) -> str:
    return "missing" if value is None else f"`{value}`"


def _csv_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        names = list(reader.fieldnames or [])
        # reader.line_num is the physical line a record ends on (quoted newlines count)
        records = [
            (reader.line_num, {k: (v if v != "" else None) for k, v in row.items()})
            for row in reader
        ]
    return records, names


def _jsonl_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    records: list[tuple[int, dict[str, Any]]] = []
    names: dict[str, None] = {}
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                fields = json.loads(text)
            except json.JSONDecodeError as exc:
                raise _at_line(BAD_OUTCOME_FIELD, f"not JSON: {exc.msg}", str(path), line) from None
            if not isinstance(fields, dict):
                raise _at_line(BAD_OUTCOME_FIELD, "not a JSON object", str(path), line)
            names.update(dict.fromkeys(fields))
            records.append((line, fields))
    return records, list(names)


def _parquet_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    table = pq.read_table(path)
    rows = table.to_pylist()
    return [(i, row) for i, row in enumerate(rows, start=1)], list(table.column_names)


def _at_line(
    code: str, message: str, path: str, line: int, help: str | None = None
) -> DiagnosticError:
    """A diagnostic pointing at one line of a data file, its text quoted when readable."""
    text = _line_text(path, line)
    source = Source(path, text, first_line=line)
    span = source.span(0, len(text))
    return DiagnosticError([error(code, message, span, help)], SourceMap([source]))


def _line_text(path: str, line: int) -> str:
    if data_format(path) == "parquet" or line < 1:
        return ""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if number == line:
                return text.rstrip("\r\n")
    return ""


# ---------------------------------------------------------------- checks


def require_both_classes(outcomes: Outcomes) -> None:
    """No positives (or no negatives): AUC, lift and fitting mean nothing."""
    counted = outcomes.converted[outcomes.keep]
    positives = int(counted.sum())
    if positives == 0 or positives == len(counted):
        what = "no lead converted" if positives == 0 else "every lead converted"
        message = f"{what} according to {outcomes.source} ({len(counted)} leads counted)"
        help = "check the outcome column and its values (1/0, true/false, yes/no)"
        if positives == 0 and outcomes.excluded:
            help = f"{outcomes.excluded} leads converted before --as-of and were left out; try an earlier --as-of"
        raise DiagnosticError([error(NO_POSITIVES, message, help=help)])
