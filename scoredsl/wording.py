"""Say AST nodes in plain words, for people who do not read the language (the score card).

The printer's sibling: printer.py gives a node's canonical source text, this module the
sentence a sales manager reads ("Title is CEO, CTO, CIO or CFO", "+5 each, capped at 25",
"Points halve after 30 days", "more than 70"). Every construct has its wording here and
only here, so the card and anything that shows a rule to people say it the same way.

The words are exact, not approximate: two-valued logic included. A test on a missing value
is false, so `country != "US"` reads "Country is not US (if known)" and `not (country in
[US])` reads "Country is not US (or unknown)"; `not` is pushed down to the tests by De
Morgan's laws, which hold exactly in two-valued logic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from . import ast, printer
from .program import SchemaIndex

Lets = Mapping[str, ast.Literal_]

TOTAL_NAMES = ("score", "total")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_NUMBER_LIKE = re.compile(r"[+-]?(\d+([.]\d*)?|[.]\d+)([eE][+-]?\d+)?")
# Values shown bare would read as part of the sentence: quote these.
_SENTENCE_WORDS = frozenset({"or", "and", "not", "true", "false", "yes", "no", "unknown"})
_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}
_CASE_INSENSITIVE = "(?i)"
_SPELLINGS: tuple[tuple[ast.OptionKind, str], ...] = (("true", "yes"), ("false", "no"))

NOTE_TIERS = "Tiers are checked from the top: a lead gets the first one that applies."
NOTE_CASE = "Text comparisons ignore upper and lower case."
NOTE_PATTERN = (
    "A pattern (a regular expression) is searched anywhere in the value and is "
    "case-sensitive unless marked “in any case”."
)
NOTE_DECAY = "Fading applies to activities only: profile and count criteria keep their points."
NOTE_UNKNOWN = "“Unknown” means the lead (or the activity) has no such value."


# ---------------------------------------------------------------- words for values


def name(text: str) -> str:
    """A dimension, tier or attribute name as words: `sales_ready` -> `sales ready`."""
    return text.replace("_", " ").replace("-", " ") if _IDENTIFIER.fullmatch(text) else text


def title(text: str) -> str:
    """A name as a heading: `sales_ready` -> `Sales ready`."""
    return sentence(name(text))


def sentence(text: str) -> str:
    """The text with its first letter in upper case (the rest as written)."""
    start = len(text) - len(text.lstrip("("))  # "(title is ..." -> "(Title is ..."
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


def path(node: ast.Path) -> str:
    """A path as words: `company.size` -> `company size`; quoted segments as written."""
    return " ".join(name(part) for part in node.parts)


def event(pattern: ast.EventPattern) -> str:
    """An event type as words: `page.visited` -> `page visited`, `email.*` -> `any email event`."""
    words = path(pattern.type)
    return f"any {words} event" if pattern.wildcard else words


def number(value: float) -> str:
    """A number as people write it: `1,000,000` for big whole numbers, else as in source."""
    if value == int(value) and abs(value) >= 10_000:
        return f"{int(value):,}"
    return printer.number(value)


def points(value: float) -> str:
    """Signed points: `+20`, `-5`, `+2.5`."""
    return ("+" if value >= 0 else "-") + number(abs(value))


def text_value(text: str) -> str:
    """A string value, bare when it reads as itself, else in double quotes."""
    if text == "":
        return "empty text"
    if any(ord(ch) < 32 for ch in text):
        return json.dumps(text, ensure_ascii=False)
    plain = (
        text == text.strip()
        and not any(ch in text for ch in ',"()')
        and text.lower() not in _SENTENCE_WORDS
        and not _NUMBER_LIKE.fullmatch(text)
    )
    return text if plain else f'"{text}"'


def scalar(node: ast.Scalar) -> str:
    if isinstance(node, ast.Bool):
        return "yes" if node.value else "no"
    if isinstance(node, ast.Number):
        return number(node.value)
    return text_value(node.value)


def either(items: Sequence[str], last: str = "or") -> str:
    """`A`, `A or B`, `A, B or C`."""
    if not items:
        return "nothing"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def values(node: ast.Literal_) -> str:
    """A literal as words; a list as `A, B or C`."""
    if isinstance(node, ast.ListValue):
        return either([scalar(item) for item in node.items])
    return scalar(node)


def resolved(node: ast.Operand, lets: Lets) -> ast.Literal_:
    """A `let` reference replaced by its value (the checker made sure it exists)."""
    return lets[node.name] if isinstance(node, ast.LetRef) else node


def duration(node: ast.Duration) -> str:
    """`30d` -> `30 days`, `1w` -> `1 week`, `12h` -> `12 hours`."""
    amount, unit = node.text[:-1], node.text[-1]
    one, many = _UNITS[unit]
    return f"{amount} {one if amount == '1' else many}"


def last(node: ast.Duration) -> str:
    """`in the last 30 days`; `in the last week` for one."""
    said = duration(node)
    return (
        f"in the last {said.removeprefix('1 ')}" if node.text[:-1] == "1" else f"in the last {said}"
    )


# ---------------------------------------------------------------- tests


# A test is said as subject + phrase ("company size" + "is 500 or more"), so a chain of tests
# on one subject can say it once: "company size is 100 or more and below 500".
Said = tuple[str, str]


def _compare(op: ast.CompareOp, value: str, negated: bool, known: bool) -> str:
    """The phrase of a comparison; negated, it is also true when the value is unknown."""
    unknown, if_known = ("", "") if known else (" (or unknown)", " (if known)")
    phrases = {
        "==": ("is " + value, f"is not {value}{unknown}"),
        "!=": (f"is not {value}{if_known}", f"is {value}{unknown}"),
        "<": (f"is below {value}", f"is {value} or more{unknown}"),
        "<=": (f"is {value} or less", f"is more than {value}{unknown}"),
        ">": (f"is more than {value}", f"is {value} or less{unknown}"),
        ">=": (f"is {value} or more", f"is below {value}{unknown}"),
    }
    positive, negative = phrases[op]
    return negative if negated else positive


def _text_test(op: ast.TextOp, value: str, negated: bool, unknown: str) -> str:
    verbs = {
        "contains": ("contains", "does not contain"),
        "starts with": ("starts with", "does not start with"),
        "ends with": ("ends with", "does not end with"),
        "matches": ("matches the pattern", "does not match the pattern"),
    }
    positive, negative = verbs[op]
    return f"{negative} {value}{unknown}" if negated else f"{positive} {value}"


def pattern(text: str) -> str:
    """A regular expression in quotes; a leading `(?i)` said as `in any case`."""
    if text.startswith(_CASE_INSENSITIVE):
        return f'"{text[len(_CASE_INSENSITIVE) :]}" in any case'
    return f'"{text}"'


def comparison(
    node: ast.Comparison, lets: Lets, negated: bool = False, known: bool = False
) -> Said:
    """One test as (subject, phrase); `negated` says its exact opposite. With `known` (a
    tier's scores, never missing) nothing is said about unknown values."""
    subject = path(node.path)
    unknown, if_known = ("", "") if known else (" (or unknown)", " (if known)")
    if isinstance(node, ast.Compare):
        value = values(resolved(node.operand, lets))
        return subject, _compare(node.op, value, negated, known)
    if isinstance(node, ast.InList):
        items = values(resolved(node.operand, lets))
        inside = node.negated == negated  # `not in`, negated: back to `in`
        said = f"is {items}" if inside else f"is not {items}"
        if negated:
            return subject, said + unknown
        return subject, said + if_known if node.negated else said
    if isinstance(node, ast.TextTest):
        operand = resolved(node.operand, lets)
        if node.op == "matches" and isinstance(operand, ast.String):
            return subject, _text_test(node.op, pattern(operand.value), negated, unknown)
        return subject, _text_test(node.op, values(operand), negated, unknown)
    if isinstance(node, ast.Presence):
        missing = node.missing != negated
        return subject, "is unknown" if missing else "is known"
    within = last(node.duration)
    return subject, f"is not {within}{unknown}" if negated else f"is {within}"


def pred(node: ast.Pred, lets: Lets, negated: bool = False, known: bool = False) -> str:
    """A condition in words: `and`/`or` chains, one subject said once, groups in brackets."""
    if isinstance(node, ast.Not):
        return pred(node.operand, lets, not negated, known)
    if isinstance(node, ast.And | ast.Or):
        return _chain(node, lets, negated, known)
    subject, phrase = comparison(node, lets, negated, known)
    return f"{subject} {phrase}"


def _links(node: ast.Pred, kind: type[ast.And] | type[ast.Or]) -> list[ast.Pred]:
    """The operands of a chain of one operator, left to right."""
    if isinstance(node, kind):
        return _links(node.left, kind) + _links(node.right, kind)
    return [node]


def _chain(node: ast.And | ast.Or, lets: Lets, negated: bool, known: bool) -> str:
    # De Morgan: not (a and b) = not a or not b, exact in two-valued logic.
    said_and = isinstance(node, ast.And) != negated
    kind: type[ast.And] | type[ast.Or] = type(node)
    parts: list[str] = []
    previous: str | None = None
    previous_phrase = ""
    for link in _links(node, kind):
        leaf = _leaf(link, negated)
        if leaf is not None:
            subject, phrase = comparison(leaf[0], lets, leaf[1], known)
            parts.append(
                _again(phrase, previous_phrase) if subject == previous else f"{subject} {phrase}"
            )
            previous, previous_phrase = subject, phrase
        else:
            parts.append(f"({pred(link, lets, negated, known)})")
            previous = None
    if said_and:
        return " and ".join(parts)
    long = any(" or " in part or "," in part for part in parts)
    return (", or " if long else " or ").join(parts)


def _again(phrase: str, previous: str) -> str:
    """A phrase after one on the same subject: `is 100 or more and below 500`."""
    both = phrase.startswith("is ") and previous.startswith("is ")
    return phrase.removeprefix("is ") if both else phrase


def _leaf(node: ast.Pred, negated: bool) -> tuple[ast.Comparison, bool] | None:
    """A test (under any number of `not`s) and whether it is said negated; None for a group."""
    while isinstance(node, ast.Not):
        node, negated = node.operand, not negated
    if isinstance(node, ast.And | ast.Or):
        return None
    return node, negated


# ---------------------------------------------------------------- rules


def _times(op: ast.CompareOp, count: float) -> str:
    """How often, in words: `>= 5` -> `5 or more times`, `>= 1` -> `at least once`."""
    n = number(count)
    special = {
        (">=", 1.0): "at least once",
        (">", 0.0): "at least once",
        (">", 1.0): "more than once",
        ("==", 0.0): "never",
        ("==", 1.0): "exactly once",
        ("!=", 0.0): "at least once",
        ("<", 1.0): "never",
        ("<=", 0.0): "never",
        ("<=", 1.0): "at most once",
    }
    found = special.get((op, float(count)))
    if found is not None:
        return found
    general = {
        ">=": f"{n} or more times",
        ">": f"more than {n} times",
        "==": f"exactly {n} times",
        "!=": f"not exactly {n} times",
        "<": f"fewer than {n} times",
        "<=": f"at most {n} times",
    }
    return general[op]


def _activity(pattern: ast.EventPattern, lets: Lets) -> str:
    where = f" where {pred(pattern.where, lets)}" if pattern.where is not None else ""
    return event(pattern) + where


def criterion(rule: ast.Rule, lets: Lets) -> str:
    """What a rule tests, as a sentence: the condition and its time window."""
    condition = rule.condition
    window = rule.within
    if isinstance(condition, ast.CountCondition):
        activity = _activity(condition.pattern, lets)
        gap = ", " if condition.pattern.where is not None else " "
        times = _times(condition.op, condition.threshold.value)
        during = f" {last(window)}" if window else ""
        text = f"no {activity}{during}" if times == "never" else f"{activity}{gap}{times}{during}"
    elif isinstance(condition, ast.EventPattern):
        activity = _activity(condition, lets)
        gap = ", " if condition.where is not None else " "
        text = activity + (f"{gap}{last(window)}" if window else "")
    else:
        text = pred(condition, lets)
    return sentence(text)


def rule_points(rule: ast.Rule) -> str:
    """The points of a rule: `+20`; for an activity `+5 each, capped at 25`, `+15, counted once`.

    `once` and `max` change nothing on profile and count rules (spec 3), so they are not said.
    """
    said = points(rule.signed_points)
    if rule.kind != "event":
        return said
    words = [f"{said}, counted once" if rule.once else f"{said} each"]
    cap = rule.cap
    if cap is not None:
        words.append(f"capped at {points(-cap) if rule.subtract else number(cap)}")
    return ", ".join(words)


# ---------------------------------------------------------------- decay, ranges, tiers


def decay(node: ast.Decay) -> str:
    """A decay line: `Points halve after 30 days`, `Points shrink by 10% every full 30 days`."""
    span = duration(node.duration)
    percent = node.percent
    if percent == 0:
        return f"Points keep their full value after {span}"
    if node.mode == "after":
        if percent == 50:
            return f"Points halve after {span}"
        if percent == 100:
            return f"Points drop to zero after {span}"
        return f"Points drop to {printer.number(100 - percent)}% after {span}"
    if percent == 50:
        return f"Points halve every full {span}"
    if percent == 100:
        return f"Points drop to zero after a full {span}"
    return f"Points shrink by {printer.number(percent)}% every full {span}"


def kept_within(node: ast.Range) -> str:
    """A `range` line: `kept between 0 and 100`."""
    return f"kept between {number(node.low)} and {number(node.high)}"


def reach(low: float | None, high: float | None) -> str:
    """Reachable bounds (None: no limit that way): `from -85 to 67`, `from 0, no upper limit`."""
    if low is not None and high is not None:
        return f"from {number(low)} to {number(high)}"
    if low is not None:
        return f"from {number(low)}, no upper limit"
    if high is not None:
        return f"up to {number(high)}, no lower limit"
    return "no limit either way"


def tier(node: ast.Tier, lets: Lets) -> str:
    """When a tier applies: `70 or more`, `more than 70`, `Fit is 20 or more and ...`."""
    condition = node.condition
    if condition is None:
        return "everyone else"
    if (
        isinstance(condition, ast.Compare)
        and condition.path.dotted in TOTAL_NAMES
        and condition.op in ("<", "<=", ">", ">=")
    ):
        return comparison(condition, lets, known=True)[1].removeprefix("is ")
    return sentence(pred(condition, lets, known=True))


# ---------------------------------------------------------------- how the data is read


def reading(schema: SchemaIndex) -> list[str]:
    """Spec 12's reading parts as footnotes: mapped names, missing markers, yes/no spellings.

    Plain declarations (`attribute title: string`) say nothing a card reader needs. The
    schema-wide markers are compared ignoring case, and are said so (in lower case, sorted).
    """
    notes: list[str] = []
    if schema.missing:
        markers = [ast.String(marker) for marker in sorted(schema.missing)]
        notes.append(f"{_markers(markers)} as unknown in every field.")
    for attribute in schema.attributes.values():
        notes.extend(_declared(attribute, path(attribute.path)))
    for event_type, properties in schema.events.items():
        activity = " ".join(name(part) for part in event_type.split("."))
        for prop in properties.values():
            notes.extend(_declared(prop, f"{path(prop.path)} (of {activity})"))
    return notes


def _declared(node: ast.Declared, subject: str) -> list[str]:
    notes = []
    key = node.key
    if key is not None:
        notes.append(f"{sentence(subject)} is read from the field {json.dumps(key)}.")
    missing = node.option("missing")
    if missing is not None and isinstance(missing.value, ast.ListValue):
        notes.append(f"For {subject}, {_markers(missing.value.items, upper=False)} as unknown.")
    spellings = [
        f"{either([text_value(w) for w in words], 'and')} {_mean(words)} {meaning}"
        for kind, meaning in _SPELLINGS
        if (words := node.words(kind)) is not None
    ]
    if spellings:
        notes.append(f"For {subject}, {'; '.join(spellings)}.")
    return notes


def _markers(items: Sequence[ast.Scalar], upper: bool = True) -> str:
    """`Select and "N/A" count`, `"unknown" counts`: the missing markers and their verb."""
    said = either([scalar(item) for item in items], "and")
    said = sentence(said) if upper else said
    return f"{said} {'counts' if len(items) == 1 else 'count'}"


def _mean(words: Sequence[str]) -> str:
    return "means" if len(words) == 1 else "mean"


def includes(paths: Sequence[str]) -> str | None:
    """The files an `include` brought in, as a footnote."""
    if not paths:
        return None
    return f"Includes the criteria of {either(list(paths), 'and')}."
