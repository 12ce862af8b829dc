"""Approximation screen figures: the ReLU-sum fit, its error against N, and the training runs.

Mode 1's figures are cached by their inputs (fits and sweeps are immutable, compared by
identity), so going back to an N shown a moment ago hands PlotView the very spec it drew
then, and PlotView redraws nothing.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.approx.experiment import Line
from relu_tui.lessons.approx.state import ErrorSweep, Fit, roundoff_to_zero
from relu_tui.lessons.approx.training import TrainState
from relu_tui.nn.kinks import Kinks
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


@lru_cache(maxsize=32)
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
    ylim = (low - pad, high + pad)
    faint: list[Series] = []
    for k in chosen:
        h, w = float(fit.model.knots[k]), float(fit.model.weights[k])
        y = np.array([0.0, 0.0, w * (target.hi - h)])
        if not np.any((y >= ylim[0]) & (y <= ylim[1])):
            continue  # wholly off the chart (plotext cannot draw a legend for it)
        faint.append(
            Series.of(
                [target.lo, h, target.hi],
                y,
                label="" if faint else "terms w·ReLU(x − h)",
                faint=True,
            )
        )
    units = "unit" if n == 1 else "units"
    return PlotSpec(
        series=(
            *faint,
            Series(target.x[index], y_target, label=f"f = {target.name}", color="green"),
            Series(x_fit, y_fit, label=f"sum of {n} ReLU {units}", color="orange"),
        ),
        title=f"f ≈ c + m·x + Σ w·ReLU(x − h), N = {n}",
        short_title=f"ReLU sum, N = {n}",
        xlim=(target.lo, target.hi),
        ylim=ylim,
    )


def error_figure(sweep: ErrorSweep, fit: Fit) -> PlotSpec:
    """RMSE and max error against N on log-log axes, with the current N marked."""
    return _error_figure(sweep, fit.units, fit.rmse, fit.max_error)


@lru_cache(maxsize=32)
def _error_figure(sweep: ErrorSweep, units: int, rmse: float, max_error: float) -> PlotSpec:
    n = float(units)
    return PlotSpec(
        series=(
            *_sweep_series(sweep),
            Series.of(
                [n, n],
                [max(rmse, ERROR_FLOOR), max(max_error, ERROR_FLOOR)],
                label=f"N = {units}: RMSE {fmt(rmse, 3)}",
                color="orange",
                kind="scatter",
            ),
        ),
        title="error vs N (log-log)",
        xscale="log",
        yscale="log",
        vlines=(n,),
    )


@lru_cache(maxsize=8)
def _sweep_series(sweep: ErrorSweep) -> tuple[Series, Series]:
    """The two error curves: they depend on the target, interval and placement, not on N."""
    return (
        Series(sweep.units, np.maximum(sweep.rmse, ERROR_FLOOR), label="RMSE", color="blue"),
        Series(
            sweep.units, np.maximum(sweep.max_error, ERROR_FLOOR), label="max error", color="red"
        ),
    )


NET_COLORS = ("blue", "orange")
"""No-ReLU network, ReLU network."""


def training_fit_figure(state: TrainState) -> PlotSpec:
    """Both networks over the training range, the target and the least-squares line."""
    data = state.experiment
    series = [Series(data.x, data.y, label="target", color="green")]
    series.append(Series(data.x, state.line(data.x), label="least-squares line", faint=True))
    title = f"training data: {data.name}"
    if state.report is not None:
        for index, name in enumerate(("no ReLU", "ReLU")):
            series.append(
                Series(data.x, state.report.train_pred[index], label=name, color=NET_COLORS[index])
            )
        found = state.relu_kinks()
        if found is not None and found.in_range.size:
            kx = found.in_range
            series.append(
                Series(kx, found.value(kx), label="ReLU kinks", color="red", kind="scatter")
            )
            title = f"{data.name}: ReLU net {found.pieces} pieces"
    return PlotSpec(
        series=tuple(series),
        title=title,
        xlim=(float(data.x[0]), float(data.x[-1])),
        ylim=_limits(series),
    )


def extrapolation_figure(state: TrainState) -> PlotSpec:
    """Both networks beyond the training range (the notebook's 100…199), with the target."""
    data = state.experiment
    if data.x_test.size == 0:
        return PlotSpec(series=(), title=data.note or "no extrapolation range")
    series = [Series(data.x_test, data.y_test, label="target", color="green")]
    if state.report is not None:
        for index, name in enumerate(("no ReLU", "ReLU")):
            series.append(
                Series(
                    data.x_test, state.report.test_pred[index], label=name, color=NET_COLORS[index]
                )
            )
    return PlotSpec(
        series=tuple(series),
        title="beyond the training range",
        xlim=(float(data.x_test[0]), float(data.x_test[-1])),
        ylim=_limits(series),
    )


def loss_figure(state: TrainState) -> PlotSpec:
    """Both loss curves against epoch on a log scale; the line's MSE as a reference."""
    series = []
    epochs = state.history_epochs
    for index, name in enumerate(("no ReLU", "ReLU")):
        if epochs.size:
            series.append(
                Series(epochs, state.history_loss[:, index], label=name, color=NET_COLORS[index])
            )
    line_mse = state.line_mse
    return PlotSpec(
        series=tuple(series),
        title="MSE (log) vs epoch",
        yscale="log",
        xlim=(0.0, float(state.config.epochs)),
        hlines=(line_mse,) if line_mse > 0 else (),
    )


def _limits(series: list[Series]) -> tuple[float, float]:
    """y limits holding every series (each must show a point, or plotext's legend fails)."""
    y = np.concatenate([s.y[np.isfinite(s.y)] for s in series])
    low, high = float(np.min(y)), float(np.max(y))
    pad = 0.15 * (high - low) if high > low else max(1.0, abs(high)) * 0.1
    return low - pad, high + pad


def train_stats_lines(state: TrainState) -> list[str]:
    """The numbers beside the training plots, a heading (the data) then up to eight short
    lines, all from the state."""
    config, line = state.config, state.line
    report = state.report
    status = (
        "diverged"
        if report is not None and any(report.diverged)
        else "done"
        if state.done
        else "paused"
        if state.paused
        else "training"
        if state.running
        else "ready"
    )
    epochs = f"epoch {state.epoch:,}/{config.epochs:,}"
    if state.running and not state.paused and state.rate > 0:
        epochs += f"  {state.rate:,.0f}/s"
    lines = [
        state.experiment.name,
        f"seed {config.seed} · {status} · Adam lr {fmt(config.lr)}",
        epochs,
    ]
    if report is not None:
        no_relu, with_relu = report.loss
        lines.append(f"MSE  no ReLU {_big(no_relu)}  ReLU {_big(with_relu)}")
    lines.append(f"exact LS line y = {_line_text(line, state)}")
    fitted = state.fitted_line()
    if fitted is not None and report is not None:
        gap = float(np.max(np.abs(report.train_pred[0] - line(state.experiment.x))))
        lines.append(f"no-ReLU net   y = {_line_text(fitted, state)}")
        lines.append(f"  at most {fmt(gap, 3)} off the exact line")
    errors = state.test_rmse()
    if errors is not None:
        lo, hi = state.experiment.x_test[0], state.experiment.x_test[-1]
        head = f"RMSE on {fmt(lo)}…{fmt(hi)}: "
        lines.append(f"{head}no ReLU {_big(errors[0])}")
        lines.append(f"{' ' * len(head)}ReLU    {_big(errors[1])}")
    elif state.experiment.note:
        lines.append(state.experiment.note)
    found = state.relu_kinks()
    if found is not None:
        lines.append(_tail_text(found))
        lines.append(f"ReLU net: {found.summary()}")
    return lines


def _tail_text(found: Kinks) -> str:
    """The ReLU net's straight line beyond its last kink in one short line (the stats
    column is ~40 wide): 'ReLU past x=85.8: y=187.81x-8412.34'."""
    slope, intercept = found.tail
    sign = "-" if intercept < 0 else "+"
    line = f"y={fmt(slope, 2)}x{sign}{fmt(abs(intercept), 2)}"
    if not found.edges.size:
        return f"ReLU net everywhere: {line}"
    return f"ReLU past x={fmt(found.tail_start, 3)}: {line}"


def _line_text(line: Line, state: TrainState) -> str:
    """slope·x ± intercept, with round-off beside the data's size shown as 0."""
    scale = float(np.max(np.abs(state.experiment.y), initial=0.0))
    reach = float(np.max(np.abs(state.experiment.x), initial=0.0))
    slope = roundoff_to_zero(line.slope, scale / reach if reach else scale)
    intercept = roundoff_to_zero(line.intercept, scale)
    sign = f"− {fmt(-intercept, 2)}" if intercept < 0 else f"+ {fmt(intercept, 2)}"
    return f"{fmt(slope, 2)}x {sign}"


def _big(value: float) -> str:
    """A loss or error: one decimal from 1000 up (no e-notation below 1e9), else 4 digits."""
    return fmt(round(value, 1), 6) if 1000 <= abs(value) < 1e9 else fmt(value)
