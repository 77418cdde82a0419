"""The project's settings and the one directory walker every command uses.

Settings live in a standalone `scoredsl.toml` (top-level keys) or in `[tool.scoredsl]` of a
`pyproject.toml`; the nearest folder (from the path upward) holding either wins, and in one
folder `scoredsl.toml` wins over `pyproject.toml`, as ruff's `ruff.toml` does:

```toml
# scoredsl.toml                       # pyproject.toml
exclude = ["vendor/", "*.draft.score"]  # [tool.scoredsl]
[lint]                                 # exclude = ["vendor/"]
SL105 = "off"                          # [tool.scoredsl.lint]
```

Walking a folder named on the command line (`lint .`, `fmt rulesets/`, `test .`, `check .`)
skips hidden files and folders (`.git`, `.venv`), what the `.gitignore` files from that
folder down ignore, and what `exclude` names (gitignore patterns, relative to the config's
folder). A file named on the command line is always taken, as ruff does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from ..diagnostics import DiagnosticError, error
from .files import read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = "scoredsl.toml"
PYPROJECT = "pyproject.toml"
BAD_CONFIG = "SD603"


@dataclass(frozen=True)
class Settings:
    """The settings table of one config file (empty when there is none)."""

    table: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def root(self) -> Path | None:
        return None if self.path is None else self.path.parent

    def section(self, name: str) -> dict[str, Any]:
        """A sub-table such as `lint` (`[tool.scoredsl.lint]`, or `[lint]` in scoredsl.toml)."""
        value = self.table.get(name, {})
        if not isinstance(value, dict):
            raise _bad(f"{self.path}: [{self._prefix()}{name}] must be a table")
        return value

    def exclude(self) -> pathspec.GitIgnoreSpec:
        patterns = self.table.get("exclude", [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise _bad(
                f"{self.path}: `exclude` must be a list of patterns",
                'e.g. exclude = ["vendor/", "*.draft.score"]',
            )
        return pathspec.GitIgnoreSpec.from_lines(patterns)

    def _prefix(self) -> str:
        return "" if self.path is not None and self.path.name == CONFIG_FILE else "tool.scoredsl."


def _bad(message: str, help: str | None = None) -> DiagnosticError:
    return DiagnosticError([error(BAD_CONFIG, message, None, help)])


def read_settings(path: Path) -> Settings:
    """The settings in `path`: a scoredsl.toml's top level, or any other TOML file's
    `[tool.scoredsl]` (a pyproject.toml, or a file given with --config)."""
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(f"cannot read config {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _bad(f"{path}: invalid TOML: {exc}") from None
    if path.name == CONFIG_FILE:
        return Settings(data, path)
    table = data.get("tool", {}).get("scoredsl", {})
    if not isinstance(table, dict):
        raise _bad(f"{path}: [tool.scoredsl] must be a table")
    return Settings(table, path)


def find_settings(start: Path) -> Settings:
    """The settings of the nearest folder, from `start` upward, with a scoredsl.toml or a
    pyproject.toml holding `[tool.scoredsl]`; empty settings when none has."""
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        standalone = candidate / CONFIG_FILE
        if standalone.is_file():
            return read_settings(standalone)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _mentions_scoredsl(pyproject):
            return read_settings(pyproject)
    return Settings()


def _mentions_scoredsl(path: Path) -> bool:
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # reported only when it is the config in use
    return "scoredsl" in data.get("tool", {})


def walk(paths: Iterable[str | Path], suffixes: Sequence[str]) -> Iterator[Path]:
    """Each path named that is not a folder, as given; for each folder, the files under it
    ending in one of `suffixes`, sorted, minus the hidden, the git-ignored and the excluded."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk_folder(path, tuple(suffixes))
        else:
            yield path


def _walk_folder(top: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    settings = find_settings(top)
    excluded = settings.exclude()
    root = settings.root.resolve() if settings.root else None
    ignores: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        ignores.extend(_gitignore(here))
        dirs[:] = [d for d in dirs if not _skipped(here / d, True, ignores, excluded, root)]
        found.extend(
            here / name
            for name in files
            if name.endswith(suffixes) and not _skipped(here / name, False, ignores, excluded, root)
        )
    return iter(sorted(found))


def _gitignore(folder: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    ignore = folder / ".gitignore"
    if not ignore.is_file():
        return []
    try:
        lines = read_text(ignore).splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [(folder, pathspec.GitIgnoreSpec.from_lines(lines))]


def _skipped(
    path: Path,
    is_dir: bool,
    ignores: list[tuple[Path, pathspec.GitIgnoreSpec]],
    excluded: pathspec.GitIgnoreSpec,
    root: Path | None,
) -> bool:
    if path.name.startswith("."):
        return True
    for base, spec in ignores:
        if _matches(spec, path, base, is_dir):
            return True
    return root is not None and _matches(excluded, path.resolve(), root, is_dir)


def _matches(spec: pathspec.GitIgnoreSpec, path: Path, base: Path, is_dir: bool) -> bool:
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        return False
    return spec.match_file(relative + "/" if is_dir else relative)
