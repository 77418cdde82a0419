"""A realistic BacktestReport for the report renderers' tests, built from synthetic leads.

The rules, points, dimensions and tiers are those of rulesets/b2b_saas.score; which rules fire
and who converts is drawn with numpy so that some rules help, some contradict their sign
(`email_click`, `outside_territory`) and one looks leaked (`demo_request` converts ~97%).
Every figure is computed here from the per-lead data, independently of scoredsl.analysis.

The report is stored as tests/golden/backtest/report.json (with its per-lead lists), so the
golden files do not depend on numpy's random streams. Regenerate it with
`.venv/bin/python tests/backtest_fixture.py` and review the diff of the goldens.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from scoredsl.analysis.results import (
    BacktestReport,
    BandRow,
    GainsRow,
    RuleRow,
    ThresholdMove,
    TierRow,
    TopCut,
    Warning_,
)

FIXTURE = Path(__file__).resolve().parent / "golden" / "backtest" / "report.json"

# name, dimension, points, share of leads it fires for, true effect on the log-odds
RULES: list[tuple[str, str, float, float, float]] = [
    ("c_suite_title", "fit", 20, 0.08, 1.0),
    ("vp_director_title", "fit", 12, 0.15, 0.8),
    ("manager_title", "fit", 5, 0.25, 0.2),
    ("enterprise_company", "fit", 15, 0.20, 0.9),
    ("mid_market_company", "fit", 8, 0.30, 0.4),
    ("very_small_company", "fit", -5, 0.15, -0.6),
    ("target_industry", "fit", 5, 0.40, 0.3),
    ("non_target_function", "fit", -5, 0.06, -1.0),
    ("academic_email", "fit", -10, 0.04, -1.5),
    ("free_email", "fit", -5, 0.20, -0.5),
    ("outside_territory", "fit", -3, 0.25, 0.35),  # subtracts, converts above the base rate
    ("competitor", "fit", -50, 0.01, -3.0),
    ("unknown_title", "fit", -2, 0.10, -0.3),
    ("pricing_page", "engagement", 15, 0.40, 1.0),
    ("contact_form", "engagement", 20, 0.25, 1.2),
    ("demo_request", "engagement", 25, 0.06, 0.0),  # converts ~97%: leaked?
    ("whitepaper_download", "engagement", 10, 0.25, 0.4),
    ("email_click", "engagement", 5, 0.50, -0.45),  # adds, converts below the base rate
    ("blog_reader", "engagement", 1, 0.40, 0.05),
    ("careers_page", "engagement", -10, 0.05, -1.5),
    ("frequent_visitor", "engagement", 10, 0.30, 0.6),
    ("unsubscribed", "engagement", -15, 0.08, -0.8),
]
TIERS = [("hot", "when score > 70", 70.0), ("warm", "when score >= 30", 30.0)]
COLD = ("cold", "otherwise")


def _simulate(n: int, seed: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Any]:
    """Per-rule contributions, per-dimension values and the outcome of `n` leads."""
    rng = np.random.default_rng(seed)
    contributions: dict[str, np.ndarray] = {}
    logit = np.full(n, -3.4)
    for name, _dim, points, share, effect in RULES:
        fired = rng.random(n) < share
        # event rules fade with age: a fired event rule keeps 50% or 100% of its points
        fade = rng.choice([0.5, 1.0], n, p=[0.3, 0.7]) if _dim == "engagement" else np.ones(n)
        contributions[name] = np.where(fired, points * fade, 0.0)
        logit += np.where(fired, effect, 0.0)
    converted = rng.random(n) < 1 / (1 + np.exp(-logit))
    demo = contributions["demo_request"] != 0
    converted = np.where(demo, rng.random(n) < 0.98, converted)
    by_dim = {
        dim: [contributions[name] for name, d, *_ in RULES if d == dim]
        for dim in ("fit", "engagement")
    }
    fit, engagement = (np.sum(by_dim[dim], axis=0) for dim in ("fit", "engagement"))
    dims = {"fit": fit, "engagement": np.clip(engagement, 0, 100)}
    return contributions, dims, converted


def _auc(scores: np.ndarray, converted: np.ndarray) -> float | None:
    """ROC AUC with ties counted half (the Mann-Whitney statistic, as roc_auc_score)."""
    pos, neg = int(converted.sum()), int((~converted).sum())
    if pos == 0 or neg == 0:
        return None
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2)[inverse]  # average rank of each tie group
    return float((ranks[converted].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _tier_of(score: float) -> str:
    """First match wins, as the ruleset's tiers: hot > 70, warm >= 30, cold otherwise."""
    if score > 70:
        return "hot"
    return "warm" if score >= 30 else COLD[0]


def _tiers(scores: np.ndarray, converted: np.ndarray, base: float) -> list[TierRow]:
    names = np.array([_tier_of(s) for s in scores])
    total = int(converted.sum())
    rows = []
    for name in [t[0] for t in TIERS] + [COLD[0]]:
        inside = names == name
        leads, conv = int(inside.sum()), int(converted[inside].sum())
        rate = conv / leads if leads else 0.0
        rows.append(
            TierRow(
                tier=name,
                leads=leads,
                share=leads / len(scores),
                conversions=conv,
                rate=rate,
                lift=rate / base,
                captured=conv / total,
            )
        )
    return rows


