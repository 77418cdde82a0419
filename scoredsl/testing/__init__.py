"""`scoredsl test`: ruleset tests as code, in `.scoretest` files next to the rules.

syntax.py (grammar, AST, parser) -> runner.py (names resolved, cases explained, coverage)
-> output.py (text, JSON, JUnit XML). `command.py` is what the CLI calls.
"""

from .runner import RunResult, UsageError, run
from .syntax import TestFile, parse_test

__all__ = ["RunResult", "TestFile", "UsageError", "parse_test", "run"]
