"""A small multilayer perceptron: its architecture, its parameters, forward pass and init.

One network type serves the Dead neurons and the Approximation screens. Layers are affine
(torch's `nn.Linear`: z = a @ W.T + b, W of shape (out, in)); every hidden layer is followed by
the same activation from `ACTIVATIONS`; the output layer has none (MSE on it, or softmax
cross-entropy on its logits).

All parameters live in one flat array, layer by layer, each layer a block of shape
(in + 1, out) holding W.T and then b as its last row: the layout the fast kernels
(`nn/kernels.py`) and the optimisers (`nn/training.py`) work on in place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.features import FEATURES, apply_features
from relu_tui.nn.kernels import Kernel, LossName

__all__ = [
    "INITS",
    "LOSSES",
    "Architecture",
    "LossName",
    "Network",
    "init_network",
]

InitName = Literal["he_normal", "he_uniform", "xavier_uniform", "xavier_normal", "torch", "normal"]

INITS: dict[str, str] = {
    "he_normal": "He (Kaiming) normal: N(0, 2/fan_in)",
    "he_uniform": "He (Kaiming) uniform: U(-sqrt(6/fan_in), sqrt(6/fan_in))",
    "xavier_uniform": "Xavier/Glorot uniform: U(-a, a), a = sqrt(6/(fan_in + fan_out))",
    "xavier_normal": "Xavier/Glorot normal: N(0, 2/(fan_in + fan_out))",
    "torch": "PyTorch nn.Linear default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))",
    "normal": "standard normal: N(0, 1)",
}
"""Weight initialisers by name, with what each draws."""

LOSSES: dict[str, str] = {
    "mse": "mean squared error (nn.MSELoss)",
    "cross_entropy": "softmax cross-entropy on the output logits (nn.CrossEntropyLoss)",
}
"""Losses by name."""

MAX_DEPTH = 8
MAX_WIDTH = 256


@dataclass(frozen=True)
class Architecture:
    """Layer sizes and the hidden activation.

    Attributes:
        sizes: (n_in, hidden_1, ..., hidden_d, n_out); 1-8 hidden layers of width 1-256.
        activation: a name from ACTIVATIONS, used after every hidden layer.
        activation_kwargs: its keyword parameters as (name, value) pairs, e.g.
            (("negative_slope", 0.01),).
        dtype: "float64" (default) or "float32".
        learn_slope: PReLU only: each hidden layer's negative slope is a parameter learned
            with the weights (one per layer, as `nn.PReLU()`), held after the layers' blocks
            in the flat array and starting at the activation's `weight` (0.25).
        features: input features (`nn/features.py`) computed from a raw 2-D point before the
            first layer, sizes[0] of them; () when the inputs go in as they are.
    """

    sizes: tuple[int, ...]
    activation: str = "relu"
    activation_kwargs: tuple[tuple[str, Any], ...] = ()
    dtype: Literal["float64", "float32"] = "float64"
    learn_slope: bool = False
    features: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        sizes = tuple(int(s) for s in self.sizes)
        object.__setattr__(self, "sizes", sizes)
        object.__setattr__(self, "features", tuple(self.features))
        if any(name not in FEATURES for name in self.features):
            raise ValueError(f"unknown input feature in {self.features!r}")
        if self.features and len(self.features) != sizes[0]:
            raise ValueError("the first layer takes one input per feature")
        if len(sizes) < 3 or len(sizes) - 2 > MAX_DEPTH:
            raise ValueError(
                f"a network needs 1 to {MAX_DEPTH} hidden layers, got {len(sizes) - 2}"
            )
        if any(s < 1 for s in sizes):
            raise ValueError("every layer needs at least one unit")
        if any(s > MAX_WIDTH for s in sizes[1:-1]):
            raise ValueError(f"hidden layers are at most {MAX_WIDTH} units wide")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}")
        if self.dtype not in ("float64", "float32"):
            raise ValueError(f"dtype must be float64 or float32, not {self.dtype!r}")
        if self.learn_slope and self.activation != "prelu":
            raise ValueError("only PReLU learns its slope")

    @property
    def n_inputs(self) -> int:
        """The width of a raw input point (2 when features are computed from it)."""
        return 2 if self.features else self.sizes[0]

    @property
    def hidden(self) -> tuple[int, ...]:
        """The hidden layers' widths."""
        return self.sizes[1:-1]

    @property
    def n_layer_params(self) -> int:
        """Number of weights and biases."""
        return sum((i + 1) * o for i, o in zip(self.sizes[:-1], self.sizes[1:], strict=True))

    @property
    def n_params(self) -> int:
        """Number of parameters: weights and biases, then the learned slopes (if any)."""
        return self.n_layer_params + (len(self.hidden) if self.learn_slope else 0)

    @property
    def initial_slope(self) -> float:
        """PReLU's starting slope (its `weight`, torch's 0.25 by default)."""
        return float(self.kwargs.get("weight", 0.25))

    def slopes(self, theta: npt.NDArray[np.floating]) -> FloatArray:
        """The view of `theta` holding the learned slopes, one per hidden layer (empty when
        the slope is not learned)."""
        return theta[self.n_layer_params : self.n_params]

    @property
    def kwargs(self) -> dict[str, Any]:
        """The activation's keyword arguments as a dict."""
        return dict(self.activation_kwargs)

    def offsets(self) -> list[tuple[int, int, int]]:
        """(start, fan_in, fan_out) of each layer's block in the flat parameter array."""
        out, start = [], 0
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            out.append((start, fan_in, fan_out))
            start += (fan_in + 1) * fan_out
        return out

    def blocks(self, theta: npt.NDArray[np.floating]) -> list[FloatArray]:
        """Views of `theta` as each layer's (fan_in + 1, fan_out) block: W.T, then b."""
        return [theta[s : s + (i + 1) * o].reshape(i + 1, o) for s, i, o in self.offsets()]