def _rules(
    contributions: dict[str, np.ndarray], converted: np.ndarray, base: float
) -> list[RuleRow]:
    rows = []
    for name, dim, points, *_ in RULES:
        fired = contributions[name] != 0
        count = int(fired.sum())
        when = float(converted[fired].mean()) if count else None
        when_not = float(converted[~fired].mean()) if count < len(fired) else None
        contradicts = when is not None and ((points > 0) == (when < base))
        leakage = when is not None and count >= 0.05 * len(fired) and (when > 0.95 or when < 0.02)
        rows.append(
            RuleRow(
                rule=name,
                dimension=dim,
                points=points,
                fired=count,
                rate_when_fired=when,
                rate_when_not_fired=when_not,
                lift=when / base if when is not None else None,
                contradicts=contradicts,
                leakage=leakage,
            )
        )
    return rows


def _gains(order: np.ndarray, converted: np.ndarray) -> list[GainsRow]:
    n, total = len(order), int(converted.sum())
    rows = []
    for step in range(1, 11):
        top = step / 10
        leads = math.ceil(n * top)
        conv = int(converted[order[:leads]].sum())
        rows.append(
            GainsRow(
                top=top,
                leads=leads,
                conversions=conv,
                captured=conv / total,
                lift=conv / total / top,
            )
        )
    return rows


def _bands(scores: np.ndarray, converted: np.ndarray) -> list[BandRow]:
    order = np.argsort(scores, kind="stable")  # lowest first: band 1 is the lowest decile
    rows = []
    for band, part in enumerate(np.array_split(order, 10), start=1):
        rows.append(
            BandRow(
                band=band,
                low=float(scores[part].min()),
                high=float(scores[part].max()),
                leads=len(part),
                conversions=int(converted[part].sum()),
                rate=float(converted[part].mean()),
            )
        )
    return rows


def _flagged(
    scores: np.ndarray, converted: np.ndarray, cut: float, strict: bool = False
) -> dict[str, float]:
    chosen = scores > cut if strict else scores >= cut
    leads = int(chosen.sum())
    return {
        "threshold": cut,
        "leads": leads,
        "captured": float(converted[chosen].sum() / converted.sum()),
        "rate": float(converted[chosen].mean()) if leads else 0.0,
    }


def _thresholds(scores: np.ndarray, converted: np.ndarray) -> list[ThresholdMove]:
    rows = []
    for name, condition, cut in TIERS:
        strict = ">" in condition and ">=" not in condition
        now = _flagged(scores, converted, cut, strict)
        rows.append(
            ThresholdMove(
                tier=name,
                condition=condition,
                threshold=cut,
                leads=int(now["leads"]),
                captured=now["captured"],
                moves=[_flagged(scores, converted, cut + d, strict) for d in (-10, -5, 5, 10)],
            )
        )
    return rows


def _top(order: np.ndarray, scores: np.ndarray, converted: np.ndarray, share: float) -> TopCut:
    cut = float(scores[order[math.ceil(len(order) * share) - 1]])
    flagged = _flagged(scores, converted, cut)
    return TopCut(
        share=share,
        score=cut,
        leads=int(flagged["leads"]),
        captured=flagged["captured"],
        rate=flagged["rate"],
    )


def _warnings(rules: list[RuleRow]) -> list[Warning_]:
    warnings = []
    for row in rules:
        if row.leakage and row.rate_when_fired is not None:
            warnings.append(
                Warning_(
                    code="leakage",
                    subject=row.rule,
                    message=f"converts {row.rate_when_fired:.0%} when it fires, for "
                    f"{row.fired} leads: known only after the outcome?",
                )
            )
        elif row.contradicts:
            sign = "adds points" if row.points > 0 else "subtracts points"
            warnings.append(
                Warning_(
                    code="contradicts",
                    subject=row.rule,
                    message=f"{sign} but its leads convert at {row.lift:.2f}x the base rate",
                )
            )
    return warnings


def build(n: int = 2000, seed: int = 9) -> BacktestReport:
    contributions, dims, converted = _simulate(n, seed)
    scores = np.round(dims["fit"] + dims["engagement"], 2)
    base = float(converted.mean())
    order = np.argsort(-scores, kind="stable")  # best scores first
    rules = _rules(contributions, converted, base)
    return BacktestReport(
        ruleset="rulesets/b2b_saas.score",
        data="synthetic b2b leads (tests/backtest_fixture.py)",
        as_of="2026-11-01T00:00:00Z",
        leads=n,
        conversions=int(converted.sum()),
        base_rate=base,
        auc=_auc(scores, converted),
        dimension_auc={name: _auc(values, converted) for name, values in dims.items()},
        tiers=_tiers(scores, converted, base),
        rules=rules,
        gains=_gains(order, converted),
        bands=_bands(scores, converted),
        thresholds=_thresholds(scores, converted),
        top=_top(order, scores, converted, 0.3),
        warnings=_warnings(rules),
        scores=[float(s) for s in scores],
        converted=[bool(c) for c in converted],
    )


def stored() -> BacktestReport:
    """The fixture as stored, per-lead lists included (they are excluded from JSON dumps)."""
    return BacktestReport.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


def write(report: BacktestReport) -> None:
    data = report.model_dump(mode="json")
    data["scores"], data["converted"] = report.scores, report.converted
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(build())
    print(f"wrote {FIXTURE}")
