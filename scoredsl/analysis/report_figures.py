"""How a backtest's figures are written, the same way in the text, markdown and HTML reports.

Rates and shares are percentages with one decimal, lift a multiple ("2.41x"), AUC three
decimals, scores as the evaluator rounds them. Missing values (a rule that never fired, an
AUC with one class) are an em dash, never 0.
"""

from __future__ import annotations

from .results import BacktestReport, RuleRow, TierRow

DASH = "—"
NO_TIER = "(no tier)"


def pct(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def share(value: float) -> str:
    """A share of leads such as --top or a gains row: 10%, 33.3%."""
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def lift(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}x"


def auc(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def score(value: float | None) -> str:
    return DASH if value is None else f"{value:g}"


def points(value: float) -> str:
    return f"{value:+g}"


def money(value: float | None) -> str:
    return DASH if value is None else f"{value:,.2f}"


def tier_name(name: str | None) -> str:
    return NO_TIER if name is None else name


CONTRADICTS = "contradicts"
LEAKAGE = "leakage?"
FLAG_LEGEND = (
    f"{CONTRADICTS}: the rule adds points but its leads convert below the base rate, "
    "or subtracts points and they convert above it",
    f"{LEAKAGE}: near-perfect conversion rate on a sizeable share of leads; "
    "is the field known only after the outcome?",
)


def short_flags(rule: RuleRow) -> list[str]:
    """The one-word flags of a rule the reader should look at (explained by FLAG_LEGEND)."""
    return [name for name, on in ((CONTRADICTS, rule.contradicts), (LEAKAGE, rule.leakage)) if on]


def flags(rule: RuleRow) -> list[str]:
    """The same flags in words, for a tooltip or a sentence."""
    notes = []
    if rule.contradicts:
        sign = "adds points" if rule.points > 0 else "subtracts points"
        side = "below" if rule.points > 0 else "above"
        notes.append(f"{sign} but converts {side} the base rate")
    if rule.leakage:
        notes.append("near-perfect rate: known only after the outcome?")
    return notes


def headline(report: BacktestReport) -> list[tuple[str, str]]:
    """The figures a reader wants first, as (label, value) pairs."""
    rows = [
        ("leads", f"{report.leads:,}"),
        ("conversions", f"{report.conversions:,}"),
        ("base rate", pct(report.base_rate)),
        ("ROC AUC", auc(report.auc)),
    ]
    rows += [(f"ROC AUC of {name}", auc(value)) for name, value in report.dimension_auc.items()]
    if report.excluded_converted_before:
        rows.append(("converted before as-of (left out)", f"{report.excluded_converted_before:,}"))
    return rows


TIER_COLUMNS = ("leads", "share", "conversions", "rate", "lift", "captured")


def tier_figures(row: TierRow, values: bool) -> list[str]:
    """A tier row's figures under TIER_COLUMNS (and `value` when the outcomes have values)."""
    cells = [
        f"{row.leads:,}",
        pct(row.share),
        f"{row.conversions:,}",
        pct(row.rate),
        lift(row.lift),
        pct(row.captured),
    ]
    return cells + ([money(row.value)] if values else [])


def has_values(report: BacktestReport) -> bool:
    """Whether the outcomes carried deal values (a value column in the tier table)."""
    return any(row.value is not None for row in report.tiers)


def top_sentence(report: BacktestReport) -> str | None:
    """--top in one sentence: the cut, how many leads it flags, what it captures."""
    top = report.top
    if top is None:
        return None
    return (
        f"Top {share(top.share)} of leads: score >= {score(top.score)} flags {top.leads:,} leads "
        f"and captures {pct(top.captured)} of conversions (they convert at {pct(top.rate)})."
    )
