"""No output option may name an input: the one check every command with outputs runs.

`scoredsl score rules.score --leads leads.jsonl --skip-invalid --rejects leads.jsonl` once
emptied the leads file and reported success. Every command that writes files (`score`,
`compile`, `lint`, `test`) hands this module its outputs and its inputs before it writes
anything; a clash is a usage error (SD605, exit 2).

Two paths are the same file when os.path.samefile says so (hard links, symlinks, `./x` and
`x`), or, when one does not exist yet, when they resolve to the same path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..diagnostics import DiagnosticError, error

SAME_FILE = "SD605"


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when writing `a` would overwrite `b`."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return Path(a).resolve() == Path(b).resolve()


def refuse_inputs_as_outputs(
    outputs: Mapping[str, str | Path | None], inputs: Iterable[str | Path | None]
) -> None:
    """Raise SD605 when an output option names an input file or another output option."""
    named = [(option, Path(path)) for option, path in outputs.items() if path is not None]
    sources = [Path(path) for path in inputs if path is not None]
    for index, (option, path) in enumerate(named):
        for source in sources:
            if same_file(path, source):
                raise _clash(option, path, f"the input file `{source}`")
        for other, earlier in named[:index]:
            if same_file(path, earlier):
                raise _clash(option, path, f"the file `{other}` writes")


def _clash(option: str, path: Path, what: str) -> DiagnosticError:
    return DiagnosticError(
        [
            error(
                SAME_FILE,
                f"{option} `{path}` is {what}: writing it would destroy that file",
                help=f"give {option} a new file name, e.g. {option} {_example(path)}",
            )
        ]
    )


def _example(path: Path) -> str:
    return str(path.with_name(f"{path.stem}.out{path.suffix or '.jsonl'}"))
