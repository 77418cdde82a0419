"""ScoreDSL: lead scoring as code.

import scoredsl
rules = scoredsl.load("rulesets/b2b_saas.score")
result = rules.score({"id": "L-1", "attributes": {"title": "CTO"}}, as_of="2026-11-01")
print(result.score, result.tier)
print(scoredsl.render_explanation(rules.explain(lead, as_of="2026-11-01")))
"""

from .diagnostics import Diagnostic, DiagnosticError, Severity
from .explain_text import render_explanation
from .models import Event, Lead, ScoreResult
from .ruleset import Ruleset, load, loads

ScoreDSLError = DiagnosticError

__all__ = [
    "Diagnostic",
    "Event",
    "Lead",
    "Ruleset",
    "ScoreDSLError",
    "ScoreResult",
    "Severity",
    "load",
    "loads",
    "render_explanation",
]
__version__ = "0.1.0"
