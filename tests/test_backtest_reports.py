"""The backtest report renderers: text, markdown (golden files) and the offline HTML page.

The realistic report is the stored fixture of tests/backtest_fixture.py; a tiny hand-made
report covers the edge cases (no tier, a rule that never fired, no AUC, deal values) and user
text that would break each format if it were not escaped. Run with UPDATE_GOLDEN=1 to
rewrite the golden files after an intended change.
"""

from __future__ import annotations

import builtins
import io
import re
from pathlib import Path
from typing import Any

import headless_chromium as chromium
import numpy as np
import pytest
from backtest_fixture import stored
from helpers import assert_golden

from scoredsl.analysis import report_charts, report_html, report_markdown, report_text
from scoredsl.analysis.results import (
    BacktestReport,
    BandRow,
    GainsRow,
    RuleRow,
    TierRow,
    Warning_,
)
from scoredsl.diagnostics import DiagnosticError

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "backtest"
HOSTILE = "<script>alert(1)</script> <b>b</b> | `x` *y* [red]z[/red] & @team"


@pytest.fixture(scope="module")
def report() -> BacktestReport:
    return stored()


def edge_report() -> BacktestReport:
    """One class only after a filter, a rule that never fired, leads with no tier, values."""
    return BacktestReport(
        ruleset="rules/<odd> | name.score",
        data="leads.csv",
        as_of="2026-11-01T00:00:00Z",
        leads=4,
        conversions=0,
        base_rate=0.0,
        excluded_converted_before=2,
        auc=None,
        dimension_auc={"fit": None},
        tiers=[
            TierRow(
                tier=HOSTILE,
                leads=1,
                share=0.25,
                conversions=0,
                rate=0.0,
                lift=0.0,
                captured=0.0,
                value=1250.5,
            ),
            TierRow(
                tier=None,
                leads=3,
                share=0.75,
                conversions=0,
                rate=0.0,
                lift=0.0,
                captured=0.0,
                value=None,
            ),
        ],
        rules=[
            RuleRow(
                rule=HOSTILE,
                dimension=None,
                points=-5,
                fired=0,
                rate_when_fired=None,
                rate_when_not_fired=0.0,
                lift=None,
                contradicts=False,
            )
        ],
        gains=[GainsRow(top=0.5, leads=2, conversions=0, captured=0.0, lift=0.0)],
        bands=[BandRow(band=1, low=-5, high=12.5, leads=4, conversions=0, rate=0.0)],
        warnings=[Warning_(code="no-positives", subject=HOSTILE, message="no lead converted")],
    )


# ---------------------------------------------------------------- golden text and markdown


def test_text_report_is_golden(report: BacktestReport) -> None:
    assert_golden(report_text.render(report), GOLDEN / "report.txt")


def test_markdown_report_is_golden(report: BacktestReport) -> None:
    assert_golden(report_markdown.render(report), GOLDEN / "report.md")


def test_edge_cases_are_golden() -> None:
    edge = edge_report()
    assert_golden(report_text.render(edge), GOLDEN / "edge.txt")
    assert_golden(report_markdown.render(edge), GOLDEN / "edge.md")


# ---------------------------------------------------------------- what the reader sees


def test_text_report_flags_the_rules_the_data_contradicts(report: BacktestReport) -> None:
    lines = report_text.render(report).splitlines()
    flagged = {
        line.split()[0]: line.split()[-1]
        for line in lines
        if line.endswith(("contradicts", "leakage?"))
    }
    assert flagged == {
        "outside_territory": "contradicts",
        "email_click": "contradicts",
        "blog_reader": "contradicts",
        "demo_request": "leakage?",
    }


def test_missing_figures_are_a_dash_never_zero() -> None:
    text = report_text.render(edge_report())
    assert re.search(r"ROC AUC\s+—", text)
    assert "(no tier)" in text
    assert re.search(r"converted before as-of \(left out\)\s+2\n", text)


def test_text_report_shows_user_text_literally_even_on_a_terminal() -> None:
    coloured = report_text.render(edge_report(), color=True)
    assert "[red]z[/red]" in coloured  # rich markup in a rule name is not interpreted
    assert "\x1b[" in coloured  # ...while the report itself is coloured on a terminal
    assert "\x1b[" not in report_text.render(edge_report())


