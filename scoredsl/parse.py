"""Parse: source text -> `ast.Module`. The only module that sees Lark trees and tokens."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError
from lark.lark import PostLex

from . import ast
from .diagnostics import Diagnostic, DiagnosticError, SourceMap, error
from .source import Source, Span
from .timeutil import MAX_DURATION_DAYS, DurationTooLarge, duration_micros

GRAMMAR_FILE = "scoredsl.lark"
# `and`/`or`/`not` a condition may nest (a chain of N `or`s is N deep). Every pass after
# the parser walks conditions recursively; this keeps them far from Python's stack limit.
MAX_NESTING = 100
_NESTING_NODES = frozenset({"or_pred", "and_pred", "not_pred"})
_OPENERS = {"LSQB", "LPAR", "LBRACE"}
_CLOSERS = {"RSQB", "RPAR", "RBRACE"}


@dataclass(frozen=True, slots=True)
class Comment:
    """A `#` comment: not part of the AST, kept for the formatter. `text` starts with `#`."""

    text: str
    span: Span


# The comment tokens of the parse running in this context; None when nobody asked for them.
_COLLECTED: ContextVar[list[Token] | None] = ContextVar("scoredsl_comments", default=None)


def _collect_comment(token: Token) -> Token:
    """Lexer callback: Lark calls it for ignored COMMENT tokens too."""
    collected = _COLLECTED.get()
    if collected is not None:
        collected.append(token)
    return token


def grammar_text() -> str:
    """The grammar: shipped inside the wheel, or read from the repo's grammar/ folder."""
    packaged = resources.files("scoredsl").joinpath("grammar", GRAMMAR_FILE)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parent.parent / "grammar" / GRAMMAR_FILE).read_text(
        encoding="utf-8"
    )


class BracketNewlines(PostLex):
    """Drop newlines inside brackets, so lists, conditions and blocks may span lines.

    One newline matters inside brackets: in a `schema { }` block a line that starts with
    `missing` is the schema-wide list (spec 12), not the `missing [...]` of the attribute
    on the line before, so the post-lexer ends that attribute with a `;` first.
    """

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        openers: list[str] = []  # per open bracket: its token type, or "schema"
        previous = ""
        newline: Token | None = None  # a dropped newline directly inside a schema block
        for token in stream:
            if newline is not None and token.type == "MISSING":
                yield Token.new_borrow_pos("SEMICOLON", ";", newline)
            newline = None
            if token.type in _OPENERS:
                openers.append("schema" if previous == "SCHEMA" else token.type)
            elif token.type in _CLOSERS:
                if openers:
                    openers.pop()
            elif token.type == "_NL" and openers:
                newline = token if openers[-1] == "schema" else None
                continue
            previous = token.type
            yield token


def lalr_parser(grammar: str, **options: Any) -> Lark:
    """A parser for one of ScoreDSL's grammars (`.score`, `.scoretest`): LALR with the
    contextual lexer and the bracket post-lexer, positions kept for spans."""
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        postlex=BracketNewlines(),
        propagate_positions=True,
        maybe_placeholders=False,
        **options,
    )


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return lalr_parser(grammar_text(), lexer_callbacks={"COMMENT": _collect_comment})


def parse(source: Source) -> ast.Module:
    """Parse one file. Raises DiagnosticError (SD001-SD003) on the first syntax error."""

    def build(tree: Tree[Token]) -> Any:
        _check_nesting(tree, source)
        return _ToAst(source).transform(tree)

    statements = parse_source(_parser(), source, build)
    return ast.Module(source.path, tuple(statements), span=source.span(0, len(source.text)))


def parse_source(
    parser: Lark,
    source: Source,
    build: Callable[[Tree[Token]], Any],
    words: Mapping[str, str] | None = None,
) -> Any:
    """`build(tree)` of the source's parse tree; a syntax error, or a DiagnosticError raised
    while building, becomes a DiagnosticError that carries the source. `words` names the
    grammar's own terminals in messages (besides those of `.score` files)."""
    try:
        return build(parser.parse(source.text))
    except (UnexpectedToken, UnexpectedCharacters, UnexpectedEOF) as exc:
        found = syntax_diagnostic(exc, source, parser, words or {})
        raise DiagnosticError([found], SourceMap([source])) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, DiagnosticError):
            exc.orig_exc.sources.add(source)
            raise exc.orig_exc from None
        raise


