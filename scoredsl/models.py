"""The data a ruleset reads and writes: leads with events in, result records out (spec 10, 11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .timeutil import parse_instant


class Event(BaseModel):
    """One timestamped thing a lead did: `email.opened` at an instant, with properties."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str = Field(min_length=1)
    at: datetime
    props: dict[str, Any] = Field(default_factory=dict)

    @field_validator("at", mode="before")
    @classmethod
    def _parse_at(cls, value: object) -> datetime:
        # Fast lane for `YYYY-MM-DDTHH:MM:SSZ`, what most exports write: it hands
        # fromisoformat the very text parse_instant would, so both accept the same strings.
        if isinstance(value, str) and len(value) == 20 and value[19] == "Z":
            text = value
            if text[10] == "T" and "0" <= text[0] <= "9":
                try:
                    return datetime.fromisoformat(text[:19] + "+00:00")
                except ValueError:
                    pass  # parse_instant words the error
        return parse_instant(value)

    @field_validator("props", mode="before")
    @classmethod
    def _null_props(cls, value: object) -> object:
        return {} if value is None else value


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
