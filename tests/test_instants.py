"""Spec 9 (v1.1): exactly the pinned instant forms, on Python and DuckDB (issue 11 item 4).

One grammar (timeutil.INSTANT_PATTERN) makes both the Python parser and the SQL; every form
of the spec is tried here, accepted and rejected, through parse_instant, DuckDB's `sd_at`
(event `at`) and the compiled SQL for a text compared as a timestamp.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from scoredsl.engines.tables import connect
from scoredsl.sql.dialects import duck_instant_micros
from scoredsl.timeutil import InstantError, parse_instant

UTC = timezone.utc
ACCEPTED = {
    "2026-10-20": datetime(2026, 10, 20, tzinfo=UTC),
    "2026-10-20T09:30": datetime(2026, 10, 20, 9, 30, tzinfo=UTC),
    "2026-10-20t09:30:15": datetime(2026, 10, 20, 9, 30, 15, tzinfo=UTC),
    "2026-10-20 09:30:15.5": datetime(2026, 10, 20, 9, 30, 15, 500000, tzinfo=UTC),
    # 1 to 9 fraction digits, cut to microseconds and never rounded up
    "2026-10-20T09:30:15.123456789": datetime(2026, 10, 20, 9, 30, 15, 123456, tzinfo=UTC),
    "2026-10-20T23:59:59.9999999Z": datetime(2026, 10, 20, 23, 59, 59, 999999, tzinfo=UTC),
    "2026-10-20T09:30:00Z": datetime(2026, 10, 20, 9, 30, tzinfo=UTC),
    "2026-10-20T09:30:00z": datetime(2026, 10, 20, 9, 30, tzinfo=UTC),
    "2026-10-20T09:30:00+01:00": datetime(2026, 10, 20, 8, 30, tzinfo=UTC),
    "2026-10-20T09:30:00-01:30": datetime(2026, 10, 20, 11, 0, tzinfo=UTC),
    "2026-10-20T09:30+0100": datetime(2026, 10, 20, 8, 30, tzinfo=UTC),
    "2026-10-20T09:30:00-0245": datetime(2026, 10, 20, 12, 15, tzinfo=UTC),
    "2026-10-20T09:30:00+01": datetime(2026, 10, 20, 8, 30, tzinfo=UTC),
    "2026-10-20 09:30-05": datetime(2026, 10, 20, 14, 30, tzinfo=UTC),
    "  2026-10-20T09:30:00Z  ": datetime(2026, 10, 20, 9, 30, tzinfo=UTC),
    "2024-02-29": datetime(2024, 2, 29, tzinfo=UTC),
    "0001-01-01": datetime(1, 1, 1, tzinfo=UTC),
    "9999-12-31T23:59:59.999999": datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
}
REJECTED = [
    "2026-W43-2",  # week date
    "2026-293",  # ordinal date
    "20261020T093000Z",  # basic format
    "20261020",
    "2026-10-20T09:30:00 +01:00",  # a space before the offset
    "2026-10-20T24:00:00",  # hour 24
    "2026-10-20T23:59:60",  # second 60
    "2026-02-30",  # impossible date
    "2023-02-29",
    "0000-01-01",  # year 0000 (issue 11 item 3)
    "2026-10-20T09",  # an hour alone
    "2026-10-20T0930",
    "2026-10-20T09:30:00,5",  # comma fraction
    "2026-10-20T09:30:00.",
    "2026-10-20T09:30:00.1234567890",  # ten fraction digits
    "2026-10-20T09:30:00+01:",
    "2026-10-20T09:30:00+1",
    "2026-10-20T09:30:00+24:00",
    "2026-10-20T09:30:00UTC",
    "2026-10-20_09:30",
    "2026-10-20TT09:30",
    "2026-1-20",
    "+2026-10-20",
    "\u0662\u0660\u0662\u0666-10-20",  # Arabic-Indic digits
    "2026-10-20\t",  # spaces are ignored, other blanks are not
    "\n2026-10-20",
    "",
    " ",
    "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    "9999-12-31T23:59:59-01:00",  # after 9999 in UTC
]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(threads=1)
    yield connection
    connection.close()


def _duck_at(con: duckdb.DuckDBPyConnection, text: str) -> datetime | None:
    found = con.execute("SELECT sd_at(?)", [text]).fetchone()
    assert found is not None
    return None if found[0] is None else found[0].replace(tzinfo=UTC)


def _duck_micros(con: duckdb.DuckDBPyConnection, text: str) -> int | None:
    sql = duck_instant_micros(exp.Literal.string(text)).sql("duckdb")
    found = con.execute(f"SELECT {sql}").fetchone()
    assert found is not None
    return None if found[0] is None else int(found[0])


def _micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // datetime.resolution


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_forms_read_alike(con: duckdb.DuckDBPyConnection, text: str) -> None:
    expected = ACCEPTED[text]
    assert parse_instant(text) == expected
    assert _duck_at(con, text) == expected
    assert _duck_micros(con, text) == _micros(expected)


@pytest.mark.parametrize("text", REJECTED)
def test_rejected_forms_are_no_instant_anywhere(con: duckdb.DuckDBPyConnection, text: str) -> None:
    with pytest.raises(InstantError):
        parse_instant(text)
    assert _duck_at(con, text) is None
    assert _duck_micros(con, text) is None


@settings(deadline=None)  # the first example opens a DuckDB connection
@given(
    st.from_regex(
        r"[0-9 ]{0,2}[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9:.]{2,14}[Zz+0-9:-]{0,6})? ?",
        fullmatch=True,
    )
)
def test_python_and_duckdb_agree_on_near_instants(text: str) -> None:
    """Texts close to the grammar, where a hand-written parser would slip."""
    con = _shared()
    try:
        python: datetime | None = parse_instant(text)
    except InstantError:
        python = None
    assert _duck_at(con, text) == python


_CON: list[duckdb.DuckDBPyConnection] = []


def _shared() -> duckdb.DuckDBPyConnection:
    if not _CON:
        _CON.append(connect(threads=1))
    return _CON[0]


@settings(deadline=None)  # no timing assertions in unit tests
@given(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z", fullmatch=True)
)
def test_the_fromisoformat_fast_lane_reads_as_the_grammar(text: str) -> None:
    """parse_instant hands `YYYY-MM-DDTHH:MM:SSZ` to fromisoformat (fast, and the same on
    Python 3.10+ for that shape); a leading space takes the grammar path for the same text."""
    results = []
    for given_text in (text, " " + text):
        try:
            results.append(parse_instant(given_text))
        except InstantError:
            results.append(None)
    assert results[0] == results[1]
