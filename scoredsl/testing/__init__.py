"""`scoredsl test`: ruleset tests as code, in `.scoretest` files next to the rules.

syntax.py (grammar, AST, parser) -> runner.py (names resolved, leads built, cases explained)
-> checks.py (expectations) -> results.py (cases, files, coverage) -> output.py (text, JSON,
JUnit XML). `command.py` is what the CLI calls.
"""

from .results import RunResult
from .runner import UsageError, run
from .syntax import TestFile, parse_test

__all__ = ["RunResult", "TestFile", "UsageError", "parse_test", "run"]
