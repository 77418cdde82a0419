"""Instants and durations, exactly as spec section 9 reads them.

Ages are compared in whole microseconds (ints) so that `within 30d` at exactly 30 days
is decided without floating-point doubt.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

MICROS_PER_HOUR = 3_600_000_000
_UNIT_MICROS = {"h": MICROS_PER_HOUR, "d": 24 * MICROS_PER_HOUR, "w": 7 * 24 * MICROS_PER_HOUR}
_DURATION = re.compile(r"^(\d+)([hdw])$")
# The longest duration: its microseconds fit a signed 64-bit integer, as SQL engines need.
MAX_DURATION_DAYS = 100_000_000
_MAX_DURATION_MICROS = MAX_DURATION_DAYS * _UNIT_MICROS["d"]
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    text = value.strip()
    if _DATE_ONLY.match(text):
        d = date.fromisoformat(text)
        return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InstantError(
            f"{value!r} is not an ISO 8601 timestamp (e.g. 2026-11-01 or 2026-11-01T09:30:00Z)"
        ) from None
    return _as_utc(parsed)


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
