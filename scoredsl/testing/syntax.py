"""Test files (`.scoretest`): grammar loading, the typed AST and the Lark transformer.

The only module of `scoredsl.testing` that sees Lark trees. It shares the lexical language
of `.score` files: the grammar imports its terminals from `scoredsl.lark`, and the same
post-lexer drops newlines inside brackets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeAlias

from lark import Lark, Token, Tree, v_args

from ..ast import Node
from ..diagnostics import DiagnosticError, error
from ..parse import GRAMMAR_FILE, SpanTransformer, lalr_parser, parse_source, segment
from ..source import Source, Span

TEST_GRAMMAR_FILE = "scoredsl_test.lark"
TEST_SUFFIX = ".scoretest"


# ---------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class RulesRef(Node):
    target: str  # relative to the test file


@dataclass(frozen=True, slots=True)
class AsOf(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Absolute(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Relative(Node):
    text: str
    micros: int  # signed: -2d is negative


Moment: TypeAlias = Absolute | Relative


@dataclass(frozen=True, slots=True)
class LeadSpec(Node):
    id: str | None
    attributes: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EventSpec(Node):
    type: str
    at: Moment
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RuleRef(Node):
    name: str | None = None
    line: int | None = None

    @property
    def text(self) -> str:
        return self.name if self.name is not None else f"line {self.line}"


@dataclass(frozen=True, slots=True)
class ExpectValue(Node):
    """`expect score >= 20` or `expect fit between 10 and 20` (a dimension or the total)."""

    target: str
    op: str  # a comparison, or "between"
    value: float
    high: float | None = None
    target_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ExpectTier(Node):
    op: Literal["==", "!="]
    tier: str | None  # None: `none`, no tier
    tier_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ExpectRule(Node):
    rule: RuleRef
    fired: bool


@dataclass(frozen=True, slots=True)
class ExpectFired(Node):
    """`expect fired == [a, b]`: exactly this set of rules fired."""

    rules: tuple[RuleRef, ...]


Expectation: TypeAlias = ExpectValue | ExpectTier | ExpectRule | ExpectFired


@dataclass(frozen=True, slots=True)
class Case(Node):
    name: str
    as_of: AsOf | None
    lead: LeadSpec | None
    events: tuple[EventSpec, ...]
    expects: tuple[Expectation, ...]


@dataclass(frozen=True, slots=True)
class TestFile(Node):
    path: str
    rules: RulesRef | None
    as_of: AsOf | None
    cases: tuple[Case, ...]


# ---------------------------------------------------------------- parsing


def grammar_dir() -> Path:
    """The folder holding both grammars: inside the wheel, or the repo's grammar/."""
    packaged = resources.files("scoredsl").joinpath("grammar", TEST_GRAMMAR_FILE)
    if packaged.is_file():
        return Path(str(packaged)).parent
    return Path(__file__).resolve().parent.parent.parent / "grammar"


