"""Value semantics of spec 7: path lookup, missing values, coercions, case-insensitive text.

The compiled evaluator and explain both use these functions, so they cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

# The largest magnitude a rule's points, a `max` cap or a `range` bound may have (SD411).
# Every integer and every cent step up to it is exact in a float, and no sum of such points
# over any number of events a machine can hold comes near the float range (1e308): no
# engine ever meets an infinity, and rounding never meets a number too long for it.
SCORE_LIMIT: Final = 1e15


def lookup(data: Mapping[str, Any], parts: tuple[str, ...]) -> Any:
    """Walk nested objects; a flat key holding dots (`"company.size"`) is found as well.

    Absent and null are both MISSING.
    """
    for cut in range(len(parts), 0, -1):
        key = parts[0] if cut == 1 else ".".join(parts[:cut])
        if key not in data:
            continue
        value = data[key]
        if cut == len(parts):
            return MISSING if value is None else value
        if isinstance(value, Mapping):
            found = lookup(value, parts[cut:])
            if found is not MISSING:
                return found
    return MISSING


def is_scalar(value: Any) -> bool:
    """A string, number or boolean (what `not in` requires); a Decimal is a number."""
    return isinstance(value, str | int | float | bool | Decimal)


def as_number(value: Any) -> float | None:
    """A number, or a string holding one (as CSV gives); None for anything else.

    A Decimal (a Parquet DECIMAL column, warehouse money) is the float nearest to it, as the
    SQL engines read DECIMAL as DOUBLE: one answer on every engine.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except OverflowError:  # an integer past the float range: not finite, so no number
            return None
    elif isinstance(value, str):
        text = value.strip()
        if not text.isascii():  # float() reads ١٢٣ as 123; JSON and SQL read no such digits
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_text(value: Any) -> str | None:
    """The text of a scalar: strings as they are, numbers as written, booleans as true/false."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):  # a number like any other: the text of its float
        value = float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # Whole floats print as integers up to 1e18, as SQL's BIGINT path does; repr beyond.
        return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)
    return None


def as_bool(value: Any) -> bool | None:
    """A boolean, or the strings "true"/"false" in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in ("true", "false"):
            return folded == "true"
    return None


def fold(text: str) -> str:
    """Case-insensitive comparison key."""
    return text.casefold()


def round_half_away(value: float) -> float:
    """Round to 2 decimals, half away from zero, on the value as written (2.675 -> 2.68).

    From SCORE_LIMIT up a float has no digits below 0.125 worth rounding: it is kept as it
    is, as the SQL engines keep it (and Decimal.quantize would overflow its 28 digits)."""
    if not abs(value) < SCORE_LIMIT:
        return value + 0.0
    rounded = float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return rounded + 0.0  # turns -0.0 into 0.0


def add_in_order(values: Iterable[float]) -> float:
    """Plain left-to-right float addition. Not sum(): from Python 3.12 it compensates
    rounding errors, and the SQL engines (which must agree to the last bit) do not."""
    total = 0.0
    for value in values:
        total += value
    return total


def describe(value: Any) -> str:
    """A value as a user would write it, for explanations."""
    if value is MISSING:
        return "missing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    return str(value)
