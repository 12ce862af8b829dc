"""The fast forward and backward passes: preallocated buffers, one matmul per step.

A layer's input buffer carries a trailing column of ones, so one matmul gives
z = a @ W.T + b and one matmul gives both dW.T and db. Every buffer is allocated once per
batch size, so an epoch allocates nothing on the common paths (ReLU or identity) and the
optimisers update the flat parameter array in place. `nn/backprop.py` is the same
computation written one chain-rule step per line; the tests hold this kernel to it.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS

__all__ = ["Kernel", "KernelArchitecture", "LossName"]

LossName = Literal["mse", "cross_entropy"]
"""The losses a kernel computes (`nn.model.LOSSES` describes them)."""


class KernelArchitecture(Protocol):
    """What a kernel reads of a network's shape (`nn.model.Architecture` has it all).

    A protocol, so this module needs nothing from `nn.model`, which builds kernels.
    """

    @property
    def sizes(self) -> tuple[int, ...]: ...
    @property
    def activation(self) -> str: ...
    @property
    def dtype(self) -> str: ...
    @property
    def learn_slope(self) -> bool: ...
    @property
    def kwargs(self) -> dict[str, Any]: ...
    def blocks(self, theta: npt.NDArray[np.floating]) -> list[FloatArray]: ...
    def slopes(self, theta: npt.NDArray[np.floating]) -> FloatArray: ...


class Kernel:
    """Forward and backward passes for one batch size, on preallocated buffers.

    `bind` points it at a flat parameter array and a flat gradient array (views, no copies);
    `load` copies a batch in; `loss_and_grad` fills the gradient and returns the loss.
    """

    def __init__(self, arch: KernelArchitecture, loss: LossName, n: int) -> None:
        if n < 1:
            raise ValueError("a batch needs at least one sample")
        dtype = np.dtype(arch.dtype)
        sizes = arch.sizes
        self.arch, self.loss_name, self.n = arch, loss, n
        self.n_layers = len(sizes) - 1
        # a[l]: input of layer l with a trailing column of ones (the bias input)
        self.a = [np.ones((n, s + 1), dtype=dtype) for s in sizes[:-1]]
        self.a_body = [a[:, :-1] for a in self.a]
        self.a_t = [a.T for a in self.a]
        self.z = [np.empty((n, s), dtype=dtype) for s in sizes[1:]]
        self.dz = [np.empty((n, s), dtype=dtype) for s in sizes[1:]]
        self.da = [np.empty((n, s), dtype=dtype) for s in sizes[1:-1]]
        self.mask = [np.empty((n, s), dtype=bool) for s in sizes[1:-1]]
        self.targets: npt.NDArray[Any] = np.empty((0,))
        self.rows = np.arange(n)
        self.row_max = np.empty((n, 1), dtype=dtype)
        self.row_sum = np.empty((n, 1), dtype=dtype)
        self.mse_scale = 2.0 / (n * sizes[-1])
        self.mse_norm = 1.0 / (n * sizes[-1])
        name = arch.activation
        self.kind = name if name in ("relu", "identity") else "generic"
        if arch.learn_slope:
            self.kind = "learned_prelu"
            self.negative = [np.empty((n, s), dtype=dtype) for s in sizes[1:-1]]
        self.act = ACTIVATIONS[name]
        self.kwargs = arch.kwargs

    def bind(self, theta: FloatArray, grad: FloatArray) -> None:
        self.w = self.arch.blocks(theta)
        self.w_body_t = [w[:-1].T for w in self.w]
        self.g = self.arch.blocks(grad)
        self.s = self.arch.slopes(theta)  # learned PReLU slopes (empty otherwise)
        self.gs = self.arch.slopes(grad)

    def load(self, x: FloatArray, y: npt.NDArray[Any]) -> None:
        self.a_body[0][...] = x
        self.targets = y

    def forward(self) -> FloatArray:
        a, a_body, z, w = self.a, self.a_body, self.z, self.w
        last = self.n_layers - 1
        kind = self.kind
        for i in range(last):
            np.matmul(a[i], w[i], out=z[i])
            if kind == "relu":
                np.maximum(z[i], 0.0, out=a_body[i + 1])
            elif kind == "identity":
                np.copyto(a_body[i + 1], z[i])
            elif kind == "learned_prelu":  # z where z > 0, slope * z elsewhere
                np.greater(z[i], 0.0, out=self.mask[i])
                np.multiply(z[i], self.s[i], out=a_body[i + 1])
                np.copyto(a_body[i + 1], z[i], where=self.mask[i])
            else:
                a_body[i + 1][...] = self.act(z[i], **self.kwargs)
        np.matmul(a[last], w[last], out=z[last])
        return z[last]

    def forward_loss(self) -> float:
        out = self.forward()
        if self.loss_name == "mse":
            r = self.dz[-1]
            np.subtract(out, self.targets, out=r)
            return float(np.vdot(r, r)) * self.mse_norm
        return self._cross_entropy(out)

    def _cross_entropy(self, out: FloatArray) -> float:
        """Mean softmax cross-entropy; leaves (softmax - onehot) / n in dz[-1]."""
        p, row_max, row_sum = self.dz[-1], self.row_max, self.row_sum
        np.max(out, axis=1, keepdims=True, out=row_max)
        np.subtract(out, row_max, out=p)
        picked = p[self.rows, self.targets]  # z_y - max, before exp
        np.exp(p, out=p)
        np.sum(p, axis=1, keepdims=True, out=row_sum)
        value = float(np.mean(np.log(row_sum[:, 0]) - picked))
        np.divide(p, row_sum, out=p)
        p[self.rows, self.targets] -= 1.0
        p *= 1.0 / self.n
        return value

    def loss_and_grad(self) -> float:
        out = self.forward()
        dz = self.dz
        if self.loss_name == "mse":
            r = dz[-1]
            np.subtract(out, self.targets, out=r)
            value = float(np.vdot(r, r)) * self.mse_norm
            r *= self.mse_scale
        else:
            value = self._cross_entropy(out)
        self._backward()
        return value

    def _backward(self) -> None:
        a_t, z, dz, da, g, w_body_t, mask = (
            self.a_t,
            self.z,
            self.dz,
            self.da,
            self.g,
            self.w_body_t,
            self.mask,
        )
        kind = self.kind
        for i in range(self.n_layers - 1, -1, -1):
            np.matmul(a_t[i], dz[i], out=g[i])
            if i == 0:
                break
            if kind == "identity":
                np.matmul(dz[i], w_body_t[i], out=dz[i - 1])
            elif kind == "relu":
                np.matmul(dz[i], w_body_t[i], out=da[i - 1])
                np.greater(z[i - 1], 0.0, out=mask[i - 1])
                np.multiply(da[i - 1], mask[i - 1], out=dz[i - 1])
            elif kind == "learned_prelu":
                # d/d slope = sum(da * min(z, 0)); d/dz = da where z > 0, slope * da elsewhere
                # (mask[i - 1] holds z > 0 from the forward pass)
                np.matmul(dz[i], w_body_t[i], out=da[i - 1])
                np.minimum(z[i - 1], 0.0, out=self.negative[i - 1])
                self.gs[i - 1] = np.vdot(da[i - 1], self.negative[i - 1])
                np.multiply(da[i - 1], self.s[i - 1], out=dz[i - 1])
                np.copyto(dz[i - 1], da[i - 1], where=mask[i - 1])
            else:
                np.matmul(dz[i], w_body_t[i], out=da[i - 1])
                np.multiply(da[i - 1], self.act.grad(z[i - 1], **self.kwargs), out=dz[i - 1])
