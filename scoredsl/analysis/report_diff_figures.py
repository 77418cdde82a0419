"""How a diff's figures are written, the same way in the text, markdown and HTML reports:
each function gives a table's header and rows of cells (strings), and the renderers only lay
them out. Numbers are written as the backtest reports write them (report_figures).
"""

from __future__ import annotations

from collections.abc import Sequence

from . import report_figures as fig
from .diff_results import Bound, DiffReport, LeadDiff, Mover, RuleChange

Rows = list[list[str]]
NO_CHANGE = "No change in meaning"

KIND_WORDS = {
    "added": "rule added",
    "removed": "rule removed",
    "renamed": "renamed",
    "re-pointed": "re-pointed",
    "re-conditioned": "re-conditioned",
    "modifiers": "modifiers changed",
    "moved": "moved to another dimension",
    "decay": "decay changed",
    "range": "range changed",
    "tier": "tier changed",
    "schema": "schema changed",
}


def verdict(report: DiffReport) -> str:
    """One sentence on the rules."""
    rules = report.rules
    if not rules.meaning_changed:
        how = "the files are identical" if rules.same_text else "a reformat or comments only"
        return f"{NO_CHANGE} ({how})."
    count = len(rules.changes)
    return f"{count} change{'s' if count != 1 else ''} in meaning."


def signed(value: float | None) -> str:
    return fig.DASH if value is None else f"{value:+g}"


def _tier(name: str | None) -> str:
    return fig.tier_name(name)


def changes(report: DiffReport) -> tuple[list[str], Rows]:
    header = ["change", "subject", "dimension", "old", "new"]
    rows = [_change(c) for c in report.rules.changes]
    return header, rows


def _change(change: RuleChange) -> list[str]:
    return [
        KIND_WORDS[change.kind],
        change.subject,
        change.dimension or "",
        change.old or fig.DASH,
        change.new or fig.DASH,
    ]


def _bound(bound: Bound | None) -> str:
    if bound is None:
        return fig.DASH
    low = "-inf" if bound.low is None else f"{bound.low:g}"
    high = "+inf" if bound.high is None else f"{bound.high:g}"
    return f"{low} .. {high}"


def bounds(report: DiffReport) -> tuple[list[str], Rows]:
    """Reachable score bounds, the rows that changed (all of them only when none did)."""
    header = ["dimension", "old bounds", "new bounds"]
    changed = [row for row in report.rules.bounds if row.changed]
    return header, [[row.dimension, _bound(row.old), _bound(row.new)] for row in changed]


def headline(report: DiffReport) -> list[tuple[str, str]]:
    if report.leads is None:
        return []
    leads = report.leads
    moved = report.moved or 0
    found = [
        ("leads scored", f"{leads:,}"),
        ("score changed", f"{report.changed or 0:,} ({fig.pct(_share(report.changed, leads))})"),
        ("tier changed", f"{moved:,} ({fig.pct(report.moved_share)})"),
        ("mean change", signed(_round(report.mean_change))),
        ("median change", signed(_round(report.median_change))),
    ]
    outcomes = report.outcomes
    if outcomes is not None:
        found.append(
            ("AUC old → new", f"{fig.auc(outcomes.old.auc)} → {fig.auc(outcomes.new.auc)}")
        )
    return found


def _share(part: int | None, whole: int) -> float | None:
    return None if part is None or not whole else part / whole


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0


def migration(report: DiffReport) -> tuple[list[str], Rows]:
    """Old tier (rows) x new tier (columns): leads and their share of all leads."""
    tiers = report.tiers
    cells = {(c.from_, c.to): c for c in report.migration}
    header = ["old \\ new", *[_tier(t) for t in tiers], "total"]
    rows = []
    for old in tiers:
        line = [_tier(old)]
        for new in tiers:
            cell = cells.get((old, new))
            line.append(f"{cell.leads:,} ({fig.pct(cell.share)})" if cell else "0")
        line.append(f"{sum(c.leads for c in report.migration if c.from_ == old):,}")
        rows.append(line)
    totals = [f"{sum(c.leads for c in report.migration if c.to == new):,}" for new in tiers]
    rows.append(["total", *totals, f"{report.leads or 0:,}"])
    return header, rows


