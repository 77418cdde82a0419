"""`scoredsl fmt`: rewrite `.score` files in the canonical layout, or check / diff them.

Exit codes: 0 done (or nothing to change); 1 a file would change (with --check or --diff)
or could not be formatted (syntax error, SD901); 2 a path does not exist; 4 the formatter
failed its own safety check (SD902, a bug). A file that cannot be formatted is never
rewritten, and a rewrite is atomic: a temp file next to it, renamed over it.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..diagnostics import Diagnostic, DiagnosticError, SourceMap, error, render_all_text
from ..io.files import read_text
from ..source import Source
from .formatter import format_source

STDIN = "-"
EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 4


@dataclass
class _Run:
    """One `fmt` invocation: the mode, the streams, and what happened to each file."""

    check: bool
    diff: bool
    out: TextIO
    err: TextIO
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    code: int = EXIT_OK

    @property
    def dry_run(self) -> bool:
        return self.check or self.diff

    def fail(self, diagnostics: list[Diagnostic], sources: SourceMap, code: int) -> None:
        self.err.write(render_all_text(diagnostics, sources) + "\n")
        self.failed += 1
        self.code = max(self.code, code)

    def format(self, source: Source, path: Path | None) -> None:
        """Format one text; write it back (a file), print it (stdin), or report it."""
        try:
            formatted = format_source(source)
        except DiagnosticError as exc:
            internal = any(d.code == "SD902" for d in exc.diagnostics)
            self.fail(exc.diagnostics, exc.sources, EXIT_INTERNAL if internal else EXIT_CHANGED)
            return
        if path is None and not self.dry_run:
            self.out.write(formatted)  # stdin in, stdout out: a pipe or an editor integration
        if formatted == source.text:
            self.unchanged += 1
            return
        if self.diff:
            self.out.write(_unified_diff(source.path, source.text, formatted))
        elif self.check:
            self.out.write(f"would reformat: {source.path}\n")
        elif path is not None and not self._write(path, formatted):
            return
        self.changed.append(source.path)

    def _write(self, path: Path, text: str) -> bool:
        try:
            _write_atomic(path, text)
        except OSError as exc:
            message = f"cannot write {path}: {exc.strerror}"
            self.fail([error("SD004", message)], SourceMap(), EXIT_CHANGED)
            return False
        return True


def run(
    paths: list[str],
    check: bool = False,
    diff: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Format every path (directories: recursively `*.score`); return the exit code."""
    state = _Run(check, diff, stdout or sys.stdout, stderr or sys.stderr)
    for path in _expand(paths, state):
        if path == STDIN:
            state.format(Source("<stdin>", (stdin or sys.stdin).read()), None)
            continue
        source = _read(Path(path), state)
        if source is not None:
            state.format(source, Path(path))
    if paths != [STDIN]:
        state.err.write(_summary(state) + "\n")
    if state.changed and state.dry_run:
        state.code = max(state.code, EXIT_CHANGED)
    return state.code


def _expand(paths: list[str], state: _Run) -> Iterator[str]:
    """Files to format, each once (a file named twice, or inside a named folder, too)."""
    seen: set[Path] = set()
    for text in _candidates(paths, state):
        key = Path(text).resolve()
        if text == STDIN or key not in seen:
            seen.add(key)
            yield text


def _candidates(paths: list[str], state: _Run) -> Iterator[str]:
    for text in paths:
        path = Path(text)
        if text == STDIN or (path.exists() and not path.is_dir()):  # a FIFO: _read says why not
            yield text
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*.score") if not _hidden(p.relative_to(path)))
            if not found:
                state.err.write(f"warning: no .score files under {text}\n")
            yield from (str(p) for p in found)
        else:
            state.fail([error("SD004", f"file not found: {text}")], SourceMap(), EXIT_USAGE)


def _hidden(relative: Path) -> bool:
    """Skip .git, .venv and the like inside a directory given on the command line."""
    return any(part.startswith(".") for part in relative.parts)


def _read(path: Path, state: _Run) -> Source | None:
    try:
        return Source(str(path), read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        reason = (
            "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        )
        state.fail([error("SD004", f"cannot read {path}: {reason}")], SourceMap(), EXIT_CHANGED)
        return None


def _unified_diff(name: str, before: str, after: str) -> str:
    old = [line if line.endswith("\n") else line + "\n" for line in before.splitlines(True)]
    new = after.splitlines(True)
    return "".join(difflib.unified_diff(old, new, f"{name} (original)", f"{name} (formatted)"))


def _write_atomic(path: Path, text: str) -> None:
    """A reader never sees half a file: write a temp file beside it, then rename.

    Through a symlink the target is rewritten, so the link stays a link.
    """
    path = path.resolve()
    mode = path.stat().st_mode
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _summary(state: _Run) -> str:
    """`2 files reformatted, 3 files left unchanged` (ruff's wording)."""
    changed, unchanged = _files(len(state.changed)), _files(state.unchanged)
    if state.dry_run:
        parts = [f"{changed} would be reformatted", f"{unchanged} already formatted"]
    else:
        parts = [f"{changed} reformatted", f"{unchanged} left unchanged"]
    parts = [p for p in parts if not p.startswith("0 ")] or ([] if state.failed else parts[1:])
    if state.failed:
        parts.append(f"{_files(state.failed)} could not be formatted")
    return ", ".join(parts)


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"