def _check_nesting(tree: Tree[Token], source: Source) -> None:
    """SD006 when a condition nests deeper than MAX_NESTING: found without recursion."""
    stack: list[tuple[Tree[Token], int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _NESTING_NODES:
            depth += 1
            if depth > MAX_NESTING:
                span = source.span(node.meta.start_pos, node.meta.end_pos)
                raise DiagnosticError([_too_deep(span)], SourceMap([source]))
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))


def _too_deep(span: Span) -> Diagnostic:
    return error(
        "SD006",
        f"condition nested too deeply: at most {MAX_NESTING} `and`/`or`/`not` in one chain",
        span,
        "list alternatives with `in [...]`, or split the rule into several rules",
    )


def parse_text(text: str, path: str = "<string>") -> ast.Module:
    return parse(Source(path, text))


def parse_with_comments(source: Source) -> tuple[ast.Module, list[Comment]]:
    """Parse one file and also return its comments, in source order (for `fmt`)."""
    collected: list[Token] = []
    reset = _COLLECTED.set(collected)
    try:
        module = parse(source)
    finally:
        _COLLECTED.reset(reset)
    by_start = {t.start_pos or 0: t for t in collected}  # a re-lexed token counts once
    return module, [
        Comment(str(t).rstrip(), source.span(start, t.end_pos or start))
        for start, t in sorted(by_start.items())
    ]


# ---------------------------------------------------------------- syntax errors

_FRIENDLY = {
    "NAME": "a name",
    "STRING": 'a string like "CTO"',
    "NUMBER": "a number",
    "DURATION": "a duration like 30d",
    "PERCENT": "a percentage like 50%",
    "CMP": "a comparison (== != < <= > >=)",
    "TYPE": "a type (string, number, timestamp, list, boolean)",
    "POINTS_OP": "`add` or `subtract`",
    "DECAY_MODE": "`after` or `every`",
    "WILDCARD": "`.*`",
    "OTHERWISE": "`otherwise`",
    "_NL": "a new line",
    "$END": "the end of the file",
}


# Separators are expected almost everywhere: listed only when nothing else would be.
_SEPARATORS = frozenset({"_NL", "SEMICOLON"})


