"""Fit: learn the points of the user's own rules from outcomes, and write them back.

Features: each rule's contribution per point (a profile or count rule is 0/1, an event rule
its decayed, capped count). Model: an L2-regularised logistic regression (scikit-learn).
Scale: the log-odds weights are multiplied by one factor so that the new scores spread over
the same range as the old ones (the 5th to 95th percentile of the training leads' scores),
then rounded to whole points; when rounding costs ranking (training AUC down by more than
ROUNDING_LOSS) the scale is doubled. Tiers written as `score >= N` / `score > N` get new
cuts so that each keeps its share of the training leads; other tier conditions are kept.

The ruleset is rewritten in its own text: only the `add`/`subtract` amounts (a sign may
flip), `max` caps (scaled with their rule) and tier cuts change, then the formatter lays it
out, so comments, lets and the schema stay. A comment block at the top records the data,
date, method and held-out figures.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import ast, evaluate, printer
from ..compile import CompiledRule
from ..diagnostics import DiagnosticError, error
from ..fmt import LINE_WIDTH, format_text
from ..ruleset import Ruleset, loads
from ..source import Source
from ..timeutil import InstantError, parse_instant
from . import learn
from .backtest import Ranking, auc, gains, score_cut, tier_rows
from .matrix import Bools, Floats, RuleMatrix
from .results import FitReport, FitRule, FitSide, FitTier

ROUNDING_LOSS = 0.002  # training AUC a rounding may cost before the scale is doubled
NEAR_ZERO = 0.05  # |weight x the feature's spread| below this: the rule barely moves the odds
MIN_FIRED = 10  # a rule must fire for this many training leads (and miss as many) to be fitted
BLOCK_START = "# ---- scoredsl fit"
BLOCK_END = "# ---- end scoredsl fit"
SPLIT_ERROR = "SD632"
NOTHING_TO_FIT = "SD633"


@dataclass(frozen=True)
class FitOptions:
    holdout: float = 0.3
    holdout_after: datetime | None = None
    time_column: str = "created_at"
    seed: int = 0
    strength: float = 1.0  # L2 penalty: scikit-learn's C = 1 / strength


@dataclass(frozen=True)
class Split:
    train: npt.NDArray[np.intp]
    test: npt.NDArray[np.intp]
    description: str
    held_out: bool


@dataclass(frozen=True)
class Fitted:
    """The fitted points (signed, per rule index) and how they were made."""

    points: dict[int, float]
    weights: dict[int, float]
    notes: dict[int, str]
    factor: float
    unrounded_test: Floats  # the model's raw scores on the evaluation leads
    reference_test: Floats  # a plain LogisticRegression's on the same leads


def features(matrix: RuleMatrix) -> Floats:
    """Each rule's contribution per point: 0/1 for profile and count rules, the decayed and
    capped count of matching events for event rules (fired for a rule worth 0 points)."""
    x = np.zeros(matrix.contributions.shape, dtype=np.float64)
    for rule in matrix.compiled.rules:
        column = rule.index
        if rule.points:
            x[:, column] = matrix.contributions[:, column] / rule.points
        else:
            x[:, column] = matrix.fired[:, column]
    return x


def split(matrix: RuleMatrix, y: Bools, options: FitOptions) -> Split:
    rows = np.arange(matrix.size)
    if options.holdout_after is not None:
        times = _times(matrix, options.time_column)
        late = times > options.holdout_after.timestamp()
        moment = options.holdout_after.isoformat().replace("+00:00", "Z")
        text = f"by time: leads with {options.time_column} after {moment} held out"
        return _checked(Split(rows[~late], rows[late], text, True), y)
    if options.holdout <= 0:
        text = "none: fitted and evaluated on the same leads"
        return _checked(Split(rows, rows, text, False), y)
    from sklearn.model_selection import train_test_split

    try:
        train, test = train_test_split(
            rows, test_size=options.holdout, random_state=options.seed, stratify=y
        )
    except ValueError:  # too few of a class to stratify
        train, test = train_test_split(rows, test_size=options.holdout, random_state=options.seed)
    text = f"random: {options.holdout:.0%} held out (seed {options.seed}, stratified)"
    return _checked(Split(np.sort(train), np.sort(test), text, True), y)


def _times(matrix: RuleMatrix, column: str) -> Floats:
    values = matrix.raw[column].tolist() if column in matrix.raw else []
    times = np.zeros(matrix.size, dtype=np.float64)
    for row, value in enumerate(values):
        try:
            times[row] = parse_instant(value).timestamp()
        except InstantError:
            lead = matrix.lead_ids[row]
            message = f"lead `{lead}` has no timestamp in `{column}` for --holdout-after"
            help = "give every lead a created-at time, or name its column with --time-column"
            raise DiagnosticError([error(SPLIT_ERROR, message, help=help)]) from None
    return times


def _checked(found: Split, y: Bools) -> Split:
    for name, rows in (("training", found.train), ("held-out", found.test)):
        positives = int(y[rows].sum())
        if len(rows) == 0 or positives in (0, len(rows)):
            message = (
                f"the {name} leads ({len(rows)}) do not have both converted and not converted leads"
            )
            help = "move the --holdout-after time, or change --holdout"
            raise DiagnosticError([error(SPLIT_ERROR, message, help=help)])
    return found


# ---------------------------------------------------------------- the model


def fit_points(
    matrix: RuleMatrix, x: Floats, y: Bools, found: Split, options: FitOptions, main: str
) -> Fitted:
    rules = matrix.compiled.rules
    train_x, train_y = x[found.train], y[found.train]
    notes = {r.index: note for r in rules if (note := _unfit_note(r, train_x, main)) is not None}
    usable = [r.index for r in rules if r.index not in notes]
    if not usable:
        message = f"no rule can be fitted on these {len(train_x)} training leads"
        help = f"every rule fires for fewer than {MIN_FIRED} of them (or all but {MIN_FIRED}): fit needs more leads with outcomes"
        raise DiagnosticError([error(NOTHING_TO_FIT, message, help=help)])
    model = learn.logistic_regression(options.strength, options.seed)
    reference = learn.logistic_regression(1.0, options.seed)  # scikit-learn's defaults
    weights = np.zeros(len(rules))
    if usable:
        model.fit(train_x[:, usable], train_y)
        reference.fit(train_x[:, usable], train_y)
        weights[usable] = model.coef_[0]
    factor = _factor(matrix.scores[found.train], train_x @ weights)
    points = np.round(weights * factor)
    for _ in range(3):  # whole points that keep the ranking
        loss = _auc0(train_y, train_x @ weights) - _auc0(train_y, train_x @ points)
        if loss <= ROUNDING_LOSS:
            break
        factor *= 2
        points = np.round(weights * factor)
    signed = {r.index: (r.points if r.index in notes else float(points[r.index])) for r in rules}
    spread = train_x.std(axis=0)
    for index in usable:
        if abs(weights[index]) * spread[index] < NEAR_ZERO or signed[index] == 0:
            notes[index] = "near-zero weight: a candidate to remove"
    test_x = x[found.test]
    return Fitted(
        points={i: v + 0.0 for i, v in signed.items()},
        weights={i: float(weights[i]) for i in usable},
        notes=notes,
        factor=factor,
        unrounded_test=test_x @ weights,
        reference_test=_decision(reference, test_x[:, usable]) if usable else test_x[:, 0] * 0,
    )


def _decision(model: Any, x: Floats) -> Floats:
    return np.asarray(model.decision_function(x), dtype=np.float64)


def _unfit_note(rule: CompiledRule, train_x: Floats, main: str) -> str | None:
    if rule.rule.span.path != main:
        return f"in {rule.rule.span.path}: points kept (fit rewrites only {main})"
    fired = int((train_x[:, rule.index] != 0).sum())
    if fired < MIN_FIRED or len(train_x) - fired < MIN_FIRED:
        return f"fires for {fired} of {len(train_x)} training leads: too rarely (or too often) to fit; points kept"
    return None


def _auc0(y: Bools, scores: Floats) -> float:
    return auc(y, scores) or 0.0


def _spread(values: Floats) -> float:
    if len(values) == 0:
        return 0.0
    low, high = np.percentile(values, [5, 95])
    spread = float(high - low)
    return spread if spread > 0 else float(values.max() - values.min())


def _factor(old_scores: Floats, raw: Floats) -> float:
    """Points per unit of log-odds: the new scores spread like the old ones."""
    old, new = _spread(old_scores), _spread(raw)
    return (old if old > 0 else 100.0) / new if new > 0 else 1.0


# ---------------------------------------------------------------- tiers


def new_cuts(
    ruleset: Ruleset, old_train: Floats, new_train: Floats
) -> dict[str, tuple[float, float]]:
    """tier -> (new cut, share kept) for tiers written as a score cut."""
    cuts: dict[str, tuple[float, float]] = {}
    candidates = np.unique(np.floor(new_train))
    for tier in ruleset.program.tiers:
        cut = score_cut(tier)
        if cut is None:
            continue
        op, value = cut
        share = float(_passing(old_train, op, value).mean())
        shares = np.array([_passing(new_train, op, c).mean() for c in candidates])
        best = int(np.argmin(np.abs(shares - share)))
        cuts[tier.name] = (float(candidates[best]), share)
    return cuts


def _passing(scores: Floats, op: str, value: float) -> Bools:
    return scores >= value if op == ">=" else scores > value


# ---------------------------------------------------------------- the text


def rewrite(
    source: Source,
    ruleset: Ruleset,
    points: dict[int, float],
    cuts: dict[str, tuple[float, float]],
    header: list[str],
) -> str:
    """The ruleset's own text with new points, caps and tier cuts, formatted canonically."""
    text = source.text
    edits: list[tuple[int, int, str]] = []
    for rule in ruleset.compiled.rules:
        if rule.rule.span.path != source.path:
            continue
        edits += _rule_edits(text, rule, points[rule.index])
    for tier in ruleset.program.tiers:
        if tier.name in cuts and isinstance(tier.condition, ast.Compare):
            span = tier.condition.operand.span
            edits.append((span.start, span.end, printer.number(cuts[tier.name][0])))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    text = "\n".join(header) + "\n" + _without_block(text)
    return format_text(text, source.path)


