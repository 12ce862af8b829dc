"""torch.nn.functional's activations and their gradients, as NumPy functions.

Names, keyword parameters and defaults follow `torch.nn.functional`; values and gradients
follow torch's definitions, including its conventions at kinks (ReLU'(0) = 0: "if input
<= 0: gradient = 0", as in "ReLU Explained"). The registry in `nn.activations` gives
each a name, a formula and its parameters.

Numerical promises, for any input including +-1e308, +-inf, nan and -0.0:
- the dtype of x (a float array) is the dtype of the result;
- no RuntimeWarning and no exception: branches that np.where discards never see an input
  that could overflow (they are clamped first), and expm1 and log1p keep tails exact;
- nan propagates (values and gradients); infinities give the mathematical limit, e.g.
  silu(-inf) = 0 and gelu(-inf) = 0 (torch returns nan there: -inf * 0).
"""

from __future__ import annotations

import math

import numpy as np

from relu_tui.base.types import FloatArray
from relu_tui.nn.erf import erfc
from relu_tui.nn.safe import (
    leaky_line,
    leaky_line_grad,
    positive_mask,
    stable_sigmoid,
    stable_sigmoid_grad,
    window_mask,
)

SELU_ALPHA = 1.6732632423543772848170429916717
"""SELU's alpha, as in torch (Klambauer et al. 2017)."""
SELU_SCALE = 1.0507009873554804934193349852946
"""SELU's scale, as in torch."""

_SQRT1_2 = 0.7071067811865475244008443621048490
_INV_SQRT_2PI = 0.3989422804014326779399460599343819
_SQRT_2_OVER_PI = 0.7978845608028654
_GELU_KAPPA = 0.044715


def relu(x: FloatArray) -> FloatArray:
    """max(0, x)."""
    return np.maximum(x, 0.0)


def relu_grad(x: FloatArray) -> FloatArray:
    """1 for x > 0, else 0; ReLU'(0) = 0 as in torch and "ReLU Explained"."""
    return positive_mask(x)


def relu6(x: FloatArray) -> FloatArray:
    """min(max(0, x), 6)."""
    return np.clip(x, 0.0, 6.0)


def relu6_grad(x: FloatArray) -> FloatArray:
    """1 on (0, 6), 0 elsewhere and at both kinks (torch's hardtanh rule)."""
    return window_mask(x, 0.0, 6.0)


def leaky_relu(x: FloatArray, *, negative_slope: float = 0.01) -> FloatArray:
    """x if x > 0 else negative_slope * x."""
    return leaky_line(x, negative_slope)


def leaky_relu_grad(x: FloatArray, *, negative_slope: float = 0.01) -> FloatArray:
    """1 for x > 0, negative_slope for x <= 0."""
    return leaky_line_grad(x, negative_slope)


def prelu(x: FloatArray, *, weight: float = 0.25) -> FloatArray:
    """x if x > 0 else weight * x (weight is learned in a network; here a parameter)."""
    return leaky_line(x, weight)


def prelu_grad(x: FloatArray, *, weight: float = 0.25) -> FloatArray:
    """1 for x > 0, weight for x <= 0."""
    return leaky_line_grad(x, weight)


def elu(x: FloatArray, *, alpha: float = 1.0) -> FloatArray:
    """x if x > 0 else alpha * (exp(x) - 1); expm1 keeps small negatives exact."""
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x: FloatArray, *, alpha: float = 1.0) -> FloatArray:
    """1 for x > 0, alpha * exp(x) for x <= 0 (so alpha at 0, as in torch)."""
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def selu(x: FloatArray) -> FloatArray:
    """scale * elu(x, alpha) with torch's fixed alpha and scale."""
    with np.errstate(over="ignore"):  # scale * x beyond the dtype's range is inf, correctly
        return SELU_SCALE * elu(x, alpha=SELU_ALPHA)


def selu_grad(x: FloatArray) -> FloatArray:
    """scale for x > 0, scale * alpha * exp(x) for x <= 0."""
    return SELU_SCALE * elu_grad(x, alpha=SELU_ALPHA)


def celu(x: FloatArray, *, alpha: float = 1.0) -> FloatArray:
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _check_nonzero("alpha", alpha)
    return np.where(x > 0, x, alpha * np.expm1(_celu_z(x, alpha)))


def celu_grad(x: FloatArray, *, alpha: float = 1.0) -> FloatArray:
    """1 for x > 0, exp(x / alpha) for x <= 0 (1 at 0)."""
    _check_nonzero("alpha", alpha)
    return np.where(x > 0, 1.0, np.exp(_celu_z(x, alpha)))


def _celu_z(x: FloatArray, alpha: float) -> FloatArray:
    """min(x, 0) / alpha with |result| <= 700, so neither the division nor exp overflows."""
    return np.clip(x, -700.0 * abs(alpha), 0.0) / alpha


