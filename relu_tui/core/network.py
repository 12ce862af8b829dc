"""A small multilayer perceptron in NumPy: init, forward, hand-written backprop, SGD/momentum/Adam.

One network type serves the Dead neurons and the Approximation screens. Layers are affine
(torch's `nn.Linear`: z = a @ W.T + b, W of shape (out, in)); every hidden layer is followed by
the same activation from `ACTIVATIONS`; the output layer has none (MSE on it, or softmax
cross-entropy on its logits).

Speed is the point of the layout: all parameters live in one flat array, layer by layer, each
layer a block of shape (in + 1, out) holding W.T and then b as its last row. A layer's input
buffer carries a column of ones, so one matmul gives z = a @ W.T + b and one matmul gives both
dW.T and db. Every buffer is preallocated by a `Trainer`, so an epoch allocates nothing on the
common paths (ReLU or identity, full batch) and the optimisers update the flat array in place.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from relu_tui.core.activations import ACTIVATIONS
from relu_tui.core.types import FloatArray

__all__ = [
    "INITS",
    "LOSSES",
    "OPTIMIZERS",
    "Architecture",
    "Network",
    "Optimizer",
    "TrainReport",
    "Trainer",
    "init_network",
    "train",
]

InitName = Literal["he_normal", "he_uniform", "xavier_uniform", "xavier_normal", "torch", "normal"]
LossName = Literal["mse", "cross_entropy"]
OptimizerName = Literal["sgd", "momentum", "adam"]

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

OPTIMIZERS: dict[str, str] = {
    "sgd": "SGD: p -= lr * g",
    "momentum": "SGD with momentum: buf = momentum * buf + g; p -= lr * buf",
    "adam": "Adam (torch's update rule, bias-corrected)",
}
"""Optimisers by name, with their update rule."""

MAX_DEPTH = 8
MAX_WIDTH = 256


# --------------------------------------------------------------------------- architecture


@dataclass(frozen=True)
class Architecture:
    """Layer sizes and the hidden activation.

    Attributes:
        sizes: (n_in, hidden_1, ..., hidden_d, n_out); 1-8 hidden layers of width 1-256.
        activation: a name from ACTIVATIONS, used after every hidden layer.
        activation_kwargs: its keyword parameters as (name, value) pairs, e.g.
            (("negative_slope", 0.01),).
        dtype: "float64" (default) or "float32".
    """

    sizes: tuple[int, ...]
    activation: str = "relu"
    activation_kwargs: tuple[tuple[str, Any], ...] = ()
    dtype: Literal["float64", "float32"] = "float64"

    def __post_init__(self) -> None:
        sizes = tuple(int(s) for s in self.sizes)
        object.__setattr__(self, "sizes", sizes)
        if len(sizes) < 3 or len(sizes) - 2 > MAX_DEPTH:
            raise ValueError(
                f"a network needs 1 to {MAX_DEPTH} hidden layers, got {len(sizes) - 2}")
        if any(s < 1 for s in sizes):
            raise ValueError("every layer needs at least one unit")
        if any(s > MAX_WIDTH for s in sizes[1:-1]):
            raise ValueError(f"hidden layers are at most {MAX_WIDTH} units wide")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}")
        if self.dtype not in ("float64", "float32"):
            raise ValueError(f"dtype must be float64 or float32, not {self.dtype!r}")

    @property
    def hidden(self) -> tuple[int, ...]:
        """The hidden layers' widths."""
        return self.sizes[1:-1]

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum((i + 1) * o for i, o in zip(self.sizes[:-1], self.sizes[1:], strict=True))

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
        return [theta[s:s + (i + 1) * o].reshape(i + 1, o) for s, i, o in self.offsets()]


