"""The lint rules, one module per category; importing them registers them."""

from . import bugs, data, performance, scoring, style

__all__ = ["bugs", "data", "performance", "scoring", "style"]
