"""Spec section 7: every predicate form, missing values, numbers in strings, booleans, regex.

`fires(predicate, attributes)` scores `when PREDICATE add 1` for a lead with those
attributes: true means the profile rule added its 1 point. as_of is 2026-11-01T00:00:00Z.
"""

import pytest
from helpers import ago, error_lines

import scoredsl


def fires(predicate, attributes, prelude=""):
    rs = scoredsl.loads(f"{prelude}\nwhen {predicate} add 1")
    points = rs.score({"id": "L-1", "attributes": attributes}, as_of="2026-11-01").score
    assert points in (0.0, 1.0)
    return points == 1.0


CASES = [
    # equality, case-insensitive for strings
    ('title == "CTO"', {"title": "cto"}, True),
    ('title == "CTO"', {"title": "CEO"}, False),
    ('title != "CTO"', {"title": "Cto"}, False),
    ('title != "CTO"', {"title": "CEO"}, True),
    # numeric comparisons
    ("size > 500", {"size": 800}, True),
    ("size > 500", {"size": 500}, False),
    ("size >= 500", {"size": 500}, True),
    ("size < 500", {"size": 500}, False),
    ("size < 500", {"size": 499.5}, True),
    ("size <= 500", {"size": 500}, True),
    ("size <= 500", {"size": 501}, False),
    # membership
    ("title in [CTO, CIO]", {"title": "cio"}, True),
    ("title in [CTO, CIO]", {"title": "CFO"}, False),
    ("title not in [CTO, CIO]", {"title": "CFO"}, True),
    ("title not in [CTO, CIO]", {"title": "cto"}, False),
    # substring, prefix, suffix: case-insensitive
    ('title contains "chief"', {"title": "Chief Technology Officer"}, True),
    ('title contains "chief"', {"title": "Head of IT"}, False),
    ('email starts with "ceo@"', {"email": "CEO@acme.com"}, True),
    ('email starts with "ceo@"', {"email": "x.ceo@acme.com"}, False),
    ('email ends with "@acme.com"', {"email": "x@ACME.com"}, True),
    ('email ends with "@acme.com"', {"email": "x@acme.com.au"}, False),
    # regular expressions: searched anywhere, case-sensitive unless (?i)
    ('email matches "^ceo@"', {"email": "ceo@acme.com"}, True),
    ('email matches "^ceo@"', {"email": "CEO@acme.com"}, False),
    ('email matches "(?i)^ceo@"', {"email": "CEO@acme.com"}, True),
    ('email matches "acme"', {"email": "x@acme.com"}, True),
    ('email matches "[0-9]{3}"', {"email": "x12y@acme.com"}, False),
    # presence
    ("title is missing", {}, True),
    ("title is missing", {"title": None}, True),
    ("title is missing", {"title": "CTO"}, False),
    ("title is present", {"title": "CTO"}, True),
    ("title is present", {"title": None}, False),
    # timestamps: no older than D and not in the future
    ("signed_up_at within 30d", {"signed_up_at": ago(10)}, True),
    ("signed_up_at within 30d", {"signed_up_at": ago(30)}, True),
    ("signed_up_at within 30d", {"signed_up_at": ago(30, seconds=1)}, False),
    ("signed_up_at within 30d", {"signed_up_at": ago(-1)}, False),
    ("signed_up_at within 30d", {"signed_up_at": "2026-10-15"}, True),
    ("signed_up_at within 30d", {"signed_up_at": "not a date"}, False),
    # logic
    ('not title == "CTO"', {"title": "CEO"}, True),
    ('title == "CTO" and size > 100', {"title": "CTO", "size": 50}, False),
    ('title == "CTO" or size > 100', {"title": "CEO", "size": 500}, True),
]


@pytest.mark.parametrize("predicate, attributes, expected", CASES)
def test_predicate_forms(predicate, attributes, expected):
    assert fires(predicate, attributes) is expected


MISSING = [
    ('title == "CTO"', False),
    ('title != "CTO"', False),
    ("size > 1", False),
    ("size < 1", False),
    ("size >= 1", False),
    ("size <= 1", False),
    ("size == 0", False),
    ("title in [CTO, CIO]", False),
    ("title not in [CTO, CIO]", False),
    ('title contains "x"', False),
    ('title starts with "x"', False),
    ('title ends with "x"', False),
    ('title matches ".*"', False),
    ("title within 30d", False),
    ("title is present", False),
    ("title is missing", True),
    ('not (title == "CTO")', True),
    ('not title != "CTO"', True),
    ("not (title in [CTO])", True),
    ("not title is missing", False),
    ("not title is present", True),
]


@pytest.mark.parametrize("predicate, expected", MISSING)
@pytest.mark.parametrize("attributes", [{}, {"title": None, "size": None}], ids=["absent", "null"])
def test_missing_value_is_false_under_every_operator_but_is_missing(
    predicate, expected, attributes
):
    assert fires(predicate, attributes) is expected