@dataclass(frozen=True, eq=False)
class Network:
    """An MLP's architecture and parameters. Immutable: training works on a copy.

    Attributes:
        arch: the layer sizes and activation.
        theta: every parameter in one flat array of arch.dtype, layer by layer, each layer
            W.T (fan_in × fan_out, row-major) then b (fan_out).
    """

    arch: Architecture
    theta: FloatArray

    def __post_init__(self) -> None:
        theta = np.array(self.theta, dtype=self.arch.dtype)  # own copy
        if theta.shape != (self.arch.n_params,):
            raise ValueError(f"expected {self.arch.n_params} parameters, got {theta.shape}")
        theta.setflags(write=False)
        object.__setattr__(self, "theta", theta)

    @classmethod
    def from_layers(
        cls, arch: Architecture, weights: Sequence[npt.ArrayLike], biases: Sequence[npt.ArrayLike]
    ) -> Network:
        """A network from torch-layout weights (out, in) and biases (out,)."""
        theta = np.empty(arch.n_params, dtype=arch.dtype)
        arch.slopes(theta)[...] = arch.initial_slope
        for block, w, b in zip(arch.blocks(theta), weights, biases, strict=True):
            w_arr, b_arr = np.asarray(w, dtype=arch.dtype), np.asarray(b, dtype=arch.dtype)
            if w_arr.T.shape != block[:-1].shape or b_arr.shape != block[-1].shape:
                raise ValueError("layer shapes do not match the architecture")
            block[:-1] = w_arr.T
            block[-1] = b_arr
        return cls(arch, theta)

    @property
    def weights(self) -> list[FloatArray]:
        """Each layer's weight matrix in torch's layout (out, in), read-only views."""
        return [block[:-1].T for block in self.arch.blocks(self.theta)]

    @property
    def biases(self) -> list[FloatArray]:
        """Each layer's bias vector (out,), read-only views."""
        return [block[-1] for block in self.arch.blocks(self.theta)]

    @property
    def slopes(self) -> tuple[float, ...] | None:
        """PReLU's learned slope of each hidden layer (None when the slope is not learned)."""
        if not self.arch.learn_slope:
            return None
        return tuple(float(s) for s in self.arch.slopes(self.theta))

    def with_theta(self, theta: npt.ArrayLike) -> Network:
        """The same architecture with other parameters."""
        return Network(self.arch, np.asarray(theta))

    def with_weight(self, layer: int, unit: int, source: int, value: float) -> Network:
        """This network with one parameter replaced: the weight into `unit` of layer
        `layer` from its input `source` (torch's `weight[unit, source]` of that layer), or
        the unit's bias when `source` is the layer's fan-in. Every other parameter is kept.

        Args:
            layer: 0-based, the output layer last (len(arch.sizes) - 2).
            unit: 0-based row of the layer's weight matrix.
            source: 0-based column; fan_in means the bias.
            value: the new value, finite.

        Raises:
            IndexError: layer, unit or source out of range.
            ValueError: value is not finite.
        """
        sizes = self.arch.sizes
        if not 0 <= layer < len(sizes) - 1:
            raise IndexError(f"layer {layer} is not between 0 and {len(sizes) - 2}")
        fan_in, fan_out = sizes[layer], sizes[layer + 1]
        if not 0 <= unit < fan_out:
            raise IndexError(f"unit {unit} is not between 0 and {fan_out - 1}")
        if not 0 <= source <= fan_in:
            raise IndexError(f"source {source} is not between 0 and {fan_in} (the bias)")
        if not math.isfinite(value):
            raise ValueError(f"a weight must be finite, got {value!r}")
        theta = np.array(self.theta)
        self.arch.blocks(theta)[layer][source, unit] = value  # block: W.T rows, then b
        return Network(self.arch, theta)

    def pre_activations(self, x: npt.ArrayLike) -> list[FloatArray]:
        """z of every layer for inputs x; the last is the output (no activation).

        Args:
            x: inputs, shape (n, n_in), or (n,) when n_in = 1.

        Returns:
            One array per layer, shape (n, width), in arch.dtype.
        """
        a = as_inputs(x, self.arch)
        act = ACTIVATIONS[self.arch.activation]
        kwargs = self.arch.kwargs
        slopes = self.slopes
        zs = []
        blocks = self.arch.blocks(self.theta)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged net's inf/nan shows as is
            for i, block in enumerate(blocks):
                z = a @ block[:-1] + block[-1]
                zs.append(z)
                if i < len(blocks) - 1:
                    a = act(z, **(kwargs if slopes is None else {"weight": slopes[i]}))
        return zs

    def forward(self, x: npt.ArrayLike) -> FloatArray:
        """The output for inputs x: shape (n, n_out)."""
        return self.pre_activations(x)[-1]

    def predict(self, x: npt.ArrayLike) -> FloatArray:
        """The output as a 1-D array when n_out = 1 (regression), else (n, n_out)."""
        out = self.forward(x)
        return out[:, 0] if out.shape[1] == 1 else out

    def loss(self, x: npt.ArrayLike, y: npt.ArrayLike, loss: LossName = "mse") -> float:
        """The loss on (x, y) as a Python float (nan/inf when the network has diverged)."""
        kernel, _ = self._kernel(x, y, loss)
        with np.errstate(all="ignore"):
            return kernel.forward_loss()

    def loss_and_gradient(
        self, x: npt.ArrayLike, y: npt.ArrayLike, loss: LossName = "mse"
    ) -> tuple[float, FloatArray]:
        """The loss and its gradient with respect to theta (same flat layout)."""
        kernel, grad = self._kernel(x, y, loss)
        with np.errstate(all="ignore"):
            value = kernel.loss_and_grad()
        return value, grad

    def _kernel(
        self, x: npt.ArrayLike, y: npt.ArrayLike, loss: LossName
    ) -> tuple[Kernel, FloatArray]:
        """A kernel bound to a copy of theta and loaded with (x, y), and its gradient buffer."""
        inputs = as_inputs(x, self.arch)
        kernel = Kernel(self.arch, loss, len(inputs))
        theta = np.array(self.theta)
        grad = np.empty_like(theta)
        kernel.bind(theta, grad)
        kernel.load(inputs, as_targets(y, self.arch, loss))
        return kernel, grad


