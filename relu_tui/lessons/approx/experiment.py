"""The data of the notebook's training experiment (seed 003) and its closed-form yardstick:
x = 1…99, y = x² (or a Fit target), the extrapolation range beyond it, the least-squares
line a network without activations can at best become, and MSE."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.base.types import FloatArray
from relu_tui.lessons.approx.state import MAX_VALUE, Target


@dataclass(frozen=True, eq=False)
class Experiment:
    """Training data and the range the trained networks are tested on beyond it.

    Attributes:
        x, y: training inputs and targets, shape (n,), float64.
        x_test, y_test: the extrapolation range and its targets, shape (k,) (k may be 0).
        note: why there is no extrapolation range, when there is none.
    """

    name: str
    x: FloatArray
    y: FloatArray
    x_test: FloatArray
    y_test: FloatArray
    note: str = ""


def notebook_experiment() -> Experiment:
    """The notebook's data: x = 1…99, y = x²; extrapolation on x = 100…199."""
    x = np.arange(1.0, 100.0)
    x_test = np.arange(100.0, 200.0)
    return Experiment("x² on 1…99", x, x**2, x_test, x_test**2)


def target_experiment(target: Target, points: int = 99) -> Experiment:
    """A mode-1 target as training data: `points` evenly over [lo, hi], tested on the next
    100 steps beyond hi (as the notebook tests 100…199 after training on 1…99).

    The extrapolation range is dropped (with a note) where the target is not finite there.
    """
    x = np.linspace(target.lo, target.hi, points)
    step = (target.hi - target.lo) / (points - 1)
    x_test = target.hi + step * np.arange(1, 101)
    name = f"{target.name} on [{fmt(target.lo)}, {fmt(target.hi)}]"
    try:
        y_test = target(x_test)
    except InputError as error:
        empty = np.empty(0)
        return Experiment(name, x, target(x), empty, empty, note=f"no extrapolation: {error}")
    if float(np.max(np.abs(y_test))) > MAX_VALUE:
        empty = np.empty(0)
        return Experiment(
            name,
            x,
            target(x),
            empty,
            empty,
            note="no extrapolation: f grows beyond 1e12 past the interval",
        )
    return Experiment(name, x, target(x), x_test, y_test)


@dataclass(frozen=True)
class Line:
    """y = slope·x + intercept."""

    slope: float
    intercept: float

    def __call__(self, x: FloatArray) -> FloatArray:
        return self.slope * np.asarray(x, dtype=np.float64) + self.intercept


def least_squares_line(x: FloatArray, y: FloatArray) -> Line:
    """The closed-form least-squares line: slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², through (x̄, ȳ).

    The best any network without activations can do: a composition of affine layers is
    affine, so on 1-D input it is a line, and MSE training can at best reach this one.
    """
    centred = x - x.mean()
    slope = float(np.dot(centred, y - y.mean()) / np.dot(centred, centred))
    return Line(slope, float(y.mean() - slope * x.mean()))


def mse(prediction: FloatArray, y: FloatArray) -> float:
    """Mean squared error, as nn.MSELoss."""
    residual = np.asarray(prediction, dtype=np.float64) - y
    return float(np.mean(residual * residual))
