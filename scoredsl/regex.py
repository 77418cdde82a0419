"""Regular expressions under RE2: linear time, so a hostile pattern cannot hang scoring."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

# RE2's memory budget for one compiled pattern (its default, stated so the docs can say it):
# a pattern whose program does not fit is refused when the ruleset is checked.
REGEX_MAX_MEM = 8 * 1024 * 1024


class RegexError(ValueError):
    pass


class RegexTooLarge(RegexError):
    """The pattern compiles to more than REGEX_MAX_MEM."""


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # errors become diagnostics, not noise on stderr
    options.max_mem = REGEX_MAX_MEM
    # Only "does it match" is asked; without capture groups matching runs in the budget
    # (with them, `(a*)*` repeated 5,000 times took over 1 GB per search).
    options.never_capture = True
    return options


@lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> Any:
    """Compile a spec-7 `matches` pattern (RE2 syntax, case-sensitive unless `(?i)`)."""
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        detail = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        if "pattern too large" in str(detail):
            raise RegexTooLarge(str(detail)) from None
        raise RegexError(str(detail)) from None
