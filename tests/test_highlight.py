"""The Pygments lexers: keywords agree with the grammars, a golden token stream for every
construct, no Error token on any bundled file, the entry point, highlighted code frames.

Regenerate the token goldens with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assert_golden
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Operator, _TokenType

import scoredsl
from scoredsl.diagnostics import render_all_text
from scoredsl.highlight import (
    CONSTANTS,
    TYPES,
    WORD_OPERATORS,
    ScoreDSLLexer,
    ScoreTestLexer,
    grammar_keywords,
    highlight_frames,
    keywords_of,
    scoretest_keywords,
)
from scoredsl.parse import grammar_text
from scoredsl.testing.syntax import scoretest_grammar_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = HERE / "golden" / "highlight"
LEXERS = {"score": ScoreDSLLexer, "scoretest": ScoreTestLexer}

SCORE_CONSTRUCTS = {
    "comment": "# a comment\nwhen x is present add 1  # trailing",
    "header": 'ruleset "b2b-saas" version "2.1.0"',
    "let": 'let c_suite = [CEO, "Head of IT", 3, true]; let limit = -5',
    "include": 'include "common/negative.score"',
    "event rule": "when email.opened add 2",
    "named rule": 'rule pricing: when page.visited where url contains "/pricing" add 15 once max 30 within 30d',
    "string rule name": 'rule "odd name": when title == "CTO" subtract 2.5',
    "wildcard": "when email.* add 1 max 5",
    "count rule": 'when count(page.visited where url starts with "/docs") >= 3 add 25 within 2w',
    "predicates": 'when not (title in c_suite) and country not in [US, CA] or email ends with ".edu" add 1',
    "more predicates": 'when email matches "(?i)@gmail[.]" or tags contains "vip" or x is missing or signed_up_at within 12h add 1',
    "comparisons": "when a == 1 and b != 2 and c < 3 and d <= 4 and e > 5 and f >= 6 and ok == false add 1",
    "decay": "decay 50% after 30d\ndecay 12.5% every 1w",
    "range": "range 0..100",
    "dimension": "score fit {\n  when title == CTO add 10\n  range -10..60\n}",
    "tiers": 'tier hot when score >= 70 and fit > 20\ntier "Sales ready" when total > 50\ntier cold otherwise',
    "schema": "schema {\n  attribute company.size: number\n  attribute tags: list\n  attribute vip: boolean\n  attribute at: timestamp\n  event page.visited { url: string, ref: string }\n}",
    "hyphenated names": "when webinar-2026.attended where my-score >= 1 add 1",
    "quoted names": 'when `Lead Source` == "Google" and company.`Annual Revenue` >= 1 and `not` == 1 add 5\nwhen `Form Submitted` where `Form Name` contains "demo" add 3',
    "read options": 'schema {\n  missing [Select, "N/A", ""]\n  attribute source: string from "Lead Source" missing [Other]\n  attribute dne: boolean true [Yes, Y] false [No, N]\n  event form.submitted { form: string from "Form Name" }\n}',
}

TEST_CONSTRUCTS = {
    "header": 'rules "b2b_saas.score"  # relative\nas_of 2026-11-01',
    "test": 'test "CTO is hot" {\n  as_of 2026-11-01T12:00:00Z\n}',
    "lead": 'lead "L-1" { title: "CTO", company: { size: 800 }, tags: [vip, 3], ok: true, no: null }',
    "events": 'event page.visited at -2d { url: "/pricing" }\nevent email.opened at 2026-10-30T09:30:00+02:00\nevent form.submitted at +1h',
    "value expectations": "expect score == 25; expect fit between 10 and 20.5; expect total < -1",
    "tier expectations": 'expect tier == hot; expect tier != none; expect tier == "Sales ready"',
    "rule expectations": 'expect rule pricing fired; expect rule "odd name" not fired; expect rule at line 12 fired',
    "fired set": "expect fired == [pricing, cto_title, line 3]",
}


def stream(lexer: str, code: str) -> str:
    """(token type, text) per token, whitespace left out."""
    tokens = LEXERS[lexer]().get_tokens(code)
    return "\n".join(f"{str(kind):32} {text!r}" for kind, text in tokens if text.strip())


def golden_streams(lexer: str, constructs: dict[str, str]) -> str:
    parts = [f"== {name}\n{code}\n--\n{stream(lexer, code)}" for name, code in constructs.items()]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize(
    ("lexer", "constructs"), [("score", SCORE_CONSTRUCTS), ("scoretest", TEST_CONSTRUCTS)]
)
def test_token_stream_of_every_construct_is_golden(lexer: str, constructs: dict[str, str]) -> None:
    assert_golden(golden_streams(lexer, constructs), GOLDEN / f"{lexer}_tokens.txt")


@pytest.mark.parametrize(
    ("lexer", "constructs"), [("score", SCORE_CONSTRUCTS), ("scoretest", TEST_CONSTRUCTS)]
)
def test_constructs_lex_without_errors_and_round_trip(
    lexer: str, constructs: dict[str, str]
) -> None:
    for code in constructs.values():
        tokens = list(LEXERS[lexer]().get_tokens(code))
        assert not [t for t in tokens if t[0] is Error], code
        assert "".join(text for _, text in tokens) == code + "\n"


BUNDLED = sorted((ROOT / "rulesets").glob("*.score*"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_no_error_token_in_bundled_files(path: Path) -> None:
    lexer = get_lexer_for_filename(path.name)
    errors = [text for kind, text in lexer.get_tokens(path.read_text()) if kind is Error]
    assert errors == []


# ---------------------------------------------------------------- keywords vs grammar


def _keyword_kind(kind: _TokenType) -> bool:
    return kind in Keyword or kind is Operator.Word


@pytest.mark.parametrize(
    ("lexer", "words"),
    [("score", grammar_keywords), ("scoretest", scoretest_keywords)],
)
def test_every_grammar_keyword_is_lexed_as_a_keyword(lexer: str, words: object) -> None:
    assert callable(words)
    for word in words():
        [(kind, text), _] = list(LEXERS[lexer]().get_tokens(word))
        assert text == word and _keyword_kind(kind), (word, kind)


def test_keywords_are_read_from_the_grammar_files() -> None:
    assert grammar_keywords() == keywords_of(grammar_text())
    assert scoretest_keywords() == keywords_of(scoretest_grammar_text())
    # spot checks against the spec: every statement keyword and every word operator
    for word in ("ruleset", "let", "include", "rule", "when", "add", "subtract", "once", "max"):
        assert word in grammar_keywords()
    for word in ("within", "decay", "after", "every", "range", "score", "tier", "otherwise"):
        assert word in grammar_keywords()
    for word in ("rules", "as_of", "test", "lead", "event", "at", "expect", "fired", "between"):
        assert word in scoretest_keywords()


def test_finer_token_kinds_name_only_grammar_words() -> None:
    """A word listed as constant, operator or type that no grammar uses would be stale."""
    every = {*grammar_keywords(), *scoretest_keywords()}
    assert {*CONSTANTS, *WORD_OPERATORS, *TYPES} <= every


def test_comments_in_the_grammar_are_not_keywords() -> None:
    assert keywords_of('// "nope"\nstart: "yes"') == ("yes",)


def test_names_that_contain_keywords_stay_names() -> None:
    code = "when lead.score >= 1 and max-size > 2 and once_more is present add 1"
    names = [t for k, t in ScoreDSLLexer().get_tokens(code) if str(k) == "Token.Name"]
    assert names == ["lead", "score", "max-size", "once_more"]


# ---------------------------------------------------------------- entry point


def test_pygments_finds_the_lexers_through_the_entry_point() -> None:
    assert isinstance(get_lexer_by_name("scoredsl"), ScoreDSLLexer)
    assert isinstance(get_lexer_by_name("scoredsl-test"), ScoreTestLexer)
    assert isinstance(get_lexer_for_filename("b2b.score"), ScoreDSLLexer)
    assert isinstance(get_lexer_for_filename("b2b.scoretest"), ScoreTestLexer)


def test_pygmentize_highlights_a_score_file() -> None:
    rules = ROOT / "rulesets" / "b2b_saas.score"
    command = [sys.executable, "-m", "pygments", "-l", "scoredsl", "-f", "html", str(rules)]
    html = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    assert '<span class="k">tier</span>' in html
    assert '<span class="nf">pricing_page</span>' in html


# ---------------------------------------------------------------- code frames


def test_highlight_frames_colours_rule_lines_only() -> None:
    with pytest.raises(scoredsl.ScoreDSLError) as caught:
        scoredsl.loads("let c_suite = [CTO]\nwhen title in c_suit add 10\n", path="rules.score")
    rules = render_all_text(caught.value.diagnostics, caught.value.sources)
    data = 'leads.jsonl:1:2: error[SD501]: bad\n  |\n1 | {"id": when}\n  | ^'
    text = highlight_frames(rules + "\n\n" + data)
    assert text.plain == rules + "\n\n" + data  # same text, only colour added
    styled = {text.plain[span.start : span.end] for span in text.spans}
    assert {"when", "add", "in"} <= styled
    assert not any("id" in s for s in styled)  # the JSON line is left plain