def scoretest_grammar_text() -> str:
    return (grammar_dir() / TEST_GRAMMAR_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    assert (grammar_dir() / GRAMMAR_FILE).is_file(), "the test grammar imports scoredsl.lark"
    return lalr_parser(scoretest_grammar_text(), import_paths=[str(grammar_dir())])


def parse_test(source: Source) -> TestFile:
    """Parse one test file. Raises DiagnosticError on the first syntax or literal error."""
    built = parse_source(_parser(), source, _ToAst(source).transform, _WORDS)
    assert isinstance(built, TestFile)
    return built


# How syntax errors name this grammar's own terminals (the shared ones: `parse`).
_WORDS = {
    "INSTANT": "a date like 2026-11-01",
    "RELATIVE": "an age like -2d",
    "FIRED": "`fired`",
}


# ---------------------------------------------------------------- tree -> AST


def _one(items: list[Any], kind: type[Any], what: str) -> Any:
    """The single item of a kind in a scope; a second one is an error at its span."""
    found = [i for i in items if isinstance(i, kind)]
    if len(found) > 1:
        raise DiagnosticError(
            [error("SD810", f"{what} given twice", found[1].span, f"keep one `{what}` line")]
        )
    return found[0] if found else None


def _unique_names(cases: tuple[Case, ...]) -> None:
    """Two tests with one name would be one line in a JUnit report: an error."""
    seen: dict[str, Case] = {}
    for case in cases:
        if case.name in seen:
            first = seen[case.name].span
            raise DiagnosticError(
                [
                    error(
                        "SD808",
                        f"duplicate test name `{case.name}`",
                        case.span,
                        f"first used at {first}; rename one of them",
                    )
                ]
            )
        seen[case.name] = case


@v_args(inline=True, meta=True)
class _ToAst(SpanTransformer):
    """One callback per grammar alias, each building exactly one AST node."""

    # -- file
    def start(self, meta: Any, *items: Any) -> TestFile:
        statements = list(items)
        cases = tuple(i for i in statements if isinstance(i, Case))
        _unique_names(cases)
        return TestFile(
            self.source.path,
            _one(statements, RulesRef, "rules"),
            _one(statements, AsOf, "as_of"),
            cases,
            span=self._span(meta),
        )

    def rules_stmt(self, meta: Any, target: Token) -> RulesRef:
        return RulesRef(self._string(target), span=self._span(meta))

    def as_of_stmt(self, meta: Any, moment: Absolute) -> AsOf:
        return AsOf(moment.text, span=moment.span)

    def instant(self, meta: Any, token: Token) -> Absolute:
        text = self._string(token) if token.type == "STRING" else str(token)
        return Absolute(text, span=self._token_span(token))

    def relative(self, meta: Any, token: Token) -> Relative:
        text = str(token)
        micros = self.duration_value(token, text[1:]) * (-1 if text.startswith("-") else 1)
        return Relative(text, micros, span=self._token_span(token))

    def test_case(self, meta: Any, name: Token, *items: Any) -> Case:
        body = [i for i in items if not isinstance(i, Tree | Token)]
        return Case(
            self._string(name),
            _one(body, AsOf, "as_of"),
            _one(body, LeadSpec, "lead"),
            tuple(i for i in body if isinstance(i, EventSpec)),
            tuple(i for i in body if not isinstance(i, AsOf | LeadSpec | EventSpec)),
            span=self._span(meta),
        )

    # -- the lead
    def lead(self, meta: Any, *parts: Any) -> LeadSpec:
        lead_id = self._string(parts[0]) if len(parts) == 2 else None
        return LeadSpec(lead_id, parts[-1], span=self._span(meta))

    def event(
        self, meta: Any, path: str, at: Moment, props: dict[str, Any] | None = None
    ) -> EventSpec:
        return EventSpec(path, at, props or {}, span=self._span(meta))

    def object(self, meta: Any, *pairs: tuple[str, Any]) -> dict[str, Any]:
        return dict(pairs)

    def pair(self, meta: Any, key: str, value: Any) -> tuple[str, Any]:
        return key, value

    def string_key(self, meta: Any, token: Token) -> str:
        return self._string(token)

    def number(self, meta: Any, token: Token) -> float | int:
        value = float(token)
        return int(value) if value.is_integer() and "." not in str(token) else value

    def string(self, meta: Any, token: Token) -> str:
        return self._string(token)

    def bare_word(self, meta: Any, *names: Token) -> str:
        return ".".join(str(n) for n in names)

    def true(self, meta: Any) -> bool:
        return True

    def false(self, meta: Any) -> bool:
        return False

    def null(self, meta: Any) -> None:
        return None

    def list(self, meta: Any, *items: Any) -> list[Any]:
        return [*items]

    def path(self, meta: Any, *names: Token) -> str:
        return ".".join(segment(n) for n in names)

    # -- expectations
    def expect(self, meta: Any, expectation: Expectation) -> Expectation:
        return expectation

    def expect_value(self, meta: Any, target: Token, op: Token, value: Token) -> ExpectValue:
        return ExpectValue(
            str(target),
            str(op),
            float(value),
            target_span=self._token_span(target),
            span=self._span(meta),
        )

    def expect_between(self, meta: Any, target: Token, low: Token, high: Token) -> ExpectValue:
        if float(low) > float(high):
            raise DiagnosticError(
                [
                    error(
                        "SD811",
                        f"empty range: {low} is greater than {high}",
                        self._span(meta),
                        f"write the smaller bound first: between {high} and {low}",
                    )
                ]
            )
        return ExpectValue(
            str(target),
            "between",
            float(low),
            float(high),
            target_span=self._token_span(target),
            span=self._span(meta),
        )

    def expect_tier(self, meta: Any, op: Token, tier: tuple[str, Span, bool]) -> ExpectTier:
        if str(op) not in ("==", "!="):
            raise DiagnosticError(
                [
                    error(
                        "SD811",
                        f"tiers compare with == or !=, not {op}",
                        self._token_span(op),
                        "write `expect tier == hot` or `expect tier != cold`",
                    )
                ]
            )
        name, span, quoted = tier
        value = None if name == "none" and not quoted else name
        return ExpectTier(str(op), value, tier_span=span, span=self._span(meta))  # type: ignore[arg-type]

    def tier_name(self, meta: Any, token: Token) -> tuple[str, Span, bool]:
        quoted = token.type == "STRING"
        text = self._string(token) if quoted else str(token)
        return text, self._token_span(token), quoted

    def expect_rule(self, meta: Any, rule: RuleRef, fired: Token) -> ExpectRule:
        return ExpectRule(rule, True, span=self._span(meta))

    def expect_rule_not(self, meta: Any, rule: RuleRef, fired: Token) -> ExpectRule:
        return ExpectRule(rule, False, span=self._span(meta))

    def expect_fired(self, meta: Any, op: Token, *rules: RuleRef) -> ExpectFired:
        if str(op) != "==":
            raise DiagnosticError(
                [
                    error(
                        "SD811",
                        f"the fired set compares with ==, not {op}",
                        self._token_span(op),
                        "write `expect fired == [a, b]`; for one rule use `expect rule a not fired`",
                    )
                ]
            )
        return ExpectFired(tuple(rules), span=self._span(meta))

    def rule_ref(self, meta: Any, token: Token) -> RuleRef:
        name = self._string(token) if token.type == "STRING" else str(token)
        return RuleRef(name, span=self._token_span(token))

    def rule_line(self, meta: Any, number: Token) -> RuleRef:
        return RuleRef(line=int(float(number)), span=self._span(meta))
