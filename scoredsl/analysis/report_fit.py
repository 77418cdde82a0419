"""Text and markdown renderers of a FitReport: old vs new points side by side."""

from __future__ import annotations

from collections.abc import Sequence

from .results import FitReport, FitSide


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    indent: str = "  ",
    left: tuple[int, ...] = (0,),
) -> list[str]:
    """Columns padded to their widest cell: those in `left` left-aligned, the rest right."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    left = tuple(i % len(header) for i in left)
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _auc(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _summary(report: FitReport) -> list[list[str]]:
    old, new = report.old, report.new
    return [
        ["ROC AUC", _auc(old.auc), _auc(new.auc)],
        ["captured in the top 30%", pct(old.captured_top_30), pct(new.captured_top_30)],
    ]


def _tier_rows(side: FitSide) -> list[list[str]]:
    return [
        [
            t.tier or "(no tier)",
            str(t.leads),
            pct(t.share),
            pct(t.rate),
            ratio(t.lift),
            pct(t.captured),
        ]
        for t in side.tiers
    ]


def _rule_rows(report: FitReport) -> list[list[str]]:
    return [
        [
            r.rule,
            number(r.old_points),
            number(r.new_points),
            "-" if r.weight is None else f"{r.weight:+.3f}",
            str(r.fired),
            r.note or "",
        ]
        for r in report.rules
    ]


_TIER_HEADER = ["tier", "leads", "share", "rate", "lift", "captured"]
_RULE_HEADER = ["rule", "old", "new", "weight", "fired", "note"]


def render_text(report: FitReport) -> str:
    lines = [
        f"fit of {report.ruleset} on {report.data} as of {report.as_of}",
        f"  method: {report.method}",
        f"  scale: {report.scale}",
        f"  split: {report.split}",
        f"  training: {report.train_leads} leads, {report.train_conversions} converted",
        "",
        f"on the {report.evaluated_on}: {report.test_leads} leads, {report.test_conversions} converted",
        *table(["", "old points", "new points"], _summary(report)),
        f"  scikit-learn logistic regression, same rules: AUC {_auc(report.reference_auc)}"
        f" (fitted model before rounding: {_auc(report.unrounded_auc)})",
        "",
        "tiers, old points",
        *table(_TIER_HEADER, _tier_rows(report.old)),
        "tiers, new points",
        *table(_TIER_HEADER, _tier_rows(report.new)),
        "",
        "tier cuts",
        *table(
            ["tier", "old", "new", "share kept"],
            [[t.tier, t.old, t.new, pct(t.share)] for t in report.tiers],
        ),
        "",
        "rules",
        *table(_RULE_HEADER, _rule_rows(report), left=(0, -1)),
    ]
    if report.output:
        lines += ["", f"wrote {report.output}"]
    return "\n".join(lines) + "\n"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(r) for r in rows)]


def render_markdown(report: FitReport) -> str:
    lines = [
        f"### `scoredsl fit`: {report.ruleset}",
        "",
        f"Data: `{report.data}`, scored as of {report.as_of}. Split: {report.split}. "
        f"Training: {report.train_leads} leads ({report.train_conversions} converted).",
        "",
        f"Method: {report.method}; {report.scale}.",
        "",
        f"**On the {report.evaluated_on}** ({report.test_leads} leads, "
        f"{report.test_conversions} converted):",
        "",
        *_md_table(["", "old points", "new points"], _summary(report)),
        "",
        f"scikit-learn's plain logistic regression over the same rules: AUC "
        f"{_auc(report.reference_auc)}.",
        "",
        "Tiers with the new points:",
        "",
        *_md_table(_TIER_HEADER, _tier_rows(report.new)),
        "",
        "Rules:",
        "",
        *_md_table(_RULE_HEADER, _rule_rows(report)),
    ]
    return "\n".join(lines) + "\n"
