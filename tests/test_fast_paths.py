"""The input fast lanes accept, reject and word exactly what the general paths do."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from strategies import AS_OF, SETTINGS, ruleset_text
from strategies import leads as valid_leads

import scoredsl
from scoredsl.compile import compile_decay, compile_delta_decay
from scoredsl.diagnostics import DiagnosticError
from scoredsl.evaluate import _rounded, contributions, score
from scoredsl.io.readers import LeadReader
from scoredsl.models import Event, Lead, quick_lead, quick_rows
from scoredsl.reference import decay_factor
from scoredsl.timeutil import InstantError, parse_instant, parse_instants
from scoredsl.values import round_half_away


class _Text(str):
    """A str subclass: pydantic keeps its text as a plain str."""


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
        st.integers(-(10**17), 10**17).map(lambda n: n / 100),  # at most two decimals
        st.integers(-(10**6), 10**6).map(lambda n: n / 1000),  # and 0.005, 2.675
        st.integers(-(10**12), 10**12).map(lambda n: n / 10**5),  # ties and near-ties
        st.integers(-(10**12), 10**12).map(lambda n: (n + 0.5) / 100),  # ties up to 1e10
        st.floats(min_value=9e9, max_value=1.1e10),  # either side of the quick lane's bound
        # decayed points: `decay 10% every 7d` gives points * 0.9 ** k
        st.builds(lambda p, k: p * 0.9**k, st.integers(-1000, 1000), st.integers(0, 80)),
    )
)
def test_rounding_quickly_gives_what_round_half_away_gives(value: float) -> None:
    assert repr(_rounded(value)) == repr(round_half_away(value))


# ---------------------------------------------------------------- a lead's instants in bulk

zulu_shaped = st.builds(
    lambda digits: "{}{}{}{}-{}{}-{}{}T{}{}:{}{}:{}{}Z".format(*digits),
    st.lists(st.sampled_from("0123456789"), min_size=14, max_size=14),
)
instant_values = st.one_of(
    zulu_shaped,
    near_canonical,
    st.sampled_from(["2026-10-20T09:30:00Z", "2026-10-20", "2026-10-20T24:00:00Z", "\n", ""]),
    st.text(max_size=22),
    st.none(),
    st.integers(),
    st.just(datetime(2026, 1, 2, 3, 4, 5)),
)


def _each(values: list[object]) -> list[datetime] | str:
    try:
        return [parse_instant(value) for value in values]
    except InstantError as exc:
        return str(exc)


@given(values=st.lists(instant_values, max_size=6))
def test_a_lead_s_instants_in_bulk_read_as_one_at_a_time(values: list[object]) -> None:
    expected = _each(values)
    try:
        found: list[datetime] | str = parse_instants(values)
    except InstantError as exc:
        found = str(exc)
    assert found == expected
    if isinstance(found, list):
        assert all(moment.tzinfo is timezone.utc for moment in found)


def test_a_text_holding_two_instants_is_not_read_as_two() -> None:
    with pytest.raises(InstantError):
        parse_instants(["2026-10-20T09:30:00Z\n2026-10-20T09:30:00Z"])


# ---------------------------------------------------------------- quick_lead

texts = st.one_of(st.sampled_from(["email.opened", "", "\ud800", "x" * 3]), st.text(max_size=4))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=3)
)
nested = st.one_of(scalars, st.lists(scalars, max_size=2))
json_values = st.one_of(nested, st.dictionaries(st.text(max_size=2), nested, max_size=2))
odd_keys = st.sampled_from([1, HTTPStatus.OK, _Text("k"), None])
objects = st.one_of(
    st.none(),
    st.dictionaries(st.text(max_size=3), json_values, max_size=3),
    st.dictionaries(odd_keys, json_values, min_size=1, max_size=2),
    st.lists(json_values, max_size=2),
    st.integers(),
)
events = st.one_of(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["email.opened", "page.visited"]), "at": instant_values},
        optional={"props": objects},
    ),
    st.fixed_dictionaries(
        {},
        optional={"type": texts, "at": instant_values, "props": objects, "url": st.text()},
    ),
    json_values,
)
leads = st.one_of(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["L-1", "\ud800"])},
        optional={"attributes": objects, "events": st.lists(events, max_size=4)},
    ),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.text(max_size=3), st.integers(), st.floats(), st.booleans()),
            "attributes": objects,
            "events": st.one_of(st.lists(events, max_size=3), st.tuples(events), objects),
            "score": st.integers(),
        },
    ),
    json_values,
)


@settings(max_examples=400)
@given(data=leads)
def test_quick_lead_builds_what_the_model_validates_or_leaves_it_to_the_model(data: Any) -> None:
    try:
        expected = Lead.model_validate(data)
    except ValidationError:
        assert quick_lead(data) is None
        return
    found = quick_lead(data)
    if found is None:  # the model's slow path: allowed, never wrong
        return
    assert found == expected and repr(found) == repr(expected)
    assert found.model_fields_set == expected.model_fields_set
    assert found.model_dump() == expected.model_dump()
    for mine, theirs in zip(found.events, expected.events, strict=True):
        assert mine.at.tzinfo is theirs.at.tzinfo
        assert type(mine.type) is str and all(type(key) is str for key in mine.props)
    assert found.attributes is not data.get("attributes")  # a copy, as the model makes


@SETTINGS
@given(text=ruleset_text(), data=st.one_of(valid_leads(), leads))
def test_a_lead_dict_scored_as_its_rows_scores_and_fires_as_the_validated_lead(
    text: str, data: Any
) -> None:
    """`Ruleset.score(dict)` reads a plain valid dict as rows (models.quick_rows) instead of
    a Lead: the same dicts take that lane, with the same contributions, flags and record."""
    rows = quick_rows(data)
    assert (rows is None) == (quick_lead(data) is None)
    if rows is None:
        return
    compiled = scoredsl.loads(text).compiled
    lead = Lead.model_validate(data)
    flags_of_rows, flags_of_lead = [False] * len(compiled.rules), [False] * len(compiled.rules)
    of_rows = contributions(compiled, rows, AS_OF, flags_of_rows)
    of_lead = contributions(compiled, lead, AS_OF, flags_of_lead)
    assert list(map(repr, of_rows)) == list(map(repr, of_lead))
    assert flags_of_rows == flags_of_lead
    assert score(compiled, rows, AS_OF) == score(compiled, lead, AS_OF)


def test_the_usual_lead_takes_the_quick_path() -> None:
    data = {
        "id": "L-1",
        "attributes": {"title": "CTO"},
        "events": [{"type": "email.opened", "at": "2026-10-20T09:30:00Z", "props": {"u": 1}}],
    }
    assert quick_lead(data) == Lead.model_validate(data)


# ---------------------------------------------------------------- nesting and surrogates


def _read_one(tmp_path: Path, line: str) -> list[str]:
    path = tmp_path / "leads.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    try:
        with LeadReader(path) as reader:
            list(reader)
    except DiagnosticError as exc:
        return [d.message for d in exc.diagnostics]
    return []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("[" * 62 + "]" * 62, None),  # inside the lead and its attributes: 64 levels in all
        ("[" * 63 + "]" * 63, "value nested deeper than 64 levels of arrays and objects"),
        ('{"a":' * 64 + "1" + "}" * 64, "value nested deeper than 64 levels of arrays and objects"),
        ('["' + "[" * 80 + '"]', None),  # brackets in a string are not nesting
        ('["' + "]" * 80 + '", ' + "[" * 61 + "]" * 61 + "]", None),
        ('"\\ud800"', "text holds a lone surrogate (\\ud800), which is not a Unicode character"),
        ('"\\\\ud800"', None),  # an escaped backslash, then plain text
    ],
)
def test_nesting_and_surrogates_are_found_as_the_walk_finds_them(
    tmp_path: Path, value: str, problem: str | None
) -> None:
    line = '{"id": "L-1", "attributes": {"x": ' + value + "}}"
    assert _read_one(tmp_path, line) == ([] if problem is None else [problem])


def test_a_lead_with_many_events_is_not_too_deep(tmp_path: Path) -> None:
    event = {"type": "page.visited", "at": "2026-10-20T09:30:00Z", "props": {"url": "/[{"}}
    line = json.dumps({"id": "L-1", "events": [event] * 60})
    assert _read_one(tmp_path, line) == []


# ---------------------------------------------------------------- the event object


def test_an_event_is_a_frozen_value_that_serializes_in_a_lead_as_the_model_did() -> None:
    data = {"type": "a", "at": "2026-10-01T09:30:00+01:00", "props": {"u": [1]}}
    event = Event(**data)
    quick = quick_lead({"id": "L", "events": [data]})
    assert quick is not None and event == Event.model_validate(data) == quick.events[0]
    assert event != Event(type="b", at="2026-10-01")
    assert repr(event) == (
        "Event(type='a', at=datetime.datetime(2026, 10, 1, 8, 30, tzinfo=datetime.timezone.utc), "
        "props={'u': [1]})"
    )
    with pytest.raises(AttributeError):
        event.type = "b"
    assert pickle.loads(pickle.dumps(event)) == event
    lead = Lead(id="L-1", events=[event])
    assert lead.events[0] is event  # an event is kept as it is, as the model kept its own
    # The JSON the pydantic event model gave (an offset converted to UTC, written with Z).
    assert lead.model_dump_json() == (
        '{"id":"L-1","attributes":{},"events":'
        '[{"type":"a","at":"2026-10-01T08:30:00Z","props":{"u":[1]}}]}'
    )
    with pytest.raises(ValidationError, match="1 validation error for Event"):
        Event(type="", at="2026-10-01")


# ---------------------------------------------------------------- decay in both age forms

_LENGTHS = {"1h": 3_600_000_000, "36h": 129_600_000_000, "7d": 604_800_000_000}
_LENGTHS |= {"30d": 2_592_000_000_000, "90d": 7_776_000_000_000}


@settings(SETTINGS)
@given(
    lines=st.one_of(
        st.lists(
            st.tuples(st.sampled_from(sorted(_LENGTHS)), st.sampled_from([10, 50, 100])),
            min_size=1,
            max_size=4,
            unique_by=lambda line: line[0],
        ).map(lambda lines: [f"decay {p}% after {d}" for d, p in lines]),
        st.sampled_from(["1h", "7d", "30d"]).map(lambda d: [f"decay 10% every {d}"]),
    ),
    length=st.sampled_from(sorted(_LENGTHS)),
    nudge=st.integers(-2, 2),
    scale=st.integers(0, 40),
)
def test_decay_of_an_age_as_microseconds_or_timedelta_is_spec_4(
    lines: list[str], length: str, nudge: int, scale: int
) -> None:
    """The evaluator's decays (one or two lines as plain comparisons, a timedelta age) give
    what the spec-literal interpreter gives, at the lines' own lengths and beside them."""
    text = "\n".join([*lines, "when email.opened add 1"]) + "\n"
    decays = scoredsl.loads(text).compiled.program.dimensions[0].decays
    age = _LENGTHS[length] * (1 if scale == 0 else scale) + nudge
    expected = decay_factor(decays, age)
    of_delta = compile_delta_decay(decays)
    assert of_delta is not None
    assert compile_decay(decays)(age) == expected
    assert of_delta(timedelta(microseconds=age)) == expected
