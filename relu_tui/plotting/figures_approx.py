"""Approximation screen figures: the ReLU-sum fit, its error against N, and the training runs."""

from __future__ import annotations

import numpy as np

from relu_tui.core.approx import ErrorSweep, Fit
from relu_tui.core.fmt import fmt
from relu_tui.plotting.spec import PlotSpec, Series

PLOT_POINTS = 241
"""Grid points per curve: plotext draws every point, so curves are thinned to this."""

SHOWN_TERMS = 4
"""How many individual w·ReLU(x − h) terms are drawn faintly."""

ERROR_FLOOR = 1e-16
"""Errors below this (exact fits, rounding only) are drawn at it on the log scale."""


def _corners(fit: Fit) -> np.ndarray:
    """lo, the knots inside, hi: the fit is linear between them, so these draw it exactly."""
    knots = fit.model.knots
    inside = knots[(knots > fit.target.lo) & (knots < fit.target.hi)]
    return np.concatenate(([fit.target.lo], inside, [fit.target.hi]))


def fit_figure(fit: Fit) -> PlotSpec:
    """Target, the ReLU-sum fit and a few of its scaled, shifted terms (faint).

    The fit and each term are piecewise linear, so they are drawn through their corners
    only; the target is thinned to PLOT_POINTS grid points.
    """
    target = fit.target
    index = np.unique(np.linspace(0, target.x.size - 1, PLOT_POINTS).round().astype(int))
    y_target = target.y[index]
    x_fit = _corners(fit)
    y_fit = fit.model(x_fit)
    low = float(min(y_target.min(), y_fit.min()))
    high = float(max(y_target.max(), y_fit.max()))
    pad = 0.08 * (high - low) if high > low else max(1.0, abs(high)) * 0.1
    n = fit.units
    chosen = np.unique(np.linspace(0, n - 1, min(n, SHOWN_TERMS)).round().astype(int))
    faint = []
    for rank, k in enumerate(chosen):
        h, w = float(fit.model.knots[k]), float(fit.model.weights[k])
        faint.append(Series.of([target.lo, h, target.hi], [0.0, 0.0, w * (target.hi - h)],
                               label="terms w·ReLU(x − h)" if rank == 0 else "", faint=True))
    units = "unit" if n == 1 else "units"
    return PlotSpec(
        series=(
            *faint,
            Series(target.x[index], y_target, label=f"f = {target.name}", color="green"),
            Series(x_fit, y_fit, label=f"sum of {n} ReLU {units}", color="orange"),
        ),
        title=f"f ≈ c + m·x + Σ w·ReLU(x − h), N = {n}",
        xlim=(target.lo, target.hi),
        ylim=(low - pad, high + pad),
    )


def error_figure(sweep: ErrorSweep, fit: Fit) -> PlotSpec:
    """RMSE and max error against N on log-log axes, with the current N marked."""
    n = float(fit.units)
    return PlotSpec(
        series=(
            Series(sweep.units, np.maximum(sweep.rmse, ERROR_FLOOR), label="RMSE", color="blue"),
            Series(sweep.units, np.maximum(sweep.max_error, ERROR_FLOOR), label="max error",
                   color="red"),
            Series.of([n, n], [max(fit.rmse, ERROR_FLOOR), max(fit.max_error, ERROR_FLOOR)],
                      label=f"N = {fit.units}: RMSE {fmt(fit.rmse, 3)}", color="orange",
                      kind="scatter"),
        ),
        title="error vs N (log-log)",
        xscale="log",
        yscale="log",
        vlines=(n,),
    )
