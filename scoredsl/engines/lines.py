"""Result records as text lines built in SQL, in exactly the bytes scoredsl.io.writers writes.

DuckDB writes the records itself (COPY of one text column, unquoted), so no result row
becomes a Python object. Each byte is the Python writers' on purpose:

- numbers: DuckDB's DOUBLE -> VARCHAR is the shortest round-trip text, as Python's
  `repr(float)` (18.0, 0.30000000000000004, 1e+22); `+ 0.0` turns -0.0 into 0.0 as the
  engines' `_number` does;
- JSON strings: json's escapes with ensure_ascii=False (backslash, quote, the short forms
  \\b \\f \\n \\r \\t, other control characters as \\u00XX), everything else as is;
- JSON keys (dimension names) and the CSV header: encoded by Python itself, once;
- CSV cells: quoted when Python's csv module quotes them (probed, not assumed), with
  doubled quotes.

Built as sqlglot trees: user text only ever enters as literals.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import cache

from sqlglot import exp

from ..io.writers import CsvWriter

# json.encoder's ESCAPE_DCT for ensure_ascii=False: backslash and quote first, so the
# escapes added for control characters are not escaped again.
_SHORT = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_SPECIAL = '[\\x00-\\x1f"\\\\]'  # an RE2 class: what json escapes


def _text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _chr(code: int) -> exp.Expr:
    return exp.func("chr", exp.Literal.number(code))


def _concat(*parts: exp.Expr) -> exp.Expr:
    joined = parts[0]
    for part in parts[1:]:
        joined = exp.DPipe(this=joined, expression=part)
    return joined


def _replace(value: exp.Expr, old: exp.Expr, new: str) -> exp.Expr:
    return exp.func("replace", value, old, _text(new))


def json_string(value: exp.Expr) -> exp.Expr:
    """A VARCHAR as a JSON string literal, quotes included, as json.dumps writes it."""
    escaped = _replace(_replace(value.copy(), _text("\\"), "\\\\"), _text('"'), '\\"')
    for code in range(0x20):
        char = chr(code)
        escaped = _replace(escaped, _chr(code), _SHORT.get(char, f"\\u{code:04x}"))
    special = exp.func("regexp_matches", value.copy(), _text(_JSON_SPECIAL))
    body = exp.Case(ifs=[exp.If(this=special, true=escaped)], default=value.copy())
    return _concat(_text('"'), body, _text('"'))


def number_text(value: exp.Expr) -> exp.Expr:
    """A score as Python writes a float (repr), -0.0 as 0.0."""
    double = exp.cast(value, exp.DataType.Type.DOUBLE)
    plus_zero = exp.Add(this=double, expression=exp.Literal.number("0.0"))
    return exp.cast(exp.Paren(this=plus_zero), exp.DataType.Type.VARCHAR)


@cache
def _csv_quoted_characters() -> str:
    """The characters that make Python's csv writer quote a cell (its rule differs
    between Python versions for a carriage return, so it is asked, not assumed)."""
    found = []
    for char in ",\"\r\n \t'":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([f"a{char}b", "x"])
        if out.getvalue().startswith('"'):
            found.append(char)
    return "".join(found)


def csv_cell(value: exp.Expr) -> exp.Expr:
    """A VARCHAR as Python's csv writer writes the cell (QUOTE_MINIMAL, doubled quotes)."""
    chars = _csv_quoted_characters()
    tests = [exp.func("contains", value.copy(), _chr(ord(char))) for char in chars]
    quoted = _concat(_text('"'), _replace(value.copy(), _text('"'), '""'), _text('"'))
    return exp.Case(ifs=[exp.If(this=exp.or_(*tests), true=quoted)], default=value.copy())


def _column(name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True))


def jsonl_line(dimensions: Sequence[str], lead_id: exp.Expr) -> exp.Expr:
    """One JsonlWriter line (without its newline) from the scoring query's columns."""
    parts: list[exp.Expr] = [
        _text('{"lead_id": '),
        json_string(lead_id),
        _text(', "score": '),
        number_text(_column("score")),
        _text(', "scores": {'),
    ]
    for index, name in enumerate(dimensions):
        key = ("" if index == 0 else ", ") + json.dumps(name, ensure_ascii=False) + ": "
        parts += [_text(key), number_text(_column(name))]
    tier = _column("tier")
    tier_json = exp.Case(
        ifs=[exp.If(this=exp.Is(this=tier, expression=exp.Null()), true=_text("null"))],
        default=json_string(tier.copy()),
    )
    parts += [_text('}, "tier": '), tier_json, _text("}")]
    return _concat(*parts)


def csv_line(dimensions: Sequence[str], lead_id: exp.Expr) -> exp.Expr:
    """One CsvWriter row (without its newline) from the scoring query's columns."""
    parts: list[exp.Expr] = [csv_cell(lead_id), _text(","), number_text(_column("score"))]
    for name in dimensions:
        parts += [_text(","), number_text(_column(name))]
    tier = exp.func("coalesce", csv_cell(_column("tier")), _text(""))
    parts += [_text(","), tier]
    return _concat(*parts)


def csv_header(dimensions: Sequence[str]) -> str:
    """The CSV header line, written by the Python writer itself."""
    out = io.StringIO()
    CsvWriter(out, dimensions).close()
    return out.getvalue()
