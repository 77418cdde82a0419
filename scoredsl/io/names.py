"""The name a data file is shown under, when it is not the path read.

`--leads -` is read from a temp copy of stdin, and `--leads-format csv` from a link whose
name says the format. Users should see what they gave (`<stdin>`, `--stdin-filename`, their
file), not the temp path: in diagnostics, in the rejects file's `file` field and in the
summary. The command line registers the stand-in for as long as it reads it; the reader's
reject sink and the message renderer ask here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SHOWN_AS: dict[str, str] = {}  # the path read -> the name shown


@contextmanager
def shown_as(path: str | Path, name: str) -> Iterator[None]:
    """While the block runs, `path` is shown as `name`."""
    _SHOWN_AS[str(path)] = name
    try:
        yield
    finally:
        _SHOWN_AS.pop(str(path), None)


def shown_name(path: str) -> str:
    """The name `path` is shown under (itself, unless it stands in for another)."""
    return _SHOWN_AS.get(path, path)


def in_text(text: str) -> str:
    """`text` with every stand-in path replaced by the name it is shown under."""
    for path, name in _SHOWN_AS.items():
        text = text.replace(path, name)
    return text
