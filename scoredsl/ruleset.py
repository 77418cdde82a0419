"""The front door: `load` a ruleset once, then `score` and `explain` leads with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import evaluate
from .check import check
from .compile import CompiledRuleset
from .diagnostics import Diagnostic, DiagnosticError, error
from .explain import Explanation, explain
from .link import DISK, Files, link_file, link_text
from .models import Lead, LeadRows, ScoreResult, quick_lead, quick_rows
from .program import Program
from .timeutil import InstantError, now_utc, parse_instant

Instant = datetime | str | None


class Ruleset:
    """A checked, compiled ruleset. Build it with `scoredsl.load` or `scoredsl.loads`."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.compiled = CompiledRuleset(program)

    @property
    def name(self) -> str | None:
        return self.program.header.name if self.program.header else None

    @property
    def version(self) -> str | None:
        return self.program.header.version if self.program.header else None

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Named dimensions in declaration order (the keys of `ScoreResult.scores`)."""
        return self.compiled.dimension_names

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.program.warnings

    def score(self, lead: Lead | Mapping[str, Any], as_of: Instant = None) -> ScoreResult:
        """Score one lead at `as_of` (default: now). Returns the spec-11 record."""
        # A plain valid dict is scored as it is (its rows): the lead is not kept, so
        # nothing needs a copy or an object per event. Anything else is read as a Lead,
        # which words any error.
        rows: Lead | LeadRows | None = None if isinstance(lead, Lead) else quick_rows(lead)
        return evaluate.score(
            self.compiled, as_lead(lead) if rows is None else rows, as_instant(as_of)
        )

    def explain(self, lead: Lead | Mapping[str, Any], as_of: Instant = None) -> Explanation:
        """Why the lead has its score: every rule, event, decay, cap, dimension and tier."""
        return explain(self.compiled, as_lead(lead), as_instant(as_of))


def load(path: str | Path, files: Files = DISK) -> Ruleset:
    """Parse, check and compile a `.score` file (and its includes).

    `files` says where they are read from (default the disk; `scoredsl.revision` reads a
    git revision). Raises `ScoreDSLError` with every diagnostic when the ruleset has errors.
    """
    return Ruleset(check(link_file(path, files)))


def loads(text: str, path: str = "<string>", base_dir: str | Path | None = None) -> Ruleset:
    """Like `load`, from text; includes resolve against `base_dir` (default: the cwd)."""
    base = Path(base_dir) if base_dir is not None else None
    return Ruleset(check(link_text(text, path, base)))


def as_instant(value: Instant) -> datetime:
    if value is None:
        return now_utc()
    try:
        return _instant_of_text(value) if type(value) is str else parse_instant(value)
    except InstantError as exc:
        raise DiagnosticError([error("SD601", f"invalid as_of: {exc}")]) from None


@lru_cache(maxsize=64)
def _instant_of_text(text: str) -> datetime:
    """parse_instant of an as_of text: a service passes the same few, call after call."""
    return parse_instant(text)


def as_lead(value: Lead | Mapping[str, Any]) -> Lead:
    if isinstance(value, Lead):
        return value
    quick = quick_lead(value)
    if quick is not None:
        return quick
    try:
        return Lead.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DiagnosticError([error("SD502", f"invalid lead: {where}: {first['msg']}")]) from None
