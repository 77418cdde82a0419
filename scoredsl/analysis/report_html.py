"""The backtest report as one self-contained HTML page: charts, tables, warnings.

The page works offline: plotly's JavaScript is embedded once, nothing is loaded from a CDN.
It needs the `reports` extra (plotly, jinja2); without it `render` raises a DiagnosticError
saying how to install it. All user text goes through Jinja's autoescaping.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from .. import __version__
from ..diagnostics import DiagnosticError, error
from . import report_figures as fig
from .results import BacktestReport

MISSING_EXTRA = "SD604"  # a command's optional extra is not installed
TEMPLATE = "backtest.html.j2"


def require() -> tuple[ModuleType, ModuleType]:
    """jinja2 and the charts module; a DiagnosticError (SD604) naming the extra if missing.

    The CLI may call it before a long backtest, to fail before the work rather than after.
    """
    try:
        import jinja2

        from . import report_charts
    except ImportError as exc:
        raise DiagnosticError(
            [
                error(
                    MISSING_EXTRA,
                    f"--format html needs the `reports` extra ({exc.name} is not installed)",
                    help='install it: pip install "scoredsl[reports]"',
                )
            ]
        ) from None
    return jinja2, report_charts


def render(report: BacktestReport) -> str:
    _, report_charts = require()
    return page(TEMPLATE, _context(report, report_charts))


def page(template: str, context: dict[str, Any]) -> str:
    """One of the package's templates rendered (the backtest and diff pages)."""
    jinja2, _ = require()
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("scoredsl.analysis", "templates"),
        autoescape=True,  # every value is user text unless marked safe (the chart divs)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return str(environment.get_template(template).render(**context))


def _context(report: BacktestReport, report_charts: Any) -> dict[str, Any]:
    charts = report_charts.charts(report)
    return {
        "report": report,
        "version": __version__,
        "f": fig,
        "headline": fig.headline(report),
        "top": fig.top_sentence(report),
        "values": fig.has_values(report),
        "flagged": any(fig.short_flags(row) for row in report.rules),
        "charts": charts,
        "per_lead": any(chart.id == "roc" for chart in charts),
    }