def _as_github_would(markdown: str) -> str:
    """Markdown to HTML as GitHub reads it: CommonMark, raw HTML allowed, GFM tables."""
    from markdown_it import MarkdownIt  # rich's own markdown parser

    return (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)
    )


def test_markdown_user_text_cannot_break_tables_or_inject_html() -> None:
    html = _as_github_would(report_markdown.render(edge_report()))
    assert "<script>" not in html and "<b>" not in html  # no tag from user text survives
    literal = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;b&lt;/b&gt; | `x` *y* [red]z[/red] &amp; @team"
    assert html.count(f"<code>{literal}</code>") == 3  # tier, warning, rule: shown as written
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        header = len(re.findall(r"<th[ >]", table))
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert len(re.findall(r"<td", row)) == header, row  # a `|` split no cell


def test_markdown_tables_render_on_the_fixture(report: BacktestReport) -> None:
    html = _as_github_would(report_markdown.render(report))
    assert html.count("<table>") == 7  # headline, tiers, rules, gains, bands, two thresholds
    assert html.count("<details>") == 4
    assert "<strong>leakage?</strong>" in html


def test_markdown_code_span_outlasts_backticks_in_the_text() -> None:
    assert report_markdown.code("a `b` c") == "``a `b` c``"
    assert report_markdown.code("`edge`") == "`` `edge` ``"
    assert report_markdown.code("x | y", cell=True) == "`x \\| y`"
    assert report_markdown.code("x | y") == "`x | y`"


def test_markdown_text_escapes_markup() -> None:
    assert report_markdown.text("*a* _b_ <i> [l](u) a|b") == r"\*a\* \_b\_ \<i\> \[l\](u) a\|b"
    assert report_markdown.text("ask @team &amp; ~~x~~") == r"ask \@team \&amp; \~\~x\~\~"


# ---------------------------------------------------------------- charts


def test_roc_points_give_the_reports_auc(report: BacktestReport) -> None:
    scores, converted = np.asarray(report.scores), np.asarray(report.converted)
    fpr, tpr = report_charts.roc_points(scores, converted)
    area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))  # trapezoids: ties count half
    assert report.auc is not None
    assert area == pytest.approx(report.auc, abs=1e-12)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0.0, 0.0, 1.0, 1.0)


def test_roc_points_count_ties_half() -> None:
    # one converter and one non-converter on the same score: a coin toss, AUC 0.5
    fpr, tpr = report_charts.roc_points(np.array([3.0, 3.0]), np.array([True, False]))
    assert list(fpr) == [0.0, 1.0] and list(tpr) == [0.0, 1.0]


def test_chart_labels_show_user_text_literally() -> None:
    assert report_charts.label("<b>hot</b> & co") == "&lt;b&gt;hot&lt;/b&gt; &amp; co"


# ---------------------------------------------------------------- the HTML page