def _gelu_tanh_inner(x: FloatArray) -> FloatArray:
    """2*sqrt(2/pi)*(x + 0.044715 x^3) on x clamped to +-30 (the tanh is +-1 beyond)."""
    xi = np.clip(x, -30.0, 30.0)
    return 2.0 * _SQRT_2_OVER_PI * (xi + _GELU_KAPPA * xi * xi * xi)


def gelu(x: FloatArray, *, approximate: str = "none") -> FloatArray:
    """x * Phi(x) = x/2 * (1 + erf(x/sqrt(2))); approximate='tanh' uses torch's tanh form.

    Phi is computed as erfc(-x/sqrt(2))/2, exact in the negative tail where
    1 + erf(...) would cancel. The tanh form uses 1 + tanh(u) = 2*sigmoid(2u) likewise.
    Below x = -40 (exact) or -30 (tanh) the value underflows to -0, so x is clamped there
    to avoid -inf * 0.
    """
    if approximate == "tanh":
        xc = np.maximum(x, -30.0)
        return xc * stable_sigmoid(_gelu_tanh_inner(x))
    _check_approximate(approximate)
    x64 = np.maximum(np.asarray(x, dtype=np.float64), -40.0)
    return (0.5 * x64 * erfc(-x64 * _SQRT1_2)).astype(x.dtype, copy=False)


def gelu_grad(x: FloatArray, *, approximate: str = "none") -> FloatArray:
    """Phi(x) + x * phi(x); for 'tanh', the derivative of torch's tanh form."""
    if approximate == "tanh":
        u2 = _gelu_tanh_inner(x)
        s = stable_sigmoid(u2)
        xi = np.clip(x, -30.0, 30.0)
        # d/dx [x * sigmoid(2u)] = sigmoid(2u) + x * 2 * sigmoid'(2u) * u'
        du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_KAPPA * xi * xi)
        return s + 2.0 * xi * stable_sigmoid_grad(u2) * du
    _check_approximate(approximate)
    x64 = np.asarray(x, dtype=np.float64)
    xi = np.clip(x64, -40.0, 40.0)
    cdf = 0.5 * erfc(-x64 * _SQRT1_2)
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * xi * xi)
    return (cdf + xi * pdf).astype(x.dtype, copy=False)


def silu(x: FloatArray) -> FloatArray:
    """x * sigmoid(x) (also called Swish)."""
    xc = np.maximum(x, -800.0)  # sigmoid is 0 below; avoids -inf * 0
    return xc * stable_sigmoid(xc)


def silu_grad(x: FloatArray) -> FloatArray:
    """sigmoid(x) * (1 + x * (1 - sigmoid(x)))."""
    xc = np.clip(x, -800.0, 800.0)
    s = stable_sigmoid(x)
    return s + xc * stable_sigmoid_grad(xc)


def _softplus1(x: FloatArray) -> FloatArray:
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): exact in both tails, and unlike
    np.logaddexp it lets nan through without an 'invalid value' warning."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def mish(x: FloatArray) -> FloatArray:
    """x * tanh(softplus(x))."""
    xc = np.maximum(x, -800.0)
    return xc * np.tanh(_softplus1(xc))


def mish_grad(x: FloatArray) -> FloatArray:
    """tanh(sp(x)) + x * sigmoid(x) * (1 - tanh(sp(x))^2), sp = softplus (as in torch)."""
    xc = np.clip(x, -800.0, 800.0)
    t = np.tanh(_softplus1(x))
    return t + xc * stable_sigmoid(xc) * _sech2(_softplus1(xc))


def _sech2(x: FloatArray) -> FloatArray:
    """1 - tanh(x)^2 = 4e/(1+e)^2 with e = exp(-2|x|): no cancellation, no overflow."""
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def sigmoid(x: FloatArray) -> FloatArray:
    """1 / (1 + exp(-x))."""
    return stable_sigmoid(x)


def sigmoid_grad(x: FloatArray) -> FloatArray:
    """sigmoid(x) * (1 - sigmoid(x)); at most 0.25, at x = 0."""
    return stable_sigmoid_grad(x)


def hardsigmoid(x: FloatArray) -> FloatArray:
    """min(max(0, x + 3), 6) / 6."""
    return np.clip(x + 3.0, 0.0, 6.0) / 6.0


def hardsigmoid_grad(x: FloatArray) -> FloatArray:
    """1/6 on (-3, 3), 0 elsewhere and at the kinks."""
    return window_mask(x, -3.0, 3.0) / 6.0


def tanh(x: FloatArray) -> FloatArray:
    """(exp(x) - exp(-x)) / (exp(x) + exp(-x))."""
    return np.tanh(x)


def tanh_grad(x: FloatArray) -> FloatArray:
    """1 - tanh(x)^2, computed without cancellation."""
    return _sech2(x)


def hardtanh(x: FloatArray, *, min_val: float = -1.0, max_val: float = 1.0) -> FloatArray:
    """min(max(min_val, x), max_val)."""
    _check_order(min_val, max_val)
    return np.clip(x, min_val, max_val)


