"""Two analyses of deep networks at initialisation: vanishing gradients and born-dead nets.

- `gradient_norms`: the gradient norm reaching each layer of a deep network (up to 50
  layers) for sigmoid, tanh and ReLU: sigmoid's shrinks by orders of magnitude.
- `born_dead`: for deep narrow ReLU networks, the fraction of random initialisations whose
  output is constant over the input domain, against depth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS

__all__ = [
    "BORN_DEAD_WIDTHS",
    "VANISHING_PAIRS",
    "BornDead",
    "GradientNorms",
    "born_dead",
    "gradient_norms",
]


VANISHING_PAIRS = (("sigmoid", "xavier_normal"), ("tanh", "xavier_normal"), ("relu", "he_normal"))
"""Each activation with the initialisation it is usually paired with."""


@dataclass(frozen=True, eq=False)
class GradientNorms:
    """Gradient norms at initialisation, per layer, for several activations.

    Attributes:
        layers: 1 … depth (1 is next to the input).
        norms: activation name -> ‖dL/dW_l‖ (Frobenius) for each layer, geometric mean
            over the trials.
        inits: activation name -> the initialiser used.
    """

    layers: npt.NDArray[np.int_]
    norms: dict[str, FloatArray]
    inits: dict[str, str]

    def ratio(self, name: str) -> float:
        """First-layer norm / last-layer norm: how much the gradient shrank on its way back."""
        values = self.norms[name]
        return float(values[0] / values[-1])


def _init_weights(
    init: str, fan_in: int, fan_out: int, rng: np.random.Generator, trials: int
) -> FloatArray:
    shape = (trials, fan_in, fan_out)
    if init == "he_normal":
        return rng.normal(0.0, math.sqrt(2.0 / fan_in), shape)
    if init == "xavier_normal":
        return rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), shape)
    if init == "he_uniform":
        return rng.uniform(-1.0, 1.0, shape) * math.sqrt(6.0 / fan_in)
    if init == "xavier_uniform":
        return rng.uniform(-1.0, 1.0, shape) * math.sqrt(6.0 / (fan_in + fan_out))
    if init == "torch":
        return rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)
    if init == "normal":
        return rng.standard_normal(shape)
    raise ValueError(f"unknown initialisation {init!r}")


def gradient_norms(
    rng: np.random.Generator,
    *,
    depth: int = 50,
    width: int = 32,
    samples: int = 64,
    trials: int = 8,
    pairs: tuple[tuple[str, str], ...] = VANISHING_PAIRS,
) -> GradientNorms:
    """At initialisation: how large is the gradient that reaches each layer?

    A stack of `depth` hidden layers (width × width, zero biases) on standard-normal inputs,
    a linear output unit, loss = mean squared output against targets 0. Backpropagates once
    and records ‖dL/dW_l‖ for every layer.

    Args:
        rng: random source for inputs and weights.
        depth: hidden layers (1-50 shown on screen; any positive number works).
        width: units per layer.
        samples: inputs per trial.
        trials: independent networks per activation (geometric mean over them).
        pairs: (activation, init) to compare.
    """
    if depth < 1 or width < 1:
        raise ValueError("depth and width must be at least 1")
    norms: dict[str, FloatArray] = {}
    for name, init in pairs:
        act = ACTIVATIONS[name]
        x: FloatArray = rng.standard_normal((trials, samples, width))
        weights = [_init_weights(init, width, width, rng, trials) for _ in range(depth)]
        w_out = _init_weights(init, width, 1, rng, trials)
        a, zs, inputs = x, [], []
        for w in weights:
            inputs.append(a)
            z = a @ w
            zs.append(z)
            a = act(z)
        out = a @ w_out
        grad_a = (2.0 / samples) * out @ np.swapaxes(w_out, 1, 2)
        per_layer = np.empty((trials, depth))
        for layer in range(depth - 1, -1, -1):
            grad_z = grad_a * act.grad(zs[layer])
            grad_w = np.swapaxes(inputs[layer], 1, 2) @ grad_z
            per_layer[:, layer] = np.sqrt(np.sum(grad_w * grad_w, axis=(1, 2)))
            grad_a = grad_z @ np.swapaxes(weights[layer], 1, 2)
        with np.errstate(divide="ignore"):  # an exactly-zero norm is -inf in log space: shown as 0
            norms[name] = np.exp(np.mean(np.log(per_layer), axis=0))
    return GradientNorms(np.arange(1, depth + 1), norms, {name: init for name, init in pairs})


BORN_DEAD_WIDTHS = (2, 3, 4, 6, 10)


@dataclass(frozen=True, eq=False)
class BornDead:
    """Born-dead fractions of narrow ReLU networks.

    Attributes:
        depths: 1 … max_depth.
        fraction: width -> for each depth, the fraction of trials whose output is constant
            over the input domain at initialisation.
        trials: initialisations per width.
    """

    depths: npt.NDArray[np.int_]
    fraction: dict[int, FloatArray]
    trials: int


def born_dead(
    rng: np.random.Generator,
    *,
    widths: tuple[int, ...] = BORN_DEAD_WIDTHS,
    max_depth: int = 50,
    trials: int = 400,
    init: str = "he_normal",
    bias: float | None = 0.0,
    samples: int = 65,
) -> BornDead:
    """How often is a freshly initialised deep narrow ReLU network constant on [-1, 1]?

    Each trial draws a network with one input, `max_depth` hidden ReLU layers of one width,
    and evaluates it on `samples` points of [-1, 1]. The network of depth d is the trial's
    first d hidden layers plus a linear output; its output is constant exactly when the d-th
    layer's activations are the same for every input (a random output layer then maps them
    to one number). Once a layer is constant, every later one is, so the fraction can only
    grow with depth.

    Args:
        rng: random source.
        widths: hidden widths to compare (2-10 on screen).
        max_depth: deepest network.
        trials: random initialisations per width.
        init: weight initialiser (He normal by default).
        bias: constant bias, or None for the initialiser's rule (torch: uniform).
        samples: points of [-1, 1] the output is checked on.
    """
    x = np.linspace(-1.0, 1.0, samples)
    fractions: dict[int, FloatArray] = {}
    for width in widths:
        a = np.broadcast_to(x[None, :, None], (trials, samples, 1))
        fan_in = 1
        constant = np.zeros(trials, dtype=bool)
        out = np.empty(max_depth)
        for depth in range(max_depth):
            w = _init_weights(init, fan_in, width, rng, trials)
            if bias is None:
                if init == "torch":
                    b = rng.uniform(-1.0, 1.0, (trials, 1, width)) / math.sqrt(fan_in)
                else:
                    b = np.zeros((trials, 1, width))
            else:
                b = np.full((trials, 1, width), float(bias))
            a = np.maximum(a @ w + b, 0.0)
            spread = np.max(a, axis=1) - np.min(a, axis=1)
            scale = 1.0 + np.max(np.abs(a), axis=1)
            constant |= np.all(spread <= 1e-12 * scale, axis=1)
            out[depth] = np.mean(constant)
            fan_in = width
        fractions[width] = out
    return BornDead(np.arange(1, max_depth + 1), fractions, trials)
