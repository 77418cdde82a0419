"""Spec section 1: files and lexical rules (comments, separators, names, literals, lists).

Every expected number is computed by hand in the comment beside it; as_of is
2026-11-01T00:00:00Z throughout.
"""

import pytest
from helpers import ago, error_lines, errors, ev, lead, score

# ---------------------------------------------------------------- comments and separators


def test_comment_lines_and_trailing_comments_are_ignored():
    text = "# a whole-line comment\nwhen email.opened add 2  # trailing comment\n# end"
    assert score(text, lead(events=[ev("email.opened")])).score == 2.0  # one open: 2


def test_hash_inside_a_string_is_not_a_comment():
    text = 'when title == "A#B" add 5'
    assert score(text, lead({"title": "a#b"})).score == 5.0  # case-insensitive equal: 5


def test_comment_at_end_of_file_without_newline():
    assert score("when a add 1 # no newline after me", lead(events=[ev("a")])).score == 1.0


def test_semicolon_ends_a_statement_like_a_newline():
    text = "when a add 1; when b add 2;when c add 4"
    leads = lead(events=[ev("a"), ev("b"), ev("c")])
    assert score(text, leads).score == 7.0  # 1 + 2 + 4


def test_newlines_inside_a_list_are_ignored():
    text = "when title in [\n  CEO,\n  CTO,\n  CIO\n] add 10"
    assert score(text, lead({"title": "cio"})).score == 10.0


def test_newlines_inside_parentheses_are_ignored():
    text = 'when (\n  title == "CTO"\n  or title == "CIO"\n) add 10'
    assert score(text, lead({"title": "CIO"})).score == 10.0


@pytest.mark.parametrize(
    "text",
    [
        "score fit {\n  when a add 1\n  when b add 2\n}",
        "score fit { when a add 1; when b add 2 }",
        "score fit {\n  when a add 1; when b add 2\n}",
    ],
    ids=["newlines", "semicolons", "mixed"],
)
def test_statements_inside_braces_split_by_newline_or_semicolon(text):
    result = score(text, lead(events=[ev("a"), ev("b")]))
    assert result.scores == {"fit": 3.0}  # 1 + 2


# ---------------------------------------------------------------- names


def test_dash_inside_event_type_is_part_of_the_name():
    text = "when webinar-2026.attended add 7"
    result = score(text, lead(events=[ev("webinar-2026.attended"), ev("webinar.attended")]))
    assert result.score == 7.0  # only the exact type with the dash matches


def test_dash_inside_attribute_and_let_names():
    text = "let paid-sources = [ads, partner]\nwhen lead-source in paid-sources add 3"
    assert score(text, lead({"lead-source": "Partner"})).score == 3.0


def test_dotted_path_walks_nested_attributes():
    text = "when company.size >= 500 add 8"
    assert score(text, lead({"company": {"size": 800}})).score == 8.0


def test_rule_name_may_contain_dashes():
    text = "rule pricing-page: when page.visited add 15"
    assert score(text, lead(events=[ev("page.visited")])).score == 15.0


# ---------------------------------------------------------------- literals


def test_fractional_points():
    assert score("when a add 2.5", lead(events=[ev("a"), ev("a")])).score == 5.0  # 2 x 2.5


@pytest.mark.parametrize("balance, expected", [(-3, 1.0), (-10, 0.0)])
def test_negative_number_literal_in_a_predicate(balance, expected):
    # -3 > -5 is true; -10 > -5 is false
    assert score("when balance > -5 add 1", lead({"balance": balance})).score == expected


@pytest.mark.parametrize(
    "literal, value",
    [
        (r'"Head \"of\" IT"', 'head "of" it'),
        (r'"caf\u00e9"', "CAFÉ"),
        (r'"a\\b"', "a\\b"),
        (r'"tab\there"', "tab\there"),
    ],
    ids=["quote", "unicode", "backslash", "tab"],
)
def test_strings_use_json_escapes(literal, value):
    assert score(f"when title == {literal} add 1", lead({"title": value})).score == 1.0


def test_utf8_text_in_strings():
    assert score('when city == "Zürich" add 4', lead({"city": "zürich"})).score == 4.0


@pytest.mark.parametrize("value, expected", [(True, 4.0), (False, 0.0)])
def test_boolean_literals(value, expected):
    assert score("when vip == true add 4", lead({"vip": value})).score == expected


@pytest.mark.parametrize(
    "duration, inside, outside",
    [
        ("12h", {"hours": 12}, {"hours": 13}),
        ("30d", {"days": 30}, {"days": 31}),
        ("2w", {"days": 14}, {"days": 15}),  # w = 7 days
    ],
)
def test_duration_units(duration, inside, outside):
    text = f"when a add 1 within {duration}"
    events = [{"type": "a", "at": ago(**inside)}, {"type": "a", "at": ago(**outside)}]
    assert score(text, lead(events=events)).score == 1.0  # only the event at age == D counts


def test_fractional_percentage():
    text = "when a add 8\ndecay 12.5% after 1d"
    assert score(text, lead(events=[ev("a", days=2)])).score == 7.0  # 8 * 0.875


# ---------------------------------------------------------------- lists


@pytest.mark.parametrize(
    "title, expected",
    [("CTO", 10.0), ("head of it", 10.0), ("Head of Sales", 0.0)],
)
def test_list_mixes_bare_words_and_strings(title, expected):
    text = 'when title in [CTO, CIO, "Head of IT", 3] add 10'
    assert score(text, lead({"title": title})).score == expected


def test_number_in_a_list_matches_a_number():
    assert score("when level in [1, 2, 3] add 1", lead({"level": 3})).score == 1.0


def test_bare_dotted_word_in_a_list_is_one_string():
    text = "when domain in [acme.com, example.org] add 5"
    assert score(text, lead({"domain": "ACME.com"})).score == 5.0


def test_bare_word_with_dash_in_a_list_is_one_string():
    text = "when segment in [mid-market, enterprise] add 5"
    assert score(text, lead({"segment": "Mid-Market"})).score == 5.0


# ---------------------------------------------------------------- lexical errors


def test_unexpected_character_is_sd002_with_line_and_column():
    text = 'when a add 1\nwhen title == "x" add 5 @'
    found = [d for d in errors(text) if d.code == "SD002"]
    assert found and found[0].span.line == 2
    assert found[0].span.column == 25  # the `@` is the 25th character of line 2


def test_dollar_sign_is_unexpected_character():
    assert 3 in error_lines("when a add 1\n\nwhen $title == 1 add 2", "SD002")


@pytest.mark.parametrize(
    "bad",
    ['"abc', r'"bad \q escape"', r'"\u12"'],
    ids=["unterminated", "unknown-escape", "short-unicode-escape"],
)
def test_invalid_string_literal_is_sd003(bad):
    assert 2 in error_lines(f"when a add 1\nwhen title == {bad} add 5", "SD003")


def test_unexpected_token_is_sd001_on_its_line():
    assert 2 in error_lines('when a add 1\nwhen title == == "x" add 1', "SD001")


def test_unexpected_end_of_file_is_sd001():
    assert 2 in error_lines("when a add 1\nwhen title ==", "SD001")


def test_duration_without_unit_is_an_error():
    codes = [d.code for d in errors("when a add 1 within 30")]
    assert codes and set(codes) <= {"SD001", "SD305"}
