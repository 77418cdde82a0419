"""Format: lay a `.score` file out in the one canonical style, keeping every comment.

The text of each statement comes from printer.py; this module only decides the layout:
one statement a line, blocks indented, tiers and trailing comments aligned, blank lines
between groups kept (a run collapses to one), lists exploded one item a line when they do
not fit. Comments attach to the line they sit on (trailing) or to what follows them (whole
line). A comment the layout cannot keep (inside a statement printed on one line) stops
the formatter with SD901 instead of being dropped. Before returning, the result is parsed
again and must give the same AST and the same comments (SD902 otherwise: a bug).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .. import ast, printer
from ..diagnostics import DiagnosticError, SourceMap, error
from ..parse import Comment, parse_with_comments
from ..source import Source, Span

LINE_WIDTH = 100


@dataclass(frozen=True, slots=True)
class _ListItem:
    """One item of a `let` list, with whether the source wrote it as a bare word."""

    value: ast.Scalar
    bare: bool


_Item = ast.Statement | ast.AttributeDecl | ast.EventDecl | ast.MissingDecl | _ListItem


@dataclass
class _Entry:
    """One thing that gets its own line(s): an item, or a whole-line comment (node None)."""

    start: int
    end: int
    end_line: int
    node: _Item | None = None
    comment: Comment | None = None  # the whole-line comment itself
    trailing: Comment | None = None  # the comment at the end of the item's last line
    blank_before: bool = False
    block: _Block | None = None  # the contents of a dimension, schema or let list


@dataclass
class _Block:
    entries: list[_Entry] = field(default_factory=list)
    opener: Comment | None = None  # a comment on the line of `{` or `[`

    @property
    def has_comments(self) -> bool:
        return self.opener is not None or any(
            e.comment is not None or e.trailing is not None for e in self.entries
        )


@dataclass(frozen=True, slots=True)
class _Line:
    depth: int
    code: str  # "" for a blank line or a comment on its own line
    comment: str | None = None
    align: bool = True  # False for `{` and `}` lines: their comments stay 2 spaces out


# ---------------------------------------------------------------- public API


def format_text(text: str, path: str = "<string>") -> str:
    return format_source(Source(path, text))


def format_source(source: Source) -> str:
    """The canonical text of a file. Raises DiagnosticError on syntax errors and SD901."""
    module, comments = parse_with_comments(source)
    block = _Builder(source).file(module, comments)
    formatted = _join(_render_block(block, 0))
    _verify(source, module, comments, formatted)
    return formatted


def canonical(module: ast.Module) -> ast.Module:
    """The module as the formatter prints it: modifiers in canonical order."""
    return replace(module, statements=tuple(_canonical(s) for s in module.statements))


def _canonical(node: ast.Statement) -> ast.Statement:
    if isinstance(node, ast.Rule):
        return replace(node, modifiers=printer.ordered_modifiers(node.modifiers))
    if isinstance(node, ast.Dimension):
        body = tuple(_canonical(item) for item in node.body)
        return replace(node, body=body)  # type: ignore[arg-type]
    if isinstance(node, ast.Schema):
        return replace(node, items=tuple(_canonical_decl(item) for item in node.items))
    return node


def _canonical_decl(
    node: ast.AttributeDecl | ast.EventDecl | ast.MissingDecl,
) -> ast.AttributeDecl | ast.EventDecl | ast.MissingDecl:
    """A schema item with its read options in canonical order."""
    if isinstance(node, ast.AttributeDecl):
        return replace(node, options=printer.ordered_options(node.options))
    if isinstance(node, ast.EventDecl):
        props = tuple(
            replace(p, options=printer.ordered_options(p.options)) for p in node.properties
        )
        return replace(node, properties=props)
    return node


# ---------------------------------------------------------------- comments -> entries


class _Builder:
    """Attaches each comment to a line of the layout, container by container."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text

    def file(self, module: ast.Module, comments: list[Comment]) -> _Block:
        items = [(s, s.span) for s in module.statements]
        return self._block(items, comments, opener_line=0)

    def _block(
        self, items: Sequence[tuple[_Item, Span]], comments: list[Comment], opener_line: int
    ) -> _Block:
        block = _Block([_Entry(s.start, s.end, s.end_line, node) for node, s in items])
        inner: dict[int, list[Comment]] = {}
        for comment in comments:
            self._place(comment, block, inner, opener_line)
        for index, entry in enumerate(list(block.entries)):
            if entry.node is not None and _children(entry.node) is not None:
                entry.block = self._inner(entry.node, inner.get(index, []))
        block.entries.sort(key=lambda e: e.start)
        self._mark_blank_lines(block.entries)
        return block

    def _place(
        self, comment: Comment, block: _Block, inner: dict[int, list[Comment]], opener_line: int
    ) -> None:
        start = comment.span.start
        for index, entry in enumerate(block.entries):
            if entry.node is not None and entry.start <= start < entry.end:
                if _children(entry.node) is None:
                    raise _cannot_keep(comment, entry.node, self.source)
                inner.setdefault(index, []).append(comment)
                return
        if self._has_code_before(comment):
            ending_here = [
                e
                for e in block.entries
                if e.node is not None and e.end <= start and e.end_line == comment.span.line
            ]
            if ending_here:
                max(ending_here, key=lambda e: e.end).trailing = comment
                return
            if comment.span.line == opener_line:
                block.opener = comment
                return
        span = comment.span
        block.entries.append(_Entry(span.start, span.end, span.line, comment=comment))

    def _inner(self, node: _Item, comments: list[Comment]) -> _Block:
        children = _children(node) or []
        opener = self._opener(node)
        return self._block(children, comments, self.source.position(opener)[0])

    def _opener(self, node: _Item) -> int:
        """Offset of the `{` or `[` that opens a container's contents."""
        if isinstance(node, ast.Let):
            return node.value.span.start
        after = node.name_span.end if isinstance(node, ast.Dimension) and node.name_span else 0
        assert not isinstance(node, _ListItem)
        return self.text.index("{", max(after, node.span.start))

    def _has_code_before(self, comment: Comment) -> bool:
        line_start = self.text.rfind("\n", 0, comment.span.start) + 1
        return bool(self.text[line_start : comment.span.start].strip(" \t\r\f;"))

    def _mark_blank_lines(self, entries: list[_Entry]) -> None:
        for previous, entry in zip(entries, entries[1:], strict=False):
            end = previous.trailing.span.end if previous.trailing else previous.end
            entry.blank_before = self.text.count("\n", end, entry.start) >= 2


