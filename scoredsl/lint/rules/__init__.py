"""The lint rules, one module per category; importing them registers them."""

from . import bugs, data, data_types, performance, scoring, style

__all__ = ["bugs", "data", "data_types", "performance", "scoring", "style"]
