"""The compiled-SQL cache (engines/sqlcache.py): a repeated run reads it, a changed input
misses it, and a folder others could write is never used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scoredsl.engines import sqlcache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCOREDSL_CACHE_DIR", str(cache))
    monkeypatch.delenv("SCOREDSL_NO_CACHE", raising=False)
    monkeypatch.setattr(sqlcache, "_MEMORY", {})
    return cache


def test_a_second_compile_reads_the_cache_and_other_inputs_miss_it(folder: Path) -> None:
    builds: list[str] = []

    def build(sql: str) -> str:
        builds.append(sql)
        return sql

    assert sqlcache.cached_sql(["ruleset A", "as_of 1"], lambda: build("SELECT 1")) == "SELECT 1"
    sqlcache._MEMORY.clear()  # a new process: only the folder remembers
    assert sqlcache.cached_sql(["ruleset A", "as_of 1"], lambda: build("other")) == "SELECT 1"
    assert sqlcache.cached_sql(["ruleset A", "as_of 2"], lambda: build("SELECT 2")) == "SELECT 2"
    assert builds == ["SELECT 1", "SELECT 2"]
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert len(list(folder.glob("*.sql"))) == 2


def test_an_entry_for_another_key_is_not_read(folder: Path) -> None:
    sqlcache.cached_sql(["k"], lambda: "SELECT 1")
    (entry,) = folder.glob("*.sql")
    entry.write_text("-- scoredsl sql cache someone-else\nSELECT 'evil'", encoding="utf-8")
    sqlcache._MEMORY.clear()
    assert sqlcache.cached_sql(["k"], lambda: "SELECT 1") == "SELECT 1"


def test_a_folder_others_can_write_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o777)
    assert sqlcache.cache_folder() is None
    assert sqlcache.cached_sql(["k"], lambda: "SELECT 1") == "SELECT 1"
    assert not list(folder.glob("*.sql"))


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOREDSL_NO_CACHE", "1")
    assert sqlcache.cache_folder() is None


def test_a_ruleset_key_holds_its_rules_not_object_addresses() -> None:
    import scoredsl

    one = scoredsl.loads('score fit { rule a: when x == "1" add 1 }')
    two = scoredsl.loads('score fit { rule a: when x == "1" add 1 }')
    other = scoredsl.loads('score fit { rule a: when x == "1" add 2 }')
    assert sqlcache.program_key(one.program) == sqlcache.program_key(two.program)
    assert sqlcache.program_key(one.program) != sqlcache.program_key(other.program)
