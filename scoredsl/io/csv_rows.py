"""CSV files: one Row a record (a quoted cell may span lines), every cell a string and an
empty cell absent; each record keeps its first physical line for messages."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from typing import IO

from .files import capped_lines, decode_line, universal_lines
from .headers import check_columns
from .problems import BAD_FILE, BAD_SHAPE, RecordProblem, not_utf8, too_long
from .records import RawRecord, Required, Row, fatal, open_binary

_CSV_HELP = 'give every row one cell per header column; quote a cell holding a comma: "Acme, Inc."'


class _CsvLines:
    """Feeds csv.reader decoded lines and keeps the physical lines of the current record."""

    def __init__(self, handle: IO[bytes], consumed: Callable[[int], None]) -> None:
        self._lines = universal_lines(capped_lines(handle))
        self._consumed = consumed
        self.number = 0
        self._pending: list[str] = []
        self._bad_byte: int | None = None

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        data = next(self._lines)
        self.number += 1
        if data is None:
            raise fatal(None, RecordProblem(BAD_FILE, f"line {self.number}: {too_long().message}"))
        self._consumed(len(data))
        text, bad_byte = decode_line(data)
        if self.number == 1:
            text = text.removeprefix("\ufeff")
        if bad_byte is not None and self._bad_byte is None:
            self._bad_byte = sum(map(len, self._pending)) + bad_byte
        self._pending.append(text)
        return text

    def take(self, path: str, header: Sequence[str]) -> tuple[RawRecord, int | None]:
        """The record read since the last call, and the offset of a non-UTF-8 byte in it."""
        first_line = self.number - len(self._pending) + 1
        text = "".join(self._pending).rstrip("\r\n")
        bad_byte = self._bad_byte
        self._pending, self._bad_byte = [], None
        return RawRecord(path, first_line, text, text, columns=header), bad_byte


def csv_rows(path: str, required: Required, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a CSV record; every cell a string, an empty cell an absent value."""
    with open_binary(path) as handle:
        lines = _CsvLines(handle, consumed)
        reader = csv.reader(lines, strict=True)
        header = _csv_header(path, reader, lines, required)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raw, _ = lines.take(path, header)
                yield Row(raw, problem=RecordProblem(BAD_SHAPE, f"malformed CSV: {exc}", _CSV_HELP))
                continue
            raw, bad_byte = lines.take(path, header)
            if cells:  # a blank line is no record
                yield _csv_row(raw, header, cells, bad_byte)


def _csv_row(raw: RawRecord, header: Sequence[str], cells: list[str], bad_byte: int | None) -> Row:
    if bad_byte is not None:
        return Row(raw, problem=not_utf8(bad_byte))
    if len(cells) != len(header):
        at = len(header) if len(cells) > len(header) else len(cells) - 1
        message = f"row has {len(cells)} fields but the header has {len(header)} columns"
        return Row(raw, problem=RecordProblem(BAD_SHAPE, message, _CSV_HELP, loc=(at,)))
    return Row(raw, {name: cell for name, cell in zip(header, cells, strict=True) if cell != ""})


def _csv_header(
    path: str, reader: Iterator[list[str]], lines: _CsvLines, required: Required
) -> list[str]:
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raw, _ = lines.take(path, [])
        raise fatal(
            raw, RecordProblem(BAD_SHAPE, f"malformed CSV header: {exc}", _CSV_HELP)
        ) from None
    raw, bad_byte = lines.take(path, header)
    if bad_byte is not None:
        raise fatal(raw, not_utf8(bad_byte))
    check_columns(path, raw, header, required)
    return header