def _rule_edits(text: str, rule: CompiledRule, new: float) -> list[tuple[int, int, str]]:
    node = rule.rule
    before = text[node.span.start : node.points.span.start]
    keyword = re.search(r"(add|subtract)\s+$", before)
    assert keyword is not None, "the parser puts add/subtract right before the points"
    start = node.span.start + keyword.start()
    verb = "subtract" if new < 0 else "add"
    edits = [(start, node.points.span.end, f"{verb} {printer.number(abs(new))}")]
    cap = node.modifier(ast.Max)
    old = abs(rule.points)
    if isinstance(cap, ast.Max) and old and new:
        scaled = max(1.0, float(round(cap.limit.value * abs(new) / old)))
        edits.append((cap.limit.span.start, cap.limit.span.end, printer.number(scaled)))
    return edits


def _without_block(text: str) -> str:
    """The text without a previous fit's comment block at its top."""
    if not text.startswith(BLOCK_START):
        return text
    end = text.find(BLOCK_END)
    if end < 0:
        return text
    rest = text[text.find("\n", end) + 1 :]
    return rest.lstrip("\n")


# ---------------------------------------------------------------- the whole fit


@dataclass(frozen=True)
class FitResult:
    report: FitReport
    text: str  # the fitted ruleset


def run(
    rules: Path,
    ruleset: Ruleset,
    matrix: RuleMatrix,
    y: Bools,
    labels: tuple[str, str],  # (data, as_of)
    options: FitOptions,
    rescore: Callable[[Ruleset], RuleMatrix],  # the same leads and rows, another ruleset
) -> FitResult:
    source = Source.from_file(rules)
    x = features(matrix)
    found = split(matrix, y, options)
    fitted = fit_points(matrix, x, y, found, options, source.path)
    draft = rewrite(source, ruleset, fitted.points, {}, [])
    draft_ruleset = loads(draft, str(rules), rules.parent)
    rescored = rescore(draft_ruleset)
    cuts = new_cuts(ruleset, matrix.scores[found.train], rescored.scores[found.train])
    text_without_header = rewrite(source, ruleset, fitted.points, cuts, [])
    final = loads(text_without_header, str(rules), rules.parent)
    new_test = _with_tiers(rescored.subset(found.test), final)
    old_test = matrix.subset(found.test)
    test_y = y[found.test]
    report = FitReport(
        ruleset=ruleset.name or rules.name,
        data=labels[0],
        as_of=labels[1],
        method=_method(options),
        split=found.description,
        evaluated_on=_evaluated_on(found),
        train_leads=len(found.train),
        train_conversions=int(y[found.train].sum()),
        test_leads=len(found.test),
        test_conversions=int(test_y.sum()),
        scale=_scale(fitted.factor),
        old=_side(old_test, test_y),
        new=_side(new_test, test_y),
        reference_auc=auc(test_y, fitted.reference_test),
        unrounded_auc=auc(test_y, fitted.unrounded_test),
        rules=_rules(matrix, fitted, x[found.train]),
        tiers=_tiers(ruleset, cuts),
    )
    header = header_lines(report)
    text = rewrite(source, ruleset, fitted.points, cuts, header)
    loads(text, str(rules), rules.parent)  # the fitted ruleset must check clean
    return FitResult(report, text)


