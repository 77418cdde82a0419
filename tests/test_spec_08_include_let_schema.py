"""Spec section 8: include (relative paths, what joins, cycles, errors), let, and schema.

Include tests write small files under pytest's tmp_path. as_of is 2026-11-01T00:00:00Z.
"""

import pytest
from helpers import errors, ev, find, lead, score

import scoredsl


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "main.score"


def load_errors(path):
    with pytest.raises(scoredsl.ScoreDSLError) as info:
        scoredsl.load(path)
    return info.value.diagnostics


# ---------------------------------------------------------------- include


def test_include_path_is_relative_to_the_including_file(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "common/negative.score"\nwhen a add 10',
            "common/negative.score": 'include "more.score"\nwhen bounced subtract 20',
            "common/more.score": "when unsubscribed subtract 5",
        },
    )
    events = [ev("a"), ev("bounced"), ev("unsubscribed")]
    assert scoredsl.load(main).score(lead(events=events), as_of="2026-11-01").score == -15.0
    # 10 - 20 - 5


def test_included_lets_and_dimensions_join(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "lets.score"\nscore fit { when title in c_suite add 10 }',
            "lets.score": "let c_suite = [CEO, CTO]\nscore engagement { when a add 2 }",
        },
    )
    rs = scoredsl.load(main)
    assert set(rs.dimensions) == {"fit", "engagement"}
    result = rs.score(lead({"title": "ceo"}, [ev("a")]), as_of="2026-11-01")
    assert result.scores == {"fit": 10.0, "engagement": 2.0}
    assert result.score == 12.0


def test_included_decay_lines_apply_to_the_including_file(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "decay.score"\nwhen a add 10',
            "decay.score": "decay 50% after 30d",
        },
    )
    result = scoredsl.load(main).score(lead(events=[ev("a", 40)]), as_of="2026-11-01")
    assert result.score == 5.0  # 10 * 0.5


def test_included_schema_applies_to_the_including_file(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "schema.score"\nwhen titel == "CTO" add 10',
            "schema.score": "schema {\n  attribute title: string\n}",
        },
    )
    diagnostic = find(load_errors(main), "SD301")
    assert diagnostic.span.line == 2


def test_missing_include_is_sd201_at_the_include_line(tmp_path):
    main = write(tmp_path, {"main.score": '# rules\ninclude "nope.score"\nwhen a add 1'})
    diagnostic = find(load_errors(main), "SD201")
    assert diagnostic.span.line == 2
    assert diagnostic.span.path.endswith("main.score")


def test_include_cycle_is_sd202_naming_the_cycle(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "a.score"\nwhen x add 1',
            "a.score": 'include "b.score"\nwhen y add 1',
            "b.score": 'include "a.score"\nwhen z add 1',
        },
    )
    message = find(load_errors(main), "SD202").message
    assert "a.score" in message and "b.score" in message


def test_self_include_is_sd202(tmp_path):
    main = write(tmp_path, {"main.score": 'when x add 1\ninclude "main.score"'})
    assert "main.score" in find(load_errors(main), "SD202").message


def test_header_in_included_file_is_sd203(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'include "part.score"\nwhen a add 1',
            "part.score": 'ruleset "part" version "1"\nwhen b add 1',
        },
    )
    assert find(load_errors(main), "SD203").span.line == 1


def test_tiers_in_included_file_is_sd204(tmp_path):
    main = write(
        tmp_path,
        {
            "main.score": 'when a add 1\ninclude "part.score"',
            "part.score": "when b add 1\ntier hot when score >= 70",
        },
    )
    assert find(load_errors(main), "SD204").span.line == 2


def test_load_of_a_missing_file_is_sd004(tmp_path):
    find(load_errors(tmp_path / "absent.score"), "SD004")


def test_load_reads_the_file(tmp_path):
    main = write(tmp_path, {"main.score": "when a add 3\n"})
    assert scoredsl.load(main).score(lead(events=[ev("a")]), as_of="2026-11-01").score == 3.0


# ---------------------------------------------------------------- let


def test_duplicate_let_is_sd103_on_the_second_definition():
    assert find(errors("let x = 1\nwhen a add 1\nlet x = 2"), "SD103").span.line == 3


