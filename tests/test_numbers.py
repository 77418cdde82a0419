"""Numbers every engine reads alike: decimals (issue 11 item 2) and the numeric limits (item 5)."""

from __future__ import annotations

from decimal import Decimal

import scoredsl
from scoredsl.values import as_number, as_text, is_scalar

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
