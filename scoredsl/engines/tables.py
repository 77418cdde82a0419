"""Lead data files -> the DuckDB relations the compiled SQL reads (`leads`, `events`).

Both spec-10 shapes are read: the lead form (JSON Lines with nested attributes and events)
and tables (a leads file, CSV/Parquet/JSON Lines, plus an optional events file).

    leads:  id VARCHAR, _ord BIGINT (input position), one column per attribute
    events: lead_id VARCHAR, _ord BIGINT, type VARCHAR, at TIMESTAMP (UTC), one column per property
            (a view over the file, never a copy; it may also hold events of leads not in
            `leads`, which the scoring query's join from `leads` never scores)

CSV columns are VARCHAR with an empty cell NULL (absent), as the Python reader sees them;
Parquet columns keep their types; JSON Lines values are JSON columns (JSON null -> NULL).
Validation finds bad records in SQL; the few it finds are then read again by the Python
reader's own functions, so messages, codes, lines and rejects files are the same as with
`--engine python` (see `problems`).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import duckdb
from sqlglot import exp

from ..io import readers
from ..io.readers import DataFormat, data_format
from . import instants
from .sqltext import call, column, duck, ident, json_key_path, sql, table, text

# Where a record's row number in its file is kept, before the contract's `_ord`.
POS = "_pos"
_CLEAN_POS = "__scoredsl_pos"
_INTERNAL = {POS, "_object", "_json"}  # scan bookkeeping, never attributes or properties


# DuckDB's JSON reader refuses a line over its `maximum_object_size` and holds buffers of
# about that size for each scan: the longest line written (at most the Python reader's
# record limit, MAX_RECORD_BYTES), with room for the newline, and never under DuckDB's
# default 16 MiB.
_MIN_OBJECT_BYTES = 16 * 1024 * 1024
_OBJECT_SLACK = 1024


@dataclass(frozen=True)
class Source:
    """One input file as scanned into DuckDB: a view `_pos, <columns>` (the record's
    position in the file), read from the file each time it is queried."""

    path: str
    format: DataFormat
    table: str
    columns: dict[str, str]  # name -> DuckDB type, `_pos` excluded
    shape_ok: exp.Expr = field(default_factory=exp.true)  # the row is an object (JSON Lines)
    structural: tuple[int, ...] = ()  # positions of malformed CSV records, not in `table`


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection that keeps file order and reads instants as the Python engine does."""
    config: dict[str, str | bool | int | float | list[str]] = {}
    if threads is not None:
        config["threads"] = int(threads)
    con = duckdb.connect(config=config)
    con.execute("SET preserve_insertion_order = true")
    # query_progress() reports only with the progress bar on; DuckDB's own printing stays off.
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    if _has_timezones(con):
        con.execute("SET TimeZone = 'UTC'")
    instants.install(con)
    return con


def connection_folder(con: duckdb.DuckDBPyConnection) -> tuple[str, Callable[[], None]]:
    """A temp folder for files the connection's views read, and the function removing it;
    it is also removed when the connection is collected (its views cannot outlive it)."""
    folder = tempfile.mkdtemp(prefix="scoredsl-")
    return folder, weakref.finalize(con, shutil.rmtree, folder, ignore_errors=True)


