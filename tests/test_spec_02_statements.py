"""Spec section 2: statements (header, let, include, rules, decay, range, score, tier),
and the promise that no input raises anything but ScoreDSLError.

as_of is 2026-11-01T00:00:00Z; expected numbers are worked out in comments.
"""

import textwrap

import pytest
from helpers import error_lines, ev, lead, score

import scoredsl

# ---------------------------------------------------------------- header


@pytest.mark.parametrize(
    "header",
    ['ruleset "b2b-saas" version "2.1.0"', 'ruleset "b2b-saas"', "# no header at all"],
    ids=["with-version", "without-version", "absent"],
)
def test_header_is_optional_and_version_is_optional(header):
    assert score(f"{header}\nwhen a add 3", lead(events=[ev("a")])).score == 3.0


def test_comments_and_blank_lines_before_the_header_are_allowed():
    text = '# owned by marketing ops\n\nruleset "x" version "1"\nwhen a add 1'
    assert score(text, lead(events=[ev("a")])).score == 1.0


def test_header_after_another_statement_is_sd205():
    assert 2 in error_lines('when a add 1\nruleset "late" version "1"', "SD205")


def test_repeated_header_is_sd205_on_the_second_one():
    text = 'ruleset "a" version "1"\nwhen a add 1\nruleset "b" version "2"'
    assert 3 in error_lines(text, "SD205")


# ---------------------------------------------------------------- let


def test_let_number_constant():
    text = "let big = 500\nwhen company.size >= big add 8"
    assert score(text, lead({"company": {"size": 500}})).score == 8.0  # 500 >= 500


def test_let_string_constant():
    text = 'let target = "CTO"\nwhen title == target add 3'
    assert score(text, lead({"title": "cto"})).score == 3.0


def test_let_list_constant():
    text = "let c_suite = [CEO, CTO, CIO, CFO]\nwhen title in c_suite add 10"
    assert score(text, lead({"title": "CFO"})).score == 10.0


def test_statements_separated_by_semicolons_on_one_line():
    text = "let n = 2; when size >= n add 1; when a add 2"
    assert score(text, lead({"size": 3}, [ev("a")])).score == 3.0  # 1 + 2


# ---------------------------------------------------------------- the whole statement list


SECTION_2_EXAMPLE = """\
ruleset "b2b-saas" version "2.1.0"     # optional header, at most once, first statement
let c_suite = [CEO, CTO, CIO, CFO]      # a named constant: string, number or list
include "common/negative.score"         # merge another file (section 8)

when email.opened add 2                 # rules (section 3)
rule pricing: when page.visited where url contains "/pricing" add 15 within 30d
decay 50% after 30d                     # decay (section 4)
range 0..100                            # clamp (section 5)
score fit { when title in c_suite add 10 }
tier hot when score >= 70               # tiers (section 6)
tier warm when score >= 15
"""


def test_section_2_example_loads_and_scores(tmp_path):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "negative.score").write_text("when email.bounced subtract 20\n")
    main = tmp_path / "main.score"
    main.write_text(SECTION_2_EXAMPLE)
    events = [
        ev("email.opened", 10),  # +2
        ev("email.opened", 40),  # +2 * 0.5 = +1
        ev("page.visited", 5, {"url": "/pricing"}),  # +15
        ev("page.visited", 31, {"url": "/pricing"}),  # outside within 30d: 0
        ev("email.bounced", 45),  # -20 * 0.5 = -10
    ]
    result = scoredsl.load(main).score(lead({"title": "cfo"}, events), as_of="2026-11-01")
    assert result.scores == {"fit": 10.0}
    assert result.score == 18.0  # unnamed 2 + 1 + 15 - 10 = 8; fit 10; total 18
    assert result.tier == "warm"  # 18 < 70, 18 >= 15


def test_dimensions_are_listed_in_declaration_order():
    rs = scoredsl.loads("score zeta { when a add 1 }\nwhen b add 1\nscore alpha { when c add 1 }")
    assert rs.dimensions == ("zeta", "alpha")


def test_file_of_only_comments_loads_and_scores_zero():
    result = score("# nothing yet\n\n# still nothing\n")
    assert (result.score, result.scores, result.tier) == (0.0, {}, None)


