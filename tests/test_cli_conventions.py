"""The conventions every command shares (issue 14, items 1-7), through the real entry point:
exit codes, --version, colour (NO_COLOR / FORCE_COLOR), user text never read as markup,
carets under wide characters, stdin, help text, the one folder walker, the lean core
without its extras, and the README's command and exit-code tables against the app."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from scoredsl.cli import app
from scoredsl.cli_support import EXIT_CODES, EXIT_DATA, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from scoredsl.fmt import format_text

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).parent / "scoredsl"  # the console script pip installed
SCOREDSL = (
    [str(_SCRIPT)]
    if _SCRIPT.exists()
    else [sys.executable, "-c", "from scoredsl.cli import main; main()"]
)
ANSI = "\x1b["

RULES = format_text(
    'ruleset "acme [red]"\n\n'
    "rule opened: when email.opened add 5\n"
    'rule cto: when title == "CTO" add 10\n\n'
    "tier hot when score >= 10\n"
    "tier cold otherwise\n"
)
BROKEN = "rule a: when email.opened add\n"  # a syntax error
WARNS = "let unused = [a,  b]\nwhen email.opened add 0\n"  # lint warnings; not canonical
LEADS = (
    '{"id": "L-[red]", "attributes": {"title": "CTO"}, "events": []}\n'
    '{"id": "L-2", "attributes": {}, "events": [{"type": "email.opened", "at": "2026-10-30"}]}\n'
)
BAD_LEADS = '{"id": "L-1", "attributes": {}, "events": [{"type": "x", "at": "not a time"}]}\n'
PASSING = (
    "as_of 2026-11-01\n\n"
    'test "cto" {\n  lead { title: "CTO" }\n  expect score == 10\n  expect tier == hot\n}\n'
)
FAILING = PASSING.replace("score == 10", "score == 99")


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`scoredsl ARGS` in a subprocess, as a user runs it."""
    return subprocess.run(
        [*SCOREDSL, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def invoke(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """`scoredsl ARGS` through typer's runner (in process, faster)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project: a clean ruleset with its tests, a broken one, one with warnings, data."""
    (tmp_path / "rules.score").write_text(RULES, encoding="utf-8")
    (tmp_path / "rules.scoretest").write_text(PASSING, encoding="utf-8")
    (tmp_path / "broken.score").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "warns.score").write_text(WARNS, encoding="utf-8")
    (tmp_path / "failing.scoretest").write_text('rules "rules.score"\n' + FAILING, encoding="utf-8")
    (tmp_path / "leads.jsonl").write_text(LEADS, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(BAD_LEADS, encoding="utf-8")
    (tmp_path / "leads.csv").write_text("id,title\nL-1,CTO\nL-2,\n", encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------- exit codes (item 3)

DATA = ("--leads", "leads.jsonl", "--as-of", "2026-11-01")
EXIT_CASES = [
    # (command line, expected code)
    (["check", "rules.score"], EXIT_OK),
    (["check", "broken.score"], EXIT_FINDINGS),
    (["check", "missing.score"], EXIT_USAGE),
    (["check", "rules.score", "--bogus"], EXIT_USAGE),
    (["lint", "rules.score"], EXIT_OK),
    (["lint", "warns.score"], EXIT_OK),
    (["lint", "warns.score", "--fail-on", "warning"], EXIT_FINDINGS),
    (["lint", "broken.score"], EXIT_FINDINGS),
    (["lint", "missing.score"], EXIT_USAGE),
    (["lint", "rules.score", "--select", "NOPE"], EXIT_USAGE),
    (["lint", "rules.score", "--leads", "bad.jsonl"], EXIT_DATA),
    (["fmt", "--check", "rules.score"], EXIT_OK),
    (["fmt", "--check", "warns.score"], EXIT_FINDINGS),
    (["fmt", "--check", "broken.score"], EXIT_FINDINGS),
    (["fmt", "missing.score"], EXIT_USAGE),
    (["test", "rules.scoretest"], EXIT_OK),
    (["test", "failing.scoretest"], EXIT_FINDINGS),
    (["test", "rules.scoretest", "--min-coverage", "100"], EXIT_FINDINGS),
    (["test", "missing.scoretest"], EXIT_USAGE),
    (["score", "rules.score", *DATA], EXIT_OK),
    (["score", "broken.score", *DATA], EXIT_FINDINGS),
    (["score", "missing.score", *DATA], EXIT_USAGE),
    (["score", "rules.score", "--leads", "missing.jsonl"], EXIT_USAGE),
    (["score", "rules.score", "--leads", "bad.jsonl"], EXIT_DATA),
    (["explain", "rules.score", *DATA, "--lead", "L-2"], EXIT_OK),
    (["explain", "broken.score", *DATA, "--lead", "L-2"], EXIT_FINDINGS),
    (["explain", "rules.score", *DATA, "--lead", "L-9"], EXIT_USAGE),
    (["explain", "rules.score", "--leads", "bad.jsonl", "--lead", "L-1"], EXIT_DATA),
    (["compile", "rules.score"], EXIT_OK),
    (["compile", "broken.score"], EXIT_FINDINGS),
    (["compile", "missing.score"], EXIT_USAGE),
    (["backtest", "broken.score", *DATA, "--outcome", "won"], EXIT_FINDINGS),
    (["backtest", "rules.score", *DATA], EXIT_USAGE),  # no outcomes named
    (["backtest", "rules.score", "--leads", "missing.csv", "--outcome", "won"], EXIT_USAGE),
    (["backtest", "rules.score", "--leads", "bad.jsonl", "--outcome", "won"], EXIT_DATA),
    (["fit", "broken.score", *DATA, "--outcome", "won"], EXIT_FINDINGS),
    (["fit", "rules.score", *DATA, "--holdout", "2"], EXIT_USAGE),
    (["fit", "rules.score", "--leads", "bad.jsonl", "--outcome", "won"], EXIT_DATA),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CASES, ids=[" ".join(a) for a, _ in EXIT_CASES])
def test_every_command_exits_by_the_one_table(project: Path, args: list[str], code: int) -> None:
    got, out, err = invoke(*args, cwd=project)
    assert got == code, f"{args}: exit {got}\n{out}\n{err}"
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "missing.score"], EXIT_USAGE),
        (["lint", "warns.score", "--fail-on", "warning"], EXIT_FINDINGS),
        (["score", "rules.score", "--leads", "bad.jsonl"], EXIT_DATA),
        (["fmt", "--check", "warns.score"], EXIT_FINDINGS),
        (["test", "failing.scoretest"], EXIT_FINDINGS),
        (["score", "rules.score", "--no-such-option"], EXIT_USAGE),
    ],
)
def test_exit_codes_through_the_installed_entry_point(
    project: Path, args: list[str], code: int
) -> None:
    result = run(*args, cwd=project)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_path_names_it_and_suggests_the_nearest(project: Path) -> None:
    result = run("check", "rule.score", cwd=project)
    assert result.returncode == EXIT_USAGE
    assert "file not found: rule.score" in result.stderr
    assert "did you mean `rules.score`?" in result.stderr


