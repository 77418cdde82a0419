"""Hypothesis profiles: random examples locally (each run explores new ones), the same
derandomized examples in CI (CI=true), so a CI failure reproduces. HYPOTHESIS_PROFILE
names a profile explicitly."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", derandomize=True, database=None, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", derandomize=False, **_COMMON)  # type: ignore[arg-type]
_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _CI else "dev"))

# The engines cache compiled SQL in the user's cache folder (engines/sqlcache.py): the
# tests keep theirs in a temp folder of this run, so they neither read nor leave entries.
if "SCOREDSL_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["SCOREDSL_CACHE_DIR"] = tempfile.mkdtemp(prefix="scoredsl-test-sql-cache-")
