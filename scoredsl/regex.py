"""Regular expressions under RE2: linear time, so a hostile pattern cannot hang scoring."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2


class RegexError(ValueError):
    pass


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # errors become diagnostics, not noise on stderr
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
        raise RegexError(str(detail)) from None
