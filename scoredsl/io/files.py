"""Opening the files a user names: rulesets, includes, test files and lead data.

Every reader opens its files here, so one rule holds for all of them: only a regular file
is read (a directory, FIFO, socket or device such as /dev/zero is refused before a byte
is read, and opening a FIFO never blocks), and what is held in memory at once is capped:
a whole text file (ruleset, include, test file, config) at MAX_TEXT_BYTES, one data
record (a JSON Lines or CSV line) at MAX_RECORD_BYTES.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_RECORD_BYTES = 64 * 1024 * 1024


class UnreadableFile(OSError):
    """A path that is not a readable regular file, or a file over a size limit."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(reason)
        self.path = str(path)
        self.reason = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: str | Path) -> IO[bytes]:
    """`path` opened for binary reading; UnreadableFile unless it is a regular file.

    O_NONBLOCK makes opening a FIFO return at once (it would wait for a writer); the
    flag is cleared again before any read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except ValueError:  # a NUL character: no file can have that name
        raise UnreadableFile(path, "the path holds a NUL character") from None
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(path, f"{_kind(mode)}, not a regular file")
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_size(path: str | Path) -> int:
    """The size of a regular file (UnreadableFile for anything else)."""
    with open_regular(path) as handle:
        return os.fstat(handle.fileno()).st_size


def read_text(path: str | Path, limit: int | None = None) -> str:
    """A whole UTF-8 text file of at most `limit` (default MAX_TEXT_BYTES) bytes.

    UnicodeDecodeError when it is not UTF-8.
    """
    limit = MAX_TEXT_BYTES if limit is None else limit
    with open_regular(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(path, f"larger than the {limit // (1024 * 1024)} MiB limit")
    return data.decode("utf-8")


def capped_lines(handle: IO[bytes], limit: int | None = None) -> Iterator[bytes | None]:
    """Each line of `handle` (newline kept), or None for one longer than `limit` bytes
    (default MAX_RECORD_BYTES). A too-long line is read past in chunks, never held whole.
    """
    limit = MAX_RECORD_BYTES if limit is None else limit
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(1024 * 1024)
        yield None


def universal_lines(lines: Iterable[bytes | None]) -> Iterator[bytes | None]:
    """Lines ended by `\n`, `\r\n` or a lone `\r` (old Mac exports), ends kept, as
    Python's universal newlines read text; a file is still read a line at a time. None (a
    line over the record limit, from files.capped_lines) passes through."""
    for data in lines:
        if data is not None and b"\r" in data[:-2]:  # a lone CR inside: split there too
            yield from data.splitlines(keepends=True)
        else:
            yield data


def decode_line(data: bytes) -> tuple[str, int | None]:
    """A line as text, and the offset of its first non-UTF-8 byte (None when it is clean)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        offset = len(data[: exc.start].decode("utf-8", errors="replace"))
        return data.decode("utf-8", errors="replace"), offset


def shown_path(path: str | Path) -> str:
    """A path for a message: control characters (a NUL, a newline) escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))