def _children(node: _Item) -> list[tuple[_Item, Span]] | None:
    """The items of a container statement (None: not a container)."""
    if isinstance(node, ast.Dimension):
        return [(item, item.span) for item in node.body]
    if isinstance(node, ast.Schema):
        return [(item, item.span) for item in node.items]
    if isinstance(node, ast.Let) and isinstance(node.value, ast.ListValue):
        bare = node.value.bare or (False,) * len(node.value.items)
        pairs = zip(node.value.items, bare, strict=False)
        return [(_ListItem(item, flag), item.span) for item, flag in pairs]
    return None


_WHAT = {ast.Rule: "rule", ast.Tier: "tier", ast.EventDecl: "event declaration"}


def _cannot_keep(comment: Comment, node: _Item, source: Source) -> DiagnosticError:
    what = _WHAT.get(type(node), "statement")
    diagnostic = error(
        "SD901",
        f"fmt cannot keep this comment: it is inside a {what}, which is printed on one line",
        comment.span,
        f"move the comment onto its own line above the {what}, or to the end of its last line",
    )
    return DiagnosticError([diagnostic], SourceMap([source]))


# ---------------------------------------------------------------- entries -> lines


def _render_block(block: _Block, depth: int) -> list[_Line]:
    lines: list[_Line] = []
    widths = _tier_widths(block.entries)
    for entry in block.entries:
        if entry.blank_before:
            lines.append(_Line(0, ""))
        if entry.comment is not None:
            lines.append(_Line(depth, "", entry.comment.text))
        else:
            lines.extend(_render_item(entry, depth, widths.get(id(entry), 0)))
    return lines