def as_inputs(x: npt.ArrayLike, arch: Architecture) -> FloatArray:
    """x as (n, n_in) in arch.dtype; (n,) is accepted when n_in = 1. With input features,
    x holds raw points (n, 2) and the result their feature columns."""
    if arch.features:
        raw = np.asarray(x, dtype=np.float64)
        if raw.ndim != 2 or raw.shape[1] != 2:
            raise ValueError(f"inputs must have shape (n, 2), got {raw.shape}")
        return apply_features(arch.features, raw).astype(arch.dtype)
    a = np.asarray(x, dtype=arch.dtype)
    if a.ndim == 1 and arch.sizes[0] == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] != arch.sizes[0]:
        raise ValueError(f"inputs must have shape (n, {arch.sizes[0]}), got {a.shape}")
    return a


def as_targets(y: npt.ArrayLike, arch: Architecture, loss: LossName) -> npt.NDArray[Any]:
    """Class labels (n,) as intp for cross-entropy; (n, n_out) values in arch.dtype for MSE."""
    if loss == "cross_entropy":
        labels = np.asarray(y)
        if labels.ndim != 1 or labels.dtype.kind not in "iu":
            raise ValueError("cross-entropy targets are integer class labels, shape (n,)")
        if labels.size and (labels.min() < 0 or labels.max() >= arch.sizes[-1]):
            raise ValueError(f"class labels must be 0 to {arch.sizes[-1] - 1}")
        return labels.astype(np.intp)
    if loss != "mse":
        raise ValueError(f"unknown loss {loss!r}")
    t = np.asarray(y, dtype=arch.dtype)
    if t.ndim == 1 and arch.sizes[-1] == 1:
        t = t[:, None]
    if t.ndim != 2 or t.shape[1] != arch.sizes[-1]:
        raise ValueError(f"targets must have shape (n, {arch.sizes[-1]}), got {t.shape}")
    return t


