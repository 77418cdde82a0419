"""`scoredsl card`: the ruleset in plain words (goldens for every construct and every bundled
ruleset), the markdown as GitHub reads it, the HTML page in headless Chromium, the figures
with --leads against an independent count (pandas over explain's traces), two cards side by
side, and the command's exit codes.

Run with UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review
the diff like any other change.
"""

from __future__ import annotations

import csv
import io
import json
import re
import typing
from pathlib import Path

import headless_chromium as chromium
import pandas as pd
import pytest
from test_golden import assert_golden
from typer.testing import CliRunner

import scoredsl
from scoredsl import ast, wording
from scoredsl.card import html as card_html
from scoredsl.card.build import card
from scoredsl.card.model import Card
from scoredsl.card.render import render, render_pair
from scoredsl.cli import EXIT_FINDINGS, EXIT_USAGE, app
from scoredsl.io.readers import LeadReader
from scoredsl.parse import parse_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = HERE / "golden" / "card"
CONSTRUCTS = "tests/golden/card/constructs.score"
BUNDLED = sorted(f"rulesets/{p.name}" for p in (ROOT / "rulesets").glob("*.score"))
HISTORY = "rulesets/data/b2b_history"
AS_OF = "2026-11-01"
SUFFIX = {"text": "txt", "markdown": "md", "csv": "csv"}
HOSTILE = "<script>alert(1)</script> | `x` *y* [red]z[/red] & @team"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the cards stay relative


def _card(path: str) -> Card:
    return card(scoredsl.load(path))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
@pytest.mark.parametrize("rules", [CONSTRUCTS, *BUNDLED])
def test_card_is_golden(rules: str, fmt: typing.Literal["text", "markdown", "csv"]) -> None:
    name = Path(rules).stem
    assert_golden(render(_card(rules), fmt), GOLDEN / f"{name}.{SUFFIX[fmt]}")


def test_card_json_is_golden() -> None:
    assert_golden(render(_card(CONSTRUCTS), "json"), GOLDEN / "constructs.json")


def test_the_constructs_ruleset_uses_every_construct() -> None:
    """The goldens above cover every form of the language: this fails when one is missing
    from tests/golden/card/constructs.score (add it there, and its wording, when the
    language grows)."""
    module = parse_text((ROOT / CONSTRUCTS).read_text(encoding="utf-8"), CONSTRUCTS)
    program = scoredsl.load(CONSTRUCTS).program
    rules = [rule for plan in program.dimensions for rule in plan.rules]
    predicates = [p for rule in rules for p, _, _ in ast.rule_predicates(rule)]
    predicates += [t.condition for t in program.tiers if t.condition is not None]
    nodes = [n for p in predicates for n in _walk(p)]
    used: set[object] = {type(n) for n in nodes}
    used |= {n.op for n in nodes if isinstance(n, ast.Compare | ast.TextTest)}
    used |= {("in", n.negated) for n in nodes if isinstance(n, ast.InList)}
    used |= {("presence", n.missing) for n in nodes if isinstance(n, ast.Presence)}
    used |= {("let", type(n.operand)) for n in nodes if isinstance(n, ast.Compare | ast.InList)}
    counts = {r.condition.op for r in rules if isinstance(r.condition, ast.CountCondition)}
    wanted = {ast.Compare, ast.InList, ast.TextTest, ast.Presence, ast.WithinTime, ast.Not}
    wanted |= {ast.And, ast.Or, *typing.get_args(ast.CompareOp), *typing.get_args(ast.TextOp)}
    wanted |= {("in", True), ("in", False), ("presence", True), ("presence", False)}
    wanted |= {("let", ast.LetRef)}
    assert wanted <= used
    assert counts == set(typing.get_args(ast.CompareOp))
    assert {r.kind for r in rules} == {"event", "count", "profile"}
    modifiers = {type(m) for r in rules for m in r.modifiers}
    assert modifiers == {ast.Once, ast.Max, ast.Within}
    assert any(r.subtract for r in rules) and any(r.name is None for r in rules)
    patterns = [_pattern(r) for r in rules if r.kind != "profile"]
    assert any(p.wildcard for p in patterns) and any(p.where for p in patterns)
    assert any(not p.segment_plain for p in _paths(rules))  # a quoted name
    decays = {d.mode for plan in program.dimensions for d in plan.decays}
    assert decays == {"after", "every"}
    assert program.total_range is not None
    assert any(plan.range for plan in program.dimensions)
    assert any(t.condition is None for t in program.tiers)
    statements = {type(statement) for statement in module.statements}
    assert {ast.Header, ast.Include, ast.Let, ast.Schema, ast.Dimension} <= statements
    schema = program.schema
    assert schema is not None and schema.missing
    options = {o.kind for d in _declarations(program) for o in d.options}
    assert options == set(ast.OPTION_ORDER)


