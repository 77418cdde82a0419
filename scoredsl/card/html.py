"""The card as one self-contained HTML page (no script, nothing loaded): print it, mail it.

Needs jinja2 (the `reports` extra); without it, the same DiagnosticError (SD604) as the
backtest report's. All user text goes through Jinja's autoescaping.
"""

from __future__ import annotations

from .. import __version__
from ..analysis import report_html
from . import render as words
from .model import Card

TEMPLATE = "card.html.j2"


def render(card: Card) -> str:
    jinja2, _ = report_html.require()
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("scoredsl.card", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    figures, rates = words.figure_columns(card)
    page = environment.get_template(TEMPLATE).render(
        card=card,
        version=__version__,
        heading=words.heading(card),
        counted=words.counted_on(card),
        reach=lambda dimension: words.reach_line(dimension, card),
        figures=figures,
        rates=rates,
        criterion_figures=lambda c: words.criterion_figures(c, rates),
        tier_figures=lambda t: words.tier_figures(t, rates),
        tier_columns=words.tier_columns(card),
    )
    return str(page)
