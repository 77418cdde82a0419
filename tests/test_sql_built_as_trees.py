"""SQL is built one way (issue 14 item 9): sqlglot trees, constant DuckDB templates with
trees in their placeholders (engines.sqltext.duck), or DuckDB parameters for data. No SQL
text is put together with an f-string, %-format, .format or `+` around a value."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "scoredsl"
CHECKED = sorted((ROOT / "engines").glob("*.py")) + [
    ROOT / "lint" / "profile.py",
    ROOT / "lint" / "data.py",
    ROOT / "analysis" / "matrix.py",
]
# Statement keywords as SQL spells them (upper case: messages to users are in lower case).
SQL_WORDS = re.compile(
    r"\b(SELECT|FROM|WHERE|JOIN|GROUP BY|ORDER BY|CREATE|COPY|DROP|DESCRIBE|INSERT|SET|"
    r"CASE WHEN|CAST|COUNT|UNION)\b"
)
# (file, the SQL text's first words) -> why it may be built around a value. None today.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _constant_text(node: ast.AST) -> str:
    """The literal text of a string expression's constant parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_constant_text(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _constant_text(node.left) + " " + _constant_text(node.right)
    return ""


def _is_constant(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _is_constant(node.left) and _is_constant(node.right)
    return False


def assembled_sql(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string built around a value whose text reads as SQL."""
    found = []
    for node in ast.walk(ast.parse(source)):
        built: ast.AST | None = None
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(part, ast.FormattedValue) for part in node.values
        ):
            built = node
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            if not _is_constant(node):
                built = node
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "join", "replace")
        ):
            built = node.func.value
        if built is not None:
            text = _constant_text(built)
            if SQL_WORDS.search(text):
                found.append((node.lineno, " ".join(text.split())))
    return found


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_text_is_assembled_around_values(path: Path) -> None:
    found = assembled_sql(path.read_text(encoding="utf-8"))
    name = str(path.relative_to(ROOT))
    unexplained = [
        f"{name}:{line}: {text}"
        for line, text in found
        if not any(name == f and text.startswith(start) for f, start in EXCEPTIONS)
    ]
    assert unexplained == [], "build these as sqlglot trees or DuckDB parameters"


@pytest.mark.parametrize(
    "code",
    [
        'q = f"SELECT count(*) FROM {table}"',
        'q = "SELECT * FROM %s" % table',
        'q = "CREATE TABLE {} AS SELECT 1".format(name)',
        'q = "COPY (" + query + ") TO out"',
        'q = "DROP TABLE " + name',
    ],
)
def test_the_scan_finds_sql_assembled_each_way(code: str) -> None:
    assert assembled_sql(code)


@pytest.mark.parametrize(
    "code",
    [
        'q = "SELECT count(*) FROM t"',
        'q = ("SELECT a " "FROM t")',
        'message = f"cannot read a {what} column named {name}"',
        'q = "SELECT 1 " + "FROM t"',
    ],
)
def test_the_scan_lets_constant_sql_and_messages_be(code: str) -> None:
    assert assembled_sql(code) == []