class _PathInfo:
    def __init__(self, path: ast.Path) -> None:
        self.segment_plain = path.text == path.dotted


def _walk(node: ast.Pred) -> list[ast.Pred]:
    if isinstance(node, ast.Not):
        return [node, *_walk(node.operand)]
    if isinstance(node, ast.And | ast.Or):
        return [node, *_walk(node.left), *_walk(node.right)]
    return [node]


def _pattern(rule: ast.Rule) -> ast.EventPattern:
    condition = rule.condition
    pattern = condition.pattern if isinstance(condition, ast.CountCondition) else condition
    assert isinstance(pattern, ast.EventPattern)
    return pattern


def _paths(rules: list[ast.Rule]) -> list[_PathInfo]:
    found = [_PathInfo(_pattern(r).type) for r in rules if r.kind != "profile"]
    for rule in rules:
        for predicate, _, _ in ast.rule_predicates(rule):
            found += [_PathInfo(test.path) for test in ast.comparisons(predicate)]
    return found


def _declarations(program: typing.Any) -> list[ast.Declared]:
    schema = program.schema
    found: list[ast.Declared] = list(schema.attributes.values())
    for properties in schema.events.values():
        found += list(properties.values())
    return found


# ---------------------------------------------------------------- the words mean what the rules do


def test_words_say_unknown_exactly_when_a_test_holds_for_a_lead_with_no_data() -> None:
    """Two-valued logic in words: a criterion mentions an unknown value as matching ("or
    unknown", "is unknown") exactly when the rule fires for a lead with no attributes."""
    ruleset = scoredsl.load(CONSTRUCTS)
    found = _card(CONSTRUCTS)
    traces = {t.rule: t.fired for t in ruleset.explain({"id": "empty"}, AS_OF).rules}
    profile = [c for c in found.criteria() if c.kind == "profile"]
    assert len(profile) > 20
    for criterion in profile:
        says_unknown = "(or unknown)" in criterion.text or criterion.text.endswith("is unknown")
        assert says_unknown == traces[criterion.rule], criterion.text


def test_sentences_a_sales_manager_reads() -> None:
    found = {c.rule: (c.text, c.points_text) for c in _card("rulesets/b2b_saas.score").criteria()}
    assert found["c_suite_title"] == ("Title is CEO, CTO, CIO or CFO", "+20")
    assert found["pricing_page"] == (
        "Page visited where url contains /pricing, in the last 30 days",
        "+15, counted once",
    )
    assert found["email_click"] == ("Email clicked", "+5 each, capped at 25")
    assert found["outside_territory"][0] == "Country is not US, CA, GB, IE, DE or NL (if known)"
    assert found["frequent_visitor"][0] == "Page visited 5 or more times in the last 14 days"
    b2b = _card("rulesets/b2b_saas.score")
    assert [t.text for t in b2b.tiers] == ["more than 70", "30 or more", "everyone else"]
    assert b2b.dimensions[1].decay == [
        "Points halve after 30 days",
        "Points drop to zero after 90 days",
    ]


