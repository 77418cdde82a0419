"""Pygments lexers for `.score` and `.scoretest` files; their keywords are read from the grammars.

Registered through the `pygments.lexers` entry point, so after `pip install scoredsl`
`pygmentize -l scoredsl rules.score` works and Sphinx/MkDocs highlight ```scoredsl blocks.
explain (explain_text.py) and the code frames of diagnostics (`highlight_frames`) use them too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)
from rich.syntax import Syntax
from rich.text import Text as RichText

# Grammar keywords that are not plain statement keywords get a finer token type.
CONSTANTS = ("true", "false", "null")
WORD_OPERATORS = ("and", "or", "not", "in", "contains", "starts", "ends", "with", "matches", "is")
TYPES = ("string", "number", "timestamp", "list", "boolean")

_QUOTED_WORD = re.compile(r'"([a-z_]+)"')
_LINE_COMMENT = re.compile(r"//[^\n]*")


def keywords_of(grammar: str) -> tuple[str, ...]:
    """Every quoted word of a Lark grammar (comments skipped): its keywords."""
    return tuple(sorted(set(_QUOTED_WORD.findall(_LINE_COMMENT.sub("", grammar)))))


@lru_cache(maxsize=1)
def grammar_keywords() -> tuple[str, ...]:
    from .parse import grammar_text

    return keywords_of(grammar_text())


@lru_cache(maxsize=1)
def scoretest_keywords() -> tuple[str, ...]:
    from .testing.syntax import scoretest_grammar_text

    return keywords_of(scoretest_grammar_text())


_WORD_START = r"(?<![\w.\-])"  # not inside a dotted path or a hyphenated name
_WORD_END = r"(?![\w\-])"
_NAME = r"[A-Za-z_][A-Za-z0-9_\-]*"
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_QUOTED_NAME = r"`[^`\n]+`"  # spec 12: a path segment in backticks is a name, never a keyword


def _keyword_rules(all_words: tuple[str, ...]) -> list[tuple[object, object]]:
    """Constants, word operators and types first; every other grammar word is a Keyword."""
    special = {*CONSTANTS, *WORD_OPERATORS, *TYPES}
    groups = (
        (CONSTANTS, Keyword.Constant),
        (WORD_OPERATORS, Operator.Word),
        (TYPES, Keyword.Type),
        (tuple(w for w in all_words if w not in special), Keyword),
    )
    return [
        (
            words(tuple(w for w in group if w in all_words), prefix=_WORD_START, suffix=_WORD_END),
            token,
        )
        for group, token in groups
        if any(w in all_words for w in group)
    ]


_COMMON_HEAD: list[tuple[object, object]] = [
    (r"[ \t\f\r]+", Whitespace),
    (r"\n", Whitespace),
    (r"#.*$", Comment.Single),
    (_STRING, String.Double),
    (_QUOTED_NAME, Name),
]
_COMMON_TAIL: list[tuple[object, object]] = [
    (r"\d+(?:\.\d+)?%", Number),  # percentage
    (r"\d+[hdw](?![A-Za-z0-9_])", Number),  # duration
    (r"-?\d+(?:\.\d+)?", Number),
    (r"==|!=|<=|>=|<|>|\.\.|\.\*|=", Operator),
    (r"[\[\](){},;:.]", Punctuation),
    (_NAME, Name),
]


class ScoreDSLLexer(RegexLexer):  # type: ignore[misc]
    """`.score` rulesets."""

    name = "ScoreDSL"
    aliases = ["scoredsl", "score"]
    filenames = ["*.score"]
    mimetypes = ["text/x-scoredsl"]

    tokens = {
        "root": [
            *_COMMON_HEAD,
            # declarations: the name after `rule`, `score`, `tier` and `let` is a definition
            (
                rf"(rule)(\s+)({_NAME}|{_STRING})(\s*)(:)",
                bygroups(Keyword, Whitespace, Name.Function, Whitespace, Punctuation),
            ),
            (
                rf"(score)(\s+)({_NAME})(\s*)(\{{)",
                bygroups(Keyword, Whitespace, Name.Class, Whitespace, Punctuation),
            ),
            (rf"(tier)(\s+)({_NAME}|{_STRING})", bygroups(Keyword, Whitespace, Name.Label)),
            (rf"(let)(\s+)({_NAME})", bygroups(Keyword, Whitespace, Name.Variable)),
            *_keyword_rules(grammar_keywords()),
            *_COMMON_TAIL,
        ]
    }


class ScoreTestLexer(RegexLexer):  # type: ignore[misc]
    """`.scoretest` files: tests for rulesets (`scoredsl test`)."""

    name = "ScoreDSL test"
    aliases = ["scoredsl-test", "scoretest"]
    filenames = ["*.scoretest"]
    mimetypes = ["text/x-scoredsl-test"]

    tokens = {
        "root": [
            *_COMMON_HEAD,
            (rf"(test)(\s+)({_STRING})", bygroups(Keyword, Whitespace, Name.Function)),
            (
                r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?",
                Literal.Date,
            ),
            (r"[-+]\d+[hdw](?![A-Za-z0-9_])", Literal.Date),  # an age relative to as_of
            *_keyword_rules(scoretest_keywords()),
            *_COMMON_TAIL,
        ]
    }


# ---------------------------------------------------------------- code frames

_HEADER = re.compile(r"^(?P<path>.+?):\d+:\d+: ")
_FRAME_LINE = re.compile(r"^(?P<gutter>\d+ \| )(?P<code>.*)$")
_LEXERS = {".score": ScoreDSLLexer, ".scoretest": ScoreTestLexer}


def highlight_frames(rendered: str) -> RichText:
    """Rendered diagnostics with the quoted source lines of rule and test files highlighted.

    Data-file lines (JSON Lines, CSV) are left plain: they are not ScoreDSL.
    """
    out = RichText()
    lexer = None
    for line in rendered.split("\n"):
        header = _HEADER.match(line)
        if header:
            suffix = header["path"][header["path"].rfind(".") :]
            lexer = _LEXERS.get(suffix)
        frame = _FRAME_LINE.match(line)
        if frame and lexer is not None:
            out.append(frame["gutter"])
            out.append_text(highlight(frame["code"], lexer))
        else:
            out.append(line)
        out.append("\n")
    out.rstrip()
    return out


def highlight(code: str, lexer: type[RegexLexer] = ScoreDSLLexer) -> RichText:
    """One snippet as rich Text, coloured for a terminal."""
    syntax = Syntax(code, lexer(), theme="ansi_dark", background_color="default")
    text = syntax.highlight(code)
    text.rstrip()
    return text


__all__ = [
    "ScoreDSLLexer",
    "ScoreTestLexer",
    "grammar_keywords",
    "highlight",
    "highlight_frames",
    "scoretest_keywords",
]
