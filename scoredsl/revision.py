"""A ruleset at a git revision: `main:rulesets/b2b.score`, `HEAD~1:rules.score`.

`git show REV:PATH` reads the file and every include it names, at that same revision, through
the linker's `Files` (so nothing of the loader is copied). Paths are relative to the
repository's top, as git reads them; `./` and `../` are relative to the current directory.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import DiagnosticError, did_you_mean, error
from .link import Files
from .ruleset import Ruleset, load

NO_REVISION = "SD640"  # the revision is unknown, or git cannot read it
NOT_AT_REVISION = "SD641"  # the path is not a file at that revision


@dataclass(frozen=True)
class Version:
    """Where one version of a ruleset lives: a file on disk, or a path at a git revision."""

    path: str
    revision: str | None = None

    @property
    def shown(self) -> str:
        return self.path if self.revision is None else f"{self.revision}:{self.path}"


def parse(text: str) -> Version:
    """A file that exists is a file (even with a colon in its name); else `REV:PATH`."""
    if Path(text).exists() or ":" not in text:
        return Version(text)
    revision, path = text.split(":", 1)
    return Version(path, revision or "HEAD")


def load_version(version: Version) -> Ruleset:
    """The ruleset of a version; DiagnosticError for a bad revision, path or ruleset."""
    if version.revision is None:
        return load(version.path)
    files = GitFiles.open(version.revision, version.shown)
    path = files.top_relative(version.path)
    files.require(path, version.shown)
    return load(path, files)


class GitFiles(Files):
    """Files read with `git show REV:PATH`; paths relative to the repository's top."""

    def __init__(self, revision: str, prefix: str) -> None:
        self.revision = revision
        self.prefix = prefix  # the current directory, relative to the top (git's show-prefix)

    @classmethod
    def open(cls, revision: str, shown: str) -> GitFiles:
        """The revision's files; DiagnosticError outside a repository or for a bad revision."""
        prefix = _run("rev-parse", "--show-prefix")
        if prefix is None:
            raise DiagnosticError(
                [
                    error(
                        NO_REVISION,
                        f"no file `{shown}`, and no git repository here to read it as REV:PATH",
                        help="give a ruleset file, or run scoredsl inside the repository",
                    )
                ]
            )
        if _run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is None:
            raise _unknown_revision(revision)
        return cls(revision, prefix.strip())

    def top_relative(self, path: str) -> str:
        """A path as given on the command line, relative to the repository's top."""
        if path.startswith(("./", "../")):
            path = posixpath.join(self.prefix, path)
        return posixpath.normpath(path)

    def require(self, path: str, shown: str) -> None:
        """DiagnosticError unless `path` is a file at the revision (did you mean ...?)."""
        kind = _run("cat-file", "-t", f"{self.revision}:{path}")
        if kind is not None and kind.strip() == "blob":
            return
        names = self._names()
        endings = [n for n in names if n.endswith(".score")]
        hint = (
            did_you_mean(f"{self.revision}:{path}", [f"{self.revision}:{n}" for n in names])
            or (f"the .score files there: {', '.join(endings[:10])}" if endings else None)
            or "paths are relative to the repository's top (or start with ./)"
        )
        what = "a directory" if kind is not None else "no such file"
        raise DiagnosticError(
            [error(NOT_AT_REVISION, f"{shown}: {what} at revision {self.revision}", help=hint)]
        )

    def _names(self) -> list[str]:
        found = _run("ls-tree", "-r", "--name-only", self.revision)
        return found.splitlines() if found else []

    def read(self, path: Path) -> str:
        name = self.top_relative(path.as_posix())
        if name.startswith("../") or name == "..":
            raise FileNotFoundError(name)
        text = _run_bytes("show", f"{self.revision}:{name}")
        if text is None:
            raise FileNotFoundError(name)
        return text.decode("utf-8")

    def name(self, path: Path) -> str:
        return f"{self.revision}:{self.top_relative(path.as_posix())}"

    def key(self, path: Path) -> str:
        return self.name(path)


def _run(*args: str) -> str | None:
    found = _run_bytes(*args)
    return None if found is None else found.decode("utf-8", "replace")


def _run_bytes(*args: str) -> bytes | None:
    """git's output, or None when git fails (or is not installed)."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _unknown_revision(revision: str) -> DiagnosticError:
    branches = (_run("for-each-ref", "--format=%(refname:short)") or "").split()
    hint = did_you_mean(revision, branches) or (
        "give a branch, tag or commit (`main`, `HEAD~1`, `origin/main`), then `:PATH`"
    )
    return DiagnosticError([error(NO_REVISION, f"unknown git revision `{revision}`", help=hint)])
