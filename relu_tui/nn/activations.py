"""The ACTIVATIONS registry: torch.nn.functional's activations, named and described.

Every activation is called on an array (`ACTIVATIONS["relu"](x)`) and has `.grad(x)`, the
derivative with respect to x, its formula, its output range and its keyword parameters
(torch's names and defaults) as Params for a panel. The functions themselves, and their
numerical promises, are in `nn.functions`; erf in `nn.erf`.
"""

from __future__ import annotations

from collections.abc import Mapping

from relu_tui.base.params import Param
from relu_tui.nn.activation_type import (
    INF,
    Activation,
    OutputRange,
    elu_range,
    fixed_range,
    hardtanh_range,
    leaky_range,
    softplus_range,
    unbounded_range,
)
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


_GELU_MIN = -0.16997120747990983  # min of x*Phi(x), at x = -0.7518
_SILU_MIN = -0.27846454276107380  # min of x*sigmoid(x), at x = -1.2785
_MISH_MIN = -0.30884303079134740  # min of x*tanh(softplus(x)), at x = -1.1924

_SLOPE = Param(
    "negative_slope",
    "negative slope",
    0.01,
    step=0.01,
    low=0.0,
    high=1.0,
    help="slope for x <= 0",
)
_WEIGHT = Param(
    "weight",
    "weight (slope)",
    0.25,
    step=0.05,
    low=0.0,
    high=1.0,
    help="slope for x <= 0; learned in a network",
)
_ALPHA = Param(
    "alpha", "alpha", 1.0, step=0.1, low=0.1, high=5.0, help="how far below 0 the output can go"
)
_APPROXIMATE = Param(
    "approximate",
    "approximate",
    0.0,
    choices=("none", "tanh"),
    help="exact erf form or the tanh approximation",
)
_BETA = Param(
    "beta",
    "beta",
    1.0,
    step=0.1,
    low=0.1,
    high=10.0,
    help="sharpness: larger beta is closer to ReLU",
)
_THRESHOLD = Param(
    "threshold",
    "threshold",
    20.0,
    step=1.0,
    low=1.0,
    high=50.0,
    help="beta*x above this is treated as linear",
)
_MIN_VAL = Param("min_val", "min_val", -1.0, step=0.1, low=-5.0, high=0.0, help="lower clip")
_MAX_VAL = Param("max_val", "max_val", 1.0, step=0.1, low=0.1, high=5.0, help="upper clip")
_LAMBD = Param(
    "lambd", "lambda", 0.5, step=0.1, low=0.0, high=5.0, help="half-width of the zero band"
)


def _rectifiers() -> list[Activation]:
    """ReLU and its variants: zero, capped or leaky below 0."""
    return [
        Activation(
            "relu",
            "ReLU",
            "max(0, x)",
            "Default choice for hidden layers: cheap, gradient 1 for x > 0.",
            relu,
            relu_grad,
            fixed_range(0.0, INF, True, False),
        ),
        Activation(
            "relu6",
            "ReLU6",
            "min(max(0, x), 6)",
            "Mobile networks that want a bounded, quantisation-friendly ReLU.",
            relu6,
            relu6_grad,
            fixed_range(0.0, 6.0, True, True),
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            "x if x > 0 else negative_slope * x",
            "When you have dying-neuron problems: negatives keep a small slope.",
            leaky_relu,
            leaky_relu_grad,
            lambda negative_slope=0.01, **_: leaky_range(negative_slope),
            (_SLOPE,),
        ),
        Activation(
            "prelu",
            "PReLU",
            "x if x > 0 else weight * x",
            "When you want the network to learn the negative slope.",
            prelu,
            prelu_grad,
            lambda weight=0.25, **_: leaky_range(weight),
            (_WEIGHT,),
        ),
    ]


def _exponential() -> list[Activation]:
    """ELU, SELU and CELU: exponential below 0, linear above."""
    return [
        Activation(
            "elu",
            "ELU",
            "x if x > 0 else alpha * (exp(x) - 1)",
            "When you want smooth negative values that saturate at -alpha.",
            elu,
            elu_grad,
            elu_range,
            (_ALPHA,),
        ),
        Activation(
            "selu",
            "SELU",
            f"scale * elu(x, alpha), alpha={SELU_ALPHA:.4f}, scale={SELU_SCALE:.4f}",
            "Self-normalising deep MLPs (with LeCun-normal init).",
            selu,
            selu_grad,
            fixed_range(-SELU_SCALE * SELU_ALPHA, INF, False, False),
        ),
        Activation(
            "celu",
            "CELU",
            "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
            "ELU whose slope at 0 is 1 for every alpha (continuously differentiable).",
            celu,
            celu_grad,
            elu_range,
            (_ALPHA,),
        ),
    ]


