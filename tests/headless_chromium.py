"""Headless Chromium (Debian's `chromium`) for the HTML report tests: DOM after scripts ran,
console messages, and screenshots.

Every run maps all host names to nowhere, so a page that needs the network (a CDN) fails.
`.venv/bin/python tests/headless_chromium.py [REPORT.html]` rewrites the README's image,
docs/images/backtest-report.png, from a report made by `scoredsl backtest --format html`
(the README's is the bank-marketing walkthrough of docs/tuning.md), or without an argument
from the fixture report of tests/backtest_fixture.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BINARY = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent
README_IMAGE = ROOT / "docs" / "images" / "backtest-report.png"
_CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")


@dataclass(frozen=True)
class Page:
    dom: str  # the DOM after the page's scripts ran
    console: list[str]  # messages the page logged or threw


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert BINARY, "chromium is not installed"
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                BINARY,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no CDN can answer
                "--enable-logging=stderr",
                "--v=0",
                f"--user-data-dir={profile}",
                *extra,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
            stdin=subprocess.DEVNULL,
        )


def load(page: Path) -> Page:
    done = _run(page, "--dump-dom")
    messages = [m.group(1) for m in map(_CONSOLE.search, done.stderr.splitlines()) if m]
    return Page(done.stdout, messages)


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 3000) -> None:
    _run(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")


def _fixture_page(folder: Path) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from backtest_fixture import stored

    from scoredsl.analysis import report_html

    page = folder / "report.html"
    page.write_text(report_html.render(stored()), encoding="utf-8")
    return page


def readme_image(report: Path | None) -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        page = report or _fixture_page(Path(tmp))
        shot = Path(tmp) / "shot.png"
        screenshot(page, shot, height=2250)  # headline, warnings and every chart
        # 256 colours keep the README image small; the report is flat colours and text
        Image.open(shot).convert("RGB").quantize(256).save(README_IMAGE, optimize=True)
    print(f"wrote {README_IMAGE} ({README_IMAGE.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    import sys

    readme_image(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
