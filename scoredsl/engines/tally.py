"""What a run says about the leads it scored: the tier distribution (every engine, counted
from the records written) and, with `score --stats`, how many leads each rule fired for.

A rule fires for a lead as explain says it (a condition that held, a matching event even
decayed to 0): the flags the scoring pass of `evaluate.contributions` marks. The Python
engine tallies them while scoring; DuckDB sums the rule matrix's fired columns in SQL;
Spark runs the Python evaluator over the same inputs once more (`count_rules`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..compile import CompiledRuleset
from ..evaluate import fired
from ..io.readers import LeadReader
from ..models import ScoreResult

NO_TIER = "no tier"


@dataclass
class Tally:
    """Counts filled in while records are written; read by the end-of-run summary."""

    tiers: Counter[str | None] = field(default_factory=Counter)
    rules: list[int] | None = None  # leads each rule fired for, by rule index (--stats)

    def counted(self, results: Iterable[ScoreResult]) -> Iterator[ScoreResult]:
        """The results, unchanged, each counted by its tier on the way through."""
        tiers = self.tiers
        for result in results:
            tiers[result.tier] += 1
            yield result

    def add_tiers(self, counts: Iterable[tuple[str | None, int]]) -> None:
        """Tier counts found elsewhere (DuckDB's COPY writes Parquet without Python)."""
        for tier, count in counts:
            self.tiers[tier] += count

    def add_fired(self, flags: Sequence[bool]) -> None:
        """One lead's fired flags (`evaluate.contributions(..., fired=)`, explain's notion)."""
        if self.rules is None:
            self.rules = [0] * len(flags)
        rules = self.rules
        for index, hit in enumerate(flags):
            if hit:
                rules[index] += 1


def fire_counts(compiled: CompiledRuleset, reader: LeadReader, as_of: datetime) -> list[int]:
    """How many of the reader's valid leads each rule fired for, by the Python evaluator
    (Spark's --stats and lint's data rules)."""
    tally = Tally(rules=[0] * len(compiled.rules))
    with reader:
        for record in reader:
            tally.add_fired(fired(compiled, record.lead, as_of))
    return tally.rules or []


def count_rules(
    tally: Tally, compiled: CompiledRuleset, reader: LeadReader, as_of: datetime
) -> None:
    """--stats for Spark, which scores in SQL without the rule matrix."""
    tally.rules = fire_counts(compiled, reader, as_of)


def tier_line(tally: Tally, tiers: Sequence[str]) -> str | None:
    """`hot 118 (1.3%) · warm 2,320 (25.1%) · cold 6,799 (73.6%)`: declared tiers in order,
    then `no tier` when some leads have none. None when nothing was scored or no tier exists."""
    total = sum(tally.tiers.values())
    if not total or not tiers:
        return None
    names: list[str | None] = [*tiers]
    if tally.tiers.get(None):
        names.append(None)
    parts = [f"{NO_TIER if n is None else n} {_share(tally.tiers.get(n, 0), total)}" for n in names]
    return " · ".join(parts)


def rule_lines(tally: Tally, labels: Sequence[str], scored: int) -> list[str]:
    """--stats: one line a rule, in ruleset order: its label, leads it fired for, share."""
    counts = tally.rules or [0] * len(labels)
    heading = f"rules fired (leads, of {scored:,} scored):"
    width = max((len(label) for label in labels), default=0)
    numbers = [f"{count:,}" for count in counts]
    digits = max((len(n) for n in numbers), default=0)
    lines = [heading]
    for label, count, shown in zip(labels, counts, numbers, strict=True):
        percent = f"{100 * count / scored:5.1f}%" if scored else "     -"
        lines.append(f"  {label.ljust(width)}  {shown.rjust(digits)}  {percent}")
    return lines


def _share(count: int, total: int) -> str:
    return f"{count:,} ({100 * count / total:.1f}%)"
