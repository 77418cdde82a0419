"""JSON Lines files: one Row a non-blank line, parsed as strict JSON (no NaN, no lone
surrogates, bounded nesting and integer length), read a line at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from .files import capped_lines, decode_line, universal_lines
from .problems import BAD_JSON, MAX_DATA_NESTING, RecordProblem, not_utf8, too_deep, too_long
from .records import RawRecord, Row, open_binary


class _NonStandardNumber(ValueError):
    """NaN or Infinity, which Python's json accepts and JSON does not."""


def _no_constants(name: str) -> Any:
    raise _NonStandardNumber(name)


# Python's own cap on int(text); longer integers are refused as a record problem.
MAX_INT_DIGITS = 4300


class _NumberTooLong(ValueError):
    """An integer with more digits than MAX_INT_DIGITS."""


def _int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _NumberTooLong(text[:20])
    return int(text)


# One decoder for every line: json.loads with an option builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_no_constants, parse_int=_int)


def _loads(text: str) -> Any:
    if text.startswith("\ufeff"):  # json.loads words this error; the bare decoder does not
        return json.loads(text, parse_constant=_no_constants, parse_int=_int)
    return _DECODER.decode(text)


def _hostile(text: str, value: Any) -> bool:
    """Cheap test for what _decoded_problem looks for (a surrogate escape, or nesting past
    the limit): when False, that walk would find nothing."""
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None:
        return True
    return text.count("[") + text.count("{") > MAX_DATA_NESTING and _too_deep_value(value)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _too_deep_value(value: Any) -> bool:
    """Whether a parsed value holds an array or object at depth MAX_DATA_NESTING: one level
    at a time, each a comprehension over the containers' members (no call per value, as
    the walk makes, for what a 50-event lead mostly is: shallow)."""
    level = [value] if type(value) is dict or type(value) is list else []
    for _ in range(MAX_DATA_NESTING):
        if not level:
            return False
        level = [
            child
            for item in level
            for child in (item.values() if type(item) is dict else item)
            if type(child) is dict or type(child) is list
        ]
    return bool(level)


def _decoded_problem(value: Any) -> RecordProblem | None:
    """A parsed record nested too deep, or holding a lone surrogate (not Unicode): walked
    without recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_DATA_NESTING:
                return too_deep()
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return RecordProblem(
                    BAD_JSON,
                    f"text holds a lone surrogate (\\u{ord(item[exc.start]):x}), "
                    "which is not a Unicode character",
                    help="escape only whole characters; an emoji is a pair like \\ud83d\\ude00",
                )
    return None


def _parse_json_line(raw: RawRecord) -> Row:
    text = raw.text
    try:
        value = _loads(text)
        problem = _decoded_problem(value) if _hostile(text, value) else None
        return Row(raw, value) if problem is None else Row(raw, problem=problem)
    except RecursionError:
        problem = too_deep()
    except _NumberTooLong as exc:
        offset = max(0, text.find(str(exc.args[0])))
        problem = RecordProblem(
            BAD_JSON,
            f"number with more than {MAX_INT_DIGITS} digits",
            help="write such a value as a string",
            offset=offset,
        )
    except json.JSONDecodeError as exc:
        help = "each line must hold one complete JSON object"
        if exc.pos >= len(text.rstrip()):
            help += "; a lead must fit on one line (JSON Lines)"
        problem = RecordProblem(BAD_JSON, f"not valid JSON: {exc.msg}", help, offset=exc.pos)
    except _NonStandardNumber as exc:
        constant = str(exc.args[0])
        offset = max(0, text.find(constant))
        problem = RecordProblem(
            BAD_JSON,
            f"not valid JSON: {constant} is not a JSON number",
            help="write null for an unknown number",
            offset=offset,
        )
    return Row(raw, problem=problem)


def jsonl_rows(path: str, consumed: Callable[[int], None]) -> Iterator[Row]:
    """One row a non-blank line, parsed as JSON; a line is never read before it is needed."""
    with open_binary(path) as handle:
        for number, data in enumerate(universal_lines(capped_lines(handle)), start=1):
            if data is None:
                yield Row(RawRecord(path, number, "", ""), problem=too_long())
                continue
            consumed(len(data))
            text, bad_byte = decode_line(data)
            if number == 1:
                text = text.removeprefix("\ufeff")
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            raw = RawRecord(path, number, text, text)
            if bad_byte is not None:
                yield Row(raw, problem=not_utf8(bad_byte))
            else:
                yield _parse_json_line(raw)