def _has_timezones(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT current_setting('TimeZone')")
    except duckdb.Error:
        return False
    return True


# ---------------------------------------------------------------- scanning files


def scan(
    con: duckdb.DuckDBPyConnection,
    path: str,
    table: str,
    required: readers.Required,
    scratch: str | None = None,
    *,
    keys: bool = True,
) -> Source:
    """Make `table` a view of one file with `_pos` = its record's position in the file.

    `scratch` is a folder that lives as long as the connection (default: one made by
    connection_folder): a view may read a file there (JSON Lines as Python parsed it, a
    CSV without its malformed records). `keys` False: a JSON Lines file's top-level keys
    are not columns (the lead form reads `_json`).
    """
    if scratch is None:
        scratch, _ = connection_folder(con)
    fmt = data_format(path)
    _check_header(path, fmt, required)
    if fmt == "parquet":
        return _scan_parquet(con, path, table)
    if fmt == "csv":
        return _scan_csv(con, path, table, scratch)
    return _scan_jsonl(con, path, table, scratch, keys=keys)


def _check_header(path: str, fmt: DataFormat, required: readers.Required) -> None:
    """File-level problems (unreadable, no `id` column...) stop the run as with Python."""
    if fmt == "parquet" and _parquet_header_ok(path, required):
        return  # the reader would find nothing wrong: no need to decode its first rows
    rows = readers.read_rows(path, fmt, required, readers.no_progress)
    try:
        next(iter(rows), None)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _parquet_header_ok(path: str, required: readers.Required) -> bool:
    """The Parquet footer alone shows a readable file with distinct, named columns and the
    required ones; any doubt is left to the Python reader, which words the error."""
    import pyarrow.parquet as pq

    try:
        names = list(pq.read_schema(path).names)
    except Exception:  # noqa: BLE001 - any failure: the reader says what it is
        return False
    return all(names) and len(set(names)) == len(names) and set(required) <= set(names)


_PARQUET_VIEW = (
    "CREATE OR REPLACE VIEW __t__ AS SELECT * EXCLUDE (file_row_number), "
    "file_row_number AS _pos FROM read_parquet(__path__, file_row_number = true)"
)


def _scan_parquet(con: duckdb.DuckDBPyConnection, path: str, name: str) -> Source:
    view = duck(_PARQUET_VIEW, t=ident(name), path=text(path))
    con.execute(sql(view))
    untyped = [col for col, kind in _columns(con, name).items() if kind.strip('"') == "NULL"]
    if untyped:  # Arrow's null type: every value absent, as the Python reader sees it
        star = view.find(exp.Star)
        assert star is not None
        casts = [exp.alias_(exp.cast(exp.null(), "VARCHAR"), ident(col)) for col in untyped]
        star.set("replace", casts)
        con.execute(sql(view))
    return Source(path, "parquet", name, _columns(con, name))


def _scan_csv(con: duckdb.DuckDBPyConnection, path: str, name: str, scratch: str) -> Source:
    header = _csv_header(path)
    try:
        _csv_view(con, path, name, header, pos=None)
        bad: list[int] = []
    except duckdb.Error:
        bad, path_clean = _clean_csv(path, header, scratch)
        _csv_view(con, path_clean, name, header, pos=_CLEAN_POS)
    return Source(path, "csv", name, _columns(con, name), structural=tuple(bad))


def _csv_header(path: str) -> list[str]:
    # The header was checked as UTF-8 already; a bad byte further on is a record's problem,
    # found by the Python reader, so decoding the rest of the buffer must not fail here.
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return next(csv.reader(handle), [])


_CSV_VIEW = (
    "CREATE OR REPLACE VIEW __t__ AS SELECT * FROM read_csv(__path__, header = true, "
    "auto_detect = false, columns = __columns__, delim = ',', quote = '\"', escape = '\"', "
    "strict_mode = true, null_padding = false) WITH ORDINALITY"
)


def _csv_view(
    con: duckdb.DuckDBPyConnection, path: str, name: str, header: list[str], pos: str | None
) -> None:
    """A view of the CSV file, each record's position from DuckDB's ordinality (row_number()
    OVER () of the scan: the records in file order, whatever the threads), or from the
    `pos` column of a cleaned copy. DuckDB reads the file when the view is queried, so the
    file is read once here, every cell touched: a file DuckDB refuses fails now, not later."""
    names = ([pos] if pos else []) + header
    types = exp.Struct(
        expressions=[exp.PropertyEQ(this=text(n), expression=text("VARCHAR")) for n in names]
    )
    view = duck(_CSV_VIEW, t=ident(name), path=text(path), columns=types)
    cells = [exp.alias_(exp.func("nullif", column(n), text("")), ident(n)) for n in header]
    position = column(pos) if pos else duck("ordinality - 1")
    view.expression.set("expressions", [*cells, exp.alias_(exp.cast(position, "BIGINT"), POS)])
    con.execute(sql(view))
    probe = exp.select(exp.Count(this=exp.Star()), *(exp.Count(this=column(n)) for n in header))
    con.execute(sql(probe.from_(table(name)))).fetchall()


def _clean_csv(path: str, header: list[str], scratch: str) -> tuple[list[int], str]:
    """DuckDB refused the file: find the malformed records as the Python reader does and
    write the others (with their original position) to a temp file DuckDB can read."""
    bad: list[int] = []
    fd, temp = tempfile.mkstemp(suffix=".csv", dir=scratch)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_CLEAN_POS, *header])
        for ordinal, row in enumerate(readers.read_rows(path, "csv", {}, readers.no_progress)):
            if row.problem is not None:
                bad.append(ordinal)
                continue
            cells = row.fields
            writer.writerow([ordinal, *(cells.get(name, "") for name in header)])
    return bad, temp


_JSON_VIEW = (
    "CREATE OR REPLACE VIEW __t__ AS SELECT json AS j, CAST(ordinality - 1 AS BIGINT) AS _pos "
    "FROM read_json(__path__, format = 'newline_delimited', records = false, "
    "columns = {'json': 'JSON'}, ignore_errors = true, maximum_object_size = __size__) "
    "WITH ORDINALITY"
)
_JSON_OBJECTS = (
    "CREATE OR REPLACE VIEW __t__ AS SELECT _pos, "
    "coalesce(json_type(j) = 'OBJECT', false) AS _object, j AS _json FROM __s__"
)


def _scan_jsonl(
    con: duckdb.DuckDBPyConnection, path: str, name: str, scratch: str, *, keys: bool
) -> Source:
    """One JSON value a line (blank lines skipped, a malformed line NULL, so positions hold),
    as views over the file Python parsed: a line's position is DuckDB's ordinality of the
    scan (row_number() OVER (): file order whatever the threads)."""
    raw = ident(name + "_json")
    path_canonical, longest = _canonical_jsonl(path, scratch)
    size = exp.Literal.number(max(longest + _OBJECT_SLACK, _MIN_OBJECT_BYTES))
    con.execute(sql(duck(_JSON_VIEW, t=raw, path=text(path_canonical), size=size)))
    found = _json_keys(con, raw.name, "j") if keys else []
    objects = duck(_JSON_OBJECTS, t=ident(name), s=raw)
    objects.expression.select(
        *(exp.alias_(_json_field("j", key), ident(key)) for key in found), copy=False
    )
    con.execute(sql(objects))
    # A malformed line is a NULL value here: not an object, so it is checked like one.
    return Source(path, "jsonl", name, _columns(con, name), shape_ok=exp.column("_object"))


# Python's json writes every value it read back as standard JSON, keys once each.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_NOT_JSON = "!\n"  # what DuckDB reads as NULL (ignore_errors): the line stays in its place


def _canonical_jsonl(path: str, scratch: str) -> tuple[str, int]:
    """The file as Python's json reads it, one value a line, in a temp file DuckDB scans.

    DuckDB's own JSON reader differs from the Python reader's on legal and illegal input:
    with a key twice it keeps the first (Python the last, as JavaScript does), it reads
    NaN and Infinity, it splits lines its own way. Reading what Python parsed gives every
    engine the one reading of each line; a line Python rejects becomes no value, so SQL
    flags it and the reader says why, as for any bad record. Also returns the longest
    line's length in bytes, when over _MIN_OBJECT_BYTES (0 when none is: a character is at
    most 4 bytes, so only a long line is counted).
    """
    fd, temp = tempfile.mkstemp(prefix="scoredsl-", suffix=".jsonl", dir=scratch)
    longest = 0
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        for row in readers.read_rows(path, "jsonl", {}, readers.no_progress):
            line = _NOT_JSON if row.problem else _CANONICAL.encode(row.fields) + "\n"
            if 4 * len(line) > max(longest, _MIN_OBJECT_BYTES):
                longest = max(longest, len(line.encode("utf-8")))
            out.write(line)
    return temp, longest


def _json_keys(con: duckdb.DuckDBPyConnection, name: str, json_column: str) -> list[str]:
    """Every key of the objects in a JSON column, in first-seen order."""
    return object_keys(con, name, column(json_column), column(POS))


_OBJECT_KEYS = (
    "SELECT key FROM (SELECT unnest(json_keys(__c__)) AS key, __o__ AS o FROM __t__ "
    "WHERE json_type(__c__) = 'OBJECT') GROUP BY key ORDER BY min(o), key"
)


def object_keys(
    con: duckdb.DuckDBPyConnection, name: str, value: exp.Expr, order: exp.Expr
) -> list[str]:
    """Every key of the JSON objects in `value` over a table, in first-seen `order`."""
    query = duck(_OBJECT_KEYS, c=value, o=order, t=ident(name))
    return [str(row[0]) for row in con.execute(sql(query)).fetchall()]


def _json_field(json_column: str, key: str) -> exp.Expr:
    """An object's member as JSON, with JSON null read as absent (SQL NULL)."""
    value = call("json_extract", column(json_column), json_key_path(key))
    return duck("CASE WHEN json_type(__v__) = 'NULL' THEN NULL ELSE __v__ END", v=value)


def describe(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    """A relation's columns and their DuckDB types."""
    rows = con.execute(sql(exp.Describe(this=table(name)))).fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    rows = describe(con, name)
    return {str(name): str(kind) for name, kind, *_ in rows if name not in _INTERNAL}


def iter_positions(source: Source, wanted: set[int]) -> Iterator[tuple[int, readers.Row]]:
    """The Python reader's rows at the given positions, read again from the file."""
    if not wanted:
        return
    last = max(wanted)
    for ordinal, row in enumerate(
        readers.read_rows(source.path, source.format, {}, readers.no_progress)
    ):
        if ordinal in wanted:
            yield ordinal, row
        if ordinal >= last:
            return
