"""The backward pass written as the chain rule, one line per step: the reference the fast
kernel (`nn/kernels.py`) is tested against.

For layer l (1 … L) with weights W_l (out, in) and biases b_l:

    z_l = a_{l-1} W_l^T + b_l        a_l = f(z_l)        (no f after the output layer L)

and, going back from the loss:

    dL/dW_l = (dL/dz_l)^T a_{l-1}      dL/db_l = sum over samples of dL/dz_l
    dL/da_{l-1} = dL/dz_l W_l          dL/dz_{l-1} = dL/da_{l-1} * f'(z_{l-1})
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.model import LossName, Network, as_inputs, as_targets

__all__ = ["gradients"]


def gradients(
    network: Network, x: npt.ArrayLike, y: npt.ArrayLike, *, loss: LossName = "mse"
) -> tuple[float, list[FloatArray], list[FloatArray]]:
    """The loss on (x, y) and its gradient for every layer's weights and biases.

    Args:
        network: the network (not modified).
        x: inputs (n, n_in), or (n,) when n_in = 1.
        y: targets (n, n_out) or (n,) for MSE; class labels (n,) for cross-entropy.
        loss: "mse" (mean over samples and outputs) or "cross_entropy" (softmax on the
            logits, mean over samples).

    Returns:
        (loss, dL/dW per layer in torch's (out, in) layout, dL/db per layer).
    """
    arch = network.arch
    f = ACTIVATIONS[arch.activation]
    kwargs = arch.kwargs
    weights, biases = network.weights, network.biases
    a = [as_inputs(x, arch)]  # a[0] = x; a[l] = f(z[l]) for the hidden layers
    z: list[FloatArray] = []
    for w, b in zip(weights, biases, strict=True):
        z.append(a[-1] @ w.T + b)  # z_l = a_{l-1} W_l^T + b_l
        a.append(f(z[-1], **kwargs))  # a_l = f(z_l)
    out = z[-1]  # the output layer has no activation
    targets = as_targets(y, arch, loss)
    n = len(out)
    if loss == "mse":
        residual = out - targets
        value = float(np.mean(residual**2))
        dz = 2.0 * residual / residual.size  # dL/dz_L = 2 (out - y) / (n * n_out)
    else:
        shifted = out - out.max(axis=1, keepdims=True)  # softmax is shift-invariant
        p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        value = float(np.mean(-np.log(p[np.arange(n), targets])))
        onehot = np.eye(out.shape[1], dtype=out.dtype)[targets]
        dz = (p - onehot) / n  # dL/dz_L = (softmax(z_L) - onehot(y)) / n
    d_weights: list[FloatArray] = [np.empty(0)] * len(weights)
    d_biases: list[FloatArray] = [np.empty(0)] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        d_weights[layer] = dz.T @ a[layer]  # dL/dW_l = (dL/dz_l)^T a_{l-1}
        d_biases[layer] = dz.sum(axis=0)  # dL/db_l = Σ_samples dL/dz_l
        if layer == 0:
            break
        da = dz @ weights[layer]  # dL/da_{l-1} = dL/dz_l W_l
        dz = da * f.grad(z[layer - 1], **kwargs)  # dL/dz_{l-1} = dL/da_{l-1} · f'(z_{l-1})
    return value, d_weights, d_biases
