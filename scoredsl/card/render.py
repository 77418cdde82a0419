"""The card as text (a terminal), GitHub markdown, CSV (a spreadsheet) or JSON; and two cards
side by side (`render_pair`, for `scoredsl diff`). The HTML page is card/html.py.

User text (rule and tier names, values inside criteria, file names) is escaped in markdown
and never read as rich markup in text, so it can neither break a table nor inject markup.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..analysis.report_figures import DASH, pct
from ..analysis.report_markdown import code, text
from ..console import console_text
from ..printer import number
from .model import Card, Criterion, Dimension, Tier

T = TypeVar("T")
Format = Literal["text", "markdown", "csv", "json"]
PairFormat = Literal["text", "markdown"]
WIDTH = 100
CSV_COLUMNS = (
    "section", "dimension", "rule", "text", "points", "details",
    "leads", "share", "conversion_rate", "file", "line",
)  # fmt: skip


def render(card: Card, fmt: Format, color: bool = False) -> str:
    """The card in one format (`color`: ANSI colours in text, for a terminal)."""
    if fmt == "markdown":
        return markdown(card)
    if fmt == "csv":
        return csv_text(card)
    if fmt == "json":
        return json.dumps(card.model_dump(mode="json"), indent=2) + "\n"
    return console_text(lambda console: _write(console, card), color, WIDTH, soft_wrap=False)


# ---------------------------------------------------------------- shared wording of figures


def heading(card: Card) -> str:
    version = f" {card.version}" if card.version else ""
    return f"Lead scoring card: {card.ruleset}{version}"


def reach_line(dimension: Dimension | None, card: Card) -> str:
    """`reachable from 0 to 100; kept between 0 and 100` for a dimension or the total."""
    found = card.total if dimension is None else dimension
    limits = f"; {found.limits}" if found.limits else ""
    return f"reachable {found.reach.text}{limits}"


def counted_on(card: Card) -> str | None:
    """What the figures were counted on, as one sentence."""
    stats = card.stats
    if stats is None:
        return None
    sentence = f"Figures from {stats.leads:,} leads ({stats.data}), as of {stats.as_of}"
    if stats.outcomes is not None:
        sentence += f"; outcomes from {stats.outcomes}, {pct(stats.base_rate)} converted"
    if stats.left_out:
        sentence += f"; {stats.left_out:,} leads that converted before then are left out"
    if stats.no_tier:
        sentence += f"; {stats.no_tier:,} leads in no tier"
    return sentence + "."


def fires(leads: int | None, share: float | None) -> str:
    """`312 (26.0%)`; a dash without figures."""
    if leads is None or share is None:
        return DASH
    return f"{leads:,} ({pct(share)})"


def criterion_figures(criterion: Criterion, rates: bool) -> list[str]:
    stats = criterion.stats
    return [] if stats is None else _figures(stats.fired, stats.share, stats.rate, rates)


def tier_figures(tier: Tier, rates: bool) -> list[str]:
    stats = tier.stats
    return [] if stats is None else _figures(stats.leads, stats.share, stats.rate, rates)


def _figures(leads: int, share: float, rate: float | None, rates: bool) -> list[str]:
    return [fires(leads, share), pct(rate)] if rates else [fires(leads, share)]


def figure_columns(card: Card) -> tuple[list[str], bool]:
    """The headers of the figure columns, and whether conversion rates are shown."""
    if card.stats is None:
        return [], False
    rates = card.stats.outcomes is not None
    return ["fires for", "converts"] if rates else ["fires for"], rates


def tier_columns(card: Card) -> list[str]:
    """The headers of the tiers' figure columns."""
    figures, rates = figure_columns(card)
    return ["leads", "converts"] if rates else ["leads"] if figures else []


# ---------------------------------------------------------------- text


def _write(console: Console, card: Card) -> None:
    console.print(Text(heading(card), style="bold"), soft_wrap=True)
    console.print(Text(card.path, style="dim"), soft_wrap=True)
    counted = counted_on(card)
    if counted:
        console.print(Text(counted), soft_wrap=True)
    figures, rates = figure_columns(card)
    for dimension in card.dimensions:
        console.print()
        title = Text(dimension.title, style="bold")
        title.append(f"  {reach_line(dimension, card)}", style="dim")
        console.print(title, soft_wrap=True)
        table = _table("criterion", "points", *figures)
        for criterion in dimension.criteria:
            _add(table, criterion.text, criterion.points_text, *criterion_figures(criterion, rates))
        if dimension.criteria:
            console.print(Padding(table, (0, 0, 0, 2)))
        for line in dimension.decay:
            console.print(Padding(Text(f"{line}."), (0, 0, 0, 2)))
    console.print()
    total = Text("Total score", style="bold")
    total.append(f"  {reach_line(None, card)}", style="dim")
    console.print(total, soft_wrap=True)
    if card.tiers:
        console.print()
        console.print(Text("Tiers", style="bold"))
        table = _table("tier", "when", *tier_columns(card))
        for tier in card.tiers:
            _add(table, tier.title, tier.text, *tier_figures(tier, rates))
        console.print(Padding(table, (0, 0, 0, 2)))
    _footnotes(console, "Notes", card.notes)
    _footnotes(console, "Reading the data", card.reading)


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="dim")
    table.add_column(columns[0], overflow="fold", ratio=3)
    table.add_column(columns[1], overflow="fold", ratio=1, min_width=12)
    for name in columns[2:]:
        table.add_column(name, justify="right", no_wrap=True)
    return table