def hardtanh_grad(x: FloatArray, *, min_val: float = -1.0, max_val: float = 1.0) -> FloatArray:
    """1 on (min_val, max_val), 0 elsewhere and at the kinks."""
    _check_order(min_val, max_val)
    return window_mask(x, min_val, max_val)


def hardswish(x: FloatArray) -> FloatArray:
    """x * min(max(0, x + 3), 6) / 6 (divided first so 1e308 does not overflow)."""
    xc = np.maximum(x, -3.0)  # the factor is 0 below -3; avoids -inf * 0
    return xc * (np.clip(xc + 3.0, 0.0, 6.0) / 6.0)


def hardswish_grad(x: FloatArray) -> FloatArray:
    """0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3 (torch 2.x's kink convention)."""
    xc = np.clip(x, -3.0, 3.0)
    return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, 1.0, xc / 3.0 + 0.5))


def softplus(x: FloatArray, *, beta: float = 1.0, threshold: float = 20.0) -> FloatArray:
    """log(1 + exp(beta*x)) / beta, linear once beta*x > threshold (torch's rule).

    The log1p form never overflows; x is clamped before scaling so beta*x cannot overflow.
    """
    _check_nonzero("beta", beta)
    limit = (abs(threshold) + 800.0) / abs(beta)
    bx = beta * np.clip(x, -limit, limit)
    return np.where(bx > threshold, x, _softplus1(bx) / beta)


def softplus_grad(x: FloatArray, *, beta: float = 1.0, threshold: float = 20.0) -> FloatArray:
    """sigmoid(beta*x), and exactly 1 where the linear branch is used."""
    _check_nonzero("beta", beta)
    limit = (abs(threshold) + 800.0) / abs(beta)
    bx = beta * np.clip(x, -limit, limit)
    return np.where(bx > threshold, 1.0, stable_sigmoid(bx))


def softsign(x: FloatArray) -> FloatArray:
    """x / (1 + |x|), +-1 at +-inf."""
    xc = np.clip(x, -1e30, 1e30)  # beyond, x/(1+|x|) rounds to +-1 anyway
    return xc / (1.0 + np.abs(xc))


def softsign_grad(x: FloatArray) -> FloatArray:
    """1 / (1 + |x|)^2, squared after dividing so it cannot overflow."""
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


_TANHSHRINK_SERIES = 0.01


def tanhshrink(x: FloatArray) -> FloatArray:
    """x - tanh(x); near 0 the series x^3/3 - 2x^5/15 + 17x^7/315 - 62x^9/2835 avoids
    cancellation."""
    z = np.clip(x, -_TANHSHRINK_SERIES, _TANHSHRINK_SERIES)
    z2 = z * z
    series = z * z2 * (1.0 / 3.0 + z2 * (-2.0 / 15.0 + z2 * (17.0 / 315.0 - z2 * 62.0 / 2835.0)))
    return np.where(np.abs(x) < _TANHSHRINK_SERIES, series, x - np.tanh(x))


def tanhshrink_grad(x: FloatArray) -> FloatArray:
    """tanh(x)^2."""
    t = np.tanh(x)
    return t * t


def logsigmoid(x: FloatArray) -> FloatArray:
    """log(sigmoid(x)) = -softplus(-x)."""
    return -_softplus1(-x)


def logsigmoid_grad(x: FloatArray) -> FloatArray:
    """1 - sigmoid(x) = sigmoid(-x)."""
    return stable_sigmoid(-x)


def softshrink(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """x - lambd for x > lambd, x + lambd for x < -lambd, else 0."""
    _check_lambd(lambd)
    # x - clip(x) is x - lambd above the band, x + lambd below it and 0 inside; inf stays inf.
    return x - np.clip(x, -lambd, lambd)


def softshrink_grad(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """1 for |x| > lambd, 0 on [-lambd, lambd] (ends included, as in torch)."""
    _check_lambd(lambd)
    return positive_mask(np.abs(x) - lambd)


def hardshrink(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """x for |x| > lambd, else 0."""
    _check_lambd(lambd)
    return x * positive_mask(np.abs(x) - lambd)


def hardshrink_grad(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """1 for |x| > lambd, 0 on [-lambd, lambd]."""
    _check_lambd(lambd)
    return positive_mask(np.abs(x) - lambd)


def identity(x: FloatArray) -> FloatArray:
    """x itself (a copy)."""
    return np.array(x, copy=True)


def identity_grad(x: FloatArray) -> FloatArray:
    """1 everywhere, nan where x is nan."""
    return np.where(np.isnan(x), x, 1.0).astype(x.dtype, copy=False)


def _check_nonzero(name: str, value: float) -> None:
    if value == 0 or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite non-zero number, got {value}")


def _check_lambd(lambd: float) -> None:
    if not (lambd >= 0 and math.isfinite(lambd)):
        raise ValueError(f"lambd must be a finite number >= 0, got {lambd}")


def _check_order(min_val: float, max_val: float) -> None:
    if not (min_val < max_val):
        raise ValueError(f"min_val must be less than max_val, got {min_val} and {max_val}")


def _check_approximate(approximate: str) -> None:
    if approximate != "none":
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
