"""Numbers every engine reads alike: decimals (issue 11 item 2) and the numeric limits (item 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import scoredsl
from scoredsl.values import as_number, as_text, is_scalar, round_half_away

AS_OF = "2026-11-01"


def test_a_decimal_is_the_number_nearest_to_it() -> None:
    assert as_number(Decimal("200.50")) == 200.5
    assert as_text(Decimal("200.50")) == "200.5"
    assert as_text(Decimal("123.00")) == "123"
    assert as_number(Decimal("NaN")) is None
    assert is_scalar(Decimal("1"))


def test_ruleset_score_reads_decimal_attributes() -> None:
    rules = scoredsl.loads(
        "when size >= 100 add 5\nwhen size in [200.5] add 1\nwhen size not in [1] add 10\n"
    )
    assert rules.score({"id": "A", "attributes": {"size": Decimal("200.50")}}, AS_OF).score == 16
    assert rules.score({"id": "B", "attributes": {"size": Decimal("1")}}, AS_OF).score == 0


@pytest.mark.parametrize(
    "text",
    [
        "when a == 1 add 1000000000000001\n",
        "when a == 1 subtract 100000000000000000000000000\n",
        "when page.visited add 1 max 2000000000000000\n",
        "score fit {\n  range 0..10000000000000000\n  when a == 1 add 1\n}\n",
        "score fit {\n  range -1000000000000001..0\n  when a == 1 add 1\n}\n",
    ],
)
def test_points_caps_and_ranges_beyond_the_limit_are_check_errors(text: str) -> None:
    with pytest.raises(scoredsl.ScoreDSLError) as caught:
        scoredsl.loads(text)
    codes = [d.code for d in caught.value.diagnostics]
    assert codes == ["SD411"]
    assert "beyond the score limit of 1e15" in caught.value.diagnostics[0].message


def test_the_limit_itself_is_allowed_and_sums_past_it_stay_finite() -> None:
    """30 events of 1e15 points: 3e16, far from float overflow, rounded without error."""
    rules = scoredsl.loads(
        "when page.visited add 1000000000000000 max 1000000000000000\n"
        "when page.visited add 1000000000000000\n"
    )
    events = [{"type": "page.visited", "at": "2026-10-01"}] * 30
    result = rules.score({"id": "A", "events": events}, AS_OF)
    assert result.score == 3.1e16


def test_rounding_never_overflows_decimal_precision() -> None:
    assert round_half_away(1e26) == 1e26
    assert round_half_away(-1e300) == -1e300
    assert round_half_away(2.675) == 2.68
    assert round_half_away(999999999999999.9) == 999999999999999.9


@pytest.mark.parametrize(
    ("text", "number"),
    [("123", 123.0), (" 1_000 ", 1000.0), ("1e3", 1000.0), ("\u0661\u0662\u0663", None),
     ("\uff11\uff12\uff13", None), ("NaN", None), ("-inf", None), ("1e400", None)],
)  # fmt: skip
def test_a_number_in_text_is_what_json_or_float_text_gives(text: str, number: float | None) -> None:
    """Spec 7 / issue 11 item 3: ASCII digits only, finite only, as the SQL engines read it."""
    assert as_number(text) == number