def _add(table: Table, *cells: str) -> None:
    """A row of user text, never read as rich markup (a rule named `[red]` stays literal)."""
    table.add_row(*(Text(cell) for cell in cells))


def _footnotes(console: Console, title: str, lines: Sequence[str]) -> None:
    if not lines:
        return
    console.print()
    console.print(Text(title, style="bold"))
    for line in lines:
        console.print(Padding(Text(f"- {line}"), (0, 0, 0, 2)))


# ---------------------------------------------------------------- markdown


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A GitHub table; the columns in `right` right-aligned (figures)."""
    align = ["---:" if i in right else ":---" for i in range(len(header))]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [header, align, *rows])


def rule_cell(criterion: Criterion) -> str:
    """The rule a criterion is written as: its name, or the line of an unnamed rule."""
    if criterion.name is not None:
        return code(criterion.name, cell=True)
    return text(f"line {criterion.line}")


def markdown(card: Card) -> str:
    figures, rates = figure_columns(card)
    parts = [f"### {text(heading(card))}", f"Source {code(card.path)}."]
    counted = counted_on(card)
    if counted:
        parts.append(text(counted))
    for dimension in card.dimensions:
        parts.append(f"#### {text(dimension.title)}")
        parts.append(sentence_md(reach_line(dimension, card)))
        if dimension.criteria:
            rows = [
                [
                    text(c.text),
                    text(c.points_text),
                    rule_cell(c),
                    *criterion_figures(c, rates),
                ]
                for c in dimension.criteria
            ]
            right = range(3, 3 + len(figures))
            parts.append(table(["criterion", "points", "rule", *figures], rows, right))
        if dimension.decay:
            parts.append("\n".join(f"- {text(line)}." for line in dimension.decay))
    parts.append(f"#### Total score\n\n{sentence_md(reach_line(None, card))}")
    if card.tiers:
        columns = tier_columns(card)
        rows = [[text(t.title), text(t.text), *tier_figures(t, rates)] for t in card.tiers]
        right = range(2, 2 + len(columns))
        parts.append("#### Tiers\n\n" + table(["tier", "when", *columns], rows, right))
    for title, lines in (("Notes", card.notes), ("Reading the data", card.reading)):
        if lines:
            parts.append(f"**{title}**\n\n" + "\n".join(f"- {text(line)}" for line in lines))
    return "\n\n".join(parts) + "\n"


def sentence_md(line: str) -> str:
    return text(line[:1].upper() + line[1:]) + "."


# ---------------------------------------------------------------- csv


def csv_text(card: Card) -> str:
    """One row a criterion, decay line, range and tier; `section` says which."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    writer = _Padded(plain, len(CSV_COLUMNS))
    plain.writerow(CSV_COLUMNS)
    for dimension in card.dimensions:
        name = dimension.name or ""
        writer.writerow(["dimension", name, "", dimension.title, "", reach_line(dimension, card)])
        for c in dimension.criteria:
            stats = c.stats
            figures = _csv_figures(stats.fired, stats.share, stats.rate) if stats else ["", "", ""]
            row = [
                "criterion", name, c.rule, c.text, number(c.points), c.points_text,
                *figures, c.file, c.line,
            ]  # fmt: skip
            writer.writerow(row)
        for line in dimension.decay:
            writer.writerow(["decay", name, "", line])
    writer.writerow(["total", "", "", "Total score", "", reach_line(None, card)])
    for tier in card.tiers:
        seen = tier.stats
        figures = _csv_figures(seen.leads, seen.share, seen.rate) if seen else ["", "", ""]
        writer.writerow(["tier", "", tier.name, tier.text, "", tier.condition, *figures])
    return buffer.getvalue()


class _Padded:
    """A csv writer whose rows all have the header's width (empty cells at the end)."""

    def __init__(self, writer: Any, width: int) -> None:
        self.writer, self.width = writer, width

    def writerow(self, row: Sequence[object]) -> None:
        self.writer.writerow([*row, *[""] * (self.width - len(row))])


def _csv_figures(leads: int, share: float, rate: float | None) -> list[object]:
    return [leads, _csv_number(share), _csv_number(rate)]


def _csv_number(value: float | None) -> str:
    return "" if value is None else number(round(value, 6))


# ---------------------------------------------------------------- two cards side by side


Change = Literal["", "changed", "added", "removed"]


@dataclass(frozen=True)
class Row:
    """One line of a side-by-side card: the old and the new wording (None: not there)."""

    change: Change
    old: tuple[str, str] | None  # (words, points)
    new: tuple[str, str] | None


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]
    second: str = "points"  # the header of each side's second column


