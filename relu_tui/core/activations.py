"""The ACTIVATIONS registry: torch.nn.functional's activations and their gradients in NumPy.

Every activation is called on an array (`ACTIVATIONS["relu"](x)`) and has `.grad(x)`, the
derivative with respect to x. Names, keyword parameters and defaults follow
`torch.nn.functional`; values and gradients follow torch's definitions, including its
conventions at kinks (ReLU'(0) = 0: "if input <= 0: gradient = 0", as in "ReLU Explained").

Numerical promises, for any input including +-1e308, +-inf, nan and -0.0:
- float32 in gives float32 out (other non-float input is computed in float64);
- no RuntimeWarning and no exception: branches that np.where discards never see an input
  that could overflow (they are clamped first), and expm1 and log1p keep tails exact;
- nan propagates (values and gradients); infinities give the mathematical limit, e.g.
  silu(-inf) = 0 and gelu(-inf) = 0 (torch returns nan there: -inf * 0).

GELU's exact form needs erf, which NumPy lacks: `erf` and `erfc` below are W. J. Cody's
rational Chebyshev approximations (Math. Comp. 23, 1969; SPECFUN CALERF), vectorised.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from relu_tui.core.fmt import fmt
from relu_tui.core.params import Param
from relu_tui.core.types import FloatArray

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "OutputRange",
    "erf",
    "erfc",
]

SELU_ALPHA = 1.6732632423543772848170429916717
"""SELU's alpha, as in torch (Klambauer et al. 2017)."""
SELU_SCALE = 1.0507009873554804934193349852946
"""SELU's scale, as in torch."""

_SQRT1_2 = 0.7071067811865475244008443621048490
_INV_SQRT_2PI = 0.3989422804014326779399460599343819
_SQRT_2_OVER_PI = 0.7978845608028654
_GELU_KAPPA = 0.044715


def _as_float(x: npt.ArrayLike) -> FloatArray:
    """x as a float array: float arrays as they are, anything else as float64."""
    array = np.asarray(x)
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    return array


# --------------------------------------------------------------------------- erf, erfc

# W. J. Cody's coefficients (CALERF): A/B erf on |x| <= 0.46875; C/D erfc*exp(x^2) on
# (0.46875, 4]; P/Q the asymptotic erfc*exp(x^2)*x on (4, inf).
_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
      3.20937758913846947e03, 1.85777706184603153e-1)
_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
      2.84423683343917062e03)
_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
      2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
      2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)
_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
      1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
      3.43936767414372164e03, 1.23033935480374942e03)
_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
      1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)
_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
      6.05183413124413191e-2, 2.33520497626869185e-3)
_SQRPI = 5.6418958354775628695e-1  # 1/sqrt(pi)
_ERF_SMALL = 0.46875
_ERFC_ZERO = 27.3  # erfc(y) underflows to 0 beyond this


