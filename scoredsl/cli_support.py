"""What every `scoredsl` command shares: the exit codes, the one console factory, and the
helpers that turn a DiagnosticError into rendered diagnostics and an exit code.

Exit codes (stable, the same for every command; README "Exit codes" lists them):

| code | meaning                                                                              |
|------|--------------------------------------------------------------------------------------|
| 0    | success: nothing to report, or only what does not fail the run                       |
| 1    | findings: the ruleset has errors, lint findings at the --fail-on level, a failing     |
|      | test or coverage below --min-coverage, a file fmt --check would change or cannot format |
| 2    | usage: an unknown option or value, a path that does not exist, options that clash,   |
|      | an output that cannot be written, an optional extra that is not installed            |
| 3    | input data: leads, events or outcomes that cannot be read or are invalid             |
| 4    | internal error: a bug in scoredsl (please report it)                                 |
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from .diagnostics import DiagnosticError, did_you_mean, error, render_all_text

if TYPE_CHECKING:
    from .ruleset import Ruleset

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_DATA, EXIT_INTERNAL = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); SIGTERM exits 143 (128 + 15)

# (code, meaning): the table README's "Exit codes" shows, checked by tests/test_cli_conventions.py
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "success"),
    (
        EXIT_FINDINGS,
        "findings: ruleset errors, lint findings, failing tests, files fmt would change",
    ),
    (EXIT_USAGE, "usage: bad option or value, missing path, unwritable output, missing extra"),
    (EXIT_DATA, "input data: leads, events or outcomes unreadable or invalid"),
    (EXIT_INTERNAL, "internal error: a bug in scoredsl"),
)

STDIN = "-"
MISSING_PATH = "SD004"
BAD_USAGE = "SD603"
DATA_FORMATS = ("jsonl", "csv", "parquet")


class ReportFormat(str, Enum):
    """The report formats of check and lint (one writer each: scoredsl/lint/command.py)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    """`--fail-on`: the lowest severity that makes the run exit 1."""

    error = "error"
    warning = "warning"


def console(stderr: bool = False) -> Console:
    """The one way a command gets a console. Rich honours NO_COLOR (no colour) and
    FORCE_COLOR (colour even into a pipe) itself, as long as nothing forces a terminal;
    highlighting is off so user text is never coloured by guesswork."""
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def colour(target: Console) -> bool:
    """Whether output to `target` should carry colour (a terminal, or FORCE_COLOR; never
    with NO_COLOR)."""
    return target.is_terminal and not target.no_color


err = console(stderr=True)


class Stop(typer.Exit):
    """Ends a command with one of the stable exit codes above."""


def show(rendered: str) -> None:
    """Diagnostics on stderr, never read as markup; on a colour terminal the quoted rule
    lines are highlighted."""
    from .io.names import in_text

    rendered = in_text(rendered)  # `<stdin>`, not the temp copy read (data_file)
    if colour(err):
        from .highlight import highlight_frames

        err.print(highlight_frames(rendered))
    else:
        err.print(rendered, markup=False)


def say(text: str) -> None:
    """A plain line on stderr (user text inside it is printed as written)."""
    from .io.names import in_text

    err.print(in_text(text), markup=False)


def report(exc: DiagnosticError, code: int) -> Stop:
    """Render every diagnostic of `exc`; the Stop to raise with `code`."""
    show(render_all_text(exc.diagnostics, exc.sources))
    return Stop(code)


def engine_stop(exc: Exception) -> Stop:
    """An engine that cannot run (no Java for Spark, a file DuckDB can't take): its message and
    help on stderr; a usage error (exit 2), or an internal one (exit 4) when it failed midway."""
    from .engines import EngineFailure

    say(f"error: {exc}\n  = help: {getattr(exc, 'help', '')}")
    return Stop(EXIT_INTERNAL if isinstance(exc, EngineFailure) else EXIT_USAGE)


def usage(message: str, help: str | None = None, code: str = BAD_USAGE) -> Stop:
    """A usage error (exit 2) as a diagnostic: the message and how to fix it."""
    return report(DiagnosticError([error(code, message, None, help)]), EXIT_USAGE)


