"""Seed 004's remaining lessons ("ReLU Explained"), computed rather than told.

- Two linear layers are one linear layer: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2). With
  ReLU between them the composition stops being affine (it no longer maps midpoints to
  midpoints).
- No ReLU on the output layer: a regression with negative targets, trained with and without
  a ReLU on its output; with it, every prediction below the axis is stuck at 0.
- Three ways to use ReLU in PyTorch (module, function, torch function, from scratch), for
  every activation of the registry, with what torch prints on the seed's input.
- When not to use ReLU, each point tied to where relu-tui shows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.erf import erf
from relu_tui.nn.export import torch_module
from relu_tui.nn.network import Architecture, Network, init_network

__all__ = [
    "SEED_INPUT",
    "ThreeWays",
    "TwoLayers",
    "OutputReluRun",
    "WHEN_NOT",
    "output_relu_experiment",
    "three_ways",
    "torch_str",
    "two_linear_layers",
]

SEED_INPUT = (-2.0, -1.0, 0.0, 1.0, 2.0)
""""ReLU Explained": x = torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0])."""


# --------------------------------------------------------------------------- printing as torch


def torch_str(values: npt.ArrayLike) -> str:
    """How `print(tensor)` shows a 1-D float tensor (torch's default print options).

    Integer-valued -> '0.' style; otherwise 4 decimals, or scientific notation when the
    non-zero magnitudes span more than 1000x, exceed 1e8 or go below 1e-4; each entry
    right-aligned to the widest. Signed zeros keep their sign (x * (x > 0) prints '-0.').
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    nonzero = v[np.isfinite(v) & (v != 0)]
    fmt_one: Callable[[float], str] = _int_text
    width = 1  # torch's width when nothing is finite and non-zero
    if nonzero.size:
        mags = np.abs(nonzero)
        if mags.max() / mags.min() > 1000.0 or mags.max() > 1e8 or mags.min() < 1e-4:
            fmt_one = "{:.4e}".format
        elif not np.all(nonzero == np.ceil(nonzero)):
            fmt_one = "{:.4f}".format
        width = max(len(fmt_one(float(x))) for x in nonzero)
    return f"tensor([{', '.join(fmt_one(float(x)).rjust(width) for x in v)}])"


def _int_text(x: float) -> str:
    text = f"{x:.0f}"
    return text if math.isinf(x) or math.isnan(x) else text + "."


# --------------------------------------------------------------------------- three ways


@dataclass(frozen=True)
class ThreeWays:
    """One activation used from PyTorch, and what it prints on the seed's input.

    Attributes:
        name: the registry name.
        module: as a layer, e.g. 'nn.LeakyReLU(negative_slope=0.01)'.
        functional: as a function, e.g. 'F.leaky_relu(x, negative_slope=0.01)'.
        torch_fn: the direct torch function ('torch.relu(x)'), or '' when torch has none.
        scratch: from-scratch expressions in torch, each with what it prints.
        printed: what the layer prints on SEED_INPUT (float32), computed by the registry.
    """

    name: str
    module: str
    functional: str
    torch_fn: str
    scratch: tuple[tuple[str, str], ...]
    printed: str


_TORCH_FUNCTIONS = {"relu", "selu", "celu", "sigmoid", "tanh", "hardshrink"}
"""Registry activations torch also offers as `torch.<name>` (prelu needs its weight)."""

Scratch = Callable[[FloatArray], FloatArray]


def _scratch() -> dict[str, tuple[tuple[str, Scratch], ...]]:
    f32 = np.float32
    sa, ss = f32(1.6732632423543772), f32(1.0507009873554805)

    def where(cond: npt.NDArray[np.bool_], a: FloatArray, b: FloatArray) -> FloatArray:
        return np.where(cond, a, b).astype(f32)

    def softplus(x: FloatArray) -> FloatArray:
        return np.log1p(np.exp(x))

    return {
        "relu": (
            ("torch.maximum(x, torch.zeros_like(x))", lambda x: np.maximum(x, np.zeros_like(x))),
            ("x * (x > 0)", lambda x: x * (x > 0)),
        ),
        "relu6": (("torch.clamp(x, 0, 6)", lambda x: np.clip(x, 0, 6)),),
        "leaky_relu": (
            ("torch.where(x > 0, x, 0.01 * x)", lambda x: where(x > 0, x, f32(0.01) * x)),
        ),
        "prelu": (
            (
                "torch.where(x > 0, x, a * x)  # a = 0.25, learned",
                lambda x: where(x > 0, x, f32(0.25) * x),
            ),
        ),
        "elu": (
            ("torch.where(x > 0, x, torch.exp(x) - 1)", lambda x: where(x > 0, x, np.exp(x) - 1)),
        ),
        "selu": (
            (
                "scale * torch.where(x > 0, x, alpha * (torch.exp(x) - 1))",
                lambda x: ss * where(x > 0, x, sa * (np.exp(x) - 1)),
            ),
        ),
        "celu": (
            (
                "torch.clamp(x, min=0) + torch.clamp(torch.exp(x) - 1, max=0)",
                lambda x: np.maximum(x, 0) + np.minimum(np.exp(x) - 1, 0),
            ),
        ),
        "gelu": (
            (
                "x * 0.5 * (1 + torch.erf(x / 2 ** 0.5))",
                lambda x: (x * 0.5 * (1 + erf(x / math.sqrt(2)))).astype(f32),
            ),
        ),
        "silu": (("x * torch.sigmoid(x)", lambda x: x / (1 + np.exp(-x))),),
        "mish": (("x * torch.tanh(F.softplus(x))", lambda x: x * np.tanh(softplus(x))),),
        "sigmoid": (("1 / (1 + torch.exp(-x))", lambda x: 1 / (1 + np.exp(-x))),),
        "hardsigmoid": (("torch.clamp(x + 3, 0, 6) / 6", lambda x: np.clip(x + 3, 0, 6) / 6),),
        "tanh": (
            (
                "(torch.exp(2 * x) - 1) / (torch.exp(2 * x) + 1)",
                lambda x: (np.exp(2 * x) - 1) / (np.exp(2 * x) + 1),
            ),
        ),
        "hardtanh": (("torch.clamp(x, -1, 1)", lambda x: np.clip(x, -1, 1)),),
        "hardswish": (
            ("x * torch.clamp(x + 3, 0, 6) / 6", lambda x: x * np.clip(x + 3, 0, 6) / 6),
        ),
        "softplus": (("torch.log1p(torch.exp(x))", softplus),),
        "softsign": (("x / (1 + x.abs())", lambda x: x / (1 + np.abs(x))),),
        "tanhshrink": (("x - torch.tanh(x)", lambda x: x - np.tanh(x)),),
        "logsigmoid": (("torch.log(torch.sigmoid(x))", lambda x: np.log(1 / (1 + np.exp(-x)))),),
        "softshrink": (("x - torch.clamp(x, -0.5, 0.5)", lambda x: x - np.clip(x, -0.5, 0.5)),),
        "hardshrink": (("x * (x.abs() > 0.5)", lambda x: x * (np.abs(x) > 0.5)),),
        "identity": (("x", lambda x: x),),
    }


SCRATCH = _scratch()
"""Registry name -> from-scratch torch expressions of x, each with its NumPy twin (float32)."""


def _call(name: str, kwargs: dict[str, object]) -> str:
    args = "".join(f", {key}={value!r}" for key, value in kwargs.items())
    if name == "prelu":
        return "F.prelu(x, torch.tensor([0.25]))"
    if name == "identity":
        return "x  # no function: nn.Identity() passes x through"
    return f"F.{name}(x{args})"


def three_ways(name: str, x: npt.ArrayLike = SEED_INPUT) -> ThreeWays:
    """The ways to apply registry activation `name` in PyTorch, and what each prints on x."""
    activation = ACTIVATIONS[name]
    kwargs = {k: v for k, v in activation.defaults.items() if k != "weight"}
    values = np.asarray(x, dtype=np.float32)
    scratch = tuple((code, torch_str(fn(values.copy()))) for code, fn in SCRATCH[name])
    torch_fn = ""
    if name in _TORCH_FUNCTIONS:
        torch_fn = f"torch.{name}(x)"
    return ThreeWays(
        name,
        torch_module(name, kwargs),
        _call(name, kwargs),
        torch_fn,
        scratch,
        torch_str(activation(values)),
    )


# --------------------------------------------------------------------------- two linear layers


@dataclass(frozen=True, eq=False)
class TwoLayers:
    """Two affine layers, their single equivalent, and the same two with ReLU between.

    Attributes:
        w1, b1, w2, b2: the layers (torch layout: W of shape (out, in)).
        w, b: the one equivalent layer: w = w2 @ w1, b = w2 @ b1 + b2.
        x: sample inputs, shape (k, n_in).
        stacked, single: the two-layer and the one-layer outputs on x (equal).
        max_difference: the largest |stacked - single| (rounding only, ~1e-16).
        midpoint_gap: for the two-layer net without and with ReLU, the largest
            |f((x1 + x2)/2) - (f(x1) + f(x2))/2| over the sample pairs: 0 for an affine map.
    """

    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: FloatArray
    w: FloatArray
    b: FloatArray
    x: FloatArray
    stacked: FloatArray
    single: FloatArray
    max_difference: float
    midpoint_gap: tuple[float, float]


def _net(
    w1: FloatArray, b1: FloatArray, w2: FloatArray, b2: FloatArray, activation: str
) -> Network:
    sizes = (w1.shape[1], w1.shape[0], w2.shape[0])
    return Network.from_layers(Architecture(sizes, activation=activation), [w1, w2], [b1, b2])


def _midpoint_gap(net: Network, x: FloatArray) -> float:
    a, b = x[:, None, :], x[None, :, :]
    mid = net.forward(((a + b) / 2).reshape(-1, x.shape[1]))
    fx = net.forward(x)
    mean = ((fx[:, None, :] + fx[None, :, :]) / 2).reshape(mid.shape)
    return float(np.max(np.abs(mid - mean)))


def two_linear_layers(
    rng: np.random.Generator, sizes: tuple[int, int, int] = (2, 3, 2), samples: int = 5
) -> TwoLayers:
    """nn.Sequential(nn.Linear(a, h), nn.Linear(h, c)) next to the one nn.Linear(a, c) it is.

    Weights are drawn as torch's nn.Linear default draws them; x from a standard normal.
    """
    n_in, hidden, n_out = sizes
    arch = Architecture(sizes, activation="identity")
    linear = init_network(arch, rng, init="torch")
    (w1, w2), (b1, b2) = linear.weights, linear.biases
    w, b = w2 @ w1, w2 @ b1 + b2
    x = rng.standard_normal((samples, n_in))
    stacked = linear.forward(x)
    single = x @ w.T + b
    relu = _net(w1, b1, w2, b2, "relu")
    return TwoLayers(
        w1,
        b1,
        w2,
        b2,
        w,
        b,
        x,
        stacked,
        single,
        float(np.max(np.abs(stacked - single))),
        (_midpoint_gap(linear, x), _midpoint_gap(relu, x)),
    )


# --------------------------------------------------------------------------- ReLU on the output


@dataclass(frozen=True, eq=False)
class OutputReluRun:
    """The same regression trained with and without a ReLU on the output layer.

    Attributes:
        x, y: the data: y = sin x on [-pi, pi], half of it below the axis.
        plain, capped: predictions of the net without / with an output ReLU, shape (n,).
        loss: final MSE of (plain, capped).
        stuck: the fraction of negative-target samples where the capped net outputs exactly 0.
        all_zero: the capped net outputs 0 everywhere (its output unit died as well).
    """

    x: FloatArray
    y: FloatArray
    plain: FloatArray
    capped: FloatArray
    loss: tuple[float, float]
    stuck: float
    all_zero: bool


def _train(
    net: Network, x: FloatArray, y: FloatArray, *, output_relu: bool, epochs: int, lr: float
) -> Network:
    """Full-batch Adam (torch's update) on MSE, optionally through a ReLU on the output.

    With the output ReLU, dL/dz = 2 (relu(z) - y) [z > 0] / n: the plain MSE gradient towards
    the target t = y where z > 0 and t = z (nothing to learn) where the ReLU is off.
    """
    theta = np.array(net.theta)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, epochs + 1):
        current = net.with_theta(theta)
        target = y
        if output_relu:
            z = current.forward(x)[:, 0]
            target = np.where(z > 0, y, z)
        _, g = current.loss_and_gradient(x, target)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= lr / (1 - 0.9**t) * m / (np.sqrt(v) / math.sqrt(1 - 0.999**t) + 1e-8)
    return net.with_theta(theta)


