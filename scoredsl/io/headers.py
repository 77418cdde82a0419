"""A table's header: every column named once and the required ones present (SD509), with
a hint at the column a CRM export most likely meant."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..diagnostics import did_you_mean
from .columns import ROW_NUMBER
from .problems import BAD_SHAPE, MISSING_COLUMN, RecordProblem
from .records import RawRecord, Required, fatal


def check_columns(path: str, raw: RawRecord | None, names: list[str], required: Required) -> None:
    """A table's columns: named, each once, and the required ones present (else SD509)."""
    for index, name in enumerate(names):
        if not name or name in names[:index]:
            problem = "has no name" if not name else f"`{name}` appears twice"
            help = "give every column a distinct name (a trailing comma adds an unnamed column)"
            raise fatal(
                raw, RecordProblem(BAD_SHAPE, f"column {index + 1} {problem}", help, loc=(index,))
            )
    for name, option in required.items():
        if name not in names:
            found = ", ".join(names) if names else "none (the file is empty)"
            help = f"the table needs the columns {', '.join(required)}; found: {found}"
            hints = [_column_hint(name, names), _option_hint(name, option, names)]
            help = "; ".join([help, *(hint for hint in hints if hint)])
            raise fatal(
                raw, RecordProblem(MISSING_COLUMN, f"`{path}` has no `{name}` column", help)
            )


def _column_hint(missing: str, names: Sequence[str]) -> str | None:
    by_lower = {name.strip().lower(): name for name in names}
    if missing in by_lower:
        return f"rename `{by_lower[missing]}` to `{missing}` (names are case-sensitive)"
    swap = {"id": "lead_id", "lead_id": "id"}.get(missing)
    if swap in names:
        return f"rename `{swap}` to `{missing}`"
    return did_you_mean(missing, names)


# Words that give away which column of an export is which (`Prospect ID`, `Event Type`).
_COLUMN_WORDS = {
    "--id-column": r"\bid\b",
    "--events-lead-column": r"\bid\b",
    "--events-type-column": r"\btype\b",
    "--events-at-column": r"\b(time|timestamp|date|at)\b",
}


def _option_hint(missing: str, option: str, names: Sequence[str]) -> str | None:
    """How to name the column on the command line, with a likely one from the header."""
    pattern = _COLUMN_WORDS.get(option)
    if pattern is None:
        return None
    guess = next(
        (n for n in names if n != missing and re.search(pattern, n, re.IGNORECASE)),
        None,
    )
    hint = f'or name the column: {option} "{guess}"' if guess else f"or name it: {option} COLUMN"
    if option == "--id-column":
        hint += f" (no id at all: {option} {ROW_NUMBER} numbers the rows)"
    return hint
