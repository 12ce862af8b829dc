"""The least-squares fit of shifted ReLUs to samples: c + m·x + Σ wᵢ·ReLU(x − hᵢ) for given
knots hᵢ, and two ways to place the knots (evenly, or where the samples curve most).

Arrays only: the Approximation screen's targets, sweeps and state are in `lessons.approx.state`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from relu_tui.base.types import FloatArray


def even_knots(lo: float, hi: float, n: int) -> FloatArray:
    """n knots evenly spaced strictly inside [lo, hi]: lo + i·(hi − lo)/(n + 1), i = 1…n."""
    return lo + (hi - lo) * np.arange(1, n + 1, dtype=np.float64) / (n + 1)


def curvature_knots(x: FloatArray, y: FloatArray, n: int) -> FloatArray:
    """n knots at the quantiles of the density |f''|^(2/5), then spread to a minimum gap.

    |f''|^(2/5) is the asymptotically L2-optimal knot density for piecewise-linear fits;
    a floor of a tenth of its mean keeps a few knots where f is straight. Knots are then
    kept at least two grid steps apart (and from the ends), so every piece holds at least
    two samples and the least squares stays well-posed.

    Args:
        x: uniform grid, shape (M,), float64. y: f on it, shape (M,).
        n: number of knots, 1 ≤ n and 2·(n + 1) ≤ M − 1.
    """
    lo, hi = float(x[0]), float(x[-1])
    step = (hi - lo) / (x.size - 1)
    second = np.gradient(np.gradient(y, step), step)
    density = np.abs(second) ** 0.4
    mean = float(np.mean(density))
    if not math.isfinite(mean) or mean <= 0.0:
        return even_knots(lo, hi, n)
    density = np.maximum(density, 0.1 * mean)
    mass = np.concatenate(([0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * step)))
    levels = mass[-1] * np.arange(1, n + 1) / (n + 1)
    knots = np.interp(levels, mass, x)
    return _spread(knots, lo, hi, 2.0 * step)


def _spread(knots: FloatArray, lo: float, hi: float, gap: float) -> FloatArray:
    """Nearest-in-order knots with t[i] − t[i−1] ≥ gap, lo + gap ≤ t, t ≤ hi − gap."""
    offsets = gap * np.arange(1, knots.size + 1)
    shifted = np.maximum.accumulate(knots - offsets)
    shifted = np.clip(shifted, lo, hi - gap * (knots.size + 1))
    return shifted + offsets


@dataclass(frozen=True, eq=False)
class ReluSum:
    """c + m·x + Σᵢ wᵢ·ReLU(x − hᵢ): the output of one hidden ReLU layer and a linear unit."""

    c: float
    m: float
    knots: FloatArray
    weights: FloatArray

    def terms(self, x: FloatArray) -> FloatArray:
        """Each scaled, shifted term wᵢ·ReLU(x − hᵢ); shape (N, len(x))."""
        return self.weights[:, None] * np.maximum(x[None, :] - self.knots[:, None], 0.0)

    def __call__(self, x: FloatArray) -> FloatArray:
        """The sum at x (float64, same shape as x)."""
        xs = np.asarray(x, dtype=np.float64)
        flat = xs.ravel()
        hinges = np.maximum(flat[:, None] - self.knots[None, :], 0.0)
        total = self.c + self.m * flat + hinges @ self.weights
        return total.reshape(xs.shape)


def fit_relu_sum(x: FloatArray, y: FloatArray, knots: FloatArray) -> tuple[ReluSum, FloatArray]:
    """Least-squares c, m, wᵢ for fixed knots on samples (x, y).

    The ReLU basis 1, x, ReLU(x − hᵢ) is badly conditioned (its columns are nearly
    parallel); the same function space has the well-conditioned hat basis on the knots
    lo, h₁…h_N, hi. Its normal matrix is tridiagonal and diagonally dominant, so it is
    solved directly; the values at the knots then give the slopes, m = first slope,
    wᵢ = slope change at hᵢ, c = value at lo − m·lo.

    Args:
        x: samples, shape (M,), increasing, spanning [lo, hi]; every piece between
            consecutive knots must hold at least two samples.
        y: targets, shape (M,). knots: hᵢ, shape (N,), strictly increasing inside (lo, hi).

    Returns:
        The ReluSum and its values at x (from the hat form; equal to ReluSum(x) to rounding).
    """
    t = np.concatenate(([x[0]], knots, [x[-1]]))
    size = t.size
    piece = np.clip(np.searchsorted(t, x, side="right") - 1, 0, size - 2)
    lam = (x - t[piece]) / (t[piece + 1] - t[piece])
    left, right = 1.0 - lam, lam
    diagonal = np.bincount(piece, left * left, size) + np.bincount(piece + 1, right * right, size)
    off = np.bincount(piece, left * right, size - 1)
    rhs = np.bincount(piece, left * y, size) + np.bincount(piece + 1, right * y, size)
    gram = np.diag(diagonal) + np.diag(off, 1) + np.diag(off, -1)
    values = np.linalg.solve(gram, rhs)
    slopes = np.diff(values) / np.diff(t)
    m = float(slopes[0])
    model = ReluSum(c=float(values[0] - m * t[0]), m=m, knots=knots.copy(), weights=np.diff(slopes))
    return model, left * values[piece] + right * values[piece + 1]