def moves(report: DiffReport) -> list[str]:
    """Sentences: `787 warm → hot`, biggest flows first (the diagonal left out)."""
    off = [c for c in report.migration if c.from_ != c.to]
    off.sort(key=lambda c: -c.leads)
    return [f"{c.leads:,} {_tier(c.from_)} → {_tier(c.to)}" for c in off]


def movers(found: Sequence[Mover]) -> tuple[list[str], Rows]:
    header = ["lead", "old", "new", "change", "tier", "rules that moved it"]
    rows = [
        [
            m.lead_id,
            fig.score(m.old_score),
            fig.score(m.new_score),
            signed(m.delta),
            _tier_move(m.old_tier, m.new_tier),
            "; ".join(f"{d.rule} {signed(d.delta)}" for d in m.rules),
        ]
        for m in found
    ]
    return header, rows


def _tier_move(old: str | None, new: str | None) -> str:
    return _tier(old) if old == new else f"{_tier(old)} → {_tier(new)}"


def distribution(report: DiffReport) -> tuple[list[str], Rows]:
    header = ["score", "mean", "min", "25%", "median", "75%", "max"]
    rows = []
    for name, found in (("old", report.old_distribution), ("new", report.new_distribution)):
        if found is not None:
            values = [found.mean, found.minimum, found.p25, found.median, found.p75, found.maximum]
            rows.append([name, *[fig.score(round(v, 2)) for v in values]])
    return header, rows


def sides(report: DiffReport) -> tuple[list[str], Rows]:
    """Both backtests side by side: AUC, capture at the top, conversion per tier."""
    outcomes = report.outcomes
    assert outcomes is not None
    old, new = outcomes.old, outcomes.new
    header = ["figure", "old", "new"]
    rows = [
        ["AUC", fig.auc(old.auc), fig.auc(new.auc)],
        [
            f"conversions in the top {fig.share(new.top)}",
            fig.pct(old.captured_top),
            fig.pct(new.captured_top),
        ],
    ]
    before = {row.tier: row for row in old.tiers}
    after = {row.tier: row for row in new.tiers}
    for tier in report.tiers:
        a, b = before.get(tier), after.get(tier)
        rows.append(
            [
                f"{_tier(tier)}: leads, conversion",
                f"{a.leads:,}, {fig.pct(a.rate)}" if a else fig.DASH,
                f"{b.leads:,}, {fig.pct(b.rate)}" if b else fig.DASH,
            ]
        )
    return header, rows


def flows(report: DiffReport) -> tuple[list[str], Rows]:
    """The leads entering and leaving each tier, and how they converted."""
    outcomes = report.outcomes
    assert outcomes is not None
    header = ["tier", "entered", "entered converted", "left", "left converted"]
    rows = [
        [
            _tier(f.tier),
            f"{f.entered:,}",
            fig.pct(f.entered_rate),
            f"{f.left:,}",
            fig.pct(f.left_rate),
        ]
        for f in outcomes.flows
        if f.entered or f.left
    ]
    return header, rows


def lead(found: LeadDiff) -> tuple[str, list[str], Rows]:
    """`--lead`: a title, and every rule whose contribution or definition changed."""
    title = (
        f"Lead {found.lead_id}: {fig.score(found.old_score)} ({_tier(found.old_tier)}) → "
        f"{fig.score(found.new_score)} ({_tier(found.new_tier)})"
    )
    header = ["rule", "old", "new", "change", "why"]
    rows = [
        [d.rule, _points(d.old), _points(d.new), signed(d.delta), d.why or "unchanged"]
        for d in found.rules
        if d.delta or d.why or d.old or d.new
    ]
    return title, header, rows


def _points(value: float | None) -> str:
    return "not in this version" if value is None else f"{round(value, 2) + 0.0:g}"
