"""`scoredsl fmt`: the canonical layout, comments kept in place, and the command's contract
(--check, --diff, stdin, directories, atomic writes, exit codes, refusals)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from helpers import ROOT, assert_golden
from test_golden import GOLDEN
from typer.testing import CliRunner

from scoredsl import printer
from scoredsl.cli import app
from scoredsl.diagnostics import DiagnosticError, render_all_text
from scoredsl.fmt import canonical, format_text
from scoredsl.fmt import command as fmt_command
from scoredsl.parse import parse_text, parse_with_comments
from scoredsl.source import Source

FMT = GOLDEN / "fmt"
MESSY = (FMT / "messy.score").read_text(encoding="utf-8")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["fmt", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def refused(text: str) -> DiagnosticError:
    with pytest.raises(DiagnosticError) as caught:
        format_text(text, "bad.score")
    return caught.value


# ---------------------------------------------------------------- comments from the parser


def test_parse_with_comments_returns_the_same_ast_and_each_comment_with_its_place() -> None:
    text = 'let x = "# not a comment"  # a comment\nwhen a add 1 #b\n'
    module, comments = parse_with_comments(Source("c.score", text))
    assert module == parse_text(text, "c.score")
    assert [(c.text, c.span.line, c.span.column) for c in comments] == [
        ("# a comment", 1, 28),
        ("#b", 2, 14),
    ]


# ---------------------------------------------------------------- the layout


def test_messy_file_formats_as_golden() -> None:
    assert_golden(format_text(MESSY, "messy.score"), FMT / "messy.formatted")


def test_golden_is_a_fixed_point() -> None:
    formatted = (FMT / "messy.formatted").read_text(encoding="utf-8")
    assert format_text(formatted) == formatted


def test_formatting_keeps_the_rules_and_every_comment() -> None:
    before, comments = parse_with_comments(Source("m.score", MESSY))
    after, kept = parse_with_comments(Source("m.score", format_text(MESSY, "m.score")))
    assert after == canonical(before)
    assert [c.text for c in kept] == [c.text for c in comments]


def test_bundled_rulesets_are_formatted() -> None:
    code, out, err = run(str(ROOT / "rulesets"))
    assert (code, out) == (0, "")
    count = len(list((ROOT / "rulesets").rglob("*.score")))  # fmt walks subdirectories
    assert err == f"{count} files left unchanged\n"
    assert run("--check", str(ROOT / "rulesets"))[0] == 0


def test_one_statement_a_line_with_normalized_spacing() -> None:
    text = 'ruleset  "r";let x=[A,"b" ,3,];when  email.opened   add 2;range 0 ..10\n'
    assert format_text(text) == (
        'ruleset "r"\nlet x = [A, "b", 3]\nwhen email.opened add 2\nrange 0..10\n'
    )


def test_modifiers_take_the_spec_order() -> None:
    text = "when page.visited add 15 within 30d max 20 once\n"
    assert format_text(text) == "when page.visited add 15 once max 20 within 30d\n"


def test_bare_and_quoted_list_items_keep_their_form() -> None:
    text = 'let x = [CTO, "CIO", email.opened, "Head of IT", true, 2.50]\n'
    assert format_text(text) == 'let x = [CTO, "CIO", email.opened, "Head of IT", true, 2.5]\n'
    assert parse_text(format_text(text)) == parse_text(text)


def test_long_list_is_exploded_one_item_a_line() -> None:
    items = ", ".join(f'"item number {i}"' for i in range(8))
    lines = format_text(f"let many = [{items}]\n").splitlines()
    assert lines[0] == "let many = ["
    assert lines[1:3] == ['  "item number 0",', '  "item number 1",']
    assert lines[-1] == "]"


def test_tiers_align_within_a_group_and_a_blank_line_starts_a_new_group() -> None:
    text = (
        "tier hot when score >= 70\ntier sales_ready when score > 50\ntier cold otherwise\n"
        "\n\n\ntier x when score < 0\n"
    )
    assert format_text(text) == (
        "tier hot         when score >= 70\n"
        "tier sales_ready when score > 50\n"
        "tier cold        otherwise\n"
        "\n"
        "tier x when score < 0\n"
    )


def test_trailing_comments_of_consecutive_lines_line_up() -> None:
    text = "when a.b add 1 # one\nwhen a.long.event add 2    # two\n\nwhen c add 3   # three\n"
    assert format_text(text) == (
        "when a.b add 1           # one\nwhen a.long.event add 2  # two\n\nwhen c add 3  # three\n"
    )


def test_blocks_are_indented_one_item_a_line() -> None:
    text = "score fit { when title == CTO add 1; range 0..5 }\nschema { event a { x: string y: number } }\n"
    assert format_text(text) == (
        "score fit {\n"
        "  when title == CTO add 1\n"
        "  range 0..5\n"
        "}\n"
        "schema {\n"
        "  event a { x: string, y: number }\n"
        "}\n"
    )


def test_predicates_get_parentheses_that_help_the_reader() -> None:
    text = "when a == 1 or b == 2 and c == 3 add 1\nwhen not country in [US] add 1\n"
    assert format_text(text) == (
        "when a == 1 or (b == 2 and c == 3) add 1\nwhen not (country in [US]) add 1\n"
    )


def test_numbers_print_in_plain_form() -> None:
    text = "when a == 0.0000001 add 10.0 max 2.50\n"
    assert format_text(text) == "when a == 0.0000001 add 10 max 2.5\n"


def test_line_endings_and_blank_runs_are_normalized() -> None:
    text = "\r\n\r\n# a\r\nwhen x add 1\r\n\r\n\r\n\r\nwhen y add 2   \r\n\r\n"
    assert format_text(text) == "# a\nwhen x add 1\n\nwhen y add 2\n"


def test_empty_and_comment_only_files() -> None:
    assert format_text("") == ""
    assert format_text("\n\n  \n") == ""
    assert format_text("  # only a comment   \n\n") == "# only a comment\n"


# ---------------------------------------------------------------- comments in blocks


def test_comments_on_block_opener_closer_and_before_the_closing_brace() -> None:
    text = "score fit {   # who\n  when a add 1\n  # later\n}    # end\n"
    assert format_text(text) == "score fit {  # who\n  when a add 1\n  # later\n}  # end\n"


def test_comment_in_an_empty_block_keeps_the_block_open() -> None:
    assert format_text("score fit { # todo\n}\n") == "score fit {  # todo\n}\n"
    assert format_text("score fit {\n# todo\n}\n") == "score fit {\n  # todo\n}\n"


def test_comments_in_a_let_list_explode_it() -> None:
    text = "let x = [a, # first\n b]\n"
    assert format_text(text) == "let x = [\n  a,  # first\n  b,\n]\n"


def test_comment_after_semicolon_separated_statements_goes_with_the_last() -> None:
    assert format_text("when a add 1; when b add 2 # b\n") == "when a add 1\nwhen b add 2  # b\n"


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("when (a == 1  # why\n  or b == 2) add 1\n", "rule"),
        ("when a in [x, # why\n y] add 1\n", "rule"),
        ("tier hot when (score > 1 # why\n) \n", "tier"),
        ("schema {\n  event a { # why\n    x: string }\n}\n", "event declaration"),
    ],
)
def test_comment_inside_a_one_line_statement_is_refused(text: str, what: str) -> None:
    diagnostic = refused(text).diagnostics[0]
    assert diagnostic.code == "SD901"
    assert f"inside a {what}" in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.line in (1, 2)
    assert text[diagnostic.span.start : diagnostic.span.end] == "# why"


def test_refusal_renders_with_the_source_line_and_a_caret() -> None:
    exc = refused("let a = 1\nwhen (title == CTO  # the boss\n  or title == CIO) add 10\n")
    rendered = render_all_text(exc.diagnostics, exc.sources) + "\n"
    assert_golden(rendered, FMT / "refused.txt")


def test_refused_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "r.score"
    text = "when (a == 1  # why\n  or b == 2)   add 1\n"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 1
    assert f"{path}:1:15: error[SD901]" in err
    assert "1 file could not be formatted" in err
    assert path.read_text(encoding="utf-8") == text


def test_formatter_bug_is_caught_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.score"
    path.write_text("when a add 1\n", encoding="utf-8")
    monkeypatch.setattr(printer, "rule", lambda node, with_name=True: "when b add 1")
    code, _, err = run(str(path))
    assert code == 4
    assert "error[SD902]" in err
    assert path.read_text(encoding="utf-8") == "when a add 1\n"


# ---------------------------------------------------------------- the command


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a.score").write_text("when a   add 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.score").write_text("when b add 1\n", encoding="utf-8")
    (tmp_path / "sub" / "notes.txt").write_text("when   c add 1\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.score").write_text("when   c add 1\n", encoding="utf-8")
    return tmp_path


def test_directory_is_formatted_recursively_in_place(tree: Path) -> None:
    code, out, err = run(str(tree))
    assert (code, out) == (0, "")
    assert err == "1 file reformatted, 1 file left unchanged\n"
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a add 1\n"
    assert (tree / "sub" / "notes.txt").read_text(encoding="utf-8") == "when   c add 1\n"
    assert (tree / ".hidden" / "c.score").read_text(encoding="utf-8") == "when   c add 1\n"
    assert sorted(p.name for p in tree.iterdir()) == [".hidden", "a.score", "sub"]  # no temp


def test_write_keeps_the_file_mode(tree: Path) -> None:
    path = tree / "a.score"
    path.chmod(0o640)
    run(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_check_lists_files_that_would_change_and_writes_nothing(tree: Path) -> None:
    code, out, err = run("--check", str(tree))
    assert code == 1
    assert out == f"would reformat: {tree / 'a.score'}\n"
    assert err == "1 file would be reformatted, 1 file already formatted\n"
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a   add 1\n"
    assert run("--check", str(tree / "sub"))[0] == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(tree: Path) -> None:
    code, out, _ = run("--diff", str(tree / "a.score"))
    assert code == 1
    name = tree / "a.score"
    assert out == (
        f"--- {name} (original)\n+++ {name} (formatted)\n"
        "@@ -1 +1 @@\n-when a   add 1\n+when a add 1\n"
    )
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a   add 1\n"


def test_stdin_is_formatted_to_stdout() -> None:
    assert run("-", stdin="when a   add 1;when b add 2") == (0, "when a add 1\nwhen b add 2\n", "")
    assert run("--check", "-", stdin="when a add 1\n") == (0, "", "")
    assert run("--check", "-", stdin="when a  add 1\n")[0] == 1


def test_syntax_error_is_reported_with_file_line_and_caret(tree: Path) -> None:
    path = tree / "broken.score"
    path.write_text("when a add\n", encoding="utf-8")
    code, _, err = run(str(path))
    assert code == 1
    assert f"{path}:1:11: error[SD001]" in err
    assert "1 | when a add" in err and "^" in err
    assert path.read_text(encoding="utf-8") == "when a add\n"


def test_missing_path_is_a_usage_error(tree: Path) -> None:
    code, _, err = run(str(tree / "nope.score"), str(tree / "a.score"))
    assert code == 2
    assert "error[SD004]: file not found" in err
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a add 1\n"  # others still done


def test_brace_lines_keep_their_comments_two_spaces_out() -> None:
    text = "score a { when x add 1 # c\n when yy add 2 # d\n} # end a\nscore engagement { # e\n}\n"
    assert format_text(text) == (
        "score a {\n"
        "  when x add 1   # c\n"
        "  when yy add 2  # d\n"
        "}  # end a\n"
        "score engagement {  # e\n"
        "}\n"
    )


def test_a_file_named_twice_is_formatted_once(tree: Path) -> None:
    code, _, err = run(str(tree / "a.score"), str(tree), str(tree / "a.score"))
    assert code == 0
    assert err == "1 file reformatted, 1 file left unchanged\n"


def test_symlink_stays_a_link_and_its_target_is_formatted(tree: Path) -> None:
    link = tree / "link.score"
    link.symlink_to(tree / "a.score")
    assert run(str(link))[0] == 0
    assert link.is_symlink()
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a add 1\n"


def test_unwritable_file_is_reported_and_left_alone(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fmt_command, "_write_atomic", refuse)
    code, _, err = run(str(tree / "a.score"))
    assert code == 1
    assert "error[SD004]: cannot write" in err and "Permission denied" in err
    assert err.endswith("1 file could not be formatted\n")
    assert (tree / "a.score").read_text(encoding="utf-8") == "when a   add 1\n"
