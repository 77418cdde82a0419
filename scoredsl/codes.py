"""The diagnostic code registry: every SD code with its family, title and how to fix it.

One table serves `docs/diagnostics.md` (generated: `python -m scoredsl.code_docs`) and
`scoredsl rule CODE`. The raise sites keep their string literals; a test scans the source
and fails on a code that is raised but not registered here, or registered but never raised.
Lint codes (SL) are registered by their rules (`scoredsl.lint.registry`), in the lint
families below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Family:
    """A block of codes: `first`..`last` (inclusive, same prefix) and what they are about."""

    first: str
    last: str
    name: str
    summary: str

    def holds(self, code: str) -> bool:
        return code[:2] == self.first[:2] and self.first <= code <= self.last


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    family: Family
    title: str  # what is wrong, in a few words
    help: str  # why, and how to fix it
    details: str = ""  # the longer text (a lint rule's docstring), markdown


FAMILIES: tuple[Family, ...] = (
    Family("SD001", "SD099", "syntax", "the file does not parse, or cannot be read"),
    Family("SD101", "SD199", "names", "duplicate or unknown names"),
    Family("SD201", "SD299", "files and scopes", "includes, headers, tiers and ranges"),
    Family("SD301", "SD309", "schema and types", "names and operators against the schema"),
    Family("SD310", "SD399", "reading exports", "spec 12's read options in the schema"),
    Family("SD401", "SD499", "rules and decay", "modifiers, decay lines and limits"),
    Family("SD501", "SD529", "lead data", "records of the leads and events files"),
    Family("SD530", "SD599", "outcomes", "the outcomes `backtest` and `fit` join to the leads"),
    Family("SD601", "SD699", "command line", "options, configuration and outputs"),
    Family("SD701", "SD799", "SQL compile", "what `scoredsl compile` cannot express"),
    Family("SD801", "SD899", "test files", "`.scoretest` files and failed expectations"),
    Family("SD901", "SD999", "fmt", "what the formatter cannot do"),
    Family("SL001", "SL099", "lint: bugs", "rulesets that do not do what they say"),
    Family("SL101", "SL199", "lint: scoring", "scores that surprise"),
    Family("SL201", "SL299", "lint: style", "rulesets that are harder to read than they need be"),
    Family("SL301", "SL399", "lint: performance", "work the evaluator does for nothing"),
    Family("SL401", "SL499", "lint: data", "rules that the data shows to be wrong"),
)


def family_of(code: str) -> Family:
    """The family a code belongs to; ValueError for a code outside every family."""
    for family in FAMILIES:
        if family.holds(code):
            return family
    raise ValueError(f"{code} belongs to no diagnostic family")


_TABLE: tuple[tuple[str, str, str], ...] = (
    # syntax
    ("SD001", "unexpected token", "the message says what was found and the help what the grammar expected there; a name with spaces goes in backticks"),
    ("SD002", "unexpected character", "a character no token starts with; numbers are plain (10, 2.5), durations 12h, 30d or 2w"),
    ("SD003", "bad string literal or quoted name", "close a string with `\"` (and a quoted name with a backtick) on the same line; escapes are JSON's"),
    ("SD004", "file cannot be read", "the file does not exist, is no regular file, is not UTF-8 or is larger than 16 MiB"),
    ("SD005", "number too large", "numbers must fit a double-precision float (below about 1e308)"),
    ("SD006", "condition nested too deeply", "at most 100 `and`/`or`/`not` in one chain: list alternatives with `in [...]`, or split the rule"),
    ("SD007", "duration too large", "a duration is at most 100,000,000 days"),
    # names
    ("SD101", "duplicate rule name", "each rule name is used once in a ruleset and its includes; rename one"),
    ("SD102", "duplicate dimension name", "a dimension is declared once; merge the two blocks or rename one"),
    ("SD103", "`let` defined twice", "a let name is defined once; rename or remove the second"),
    ("SD104", "unknown name", "define it with `let NAME = [...]`, or quote a string literal: `\"value\"`"),
    ("SD105", "`let` used before it is defined", "move the `let` above its first use"),
    ("SD106", "reserved dimension name", "`score` and `total` name the total in tier conditions; pick another name"),
    ("SD107", "duplicate tier name", "a tier is declared once; rename or remove the second"),
    ("SD108", "unknown score in a tier condition", "a tier compares `score`, `total` or a declared dimension"),
    # files and scopes
    ("SD201", "included file not found", "the path of an `include` is relative to the including file"),
    ("SD202", "include cycle", "remove one include of the cycle; shared rules belong in a file that includes nothing"),
    ("SD203", "`ruleset` header in an included file", "only the main file may have a header"),
    ("SD204", "tiers in an included file", "declare tiers in the main file only"),
    ("SD205", "misplaced `ruleset` header", "a file has at most one header, and it is the first statement"),
    ("SD206", "more than one `range` in one scope", "keep one `range` per dimension (and one for the total)"),
    ("SD207", "included file is no ruleset", "include a .score file: its first statement does not parse"),
    # schema and types
    ("SD301", "unknown attribute", "with a `schema`, every attribute a rule reads is declared: `attribute NAME: TYPE`"),
    ("SD302", "unknown event type", "with a `schema`, every event type is declared: `event NAME { ... }`"),
    ("SD303", "unknown event property", "declare the property in its event's block of the schema"),
    ("SD304", "operator does not apply to the declared type", "compare a value with an operator its declared type has (the help lists them)"),
    ("SD305", "operator and value do not fit", "`in` takes a list, `==` one value, `<` a number, `within` a duration"),
    ("SD306", "invalid regular expression", "regexes use RE2 syntax (no backreferences or lookaround) and must fit RE2's 8 MiB memory budget"),
    ("SD307", "name declared with two types", "declare each name with one type"),
    # reading exports
    ("SD310", "second schema-wide `missing` list", "write one `missing [...]` line with every marker"),
    ("SD311", "read option given twice", "each of `from`, `missing`, `true` and `false` comes at most once per declaration"),
    ("SD312", "boolean spellings that do not fit", "`true [...]`/`false [...]` need a `boolean` declaration, and a spelling belongs to one list"),
    ("SD313", "non-text marker or spelling", "markers and spellings are text values: quote them"),
    ("SD314", "property read two ways", "event types matched by one wildcard give the property the same read options"),
    ("SD315", "comparison with a marker or spelling", "a warning: the value is read as missing (or as a boolean) before it is compared"),
    # rules and decay
    ("SD401", "`within` on a profile rule", "profile rules have no events to age; test a timestamp attribute with `when ATTRIBUTE within 30d`"),
    ("SD402", "`every` and `after` decay mixed", "use either step lines (`after`) or one periodic line (`every`) in a scope"),
    ("SD403", "more than one `every` decay line", "keep one periodic line per scope"),
    ("SD404", "decay percentage outside 0..100", "a decay removes between 0% and 100% of the points"),
    ("SD405", "modifier given twice", "each rule modifier appears at most once"),
    ("SD406", "negative `subtract` or `max`", "write `add N` for a gain; a cap is a magnitude"),
    ("SD407", "inverted range", "write the low end of a `range` first"),
    ("SD408", "duplicate decay step", "two `after` lines with one duration: keep one"),
    ("SD409", "`every` period of zero", "a periodic decay needs a period longer than zero, e.g. `every 30d`"),
    ("SD410", "modifier that changes nothing", "a warning: the modifier has no effect on this kind of rule; remove it"),
    ("SD411", "number beyond the score limit", "points, caps and range bounds are at most 1e15 in magnitude, so every engine adds them exactly"),
    # lead data
    ("SD501", "not valid JSON", "each line of a JSON Lines file holds one complete JSON object"),
    ("SD502", "record of the wrong shape", "not an object, an unknown key, a wrong number of CSV fields, or nested too deeply"),
    ("SD503", "missing or invalid id", "every lead has an `id` (and every event row a `lead_id`); `--id-column` names another column"),
    ("SD504", "field of the wrong type", "`attributes` and `props` are objects, `events` a list"),
    ("SD505", "bad event", "an event has a text `type` and an `at` instant"),
    ("SD506", "bad timestamp", "`at` is an ISO 8601 instant within years 0001-9999, e.g. 2026-11-01T09:30:00Z"),
    ("SD507", "event for an unknown lead", "an events row names a lead id the leads file does not hold"),
    ("SD508", "data file cannot be read", "the file cannot be opened, is no regular file, has an unsupported format or is not UTF-8"),
    ("SD509", "missing column", "a table needs its id (events: lead_id, type, at) columns; the column options name others"),
    # outcomes
    ("SD530", "unknown outcome column", "`--outcome` names a lead column; the help lists the closest"),
    ("SD531", "bad outcome value", "write 1/0, true/false or yes/no (any case)"),
    ("SD532", "outcome for an unknown lead", "an outcomes row names a lead id the leads file does not hold"),
    ("SD533", "two outcomes for one lead", "give each lead one outcomes row"),
    ("SD534", "no positive (or no negative) outcome", "with one class only no figure of a backtest or fit means anything"),
    ("SD535", "outcomes file without its columns", "an outcomes file has `lead_id` and `converted` columns"),
    ("SD536", "bad outcome field", "`converted_at` is an instant and `value` a number"),
    ("SD537", "lead id twice in the leads file", "outcomes cannot be joined to duplicate leads; make the ids unique"),
    # command line
    ("SD601", "invalid `--as-of`", "write an instant: 2026-11-01 or 2026-11-01T09:30:00Z"),
    ("SD602", "unknown `--lead`", "no lead with that id in the leads file; the help names the closest"),
    ("SD603", "bad lint configuration, rule selection or code", "name rules by code, name or category, and codes as `scoredsl rule --all` lists them (the help says which are close)"),
    ("SD604", "optional extra not installed", "install the extra the message names, e.g. `pip install scoredsl[reports]`"),
    ("SD605", "output names an input", "an output option (`-o`, `--rejects`) would overwrite the rules, an include or the data"),
    ("SD606", "output cannot be written", "a missing folder, a directory, no permission or a full disk"),
    ("SD630", "outcome options", "give exactly one of `--outcome` and `--outcomes`"),
    ("SD631", "bad analysis option", "the message names the option and the values it takes"),
    ("SD632", "holdout split impossible", "a lead without a time for `--holdout-after` (see `--time-column`), or a split that leaves a side empty; move `--holdout-after` or change `--holdout`"),
    ("SD633", "nothing to fit", "every rule fires for too few of the training leads (or for all but a few): fit needs more leads with outcomes"),
    ("SD640", "unknown git revision", "`REV:PATH` names a revision git knows (a branch, tag, commit or `HEAD~1`); run it inside the repository"),
    ("SD641", "no such file at the revision", "the path is read as git stores it at that revision; check it with `git ls-tree -r REV`"),
    # SQL compile
    ("SD701", "construct the dialect cannot express", "score with `scoredsl score --engine duckdb`, or pick another `--dialect`"),
    ("SD702", "unknown SQL dialect", "use one of the dialects `scoredsl compile --help` lists"),
    ("SD703", "bad table name", "write table, schema.table or catalog.schema.table; quote a part with dots or spaces"),
    # test files
    ("SD801", "rules file not found", "`rules \"PATH\"` is relative to the test file"),
    ("SD802", "rules file has errors", "fix the ruleset first (its errors are reported with their own codes)"),
    ("SD803", "unknown rule", "no rule with that name, or none (or several) on that line; name the rules"),
    ("SD804", "unknown score dimension", "`expect NAME ...` names a dimension of the ruleset, or `score`"),
    ("SD805", "unknown tier", "`expect tier == NAME` names a declared tier, or `none`"),
    ("SD806", "test without `as_of`", "add `as_of 2026-11-01` at the top of the file or inside the test"),
    ("SD807", "invalid instant", "write 2026-11-01 or 2026-11-01T09:30:00Z"),
    ("SD808", "duplicate test name", "two tests with one name would be one line of a JUnit report; rename one"),
    ("SD810", "line given twice in one scope", "`lead`, `as_of` and `rules` come at most once per scope"),
    ("SD811", "impossible expectation", "`between 30 and 20`, `tier >= hot` and the like can never hold"),
    ("SD820", "failed expectation", "the report shows expected and actual values and the explain trace of the test"),
    # fmt
    ("SD901", "comment fmt cannot keep", "move the comment onto its own line, or to the end of the construct's last line"),
    ("SD902", "fmt output would not mean the same", "a bug in scoredsl fmt: the file was left unchanged; please report it"),
)  # fmt: skip

SD_CODES: tuple[Code, ...] = tuple(Code(c, family_of(c), t, h) for c, t, h in _TABLE)
_BY_CODE = {c.code: c for c in SD_CODES}


def sd_code(code: str) -> Code | None:
    """The registry entry of an SD code, if it has one."""
    return _BY_CODE.get(code)