def test_not_binds_tighter_than_and():
    # (not CTO) and size > 100: true and false = false; `not (CTO and big)` would be true
    assert fires('not title == "CTO" and size > 100', {"title": "CEO", "size": 50}) is False


def test_and_binds_tighter_than_or():
    # CTO or (CEO and big): true; `(CTO or CEO) and big` would be false
    text = 'title == "CTO" or title == "CEO" and size > 1000'
    assert fires(text, {"title": "CTO", "size": 10}) is True


def test_parentheses_override_precedence():
    text = '(title == "CTO" or title == "CEO") and size > 1000'
    assert fires(text, {"title": "CTO", "size": 10}) is False


# ---------------------------------------------------------------- numbers, strings, booleans


@pytest.mark.parametrize(
    "predicate, value, expected",
    [
        ("size >= 500", "800", True),  # a string holding a number compares the number
        ("size < 500", "80", True),
        ("size >= 500", "abc", False),  # not a number: false
        ("size < 500", "abc", False),
        ("size != 500", "abc", False),  # == / != with a number literal is numeric too
        ("size == 500", "abc", False),
        ("size == 800", "800.0", True),  # numeric equality
        ("size == 800", 800.0, True),
        ("size != 800", "800.0", False),
        ('size == "800"', 800, True),  # string literal: compared as strings, "800"
        ('size == "800.0"', "800", False),  # as strings: differ
        ('zip starts with "94"', 94105, True),  # string operators use the number's text
        ('zip ends with "05"', 94105, True),
        ('zip contains "41"', 94105, True),
    ],
)
def test_numbers_and_numeric_strings(predicate, value, expected):
    attribute = predicate.split()[0]
    assert fires(predicate, {attribute: value}) is expected


@pytest.mark.parametrize(
    "predicate, value, expected",
    [
        ("vip == true", True, True),
        ("vip == true", False, False),
        ("vip == true", "TRUE", True),
        ("vip == true", "True", True),
        ("vip == true", "false", False),
        ("vip == true", "yes", False),
        ("vip == false", False, True),
        ("vip == false", "False", True),
        ("vip != true", False, True),
        ("vip != true", "true", False),
    ],
)
def test_booleans_and_boolean_strings(predicate, value, expected):
    assert fires(predicate, {"vip": value}) is expected


@pytest.mark.parametrize(
    "tags, expected",
    [(["vip", "beta"], True), (["VIP"], True), (["vipx", "beta"], False), ([], False)],
)
def test_contains_on_a_list_value_is_membership(tags, expected):
    assert fires('tags contains "vip"', {"tags": tags}) is expected


def test_in_with_a_let_list():
    assert fires("title in c_suite", {"title": "ceo"}, prelude="let c_suite = [CEO, CTO]")


def test_not_in_with_a_let_list():
    assert fires("title not in c_suite", {"title": "cmo"}, prelude="let c_suite = [CEO, CTO]")


def test_comparison_with_a_let_number():
    assert fires("size >= big", {"size": 500}, prelude="let big = 500")


def test_contains_with_a_let_string():
    assert fires("url contains p", {"url": "/Pricing/x"}, prelude='let p = "/pricing"')


# ---------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "attributes",
    [{"company": {"size": 800}}, {"company.size": 800}],
    ids=["nested", "flat-dotted-key"],
)
def test_dotted_path_finds_nested_and_flat_keys(attributes):
    assert fires("company.size >= 500", attributes) is True


def test_deep_nested_path():
    assert fires('company.hq.country == "us"', {"company": {"hq": {"country": "US"}}})


def test_path_through_a_non_object_is_missing():
    assert fires("company.size is missing", {"company": "Acme"}) is True


# ---------------------------------------------------------------- regex safety


@pytest.mark.parametrize("tail, expected", [("b", False), ("", True)])
def test_hostile_regex_on_a_long_value_completes(tail, expected):
    value = "a" * 50_000 + tail
    assert fires('title matches "(a+)+$"', {"title": value}) is expected


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "predicate",
    ['title < "abc"', 'title >= "abc"', 'title in "x"', "title within 5", 'title within "30d"'],
)
def test_operator_that_does_not_fit_the_value_is_sd305(predicate):
    assert 2 in error_lines(f"when a add 1\nwhen {predicate} add 1", "SD305")


@pytest.mark.parametrize("regex", ["(abc", "[a-", r"(a)\\1", "(?=a)b"])
def test_invalid_regular_expression_is_sd306(regex):
    # `(a)\1` (backreference) and `(?=a)` (lookahead) are not RE2 syntax
    assert 2 in error_lines(f'when a add 1\nwhen title matches "{regex}" add 1', "SD306")


def test_invalid_regular_expression_in_where_is_sd306():
    assert 1 in error_lines('when page.visited where url matches "(" add 1', "SD306")
