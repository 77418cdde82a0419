"""Output paths (issue 11 item 12): a bad -o is a usage error (exit 2) found before any
work, devices and our own stdout are written in place and never renamed over, a rewritten
file keeps its mode, and no temp file outlives a run: not a failed one, not one stopped by
SIGTERM, and a later run removes what a killed one left."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scoredsl.cli import EXIT_OK, EXIT_USAGE, app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def job(tmp_path: Path) -> tuple[str, str]:
    rules = tmp_path / "r.score"
    rules.write_text("when a == 1 add 1\n", encoding="utf-8")
    leads = tmp_path / "leads.jsonl"
    leads.write_text('{"id": "L-1", "attributes": {"a": 1}}\n', encoding="utf-8")
    return str(rules), str(leads)


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("output", "fmt", "message"),
    [
        ("missing/x.jsonl", "jsonl", "does not exist"),
        ("missing/x.parquet", "parquet", "does not exist"),
        ("", "jsonl", "is a directory"),
        (".", "csv", "is a directory"),
        ("folder", "jsonl", "is a directory"),
        ("pipe", "parquet", "not a regular file"),
    ],
)
@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_an_unwritable_output_is_a_usage_error(
    job: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    fmt: str,
    message: str,
    engine: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    code, _, err = run("score", *job_args(job), "-o", output, "--format", fmt, "--engine", engine)
    assert code == EXIT_USAGE
    assert message in err
    assert temps(tmp_path) == []


def job_args(job: tuple[str, str]) -> list[str]:
    return [job[0], "--leads", job[1], "--as-of", "2026-11-01"]


def test_compile_lint_and_test_check_their_output_too(job: tuple[str, str], tmp_path: Path) -> None:
    missing = str(tmp_path / "missing" / "out")
    assert run("compile", job[0], "-o", missing)[0] == EXIT_USAGE
    assert run("lint", job[0], "-o", missing)[0] == EXIT_USAGE
    assert run("test", str(tmp_path), "-o", missing)[0] == EXIT_USAGE


def device(folder: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): a broken build that
    renamed over it must not break the machine's own device nodes."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return path


def test_a_device_is_written_in_place_and_never_replaced(
    job: tuple[str, str], tmp_path: Path
) -> None:
    null = device(tmp_path, "null", 3)
    before = null.stat()
    assert run("score", *job_args(job), "-o", str(null))[0] == EXIT_OK
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_rejects_device_is_written_in_place_and_never_replaced(
    job: tuple[str, str], tmp_path: Path
) -> None:
    rules, _ = job
    leads = tmp_path / "bad.jsonl"
    leads.write_text('{"id": "L-1"}\n{"attributes": {}}\n', encoding="utf-8")
    null = device(tmp_path, "null", 3)
    before = null.stat()
    args = ["score", rules, "--leads", str(leads), "--as-of", "2026-11-01"]
    code, out, _ = run(*args, "--skip-invalid", "--rejects", str(null))
    assert code == EXIT_OK and '"L-1"' in out
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert temps(tmp_path) == []


def test_a_full_device_is_a_clear_error_not_an_internal_one(
    job: tuple[str, str], tmp_path: Path
) -> None:
    full = device(tmp_path, "full", 7)
    result = subprocess.run(
        [sys.executable, "-c", "from scoredsl.cli import main; main()", "score"]
        + job_args(job)
        + ["-o", str(full)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_USAGE
    assert "No space left on device" in result.stderr
    assert stat.S_ISCHR(full.stat().st_mode)


def test_dev_stdout_writes_to_stdout_even_when_it_is_a_file(
    job: tuple[str, str], tmp_path: Path
) -> None:
    captured = tmp_path / "captured.txt"
    with captured.open("w") as out:
        out.write("earlier line\n")
        out.flush()
        subprocess.run(
            [sys.executable, "-c", "from scoredsl.cli import main; main()", "score"]
            + job_args(job)
            + ["-o", "/dev/stdout", "-q"],
            stdout=out,
            check=True,
        )
    # Renaming a temp file over /dev/stdout's target would have dropped the earlier line.
    assert captured.read_text().splitlines() == [
        "earlier line",
        '{"lead_id": "L-1", "score": 1.0, "scores": {}, "tier": null}',
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_rewritten_file_keeps_its_mode_and_a_new_one_follows_the_umask(
    job: tuple[str, str], tmp_path: Path, fmt: str
) -> None:
    existing = tmp_path / f"existing.{fmt}"
    existing.write_text("old")
    existing.chmod(0o640)
    assert run("score", *job_args(job), "-o", str(existing), "--format", fmt)[0] == EXIT_OK
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    umask = os.umask(0o027)
    try:
        fresh = tmp_path / f"fresh.{fmt}"
        assert run("score", *job_args(job), "-o", str(fresh), "--format", fmt)[0] == EXIT_OK
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


def test_a_later_run_removes_the_temp_files_a_killed_run_left(
    job: tuple[str, str], tmp_path: Path
) -> None:
    dead = tmp_path / ".out.jsonl.scoredsl-999999999-abcd.tmp"  # no such process
    alive = tmp_path / f".out.jsonl.scoredsl-{os.getpid()}-efgh.tmp"  # a run still going
    other = tmp_path / ".out.jsonl.mine.tmp"  # not ours
    for path in (dead, alive, other):
        path.write_text("partial")
    assert run("score", *job_args(job), "-o", str(tmp_path / "out.jsonl"))[0] == EXIT_OK
    assert temps(tmp_path) == sorted([alive.name, other.name])


def test_sigterm_removes_the_temp_file_and_exits_143(tmp_path: Path) -> None:
    rules = tmp_path / "r.score"
    rules.write_text("when a == 1 add 1\n", encoding="utf-8")
    leads = tmp_path / "leads.jsonl"
    with leads.open("w") as out:
        out.writelines(f'{{"id": "L-{i}", "attributes": {{"a": 1}}}}\n' for i in range(400_000))
    process = subprocess.Popen(
        [sys.executable, "-c", "from scoredsl.cli import main; main()", "score", str(rules)]
        + ["--leads", str(leads), "-o", str(tmp_path / "out.jsonl"), "--engine", "python", "-q"],
        stderr=subprocess.PIPE,
    )
    try:
        while not temps(tmp_path) and process.poll() is None:
            time.sleep(0.01)  # polling for the temp file, not timing anything
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        process.kill()
    if process.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == 143
    assert temps(tmp_path) == []
    assert not (tmp_path / "out.jsonl").exists()
