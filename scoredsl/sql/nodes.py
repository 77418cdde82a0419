"""Dialect-neutral SQL functions: what the compiler means, not how an engine spells it.

The compiler builds trees with these nodes; `dialects.lower` rewrites each one into the
functions of one engine, so engine differences live in one table and nowhere else.
"""

from __future__ import annotations

from sqlglot import exp


class Neutral(exp.Expression, exp.Func):
    """Base of the nodes every dialect must lower (or reject with a diagnostic)."""


class RegexSearch(Neutral):
    """RE2 search anywhere in `this` (spec 7 `matches`); `expression` is the pattern."""

    arg_types = {"this": True, "expression": True}


class RegexFull(Neutral):
    """True when the whole of `this` matches the pattern (guards for casts)."""

    arg_types = {"this": True, "expression": True}


class EpochMicros(Neutral):
    """A TIMESTAMP (UTC) as whole microseconds since 1970-01-01."""


class InstantMicros(Neutral):
    """An ISO 8601 text as epoch microseconds (UTC), as timeutil.parse_instant reads it;
    NULL when it is not one."""


class Fold(Neutral):
    """The case-insensitive comparison key of a text (Python's str.casefold)."""


class PyStrip(Neutral):
    """A text without leading and trailing whitespace, as Python's str.strip()."""


class DoubleText(Neutral):
    """The shortest text that reads back as the same double (Python's repr)."""


class DecayPower(Neutral):
    """`keep ** this` as C's pow() gives it (Python's float ** int, DuckDB's POWER): `this`
    is a whole number of periods (BIGINT) and `keep` the factor a period, a number literal."""

    arg_types = {"this": True, "keep": True}


class OrderedSum(Neutral):
    """SUM(this) adding values in the order of `expression` (the input order, `_ord`)."""

    arg_types = {"this": True, "expression": False}


class ListAny(Neutral):
    """True when some element `var` of the list `this` makes `expression` true."""

    arg_types = {"this": True, "var": True, "expression": True}


class JsonGet(Neutral):
    """The member `expression` (a key) of a JSON object; SQL NULL when absent."""

    arg_types = {"this": True, "expression": True}


class JsonIs(Neutral):
    """True when the JSON value `this` has the JSON type `kind`: 'string', 'integer',
    'double', 'boolean', 'array', 'object' or 'null'."""

    arg_types = {"this": True, "kind": True}


class JsonText(Neutral):
    """The text of a JSON string (unquoted)."""


class JsonNumber(Neutral):
    """The double of a JSON number."""


class JsonBool(Neutral):
    """The boolean of a JSON boolean."""


class JsonElements(Neutral):
    """The elements of a JSON array as a list of JSON values."""


class ToJson(Neutral):
    """Any value as JSON (to unify alternatives of different kinds)."""


class RoundHalfAway(Neutral):
    """values.round_half_away: 2 decimals, half away from zero, on the shortest repr."""


class AsTimestamp(Neutral):
    """A text (or parameter) read as a UTC instant: TIMESTAMP, or BigQuery's TIMESTAMP;
    with `safe`, NULL instead of an error when the text is no instant."""

    arg_types = {"this": True, "safe": False}


class NowUtc(Neutral):
    """The current instant when the query runs, as a UTC TIMESTAMP (`--as-of now`)."""

    arg_types = {"this": False}