# ---------------------------------------------------------------- version and completion (1)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag(project: Path, flag: str) -> None:
    result = run(flag, cwd=project)
    assert result.returncode == 0
    assert re.fullmatch(r"scoredsl \d+\.\d+\.\d+\S*\n", result.stdout)


def test_shell_completion_is_offered(project: Path) -> None:
    result = run("--help", cwd=project, env={"COLUMNS": "120"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


# ---------------------------------------------------------------- colour and markup (4)

COLOUR_CASES = [
    (["explain", "rules.score", *DATA, "--lead", "L-2"], "stdout"),
    (["test", "failing.scoretest"], "stdout"),
    (["check", "broken.score"], "stderr"),
]


@pytest.mark.parametrize(("args", "stream"), COLOUR_CASES, ids=lambda v: str(v))
def test_force_color_and_no_color_are_honoured(project: Path, args: list[str], stream: str) -> None:
    plain = os.environ.copy()
    plain.pop("FORCE_COLOR", None)
    plain.pop("NO_COLOR", None)
    piped = subprocess.run(
        [*SCOREDSL, *args], cwd=project, capture_output=True, text=True, env=plain, check=False
    )
    forced = run(*args, cwd=project, env={"FORCE_COLOR": "1"})
    both = run(*args, cwd=project, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ANSI not in getattr(piped, stream)  # a pipe: no colour
    assert ANSI in getattr(forced, stream)
    assert ANSI not in getattr(both, stream)  # NO_COLOR wins


def test_a_lead_id_with_brackets_is_printed_as_written(project: Path) -> None:
    result = run("explain", "rules.score", *DATA, "--lead", "L-[re]", cwd=project)
    assert result.returncode == EXIT_USAGE
    assert "no lead with id `L-[re]`" in result.stderr
    assert "did you mean `L-[red]`?" in result.stderr


def test_a_ruleset_name_with_brackets_keeps_its_tail(project: Path) -> None:
    explained = run("explain", "rules.score", *DATA, "--lead", "L-[red]", cwd=project)
    assert "ruleset acme [red]" in explained.stdout and "Lead L-[red]" in explained.stdout
    forced = run(
        "explain", "rules.score", *DATA, "--lead", "L-[red]", cwd=project, env={"FORCE_COLOR": "1"}
    )
    assert "acme [red]" in forced.stdout
    table = run(
        "score", "rules.score", *DATA, "--format", "table", cwd=project, env={"COLUMNS": "100"}
    )
    assert "acme [red]" in table.stdout and "L-[red]" in table.stdout


def _cells(text: str) -> int:
    """Terminal cells, counted independently of rich: wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_the_caret_sits_under_the_error_after_wide_characters(project: Path) -> None:
    line = "rule 日本語の規則: when email.opened add 5\n"
    (project / "cjk.score").write_text(
        'rule "日本語の規則" when email.opened add 5\n', encoding="utf-8"
    )
    result = run("check", "cjk.score", cwd=project)
    assert result.returncode == EXIT_FINDINGS
    shown = result.stderr.splitlines()
    quoted = next(i for i, text in enumerate(shown) if text.startswith("1 | "))
    caret_line = shown[quoted + 1]
    start = caret_line.index("^") - len("  | ")
    source = shown[quoted][len("1 | ") :]
    assert start == _cells(source[: source.index("when")])
    assert line  # the quoted line is the ruleset's first line


# ---------------------------------------------------------------- stdin (2)


def test_check_lint_and_fmt_read_stdin_under_the_given_name(project: Path) -> None:
    checked = run("check", "-", "--stdin-filename", "piped.score", cwd=project, stdin=BROKEN)
    assert checked.returncode == EXIT_FINDINGS and "piped.score:1:" in checked.stderr
    assert run("check", "-", cwd=project, stdin=RULES).returncode == EXIT_OK
    linted = run("lint", "-", "--stdin-filename", "piped.score", cwd=project, stdin=WARNS)
    assert linted.returncode == EXIT_OK and "piped.score:1:" in linted.stdout
    assert run("lint", "-", "--fail-on", "warning", cwd=project, stdin=WARNS).returncode == 1
    formatted = run("fmt", "-", cwd=project, stdin="when  email.opened   add 1\n")
    assert (formatted.returncode, formatted.stdout) == (0, "when email.opened add 1\n")
    failed = run("fmt", "-", "--stdin-filename", "p.score", cwd=project, stdin=BROKEN)
    assert failed.returncode == EXIT_FINDINGS and "p.score:1:" in failed.stderr


SCORE_CSV = ("score", "rules.score", "--leads-format", "csv", "--as-of", "2026-11-01", "-q")


def test_score_reads_leads_from_stdin_as_json_lines_or_the_named_format(project: Path) -> None:
    piped = run(
        "score",
        "rules.score",
        "--leads",
        "-",
        "--as-of",
        "2026-11-01",
        "-q",
        cwd=project,
        stdin=LEADS,
    )
    from_file = run("score", "rules.score", *DATA, "-q", cwd=project)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == from_file.stdout and len(piped.stdout.splitlines()) == 2
    csv_text = (project / "leads.csv").read_text()
    as_csv = run(*SCORE_CSV, "--leads", "-", cwd=project, stdin=csv_text)
    assert as_csv.returncode == 0, as_csv.stderr
    assert [json.loads(r)["lead_id"] for r in as_csv.stdout.splitlines()] == ["L-1", "L-2"]


def test_bad_leads_on_stdin_are_reported_as_stdin(project: Path) -> None:
    result = run("score", "rules.score", "--leads", "-", cwd=project, stdin=BAD_LEADS)
    assert result.returncode == EXIT_DATA
    assert result.stderr.startswith("<stdin>:1:") and "scoredsl-" not in result.stderr


@pytest.mark.parametrize(
    ("named", "shown"),
    [((), "<stdin>"), (("--stdin-filename", "crm/today.jsonl"), "crm/today.jsonl")],
)
def test_skipped_leads_from_stdin_name_stdin_in_the_rejects_file_and_summary(
    project: Path, named: tuple[str, ...], shown: str
) -> None:
    """Stdin is read from a temp copy: users must see what they gave, never the copy."""
    args = ("score", "rules.score", "--leads", "-", "--as-of", "2026-11-01", "--skip-invalid")
    piped = LEADS + BAD_LEADS
    kept = run(*args, *named, "--rejects", "rejects.jsonl", cwd=project, stdin=piped)
    assert kept.returncode == EXIT_OK, kept.stderr
    (entry,) = [json.loads(line) for line in (project / "rejects.jsonl").read_text().splitlines()]
    assert (entry["file"], entry["line"]) == (shown, 3)
    said = run(*args, *named, cwd=project, stdin=piped)
    assert said.returncode == EXIT_OK
    assert f"{shown}:3:" in said.stderr and "skipped[" in said.stderr
    assert "scoredsl-" not in kept.stderr + said.stderr
    explained = run(
        "explain", "rules.score", "--leads", "-", "--lead", "L-9", *named, cwd=project, stdin=LEADS
    )
    assert explained.returncode == EXIT_USAGE and f"in {shown}" in explained.stderr


def test_a_file_read_under_another_format_keeps_its_name(project: Path) -> None:
    (project / "export.txt").write_text(LEADS + BAD_LEADS)
    args = ("score", "rules.score", "--leads", "export.txt", "--leads-format", "jsonl")
    run(*args, "--skip-invalid", "--rejects", "rejects.jsonl", "-q", cwd=project)
    (entry,) = [json.loads(line) for line in (project / "rejects.jsonl").read_text().splitlines()]
    assert entry["file"] == "export.txt"


def test_leads_format_overrides_the_extension(project: Path) -> None:
    (project / "export.txt").write_text((project / "leads.csv").read_text())
    refused = run("score", "rules.score", "--leads", "export.txt", "-q", cwd=project)
    assert refused.returncode == EXIT_DATA
    named = run(*SCORE_CSV, "--leads", "export.txt", cwd=project)
    assert named.returncode == 0 and len(named.stdout.splitlines()) == 2
    wrong = run(
        "score", "rules.score", "--leads", "export.txt", "--leads-format", "xls", cwd=project
    )
    assert wrong.returncode == EXIT_USAGE and "jsonl, csv, parquet" in wrong.stderr


# ---------------------------------------------------------------- help (5) and formats


def _commands() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_help_shows_no_python_types_nor_files_users_do_not_have(project: Path) -> None:
    for command in _commands():
        code, out, _ = invoke(command, "--help", cwd=project, env={"COLUMNS": "200"})
        assert code == 0, command
        for leak in (
            "<bool>",
            "<str>",
            "<path>",
            "<int>",
            "<float>",
            "list[",
            "{",
            "docs/",
            "spec section",
        ):
            assert leak not in out, f"`scoredsl {command} --help` shows {leak!r}"


SHARED_OPTIONS = (
    "--events", "--as-of", "--outcome", "--outcomes", "--horizon", "--engine", "--progress",
    "--output", "--id-column", "--events-lead-column", "--events-type-column",
    "--events-at-column",
)  # fmt: skip
DATA_COMMANDS = ("score", "explain", "lint", "backtest", "fit", "card", "diff")


def test_an_option_two_commands_share_reads_the_same_in_both() -> None:
    """One option, one meaning: the same help, metavar and default wherever it appears
    (compile's --as-of, score's and fit's -o and score's --engine say what is theirs)."""
    own = {("compile", "--as-of"), ("score", "--output"), ("compile", "--output"),
           ("fit", "--output"), ("score", "--engine")}  # fmt: skip
    seen: dict[str, tuple[str, object, object]] = {}
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            option = next((o for o in param.opts if o in SHARED_OPTIONS), None)
            if option is None or (name, option) in own:
                continue
            shown = (param.help, param.metavar, param.default)
            assert seen.setdefault(option, shown) == shown, f"{name} {option}"
    assert set(seen) == set(SHARED_OPTIONS)


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_every_data_command_takes_the_column_options(project: Path, command: str) -> None:
    args = {"score": ["rules.score"], "explain": ["rules.score", "--lead", "L-2"],
            "lint": ["rules.score"], "backtest": ["rules.score", "--outcome", "won"],
            "fit": ["rules.score", "--outcome", "won"], "card": ["rules.score"],
            "diff": ["rules.score", "rules.score"]}[command]  # fmt: skip
    data = ["--leads", "leads.jsonl", "--as-of", "2026-11-01"]
    wide = {"COLUMNS": "300"}
    code, _, err = invoke(command, *args, *data, "--events-type-column", " ", cwd=project, env=wide)
    assert code == EXIT_USAGE and "--events-type-column" in err and "give a column name" in err
    same = ("--events-type-column", "lead_id")
    code, _, err = invoke(command, *args, *data, *same, cwd=project, env=wide)
    assert code == EXIT_USAGE and "three different columns" in err


def test_short_flags_have_long_forms(project: Path) -> None:
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            shorts = [o for o in param.opts if not o.startswith("--")]
            if shorts and getattr(param, "param_type_name", "") == "option":
                assert any(o.startswith("--") for o in param.opts), f"{name} {shorts}"
    selected = invoke("test", "rules.scoretest", "--match", "cto", cwd=project)
    assert selected[0] == 0 and "1 passed" in selected[1]


@pytest.mark.parametrize("format", ["json", "sarif", "github", "junit"])
def test_check_writes_every_report_format_lint_does(project: Path, format: str) -> None:
    code, out, _ = invoke("check", "broken.score", "--format", format, cwd=project)
    assert code == EXIT_FINDINGS
    linted = invoke("lint", "broken.score", "--format", format, cwd=project)[1]
    if format == "json":
        assert json.loads(out)[0]["code"] == "SD001" and json.loads(linted)[0]["code"] == "SD001"
    elif format == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "SD001"
    elif format == "github":
        assert out.startswith("::error file=broken.score,line=1")
    else:
        assert "<testsuites" in out and 'name="scoredsl check"' in out


def test_fmt_and_compile_speak_json(project: Path) -> None:
    code, out, _ = invoke(
        "fmt",
        "--check",
        "--format",
        "json",
        "rules.score",
        "warns.score",
        "broken.score",
        cwd=project,
    )
    assert code == EXIT_FINDINGS
    status = {e["path"]: e["status"] for e in json.loads(out)}
    assert status == {
        "rules.score": "unchanged",
        "warns.score": "would reformat",
        "broken.score": "error",
    }
    code, out, _ = invoke("compile", "rules.score", "--format", "json", cwd=project)
    assert (
        code == 0 and json.loads(out)["dialect"] == "duckdb" and "SELECT" in json.loads(out)["sql"]
    )


# ---------------------------------------------------------------- one walker (6)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """One good ruleset with its test, and broken ones where no walk may look."""
    (tmp_path / "rules.score").write_text(RULES, encoding="utf-8")
    (tmp_path / "rules.scoretest").write_text(PASSING, encoding="utf-8")
    for folder in (".hidden", "node_modules", "vendor", "drafts"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.score").write_text(BROKEN, encoding="utf-8")
        (tmp_path / folder / "bad.scoretest").write_text(FAILING, encoding="utf-8")
    (tmp_path / "scratch.score").write_text(BROKEN, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("node_modules/\nscratch.score\n", encoding="utf-8")
    (tmp_path / "drafts" / ".gitignore").write_text("*\n", encoding="utf-8")
    (tmp_path / "scoredsl.toml").write_text('exclude = ["vendor/"]\n', encoding="utf-8")
    return tmp_path


WALKS = [["check", "."], ["lint", "."], ["fmt", "--check", "."], ["test", "."]]


@pytest.mark.parametrize("args", WALKS, ids=lambda a: a[0])
def test_every_command_walks_a_folder_the_same_way(tree: Path, args: list[str]) -> None:
    code, out, err = invoke(*args, cwd=tree)
    assert code == EXIT_OK, out + err
    assert "bad" not in out + err and "scratch" not in out + err


@pytest.mark.parametrize("args", WALKS, ids=lambda a: a[0])
def test_exclude_in_pyproject_works_as_in_scoredsl_toml(tree: Path, args: list[str]) -> None:
    (tree / "scoredsl.toml").unlink()
    (tree / "pyproject.toml").write_text('[tool.scoredsl]\nexclude = ["vendor/"]\n')
    assert invoke(*args, cwd=tree)[0] == EXIT_OK
    (tree / "pyproject.toml").write_text("[tool.scoredsl]\nexclude = []\n")
    assert invoke(*args, cwd=tree)[0] == EXIT_FINDINGS  # vendor/ is read again


@pytest.mark.parametrize("command", ["check", "lint", "fmt"])
def test_a_file_named_on_the_command_line_is_always_read(tree: Path, command: str) -> None:
    args = [command, "--check"] if command == "fmt" else [command]
    assert invoke(*args, "vendor/bad.score", cwd=tree)[0] == EXIT_FINDINGS


# ---------------------------------------------------------------- the lean core (7)

BLOCKER = """
import sys
BLOCKED = {"pyarrow", "duckdb", "numpy", "sqlglot", "sklearn", "pandas"}

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None

sys.meta_path.insert(0, Blocker())
"""


@pytest.fixture
def lean(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment in which pyarrow, duckdb, numpy, sqlglot and scikit-learn cannot be
    imported: what `pip install scoredsl` (no extras) gives a pre-commit hook."""
    hooks = tmp_path_factory.mktemp("lean")
    (hooks / "sitecustomize.py").write_text(BLOCKER)
    path = os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")])
    return {"PYTHONPATH": path}


def test_import_scoredsl_cli_loads_no_heavy_module(project: Path) -> None:
    code = "import sys, scoredsl.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in {'pyarrow', 'duckdb', 'numpy', 'sqlglot', 'sklearn', 'pandas'}))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_core_checks_lints_formats_tests_and_scores_without_extras(
    project: Path, lean: dict[str, str]
) -> None:
    for args in (
        ["check", "rules.score"],
        ["lint", "rules.score"],
        ["fmt", "--check", "rules.score"],
        ["test", "rules.scoretest"],
    ):
        result = run(*args, cwd=project, env=lean)
        assert result.returncode == 0, (args, result.stderr)
    auto = run(
        "score",
        "rules.score",
        "--leads",
        "leads.csv",
        "--as-of",
        "2026-11-01",
        "-q",
        cwd=project,
        env=lean,
    )
    full = run(
        "score", "rules.score", "--leads", "leads.csv", "--as-of", "2026-11-01", "-q", cwd=project
    )
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout == full.stdout  # auto falls back to Python; same records


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["score", "rules.score", "--leads", "leads.csv", "--engine", "duckdb"], "duckdb"),
        (["score", "rules.score", "--leads", "leads.parquet"], "parquet"),
        (["score", "rules.score", *DATA, "--format", "parquet", "-o", "out.parquet"], "parquet"),
        (["compile", "rules.score"], "sql"),
        (["lint", "rules.score", "--leads", "leads.csv"], "duckdb"),
        (["backtest", "rules.score", *DATA, "--outcome", "won"], "analysis"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_a_missing_extra_is_named(
    project: Path, lean: dict[str, str], args: list[str], extra: str
) -> None:
    (project / "leads.parquet").write_bytes(b"PAR1")  # never opened: the extra is missing
    result = run(*args, cwd=project, env=lean)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"pip install 'scoredsl[{extra}]'" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- README tables


def _readme_table(heading: str) -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_readme_command_table_lists_every_command() -> None:
    listed = [
        re.sub(r"`scoredsl ([\w-]+).*", r"\1", row[0]) for row in _readme_table("Command reference")
    ]
    assert sorted(listed) == _commands()


def test_readme_exit_code_table_matches_the_code() -> None:
    rows = _readme_table("Exit codes")
    assert [int(row[0]) for row in rows] == [code for code, _ in EXIT_CODES]
