"""`scoredsl fmt`: rewrite `.score` files in the canonical layout, or check / diff them.

Exit codes (scoredsl/cli_support.py): 0 done (or nothing to change); 1 a file would change
(with --check or --diff) or could not be formatted (syntax error, SD901); 2 a path does not
exist; 4 the formatter failed its own safety check (SD902, a bug). `--format json` prints
one object a file (path, status, and the diagnostics, diff or formatted text) instead. A file that cannot be formatted is never
rewritten, and a rewrite is atomic: a temp file next to it, renamed over it.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from json import dumps
from pathlib import Path
from typing import Any, TextIO

from ..cli_support import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, STDIN
from ..diagnostics import Diagnostic, DiagnosticError, SourceMap, error, render_all_text
from ..io.files import read_text
from ..io.project import walk
from ..source import Source
from .formatter import format_source

EXIT_CHANGED = EXIT_FINDINGS


@dataclass
class _Run:
    """One `fmt` invocation: the mode, the streams, and what happened to each file."""

    check: bool
    diff: bool
    out: TextIO
    err: TextIO
    json: bool = False
    entries: list[dict[str, Any]] = field(default_factory=list)  # --format json: one a file
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    code: int = EXIT_OK

    @property
    def dry_run(self) -> bool:
        return self.check or self.diff

    def fail(
        self, diagnostics: list[Diagnostic], sources: SourceMap, code: int, path: str = ""
    ) -> None:
        if self.json:
            problems = [d.to_dict() for d in diagnostics]
            self.entries.append({"path": path, "status": "error", "diagnostics": problems})
        else:
            self.err.write(render_all_text(diagnostics, sources) + "\n")
        self.failed += 1
        self.code = max(self.code, code)

    def format(self, source: Source, path: Path | None) -> None:
        """Format one text; write it back (a file), print it (stdin), or report it."""
        try:
            formatted = format_source(source)
        except DiagnosticError as exc:
            internal = any(d.code == "SD902" for d in exc.diagnostics)
            code = EXIT_INTERNAL if internal else EXIT_CHANGED
            self.fail(exc.diagnostics, exc.sources, code, source.path)
            return
        if self.json:
            self._entry(source, formatted, path is None)
        elif path is None and not self.dry_run:
            self.out.write(formatted)  # stdin in, stdout out: a pipe or an editor integration
        if formatted == source.text:
            self.unchanged += 1
            return
        if self.json:
            if path is not None and not self.dry_run and not self._write(path, formatted):
                return
        elif self.diff:
            self.out.write(_unified_diff(source.path, source.text, formatted))
        elif self.check:
            self.out.write(f"would reformat: {source.path}\n")
        elif path is not None and not self._write(path, formatted):
            return
        self.changed.append(source.path)

    def _entry(self, source: Source, formatted: str, stdin: bool) -> None:
        same = formatted == source.text
        status = "unchanged" if same else "would reformat" if self.dry_run else "reformatted"
        entry: dict[str, Any] = {"path": source.path, "status": status}
        if self.diff and not same:
            entry["diff"] = _unified_diff(source.path, source.text, formatted)
        if stdin and not self.dry_run:
            entry["formatted"] = formatted
        self.entries.append(entry)

    def _write(self, path: Path, text: str) -> bool:
        try:
            _write_atomic(path, text)
        except OSError as exc:
            message = f"cannot write {path}: {exc.strerror}"
            self.fail([error("SD004", message)], SourceMap(), EXIT_CHANGED, str(path))
            return False
        return True


def run(
    paths: list[str],
    check: bool = False,
    diff: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    json: bool = False,
    stdin_name: str | None = None,
) -> int:
    """Format every path (folders walked as every command walks them); return the exit code."""
    state = _Run(check, diff, stdout or sys.stdout, stderr or sys.stderr, json)
    for path in _expand(paths, state):
        if path == STDIN:
            state.format(Source(stdin_name or "<stdin>", (stdin or sys.stdin).read()), None)
            continue
        source = _read(Path(path), state)
        if source is not None:
            state.format(source, Path(path))
    if json:
        state.out.write(dumps(state.entries, indent=2) + "\n")
    elif paths != [STDIN]:
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
            found = list(walk([path], (".score",)))
            if not found:
                state.err.write(f"warning: no .score files under {text}\n")
            yield from (str(p) for p in found)
        else:
            problem = error("SD004", f"file not found: {text}")
            state.fail([problem], SourceMap(), EXIT_USAGE, text)


def _read(path: Path, state: _Run) -> Source | None:
    try:
        return Source(str(path), read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        reason = (
            "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        )
        problem = error("SD004", f"cannot read {path}: {reason}")
        state.fail([problem], SourceMap(), EXIT_CHANGED, str(path))
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