# --------------------------------------------------------------------------- network


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
    def from_layers(cls, arch: Architecture, weights: Sequence[npt.ArrayLike],
                    biases: Sequence[npt.ArrayLike]) -> Network:
        """A network from torch-layout weights (out, in) and biases (out,)."""
        theta = np.empty(arch.n_params, dtype=arch.dtype)
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

    def with_theta(self, theta: npt.ArrayLike) -> Network:
        """The same architecture with other parameters."""
        return Network(self.arch, np.asarray(theta))

    def pre_activations(self, x: npt.ArrayLike) -> list[FloatArray]:
        """z of every layer for inputs x; the last is the output (no activation).

        Args:
            x: inputs, shape (n, n_in), or (n,) when n_in = 1.

        Returns:
            One array per layer, shape (n, width), in arch.dtype.
        """
        a = _as_inputs(x, self.arch)
        act = ACTIVATIONS[self.arch.activation]
        kwargs = self.arch.kwargs
        zs = []
        blocks = self.arch.blocks(self.theta)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged net's inf/nan shows as is
            for i, block in enumerate(blocks):
                z = a @ block[:-1] + block[-1]
                zs.append(z)
                if i < len(blocks) - 1:
                    a = act(z, **kwargs)
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
        kernel = _Kernel(self.arch, loss, len(_as_inputs(x, self.arch)))
        theta = np.array(self.theta)
        grad = np.empty_like(theta)
        kernel.bind(theta, grad)
        kernel.load(_as_inputs(x, self.arch), _as_targets(y, self.arch, loss))
        with np.errstate(all="ignore"):
            return kernel.forward_loss()

    def loss_and_gradient(self, x: npt.ArrayLike, y: npt.ArrayLike,
                          loss: LossName = "mse") -> tuple[float, FloatArray]:
        """The loss and its gradient with respect to theta (same flat layout)."""
        kernel = _Kernel(self.arch, loss, len(_as_inputs(x, self.arch)))
        theta = np.array(self.theta)
        grad = np.empty_like(theta)
        kernel.bind(theta, grad)
        kernel.load(_as_inputs(x, self.arch), _as_targets(y, self.arch, loss))
        with np.errstate(all="ignore"):
            value = kernel.loss_and_grad()
        return value, grad


def _as_inputs(x: npt.ArrayLike, arch: Architecture) -> FloatArray:
    a = np.asarray(x, dtype=arch.dtype)
    if a.ndim == 1 and arch.sizes[0] == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] != arch.sizes[0]:
        raise ValueError(f"inputs must have shape (n, {arch.sizes[0]}), got {a.shape}")
    return a


def _as_targets(y: npt.ArrayLike, arch: Architecture, loss: LossName) -> npt.NDArray[Any]:
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


def init_network(arch: Architecture, rng: np.random.Generator, *, init: InitName = "he_normal",
                 bias: float | None = None) -> Network:
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
    return Network(arch, theta)


# --------------------------------------------------------------------------- kernel


class _Kernel:
    """Forward and backward passes for one batch size, on preallocated buffers.

    `bind` points it at a flat parameter array and a flat gradient array (views, no copies);
    `load` copies a batch in; `loss_and_grad` fills the gradient and returns the loss.
    """

    def __init__(self, arch: Architecture, loss: LossName, n: int) -> None:
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
        self.act = ACTIVATIONS[name]
        self.kwargs = arch.kwargs

    def bind(self, theta: FloatArray, grad: FloatArray) -> None:
        self.w = self.arch.blocks(theta)
        self.w_body_t = [w[:-1].T for w in self.w]
        self.g = self.arch.blocks(grad)

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
            self.a_t, self.z, self.dz, self.da, self.g, self.w_body_t, self.mask)
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
            else:
                np.matmul(dz[i], w_body_t[i], out=da[i - 1])
                np.multiply(da[i - 1], self.act.grad(z[i - 1], **self.kwargs), out=dz[i - 1])


# --------------------------------------------------------------------------- optimisers