def test_reachable_ranges_are_the_linters_bounds() -> None:
    from scoredsl.lint.bounds import compute_bounds

    ruleset = scoredsl.load("rulesets/b2b_saas.score")
    bounds = compute_bounds(ruleset.program)
    shown = _card("rulesets/b2b_saas.score")
    for dimension in shown.dimensions:
        interval = bounds.dimensions[dimension.name]
        assert (dimension.reach.low, dimension.reach.high) == (interval.lo, interval.hi)
    assert (shown.total.reach.low, shown.total.reach.high) == (bounds.total.lo, bounds.total.hi)
    event_led = _card("rulesets/event_led.score")
    assert event_led.total.reach.high is None  # uncapped activities: no upper limit
    assert event_led.total.reach.text.endswith("no upper limit")


def test_values_that_would_read_as_words_are_quoted() -> None:
    assert wording.text_value("Head of IT") == "Head of IT"
    assert wording.text_value("or") == '"or"'
    assert wording.text_value("3") == '"3"'  # a string, not the number 3
    assert wording.text_value("a, b") == '"a, b"'
    assert wording.text_value(" padded") == '" padded"'
    assert wording.text_value("") == "empty text"
    assert wording.number(1_000_000) == "1,000,000" and wording.number(2026) == "2026"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("decay 50% after 30d", "Points halve after 30 days"),
        ("decay 100% after 1w", "Points drop to zero after 1 week"),
        ("decay 25% after 12h", "Points drop to 75% after 12 hours"),
        ("decay 0% after 1d", "Points keep their full value after 1 day"),
        ("decay 50% every 2w", "Points halve every full 2 weeks"),
        ("decay 100% every 30d", "Points drop to zero after a full 30 days"),
        ("decay 12.5% every 30d", "Points shrink by 12.5% every full 30 days"),
    ],
)
def test_every_form_of_decay_in_words(line: str, said: str) -> None:
    [decay] = scoredsl.loads(f"when email.opened add 1\n{line}\n").program.dimensions[0].decays
    assert wording.decay(decay) == said


# ---------------------------------------------------------------- markdown as GitHub reads it