def init_network(
    arch: Architecture,
    rng: np.random.Generator,
    *,
    init: InitName = "he_normal",
    bias: float | None = None,
) -> Network:
    """A freshly initialised network.

    Draws, layer by layer, the weights (in torch's (out, in) order) and then the biases.

    Args:
        arch: the architecture.
        rng: the random source (the same seed gives the same network).
        init: a name from INITS.
        bias: every bias set to this constant (0 for zero, e.g. -1 to start units off);
            None for the initialiser's own rule: torch's draws biases from
            U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the others start them at 0.

    Returns:
        The network, in arch.dtype (drawn in float64, then cast).
    """
    if init not in INITS:
        raise ValueError(f"unknown initialisation {init!r}")
    if bias is not None and not math.isfinite(bias):
        raise ValueError("the bias constant must be finite")
    theta = np.empty(arch.n_params, dtype=np.float64)
    for block, (_, fan_in, fan_out) in zip(arch.blocks(theta), arch.offsets(), strict=True):
        shape = (fan_out, fan_in)
        if init == "he_normal":
            w = rng.normal(0.0, math.sqrt(2.0 / fan_in), shape)
        elif init == "he_uniform":
            w = rng.uniform(-1.0, 1.0, shape) * math.sqrt(6.0 / fan_in)
        elif init == "xavier_uniform":
            w = rng.uniform(-1.0, 1.0, shape) * math.sqrt(6.0 / (fan_in + fan_out))
        elif init == "xavier_normal":
            w = rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), shape)
        elif init == "torch":
            # kaiming_uniform_(a=sqrt(5)): gain sqrt(2/(1+5)),
            # bound gain*sqrt(3/fan_in) = 1/sqrt(fan_in)
            w = rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)
        else:
            w = rng.standard_normal(shape)
        if bias is not None:
            b = np.full(fan_out, float(bias))
        elif init == "torch":
            b = rng.uniform(-1.0, 1.0, fan_out) / math.sqrt(fan_in)
        else:
            b = np.zeros(fan_out)
        block[:-1] = w.T
        block[-1] = b
    arch.slopes(theta)[...] = arch.initial_slope
    return Network(arch, theta)