def _render_item(entry: _Entry, depth: int, tier_width: int) -> list[_Line]:
    node, trailing = entry.node, _text(entry.trailing)
    if isinstance(node, ast.Dimension | ast.Schema) and entry.block is not None:
        head = f"score {node.name}" if isinstance(node, ast.Dimension) else "schema"
        return _container(head + " {", "}", entry.block, depth, trailing)
    if isinstance(node, ast.Let) and entry.block is not None:
        one_line = printer.let(node)
        fits = len(printer.INDENT * depth + one_line) <= LINE_WIDTH
        if fits and not entry.block.has_comments:
            return [_Line(depth, one_line, trailing)]
        return _container(f"let {node.name} = [", "]", entry.block, depth, trailing)
    if isinstance(node, _ListItem):
        return [_Line(depth, printer.scalar(node.value, node.bare) + ",", trailing)]
    if isinstance(node, ast.Tier):
        return [_Line(depth, printer.tier(node, tier_width), trailing)]
    assert node is not None
    return [_Line(depth, printer.line(node), trailing)]


def _container(
    opener: str, closer: str, block: _Block, depth: int, trailing: str | None
) -> list[_Line]:
    if not block.entries and block.opener is None:
        return [_Line(depth, opener + closer, trailing)]
    body = _render_block(block, depth + 1)
    first = _Line(depth, opener, _text(block.opener), align=False)
    return [first, *body, _Line(depth, closer, trailing, align=False)]


def _tier_widths(entries: list[_Entry]) -> dict[int, int]:
    """Name widths that line tiers up, per run of tiers not broken by a blank line."""
    widths: dict[int, int] = {}
    run: list[_Entry] = []
    for entry in [*entries, _Entry(0, 0, 0, blank_before=True)]:
        if entry.blank_before or (entry.node is not None and not isinstance(entry.node, ast.Tier)):
            names = [e.node.name for e in run if isinstance(e.node, ast.Tier)]
            width = max((len(printer.name(n)) for n in names), default=0)
            widths.update((id(e), width) for e in run)
            run = []
        if isinstance(entry.node, ast.Tier):
            run.append(entry)
    return widths


def _text(comment: Comment | None) -> str | None:
    return comment.text if comment is not None else None


def _join(lines: list[_Line]) -> str:
    """Indent, align trailing comments of consecutive lines, end with one newline."""
    out: list[str] = []
    for group in _comment_groups(lines):
        column = max(len(line.code) for line in group) + 2 if group[0].code else 0
        for line in group:
            indent = printer.INDENT * line.depth if (line.code or line.comment) else ""
            code = line.code.ljust(column) if line.comment and line.code else line.code
            out.append(indent + code + (line.comment or ""))
    return "\n".join(out) + "\n" if out else ""


def _comment_groups(lines: list[_Line]) -> list[list[_Line]]:
    """Consecutive lines with code and a trailing comment at one depth form one group."""
    groups: list[list[_Line]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if (
            _aligns(line)
            and previous is not None
            and _aligns(previous)
            and previous.depth == line.depth
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _aligns(line: _Line) -> bool:
    return bool(line.align and line.code and line.comment)


# ---------------------------------------------------------------- safety net


def _verify(source: Source, module: ast.Module, comments: list[Comment], formatted: str) -> None:
    """The output must mean the same and keep every comment, or nothing is written."""
    try:
        again, kept = parse_with_comments(Source(source.path, formatted))
    except DiagnosticError:
        again, kept = None, []
    if again != canonical(module) or [c.text for c in kept] != [c.text for c in comments]:
        raise DiagnosticError(
            [
                error(
                    "SD902",
                    "fmt produced text that does not parse back to the same rules",
                    source.span(0, 0),
                    "this is a bug in scoredsl fmt; the file was left unchanged. "
                    "Please report it with the file",
                )
            ],
            SourceMap([source]),
        )
