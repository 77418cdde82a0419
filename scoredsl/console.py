"""Text from a rich console: every terminal report (explain, backtest) renders through here."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console


def console_text(
    draw: Callable[[Console], None], color: bool, width: int, *, soft_wrap: bool
) -> str:
    """What `draw` prints on a rich console of `width` columns, as text (ANSI colours only
    with `color`), with no trailing spaces: every terminal report renders through here."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        markup=False,  # user text (a ruleset named `acme [red]`, a lead id) prints as written
        soft_wrap=soft_wrap,
    )
    draw(console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
