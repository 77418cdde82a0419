"""`scoredsl fmt`: rewrite `.score` files in the canonical layout, or check / diff them.

Exit codes: 0 done (or nothing to change); 1 a file would change (with --check or --diff)
or could not be formatted (syntax error, SD701); 2 a path does not exist; 4 the formatter
failed its own safety check (SD702, a bug). A file that cannot be formatted is never
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

from .diagnostics import Diagnostic, DiagnosticError, SourceMap, error, render_all_text
from .formatter import format_source
from .source import Source

STDIN = "-"
EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 4


@dataclass
class _Tally:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    code: int = EXIT_OK

    def fail(self, code: int) -> None:
        self.failed += 1
        self.code = max(self.code, code)


def run(
    paths: list[str],
    check: bool = False,
    diff: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Format every path (directories: recursively `*.score`); return the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    tally = _Tally()
    for path in _expand(paths, tally, err):
        if path == STDIN:
            text = (stdin or sys.stdin).read()
            _format_one(Source("<stdin>", text), None, check, diff, tally, out, err)
            continue
        source = _read(Path(path), tally, err)
        if source is not None:
            _format_one(source, Path(path), check, diff, tally, out, err)
    if paths != [STDIN]:
        err.write(_summary(tally, check or diff) + "\n")
    if tally.changed and (check or diff):
        tally.code = max(tally.code, EXIT_CHANGED)
    return tally.code


def _expand(paths: list[str], tally: _Tally, err: TextIO) -> Iterator[str]:
    """Files to format, each once (a file named twice, or inside a named folder, too)."""
    seen: set[Path] = set()
    for text in _candidates(paths, tally, err):
        key = Path(text).resolve()
        if text == STDIN or key not in seen:
            seen.add(key)
            yield text


def _candidates(paths: list[str], tally: _Tally, err: TextIO) -> Iterator[str]:
    for text in paths:
        path = Path(text)
        if text == STDIN or path.is_file():
            yield text
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*.score") if not _hidden(p.relative_to(path)))
            if not found:
                err.write(f"warning: no .score files under {text}\n")
            yield from (str(p) for p in found)
        else:
            _show([error("SD004", f"file not found: {text}")], SourceMap(), err)
            tally.fail(EXIT_USAGE)


def _hidden(relative: Path) -> bool:
    """Skip .git, .venv and the like inside a directory given on the command line."""
    return any(part.startswith(".") for part in relative.parts)


def _read(path: Path, tally: _Tally, err: TextIO) -> Source | None:
    try:
        return Source(str(path), path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        _show([error("SD004", f"cannot read {path}: {reason}")], SourceMap(), err)
        tally.fail(EXIT_CHANGED)
        return None


def _format_one(
    source: Source,
    path: Path | None,
    check: bool,
    diff: bool,
    tally: _Tally,
    out: TextIO,
    err: TextIO,
) -> None:
    try:
        formatted = format_source(source)
    except DiagnosticError as exc:
        _show(exc.diagnostics, exc.sources, err)
        internal = any(d.code == "SD702" for d in exc.diagnostics)
        tally.fail(EXIT_INTERNAL if internal else EXIT_CHANGED)
        return
    if path is None and not (check or diff):
        out.write(formatted)  # stdin in, stdout out: a pipe or an editor integration
    if formatted == source.text:
        tally.unchanged += 1
        return
    tally.changed.append(source.path)
    if diff:
        out.write(_unified_diff(source.path, source.text, formatted))
    elif check:
        out.write(f"would reformat: {source.path}\n")
    elif path is not None:
        try:
            _write_atomic(path, formatted)
        except OSError as exc:
            _show([error("SD004", f"cannot write {path}: {exc.strerror}")], SourceMap(), err)
            tally.changed.pop()
            tally.fail(EXIT_CHANGED)


def _show(diagnostics: list[Diagnostic], sources: SourceMap, err: TextIO) -> None:
    err.write(render_all_text(diagnostics, sources) + "\n")


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


def _summary(tally: _Tally, dry_run: bool) -> str:
    changed = len(tally.changed)
    if dry_run:
        parts = [
            f"{_files(changed)} would be reformatted",
            f"{_files(tally.unchanged)} already formatted",
        ]
    else:
        parts = [f"{_files(changed)} reformatted", f"{_files(tally.unchanged)} left unchanged"]
    parts = [p for p in parts if not p.startswith("0 ")] or ([] if tally.failed else parts[1:])
    if tally.failed:
        parts.append(f"{_files(tally.failed)} could not be formatted")
    return ", ".join(parts)


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"