def _erf_small(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """erf(x) for |x| <= 0.46875 (Cody's first interval)."""
    z = x * x
    num = _A[4] * z
    den = z.copy()
    for i in range(3):
        num = (num + _A[i]) * z
        den = (den + _B[i]) * z
    return x * (num + _A[3]) / (den + _B[3])


def _erfc_large(y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """erfc(y) for 0.46875 < y (finite or inf; y is clamped where erfc underflows)."""
    y = np.minimum(y, _ERFC_ZERO)
    out = np.empty_like(y)
    mid = y <= 4.0
    if mid.any():
        ym = y[mid]
        num = _C[8] * ym
        den = ym.copy()
        for i in range(7):
            num = (num + _C[i]) * ym
            den = (den + _D[i]) * ym
        out[mid] = (num + _C[7]) / (den + _D[7])
    far = ~mid
    if far.any():
        yf = y[far]
        z = 1.0 / (yf * yf)
        num = _P[5] * z
        den = z.copy()
        for i in range(4):
            num = (num + _P[i]) * z
            den = (den + _Q[i]) * z
        r = z * (num + _P[4]) / (den + _Q[4])
        out[far] = (_SQRPI - r) / yf
    # exp(-y^2) split as exp(-ysq^2) * exp(-(y - ysq)(y + ysq)) so the rounding of y^2
    # is not amplified (Cody's trick); ysq has at most 4 fractional bits.
    ysq = np.trunc(y * 16.0) / 16.0
    delta = (y - ysq) * (y + ysq)
    out = out * np.exp(-ysq * ysq) * np.exp(-delta)
    out[y >= _ERFC_ZERO] = 0.0
    return out


def erf(x: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The error function, float64, relative error ~1e-16 (Cody's CALERF).

    Args:
        x: any array-like of numbers; nan propagates, erf(+-inf) = +-1.

    Returns:
        float64 array of x's shape.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.abs(x)
    out = np.array(x, dtype=np.float64, copy=True)  # keeps nan (and the shape)
    small = y <= _ERF_SMALL
    if small.any():
        out[small] = _erf_small(x[small])
    large = y > _ERF_SMALL
    if large.any():
        out[large] = np.copysign(1.0 - _erfc_large(y[large]), x[large])
    return out


def erfc(x: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The complementary error function 1 - erf(x), accurate in both tails (float64).

    Args:
        x: any array-like of numbers; nan propagates, erfc(-inf) = 2, erfc(inf) = 0.

    Returns:
        float64 array of x's shape.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.abs(x)
    out = np.array(x, dtype=np.float64, copy=True)
    small = y <= _ERF_SMALL
    if small.any():
        out[small] = 1.0 - _erf_small(x[small])
    large = y > _ERF_SMALL
    if large.any():
        tail = _erfc_large(y[large])
        out[large] = np.where(x[large] < 0, 2.0 - tail, tail)
    return out


# --------------------------------------------------------------------------- helpers


def _sigmoid(x: FloatArray) -> FloatArray:
    """1/(1+exp(-x)) without overflow: exp only ever sees -|x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad(x: FloatArray) -> FloatArray:
    """sigma(x)(1 - sigma(x)) = e/(1+e)^2 with e = exp(-|x|): exact in both tails."""
    e = np.exp(-np.abs(x))
    return e / ((1.0 + e) * (1.0 + e))


def _keep_nan(g: FloatArray, x: FloatArray) -> FloatArray:
    """g with nan wherever x is nan (g is a fresh array of x's dtype, changed in place).

    Comparisons send nan to False; this puts it back. (np.heaviside would do it in one
    call but is ~10x slower than a comparison and a cast.)
    """
    nan = np.isnan(x)
    if nan.any():
        g[nan] = np.nan
    return g


def _positive(x: FloatArray) -> FloatArray:
    """1 where x > 0, 0 where x <= 0 (including -0.0), nan where x is nan."""
    return _keep_nan((x > 0).astype(x.dtype), x)


def _window(x: FloatArray, low: float, high: float) -> FloatArray:
    """1 where low < x < high, 0 elsewhere (also at the ends), nan where x is nan."""
    return _keep_nan(((x > low) & (x < high)).astype(x.dtype), x)


def _leaky(x: FloatArray, slope: float) -> FloatArray:
    """x for x > 0, slope*x otherwise; slope 0 is ReLU (no 0*inf)."""
    if slope == 0:
        return np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # |slope| > 1 can take -1e308 past the range: -inf
        return np.where(x > 0, x, slope * x)


def _leaky_grad(x: FloatArray, slope: float) -> FloatArray:
    """1 for x > 0, slope for x <= 0 (torch's kink convention), nan for nan."""
    return _keep_nan(np.where(x > 0, 1.0, slope).astype(x.dtype, copy=False), x)


# --------------------------------------------------------------------------- activations


def relu(x: FloatArray) -> FloatArray:
    """max(0, x)."""
    return np.maximum(x, 0.0)


def relu_grad(x: FloatArray) -> FloatArray:
    """1 for x > 0, else 0; ReLU'(0) = 0 as in torch and "ReLU Explained"."""
    return _positive(x)


def relu6(x: FloatArray) -> FloatArray:
    """min(max(0, x), 6)."""
    return np.clip(x, 0.0, 6.0)


def relu6_grad(x: FloatArray) -> FloatArray:
    """1 on (0, 6), 0 elsewhere and at both kinks (torch's hardtanh rule)."""
    return _window(x, 0.0, 6.0)


def leaky_relu(x: FloatArray, *, negative_slope: float = 0.01) -> FloatArray:
    """x if x > 0 else negative_slope * x."""
    return _leaky(x, negative_slope)


def leaky_relu_grad(x: FloatArray, *, negative_slope: float = 0.01) -> FloatArray:
    """1 for x > 0, negative_slope for x <= 0."""
    return _leaky_grad(x, negative_slope)


def prelu(x: FloatArray, *, weight: float = 0.25) -> FloatArray:
    """x if x > 0 else weight * x (weight is learned in a network; here a parameter)."""
    return _leaky(x, weight)


def prelu_grad(x: FloatArray, *, weight: float = 0.25) -> FloatArray:
    """1 for x > 0, weight for x <= 0."""
    return _leaky_grad(x, weight)


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
        return xc * _sigmoid(_gelu_tanh_inner(x))
    _check_approximate(approximate)
    x64 = np.maximum(np.asarray(x, dtype=np.float64), -40.0)
    return (0.5 * x64 * erfc(-x64 * _SQRT1_2)).astype(x.dtype, copy=False)


def gelu_grad(x: FloatArray, *, approximate: str = "none") -> FloatArray:
    """Phi(x) + x * phi(x); for 'tanh', the derivative of torch's tanh form."""
    if approximate == "tanh":
        u2 = _gelu_tanh_inner(x)
        s = _sigmoid(u2)
        xi = np.clip(x, -30.0, 30.0)
        # d/dx [x * sigmoid(2u)] = sigmoid(2u) + x * 2 * sigmoid'(2u) * u'
        du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_KAPPA * xi * xi)
        return s + 2.0 * xi * _sigmoid_grad(u2) * du
    _check_approximate(approximate)
    x64 = np.asarray(x, dtype=np.float64)
    xi = np.clip(x64, -40.0, 40.0)
    cdf = 0.5 * erfc(-x64 * _SQRT1_2)
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * xi * xi)
    return (cdf + xi * pdf).astype(x.dtype, copy=False)


def silu(x: FloatArray) -> FloatArray:
    """x * sigmoid(x) (also called Swish)."""
    xc = np.maximum(x, -800.0)  # sigmoid is 0 below; avoids -inf * 0
    return xc * _sigmoid(xc)


def silu_grad(x: FloatArray) -> FloatArray:
    """sigmoid(x) * (1 + x * (1 - sigmoid(x)))."""
    xc = np.clip(x, -800.0, 800.0)
    s = _sigmoid(x)
    return s + xc * _sigmoid_grad(xc)


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
    return t + xc * _sigmoid(xc) * _sech2(_softplus1(xc))


def _sech2(x: FloatArray) -> FloatArray:
    """1 - tanh(x)^2 = 4e/(1+e)^2 with e = exp(-2|x|): no cancellation, no overflow."""
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def sigmoid(x: FloatArray) -> FloatArray:
    """1 / (1 + exp(-x))."""
    return _sigmoid(x)


def sigmoid_grad(x: FloatArray) -> FloatArray:
    """sigmoid(x) * (1 - sigmoid(x)); at most 0.25, at x = 0."""
    return _sigmoid_grad(x)


def hardsigmoid(x: FloatArray) -> FloatArray:
    """min(max(0, x + 3), 6) / 6."""
    return np.clip(x + 3.0, 0.0, 6.0) / 6.0


def hardsigmoid_grad(x: FloatArray) -> FloatArray:
    """1/6 on (-3, 3), 0 elsewhere and at the kinks."""
    return _window(x, -3.0, 3.0) / 6.0


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
    return _window(x, min_val, max_val)


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
    return np.where(bx > threshold, 1.0, _sigmoid(bx))


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
    return _sigmoid(-x)


def softshrink(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """x - lambd for x > lambd, x + lambd for x < -lambd, else 0."""
    _check_lambd(lambd)
    # x - clip(x) is x - lambd above the band, x + lambd below it and 0 inside; inf stays inf.
    return x - np.clip(x, -lambd, lambd)


def softshrink_grad(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """1 for |x| > lambd, 0 on [-lambd, lambd] (ends included, as in torch)."""
    _check_lambd(lambd)
    return _positive(np.abs(x) - lambd)


def hardshrink(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """x for |x| > lambd, else 0."""
    _check_lambd(lambd)
    return x * _positive(np.abs(x) - lambd)


def hardshrink_grad(x: FloatArray, *, lambd: float = 0.5) -> FloatArray:
    """1 for |x| > lambd, 0 on [-lambd, lambd]."""
    _check_lambd(lambd)
    return _positive(np.abs(x) - lambd)


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


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class OutputRange:
    """The set of values an activation can produce, e.g. [0, inf) or (0, 1)."""

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    @property
    def text(self) -> str:
        """ASCII interval notation: '[0, inf)', '(-1, 1)'."""
        left = "[" if self.low_closed and math.isfinite(self.low) else "("
        right = "]" if self.high_closed and math.isfinite(self.high) else ")"
        return f"{left}{fmt(self.low)}, {fmt(self.high)}{right}"


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation: call it on an array, `.grad` for its derivative.

    Keyword parameters (torch's names) are accepted by the call, `.grad` and
    `.output_range`; `params` lists them with ranges and steps for a ParamPanel.
    """

    name: str
    """torch.nn.functional's name, e.g. 'leaky_relu'."""
    display: str
    """Name as people write it, e.g. 'Leaky ReLU'."""
    formula: str
    """The definition, ASCII."""
    when_to_use: str
    """One line of advice."""
    fn: Callable[..., FloatArray]
    grad_fn: Callable[..., FloatArray]
    range_fn: Callable[..., OutputRange]
    params: tuple[Param, ...] = ()
    """The keyword parameters at their defaults (choice params hold an index)."""

    def __call__(self, x: npt.ArrayLike, **kwargs: Any) -> FloatArray:
        """The activation's values, same shape and float dtype as x."""
        return self.fn(_as_float(x), **kwargs)

    def grad(self, x: npt.ArrayLike, **kwargs: Any) -> FloatArray:
        """The derivative with respect to x, same shape and float dtype as x."""
        return self.grad_fn(_as_float(x), **kwargs)

    def output_range(self, **kwargs: Any) -> OutputRange:
        """The output range for these parameters (defaults when none given)."""
        return self.range_fn(**{**self.defaults, **kwargs})

    @property
    def defaults(self) -> dict[str, Any]:
        """Default keyword arguments (torch's defaults)."""
        return self.kwargs(self.params)

    def kwargs(self, params: tuple[Param, ...] | Mapping[str, Param]) -> dict[str, Any]:
        """Keyword arguments from (edited) params: choice params become their string.

        Params of other names are ignored, so a screen can pass all its params.
        """
        items = params.values() if isinstance(params, Mapping) else params
        own = {p.name for p in self.params}
        out: dict[str, Any] = {}
        for param in items:
            if param.name in own:
                out[param.name] = param.choice if param.choices else float(param.value)
        return out


_INF = math.inf


def _fixed(
    low: float, high: float, low_closed: bool, high_closed: bool
) -> Callable[..., OutputRange]:
    def range_fn(**_: Any) -> OutputRange:
        return OutputRange(low, high, low_closed, high_closed)

    return range_fn


def _leaky_range(slope: float) -> OutputRange:
    if slope > 0:
        return OutputRange(-_INF, _INF, False, False)
    if slope == 0:
        return OutputRange(0.0, _INF, True, False)
    return OutputRange(0.0, _INF, True, False)  # negative slope: both sides go up


def _softshrink_range(**_: Any) -> OutputRange:
    return OutputRange(-_INF, _INF, False, False)


_GELU_MIN = -0.16997120747990983  # min of x*Phi(x), at x = -0.7518
_SILU_MIN = -0.27846454276107380  # min of x*sigmoid(x), at x = -1.2785
_MISH_MIN = -0.30884303079134740  # min of x*tanh(softplus(x)), at x = -1.1924


def _build() -> dict[str, Activation]:
    slope = Param("negative_slope", "negative slope", 0.01, step=0.01, low=0.0, high=1.0,
                  help="slope for x <= 0")
    weight = Param("weight", "weight (slope)", 0.25, step=0.05, low=0.0, high=1.0,
                   help="slope for x <= 0; learned in a network")
    alpha = Param("alpha", "alpha", 1.0, step=0.1, low=0.1, high=5.0,
                  help="how far below 0 the output can go")
    approximate = Param("approximate", "approximate", 0.0, choices=("none", "tanh"),
                        help="exact erf form or the tanh approximation")
    beta = Param("beta", "beta", 1.0, step=0.1, low=0.1, high=10.0,
                 help="sharpness: larger beta is closer to ReLU")
    threshold = Param("threshold", "threshold", 20.0, step=1.0, low=1.0, high=50.0,
                      help="beta*x above this is treated as linear")
    min_val = Param("min_val", "min_val", -1.0, step=0.1, low=-5.0, high=0.0, help="lower clip")
    max_val = Param("max_val", "max_val", 1.0, step=0.1, low=0.1, high=5.0, help="upper clip")
    lambd = Param("lambd", "lambda", 0.5, step=0.1, low=0.0, high=5.0,
                  help="half-width of the zero band")

    def elu_range(alpha: float = 1.0, **_: Any) -> OutputRange:
        return OutputRange(-alpha, _INF, False, False)

    def hardtanh_range(min_val: float = -1.0, max_val: float = 1.0, **_: Any) -> OutputRange:
        return OutputRange(min_val, max_val, True, True)

    def softplus_range(beta: float = 1.0, **_: Any) -> OutputRange:
        if beta > 0:
            return OutputRange(0.0, _INF, False, False)
        return OutputRange(-_INF, 0.0, False, False)

    entries = [
        Activation("relu", "ReLU", "max(0, x)",
                   "Default choice for hidden layers: cheap, gradient 1 for x > 0.",
                   relu, relu_grad, _fixed(0.0, _INF, True, False)),
        Activation("relu6", "ReLU6", "min(max(0, x), 6)",
                   "Mobile networks that want a bounded, quantisation-friendly ReLU.",
                   relu6, relu6_grad, _fixed(0.0, 6.0, True, True)),
        Activation("leaky_relu", "Leaky ReLU", "x if x > 0 else negative_slope * x",
                   "When you have dying-neuron problems: negatives keep a small slope.",
                   leaky_relu, leaky_relu_grad,
                   lambda negative_slope=0.01, **_: _leaky_range(negative_slope), (slope,)),
        Activation("prelu", "PReLU", "x if x > 0 else weight * x",
                   "When you want the network to learn the negative slope.",
                   prelu, prelu_grad, lambda weight=0.25, **_: _leaky_range(weight), (weight,)),
        Activation("elu", "ELU", "x if x > 0 else alpha * (exp(x) - 1)",
                   "When you want smooth negative values that saturate at -alpha.",
                   elu, elu_grad, elu_range, (alpha,)),
        Activation("selu", "SELU",
                   f"scale * elu(x, alpha), alpha={SELU_ALPHA:.4f}, scale={SELU_SCALE:.4f}",
                   "Self-normalising deep MLPs (with LeCun-normal init).",
                   selu, selu_grad, _fixed(-SELU_SCALE * SELU_ALPHA, _INF, False, False)),
        Activation("celu", "CELU", "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
                   "ELU whose slope at 0 is 1 for every alpha (continuously differentiable).",
                   celu, celu_grad, elu_range, (alpha,)),
        Activation("gelu", "GELU", "x * Phi(x) = x/2 * (1 + erf(x / sqrt(2)))",
                   "Transformers and modern NLP models: a smooth, probabilistic ReLU.",
                   gelu, gelu_grad, _fixed(_GELU_MIN, _INF, True, False), (approximate,)),
        Activation("silu", "SiLU/Swish", "x * sigmoid(x)",
                   "Some computer vision tasks (EfficientNet); smooth and non-monotonic.",
                   silu, silu_grad, _fixed(_SILU_MIN, _INF, True, False)),
        Activation("mish", "Mish", "x * tanh(softplus(x))",
                   "Vision backbones (YOLOv4) wanting a smooth Swish-like curve.",
                   mish, mish_grad, _fixed(_MISH_MIN, _INF, True, False)),
        Activation("sigmoid", "Sigmoid", "1 / (1 + exp(-x))",
                   "Output layer for probabilities and gates; vanishing gradients in deep stacks.",
                   sigmoid, sigmoid_grad, _fixed(0.0, 1.0, False, False)),
        Activation("hardsigmoid", "Hardsigmoid", "min(max(0, x + 3), 6) / 6",
                   "Cheap piecewise-linear sigmoid for mobile gates.",
                   hardsigmoid, hardsigmoid_grad, _fixed(0.0, 1.0, True, True)),
        Activation("tanh", "Tanh", "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
                   "Recurrent networks and zero-centred bounded outputs in [-1, 1].",
                   tanh, tanh_grad, _fixed(-1.0, 1.0, False, False)),
        Activation("hardtanh", "Hardtanh", "min(max(min_val, x), max_val)",
                   "Cheap bounded activation; a clipped identity.",
                   hardtanh, hardtanh_grad, hardtanh_range, (min_val, max_val)),
        Activation("hardswish", "Hardswish", "x * min(max(0, x + 3), 6) / 6",
                   "Mobile networks (MobileNetV3): Swish without the exponential.",
                   hardswish, hardswish_grad, _fixed(-0.375, _INF, True, False)),
        Activation("softplus", "Softplus", "log(1 + exp(beta * x)) / beta",
                   "A smooth ReLU, or to keep an output strictly positive.",
                   softplus, softplus_grad, softplus_range, (beta, threshold)),
        Activation("softsign", "Softsign", "x / (1 + |x|)",
                   "A tanh-like squash with polynomial (slower) saturation.",
                   softsign, softsign_grad, _fixed(-1.0, 1.0, False, False)),
        Activation("tanhshrink", "Tanhshrink", "x - tanh(x)",
                   "Rare; sparse coding, shrinks small inputs towards 0.",
                   tanhshrink, tanhshrink_grad, _fixed(-_INF, _INF, False, False)),
        Activation("logsigmoid", "LogSigmoid", "log(1 / (1 + exp(-x)))",
                   "Numerically stable log-probabilities (e.g. in losses).",
                   logsigmoid, logsigmoid_grad, _fixed(-_INF, 0.0, False, False)),
        Activation("softshrink", "Softshrink",
                   "x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
                   "Sparse coding and denoising: soft thresholding.",
                   softshrink, softshrink_grad, _softshrink_range, (lambd,)),
        Activation("hardshrink", "Hardshrink", "x if |x| > lambd else 0",
                   "Sparse coding: hard thresholding of small values.",
                   hardshrink, hardshrink_grad, _softshrink_range, (lambd,)),
        Activation("identity", "Identity", "x",
                   "No activation: the output of a regression layer; stacks stay linear.",
                   identity, identity_grad, _fixed(-_INF, _INF, False, False)),
    ]
    return {activation.name: activation for activation in entries}


ACTIVATIONS: Mapping[str, Activation] = _build()
"""Every activation by torch.nn.functional name, in a teaching order."""