def _method(options: FitOptions) -> str:
    return (
        f"L2-regularised logistic regression (scikit-learn, C={1 / options.strength:g}) "
        "over each rule's contribution per point"
    )


def _evaluated_on(found: Split) -> str:
    if found.held_out:
        return "held-out leads"
    return "training leads (no holdout): the figures flatter the fit"


def _scale(factor: float) -> str:
    doubling = factor * math.log(2)
    return (
        f"{factor:.2f} points per unit of log-odds (about {doubling:.1f} points double the "
        "odds), to spread like the old scores"
    )


def _with_tiers(matrix: RuleMatrix, final: Ruleset) -> RuleMatrix:
    """The rescored matrix with the tiers the final cuts give (points are the same)."""
    tiers = []
    as_of = datetime.now(timezone.utc)  # tier conditions over scores never read the clock
    for row in range(matrix.size):
        dims = {name: float(values[row]) for name, values in matrix.dimensions.items()}
        tier = evaluate.choose_tier(final.compiled, float(matrix.scores[row]), dims, as_of)
        tiers.append(tier.name if tier else None)
    return replace(matrix, compiled=final.compiled, tiers=tiers)


def _side(matrix: RuleMatrix, y: Bools) -> FitSide:
    ranking = Ranking(matrix.scores, y)
    top = next(g for g in gains(ranking) if abs(g.top - 0.3) < 1e-9)
    return FitSide(
        auc=auc(y, matrix.scores), captured_top_30=top.captured, tiers=tier_rows(matrix, y, None)
    )