def _describe_expected(names: set[str], parser: Lark, words: Mapping[str, str]) -> str:
    described = set()
    for name in names - _SEPARATORS or names:
        if name in words:
            described.add(words[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern
        except KeyError:
            described.add(name)
            continue
        described.add(f"`{pattern.value}`")
    ordered = sorted(described, key=lambda text: (not text.startswith("`"), text))
    if len(ordered) > 8:
        ordered = ordered[:8] + ["..."]
    return ", ".join(ordered)


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "end of file"
    if token.type == "_NL":
        return "end of line"
    return f"`{token.value}`"


def _previous_word(source: Source, offset: int) -> str:
    words = source.text[:offset].split()
    return words[-1] if words else ""


def syntax_diagnostic(
    exc: Exception, source: Source, parser: Lark, words: Mapping[str, str]
) -> Diagnostic:
    """SD001-SD003 (or SD305) for a Lark syntax error, with what was expected instead."""
    words = {**_FRIENDLY, **words}

    def expecting(names: set[str]) -> str:
        return _describe_expected(names, parser, words)

    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        char = source.text[offset] if offset < len(source.text) else ""
        span = source.span(offset, offset + 1)
        expected = expecting(set(exc.allowed)) if exc.allowed else None
        help_text = f"expected {expected}" if expected else None
        if char == '"':
            return error(
                "SD003",
                "unterminated string literal",
                span,
                'close the string with `"` on the same line',
            )
        if char == "`":
            return error(
                "SD003",
                "unterminated quoted name",
                span,
                "close the name with ` on the same line: `Lead Source`",
            )
        if char.isdigit():
            help_text = "numbers are plain (10, 2.5); durations are 12h, 30d or 2w; percentages 50%"
        return error("SD002", f"unexpected character `{char}`", span, help_text)
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            span = source.end_span()
            message = "unexpected end of file"
        else:
            start = token.start_pos or 0
            span = source.span(start, token.end_pos or start + 1)
            message = f"unexpected {_describe_token(token)}"
        if token.type in ("NUMBER", "STRING") and _previous_word(source, span.start) == "within":
            return error(
                "SD305",
                f"`within` needs a duration, not {_describe_token(token)}",
                span,
                "write a duration: 12h, 30d or 2w",
            )
        if token.type in ("DURATION", "PERCENT") and "NUMBER" in exc.expected:
            return error(
                "SD001",
                f"expected a plain number, found {_describe_token(token)}",
                span,
                "points and caps are plain numbers (add 10, max 25); "
                "durations go after `within`, `after` or `every`",
            )
        quoting = _quoting_hint(token, source, set(exc.expected))
        if quoting is not None:
            return error("SD001", message, span, quoting)
        expected = expecting(set(exc.expected))
        return error("SD001", message, span, f"expected {expected}" if expected else None)
    names = set(getattr(exc, "expected", None) or ())
    hint = f"expected {expecting(names)}" if names else None
    return error("SD001", "unexpected end of file", source.end_span(), hint)


_SPACED_WORDS = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*(?:[ \t]+[A-Za-z_][A-Za-z0-9_\-]*)+)[ \t]*$")


def _quoting_hint(token: Token, source: Source, expected: set[str]) -> str | None:
    """Spec 12: a string where a name belongs, or a name with a space, wants backticks."""
    if token.type == "STRING" and "QUOTED_NAME" in expected:
        inner = str(token)[1:-1]
        return f"a name with spaces or other characters is written in backticks: `{inner}`"
    if token.type != "NAME" or "NAME" in expected:
        return None
    start = token.start_pos or 0
    line_start = source.text.rfind("\n", 0, start) + 1
    before = _SPACED_WORDS.search(source.text[line_start:start] + str(token))
    if before is None or not source.text[line_start:start].strip():
        return None
    words: list[str] = []
    for word in reversed(before.group(1).split()):
        if word in _GRAMMAR_WORDS:
            break
        words.insert(0, word)
    if len(words) < 2:
        return None
    return f"a name with a space is written between backticks: `{' '.join(words)}`"


_GRAMMAR_WORDS = frozenset(
    {"when", "where", "attribute", "event", "rule", "count", "not", "and", "or"}
)


# ---------------------------------------------------------------- tree -> AST


class SpanTransformer(Transformer[Any, Any]):
    """Shared by the Lark transformers of `.score` and `.scoretest` files: spans and strings."""

    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def _span(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return self.source.span(0, 0)
        return self.source.span(meta.start_pos, meta.end_pos)

    def _token_span(self, token: Token) -> Span:
        start = token.start_pos or 0
        return self.source.span(start, token.end_pos or start)

    def _string(self, token: Token) -> str:
        try:
            value = json.loads(str(token))
        except json.JSONDecodeError as exc:
            span = self._token_span(token)
            raise DiagnosticError(
                [
                    error(
                        "SD003",
                        f"invalid string literal: {exc.msg.lower()}",
                        span,
                        'strings use JSON escapes: \\" \\\\ \\n \\t \\uXXXX',
                    )
                ]
            ) from None
        assert isinstance(value, str)
        return value

    def duration_value(self, token: Token, text: str) -> int:
        """The microseconds of a duration `text` found in `token`; SD007 past the limit."""
        try:
            return duration_micros(text)
        except DurationTooLarge:
            raise DiagnosticError([_duration_too_large(self._token_span(token))]) from None


@v_args(inline=True, meta=True)
class _ToAst(SpanTransformer):
    """One callback per grammar alias, each building exactly one AST node."""

    # -- file
    def start(self, meta: Any, *statements: ast.Statement) -> list[ast.Statement]:
        return list(statements)

    def header(self, meta: Any, name: Token, version: Token | None = None) -> ast.Header:
        version_text = self._string(version) if version is not None else None
        return ast.Header(self._string(name), version_text, span=self._span(meta))

    def let_stmt(self, meta: Any, name: Token, value: ast.Literal_) -> ast.Let:
        return ast.Let(str(name), value, span=self._span(meta))

    def include_stmt(self, meta: Any, target: Token) -> ast.Include:
        return ast.Include(self._string(target), span=self._span(meta))

    # -- rules
    def rule(self, meta: Any, *children: Any) -> ast.Rule:
        name: tuple[str, Span] | None = None
        if isinstance(children[0], tuple):
            name, children = children[0], children[1:]
        condition, (subtract, points), *modifiers = children
        return ast.Rule(
            name[0] if name else None,
            condition,
            subtract,
            points,
            tuple(modifiers),
            name_span=name[1] if name else None,
            span=self._span(meta),
        )

    def rule_name(self, meta: Any, token: Token) -> tuple[str, Span]:
        text = self._string(token) if token.type == "STRING" else str(token)
        return text, self._token_span(token)

    def points(self, meta: Any, op: Token, number: Token) -> tuple[bool, ast.Number]:
        return str(op) == "subtract", self.number(meta, number)

    def once_mod(self, meta: Any) -> ast.Once:
        return ast.Once(span=self._span(meta))

    def max_mod(self, meta: Any, number: Token) -> ast.Max:
        return ast.Max(self.number(meta, number), span=self._span(meta))

    def within_mod(self, meta: Any, duration: Token) -> ast.Within:
        return ast.Within(self._duration(duration), span=self._span(meta))

    def event_pattern(self, meta: Any, path: ast.Path, *rest: Any) -> ast.EventPattern:
        wildcard = any(isinstance(r, Token) and r.type == "WILDCARD" for r in rest)
        where = next((r for r in rest if not isinstance(r, Token)), None)
        return ast.EventPattern(path, wildcard, where, span=self._span(meta))

    def count_cond(
        self, meta: Any, pattern: ast.EventPattern, op: Token, number: Token
    ) -> ast.CountCondition:
        threshold = ast.Number(self._finite(number), span=self._token_span(number))
        return ast.CountCondition(pattern, str(op), threshold, span=self._span(meta))  # type: ignore[arg-type]

    # -- decay, range, blocks
    def decay(self, meta: Any, percent: Token, mode: Token, duration: Token) -> ast.Decay:
        value = float(str(percent)[:-1])
        return ast.Decay(value, str(mode), self._duration(duration), span=self._span(meta))  # type: ignore[arg-type]

    def range_stmt(self, meta: Any, low: Token, high: Token) -> ast.Range:
        return ast.Range(self._finite(low), self._finite(high), span=self._span(meta))

    def dimension(self, meta: Any, name: Token, *items: Any) -> ast.Dimension:
        body = tuple(i for i in items if isinstance(i, ast.Rule | ast.Decay | ast.Range))
        return ast.Dimension(
            str(name), body, name_span=self._token_span(name), span=self._span(meta)
        )

    def tier(self, meta: Any, name: str, condition: Any) -> ast.Tier:
        pred = None if isinstance(condition, Token) else condition
        return ast.Tier(name, pred, span=self._span(meta))

    def tier_name(self, meta: Any, token: Token) -> str:
        return self._string(token) if token.type == "STRING" else str(token)

    def schema(self, meta: Any, *items: Any) -> ast.Schema:
        kinds = ast.AttributeDecl | ast.EventDecl | ast.MissingDecl
        decls = tuple(i for i in items if isinstance(i, kinds))
        return ast.Schema(decls, span=self._span(meta))

    def attribute_decl(
        self, meta: Any, path: ast.Path, type_: Token, *options: ast.ReadOption
    ) -> ast.AttributeDecl:
        return ast.AttributeDecl(path, str(type_), options, span=self._span(meta))  # type: ignore[arg-type]

    def event_decl(self, meta: Any, path: ast.Path, *props: ast.PropertyDecl) -> ast.EventDecl:
        return ast.EventDecl(path, tuple(props), span=self._span(meta))

    def prop_decl(
        self, meta: Any, path: ast.Path, type_: Token, *options: ast.ReadOption
    ) -> ast.PropertyDecl:
        return ast.PropertyDecl(path, str(type_), options, span=self._span(meta))  # type: ignore[arg-type]

    def missing_decl(self, meta: Any, values: ast.ListValue) -> ast.MissingDecl:
        return ast.MissingDecl(values, span=self._span(meta))

    def from_option(self, meta: Any, key: Token) -> ast.ReadOption:
        value = ast.String(self._string(key), span=self._token_span(key))
        return ast.ReadOption("from", value, span=self._span(meta))

    def missing_option(self, meta: Any, values: ast.ListValue) -> ast.ReadOption:
        return ast.ReadOption("missing", values, span=self._span(meta))

    def true_option(self, meta: Any, values: ast.ListValue) -> ast.ReadOption:
        return ast.ReadOption("true", values, span=self._span(meta))

    def false_option(self, meta: Any, values: ast.ListValue) -> ast.ReadOption:
        return ast.ReadOption("false", values, span=self._span(meta))

    # -- predicates
    def or_pred(self, meta: Any, left: ast.Pred, right: ast.Pred) -> ast.Or:
        return ast.Or(left, right, span=self._span(meta))

    def and_pred(self, meta: Any, left: ast.Pred, right: ast.Pred) -> ast.And:
        return ast.And(left, right, span=self._span(meta))

    def not_pred(self, meta: Any, operand: ast.Pred) -> ast.Not:
        return ast.Not(operand, span=self._span(meta))

    def compare(self, meta: Any, path: ast.Path, op: Token, operand: ast.Operand) -> ast.Compare:
        return ast.Compare(path, str(op), operand, span=self._span(meta))  # type: ignore[arg-type]

    def in_list(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.InList:
        return ast.InList(path, operand, False, span=self._span(meta))

    def not_in_list(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.InList:
        return ast.InList(path, operand, True, span=self._span(meta))

    def _text_test(self, meta: Any, path: ast.Path, op: str, operand: ast.Operand) -> ast.TextTest:
        return ast.TextTest(path, op, operand, span=self._span(meta))  # type: ignore[arg-type]

    def contains(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.TextTest:
        return self._text_test(meta, path, "contains", operand)

    def starts_with(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.TextTest:
        return self._text_test(meta, path, "starts with", operand)

    def ends_with(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.TextTest:
        return self._text_test(meta, path, "ends with", operand)

    def matches(self, meta: Any, path: ast.Path, operand: ast.Operand) -> ast.TextTest:
        return self._text_test(meta, path, "matches", operand)

    def is_missing(self, meta: Any, path: ast.Path) -> ast.Presence:
        return ast.Presence(path, True, span=self._span(meta))

    def is_present(self, meta: Any, path: ast.Path) -> ast.Presence:
        return ast.Presence(path, False, span=self._span(meta))

    def within_pred(self, meta: Any, path: ast.Path, duration: Token) -> ast.WithinTime:
        return ast.WithinTime(path, self._duration(duration), span=self._span(meta))

    # -- values
    def let_ref(self, meta: Any, name: Token) -> ast.LetRef:
        return ast.LetRef(str(name), span=self._token_span(name))

    def number(self, meta: Any, token: Token) -> ast.Number:
        return ast.Number(self._finite(token), span=self._token_span(token))

    def _finite(self, token: Token) -> float:
        value = _number(token)
        if not math.isfinite(value):
            raise DiagnosticError(
                [
                    error(
                        "SD005",
                        "number too large",
                        self._token_span(token),
                        "numbers must fit a double-precision float (below about 1e308)",
                    )
                ]
            )
        return value

    def string(self, meta: Any, token: Token) -> ast.String:
        return ast.String(self._string(token), span=self._token_span(token))

    def true(self, meta: Any) -> ast.Bool:
        return ast.Bool(True, span=self._span(meta))

    def false(self, meta: Any) -> ast.Bool:
        return ast.Bool(False, span=self._span(meta))

    def bare_word(self, meta: Any, *names: Token) -> ast.String:
        return ast.String(".".join(str(n) for n in names), span=self._span(meta))

    def list(self, meta: Any, *items: ast.Scalar) -> ast.ListValue:
        bare = tuple(isinstance(i, ast.String) and self._is_bare(i) for i in items)
        return ast.ListValue(tuple(items), bare, span=self._span(meta))

    def path(self, meta: Any, *names: Token) -> ast.Path:
        return ast.Path(tuple(segment(n) for n in names), span=self._span(meta))

    # -- token helpers
    def _is_bare(self, item: ast.String) -> bool:
        return not self.source.text.startswith('"', item.span.start)

    def _duration(self, token: Token) -> ast.Duration:
        text = str(token)
        return ast.Duration(text, self.duration_value(token, text), span=self._token_span(token))


def _duration_too_large(span: Span) -> Diagnostic:
    return error(
        "SD007",
        "duration too large",
        span,
        f"a duration is at most {MAX_DURATION_DAYS}d (about 270,000 years)",
    )


def segment(token: Token) -> str:
    """A path segment's name: an identifier as written, a quoted name without its backticks."""
    text = str(token)
    return text[1:-1] if token.type == "QUOTED_NAME" else text


def _number(token: Token) -> float:
    text = str(token)
    return float(text)
