"""Instants and durations, exactly as spec section 9 reads them.

INSTANT_PATTERN is the one grammar of an instant's text (spec 9, v1.1): parse_instant reads
it here and the SQL engines read it through the same pattern (sql/dialects.py,
engines/instants.py), so no engine and no Python version reads a text differently. It is
written in the regex subset Python's re and RE2 agree on: ASCII classes, no lookaround.

Ages are compared in whole microseconds (ints) so that `within 30d` at exactly 30 days
is decided without floating-point doubt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

MICROS_PER_HOUR = 3_600_000_000
_UNIT_MICROS = {"h": MICROS_PER_HOUR, "d": 24 * MICROS_PER_HOUR, "w": 7 * 24 * MICROS_PER_HOUR}
_DURATION = re.compile(r"^(\d+)([hdw])$")

# Spec 9: YYYY-MM-DD, then optionally `T`, `t` or a space and HH:MM, HH:MM:SS or
# HH:MM:SS.f (1-9 digits), then optionally Z, z, +HH:MM, +HHMM or +HH (or -), with spaces
# around the whole value ignored. Year 0000, hour 24 and second 60 are outside the classes;
# an impossible day (2026-02-30) is left to the calendar (date() here, a DATE cast in SQL).
_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_HOUR = "([01][0-9]|2[0-3])"
_SIXTY = "([0-5][0-9])"
INSTANT_PATTERN = (
    f" *{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    f"(?:[Tt ]{_HOUR}:{_SIXTY}(?::{_SIXTY}(?:[.]([0-9]{{1,9}}))?)?"
    f"([Zz]|([+-]){_HOUR}(?::?{_SIXTY})?)?)? *"
)
# The pattern's groups, in order (SQL's regexp_extract names them).
INSTANT_GROUPS = (
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "fraction",
    "zone",
    "sign",
    "offset_hours",
    "offset_minutes",
)
_INSTANT = re.compile(INSTANT_PATTERN)
# What most exports write (2026-10-20T09:30:00Z): a sub-language of the grammar that
# fromisoformat reads the same way on every Python, and ten times faster.
_ZULU = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
_ZULU_SECONDS = re.compile(_ZULU)
# A lead's instants of that form, in bulk: joined by newlines, every ASCII digit made 0,
# they are copies of _ZULU_SHAPE; fromisoformat then refuses a month 13, hour 23+ or day
# the calendar lacks, as the grammar does (and "T24:" is kept out: newer Pythons read it).
_ZULU_SHAPE = "0000-00-00T00:00:00Z\n"
_ZULU_LENGTH = len(_ZULU_SHAPE) - 1
_ZULU_SHAPE_BYTES = _ZULU_SHAPE.encode("ascii")
# bytes.translate is a table lookup per byte, several times quicker than str.translate's
# dict per character: the texts are encoded first (a non-ASCII one is not of the form).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
# fromisoformat reads `Z` from Python 3.11 on; 3.10 needs the offset spelled out.
_READS_Z = sys.version_info >= (3, 11)
# The instants a datetime holds, as UTC epoch microseconds: a text whose offset moves it
# outside (0001-01-01T00:00:00+01:00) is no instant on any engine.
MIN_EPOCH_MICROS = -62_135_596_800_000_000
MAX_EPOCH_MICROS = 253_402_300_799_999_999
# The longest duration: its microseconds fit a signed 64-bit integer, as SQL engines need.
MAX_DURATION_DAYS = 100_000_000
_MAX_DURATION_MICROS = MAX_DURATION_DAYS * _UNIT_MICROS["d"]


class InstantError(ValueError):
    """A text that is not an ISO 8601 instant."""


class DurationTooLarge(ValueError):
    """A duration longer than MAX_DURATION_DAYS."""


def duration_micros(text: str) -> int:
    """`30d` -> microseconds. Raises DurationTooLarge past the limit, ValueError on the rest."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > 20:  # far past the limit; int() of thousands of digits is refused
        raise DurationTooLarge(text)
    micros = int(digits) * _UNIT_MICROS[match.group(2)]
    if micros > _MAX_DURATION_MICROS:
        raise DurationTooLarge(text)
    return micros


def parse_instant(value: object) -> datetime:
    """An ISO 8601 text (or a datetime/date) as an aware UTC datetime.

    A date alone is 00:00 UTC of that day; a time without an offset is UTC.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if not isinstance(value, str):
        raise InstantError(f"expected an ISO 8601 timestamp, got {type(value).__name__}")
    if len(value) == _ZULU_LENGTH and _ZULU_SECONDS.fullmatch(value):
        try:
            return _from_zulu(value)
        except ValueError:
            pass  # year 0000 or 2026-02-30: the grammar below says why
    match = _INSTANT.fullmatch(value)
    if match is None:
        raise _not_an_instant(value)
    year, month, day, hour, minute, second, fraction, _, sign, off_h, off_m = match.groups()
    micros = int(fraction[:6].ljust(6, "0")) if fraction else 0  # cut, never rounded up
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour) if hour else 0,
            int(minute) if minute else 0,
            int(second) if second else 0,
            micros,
            tzinfo=timezone.utc,
        )
        if sign:
            offset = timedelta(hours=int(off_h), minutes=int(off_m) if off_m else 0)
            moment = moment - offset if sign == "+" else moment + offset
    except (ValueError, OverflowError):  # 2026-02-30, or an offset past year 1 or 9999
        raise _not_an_instant(value) from None
    return moment


def parse_instants(values: Sequence[object]) -> list[datetime]:
    """parse_instant of each value (the first bad one raises), quicker for a lead's events:
    when every value is a text like 2026-10-20T09:30:00Z, one comparison checks them all."""
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]  # TypeError: not all texts
    except TypeError:
        return [parse_instant(value) for value in values]
    try:
        raw = joined.encode("ascii")
    except UnicodeEncodeError:
        return [parse_instant(value) for value in values]
    shape = _ZULU_SHAPE_BYTES * len(values)
    if raw.translate(_DIGITS_TO_ZERO) == shape[:-1] and b"T24:" not in raw:
        try:
            if _READS_Z:  # one C call a value
                return list(map(datetime.fromisoformat, values))  # type: ignore[arg-type]
            return [_from_zulu(value) for value in values]  # type: ignore[arg-type]
        except ValueError:
            pass  # year 0000 or 2026-02-30: parse_instant says which and why
    return [parse_instant(value) for value in values]


def _from_zulu(text: str) -> datetime:
    """A text _ZULU_SECONDS matched, as UTC; ValueError for a day the calendar lacks."""
    return datetime.fromisoformat(text if _READS_Z else text[:19] + "+00:00")


def _not_an_instant(value: str) -> InstantError:
    return InstantError(
        f"{value!r} is not an ISO 8601 timestamp (e.g. 2026-11-01 or 2026-11-01T09:30:00Z)"
    )


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0 in UTC
        raise InstantError(
            f"{moment.isoformat()} is outside the years 0001-9999 once converted to UTC"
        ) from None


def age_micros(as_of: datetime, at: datetime) -> int:
    """`as_of - at` in whole microseconds (negative for the future)."""
    return (as_of - at) // timedelta(microseconds=1)


def format_age(micros: int) -> str:
    """A short human age: `3d 4h`, `45d`, `2h`."""
    days, rest = divmod(micros, _UNIT_MICROS["d"])
    hours = rest // MICROS_PER_HOUR
    if days and hours:
        return f"{days}d {hours}h"
    if days:
        return f"{days}d"
    if hours:
        return f"{hours}h"
    minutes = rest // 60_000_000
    return f"{minutes}m"


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