def render_pair(
    old: Card, new: Card, fmt: PairFormat = "markdown", only_changes: bool = False
) -> str:
    """Two cards side by side, `old` left and `new` right, in "text" or "markdown".

    For `scoredsl diff`: build both cards with `scoredsl.card.build.card(ruleset)` (or with
    `Seen` for figures; they are not shown here) and call `render_pair(old, new, fmt)`.
    Each dimension is a section; a criterion is paired with the one of the same rule name
    (an unnamed rule with the one of the same words), and marked `changed` (other words or
    points), `added`, `removed` or nothing. Decay lines, reachable ranges and tiers (paired
    by name) follow, and the total. With `only_changes`, unmarked rows are left out (and
    sections left empty); a section line then says "no change". The result ends with a newline.
    """
    sections = pair_sections(old, new)
    if only_changes:
        sections = [Section(s.title, [r for r in s.rows if r.change], s.second) for s in sections]
    if fmt == "markdown":
        return _pair_markdown(old, new, sections)
    return console_text(lambda c: _pair_text(c, old, new, sections), False, WIDTH, soft_wrap=False)


def pair_sections(old: Card, new: Card) -> list[Section]:
    """The sections of two cards side by side (what `render_pair` lays out)."""
    olds = {d.name: d for d in old.dimensions}
    news = {d.name: d for d in new.dimensions}
    names = _merged([d.name for d in old.dimensions], [d.name for d in new.dimensions])
    sections = []
    for name in names:
        before, after = olds.get(name), news.get(name)
        shown = after if after is not None else before
        title = shown.title if shown is not None else ""
        rows = _paired(
            before.criteria if before else [],
            after.criteria if after else [],
            _criterion_key,
            lambda c: (c.text, c.points_text),
        )
        rows += _paired(
            before.decay if before else [], after.decay if after else [], str, lambda d: (d, "")
        )
        rows.append(
            _row(
                _reach_pair(before, old) if before else None,
                _reach_pair(after, new) if after else None,
            )
        )
        sections.append(Section(title, rows))
    sections.append(Section("Total score", [_row(_reach_pair(None, old), _reach_pair(None, new))]))
    tiers = _paired(old.tiers, new.tiers, lambda t: t.name, lambda t: (t.title, t.text))
    if tiers:
        sections.append(Section("Tiers", tiers, "when"))
    return sections


def _criterion_key(criterion: Criterion) -> str:
    return f"rule {criterion.name}" if criterion.name is not None else f"words {criterion.text}"


def _reach_pair(dimension: Dimension | None, card: Card) -> tuple[str, str]:
    return (reach_line(dimension, card).capitalize(), "")


def _merged(old: Sequence[str | None], new: Sequence[str | None]) -> list[str | None]:
    """Keys in the new order, each removed old key placed after the key it followed."""
    merged = list(new)
    for index, key in enumerate(old):
        if key in merged:
            continue
        before = next((k for k in reversed(old[:index]) if k in merged), None)
        merged.insert(merged.index(before) + 1 if before in merged else 0, key)
    return merged


def _paired(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    said: Callable[[T], tuple[str, str]],
) -> list[Row]:
    olds = {key(item): item for item in old}
    news = {key(item): item for item in new}
    order = [k for k in _merged([key(i) for i in old], [key(i) for i in new]) if k is not None]
    return [
        _row(
            said(olds[k]) if k in olds else None,
            said(news[k]) if k in news else None,
        )
        for k in order
    ]


def _row(old: tuple[str, str] | None, new: tuple[str, str] | None) -> Row:
    if old is None:
        return Row("added", None, new)
    if new is None:
        return Row("removed", old, None)
    return Row("" if old == new else "changed", old, new)


_MARKS = {"": " ", "changed": "~", "added": "+", "removed": "-"}


def _pair_text(console: Console, old: Card, new: Card, sections: list[Section]) -> None:
    console.print(Text(f"{heading(old)}  ->  {heading(new)}", style="bold"), soft_wrap=True)
    console.print(Text("~ changed, + added, - removed", style="dim"))
    for section in sections:
        console.print()
        console.print(Text(section.title, style="bold"))
        grid = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="dim")
        grid.add_column("", no_wrap=True)
        if not section.rows:
            console.print(Text("  no change", style="dim"))
            continue
        for name in ("old", section.second, "new", section.second):
            grid.add_column(name, overflow="fold", ratio=1 if name == section.second else 3)
        for row in section.rows:
            _add(grid, _MARKS[row.change], *_cells(row.old), *_cells(row.new))
        console.print(grid)


def _cells(side: tuple[str, str] | None) -> tuple[str, str]:
    return side if side is not None else ("", "")


def _pair_markdown(old: Card, new: Card, sections: list[Section]) -> str:
    parts = [f"### {text(heading(old))} → {text(heading(new))}"]
    for section in sections:
        rows = [
            [
                f"**{row.change}**" if row.change else "",
                *(text(cell) for cell in _cells(row.old)),
                *(text(cell) for cell in _cells(row.new)),
            ]
            for row in section.rows
        ]
        header = ["", "old", section.second, "new", section.second]
        body = table(header, rows) if rows else "No change."
        parts.append(f"#### {text(section.title)}\n\n{body}")
    return "\n\n".join(parts) + "\n"
