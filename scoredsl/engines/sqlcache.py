"""Compiled SQL cached by what it is compiled from, so a repeated run skips the compiler.

Lowering a ruleset to DuckDB SQL (sqlglot trees, Unicode case-folding tables) takes a
large part of a short run's start-up. The text is cached per key: the ruleset (its whole
AST), the input columns and types, `as_of`, and the versions and source files of the code
that compiles it, so an edited compiler or a new sqlglot never reads a stale entry.

Where: in this process, and in the user's cache folder ($SCOREDSL_CACHE_DIR, else
$XDG_CACHE_HOME/scoredsl/sql, else ~/.cache/scoredsl/sql) — never beside the user's files.
The folder is created private (0700) and used only when it is ours and not writable by
others; an entry is written atomically and read back only when it names its own key. Any
problem with the folder just means no disk cache. SCOREDSL_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

_MEMORY: dict[str, str] = {}
_HEADER = "-- scoredsl sql cache "
_PACKAGE = Path(__file__).resolve().parent.parent


def cached_sql(parts: Iterable[str], build: Callable[[], str]) -> str:
    """The SQL `build` makes, from the cache when the same `parts` were compiled before."""
    key = hashlib.sha256("\0".join([_code_version(), *parts]).encode()).hexdigest()
    found = _MEMORY.get(key)
    if found is not None:
        return found
    folder = cache_folder()
    path = folder / f"{key}.sql" if folder is not None else None
    found = _read(path, key) if path is not None else None
    if found is None:
        found = build()
        if path is not None:
            _write(path, key, found)
    _MEMORY[key] = found
    return found


def program_key(program: object) -> str:
    """A ruleset's AST as text (a dataclass repr, object addresses removed)."""
    return re.sub(r" object at 0x[0-9a-fA-F]+", "", repr(program))


@cache
def _code_version() -> str:
    """The compiler's identity: library versions and the compiling modules' stat."""
    from importlib.metadata import version

    stamps = [sys.version, version("duckdb"), version("sqlglot")]
    for folder in ("sql", "engines"):
        for source in sorted((_PACKAGE / folder).glob("*.py")):
            found = source.stat()
            stamps.append(f"{source.name}:{found.st_size}:{found.st_mtime_ns}")
    return "\n".join(stamps)


def cache_folder() -> Path | None:
    """The private cache folder, created when needed; None when off or not safe to use."""
    if os.environ.get("SCOREDSL_NO_CACHE"):
        return None
    chosen = os.environ.get("SCOREDSL_CACHE_DIR")
    if chosen:
        folder = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "scoredsl" / "sql"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.stat()
    except (OSError, RuntimeError):
        return None
    ours = not hasattr(os, "getuid") or found.st_uid == os.getuid()
    if not stat.S_ISDIR(found.st_mode) or not ours or found.st_mode & 0o022:
        return None
    return folder


def _read(path: Path, key: str) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, sql = text.partition("\n")
    return sql if header == _HEADER + key else None


def _write(path: Path, key: str, sql: str) -> None:
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".sql")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"{_HEADER}{key}\n{sql}")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
