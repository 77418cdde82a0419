"""Lint configuration: `[tool.scoredsl.lint]` in the nearest `pyproject.toml` (searched
upward from the linted file), or a file given with `--config`; plus `--select`/`--ignore`.

```toml
[tool.scoredsl.lint]
SL105 = "off"                 # by code
unused-let = "error"          # or by name; levels: error, warning, info, off
```
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import DiagnosticError, Severity, did_you_mean, error
from ..io.files import read_text
from .registry import CATEGORIES, LintRule
from .rules import all_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LEVELS: dict[str, Severity | None] = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.NOTE,
    "off": None,
}


@dataclass(frozen=True)
class LintConfig:
    """Per-rule levels by code; rules not named keep their default severity."""

    levels: dict[str, Severity | None] = field(default_factory=dict)
    path: Path | None = None

    def severity(self, rule: LintRule) -> Severity | None:
        return self.levels.get(rule.code, rule.severity)


def _usage_error(message: str, hint: str | None = None) -> DiagnosticError:
    return DiagnosticError([error("SD603", message, None, hint)])


def rule_by_key(key: str) -> LintRule | None:
    return next((r for r in all_rules() if key in (r.code, r.name)), None)


def parse_levels(table: dict[str, Any], origin: str) -> dict[str, Severity | None]:
    levels: dict[str, Severity | None] = {}
    for key, value in table.items():
        rule = rule_by_key(key)
        if rule is None:
            hint = did_you_mean(key, [n for r in all_rules() for n in (r.code, r.name)])
            raise _usage_error(
                f"{origin}: unknown lint rule `{key}`", hint or "see `scoredsl lint --list-rules`"
            )
        if not isinstance(value, str) or value not in LEVELS:
            raise _usage_error(
                f"{origin}: `{key}` has level {value!r}",
                "a level is one of: " + ", ".join(f'"{level}"' for level in LEVELS),
            )
        levels[rule.code] = LEVELS[value]
    return levels


def load_config(path: Path) -> LintConfig:
    """Read `[tool.scoredsl.lint]` from a TOML file (an empty config when it has none)."""
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise _usage_error(f"cannot read config {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _usage_error(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("scoredsl", {}).get("lint", {})
    if not isinstance(table, dict):
        raise _usage_error(f"{path}: [tool.scoredsl.lint] must be a table")
    return LintConfig(parse_levels(table, str(path)), path)


def find_config(start: Path) -> Path | None:
    """The nearest `pyproject.toml` with a `[tool.scoredsl.lint]` table, from `start` up."""
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_lint_table(pyproject):
            return pyproject
    return None


def _has_lint_table(path: Path) -> bool:
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # reported only when it is the config in use
    lint = data.get("tool", {}).get("scoredsl", {}).get("lint")
    return lint is not None


class ConfigCache:
    """One config per folder: `--config` if given, else the nearest pyproject.toml."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_config(explicit) if explicit is not None else None
        self._by_file: dict[Path, LintConfig] = {}

    def for_file(self, path: Path) -> LintConfig:
        if self._explicit is not None:
            return self._explicit
        found = find_config(path)
        if found is None:
            return LintConfig()
        if found not in self._by_file:
            self._by_file[found] = load_config(found)
        return self._by_file[found]


@dataclass(frozen=True)
class Selection:
    """`--select`/`--ignore`: codes, names, code prefixes (`SL1`) or categories."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for token in (*self.select, *self.ignore):
            if not any(_matches(token, r) for r in all_rules()):
                choices = [n for r in all_rules() for n in (r.code, r.name)] + list(CATEGORIES)
                hint = did_you_mean(token, choices) or "see `scoredsl lint --list-rules`"
                raise _usage_error(f"`{token}` names no lint rule", hint)

    def allows(self, rule: LintRule) -> bool:
        if self.select and not any(_matches(t, rule) for t in self.select):
            return False
        return not any(_matches(t, rule) for t in self.ignore)


def _matches(token: str, rule: LintRule) -> bool:
    return token in (rule.name, rule.category) or rule.code.startswith(token.upper())


def split_tokens(values: Iterable[str]) -> tuple[str, ...]:
    """`--select SL001,SL002 --select bugs` -> ("SL001", "SL002", "bugs")."""
    return tuple(t.strip() for v in values for t in v.split(",") if t.strip())
