"""The optional extras: which modules each brings, and the one message when one is missing.

The core (`pip install scoredsl`) checks, lints, formats, tests and scores JSON Lines and
CSV on the Python engine, so a pre-commit hook installs no Arrow, DuckDB, numpy or sqlglot.
Each capability below asks for its extra before it starts; a missing one is SD604, a usage
error (exit 2) that names the extra to install.
"""

from __future__ import annotations

from importlib.util import find_spec

from .diagnostics import DiagnosticError, error

MISSING_EXTRA = "SD604"

# extra -> the modules it installs (import names), as pyproject.toml's optional-dependencies
EXTRAS: dict[str, tuple[str, ...]] = {
    "duckdb": ("duckdb", "numpy", "sqlglot", "pyarrow"),
    "parquet": ("pyarrow",),
    "sql": ("sqlglot",),
    "analysis": ("sklearn", "numpy", "pyarrow"),
    "reports": ("plotly", "jinja2"),
}


class MissingExtra(DiagnosticError):
    """A capability whose optional extra is not installed (exit 2)."""


def missing(extra: str) -> list[str]:
    """The modules of `extra` that cannot be imported here."""
    return [name for name in EXTRAS[extra] if not _importable(name)]


def _importable(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):  # a broken install, or an import hook refusing it
        return False


def available(extra: str) -> bool:
    return not missing(extra)


def require(extra: str, what: str) -> None:
    """Raise MissingExtra, naming the extra, unless every module of `extra` is installed."""
    absent = missing(extra)
    if absent:
        raise MissingExtra(
            [
                error(
                    MISSING_EXTRA,
                    f"{what} needs the `{extra}` extra ({', '.join(absent)} not installed)",
                    help=f"install it: pip install 'scoredsl[{extra}]'",
                )
            ]
        )
