"""`scoredsl fmt`: the canonical layout (formatter.py) and the command that applies it to
files and stdin (command.py)."""

from .formatter import LINE_WIDTH, canonical, format_source, format_text

__all__ = ["LINE_WIDTH", "canonical", "format_source", "format_text"]
