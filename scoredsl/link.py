"""Link: follow `include`s from the root file and flatten everything into one Program.

The included file's lets, rules, dimensions, decay lines and schema join the including
file at the point of the `include` (spec 8). Include errors are found here; everything
else is left to the checker, which sees statements in this flattened order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import ast
from .diagnostics import Diagnostic, DiagnosticError, SourceMap, error
from .io.files import read_text, shown_path
from .parse import parse
from .source import Source


@dataclass(frozen=True)
class Placed:
    """A statement with the file it came from and whether that file was included."""

    statement: ast.Statement
    path: str
    included: bool


class Files:
    """Where a ruleset and its includes are read from: the disk. A subclass reads them
    elsewhere (scoredsl.revision: a git revision) without another copy of the linker."""

    def read(self, path: Path) -> str:
        """The file's text; FileNotFoundError, OSError or UnicodeDecodeError."""
        return read_text(path)

    def name(self, path: Path) -> str:
        """The name the file's spans and messages show."""
        return str(path)

    def key(self, path: Path) -> str:
        """One key per file, to find include cycles."""
        return _key(path)


DISK = Files()


@dataclass
class Linked:
    root: str
    statements: list[Placed] = field(default_factory=list)
    sources: SourceMap = field(default_factory=SourceMap)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: Files = DISK


def link_file(path: str | Path, files: Files = DISK) -> Linked:
    linked = Linked(files.name(Path(path)), files=files)
    source = _read(Path(path), None, linked)
    if source is None:
        raise DiagnosticError(linked.diagnostics, linked.sources)
    _link(source, linked, [files.key(Path(path))], False, base_dir=Path(path).parent)
    return linked


def link_text(text: str, path: str = "<string>", base_dir: Path | None = None) -> Linked:
    linked = Linked(path)
    source = Source(path, text)
    linked.sources.add(source)
    stack = [_key(Path(path))] if base_dir is None else [str(base_dir / path)]
    _link(source, linked, stack=stack, included=False, base_dir=base_dir)
    return linked


def _key(path: Path) -> str:
    try:
        return str(path.resolve()) if path.exists() else str(path)
    except (OSError, ValueError):  # a NUL in the path, a loop of links: _read reports it
        return str(path)


def _link(
    source: Source,
    linked: Linked,
    stack: list[str],
    included: bool,
    base_dir: Path | None = None,
    include: ast.Include | None = None,
) -> None:
    module = _parse_or_record(source, linked, include)
    if module is None:
        return
    directory = base_dir if base_dir is not None else Path(source.path).parent
    for statement in module.statements:
        if isinstance(statement, ast.Include):
            _follow(statement, directory, linked, stack)
            continue
        linked.statements.append(Placed(statement, source.path, included))


def _follow(include: ast.Include, directory: Path, linked: Linked, stack: list[str]) -> None:
    target = directory / include.target
    key = linked.files.key(target)
    if key in stack:
        cycle = " -> ".join([*(Path(s).name for s in stack[stack.index(key) :]), target.name])
        linked.diagnostics.append(
            error(
                "SD202",
                f"include cycle: {cycle}",
                include.span,
                "remove one of these includes; shared rules belong in a file that includes nothing",
            )
        )
        return
    source = _read(target, include, linked)
    if source is not None:
        _link(source, linked, [*stack, key], True, base_dir=target.parent, include=include)


def _read(path: Path, include: ast.Include | None, linked: Linked) -> Source | None:
    try:
        source = Source(linked.files.name(path), linked.files.read(path))
    except FileNotFoundError:
        code, what = (
            ("SD201", "included file not found") if include else ("SD004", "file not found")
        )
        hint = "the path is relative to the including file" if include else None
        linked.diagnostics.append(
            error(
                code, f"{what}: {linked.files.name(path)}", include.span if include else None, hint
            )
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = (
            "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        )
        linked.diagnostics.append(
            error(
                "SD004",
                f"cannot read {shown_path(linked.files.name(path))}: {reason}",
                include.span if include else None,
            )
        )
        return None
    linked.sources.add(source)
    return source


def _parse_or_record(
    source: Source, linked: Linked, include: ast.Include | None = None
) -> ast.Module | None:
    try:
        return parse(source)
    except DiagnosticError as exc:
        if include is not None and _fails_at_once(source, exc):
            linked.diagnostics.append(_not_a_ruleset(source, include))
            return None
        linked.diagnostics.extend(exc.diagnostics)
        linked.sources.merge(exc.sources)
        return None


def _fails_at_once(source: Source, exc: DiagnosticError) -> bool:
    """The file's first statement already fails: it is no ruleset (`include "/etc/passwd"`)."""
    first = _first_content_line(source.text)
    lines = [
        d.span.line for d in exc.diagnostics if d.span is not None and d.span.path == source.path
    ]
    return first is None or not lines or min(lines) <= first


def _first_content_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _not_a_ruleset(source: Source, include: ast.Include) -> Diagnostic:
    """Said at the include, without quoting the file: it may hold anything (a secret)."""
    return error(
        "SD207",
        f"included file `{source.path}` is not a ruleset: its first statement does not parse",
        include.span,
        "include a .score file; the path is relative to the including file",
    )