@dataclass(frozen=True)
class Optimizer:
    """An optimiser's name and hyper-parameters (torch's names and defaults).

    Attributes:
        name: "sgd", "momentum" (SGD with momentum, dampening 0, no Nesterov) or "adam".
        lr: learning rate (torch's Adam default 1e-3).
        momentum: for "momentum".
        betas, eps: for "adam" (torch's defaults 0.9, 0.999 and 1e-8).
    """

    name: OptimizerName = "adam"
    lr: float = 1e-3
    momentum: float = 0.9
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8

    def __post_init__(self) -> None:
        if self.name not in OPTIMIZERS:
            raise ValueError(f"unknown optimiser {self.name!r}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError("the learning rate must be a positive number")


class _State:
    """An optimiser's moments over the flat parameter array, updated in place."""

    def __init__(self, opt: Optimizer, theta: FloatArray, grad: FloatArray) -> None:
        self.opt, self.theta, self.grad = opt, theta, grad
        self.m = np.zeros_like(theta)
        self.v = np.zeros_like(theta)
        self.tmp = np.empty_like(theta)
        self.t = 0

    def step(self) -> None:
        opt, theta, g, tmp = self.opt, self.theta, self.grad, self.tmp
        self.t += 1
        if opt.name == "adam":
            m, v = self.m, self.v
            beta1, beta2 = opt.betas
            # torch's single-tensor Adam, op for op: m.lerp_(g, 1 - beta1);
            # v.mul_(beta2).addcmul_(g, g, value=1 - beta2);
            # denom = v.sqrt() / sqrt(1 - beta2**t) + eps;
            # p.addcdiv_(m, denom, value=-lr / (1 - beta1**t))
            np.subtract(g, m, out=tmp)
            tmp *= 1.0 - beta1
            m += tmp
            np.multiply(g, 1.0 - beta2, out=tmp)
            tmp *= g
            v *= beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp /= math.sqrt(1.0 - beta2**self.t)
            tmp += opt.eps
            np.divide(m, tmp, out=tmp)
            tmp *= -opt.lr / (1.0 - beta1**self.t)
            theta += tmp
        elif opt.name == "momentum":
            buf = self.m
            buf *= opt.momentum
            buf += g
            np.multiply(buf, -opt.lr, out=tmp)
            theta += tmp
        else:
            np.multiply(g, -opt.lr, out=tmp)
            theta += tmp


# --------------------------------------------------------------------------- training


@dataclass(frozen=True, eq=False)
class TrainReport:
    """Where a training run stands, reported every `every` epochs and at the end.

    Attributes:
        epoch: epochs completed so far (0 for the report before training).
        loss: the loss on the whole dataset with `network` (after `epoch` epochs).
        losses: the training loss of each epoch since the previous report (the mean over
            that epoch's mini-batches, each before its update), float64.
        dead_fraction: per hidden layer, the fraction of units that are dead: their
            activation's gradient is 0 on every sample (for ReLU: z <= 0 on every sample).
        network: the parameters (the last good ones when the run diverged).
        diverged: the loss became nan or inf; training stopped.
        message: what happened and what to try, when diverged.
        done: the requested epochs are complete (or the run diverged).
    """

    epoch: int
    loss: float
    losses: FloatArray
    dead_fraction: tuple[float, ...]
    network: Network
    diverged: bool = False
    message: str = ""
    done: bool = False


def dead_units(network: Network, x: npt.ArrayLike) -> list[npt.NDArray[np.bool_]]:
    """Per hidden layer, which units are dead on inputs x.

    A unit is dead when its activation's gradient is exactly 0 for every sample, so
    neither its output nor its incoming weights can change. For ReLU that is z <= 0 on
    every sample; Leaky ReLU's slope never lets it happen.
    """
    zs = network.pre_activations(x)[:-1]
    act = ACTIVATIONS[network.arch.activation]
    kwargs = network.arch.kwargs
    if network.arch.activation == "relu":
        return [np.all(z <= 0, axis=0) for z in zs]
    return [np.all(act.grad(z, **kwargs) == 0, axis=0) for z in zs]


def _divergence_message(value: float, epoch: int, opt: Optimizer) -> str:
    what = "nan" if math.isnan(value) else "inf"
    if epoch == 0:
        where = f"the loss is {what} with the initial parameters"
    else:
        where = (f"the loss became {what} after epoch {epoch}; showing the last good "
                 f"parameters (after epoch {epoch - 1})")
    return (f"Training diverged: {where}. Try a smaller learning rate than {opt.lr:g} "
            f"(e.g. {opt.lr / 10:g}), Adam, or a smaller initialisation.")


class Trainer:
    """A resumable training run: the working parameters, optimiser state and buffers.

    `run(epochs, every)` yields TrainReports; it can be called again to continue (the
    optimiser's moments carry over). One run at a time: a re-entrant lock guards each chunk
    and each report, so a worker that was cancelled finishes its chunk before another
    continues, and a report never sees half an update.
    """

    def __init__(self, network: Network, x: npt.ArrayLike, y: npt.ArrayLike, *,
                 loss: LossName = "mse", optimizer: Optimizer | None = None,
                 batch_size: int | None = None, rng: np.random.Generator | None = None) -> None:
        arch = network.arch
        self.arch = arch
        self.loss_name: LossName = loss
        self.x = _as_inputs(x, arch)
        self.y = _as_targets(y, arch, loss)
        n = len(self.x)
        if n == 0 or len(self.y) != n:
            raise ValueError("inputs and targets need the same, non-zero number of samples")
        self.n = n
        self.batch_size = n if batch_size is None else max(1, min(int(batch_size), n))
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.theta = np.array(network.theta)
        self.grad = np.zeros_like(self.theta)
        self.good = np.array(self.theta)
        self.optimizer = optimizer or Optimizer()
        self.state = _State(self.optimizer, self.theta, self.grad)
        self.epoch = 0
        self.diverged = False
        self.message = ""
        self._kernels: dict[int, _Kernel] = {}
        self._lock = threading.RLock()
        full = self._kernel(n)
        full.load(self.x, self.y)

    def _kernel(self, size: int) -> _Kernel:
        kernel = self._kernels.get(size)
        if kernel is None:
            kernel = _Kernel(self.arch, self.loss_name, size)
            kernel.bind(self.theta, self.grad)
            self._kernels[size] = kernel
        return kernel

    @property
    def network(self) -> Network:
        """A snapshot of the current parameters."""
        return Network(self.arch, self.theta)

    def set_optimizer(self, optimizer: Optimizer) -> None:
        """Change the hyper-parameters; keeps the moments when the optimiser is the same."""
        with self._lock:
            if optimizer.name != self.optimizer.name:
                self.state = _State(optimizer, self.theta, self.grad)
            else:
                self.state.opt = optimizer
            self.optimizer = optimizer

    def set_batch_size(self, batch_size: int | None) -> None:
        """Samples per update from the next epoch on (None or >= n: the full batch)."""
        with self._lock:
            self.batch_size = self.n if batch_size is None else max(1, min(int(batch_size), self.n))

    def report(self, losses: FloatArray | None = None, *, done: bool = False) -> TrainReport:
        """A report on the current parameters (loss on the whole dataset, dead fractions)."""
        with self._lock:  # a worker may be mid-epoch in another thread
            network = self.network
            with np.errstate(all="ignore"):
                value = self._kernels[self.n].forward_loss()
            epoch, diverged, message = self.epoch, self.diverged, self.message
        dead = tuple(float(np.mean(layer)) for layer in dead_units(network, self.x))
        return TrainReport(
            epoch=epoch, loss=value,
            losses=np.empty(0) if losses is None else losses,
            dead_fraction=dead, network=network, diverged=diverged,
            message=message, done=done or diverged)

    def run(self, epochs: int, every: int = 50) -> Iterator[TrainReport]:
        """Train `epochs` more epochs, yielding a report every `every` epochs and at the end.

        Stops early, with a report whose `diverged` is set, when the loss becomes nan or
        inf; the parameters are then the last ones whose loss was finite.
        """
        every = max(1, int(every))
        remaining = max(0, int(epochs))
        if self.diverged:
            yield self.report(done=True)
            return
        while remaining > 0:
            chunk = min(every, remaining)
            with self._lock:
                losses = self._epochs(chunk)
                report = self.report(losses, done=chunk == remaining)
                if not (self.diverged or math.isfinite(report.loss)):  # the last update overflowed
                    self._diverge(report.loss)
                    report = self.report(losses, done=True)
            remaining -= chunk
            yield report
            if self.diverged:
                return

    def _diverge(self, value: float) -> None:
        """Stop: go back to the last parameters whose loss was finite, and say why."""
        self.diverged = True
        self.message = _divergence_message(value, self.epoch, self.optimizer)
        np.copyto(self.theta, self.good)
        self.epoch = max(0, self.epoch - 1)

    def _epochs(self, count: int) -> FloatArray:
        """Run `count` epochs; returns their losses (fewer when the run diverged)."""
        losses = np.empty(count)
        step = self._full_batch_step() if self.batch_size == self.n else self._mini_batch_step()
        isfinite = math.isfinite
        # Overflow to inf/nan is how a diverging run shows itself; it is caught here.
        with np.errstate(all="ignore"):
            for i in range(count):
                value = step()
                if not isfinite(value):
                    self._diverge(value)
                    return losses[:i]
                losses[i] = value
                self.epoch += 1
        return losses

    def _full_batch_step(self) -> Callable[[], float]:
        """One epoch = one update; the parameters are saved as good once their loss is finite."""
        loss_and_grad = self._kernels[self.n].loss_and_grad
        update, copyto, good, theta = self.state.step, np.copyto, self.good, self.theta
        inf = math.inf

        def step() -> float:
            value = loss_and_grad()
            if value == value and -inf < value < inf:
                copyto(good, theta)
                update()
            return value

        return step

    def _mini_batch_step(self) -> Callable[[], float]:
        """One epoch of shuffled mini-batches (the last one smaller, as torch's drop_last=False)."""
        size, n, x, y = self.batch_size, self.n, self.x, self.y
        update, good, theta, rng = self.state.step, self.good, self.theta, self.rng

        def step() -> float:
            order = rng.permutation(n)
            total = 0.0
            for start in range(0, n, size):
                idx = order[start:start + size]
                kernel = self._kernel(len(idx))
                kernel.load(x[idx], y[idx])
                value = kernel.loss_and_grad()
                if not math.isfinite(value):
                    return value
                np.copyto(good, theta)
                update()
                total += value * len(idx)
            return total / n

        return step


def train(network: Network, x: npt.ArrayLike, y: npt.ArrayLike, *, epochs: int,
          loss: LossName = "mse", optimizer: Optimizer | None = None,
          batch_size: int | None = None, every: int = 50,
          rng: np.random.Generator | None = None) -> Iterator[TrainReport]:
    """Train a copy of `network` on (x, y), reporting as it goes.

    Args:
        network: the starting network (not modified).
        x: inputs (n, n_in), or (n,) when n_in = 1.
        y: targets: (n, n_out) or (n,) for MSE; integer class labels (n,) for cross-entropy.
        epochs: how many passes over the data.
        loss: "mse" or "cross_entropy".
        optimizer: the optimiser (Adam with torch's defaults when None).
        batch_size: samples per update, reshuffled each epoch; None for the full batch.
        every: report every this many epochs (and after the last).
        rng: shuffles the mini-batches (default_rng(0) when None).

    Yields:
        A report before training (epoch 0), every `every` epochs, and at the end; a run
        that diverges ends with a report whose `diverged` and `message` say so.
    """
    trainer = Trainer(network, x, y, loss=loss, optimizer=optimizer, batch_size=batch_size,
                      rng=rng)
    yield trainer.report()
    yield from trainer.run(epochs, every)
