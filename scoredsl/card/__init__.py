"""The score card: a ruleset as the "lead scoring card" sales and marketing sign off.

ruleset (+ the rule matrix and outcomes, with --leads) -> `build.card` -> a `model.Card`
-> `render.render` (text, markdown, csv, json) or `html.render`. The words come from
scoredsl/wording.py; `render.render_pair` shows two cards side by side (for `diff`).
"""

from .build import Seen, card
from .model import Card
from .render import render_pair

__all__ = ["Card", "Seen", "card", "render_pair"]
