"""Overflow-free building blocks of the activations in `nn.functions`: the logistic
sigmoid and its derivative computed from exp(-|x|) only, masks that keep nan, and the
leaky line with its kink convention (gradient `slope` at x <= 0, as torch)."""

from __future__ import annotations

import numpy as np

from relu_tui.base.types import FloatArray


def stable_sigmoid(x: FloatArray) -> FloatArray:
    """1/(1+exp(-x)) without overflow: exp only ever sees -|x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def stable_sigmoid_grad(x: FloatArray) -> FloatArray:
    """sigma(x)(1 - sigma(x)) = e/(1+e)^2 with e = exp(-|x|): exact in both tails."""
    e = np.exp(-np.abs(x))
    return e / ((1.0 + e) * (1.0 + e))


def keep_nan(g: FloatArray, x: FloatArray) -> FloatArray:
    """g with nan wherever x is nan (g is a fresh array of x's dtype, changed in place).

    Comparisons send nan to False; this puts it back. (np.heaviside would do it in one
    call but is ~10x slower than a comparison and a cast.)
    """
    nan = np.isnan(x)
    if nan.any():
        g[nan] = np.nan
    return g


def positive_mask(x: FloatArray) -> FloatArray:
    """1 where x > 0, 0 where x <= 0 (including -0.0), nan where x is nan."""
    return keep_nan((x > 0).astype(x.dtype), x)


def window_mask(x: FloatArray, low: float, high: float) -> FloatArray:
    """1 where low < x < high, 0 elsewhere (also at the ends), nan where x is nan."""
    return keep_nan(((x > low) & (x < high)).astype(x.dtype), x)


def leaky_line(x: FloatArray, slope: float) -> FloatArray:
    """x for x > 0, slope*x otherwise; slope 0 is ReLU (no 0*inf)."""
    if slope == 0:
        return np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # |slope| > 1 can take -1e308 past the range: -inf
        return np.where(x > 0, x, slope * x)


def leaky_line_grad(x: FloatArray, slope: float) -> FloatArray:
    """1 for x > 0, slope for x <= 0 (torch's kink convention), nan for nan."""
    return keep_nan(np.where(x > 0, 1.0, slope).astype(x.dtype, copy=False), x)
