"""The ACTIVATIONS registry: torch.nn.functional's activations, named and described.

Every activation is called on an array (`ACTIVATIONS["relu"](x)`) and has `.grad(x)`, the
derivative with respect to x, its formula, its output range and its keyword parameters
(torch's names and defaults) as Params for a panel. The functions themselves, and their
numerical promises, are in `nn.functions`; erf in `nn.erf`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.base.params import Param
from relu_tui.base.types import FloatArray
from relu_tui.nn.erf import erf, erfc
from relu_tui.nn.functions import (
    SELU_ALPHA,
    SELU_SCALE,
    celu,
    celu_grad,
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    hardshrink,
    hardshrink_grad,
    hardsigmoid,
    hardsigmoid_grad,
    hardswish,
    hardswish_grad,
    hardtanh,
    hardtanh_grad,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_grad,
    logsigmoid,
    logsigmoid_grad,
    mish,
    mish_grad,
    prelu,
    prelu_grad,
    relu,
    relu6,
    relu6_grad,
    relu_grad,
    selu,
    selu_grad,
    sigmoid,
    sigmoid_grad,
    silu,
    silu_grad,
    softplus,
    softplus_grad,
    softshrink,
    softshrink_grad,
    softsign,
    softsign_grad,
    tanh,
    tanh_grad,
    tanhshrink,
    tanhshrink_grad,
)

__all__ = [
    "ACTIVATIONS",
    "SELU_ALPHA",
    "SELU_SCALE",
    "Activation",
    "OutputRange",
    "erf",
    "erfc",
]


def _as_float(x: npt.ArrayLike) -> FloatArray:
    """x as a float array: float arrays as they are, anything else as float64."""
    array = np.asarray(x)
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    return array


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
    slope = Param(
        "negative_slope",
        "negative slope",
        0.01,
        step=0.01,
        low=0.0,
        high=1.0,
        help="slope for x <= 0",
    )
    weight = Param(
        "weight",
        "weight (slope)",
        0.25,
        step=0.05,
        low=0.0,
        high=1.0,
        help="slope for x <= 0; learned in a network",
    )
    alpha = Param(
        "alpha", "alpha", 1.0, step=0.1, low=0.1, high=5.0, help="how far below 0 the output can go"
    )
    approximate = Param(
        "approximate",
        "approximate",
        0.0,
        choices=("none", "tanh"),
        help="exact erf form or the tanh approximation",
    )
    beta = Param(
        "beta",
        "beta",
        1.0,
        step=0.1,
        low=0.1,
        high=10.0,
        help="sharpness: larger beta is closer to ReLU",
    )
    threshold = Param(
        "threshold",
        "threshold",
        20.0,
        step=1.0,
        low=1.0,
        high=50.0,
        help="beta*x above this is treated as linear",
    )
    min_val = Param("min_val", "min_val", -1.0, step=0.1, low=-5.0, high=0.0, help="lower clip")
    max_val = Param("max_val", "max_val", 1.0, step=0.1, low=0.1, high=5.0, help="upper clip")
    lambd = Param(
        "lambd", "lambda", 0.5, step=0.1, low=0.0, high=5.0, help="half-width of the zero band"
    )

    def elu_range(alpha: float = 1.0, **_: Any) -> OutputRange:
        return OutputRange(-alpha, _INF, False, False)

    def hardtanh_range(min_val: float = -1.0, max_val: float = 1.0, **_: Any) -> OutputRange:
        return OutputRange(min_val, max_val, True, True)

    def softplus_range(beta: float = 1.0, **_: Any) -> OutputRange:
        if beta > 0:
            return OutputRange(0.0, _INF, False, False)
        return OutputRange(-_INF, 0.0, False, False)

    entries = [
        Activation(
            "relu",
            "ReLU",
            "max(0, x)",
            "Default choice for hidden layers: cheap, gradient 1 for x > 0.",
            relu,
            relu_grad,
            _fixed(0.0, _INF, True, False),
        ),
        Activation(
            "relu6",
            "ReLU6",
            "min(max(0, x), 6)",
            "Mobile networks that want a bounded, quantisation-friendly ReLU.",
            relu6,
            relu6_grad,
            _fixed(0.0, 6.0, True, True),
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            "x if x > 0 else negative_slope * x",
            "When you have dying-neuron problems: negatives keep a small slope.",
            leaky_relu,
            leaky_relu_grad,
            lambda negative_slope=0.01, **_: _leaky_range(negative_slope),
            (slope,),
        ),
        Activation(
            "prelu",
            "PReLU",
            "x if x > 0 else weight * x",
            "When you want the network to learn the negative slope.",
            prelu,
            prelu_grad,
            lambda weight=0.25, **_: _leaky_range(weight),
            (weight,),
        ),
        Activation(
            "elu",
            "ELU",
            "x if x > 0 else alpha * (exp(x) - 1)",
            "When you want smooth negative values that saturate at -alpha.",
            elu,
            elu_grad,
            elu_range,
            (alpha,),
        ),
        Activation(
            "selu",
            "SELU",
            f"scale * elu(x, alpha), alpha={SELU_ALPHA:.4f}, scale={SELU_SCALE:.4f}",
            "Self-normalising deep MLPs (with LeCun-normal init).",
            selu,
            selu_grad,
            _fixed(-SELU_SCALE * SELU_ALPHA, _INF, False, False),
        ),
        Activation(
            "celu",
            "CELU",
            "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
            "ELU whose slope at 0 is 1 for every alpha (continuously differentiable).",
            celu,
            celu_grad,
            elu_range,
            (alpha,),
        ),
        Activation(
            "gelu",
            "GELU",
            "x * Phi(x) = x/2 * (1 + erf(x / sqrt(2)))",
            "Transformers and modern NLP models: a smooth, probabilistic ReLU.",
            gelu,
            gelu_grad,
            _fixed(_GELU_MIN, _INF, True, False),
            (approximate,),
        ),
        Activation(
            "silu",
            "SiLU/Swish",
            "x * sigmoid(x)",
            "Some computer vision tasks (EfficientNet); smooth and non-monotonic.",
            silu,
            silu_grad,
            _fixed(_SILU_MIN, _INF, True, False),
        ),
        Activation(
            "mish",
            "Mish",
            "x * tanh(softplus(x))",
            "Vision backbones (YOLOv4) wanting a smooth Swish-like curve.",
            mish,
            mish_grad,
            _fixed(_MISH_MIN, _INF, True, False),
        ),
        Activation(
            "sigmoid",
            "Sigmoid",
            "1 / (1 + exp(-x))",
            "Output layer for probabilities and gates; vanishing gradients in deep stacks.",
            sigmoid,
            sigmoid_grad,
            _fixed(0.0, 1.0, False, False),
        ),
        Activation(
            "hardsigmoid",
            "Hardsigmoid",
            "min(max(0, x + 3), 6) / 6",
            "Cheap piecewise-linear sigmoid for mobile gates.",
            hardsigmoid,
            hardsigmoid_grad,
            _fixed(0.0, 1.0, True, True),
        ),
        Activation(
            "tanh",
            "Tanh",
            "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
            "Recurrent networks and zero-centred bounded outputs in [-1, 1].",
            tanh,
            tanh_grad,
            _fixed(-1.0, 1.0, False, False),
        ),
        Activation(
            "hardtanh",
            "Hardtanh",
            "min(max(min_val, x), max_val)",
            "Cheap bounded activation; a clipped identity.",
            hardtanh,
            hardtanh_grad,
            hardtanh_range,
            (min_val, max_val),
        ),
        Activation(
            "hardswish",
            "Hardswish",
            "x * min(max(0, x + 3), 6) / 6",
            "Mobile networks (MobileNetV3): Swish without the exponential.",
            hardswish,
            hardswish_grad,
            _fixed(-0.375, _INF, True, False),
        ),
        Activation(
            "softplus",
            "Softplus",
            "log(1 + exp(beta * x)) / beta",
            "A smooth ReLU, or to keep an output strictly positive.",
            softplus,
            softplus_grad,
            softplus_range,
            (beta, threshold),
        ),
        Activation(
            "softsign",
            "Softsign",
            "x / (1 + |x|)",
            "A tanh-like squash with polynomial (slower) saturation.",
            softsign,
            softsign_grad,
            _fixed(-1.0, 1.0, False, False),
        ),
        Activation(
            "tanhshrink",
            "Tanhshrink",
            "x - tanh(x)",
            "Rare; sparse coding, shrinks small inputs towards 0.",
            tanhshrink,
            tanhshrink_grad,
            _fixed(-_INF, _INF, False, False),
        ),
        Activation(
            "logsigmoid",
            "LogSigmoid",
            "log(1 / (1 + exp(-x)))",
            "Numerically stable log-probabilities (e.g. in losses).",
            logsigmoid,
            logsigmoid_grad,
            _fixed(-_INF, 0.0, False, False),
        ),
        Activation(
            "softshrink",
            "Softshrink",
            "x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
            "Sparse coding and denoising: soft thresholding.",
            softshrink,
            softshrink_grad,
            _softshrink_range,
            (lambd,),
        ),
        Activation(
            "hardshrink",
            "Hardshrink",
            "x if |x| > lambd else 0",
            "Sparse coding: hard thresholding of small values.",
            hardshrink,
            hardshrink_grad,
            _softshrink_range,
            (lambd,),
        ),
        Activation(
            "identity",
            "Identity",
            "x",
            "No activation: the output of a regression layer; stacks stay linear.",
            identity,
            identity_grad,
            _fixed(-_INF, _INF, False, False),
        ),
    ]
    return {activation.name: activation for activation in entries}


ACTIVATIONS: Mapping[str, Activation] = _build()
"""Every activation by torch.nn.functional name, in a teaching order."""