def _rules(matrix: RuleMatrix, fitted: Fitted, train_x: Floats) -> list[FitRule]:
    return [
        FitRule(
            rule=rule.label,
            dimension=matrix.compiled.dimensions[rule.dimension].name,
            old_points=rule.points,
            new_points=fitted.points[rule.index],
            weight=fitted.weights.get(rule.index),
            fired=int((train_x[:, rule.index] != 0).sum()),
            note=fitted.notes.get(rule.index),
        )
        for rule in matrix.compiled.rules
    ]


def _tiers(ruleset: Ruleset, cuts: dict[str, tuple[float, float]]) -> list[FitTier]:
    rows = []
    for tier in ruleset.program.tiers:
        old = printer.tier_condition(tier)
        if tier.name in cuts and isinstance(tier.condition, ast.Compare):
            value, share = cuts[tier.name]
            new = f"when {tier.condition.path.dotted} {tier.condition.op} {printer.number(value)}"
            rows.append(FitTier(tier=tier.name, old=old, new=new, share=share))
        else:
            rows.append(FitTier(tier=tier.name, old=old, new=old, share=None))
    return rows


def header_lines(report: FitReport) -> list[str]:
    today = datetime.now(timezone.utc).date().isoformat()
    old, new = report.old, report.new
    kept = ", ".join(f"{t.tier} {t.share:.1%}" for t in report.tiers if t.share is not None)
    lines = [
        f"{BLOCK_START} {'-' * 60}",
        f"# Points fitted by `scoredsl fit` on {today} from {report.data}, scored as of {report.as_of}:",
        f"#   {report.train_leads} training leads ({report.train_conversions} converted).",
        f"# Method: {report.method}; {report.scale}; whole points.",
        f"# Split: {report.split}.",
        f"# On the {report.evaluated_on} ({report.test_leads}, {report.test_conversions} converted):",
        f"#   ROC AUC {_num(old.auc)} (hand points) -> {_num(new.auc)} (these points); "
        f"scikit-learn's plain logistic regression {_num(report.reference_auc)}",
        f"#   conversions captured in the top 30%: {old.captured_top_30:.1%} -> {new.captured_top_30:.1%}",
    ]
    if kept:
        lines.append(
            f"# Tiers: score cuts re-derived so each tier keeps its share of leads ({kept})."
        )
    flagged = [r for r in report.rules if r.note]
    for rule in flagged:
        lines.append(f"#   {rule.rule}: {rule.note}")
    lines.append(f"{BLOCK_END} {'-' * 56}")
    return [part for line in lines for part in _wrapped(line)]


def _wrapped(line: str) -> list[str]:
    """A comment line cut to the formatter's width, continued with a deeper indent."""
    if len(line) <= LINE_WIDTH:
        return [line]
    body = line[2:]
    indent = " " * (len(body) - len(body.lstrip()))
    return textwrap.wrap(
        body,
        width=LINE_WIDTH,
        initial_indent="# ",
        subsequent_indent="# " + indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