def _gated() -> list[Activation]:
    """GELU, SiLU and Mish: x gated by a smooth step, dipping a little below 0."""
    return [
        Activation(
            "gelu",
            "GELU",
            "x * Phi(x) = x/2 * (1 + erf(x / sqrt(2)))",
            "Transformers and modern NLP models: a smooth, probabilistic ReLU.",
            gelu,
            gelu_grad,
            fixed_range(_GELU_MIN, INF, True, False),
            (_APPROXIMATE,),
        ),
        Activation(
            "silu",
            "SiLU/Swish",
            "x * sigmoid(x)",
            "Some computer vision tasks (EfficientNet); smooth and non-monotonic.",
            silu,
            silu_grad,
            fixed_range(_SILU_MIN, INF, True, False),
        ),
        Activation(
            "mish",
            "Mish",
            "x * tanh(softplus(x))",
            "Vision backbones (YOLOv4) wanting a smooth Swish-like curve.",
            mish,
            mish_grad,
            fixed_range(_MISH_MIN, INF, True, False),
        ),
    ]


def _squashing() -> list[Activation]:
    """Sigmoid, tanh and their hard versions: bounded outputs."""
    return [
        Activation(
            "sigmoid",
            "Sigmoid",
            "1 / (1 + exp(-x))",
            "Output layer for probabilities and gates; vanishing gradients in deep stacks.",
            sigmoid,
            sigmoid_grad,
            fixed_range(0.0, 1.0, False, False),
        ),
        Activation(
            "hardsigmoid",
            "Hardsigmoid",
            "min(max(0, x + 3), 6) / 6",
            "Cheap piecewise-linear sigmoid for mobile gates.",
            hardsigmoid,
            hardsigmoid_grad,
            fixed_range(0.0, 1.0, True, True),
        ),
        Activation(
            "tanh",
            "Tanh",
            "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
            "Recurrent networks and zero-centred bounded outputs in [-1, 1].",
            tanh,
            tanh_grad,
            fixed_range(-1.0, 1.0, False, False),
        ),
        Activation(
            "hardtanh",
            "Hardtanh",
            "min(max(min_val, x), max_val)",
            "Cheap bounded activation; a clipped identity.",
            hardtanh,
            hardtanh_grad,
            hardtanh_range,
            (_MIN_VAL, _MAX_VAL),
        ),
        Activation(
            "hardswish",
            "Hardswish",
            "x * min(max(0, x + 3), 6) / 6",
            "Mobile networks (MobileNetV3): Swish without the exponential.",
            hardswish,
            hardswish_grad,
            fixed_range(-0.375, INF, True, False),
        ),
    ]


def _soft() -> list[Activation]:
    """Softplus, softsign and the log and shrink forms."""
    return [
        Activation(
            "softplus",
            "Softplus",
            "log(1 + exp(beta * x)) / beta",
            "A smooth ReLU, or to keep an output strictly positive.",
            softplus,
            softplus_grad,
            softplus_range,
            (_BETA, _THRESHOLD),
        ),
        Activation(
            "softsign",
            "Softsign",
            "x / (1 + |x|)",
            "A tanh-like squash with polynomial (slower) saturation.",
            softsign,
            softsign_grad,
            fixed_range(-1.0, 1.0, False, False),
        ),
        Activation(
            "tanhshrink",
            "Tanhshrink",
            "x - tanh(x)",
            "Rare; sparse coding, shrinks small inputs towards 0.",
            tanhshrink,
            tanhshrink_grad,
            fixed_range(-INF, INF, False, False),
        ),
        Activation(
            "logsigmoid",
            "LogSigmoid",
            "log(1 / (1 + exp(-x)))",
            "Numerically stable log-probabilities (e.g. in losses).",
            logsigmoid,
            logsigmoid_grad,
            fixed_range(-INF, 0.0, False, False),
        ),
    ]


def _shrinking() -> list[Activation]:
    """The shrink functions, and the identity."""
    return [
        Activation(
            "softshrink",
            "Softshrink",
            "x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
            "Sparse coding and denoising: soft thresholding.",
            softshrink,
            softshrink_grad,
            unbounded_range,
            (_LAMBD,),
        ),
        Activation(
            "hardshrink",
            "Hardshrink",
            "x if |x| > lambd else 0",
            "Sparse coding: hard thresholding of small values.",
            hardshrink,
            hardshrink_grad,
            unbounded_range,
            (_LAMBD,),
        ),
        Activation(
            "identity",
            "Identity",
            "x",
            "No activation: the output of a regression layer; stacks stay linear.",
            identity,
            identity_grad,
            fixed_range(-INF, INF, False, False),
        ),
    ]


def _build() -> dict[str, Activation]:
    """The registry in teaching order."""
    groups = (_rectifiers(), _exponential(), _gated(), _squashing(), _soft(), _shrinking())
    return {activation.name: activation for group in groups for activation in group}


ACTIVATIONS: Mapping[str, Activation] = _build()
"""Every activation by torch.nn.functional name, in a teaching order."""