def output_relu_experiment(
    seed: int = 5, *, epochs: int = 1500, lr: float = 0.01, n: int = 64
) -> OutputReluRun:
    """Train 1 -> 16 -> 16 -> 1 (ReLU hidden) on sin x, without and with an output ReLU.

    Both start from the same He-initialised weights (biases 0.1) and train with the same Adam
    steps. The default seed starts with the output ReLU on for every x; with some seeds the
    capped output unit dies during training and stays 0 everywhere (`all_zero`).
    """
    x = np.linspace(-math.pi, math.pi, n)
    y = np.sin(x)
    arch = Architecture((1, 16, 16, 1), activation="relu")
    start = init_network(arch, np.random.default_rng(seed), init="he_normal", bias=0.1)
    plain = _train(start, x, y, output_relu=False, epochs=epochs, lr=lr).predict(x)
    capped = np.maximum(_train(start, x, y, output_relu=True, epochs=epochs, lr=lr).predict(x), 0.0)
    below = y < 0
    return OutputReluRun(
        x,
        y,
        plain,
        capped,
        (float(np.mean((plain - y) ** 2)), float(np.mean((capped - y) ** 2))),
        float(np.mean(capped[below] == 0.0)),
        bool(np.all(capped == 0.0)),
    )


# --------------------------------------------------------------------------- when not to use ReLU

WHEN_NOT: tuple[tuple[str, str], ...] = (
    (
        "Output layers: softmax for classes, nothing for regression.",
        "relu-tui --lessons: a ReLU output stays at 0 below the axis",
    ),
    (
        "Recurrent networks: ReLU can make gradients explode; use tanh.",
        "Dead neurons, Vanishing view: gradient norms layer by layer",
    ),
    (
        "Bounded outputs in [0, 1] or [-1, 1]: sigmoid or tanh.",
        "Activations screen: each activation's range, under its plot",
    ),
    (
        "Transformers use GELU, smoother than ReLU.",
        "Activations screen: GELU's curve and gradient next to ReLU's",
    ),
    (
        "When dying neurons are a problem: Leaky ReLU or ELU.",
        "Dead neurons: train at a high learning rate, then switch to leaky_relu",
    ),
)
"""The seed's "when not to use ReLU", each with where relu-tui shows it."""
