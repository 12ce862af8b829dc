"""PReLU with a learned slope: one slope per hidden layer, as `nn.PReLU()` (num_parameters=1).

prelu(z, a) = z for z > 0, a*z for z <= 0. Its derivatives (torch's convention at the kink):
d/dz = 1 for z > 0, else a; d/da = z for z <= 0, else 0 - so the slope's gradient sums
dL/dout * min(z, 0) over every sample and unit of its layer.

`loss_and_gradients` is the readable whole-network reference (one line per chain-rule step)
that a fast kernel is tested against, and that the tests check against PyTorch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.features import apply_features
from relu_tui.nn.network import Network

__all__ = [
    "PReluGradients",
    "loss_and_gradients",
    "prelu",
    "prelu_backward",
    "prelu_forward_network",
    "INITIAL_SLOPE",
]

INITIAL_SLOPE = 0.25
"""nn.PReLU's initial slope."""


def prelu(z: FloatArray, slope: float) -> FloatArray:
    """z where z > 0, slope * z elsewhere."""
    return np.where(z > 0, z, slope * z)


def prelu_backward(z: FloatArray, slope: float, grad_out: FloatArray) -> tuple[FloatArray, float]:
    """Backpropagate through prelu(z, slope).

    Args:
        z: the layer's pre-activations, any shape.
        slope: the layer's slope a.
        grad_out: dL/d prelu(z), z's shape.

    Returns:
        (dL/dz, dL/da): dL/dz = grad_out * (1 if z > 0 else a); dL/da = sum(grad_out * min(z, 0)).
    """
    negative = z <= 0
    grad_z = np.where(negative, slope * grad_out, grad_out)
    grad_slope = float(np.sum(grad_out * np.where(negative, z, 0.0)))
    return grad_z, grad_slope


def prelu_forward_network(
    network: Network, slopes: Sequence[float], x: npt.ArrayLike
) -> list[FloatArray]:
    """Pre-activations z of every layer of `network` with PReLU slopes per hidden layer.

    The network's own activation is ignored: hidden layer l uses prelu(z, slopes[l]).
    The last entry is the output (no activation).
    """
    weights, biases = network.weights, network.biases
    if len(slopes) != len(weights) - 1:
        raise ValueError(f"one slope per hidden layer: expected {len(weights) - 1}")
    a: FloatArray = np.asarray(x, dtype=np.float64)
    if network.arch.features:
        a = apply_features(network.arch.features, a)
    if a.ndim == 1:
        a = a[:, None]
    zs: list[FloatArray] = []
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = a @ w.T + b
        zs.append(z)
        if i < len(slopes):
            a = prelu(z, slopes[i])
    return zs


@dataclass(frozen=True, eq=False)
class PReluGradients:
    """dL/d every parameter of a PReLU network: torch layout, plus one per slope."""

    loss: float
    weights: list[FloatArray]
    biases: list[FloatArray]
    slopes: list[float]


def loss_and_gradients(
    network: Network, slopes: Sequence[float], x: npt.ArrayLike, y: npt.ArrayLike, loss: str = "mse"
) -> PReluGradients:
    """Loss and gradients of a network whose hidden layers use learned PReLU slopes.

    Args:
        network: weights and biases (its activation is replaced by PReLU).
        slopes: one slope per hidden layer.
        x: inputs (n, n_in), or (n,) for one input.
        y: MSE targets (n, n_out) or (n,); class labels (n,) for "cross_entropy".
        loss: "mse" (nn.MSELoss) or "cross_entropy" (nn.CrossEntropyLoss), mean over samples.
    """
    inputs = np.asarray(x, dtype=np.float64)
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    zs = prelu_forward_network(network, slopes, inputs)
    acts = [inputs] + [prelu(z, s) for z, s in zip(zs[:-1], slopes, strict=True)]
    out, n = zs[-1], len(inputs)
    if loss == "cross_entropy":
        labels = np.asarray(y, dtype=np.intp)
        shifted = out - out.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        value = float(-np.mean(log_p[np.arange(n), labels]))
        dz = np.exp(log_p)  # softmax
        dz[np.arange(n), labels] -= 1.0  # dL/dz = (p - onehot) / n
        dz /= n
    else:
        target = np.asarray(y, dtype=np.float64).reshape(out.shape)
        value = float(np.mean((out - target) ** 2))
        dz = 2.0 * (out - target) / out.size  # dL/dz of the mean square
    grad_w: list[FloatArray] = []
    grad_b: list[FloatArray] = []
    grad_s: list[float] = []
    weights = network.weights
    for layer in range(len(weights) - 1, -1, -1):
        grad_w.insert(0, dz.T @ acts[layer])  # dL/dW = dz^T a
        grad_b.insert(0, dz.sum(axis=0))  # dL/db = sum over samples
        if layer == 0:
            break
        da = dz @ weights[layer]  # dL/da of the layer below
        dz, ds = prelu_backward(zs[layer - 1], slopes[layer - 1], da)
        grad_s.insert(0, ds)  # dL/d slope of that layer
    return PReluGradients(value, grad_w, grad_b, grad_s)
