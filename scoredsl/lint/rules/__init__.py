"""The lint rules, one module per category; importing them registers them."""

from . import bugs, performance, scoring, style

__all__ = ["bugs", "performance", "scoring", "style"]