def require_paths(paths: Iterable[str | Path | None]) -> None:
    """Exit 2 before any work when a path named on the command line does not exist
    (`-`, stdin, always does)."""
    for path in paths:
        if path is None or str(path) == STDIN or Path(path).exists():
            continue
        raise usage(f"file not found: {path}", _nearby(Path(path)), MISSING_PATH)


def _nearby(path: Path) -> str:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        names = []
    return did_you_mean(path.name, names) or "check the path (relative to the current folder)"


def load_ruleset(rules: Path) -> Ruleset:
    """The checked ruleset; its errors end the command with exit 1."""
    from .ruleset import load

    try:
        return load(rules)
    except DiagnosticError as exc:
        raise report(exc, EXIT_FINDINGS) from None


def instant(text: str | None) -> datetime:
    """`--as-of` and the like as an instant (default: now); a bad one is a usage error."""
    from .ruleset import as_instant

    try:
        return as_instant(text)
    except DiagnosticError as exc:
        raise report(exc, EXIT_USAGE) from None


def refuse_overwrite(
    outputs: Mapping[str, Path | None], inputs: Iterable[str | Path | None]
) -> None:
    """Exit 2 before anything is written when an output option names an input file."""
    from .io.paths import refuse_inputs_as_outputs

    try:
        refuse_inputs_as_outputs(outputs, inputs)
    except DiagnosticError as exc:
        raise report(exc, EXIT_USAGE) from None


def check_output(output: Path | None, regular_only: bool = False) -> None:
    """A bad --output is a usage error found before any work, not at the end of a run."""
    if output is None:
        return
    from .engines.output import OutputError
    from .engines.output import check_output as check

    try:
        check(output, regular_only=regular_only)
    except OutputError as exc:
        raise usage(exc.message, exc.help, "SD606") from None


_WRITABLE = "name a file in a folder that exists and that you may write to"


@contextmanager
def staged(path: Path | None) -> Iterator[Path | None]:
    """A temp file renamed to `path` only when the block succeeds (a failed run leaves none)."""
    if path is None:
        yield None
        return
    from .engines.output import OutputError
    from .engines.output import staged as stage

    with ExitStack() as stack:
        try:
            temp = stack.enter_context(stage(path))
        except OutputError as exc:
            raise usage(exc.message, exc.help, "SD606") from None
        except OSError as exc:  # a missing folder, no permission: before anything is read
            reason = exc.strerror or str(exc)
            raise usage(f"cannot write `{path}`: {reason}", _WRITABLE, "SD606") from None
        yield temp


def write(text: str, output: Path | None) -> None:
    """`text` to `output` (atomically) or, without one, to stdout."""
    from .engines.output import destination

    with destination(output) as stream:
        stream.write(text)


def read_stdin() -> str:
    """Standard input as text (a ruleset piped in: `scoredsl check -`)."""
    return sys.stdin.read()


@contextmanager
def data_file(
    path: Path, format: str | None, option: str = "--leads", stdin_name: Path | None = None
) -> Iterator[Path]:
    """`path` as the readers take it, which know a format by its file's extension: stdin
    (`-`) is copied to a temp file, and a file whose name does not say its format (or
    says another) is linked under a name that does (`--leads-format csv`). Messages and
    the rejects file name what the user gave: `<stdin>` (or `stdin_name`), or the file."""
    if format is not None and format not in DATA_FORMATS:
        raise usage(
            f"{option}-format {format} is not a data format",
            "write one of: " + ", ".join(DATA_FORMATS),
        )
    if str(path) != STDIN and format is None:
        yield path
        return
    from .io.names import shown_as

    with tempfile.TemporaryDirectory(prefix="scoredsl-") as folder:
        suffix = f".{format or 'jsonl'}"
        if str(path) == STDIN:
            target = Path(folder) / f"stdin{suffix}"
            with target.open("wb") as copy:
                shutil.copyfileobj(sys.stdin.buffer, copy)
            shown = "<stdin>" if stdin_name is None else str(stdin_name)
        else:
            target = Path(folder) / f"{path.stem}{suffix}"
            target.symlink_to(path.resolve())
            shown = str(path)
        with shown_as(target, shown):
            yield target
