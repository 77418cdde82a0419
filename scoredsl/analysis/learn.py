"""scikit-learn, the optional `analysis` extra: imported here only, with a clear message
when it is missing (the CLI turns MissingExtra into exit 2)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

INSTALL_HELP = "pip install 'scoredsl[analysis]'"


class MissingExtra(Exception):
    """scikit-learn is not installed."""

    def __init__(self) -> None:
        super().__init__("backtest and fit need scikit-learn, which is not installed")
        self.help = f"install the analysis extra: {INSTALL_HELP}"


def _metrics() -> Any:
    try:
        from sklearn import metrics
    except ImportError:
        raise MissingExtra() from None
    return metrics


def require() -> None:
    """Fail early, before reading any data, when scikit-learn is missing."""
    _metrics()


def roc_auc_score(y: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64]) -> float:
    """ROC AUC with ties counted half."""
    return float(_metrics().roc_auc_score(y, scores))


def logistic_regression(strength: float, seed: int) -> Any:
    """An L2-regularised logistic regression (C = 1 / strength)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise MissingExtra() from None
    return LogisticRegression(C=1.0 / strength, max_iter=2000, random_state=seed)