# ---------------------------------------------------------------- robustness

VALID_FILE = textwrap.dedent(
    """\
    ruleset "demo" version "1.0"
    let c_suite = [CEO, CTO, "Head of IT"]
    schema {
      attribute title: string
      attribute company.size: number
      event page.visited { url: string }
      event email.opened
    }
    rule pricing: when page.visited where url contains "/pricing" add 15 within 30d
    when count(page.visited where url starts with "/docs") >= 3 add 5 # docs readers
    score fit {
      when title in c_suite add 10 max 10
      when company.size >= 500 add 8; range 0..50
    }
    when email.opened subtract 1.5 once
    decay 50% after 30d
    tier "hot lead" when score >= 20 and (fit > 5 or not total < 10)
    tier cold otherwise
    """
)

SAMPLE_LEAD = lead(
    {"title": "cto", "company": {"size": 900}},
    [ev("page.visited", 3, {"url": "/pricing"}), ev("email.opened", 2), ev("page.visited", -1)],
)


def test_the_valid_file_itself_scores():
    result = score(VALID_FILE, SAMPLE_LEAD)
    # pricing 15 (age 3d); docs count 0 -> 0; fit 10 + 8 = 18; email once -1.5
    # (the future visit is ignored) total = 15 + 18 - 1.5 = 31.5
    assert (result.score, result.scores, result.tier) == (31.5, {"fit": 18.0}, "hot lead")


def test_every_prefix_of_a_valid_file_loads_or_raises_scoredsl_error():
    for end in range(len(VALID_FILE) + 1):
        text = VALID_FILE[:end]
        try:
            rs = scoredsl.loads(text)
        except scoredsl.ScoreDSLError as exc:
            assert exc.diagnostics, f"no diagnostics for prefix {end}"
            continue
        rs.score(SAMPLE_LEAD, as_of="2026-11-01")  # a loaded prefix must also score


BROKEN_TEXTS = [
    "when",
    "when title",
    "when title ==",
    'when title == "CTO" add',
    "add 5",
    "when email.opened add x",
    "when email.opened add 5 max",
    "when email.opened add 5 within",
    "when email.opened add 5 within 5x",
    "when email.opened add 5 within 99999999999999999999d",
    "score { when a add 1 }",
    "score fit {",
    "score fit { when a add 1",
    "}",
    "tier hot when",
    "tier hot when score >=",
    "range 0..",
    "range ..5",
    "decay 50%",
    "decay 50 after 30d",
    "decay 50% after 99999999999999999999w",
    "let x = [",
    "let x = [a,",
    'include ""',
    'when title == "\\u12" add 1',
    "when count( add 1",
    "when count(page.visited >= 3 add 1",
    'when title matches "[" add 1',
    'when (title == "a" add 1',
    "when not add 1",
    "rule : when a add 1",
    "schema { attribute x: color }",
    "schema { attribute }",
    "\x00when a add 1",
    "\ufeffwhen a add 1",
    "when .* add 1",
    "when a. add 1",
    "when a add 1e400",
    "when a add " + "9" * 400,
    "when title in [ add 1",
    "tier a when b > 1 otherwise",
    "when a add 1 within 30d within 30d within",
    "when a add 1\ndecay 50% every 0d",
    "when a add 1\ndecay 50% every 0h",
]


@pytest.mark.parametrize("text", BROKEN_TEXTS)
def test_broken_text_raises_only_scoredsl_error(text):
    try:
        scoredsl.loads(text)
    except scoredsl.ScoreDSLError as exc:
        assert exc.diagnostics
        assert all(d.code.startswith("SD") for d in exc.diagnostics)


@pytest.mark.parametrize("text", BROKEN_TEXTS)
def test_broken_text_that_loads_also_scores(text):
    try:
        rs = scoredsl.loads(text)
    except scoredsl.ScoreDSLError:
        return
    old_and_new = lead({"title": "a"}, [ev("a", 31), ev("a", 200_000), ev("email.opened", 2)])
    result = rs.score(old_and_new, as_of="2026-11-01")  # must not raise
    assert set(result.record()) == {"lead_id", "score", "scores", "tier"}