@pytest.fixture(scope="module")
def page(report: BacktestReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(report_html.render(report), encoding="utf-8")
    return path


def test_html_embeds_plotly_once_and_loads_nothing(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.count("plotly.js v") == 1  # the library's banner: embedded once, not per chart
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import", html)
    ids = re.findall(r'id="chart-(\w+)"', html)
    assert ids == ["distribution", "roc", "gains", "tiers", "rules"]


def test_html_escapes_user_text() -> None:
    html = report_html.render(edge_report())
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "rules/&lt;odd&gt; | name.score" in html


def test_html_without_per_lead_data_says_which_charts_are_missing(report: BacktestReport) -> None:
    from_json = BacktestReport.model_validate_json(report.model_dump_json())
    assert from_json.scores == []  # the per-lead lists are not part of the JSON contract
    html = report_html.render(from_json)
    assert re.findall(r'id="chart-(\w+)"', html) == ["gains", "tiers", "rules"]
    assert html.count("plotly.js v") == 1  # the first remaining chart carries the library
    assert "need each lead's score and outcome" in html


def test_html_without_the_reports_extra_is_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_jinja(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "jinja2":
            raise ImportError("No module named 'jinja2'", name="jinja2")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jinja)
    with pytest.raises(DiagnosticError) as caught:
        report_html.render(edge_report())
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == report_html.MISSING_EXTRA
    assert "jinja2" in diagnostic.message
    assert diagnostic.help is not None and 'pip install "scoredsl[reports]"' in diagnostic.help


# ---------------------------------------------------------------- in a real browser

needs_chromium = pytest.mark.skipif(
    chromium.BINARY is None, reason="chromium is not installed (apt-get install -y chromium)"
)


@needs_chromium
def test_console_check_catches_a_broken_page(tmp_path: Path) -> None:
    # proves the check below can fail: a page that throws is reported
    broken = tmp_path / "broken.html"
    broken.write_text("<p>x</p><script>throw new Error('boom')</script>", encoding="utf-8")
    assert any("Uncaught Error: boom" in m for m in chromium.load(broken).console)


@needs_chromium
def test_html_report_draws_every_chart_offline_without_errors(page: Path) -> None:
    loaded = chromium.load(page)
    assert loaded.console == []
    # plotly replaced each empty div by its plot container with SVG inside
    assert loaded.dom.count('class="plot-container plotly"') == 5
    for chart in ("distribution", "roc", "gains", "tiers", "rules"):
        drawn = re.search(rf'id="chart-{chart}".*?class="main-svg"', loaded.dom, re.S)
        assert drawn, chart
    assert ">demo_request</text>" in loaded.dom  # rule names drawn as axis labels


@needs_chromium
def test_html_report_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    png = tmp_path / "shot.png"
    chromium.screenshot(page, png)
    pixels = np.asarray(Image.open(io.BytesIO(png.read_bytes())).convert("L"), dtype=float)
    assert pixels.shape == (3000, 1200)
    # charts: many pixels far from the page background, spread over the page's height
    background = np.median(pixels)
    inked = np.abs(pixels - background) > 40
    assert inked.mean() > 0.02
    rows_with_ink = inked.any(axis=1).reshape(30, 100).any(axis=1)
    assert rows_with_ink[:20].all()  # headline, charts and tables fill the first 2000 px


@needs_chromium
def test_hostile_labels_are_drawn_as_text(tmp_path: Path) -> None:
    path = tmp_path / "edge.html"
    path.write_text(report_html.render(edge_report()), encoding="utf-8")
    loaded = chromium.load(path)
    assert loaded.console == []
    # the tier chart's axis label, drawn by plotly as SVG text showing exactly what was written
    drawn = ">&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;b&lt;/b&gt; | `x` *y* [red]z[/red] &amp; @team</text>"
    assert drawn in loaded.dom


def test_readme_screenshot_exists_and_stays_small() -> None:
    from PIL import Image

    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/images/backtest-report.png)" in readme
    assert "[docs/tuning.md](docs/tuning.md)" in readme
    image = chromium.README_IMAGE
    assert image.stat().st_size < 500 * 1024
    with Image.open(image) as png:
        assert png.format == "PNG" and png.width == 1200


def test_html_of_a_million_leads_stays_small(report: BacktestReport) -> None:
    rng = np.random.default_rng(1)
    scores = rng.normal(20, 15, 1_000_000).round(2)
    big = report.model_copy(
        update={"scores": scores.tolist(), "converted": (rng.random(len(scores)) < 0.1).tolist()}
    )
    small_page = len(report_html.render(report))
    assert len(report_html.render(big)) < small_page + 200_000  # binned and thinned, not per lead


def test_thin_keeps_the_ends_and_the_order() -> None:
    fpr, tpr = np.linspace(0, 1, 10_001), np.linspace(0, 1, 10_001) ** 0.5
    few_fpr, few_tpr = report_charts.thin(fpr, tpr, most=100)
    assert len(few_fpr) == 100
    assert (few_fpr[0], few_fpr[-1], few_tpr[-1]) == (0.0, 1.0, 1.0)
    assert np.all(np.diff(few_fpr) > 0)
