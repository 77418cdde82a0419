"""What every test session shares: Hypothesis profiles, and the wheel built once.

Hypothesis profiles: `ci` (CI=true, as `make test` in CI) runs the same derandomized
examples every time, so a CI failure reproduces; `dev` (the default) runs random examples,
so each local run explores new ones; both run each property test's stated count.
`fast` (`make test-fast`) runs a fifth of it. HYPOTHESIS_PROFILE names a profile. A
profile's max_examples is the scale: 100 runs a test's count (tests/strategies.py `sized`)
as stated, and is the count of a test that states none.

The wheel and a venv with it installed are built once per run, shared by all pytest-xdist
workers (the first to need them builds, the others wait and reuse them). Under
`--dist loadgroup` the tests that use them keep to one worker, and so do the Spark tests
(one JVM a run).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- Hypothesis profiles

BASE_EXAMPLES = 100  # Hypothesis' own default: the counts the tests state apply as they are
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
_CI_PROFILE = {"derandomize": True, "database": None, "max_examples": BASE_EXAMPLES}
settings.register_profile("ci", **_CI_PROFILE, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=BASE_EXAMPLES, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("fast", max_examples=BASE_EXAMPLES // 5, **_COMMON)  # type: ignore[arg-type]
_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _CI else "dev"))

# The engines cache compiled SQL in the user's cache folder (engines/sqlcache.py): the
# tests keep theirs in a temp folder of this run, so they neither read nor leave entries.
if "SCOREDSL_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["SCOREDSL_CACHE_DIR"] = tempfile.mkdtemp(prefix="scoredsl-test-sql-cache-")

# ---------------------------------------------------------------- built once per run


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this run sees: pytest's base temp, or under xdist the
    folder that holds each worker's base temp."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _once(root: Path, name: str, make: Callable[[Path], Path]) -> Path:
    """`make(folder)` run once for all workers of this run; its result read back after."""
    folder, done = root / name, root / f"{name}.done"
    with _locked(root / f"{name}.lock"):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(str(make(folder)), encoding="utf-8")
    return Path(done.read_text(encoding="utf-8"))


def _build_wheel(dist: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    [built] = dist.glob("scoredsl-*.whl")
    return built


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from this checkout."""
    return _once(_run_root(tmp_path_factory), "wheel", _build_wheel)


@pytest.fixture(scope="session")
def wheel_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripts folder of a fresh venv that has the wheel (and only what it needs)
    installed: the wheel as users get it, outside the repo."""

    def install(env_dir: Path) -> Path:
        venv.create(env_dir, with_pip=True)
        bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
        subprocess.run(
            [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
            check=True,
            capture_output=True,
            text=True,
        )
        return bin_dir

    return _once(_run_root(tmp_path_factory), "wheel-venv", install)


# ---------------------------------------------------------------- xdist groups


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.xdist_group("spark"))
        elif {"wheel", "wheel_bin"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("wheel"))
