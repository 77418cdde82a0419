"""The text renderer of a BacktestReport: plain columns a terminal and a golden file share."""

from __future__ import annotations

from collections.abc import Sequence

from .results import BacktestReport


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


def render(report: BacktestReport) -> str:
    lines = [
        f"backtest of {report.ruleset} on {report.data} as of {report.as_of}",
        "",
        f"  leads {report.leads}, conversions {report.conversions}, "
        f"base rate {pct(report.base_rate)}, ROC AUC {ratio(report.auc)}",
    ]
    if report.excluded_converted_before:
        lines.append(f"  left out: {report.excluded_converted_before} leads converted before as-of")
    if report.dimension_auc:
        shown = ", ".join(f"{name} {ratio(v)}" for name, v in report.dimension_auc.items())
        lines.append(f"  AUC by dimension: {shown}")
    lines += ["", "tiers", *_tiers(report)]
    lines += ["", "gains (best scores first)", *_gains(report)]
    lines += ["", "score bands (deciles, 1 = lowest)", *_bands(report)]
    lines += ["", "rules", *_rules(report)]
    if report.thresholds:
        lines += ["", "thresholds", *_thresholds(report)]
    if report.top is not None:
        top = report.top
        lines += [
            "",
            f"top {top.share:.0%}: score >= {number(top.score)} flags {top.leads} leads, "
            f"captures {pct(top.captured)} of conversions, converts at {pct(top.rate)}",
        ]
    if report.warnings:
        lines += ["", "warnings"]
        lines += [f"  {w.code}: {w.subject}: {w.message}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def _tiers(report: BacktestReport) -> list[str]:
    with_value = any(row.value is not None for row in report.tiers)
    header = ["tier", "leads", "share", "conversions", "rate", "lift", "captured"]
    if with_value:
        header.append("value")
    rows = []
    for row in report.tiers:
        cells = [
            row.tier or "(no tier)",
            str(row.leads),
            pct(row.share),
            str(row.conversions),
            pct(row.rate),
            ratio(row.lift),
            pct(row.captured),
        ]
        if with_value:
            cells.append("-" if row.value is None else f"{row.value:.2f}")
        rows.append(cells)
    return table(header, rows)


def _gains(report: BacktestReport) -> list[str]:
    rows = [
        [f"top {g.top:.0%}", str(g.leads), str(g.conversions), pct(g.captured), ratio(g.lift)]
        for g in report.gains
    ]
    return table(["share", "leads", "conversions", "captured", "lift"], rows)


def _bands(report: BacktestReport) -> list[str]:
    rows = [
        [
            str(b.band),
            f"{number(b.low)}..{number(b.high)}",
            str(b.leads),
            str(b.conversions),
            pct(b.rate),
        ]
        for b in report.bands
    ]
    return table(["band", "scores", "leads", "conversions", "rate"], rows)


def _rules(report: BacktestReport) -> list[str]:
    rows = []
    for r in report.rules:
        flags = " ".join(
            flag for flag, on in (("contradicts", r.contradicts), ("leakage?", r.leakage)) if on
        )
        rows.append(
            [
                r.rule,
                number(r.points),
                str(r.fired),
                pct(r.rate_when_fired),
                pct(r.rate_when_not_fired),
                ratio(r.lift),
                flags,
            ]
        )
    return table(
        ["rule", "points", "fired", "rate fired", "rate not", "lift", ""], rows, left=(0, -1)
    )


def _thresholds(report: BacktestReport) -> list[str]:
    lines = []
    for move in report.thresholds:
        if move.threshold is None:
            lines.append(f"  {move.tier} ({move.condition}): not a score cut, not moved")
            continue
        lines.append(
            f"  {move.tier} ({move.condition}): {move.leads} leads, captures {pct(move.captured)}"
        )
        rows = [
            [
                f"at {number(m['threshold'])}",
                str(int(m["leads"])),
                pct(m["captured"]),
                pct(m["rate"]),
            ]
            for m in move.moves
        ]
        lines += table(["moved", "leads", "captured", "rate"], rows, indent="    ")
    return lines
