"""Lint configuration: `[lint]` in the nearest `scoredsl.toml`, or `[tool.scoredsl.lint]` in
the nearest `pyproject.toml` (searched upward from the linted file; scoredsl/io/project.py
finds it), or a file given with `--config`; plus `--select`/`--ignore`.

```toml
[tool.scoredsl.lint]          # in scoredsl.toml: [lint]
SL105 = "off"                 # by code
unused-let = "error"          # or by name; levels: error, warning, info, off
```
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import DiagnosticError, Severity, did_you_mean, error
from ..io.project import Settings, find_settings, read_settings
from .registry import CATEGORIES, LintRule
from .rules import all_rules

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
    """The lint levels of a config file (an empty config when it has none)."""
    return _lint_config(read_settings(path))


def _lint_config(settings: Settings) -> LintConfig:
    if settings.path is None:
        return LintConfig()
    return LintConfig(parse_levels(settings.section("lint"), str(settings.path)), settings.path)


class ConfigCache:
    """One config per folder: `--config` if given, else the nearest project settings."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_config(explicit) if explicit is not None else None
        self._by_folder: dict[Path, LintConfig] = {}  # settings are read once a folder a run

    def for_file(self, path: Path) -> LintConfig:
        if self._explicit is not None:
            return self._explicit
        folder = path.resolve().parent
        if folder not in self._by_folder:
            self._by_folder[folder] = _lint_config(find_settings(folder))
        return self._by_folder[folder]


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
