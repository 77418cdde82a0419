"""The input fast lanes accept, reject and word exactly what the general paths do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from scoredsl.diagnostics import DiagnosticError
from scoredsl.evaluate import _rounded
from scoredsl.io.readers import LeadReader
from scoredsl.models import Event
from scoredsl.timeutil import InstantError, parse_instant
from scoredsl.values import round_half_away

# Texts of the fast lane's shape (20 characters ending in Z), valid and not.
near_canonical = st.builds(
    lambda date, sep, time, zone: f"{date}{sep}{time}{zone}",
    st.sampled_from(
        ["2026-10-20", "2026-13-20", "2026-02-30", "0001-01-01", "9999-12-31", "2026/10/20"]
    ),
    st.sampled_from(["T", " ", "t"]),
    st.sampled_from(["09:15:00", "23:59:59", "24:00:00", "09:15:60", "09-15-00", "9:15:00 "]),
    st.sampled_from(["Z", "z", "+00:00"]),
)


@given(text=st.one_of(near_canonical, st.text(min_size=19, max_size=21)))
def test_an_event_reads_at_exactly_as_parse_instant_does(text: str) -> None:
    try:
        expected = parse_instant(text)
    except (InstantError, ValueError):
        with pytest.raises(ValidationError):
            Event(type="email.opened", at=text)
        return
    assert Event(type="email.opened", at=text).at == expected


def test_a_byte_order_mark_inside_the_file_is_reported_as_before(tmp_path: Path) -> None:
    path = tmp_path / "leads.jsonl"
    path.write_text('{"id": "L-1"}\n\ufeff{"id": "L-2"}\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught, LeadReader(path) as reader:
        list(reader)
    [diagnostic] = caught.value.diagnostics
    with pytest.raises(json.JSONDecodeError) as plain:
        json.loads('\ufeff{"id": "L-2"}')
    assert diagnostic.message == f"not valid JSON: {plain.value.msg}"
    assert diagnostic.span is not None and diagnostic.span.line == 2


@given(
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e17, max_value=1e17),
        st.integers(-(10**16), 10**16).map(float),
    )
)
def test_rounding_whole_numbers_quickly_gives_what_round_half_away_gives(value: float) -> None:
    assert repr(_rounded(value)) == repr(round_half_away(value))
