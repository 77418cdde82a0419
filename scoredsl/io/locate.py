"""Where a field is in a record's text (JSON or one CSV record), to put a caret under it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .problems import Loc


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def json_locate(text: str, loc: Loc, key: bool) -> tuple[int, int] | None:
    """Offsets of the value (or key) at `loc` in a JSON text that json already accepted."""
    decoder = json.JSONDecoder()
    try:
        position, key_span = _skip_ws(text, 0), None
        for step in loc:
            position, key_span = _json_child(decoder, text, position, step)
        if key and key_span is not None:
            return key_span
        return position, decoder.raw_decode(text, position)[1]
    except (ValueError, IndexError, LookupError):
        return None


def _json_child(
    decoder: json.JSONDecoder, text: str, position: int, step: str | int
) -> tuple[int, tuple[int, int] | None]:
    """Where the member `step` (object key or array index) of the value at `position` starts."""
    opener = "{" if isinstance(step, str) else "["
    if text[position] != opener:
        raise LookupError(step)
    index, count = _skip_ws(text, position + 1), 0
    while text[index] not in "}]":
        key_span = None
        if opener == "{":
            name, key_end = decoder.raw_decode(text, index)
            key_span = (index, key_end)
            index = _skip_ws(text, _skip_ws(text, key_end) + 1)  # past the colon
            if name == step:
                return index, key_span
        elif count == step:
            return index, None
        index = _skip_ws(text, decoder.raw_decode(text, index)[1])
        if text[index] == ",":
            index = _skip_ws(text, index + 1)
        count += 1
    raise LookupError(step)


def csv_locate(text: str, columns: Sequence[str], step: str | int) -> tuple[int, int] | None:
    index = columns.index(step) if isinstance(step, str) and step in columns else step
    if not isinstance(index, int):
        return None
    spans = _csv_field_spans(text)
    return spans[index] if 0 <= index < len(spans) else None


def _csv_field_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each field of one CSV record (quotes included)."""
    spans: list[tuple[int, int]] = []
    start, quoted = 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans
