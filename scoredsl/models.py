"""The data a ruleset reads and writes: leads with events in, result records out (spec 10, 11)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator
from pydantic_core import core_schema

from .timeutil import parse_instant, parse_instants


class _Checked:
    """Pydantic's checks of an event's fields. The model is named Event: its messages (and
    a lead's, "instance of Event") read as they always have."""

    class Event(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")

        type: str = Field(min_length=1)
        at: datetime
        props: dict[str, Any] = Field(default_factory=dict)

        @field_validator("at", mode="before")
        @classmethod
        def _parse_at(cls, value: object) -> datetime:
            return parse_instant(value)

        @field_validator("props", mode="before")
        @classmethod
        def _null_props(cls, value: object) -> object:
            return {} if value is None else value


_EventFields = _Checked.Event


class Event:
    """One timestamped thing a lead did: `email.opened` at an instant, with properties.

    `Event(type=..., at=..., props=...)` and `Event.model_validate(data)` check the fields
    with pydantic (ValidationError as from a model); the event itself is a small frozen
    object, because a lead's events are built by the thousand (models.quick_lead).
    """

    __slots__ = ("type", "at", "props")
    type: str
    at: datetime
    props: dict[str, Any]

    def __init__(self, **data: Any) -> None:
        checked = _EventFields.model_validate(data)
        _fill(self, checked.type, checked.at, checked.props)

    @classmethod
    def model_validate(cls, data: object) -> Event:
        """An event from a mapping (or an event), as a pydantic model validates it."""
        if isinstance(data, Event):
            return data
        return _event_of(_EventFields.model_validate(data))

    def model_dump(self) -> dict[str, Any]:
        return {"type": self.type, "at": self.at, "props": dict(self.props)}

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Event is frozen: cannot set `{name}`")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Event is frozen: cannot delete `{name}`")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (self.type, self.at, self.props) == (other.type, other.at, other.props)

    __hash__ = None  # type: ignore[assignment]  # props is a dict, as for the frozen model

    def __repr__(self) -> str:
        return f"Event(type={self.type!r}, at={self.at!r}, props={self.props!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_event_from_state, (self.type, self.at, self.props))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """In a Lead: an Event as it is; anything else checked as the fields are (the
        errors keep their locations, `events.2.at`), then made an Event."""
        return core_schema.no_info_wrap_validator_function(
            _event_or_checked,
            handler.generate_schema(_EventFields),
            serialization=core_schema.plain_serializer_function_ser_schema(Event.model_dump),
        )


_SET_TYPE = Event.__dict__["type"].__set__
_SET_AT = Event.__dict__["at"].__set__
_SET_PROPS = Event.__dict__["props"].__set__


def _fill(event: Event, kind: str, at: datetime, props: dict[str, Any]) -> None:
    _SET_TYPE(event, kind)
    _SET_AT(event, at)
    _SET_PROPS(event, props)


def _event_of(checked: _EventFields) -> Event:
    event = object.__new__(Event)
    _fill(event, checked.type, checked.at, checked.props)
    return event


def _event_from_state(kind: str, at: datetime, props: dict[str, Any]) -> Event:
    event = object.__new__(Event)
    _fill(event, kind, at, props)
    return event


def _event_or_checked(value: object, handler: core_schema.ValidatorFunctionWrapHandler) -> Event:
    if isinstance(value, Event):
        return value
    return _event_of(handler(value))


class Lead(BaseModel):
    """A lead: an id, profile attributes (nested objects allowed) and its event history."""

    model_config = ConfigDict(extra="forbid")

    id: str
    attributes: dict[str, Any] = Field(default_factory=dict)
    events: list[Event] = Field(default_factory=list)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        # Spec 10: a number is read as its text. Booleans are not numbers here.
        if isinstance(value, bool):
            raise ValueError("id must be a string or a number")
        if isinstance(value, int | float):
            return str(value)
        return value

    @field_validator("attributes", "events", mode="before")
    @classmethod
    def _null_is_empty(cls, value: object, info: Any) -> object:
        if value is None:
            return {} if info.field_name == "attributes" else []
        return value


# ---------------------------------------------------------------- the hot path
#
# Lead.model_validate calls back into Python twice per event (the `before` validators), most
# of a lead's reading time. quick_lead makes the same checks in bulk for the common case and
# builds the instances as pydantic's model_construct does; anything unusual (a wrong type, a
# bad instant, a mapping that is not a dict) gets None, and the caller validates with the
# model, which finds and words the error. tests/test_quick_lead.py holds the two equal.

_LEAD_FIELDS = frozenset(Lead.model_fields)
_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__


def quick_lead(data: object, text_keys: bool = False) -> Lead | None:
    """`Lead.model_validate(data)` when `data` is a plain, valid lead dict; else None.
    `text_keys`: every dict key is known to be a str (data json.loads parsed)."""
    rows = _quick_rows(data, text_keys)
    if rows is None:
        return None
    assert isinstance(data, dict)  # _quick_rows reads nothing else
    attributes = rows.attributes.copy()  # the model's own, as pydantic makes
    events = _events_of(rows.types, rows.moments, rows.props)
    return _build(Lead, set(data), {"id": rows.id, "attributes": attributes, "events": events})


def assembled_lead(lead_id: str, attributes: dict[str, Any], events: list[Event]) -> Lead:
    """A lead from parts already valid (a table row's id and cells, its validated events):
    what `Lead.model_validate` would return, without walking them again."""
    values = {"id": lead_id, "attributes": dict(attributes), "events": list(events)}
    return _build(Lead, set(_LEAD_FIELDS), values)


def quick_event(data: object, text_keys: bool = False) -> Event | None:
    """`Event.model_validate(data)` when `data` is a plain, valid event dict; else None."""
    built = _quick_events([data], text_keys)
    return None if built is None else built[0]


def _quick_events(items: object, text_keys: bool) -> list[Event] | None:
    """The events of a plain list of valid event dicts, else None."""
    columns = _quick_columns(items, text_keys)
    return None if columns is None else _events_of(*columns)


def _events_of(
    kinds: list[str], moments: list[datetime], every_props: list[dict[str, Any] | None]
) -> list[Event]:
    """Events of checked columns, each with its own props, as the model makes them."""
    events: list[Event] = []
    append = events.append
    set_type, set_at, set_props = _SET_TYPE, _SET_AT, _SET_PROPS
    for kind, at, props in zip(kinds, moments, every_props, strict=True):
        event = _new(Event)
        set_type(event, kind)
        set_at(event, at)
        set_props(event, {} if props is None else props.copy())
        append(event)
    return events


class LeadRows(NamedTuple):
    """A valid lead dict as one scoring call reads it: its own attributes and props (not
    copied, never kept), its events as three columns. What `Ruleset.score` scores a plain
    dict as."""

    id: str
    attributes: dict[str, Any]
    types: list[str]
    moments: list[datetime]
    props: list[dict[str, Any] | None]  # None: the event has no props (or null)


def quick_rows(data: object) -> LeadRows | None:
    """The rows of `data` when `quick_lead(data)` would build a lead from it; else None."""
    return _quick_rows(data, False)


def _quick_rows(data: object, text_keys: bool) -> LeadRows | None:
    if type(data) is not dict or not data.keys() <= _LEAD_FIELDS:
        return None
    lead_id = data.get("id")
    if type(lead_id) is not str:
        if type(lead_id) is not int and type(lead_id) is not float:
            return None
        lead_id = str(lead_id)  # spec 10, as Lead._id_as_text
    attributes = data.get("attributes")
    if attributes is None:
        attributes = {}
    elif type(attributes) is not dict or not (text_keys or _all_text(attributes)):
        return None
    events = data.get("events")
    columns = ([], [], []) if events is None else _quick_columns(events, text_keys)
    if columns is None:
        return None
    return LeadRows(lead_id, attributes, *columns)


def _quick_columns(
    items: object, text_keys: bool
) -> tuple[list[str], list[datetime], list[dict[str, Any] | None]] | None:
    """The types, instants and props (None where absent or null) of a plain list of valid
    event dicts, else None; each check one pass in C over the whole list, and the instants
    parsed at once (parse_instants)."""
    if type(items) is not list or not set(map(type, items)) <= _DICT:
        return None
    try:  # itemgetter: a C call per item, where a comprehension runs bytecode per item
        kinds = list(map(_TYPE_OF, items))
        moments = parse_instants(list(map(_AT_OF, items)))
    except (KeyError, TypeError, ValueError):  # InstantError is a ValueError
        return None
    props = list(map(dict.get, items, repeat("props")))
    # Every item has `type` and `at`, so its keys are the fields iff it holds no more than
    # those two and a non-null `props`: each item's len - 2 - (props given) is >= 0, so one
    # sum of lengths checks them all. A `"props": null` fails it too and takes the model's
    # path, which reads it as well (rare: exports leave the key out).
    if sum(map(len, items)) != 3 * len(items) - props.count(None):
        return None
    if not set(map(type, kinds)) <= _TEXT or "" in kinds:
        return None
    joined = "".join(kinds)
    if not (joined.isascii() or _unicode(joined)):
        return None
    if not set(map(type, props)) <= _PROPS:
        return None
    if not text_keys and not _all_text(chain.from_iterable(filter(None, props))):
        return None
    return kinds, moments, props


def _all_text(keys: Iterable[object]) -> bool:
    """Every key exactly a str: pydantic makes a str subclass (an enum member) a plain str."""
    return set(map(type, keys)) <= _TEXT


_TEXT = {str}
_TYPE_OF = itemgetter("type")
_AT_OF = itemgetter("at")
_DICT = {dict}
_PROPS = {dict, type(None)}


def _unicode(text: str) -> bool:
    """No lone surrogate, which pydantic cannot read as a string (`min_length` counts)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _build(model: type[_Model], fields_set: set[str], values: dict[str, Any]) -> _Model:
    """An instance holding `values` (every field, in declaration order), as model_construct
    makes one, without its per-field Python loop (the event loop above inlines this)."""
    instance = _new(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


class ScoreResult(BaseModel):
    """One result record, exactly spec section 11."""

    model_config = ConfigDict(frozen=True)

    lead_id: str
    score: float
    scores: dict[str, float]
    tier: str | None
    # `score --keep`: input columns copied after the spec-11 fields; not part of the result.
    kept: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def record(self) -> dict[str, Any]:
        return {
            "lead_id": self.lead_id,
            "score": self.score,
            "scores": dict(self.scores),
            "tier": self.tier,
            **self.kept,
        }


_RESULT_FIELDS = frozenset(("lead_id", "score", "scores", "tier"))


def score_result(
    lead_id: str, score: float, scores: dict[str, float], tier: str | None
) -> ScoreResult:
    """`ScoreResult(lead_id=..., score=..., scores=..., tier=...)` of values the evaluator
    made (already of the field types), without validating them again: one call per lead."""
    values = {"lead_id": lead_id, "score": score, "scores": scores, "tier": tier, "kept": {}}
    return _build(ScoreResult, set(_RESULT_FIELDS), values)