def _as_github_would(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table"]).render(markdown)


def _tables_are_whole(html: str) -> int:
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    for table in tables:
        header = len(re.findall(r"<th[ >]", table))
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert len(re.findall(r"<td", row)) == header, row
    return len(tables)


@pytest.mark.parametrize("rules", [CONSTRUCTS, *BUNDLED])
def test_markdown_renders_as_tables(rules: str) -> None:
    shown = _card(rules)
    html = _as_github_would(render(shown, "markdown"))
    named = [d for d in shown.dimensions if d.criteria]
    assert _tables_are_whole(html) == len(named) + (1 if shown.tiers else 0)
    rows = len(re.findall(r"<tr>", html))
    assert rows == len(shown.criteria()) + len(shown.tiers) + len(named) + 1  # + headers


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.score"
    path.write_text(
        f"rule {json.dumps(HOSTILE)}: when title == {json.dumps(HOSTILE)} add 5\n"
        f"tier {json.dumps(HOSTILE)} when score >= 1\n",
        encoding="utf-8",
    )
    return path


def test_markdown_user_text_cannot_break_tables_or_inject_html(hostile: Path) -> None:
    html = _as_github_would(render(card(scoredsl.load(hostile)), "markdown"))
    assert "<script>" not in html
    assert _tables_are_whole(html) == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_text_shows_user_text_literally_even_on_a_terminal(hostile: Path) -> None:
    coloured = render(card(scoredsl.load(hostile)), "text", color=True)
    assert "[red]z[/red]" in coloured and "\x1b[" in coloured


TIER_NAMES = """ruleset "tiers"
rule big: when size >= 500 add 50
tier MQL when score >= 40
tier sql when score >= 20
tier sales_ready when score >= 10
tier cold otherwise
"""


def test_tier_names_are_shown_as_written_as_score_records_name_them() -> None:
    """A tier's name is an identifier users route on (`tier == "sql"`): never re-cased."""
    ruleset = scoredsl.loads(TIER_NAMES)
    shown = card(ruleset)
    assert [t.title for t in shown.tiers] == ["MQL", "sql", "sales_ready", "cold"]
    assert ruleset.score({"id": "a", "attributes": {"size": 600}}).tier == "MQL"
    text = render(shown, "text")
    assert all(re.search(rf"^  {name}\b", text, re.M) for name in ("MQL", "sql", "sales_ready"))
    assert not re.search(r"Sql|Sales ready|Cold", text)
    markdown = render(shown, "markdown")
    assert "| sales\\_ready |" in markdown and "| sql |" in markdown
    assert "Sql" not in render_pair(shown, shown, "markdown")


def test_csv_has_a_row_for_every_criterion_decay_line_and_tier() -> None:
    shown = _card("rulesets/b2b_saas.score")
    rows = list(csv.DictReader(io.StringIO(render(shown, "csv"))))
    sections = [row["section"] for row in rows]
    assert sections.count("criterion") == len(shown.criteria())
    assert sections.count("tier") == len(shown.tiers)
    assert sections.count("decay") == 2
    first = next(row for row in rows if row["section"] == "criterion")
    assert (first["rule"], first["points"], first["line"]) == ("c_suite_title", "20", "62")


# ---------------------------------------------------------------- figures with --leads


def _independent_figures(engine: str) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Fire counts and conversion rates by rule and tier, counted with pandas over each lead's
    explain traces and the outcomes file (point-in-time, as docs/tuning.md describes)."""
    ruleset = scoredsl.load("rulesets/b2b_saas.score")
    records = []
    with LeadReader(f"{HISTORY}_leads.csv", f"{HISTORY}_events.csv") as reader:
        for record in reader:
            explained = ruleset.explain(record.lead, AS_OF)
            row = {t.rule: t.fired for t in explained.rules}
            row["lead_id"], row["tier"] = record.lead.id, explained.result.tier
            records.append(row)
    fired = pd.DataFrame(records)
    won = pd.read_csv(f"{HISTORY}_outcomes.csv", dtype={"lead_id": str})
    won["converted_at"] = pd.to_datetime(won["converted_at"], utc=True)
    data = fired.merge(won, on="lead_id", how="left")
    as_of = pd.Timestamp(AS_OF, tz="UTC")
    before = (data["converted"] == 1) & (data["converted_at"] < as_of)
    data = data[~before].copy()
    in_time = data["converted_at"].isna() | (data["converted_at"] <= as_of + pd.Timedelta(days=90))
    data["y"] = (data["converted"] == 1) & in_time
    tiers = {
        str(name): {"leads": len(group), "rate": group["y"].mean()}
        for name, group in data.groupby("tier")
    }
    return data, tiers


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_figures_match_an_independent_count(engine: str) -> None:
    code, out, _ = run(
        "card", "rulesets/b2b_saas.score", "--format", "json", "--engine", engine,
        "--leads", f"{HISTORY}_leads.csv", "--events", f"{HISTORY}_events.csv",
        "--outcomes", f"{HISTORY}_outcomes.csv", "--as-of", AS_OF, "--no-progress",
    )  # fmt: skip
    assert code == 0
    shown = Card.model_validate_json(out)
    data, tiers = _independent_figures(engine)
    assert shown.stats is not None
    assert shown.stats.leads == len(data) and shown.stats.left_out == 1200 - len(data)
    assert shown.stats.base_rate == pytest.approx(data["y"].mean())
    some_fire = 0
    for criterion in shown.criteria():
        fired = data[criterion.rule].astype(bool)
        assert criterion.stats is not None
        assert criterion.stats.fired == int(fired.sum()), criterion.rule
        assert criterion.stats.share == pytest.approx(fired.mean())
        if fired.any():
            some_fire += 1
            assert criterion.stats.rate == pytest.approx(data.loc[fired, "y"].mean())
        else:
            assert criterion.stats.rate is None
    assert some_fire >= len(shown.criteria()) - 1
    for tier in shown.tiers:
        assert tier.stats is not None
        assert tier.stats.leads == tiers[tier.name]["leads"]
        assert tier.stats.rate == pytest.approx(tiers[tier.name]["rate"])


def test_figures_without_outcomes_count_fires_only() -> None:
    code, out, _ = run(
        "card", "rulesets/b2b_saas.score", "--leads", "rulesets/data/b2b_leads.jsonl",
        "--as-of", AS_OF, "--format", "json",
    )  # fmt: skip
    assert code == 0
    shown = Card.model_validate_json(out)
    assert shown.stats is not None and shown.stats.outcomes is None
    ruleset = scoredsl.load("rulesets/b2b_saas.score")
    with LeadReader("rulesets/data/b2b_leads.jsonl") as reader:
        traces = [ruleset.explain(r.lead, AS_OF).rules for r in reader]
    for criterion in shown.criteria():
        assert criterion.stats is not None and criterion.stats.rate is None
        expected = sum(t.fired for lead in traces for t in lead if t.rule == criterion.rule)
        assert criterion.stats.fired == expected
    code, text, _ = run(
        "card", "rulesets/b2b_saas.score", "--leads", "rulesets/data/b2b_leads.jsonl",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert "fires for" in text and "converts" not in text


def test_figures_with_an_outcome_column_show_conversion() -> None:
    code, out, _ = run(
        "card", "rulesets/bank_marketing.score", "--format", "markdown",
        "--leads", "tests/data/bank_sample.csv", "--outcome", "output",
    )  # fmt: skip
    assert code == 0, out
    assert "| criterion | points | rule | fires for | converts |" in out


# ---------------------------------------------------------------- HTML


needs_chromium = pytest.mark.skipif(
    chromium.BINARY is None, reason="chromium is not installed (apt-get install -y chromium)"
)


@needs_chromium
def test_html_card_renders_offline_in_chromium(tmp_path: Path, hostile: Path) -> None:
    page = tmp_path / "card.html"
    code, _, err = run(
        "card", "rulesets/b2b_saas.score", "--format", "html", "-o", str(page),
        "--leads", f"{HISTORY}_leads.csv", "--events", f"{HISTORY}_events.csv",
        "--outcomes", f"{HISTORY}_outcomes.csv", "--as-of", AS_OF, "--no-progress",
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<script|<link[^>]+href=|@import", html)  # nothing to load
    loaded = chromium.load(page)
    assert loaded.console == []
    shown = _card("rulesets/b2b_saas.score")
    assert loaded.dom.count('<tr class="criterion">') == len(shown.criteria())
    assert loaded.dom.count('<tr class="tier">') == len(shown.tiers)
    assert "Title is CEO, CTO, CIO or CFO" in loaded.dom and 'id="counted"' in loaded.dom
    hostile_page = tmp_path / "hostile.html"
    hostile_page.write_text(card_html.render(card(scoredsl.load(hostile))), encoding="utf-8")
    dom = chromium.load(hostile_page).dom
    assert "<script>alert(1)</script>" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


# ---------------------------------------------------------------- two cards side by side


CHANGES = [
    ("rule c_suite_title: when title in c_suite add 20", "rule c_suite_title: when title in c_suite add 25"),
    ("  rule unknown_title: when title is missing subtract 2\n", ""),
    ("tier hot  when score > 70", "tier hot  when score >= 65"),
    ("  decay 100% after 90d\n", ""),
    ("  range 0..100\n", "  range 0..80\n  rule webinar: when form.submitted where form == \"webinar\" add 5\n"),
]  # fmt: skip


@pytest.fixture
def changed(tmp_path: Path) -> Card:
    text = (ROOT / "rulesets/b2b_saas.score").read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "b2b_saas.score"
    path.write_text(text.replace('version "1.0.0"', 'version "1.1.0"'), encoding="utf-8")
    return card(scoredsl.load(path))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_two_cards_side_by_side_are_golden(
    changed: Card, fmt: typing.Literal["text", "markdown"]
) -> None:
    old = _card("rulesets/b2b_saas.score")
    assert_golden(render_pair(old, changed, fmt), GOLDEN / f"pair.{SUFFIX[fmt]}")


def test_side_by_side_marks_what_changed(changed: Card) -> None:
    html = _as_github_would(render_pair(_card("rulesets/b2b_saas.score"), changed, "markdown"))
    assert _tables_are_whole(html) == 4  # fit, engagement, total, tiers
    cell = r"<td[^>]*>"
    marks = re.findall(rf"{cell}<strong>(\w+)</strong></td>\s*{cell}([^<]*)</td>", html)
    assert ("changed", "Title is CEO, CTO, CIO or CFO") in marks
    assert ("removed", "Title is unknown") in marks
    assert ("removed", "Points drop to zero after 90 days") in marks
    assert ("changed", "hot") in marks  # the tier as written
    assert ("changed", "Reachable from 0 to 100; kept between 0 and 100") in marks
    assert any(mark == "added" for mark, _ in marks)
    same = render_pair(_card("rulesets/b2b_saas.score"), _card("rulesets/b2b_saas.score"))
    assert "<strong>" not in _as_github_would(same)  # nothing changed, nothing marked


def test_side_by_side_can_show_only_the_changes(changed: Card) -> None:
    old = _card("rulesets/b2b_saas.score")
    short = render_pair(old, changed, "markdown", only_changes=True)
    html = _as_github_would(short)
    assert _tables_are_whole(html) == 4
    marked = len(re.findall(r"<strong>\w+</strong>", html))
    assert marked == len(re.findall(r"<tr>", html)) - 4  # every row but the headers is a change
    assert "Title contains manager" not in short
    same = render_pair(old, _card("rulesets/b2b_saas.score"), "text", only_changes=True)
    assert same.count("no change") == 4  # fit, engagement, total, tiers


# ---------------------------------------------------------------- the command


def test_card_writes_the_file_it_is_given(tmp_path: Path) -> None:
    target = tmp_path / "card.md"
    code, out, _ = run(
        "card", "rulesets/ecommerce.score", "--format", "markdown", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == render(
        _card("rulesets/ecommerce.score"), "markdown"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--events", f"{HISTORY}_events.csv"],
        ["--outcome", "converted"],
        ["--leads", f"{HISTORY}_leads.csv", "--outcome", "x", "--outcomes", "y.csv"],
        ["--format", "pdf"],
        ["-o", "rulesets/b2b_saas.score"],
        ["--leads", "rulesets/data/b2b_leads.jsonl", "--as-of", "yesterday"],
    ],
)
def test_bad_usage_exits_2_with_a_message(args: list[str]) -> None:
    code, _, err = run("card", "rulesets/b2b_saas.score", *args)
    assert code == EXIT_USAGE
    assert "Traceback" not in err and err.strip()


def test_a_ruleset_with_errors_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.score"
    bad.write_text("when title = CTO add 5\n", encoding="utf-8")
    code, _, err = run("card", str(bad))
    assert code == EXIT_FINDINGS and "bad.score:1:" in err


def test_bad_lead_data_exits_3(tmp_path: Path) -> None:
    leads = tmp_path / "leads.jsonl"
    leads.write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    code, _, err = run("card", "rulesets/b2b_saas.score", "--leads", str(leads))
    assert code == 3 and "leads.jsonl:2" in err
