"""Includes (spec 8, issue 11 item 14): absolute and `../` paths work, and an included file
that is no ruleset is named at the include without quoting a line of it."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoredsl
from scoredsl.diagnostics import render_all_text

SECRET = "root:x:0:0:hunter2-secret:/root:/bin/bash\n"


def _errors(path: Path) -> str:
    with pytest.raises(scoredsl.ScoreDSLError) as caught:
        scoredsl.load(path)
    return render_all_text(caught.value.diagnostics, caught.value.sources)


def test_absolute_and_parent_includes_are_followed(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "shared" / "a.score").write_text("when a == 1 add 1\n", encoding="utf-8")
    (tmp_path / "shared" / "b.score").write_text("when b == 1 add 2\n", encoding="utf-8")
    main = tmp_path / "rules" / "main.score"
    absolute = tmp_path / "shared" / "b.score"
    main.write_text(f'include "../shared/a.score"\ninclude "{absolute}"\n', encoding="utf-8")
    ruleset = scoredsl.load(main)
    assert ruleset.score({"id": "L", "attributes": {"a": 1, "b": 1}}, "2026-11-01").score == 3


def test_an_included_non_ruleset_is_not_quoted(tmp_path: Path) -> None:
    (tmp_path / "passwd").write_text(SECRET, encoding="utf-8")
    main = tmp_path / "main.score"
    main.write_text('include "passwd"\nwhen a == 1 add 1\n', encoding="utf-8")
    shown = _errors(main)
    assert "error[SD207]: included file" in shown and "is not a ruleset" in shown
    assert "hunter2" not in shown and "root:x" not in shown
    assert 'include "passwd"' in shown  # the frame points at the include itself


def test_a_ruleset_with_a_later_syntax_error_is_still_quoted(tmp_path: Path) -> None:
    (tmp_path / "bad.score").write_text(
        "# shared rules\nwhen a == 1 add 1\nwhen b == add 2\n", encoding="utf-8"
    )
    main = tmp_path / "main.score"
    main.write_text('include "bad.score"\n', encoding="utf-8")
    shown = _errors(main)
    assert "bad.score:3:" in shown and "when b == add 2" in shown
