"""Spec section 10: the lead record (model level): id as text, optional parts, `at` forms,
and attribute paths that walk nested objects or find a flat key holding a dot.
"""

from datetime import datetime, timezone

import pydantic
import pytest

import scoredsl
from scoredsl.models import Lead

SPEC_EXAMPLE = {
    "id": "L-1001",
    "attributes": {"title": "CTO", "company": {"size": 800, "industry": "Software"}},
    "events": [
        {"type": "email.opened", "at": "2026-10-01T09:30:00Z"},
        {"type": "page.visited", "at": "2026-10-20", "props": {"url": "/pricing"}},
    ],
}


def test_spec_example_lead_validates():
    lead = Lead.model_validate(SPEC_EXAMPLE)
    assert lead.id == "L-1001"
    assert lead.attributes["company"] == {"size": 800, "industry": "Software"}
    assert [e.type for e in lead.events] == ["email.opened", "page.visited"]


def test_spec_example_event_times_are_utc_instants():
    first, second = Lead.model_validate(SPEC_EXAMPLE).events
    assert first.at == datetime(2026, 10, 1, 9, 30, tzinfo=timezone.utc)
    assert second.at == datetime(2026, 10, 20, tzinfo=timezone.utc)  # a date alone: 00:00 UTC


@pytest.mark.parametrize(
    "raw_id, text",
    [
        (1001, "1001"),
        ("1001", "1001"),
        ("L-7", "L-7"),
        (12345678901234567890, "12345678901234567890"),
    ],
)
def test_id_number_is_read_as_text(raw_id, text):
    assert Lead.model_validate({"id": raw_id}).id == text


def test_id_is_required():
    with pytest.raises(pydantic.ValidationError):
        Lead.model_validate({"attributes": {"title": "CTO"}})


def test_attributes_and_events_may_be_absent():
    lead = Lead.model_validate({"id": "L-1"})
    assert lead.attributes == {}
    assert lead.events == []


def test_event_props_may_be_absent():
    lead = Lead.model_validate({"id": "L-1", "events": [{"type": "a", "at": "2026-10-01"}]})
    assert lead.events[0].props == {}


@pytest.mark.parametrize(
    "at, instant",
    [
        ("2026-10-02", datetime(2026, 10, 2, tzinfo=timezone.utc)),
        ("2026-10-02T09:30:00", datetime(2026, 10, 2, 9, 30, tzinfo=timezone.utc)),
        ("2026-10-02T09:30:00+02:00", datetime(2026, 10, 2, 7, 30, tzinfo=timezone.utc)),
        ("2026-10-02T09:30:00Z", datetime(2026, 10, 2, 9, 30, tzinfo=timezone.utc)),
    ],
)
def test_event_at_follows_the_as_of_rules(at, instant):
    event = Lead.model_validate({"id": "L-1", "events": [{"type": "a", "at": at}]}).events[0]
    assert event.at == instant


def test_event_without_at_is_rejected():
    with pytest.raises(pydantic.ValidationError):
        Lead.model_validate({"id": "L-1", "events": [{"type": "a"}]})


def test_event_with_a_bad_at_is_rejected():
    with pytest.raises(pydantic.ValidationError):
        Lead.model_validate({"id": "L-1", "events": [{"type": "a", "at": "yesterday"}]})


# ---------------------------------------------------------------- paths through a Lead


def points(text, record):
    lead = Lead.model_validate(record)
    return scoredsl.loads(text).score(lead, as_of="2026-11-01").score


@pytest.mark.parametrize(
    "attributes",
    [{"company": {"size": 800}}, {"company.size": 800}],
    ids=["nested", "flat-dotted-key"],
)
def test_attribute_path_walks_nested_objects_or_finds_a_flat_key(attributes):
    assert points("when company.size >= 500 add 8", {"id": 1, "attributes": attributes}) == 8.0


def test_flat_dotted_key_with_string_value():
    record = {"id": "L-1", "attributes": {"company.industry": "Software"}}
    assert points('when company.industry == "software" add 3', record) == 3.0


def test_spec_example_lead_scores_the_same_as_a_dict_or_a_lead():
    text = 'when title == "CTO" add 10\nwhen page.visited where url == "/pricing" add 15'
    rs = scoredsl.loads(text)
    from_dict = rs.score(SPEC_EXAMPLE, as_of="2026-11-01")
    from_lead = rs.score(Lead.model_validate(SPEC_EXAMPLE), as_of="2026-11-01")
    assert from_dict.score == from_lead.score == 25.0  # 10 + 15


def test_numeric_id_is_reported_as_text():
    result = scoredsl.loads("when a add 1").score({"id": 1001}, as_of="2026-11-01")
    assert result.lead_id == "1001"
    assert result.score == 0.0
