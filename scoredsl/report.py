"""Report: render an Explanation for people (rich text; plain when not a terminal)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from .highlight import ScoreDSLLexer, highlight
from .printer import number
from .values import round_half_away

if TYPE_CHECKING:
    from .explain import Explanation, RuleTrace


def _points(value: float) -> str:
    shown = f"{value:+.2f}"
    return "0" if shown in ("+0.00", "-0.00") else shown


def render_explanation(exp: Explanation, color: bool = False, width: int = 100) -> str:
    return console_text(lambda console: _write(console, exp), color, width, soft_wrap=True)


def console_text(
    draw: Callable[[Console], None], color: bool, width: int, *, soft_wrap: bool
) -> str:
    """What `draw` prints on a rich console of `width` columns, as text (ANSI colours only
    with `color`), with no trailing spaces: every terminal report renders through here."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        markup=False,  # user text (a ruleset named `acme [red]`, a lead id) prints as written
        soft_wrap=soft_wrap,
    )
    draw(console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _write(console: Console, exp: Explanation) -> None:
    tier = exp.result.tier or "no tier"
    console.print(Text(f"Lead {exp.lead_id}: score {exp.result.score:g} ({tier})", style="bold"))
    console.print(
        f"as of {exp.as_of.isoformat().replace('+00:00', 'Z')}"
        + (f", ruleset {exp.ruleset}" if exp.ruleset else "")
    )
    for dim in exp.dimensions:
        rules = [r for r in exp.rules if r.dimension == dim.name]
        if not rules and dim.name is None:
            continue
        console.print()
        label = dim.name or "score (rules outside dimensions)"
        note = ""
        if dim.range is not None and dim.value != dim.sum:
            note = f"  (sum {dim.sum:.2f}, clamped to range {number(dim.range[0])}..{number(dim.range[1])})"
        console.print(Text(f"{label}: {dim.rounded:g}{note}", style="bold cyan"))
        for rule in rules:
            _write_rule(console, rule)
    console.print()
    total, total_note = f"{exp.result.score:g}", ""
    if exp.total_range is not None:
        total_note = f" (range {number(exp.total_range[0])}..{number(exp.total_range[1])})"
        if exp.total_sum != exp.total:  # clamped: show what the dimensions added up to
            total = f"{round_half_away(exp.total_sum):g} → {total}"
    console.print(Text(f"total: {total}{total_note}", style="bold"))
    _write_tiers(console, exp)


def _write_rule(console: Console, rule: RuleTrace) -> None:
    mark = "✓" if rule.fired else "✗"
    style = "green" if rule.fired else "dim"
    title = rule.rule  # its name, or its canonical text and line (spec 3)
    console.print(Text(f"  {mark} {title}  {_points(rule.contribution)}", style=style))
    console.print(Text(f"      line {rule.line}: ", style="dim") + _highlighted(rule.source))
    for event in rule.events:
        if rule.kind == "count":
            console.print(f"      {event.type} at {event.at:%Y-%m-%d %H:%M} ({event.age}) counted")
            continue
        used = "" if event.counted else "   not counted: `once` keeps the most recent"
        console.print(
            f"      {event.type} at {event.at:%Y-%m-%d %H:%M} ({event.age}): "
            f"{number(event.points)} x decay {event.decay_factor:g} = {event.value:.2f}{used}"
        )
    if rule.count is not None and rule.fired:
        console.print(f"      count {rule.count}: condition holds, {_points(rule.contribution)}")
    if rule.cap is not None and rule.before_cap is not None:
        console.print(
            f"      capped by max {number(rule.cap)}: {rule.before_cap:.2f} -> {rule.contribution:.2f}"
        )
    if rule.reason:
        console.print(Text(f"      why not: {rule.reason}", style="yellow"))


def _highlighted(source: str) -> Text:
    return highlight(source, ScoreDSLLexer)


def _write_tiers(console: Console, exp: Explanation) -> None:
    if not exp.tiers:
        console.print("tier: none declared")
        return
    for tier in exp.tiers:
        if tier.matched:
            because = tier.condition.removeprefix("when ")
            console.print(Text(f"tier: {tier.name}, because {because}", style="bold green"))
        else:
            console.print(f"  not {tier.name} ({tier.condition}): {tier.reason}")
    if not any(t.matched for t in exp.tiers):
        console.print("tier: none matched")
