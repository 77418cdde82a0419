"""The lint rules, one module per category; importing them registers them."""

from ..registry import LintRule, registered
from . import bugs, data, data_types, performance, scoring, style

__all__ = ["all_rules", "bugs", "data", "data_types", "performance", "scoring", "style"]


def all_rules() -> list[LintRule]:
    """Every rule, ordered by code (the modules above registered them at import)."""
    return registered()
