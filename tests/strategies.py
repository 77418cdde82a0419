"""Hypothesis strategies shared by the property tests: random VALID ruleset texts and leads.

Every rule kind, modifier, decay form, dimension, range, let, predicate form and tier shape;
leads with mixed-type and mixed-case attributes, missing keys, nested and flat paths, and
events around `AS_OF` including the future and exact decay boundaries.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

AS_OF = datetime(2026, 11, 1, 12, 0, 0, tzinfo=timezone.utc)
DAY = 86_400


def sized(examples: int, override: str = "HYPOTHESIS_MAX_EXAMPLES") -> settings:
    """The settings of a property test that runs `examples` cases in `make test`.

    Random or derandomized examples and the scale come from the profile tests/conftest.py
    loads (max_examples 100 runs `examples` as stated, `fast` a fifth); the environment
    variable `override`, when set, is the exact count (more for a long local run).
    """
    stated = os.environ.get(override)
    scaled = examples * settings.default.max_examples // 100
    return settings(
        max_examples=int(stated) if stated else max(1, scaled),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SETTINGS = sized(300)

# ---------------------------------------------------------------- vocabulary

EVENT_TYPES = ["email.opened", "email.clicked", "page.visited", "form.submitted"]
PATTERNS = [*EVENT_TYPES, "email.*", "page.*", "form.*"]
LEAD_EVENT_TYPES = [*EVENT_TYPES * 3, "email.bounced", "webinar.attended", "email", "Email.opened"]
ATTRIBUTES = ["title", "company.size", "country", "tags", "vip", "signed_up_at"]
PROPS = ["url", "form", "value", "utm.source"]
DURATIONS = ["12h", "1d", "7d", "1w", "2w", "30d", "90d"]
DURATION_SECONDS = {"h": 3600, "d": DAY, "w": 7 * DAY}


def seconds(duration: str) -> int:
    return int(duration[:-1]) * DURATION_SECONDS[duration[-1]]


def q(text: str) -> str:
    """A string literal (JSON escapes, as spec 1 says)."""
    return json.dumps(text)


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


NUMBERS = [0, 1, 3, -5, 2.5, 0.125, 499.5, 500, 800, 1000]
STRINGS = ["CTO", "cto", "Head of IT", "800", "abc", "true", "US", "/pricing", "vip", ""]
BARE_WORDS = ["CTO", "CIO", "US", "de", "vip", "beta", "Head-of-IT", "email.opened"]
REGEXES = ["^C", "(?i)^c", "pricing$", "[0-9]+", "^/blog/", "(?i)TRUE", r"\d{3}", "^$"]
POINTS = [0, 0.005, 1, 2, 2.5, 0.125, 5, 7.75, 9.995, 10, 15, 25, 100]
CAPS = [0, 1, 5, 12.5, 20]
PERCENTS = ["0%", "12.5%", "25%", "50%", "75%", "100%"]
LETS = {
    "c_suite": "[CEO, CTO, CIO, CFO]",
    "regions": '[US, "de", 3, true]',
    "sizes": "[500, 800, 1000, 2.5]",
    "needle": '"cto"',
    "big": "800",
}
LIST_LETS = ["c_suite", "regions", "sizes"]


# ---------------------------------------------------------------- ruleset text

scalar_text = st.one_of(
    st.sampled_from(NUMBERS).map(num),
    st.sampled_from(STRINGS).map(q),
    st.sampled_from(["true", "false"]),
)
text_operand = st.one_of(
    st.sampled_from(STRINGS).map(q),
    st.sampled_from(NUMBERS).map(num),
    st.just("needle"),
)


@st.composite
def list_text(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(LIST_LETS))
    item = st.one_of(scalar_text, st.sampled_from(BARE_WORDS))
    items = draw(st.lists(item, max_size=4))
    trailing = "," if items and draw(st.booleans()) else ""
    return "[" + ", ".join(items) + trailing + "]"


FORMS: dict[str, st.SearchStrategy[tuple[str, str]]] = {
    "equality": st.tuples(st.sampled_from(["==", "!="]), st.one_of(scalar_text, st.just("needle"))),
    "order": st.tuples(
        st.sampled_from(["<", "<=", ">", ">="]),
        st.one_of(st.sampled_from(NUMBERS).map(num), st.just("big")),
    ),
    "membership": st.tuples(st.sampled_from(["in", "not in"]), list_text()),
    "text": st.tuples(st.sampled_from(["contains", "starts with", "ends with"]), text_operand),
    "matches": st.tuples(st.just("matches"), st.sampled_from(REGEXES).map(q)),
    "presence": st.tuples(st.sampled_from(["is missing", "is present"]), st.just("")),
    "within": st.tuples(st.just("within"), st.sampled_from(DURATIONS)),
}
# The forms a marketing-ops user would write on each path; any other form is drawn too.
TYPICAL = {
    "title": ["equality", "membership", "text", "matches"],
    "country": ["equality", "membership", "text"],
    "company.size": ["order", "equality", "membership"],
    "tags": ["text", "membership"],
    "vip": ["equality"],
    "signed_up_at": ["within", "presence"],
    "url": ["text", "matches", "equality"],
    "form": ["equality", "membership", "text"],
    "value": ["order", "equality", "membership"],
    "utm.source": ["equality", "text"],
}


@st.composite
def comparison(draw: st.DrawFn, paths: list[str]) -> str:
    path = draw(st.sampled_from(paths))
    typical = draw(st.integers(0, 3)) > 0
    form = draw(st.sampled_from(TYPICAL[path] if typical else sorted(FORMS)))
    op, operand = draw(FORMS[form])
    return f"{path} {op} {operand}".rstrip()


def predicate(paths: list[str]) -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            inner.map(lambda p: f"not {p}"),
            inner.map(lambda p: f"({p})"),
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(" ".join),
        )

    return st.recursive(comparison(paths), extend, max_leaves=4)


# Built once: building recursive strategies per draw costs more than the test itself.
PROP_PREDICATE = predicate(PROPS)
ATTRIBUTE_PREDICATE = predicate(ATTRIBUTES)


@st.composite
def modifiers(draw: st.DrawFn, allow_within: bool) -> str:
    options = [
        "once",
        f"max {num(draw(st.sampled_from(CAPS)))}",
        f"within {draw(st.sampled_from(DURATIONS))}",
    ]
    if not allow_within:
        options.pop()
    chosen = draw(st.lists(st.sampled_from(options), unique=True, max_size=len(options)))
    return " ".join(chosen)


@st.composite
def event_pattern(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PATTERNS))
    if draw(st.integers(0, 2)) == 0:
        text += " where " + draw(PROP_PREDICATE)
    return text


@st.composite
def rule_text(draw: st.DrawFn, index: int) -> str:
    kind = draw(st.sampled_from(["event", "event", "count", "profile"]))
    if kind == "event":
        condition = draw(event_pattern())
    elif kind == "count":
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        condition = f"count({draw(event_pattern())}) {op} {draw(st.integers(0, 4))}"
    else:
        condition = draw(ATTRIBUTE_PREDICATE)
    op = draw(st.sampled_from(["add", "subtract"]))
    points = num(draw(st.sampled_from(POINTS)))
    mods = draw(modifiers(allow_within=kind != "profile"))
    name = draw(st.sampled_from(["", f"rule r{index}: ", f'rule "rule {index}": ']))
    return f"{name}when {condition} {op} {points} {mods}".rstrip()


@st.composite
def decay_lines(draw: st.DrawFn) -> list[str]:
    """Distinct step lines (by length of time), or one `every` line, or none."""
    if draw(st.booleans()):
        return []
    if draw(st.booleans()):
        every = draw(st.sampled_from(DURATIONS))
        return [f"decay {draw(st.sampled_from(PERCENTS))} every {every}"]
    by_length = {seconds(d): d for d in DURATIONS}  # 7d and 1w are one length
    steps = draw(st.lists(st.sampled_from(sorted(by_length)), unique=True, min_size=1, max_size=3))
    return [f"decay {draw(st.sampled_from(PERCENTS))} after {by_length[s]}" for s in steps]


@st.composite
def range_line(draw: st.DrawFn) -> str:
    low, high = sorted(
        draw(st.lists(st.sampled_from([-10, 0, 5, 12.5, 20, 60]), min_size=2, max_size=2))
    )
    return f"range {num(low)}..{num(high)}"


@st.composite
def ruleset_text(draw: st.DrawFn) -> str:
    counter = iter(range(1000))
    statements: list[str] = []
    rules = draw(st.integers(0, 4))
    statements += [draw(rule_text(next(counter))) for _ in range(rules)]
    statements += draw(decay_lines())
    if draw(st.booleans()):
        statements.append(draw(range_line()))
    names = draw(
        st.lists(st.sampled_from(["fit", "engagement", "intent"]), unique=True, max_size=2)
    )
    for name in names:
        body = [draw(rule_text(next(counter))) for _ in range(draw(st.integers(0, 3)))]
        body += draw(decay_lines())
        if draw(st.booleans()):
            body.append(draw(range_line()))
        body = draw(st.permutations(body))
        separator = draw(st.sampled_from(["\n  ", "; "]))
        statements.append(f"score {name} {{{separator}" + separator.join(body) + "\n}")
    statements += draw(tiers(names))
    statements = list(draw(st.permutations(statements)))
    lets = [f"let {name} = {value}" for name, value in LETS.items()]
    header = ['ruleset "prop" version "1.0"'] if draw(st.booleans()) else []
    return "\n".join(header + lets + statements) + "\n"


# A tier condition over slots `@0`..`@4`, filled in with `score`, `total` or a dimension.
_TIER_LEAF = st.one_of(
    st.tuples(
        st.sampled_from(["@0", "@1", "@2", "@3", "@4"]),
        st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
        st.sampled_from([-5, 0, 2.5, 10, 20, 30, 50]).map(num),
    ).map(" ".join),
    st.sampled_from(["@0", "@1", "@2", "@3", "@4"]).map(lambda slot: f"{slot} in [0, 10, 12.5]"),
)
TIER_CONDITION = st.recursive(
    _TIER_LEAF,
    lambda inner: st.one_of(
        inner.map(lambda p: f"not ({p})"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(" ".join),
    ),
    max_leaves=3,
)


@st.composite
def tiers(draw: st.DrawFn, dimensions: list[str]) -> list[str]:
    names = ["score", "total", *dimensions]
    tier_names = draw(
        st.lists(st.sampled_from(["hot", "sql", "warm", "mql"]), unique=True, max_size=3)
    )
    lines = []
    for name in tier_names:
        condition = draw(TIER_CONDITION)
        for slot in range(5):
            condition = condition.replace(f"@{slot}", names[slot % len(names)])
        lines.append(f"tier {name} when {condition}")
    if draw(st.booleans()):
        lines.append('tier "cold" otherwise')
    return lines


# ---------------------------------------------------------------- leads


def instant(offset: int) -> str:
    """`as_of` plus `offset` seconds, as ISO text (sometimes date-only or offset-less)."""
    return (AS_OF + timedelta(seconds=offset)).isoformat().replace("+00:00", "Z")


BOUNDARIES = [0, -1, 1, -12 * 3600, -DAY, -7 * DAY, -14 * DAY, -30 * DAY, -30 * DAY - 1, -90 * DAY]
offsets = st.one_of(st.sampled_from(BOUNDARIES), st.integers(-120 * DAY, 120 * DAY))
any_scalar = st.one_of(
    st.sampled_from(STRINGS),
    st.sampled_from(NUMBERS),
    st.sampled_from(["TRUE", "False", "yes", "1e3", " 800 ", "CIO", "cTo", "De"]),
    st.booleans(),
    st.none(),
)
any_value = st.one_of(
    any_scalar,
    st.lists(any_scalar, max_size=3),
    st.dictionaries(st.sampled_from(["size", "x"]), any_scalar, max_size=2),
)
timestamp_value = st.one_of(
    offsets.map(instant),
    offsets.map(lambda o: instant(o)[:10]),
    st.sampled_from(["not a date", "2026-13-45", "", "2026-10-01T09:30:00+02:00", 12345]),
)
ATTRIBUTE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "title": st.one_of(st.sampled_from(["CTO", "cto", "Head of IT", "VP Sales", "CIO"]), any_value),
    "size": st.one_of(st.sampled_from([800, "800", 499.5, 500, "abc", 1000.0]), any_value),
    "country": st.one_of(st.sampled_from(["US", "us", "De", "fr", 3]), any_value),
    "tags": st.one_of(
        st.lists(st.sampled_from(["vip", "Beta", "CTO", 3, True, "800"]), max_size=3), any_value
    ),
    "vip": st.one_of(st.sampled_from([True, False, "TRUE", "false", "yes", 1]), any_value),
    "signed_up_at": st.one_of(timestamp_value, any_value),
}


@st.composite
def attributes(draw: st.DrawFn) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, values in ATTRIBUTE_VALUES.items():
        if draw(st.booleans()):
            continue  # a missing key
        value = draw(values)
        if key != "size":
            found[key] = value
        elif draw(st.booleans()):
            found["company"] = {"size": value, "industry": "Software"}
        else:
            found["company.size"] = value
    return found


@st.composite
def props(draw: st.DrawFn) -> dict[str, Any]:
    choices: dict[str, st.SearchStrategy[Any]] = {
        "url": st.one_of(
            st.sampled_from(["/pricing", "/Pricing/plans", "/blog/x", "/", 42]), any_value
        ),
        "form": st.one_of(st.sampled_from(["demo", "Contact", "CTO"]), any_value),
        "value": st.one_of(st.sampled_from([800, "800", "abc", True, 2.5]), any_value),
        "utm": st.fixed_dictionaries({"source": st.sampled_from(["Google", "cto", 3])}),
    }
    return {key: draw(value) for key, value in choices.items() if draw(st.booleans())}


@st.composite
def events(draw: st.DrawFn) -> list[dict[str, Any]]:
    made = []
    for _ in range(draw(st.integers(0, 12))):
        event: dict[str, Any] = {
            "type": draw(st.sampled_from(LEAD_EVENT_TYPES)),
            "at": instant(draw(offsets)),
        }
        if draw(st.booleans()):
            event["props"] = draw(props())
        made.append(event)
    return made


@st.composite
def leads(draw: st.DrawFn) -> dict[str, Any]:
    return {"id": "L-1", "attributes": draw(attributes()), "events": draw(events())}


# ---------------------------------------------------------------- spec 12: real exports
# Rulesets with a schema over names as CRM exports spell them (spaces, dots, double quotes,
# Unicode, in backticks), `from` mappings (two names may map one key), missing markers
# (schema-wide and per attribute) and boolean spellings, in any option order; leads whose
# values hit the markers and spellings in other cases and with spaces around them.

# (name as a rule writes it, type, the `from` key or None)
EXPORT_ATTRIBUTES = [
    ("`Lead Source`", "string", None),
    ("source", "string", "Lead Source"),
    ("`Do Not Email`", "boolean", None),
    ("dne", "boolean", "Do Not Email"),
    ("`Total Visits`", "number", None),
    ("visits", "number", "Total Visits"),
    ("company.`Annual Revenue`", "number", None),
    ("`a.b`", "string", None),
    ('`Say "hi"`', "string", None),
    ("`Città`", "string", None),
    ("specialization", "string", None),
    ("`not`", "string", None),
]
EXPORT_EVENTS = {
    "`Form Submitted`": [
        ("form", "string", "Form Name"),
        ("`Page URL`", "string", None),
        ("`Time Spent`", "number", None),
    ],
    "`Web.Visit`": [("`Page URL`", "string", None)],
    "email.opened": [],
}
EXPORT_PATTERNS = {**{t: t for t in EXPORT_EVENTS}, "`Web`.*": "`Web.Visit`"}
MARKERS = ["Select", "N/A", "", "Other", "-", "Straße"]
SPELLINGS = ["Yes", "Y", "No", "N", "1", "0", "oui", "JA"]
EXPORT_STRINGS = ["Google", "select", "n/a", "", "Città", 'Say "hi"', "yes", "Other", "5"]
EXPORT_FORMS = {
    "string": ["equality", "membership", "text", "matches", "presence"],
    "number": ["order", "equality", "membership", "presence"],
    "boolean": ["boolean", "presence"],
}
EXPORT_FORM_TEXT: dict[str, st.SearchStrategy[tuple[str, str]]] = {
    **FORMS,
    "equality": st.tuples(
        st.sampled_from(["==", "!="]),
        st.one_of(st.sampled_from(EXPORT_STRINGS).map(q), st.sampled_from(NUMBERS).map(num)),
    ),
    "membership": st.tuples(
        st.sampled_from(["in", "not in"]),
        st.lists(
            st.one_of(st.sampled_from(EXPORT_STRINGS).map(q), st.sampled_from(["Google", "N"])),
            max_size=3,
        ).map(lambda items: "[" + ", ".join(items) + "]"),
    ),
    "boolean": st.tuples(st.sampled_from(["==", "!="]), st.sampled_from(["true", "false"])),
}


def word_list(words: list[str]) -> str:
    return "[" + ", ".join(w if w.isalpha() and w.isascii() else q(w) for w in words) + "]"


@st.composite
def read_options(draw: st.DrawFn, type_: str, key: str | None) -> str:
    """`from`, `missing`, `true`, `false` after a type: each at most once, in any order."""
    options = [f"from {q(key)}"] if key is not None else []
    if draw(st.integers(0, 2)) == 0:
        options.append(
            "missing " + word_list(draw(st.lists(st.sampled_from(MARKERS), unique=True)))
        )
    if type_ == "boolean":
        words = draw(st.lists(st.sampled_from(SPELLINGS), unique=True, max_size=4))
        cut = draw(st.integers(0, len(words)))
        if draw(st.booleans()):
            options.append("true " + word_list(words[:cut]))
        if draw(st.booleans()):
            options.append("false " + word_list(words[cut:]))
    return " ".join(draw(st.permutations(options)))


@st.composite
def export_schema(draw: st.DrawFn) -> str:
    items = []
    if draw(st.booleans()):
        items.append("missing " + word_list(draw(st.lists(st.sampled_from(MARKERS), unique=True))))
    for name, type_, key in EXPORT_ATTRIBUTES:
        items.append(f"attribute {name}: {type_} {draw(read_options(type_, key))}".rstrip())
    for event, props in EXPORT_EVENTS.items():
        decls = [f"{n}: {t} {draw(read_options(t, k))}".rstrip() for n, t, k in props]
        items.append(f"event {event} {{ " + ", ".join(decls) + " }" if decls else f"event {event}")
    items = draw(st.permutations(items))
    return "schema {\n  " + "\n  ".join(items) + "\n}"


@st.composite
def export_comparison(draw: st.DrawFn, declared: list[tuple[str, str, str | None]]) -> str:
    name, type_, _ = draw(st.sampled_from(declared))
    op, operand = draw(EXPORT_FORM_TEXT[draw(st.sampled_from(EXPORT_FORMS[type_]))])
    return f"{name} {op} {operand}".rstrip()


def export_predicate(declared: list[tuple[str, str, str | None]]) -> st.SearchStrategy[str]:
    return st.recursive(
        export_comparison(declared),
        lambda inner: st.one_of(
            inner.map(lambda p: f"not ({p})"),
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(" ".join),
        ),
        max_leaves=3,
    )


EXPORT_ATTRIBUTE_PREDICATE = export_predicate(EXPORT_ATTRIBUTES)
EXPORT_PROP_PREDICATES = {
    pattern: export_predicate(EXPORT_EVENTS[event])
    for pattern, event in EXPORT_PATTERNS.items()
    if EXPORT_EVENTS[event]
}


@st.composite
def export_rule(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["event", "count", "profile", "profile"]))
    if kind == "profile":
        condition = draw(EXPORT_ATTRIBUTE_PREDICATE)
    else:
        pattern = draw(st.sampled_from(sorted(EXPORT_PATTERNS)))
        if pattern in EXPORT_PROP_PREDICATES and draw(st.integers(0, 3)) > 0:
            pattern += " where " + draw(EXPORT_PROP_PREDICATES[pattern])
        condition = pattern
        if kind == "count":
            condition = f"count({pattern}) >= {draw(st.integers(0, 2))}"
    op = draw(st.sampled_from(["add", "subtract"]))
    mods = draw(modifiers(allow_within=kind != "profile"))
    return f"when {condition} {op} {num(draw(st.sampled_from(POINTS)))} {mods}".rstrip()


@st.composite
def export_ruleset_text(draw: st.DrawFn) -> str:
    rules = draw(st.lists(export_rule(), min_size=1, max_size=5))
    lets = [f"let {name} = {value}" for name, value in LETS.items()]
    return "\n".join([*lets, draw(export_schema()), *rules]) + "\n"


export_value = st.one_of(
    st.sampled_from(
        ["Google", "google ", "Select", "select", " N/A ", "n/a", "", "  ", "Other", "-"]
        + ["Yes", "y", "YES ", "No", "n", " 1", "0", "Oui", "ja", "true", "False", "maybe"]
        + ["5", " 12 ", "2.5", "Città", "CITTÀ", 'Say "hi"', "STRASSE", "straße"]
    ),
    st.sampled_from([3, 0, 2.5, True, False, None]),
)


@st.composite
def export_attributes(draw: st.DrawFn) -> dict[str, Any]:
    """Keys as the export has them, plus decoys: `a` holding `b` (not the key `a.b`), and
    the rule-side names of mapped attributes (`source`), which must not be read."""
    keys = ["Lead Source", "Do Not Email", "Total Visits", "a.b", 'Say "hi"', "Città"]
    keys += ["specialization", "not", "source", "visits"]
    found = {k: draw(export_value) for k in keys if draw(st.booleans())}
    if draw(st.booleans()):
        found["a"] = {"b": draw(export_value)}
    revenue = draw(st.one_of(st.none(), export_value))
    if revenue is not None:
        if draw(st.booleans()):
            found["company"] = {"Annual Revenue": revenue}
        else:
            found["company.Annual Revenue"] = revenue
    return found


@st.composite
def export_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    types = ["Form Submitted", "email.opened", "Web.Visit", "Web.other", "form submitted"]
    made = []
    for _ in range(draw(st.integers(0, 6))):
        props = {
            k: draw(export_value)
            for k in ["Form Name", "form", "Page URL", "Time Spent"]
            if draw(st.booleans())
        }
        made.append(
            {"type": draw(st.sampled_from(types)), "at": instant(draw(offsets)), "props": props}
        )
    return made


@st.composite
def export_leads(draw: st.DrawFn) -> dict[str, Any]:
    return {"id": "L-1", "attributes": draw(export_attributes()), "events": draw(export_events())}
