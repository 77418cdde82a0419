"""The typed syntax tree. Frozen dataclasses; every node carries the span it came from.

Spans are excluded from equality so that two trees compare structurally (a formatter can
prove it preserved meaning) while every diagnostic still points at file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from .source import NO_SPAN, Span


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- values


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
# Words the parser reads as a keyword where a path may start (the first segment of a
# condition, a `where` or a tier test); such a segment is written in backticks.
PATH_KEYWORDS = frozenset({"not", "count"})


def segment_text(segment: str, first: bool = False) -> str:
    """One path segment as source: bare when a plain identifier, else in backticks (spec 12)."""
    if _IDENTIFIER.fullmatch(segment) and not (first and segment in PATH_KEYWORDS):
        return segment
    return f"`{segment}`"


def shown(text: str) -> str:
    """Source text for a message: in backticks, unless it already holds a quoted name."""
    return text if "`" in text else f"`{text}`"


@dataclass(frozen=True, slots=True)
class Path(Node):
    parts: tuple[str, ...]

    @property
    def dotted(self) -> str:
        """The segments joined by dots: an event type's text, a column's name."""
        return ".".join(self.parts)

    @property
    def text(self) -> str:
        """The path as source text, quoted segments in backticks: the name a rule uses."""
        return ".".join(segment_text(p, i == 0) for i, p in enumerate(self.parts))


@dataclass(frozen=True, slots=True)
class Number(Node):
    value: float


@dataclass(frozen=True, slots=True)
class String(Node):
    value: str


@dataclass(frozen=True, slots=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True, slots=True)
class Duration(Node):
    text: str
    micros: int


@dataclass(frozen=True, slots=True)
class ListValue(Node):
    items: tuple[Scalar, ...]
    bare: tuple[bool, ...] = ()  # which items were bare words (for faithful printing)


@dataclass(frozen=True, slots=True)
class LetRef(Node):
    name: str


Scalar: TypeAlias = Number | String | Bool
Literal_: TypeAlias = Number | String | Bool | ListValue
Operand: TypeAlias = Number | String | Bool | ListValue | LetRef


# ---------------------------------------------------------------- predicates

CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
TextOp = Literal["contains", "starts with", "ends with", "matches"]


@dataclass(frozen=True, slots=True)
class Compare(Node):
    path: Path
    op: CompareOp
    operand: Operand


@dataclass(frozen=True, slots=True)
class InList(Node):
    path: Path
    operand: Operand
    negated: bool = False


@dataclass(frozen=True, slots=True)
class TextTest(Node):
    path: Path
    op: TextOp
    operand: Operand


@dataclass(frozen=True, slots=True)
class Presence(Node):
    path: Path
    missing: bool  # True: `is missing`; False: `is present`


@dataclass(frozen=True, slots=True)
class WithinTime(Node):
    path: Path
    duration: Duration


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Pred


@dataclass(frozen=True, slots=True)
class And(Node):
    left: Pred
    right: Pred


@dataclass(frozen=True, slots=True)
class Or(Node):
    left: Pred
    right: Pred


Comparison: TypeAlias = Compare | InList | TextTest | Presence | WithinTime
Pred: TypeAlias = Compare | InList | TextTest | Presence | WithinTime | Not | And | Or


# ---------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class EventPattern(Node):
    type: Path
    wildcard: bool = False
    where: Pred | None = None

    @property
    def type_text(self) -> str:
        """The event type as written, quoted segments in backticks."""
        return self.type.text + (".*" if self.wildcard else "")


@dataclass(frozen=True, slots=True)
class CountCondition(Node):
    pattern: EventPattern
    op: CompareOp
    threshold: Number


Condition: TypeAlias = EventPattern | CountCondition | Pred


@dataclass(frozen=True, slots=True)
class Once(Node):
    pass


@dataclass(frozen=True, slots=True)
class Max(Node):
    limit: Number


@dataclass(frozen=True, slots=True)
class Within(Node):
    duration: Duration


Modifier: TypeAlias = Once | Max | Within


@dataclass(frozen=True, slots=True)
class Rule(Node):
    name: str | None
    condition: Condition
    subtract: bool
    points: Number
    modifiers: tuple[Modifier, ...] = ()
    name_span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> Literal["event", "count", "profile"]:
        if isinstance(self.condition, EventPattern):
            return "event"
        if isinstance(self.condition, CountCondition):
            return "count"
        return "profile"

    def modifier(self, kind: type[Modifier]) -> Modifier | None:
        return next((m for m in self.modifiers if isinstance(m, kind)), None)

    @property
    def once(self) -> bool:
        return self.modifier(Once) is not None

    @property
    def cap(self) -> float | None:
        found = self.modifier(Max)
        return found.limit.value if isinstance(found, Max) else None

    @property
    def within(self) -> Duration | None:
        found = self.modifier(Within)
        return found.duration if isinstance(found, Within) else None

    @property
    def signed_points(self) -> float:
        return -self.points.value if self.subtract else self.points.value


# ---------------------------------------------------------------- other statements


@dataclass(frozen=True, slots=True)
class Decay(Node):
    percent: float
    mode: Literal["after", "every"]
    duration: Duration


@dataclass(frozen=True, slots=True)
class Range(Node):
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Dimension(Node):
    name: str
    body: tuple[Rule | Decay | Range, ...]
    name_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Tier(Node):
    name: str
    condition: Pred | None  # None: `otherwise`


@dataclass(frozen=True, slots=True)
class Header(Node):
    name: str
    version: str | None


@dataclass(frozen=True, slots=True)
class Let(Node):
    name: str
    value: Literal_


@dataclass(frozen=True, slots=True)
class Include(Node):
    target: str


SchemaType = Literal["string", "number", "timestamp", "list", "boolean"]
OptionKind = Literal["from", "missing", "true", "false"]
OPTION_ORDER: tuple[OptionKind, ...] = ("from", "missing", "true", "false")


@dataclass(frozen=True, slots=True)
class ReadOption(Node):
    """Spec 12: `from "KEY"`, `missing [...]`, `true [...]` or `false [...]` after a type."""

    kind: OptionKind
    value: String | ListValue


@dataclass(frozen=True, slots=True)
class Declared(Node):
    """An attribute or event property declaration: a name, a type and how it is read."""

    path: Path
    type: SchemaType
    options: tuple[ReadOption, ...] = ()

    def option(self, kind: OptionKind) -> ReadOption | None:
        return next((o for o in self.options if o.kind == kind), None)

    @property
    def key(self) -> str | None:
        """The data key of `from "KEY"`, or None when the name is its own key."""
        found = self.option("from")
        return found.value.value if found is not None and isinstance(found.value, String) else None

    def words(self, kind: OptionKind) -> tuple[str, ...] | None:
        """The strings of a `missing`, `true` or `false` list; None when not given."""
        found = self.option(kind)
        if found is None or not isinstance(found.value, ListValue):
            return None
        return tuple(i.value for i in found.value.items if isinstance(i, String))


@dataclass(frozen=True, slots=True)
class AttributeDecl(Declared):
    pass


@dataclass(frozen=True, slots=True)
class PropertyDecl(Declared):
    pass


@dataclass(frozen=True, slots=True)
class MissingDecl(Node):
    """Spec 12: the schema-wide `missing [...]` line."""

    values: ListValue


@dataclass(frozen=True, slots=True)
class EventDecl(Node):
    type: Path
    properties: tuple[PropertyDecl, ...] = ()


@dataclass(frozen=True, slots=True)
class Schema(Node):
    items: tuple[AttributeDecl | EventDecl | MissingDecl, ...]


Statement: TypeAlias = Header | Let | Include | Rule | Decay | Range | Dimension | Tier | Schema


@dataclass(frozen=True, slots=True)
class Module(Node):
    """One parsed file."""

    path: str
    statements: tuple[Statement, ...]


def comparisons(pred: Pred) -> list[Comparison]:
    """The leaf comparisons of a predicate, left to right."""
    if isinstance(pred, Not):
        return comparisons(pred.operand)
    if isinstance(pred, And | Or):
        return comparisons(pred.left) + comparisons(pred.right)
    return [pred]


def rule_predicates(
    rule: Rule,
) -> list[tuple[Pred, Literal["profile", "event"], EventPattern | None]]:
    """Each predicate of a rule, with what its paths name: lead attributes or event props."""
    condition = rule.condition
    if isinstance(condition, CountCondition):
        condition = condition.pattern
    if isinstance(condition, EventPattern):
        return [(condition.where, "event", condition)] if condition.where is not None else []
    return [(condition, "profile", None)]
