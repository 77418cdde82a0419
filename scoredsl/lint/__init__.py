"""`scoredsl lint`: a catalogue of rules that find rulesets which check cleanly but score
leads wrongly, surprisingly or wastefully. See docs/lint-rules.md for every rule.

    from scoredsl.lint import lint_source
    report = lint_source('when title == "CTO" and title == "CIO" add 10')
    [d.code for d in report.diagnostics]   # ['SL003']
"""

from .config import LintConfig, Selection, load_config
from .registry import CATEGORIES, Finding, LintRule, lint_rule
from .rules import all_rules
from .runner import FileReport, lint_path, lint_source

__all__ = [
    "CATEGORIES",
    "FileReport",
    "Finding",
    "LintConfig",
    "LintRule",
    "Selection",
    "all_rules",
    "lint_path",
    "lint_rule",
    "lint_source",
    "load_config",
]
