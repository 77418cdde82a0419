"""A Pygments lexer for `.score` files; its keywords are read from the grammar."""

from __future__ import annotations

import re
from functools import lru_cache

from pygments.lexer import RegexLexer, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text


@lru_cache(maxsize=1)
def grammar_keywords() -> tuple[str, ...]:
    from .parse import grammar_text

    return tuple(sorted(set(re.findall(r'"([a-z]+)"', grammar_text()))))


class ScoreDSLLexer(RegexLexer):  # type: ignore[misc]
    name = "ScoreDSL"
    aliases = ["scoredsl", "score"]
    filenames = ["*.score"]

    tokens = {
        "root": [
            (r"#.*$", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"\d+[hdw]\b", Number),
            (r"\d+(?:\.\d+)?%", Number),
            (r"-?\d+(?:\.\d+)?", Number),
            (words(grammar_keywords(), suffix=r"\b"), Keyword),
            (r"==|!=|<=|>=|<|>|\.\.|\.\*", Operator),
            (r"[\[\](){},;:=.]", Punctuation),
            (r"[A-Za-z_][A-Za-z0-9_\-]*", Name),
            (r"\s+", Text),
        ]
    }
