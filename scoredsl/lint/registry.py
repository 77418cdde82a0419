"""The lint rule catalogue: each rule is a function with a stable code, a category, a
default severity and a ruff-shaped docstring (What it does / Why is this bad? / Example /
Use instead) that feeds `docs/lint-rules.md`, the SARIF rule metadata and `--list-rules`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..codes import family_of
from ..diagnostics import Severity
from ..source import Span

if TYPE_CHECKING:
    from .context import Context

Category = Literal["bugs", "scoring", "style", "performance", "data"]
CATEGORIES: tuple[Category, ...] = ("bugs", "scoring", "style", "performance", "data")


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: where, what is wrong, and how to fix it."""

    span: Span
    message: str
    help: str | None = None


Check = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True)
class LintRule:
    code: str
    name: str
    category: Category
    severity: Severity
    check: Check
    doc: str

    @property
    def summary(self) -> str:
        """The first clause of "What it does", on one line."""
        what = " ".join(self.section("What it does").split())
        return re.split(r"[.:] ", what)[0].rstrip(".") + "."

    def section(self, title: str) -> str:
        """The text under one `## title` heading of the docstring."""
        match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", self.doc, re.S | re.M)
        return match.group(1).strip() if match else ""

    def examples(self) -> tuple[str, str]:
        """The bad example and the good one (the `Use instead:` block)."""
        blocks = re.findall(r"```score\n(.*?)```", self.section("Example"), re.S)
        if len(blocks) != 2:
            raise ValueError(f"{self.code}: the Example section needs a bad and a good block")
        return blocks[0], blocks[1]

    def example_data(self) -> str | None:
        """The data a data rule's examples are linted against (the `csv` block), if any."""
        found = re.search(r"```csv\n(.*?)```", self.section("Example"), re.S)
        return found.group(1) if found else None


_RULES: dict[str, LintRule] = {}


def lint_rule(
    code: str, name: str, category: Category, severity: Severity
) -> Callable[[Check], Check]:
    """Register a rule function under a stable code (done once, at import)."""

    def register(check: Check) -> Check:
        if code in _RULES or any(r.name == name for r in _RULES.values()):
            raise ValueError(f"lint rule {code} ({name}) registered twice")
        if family_of(code).name != f"lint: {category}":  # the codes' registry owns the blocks
            raise ValueError(f"lint rule {code} is outside the block of category {category}")
        doc = inspect.cleandoc(check.__doc__ or "")
        _RULES[code] = LintRule(code, name, category, severity, check, doc)
        return check

    return register


def registered() -> list[LintRule]:
    """The rules registered so far, ordered by code (`rules.all_rules` imports them all)."""
    return [_RULES[code] for code in sorted(_RULES)]