def test_unknown_let_is_sd104_with_did_you_mean():
    diagnostic = find(errors("let c_suite = [CTO]\nwhen title in c_suit add 10"), "SD104")
    assert diagnostic.span.line == 2
    assert "did you mean" in (diagnostic.help or "") and "c_suite" in diagnostic.help


def test_unknown_let_without_a_close_name_has_no_suggestion():
    diagnostic = find(errors("let c_suite = [CTO]\nwhen title in zzz_qqq add 10"), "SD104")
    assert "did you mean" not in (diagnostic.help or "")


def test_unknown_let_in_a_where_predicate_is_sd104():
    assert find(errors("when page.visited where url == pricing_url add 1"), "SD104").span.line == 1


def test_let_used_before_definition_is_sd105():
    text = "when a add 1\nwhen title in c_suite add 10\nlet c_suite = [CTO]"
    assert find(errors(text), "SD105").span.line == 2


def test_let_in_a_where_predicate():
    text = 'let pricing = "/pricing"\nwhen page.visited where url contains pricing add 15'
    assert score(text, lead(events=[ev("page.visited", 1, {"url": "/pricing/x"})])).score == 15.0


# ---------------------------------------------------------------- schema

SCHEMA = """\
schema {
  attribute title: string
  attribute company.size: number
  attribute signed_up_at: timestamp
  attribute tags: list
  attribute vip: boolean
  event email.opened
  event page.visited { url: string }
}
"""  # 9 lines: a rule appended after it is on line 10


def test_rules_that_fit_the_schema_load_and_score():
    text = SCHEMA + (
        'when title == "CTO" add 10\nwhen company.size >= 500 add 8\n'
        'when signed_up_at within 30d add 2\nwhen tags contains "vip" add 3\n'
        'when vip == true add 1\nwhen page.visited where url contains "/pricing" add 15\n'
        "when email.opened add 2\nwhen count(page.visited) >= 1 add 1"
    )
    the_lead = lead(
        {
            "title": "cto",
            "company": {"size": 900},
            "signed_up_at": "2026-10-20",
            "tags": ["vip"],
            "vip": True,
        },
        [ev("page.visited", 1, {"url": "/pricing"}), ev("email.opened")],
    )
    assert score(text, the_lead).score == 42.0  # 10 + 8 + 2 + 3 + 1 + 15 + 2 + 1


@pytest.mark.parametrize(
    "rule, code, suggestion",
    [
        ('when titel == "CTO" add 10', "SD301", "title"),
        ("when company.sise >= 5 add 1", "SD301", "company.size"),
        ("when email.openned add 2", "SD302", "email.opened"),
        ("when count(page.visitd) >= 2 add 2", "SD302", "page.visited"),
        ('when page.visited where urll contains "/x" add 1', "SD303", "url"),
    ],
)
def test_unknown_names_with_a_schema_suggest_the_close_one(rule, code, suggestion):
    diagnostic = find(errors(SCHEMA + rule), code)
    assert diagnostic.span.line == 10
    assert "did you mean" in (diagnostic.help or "") and suggestion in diagnostic.help


def test_property_on_an_event_declared_without_properties_is_sd303():
    assert find(errors(SCHEMA + 'when email.opened where subject contains "x" add 1'), "SD303")


@pytest.mark.parametrize(
    "rule",
    [
        'when company.size contains "x" add 1',
        "when title > 3 add 1",
        "when title <= 3 add 1",
        "when title within 30d add 1",
        "when company.size within 30d add 1",
        "when page.visited where url >= 3 add 1",
    ],
)
def test_operator_that_does_not_fit_the_declared_type_is_sd304(rule):
    assert find(errors(SCHEMA + rule), "SD304").span.line == 10


def test_conflicting_schema_declarations_are_sd307():
    text = "schema {\n  attribute title: string\n  attribute title: number\n}\nwhen a add 1"
    assert find(errors(text), "SD307").span.line == 3


def test_without_a_schema_names_are_free():
    text = 'when anything.at-all == "x" add 1\nwhen some.event where any_prop == 1 add 1'
    assert scoredsl.loads(text).dimensions == ()
