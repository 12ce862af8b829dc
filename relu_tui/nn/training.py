"""Training: optimisers over the flat parameter array, a resumable trainer, its reports.

A `Trainer` is owned by one thread at a time (the UI hands it to its training worker and gets
it back): it holds no lock. Hyper-parameters that may change during a run arrive through
`configure`, which the owner calls between chunks of epochs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.kernels import Kernel
from relu_tui.nn.model import LossName, Network, as_inputs, as_targets
from relu_tui.nn.regularize import Penalty, weight_mask

__all__ = [
    "OPTIMIZERS",
    "Optimizer",
    "TrainReport",
    "Trainer",
    "dead_mask",
    "dead_units",
    "evaluate",
    "train",
]

OptimizerName = Literal["sgd", "momentum", "adam"]

OPTIMIZERS: dict[str, str] = {
    "sgd": "SGD: p -= lr * g",
    "momentum": "SGD with momentum: buf = momentum * buf + g; p -= lr * buf",
    "adam": "Adam (torch's update rule, bias-corrected)",
}
"""Optimisers by name, with their update rule."""


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
        test_loss: the loss on the held-out samples (None without a test set).
        accuracy, test_accuracy: for classification, the share of training and held-out
            samples whose largest logit is their class (None otherwise).
        penalty: the L1/L2 penalty's value, added to `loss` in what is minimised.
    """

    epoch: int
    loss: float
    losses: FloatArray
    dead_fraction: tuple[float, ...]
    network: Network
    diverged: bool = False
    message: str = ""
    done: bool = False
    test_loss: float | None = None
    accuracy: float | None = None
    test_accuracy: float | None = None
    penalty: float = 0.0


def dead_units(network: Network, x: npt.ArrayLike) -> list[npt.NDArray[np.bool_]]:
    """Per hidden layer, which units are dead on inputs x.

    A unit is dead when its activation's gradient is exactly 0 for every sample, so
    neither its output nor its incoming weights can change. For ReLU that is z <= 0 on
    every sample; Leaky ReLU's slope never lets it happen.
    """
    arch = network.arch
    return [dead_mask(z, arch.activation, arch.kwargs) for z in network.pre_activations(x)[:-1]]


def dead_mask(z: FloatArray, activation: str, kwargs: dict[str, object]) -> npt.NDArray[np.bool_]:
    """Per unit (column of z, shape (n, width)): is the activation's gradient 0 on every row?"""
    if activation == "relu":
        return np.all(z <= 0, axis=0)
    return np.all(ACTIVATIONS[activation].grad(z, **kwargs) == 0, axis=0)


def _divergence_message(value: float, epoch: int, opt: Optimizer) -> str:
    what = "nan" if math.isnan(value) else "inf"
    if epoch == 0:
        where = f"the loss is {what} with the initial parameters"
    else:
        where = (
            f"the loss became {what} after epoch {epoch}; showing the last good "
            f"parameters (after epoch {epoch - 1})"
        )
    return (
        f"Training diverged: {where}. Try a smaller learning rate than {opt.lr:g} "
        f"(e.g. {opt.lr / 10:g}), Adam, or a smaller initialisation."
    )


class Trainer:
    """A resumable training run: the working parameters, optimiser state and buffers.

    `run(epochs, every)` yields TrainReports, `advance(epochs)` just trains; both can be
    called again to continue (the optimiser's moments carry over). A trainer belongs to one
    thread at a time and has no lock: whoever owns it calls `configure` between chunks.
    """

    def __init__(
        self,
        network: Network,
        x: npt.ArrayLike,
        y: npt.ArrayLike,
        *,
        loss: LossName = "mse",
        optimizer: Optimizer | None = None,
        batch_size: int | None = None,
        rng: np.random.Generator | None = None,
        test: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        penalty: Penalty | None = None,
    ) -> None:
        arch = network.arch
        self.arch = arch
        self.loss_name: LossName = loss
        self.inputs = as_inputs(x, arch)
        """The first layer's inputs (the feature columns when the network has features)."""
        self.x = np.asarray(x) if arch.features else self.inputs
        """The training points as given (raw 2-D points, before any input features)."""
        self.y = as_targets(y, arch, loss)
        n = len(self.inputs)
        if n == 0 or len(self.y) != n:
            raise ValueError("inputs and targets need the same, non-zero number of samples")
        self.n = n
        self.batch_size = self._batch(batch_size)
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.theta = np.array(network.theta)
        self.grad = np.zeros_like(self.theta)
        self.good = np.array(self.theta)
        self.optimizer = optimizer or Optimizer()
        self.state = _State(self.optimizer, self.theta, self.grad)
        self.epoch = 0
        self.diverged = False
        self.interrupted = False
        """A `stop` ended an epoch half-way: the run is meant to be dropped."""
        self.message = ""
        self._kernels: dict[int, Kernel] = {}
        full = self._kernel(n)
        full.load(self.inputs, self.y)
        self.penalty = penalty or Penalty()
        self._mask = weight_mask(arch)
        self._scratch = np.empty_like(self.theta)
        self._test: Kernel | None = None
        if test is not None and len(as_inputs(test[0], arch)):
            tx, ty = as_inputs(test[0], arch), as_targets(test[1], arch, loss)
            self._test = Kernel(arch, loss, len(tx))
            self._test.bind(self.theta, np.empty_like(self.theta))
            self._test.load(tx, ty)

    def _kernel(self, size: int) -> Kernel:
        kernel = self._kernels.get(size)
        if kernel is None:
            kernel = Kernel(self.arch, self.loss_name, size)
            kernel.bind(self.theta, self.grad)
            self._kernels[size] = kernel
        return kernel

    def _batch(self, batch_size: int | None) -> int:
        return self.n if batch_size is None else max(1, min(int(batch_size), self.n))

    @property
    def network(self) -> Network:
        """A snapshot of the current parameters."""
        return Network(self.arch, self.theta)

    def configure(
        self, optimizer: Optimizer, batch_size: int | None, penalty: Penalty | None = None
    ) -> None:
        """New hyper-parameters from the next update on.

        The optimiser's moments are kept while its name stays the same (a new learning
        rate continues the run); another optimiser starts from zero moments. A batch size
        of None, or n or more, is the full batch. A penalty (None: keep) changes the
        gradient from the next update.
        """
        if penalty is not None:
            self.penalty = penalty
        if optimizer != self.optimizer:
            if optimizer.name != self.optimizer.name:
                self.state = _State(optimizer, self.theta, self.grad)
            else:
                self.state.opt = optimizer
            self.optimizer = optimizer
        self.batch_size = self._batch(batch_size)

    def load(self, network: Network) -> None:
        """Go on from `network`'s parameters (an edited copy of this run's): the epoch
        count and the optimiser's moments carry over, as they do across `advance` calls.

        Raises:
            ValueError: another architecture.
        """
        if network.arch != self.arch:
            raise ValueError("the parameters are for another architecture")
        np.copyto(self.theta, network.theta)  # in place: the kernels are bound to theta
        np.copyto(self.good, network.theta)

    def report(self, losses: FloatArray | None = None, *, done: bool = False) -> TrainReport:
        """A report on the current parameters (loss on the whole dataset, dead fractions)."""
        network = self.network
        full, test = self._kernels[self.n], self._test
        with np.errstate(all="ignore"):
            value = full.forward_loss()
            accuracy = self._accuracy(full)
            test_loss = test.forward_loss() if test is not None else None
            test_accuracy = self._accuracy(test) if test is not None else None
            penalty = self.penalty.value(network.weights) if self.penalty.active else 0.0
        dead = tuple(float(np.mean(layer)) for layer in dead_units(network, self.x))
        return TrainReport(
            epoch=self.epoch,
            loss=value,
            losses=np.empty(0) if losses is None else losses,
            dead_fraction=dead,
            network=network,
            diverged=self.diverged,
            message=self.message,
            done=done or self.diverged,
            test_loss=test_loss,
            accuracy=accuracy,
            test_accuracy=test_accuracy,
            penalty=penalty,
        )

    def _accuracy(self, kernel: Kernel) -> float | None:
        """Share of the kernel's samples whose largest logit is their class (after a forward)."""
        if self.loss_name != "cross_entropy":
            return None
        return float(np.mean(np.argmax(kernel.z[-1], axis=1) == kernel.targets))

    def advance(self, epochs: int, *, stop: Callable[[], bool] | None = None) -> FloatArray:
        """Train up to `epochs` more epochs; returns each epoch's mean training loss.

        Ends early when the loss becomes nan or inf (`diverged`, the parameters are then
        the last ones whose loss was finite), or when `stop()` turns true: it is asked after
        every update, so a caller can cancel within one mini-batch; a run stopped inside an
        epoch is `interrupted` and should be dropped.
        """
        if self.diverged or self.interrupted:
            return np.empty(0)
        losses = self._epochs(max(0, int(epochs)), stop)
        if not self.diverged and not self.interrupted:
            with np.errstate(all="ignore"):
                value = self._kernels[self.n].forward_loss()
            if not math.isfinite(value):  # the last update overflowed
                self._diverge(value)
        return losses

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
            losses = self.advance(chunk)
            remaining -= chunk
            yield self.report(losses, done=remaining == 0)
            if self.diverged:
                return

    def _diverge(self, value: float) -> None:
        """Stop: go back to the last parameters whose loss was finite, and say why."""
        self.diverged = True
        self.message = _divergence_message(value, self.epoch, self.optimizer)
        np.copyto(self.theta, self.good)
        self.epoch = max(0, self.epoch - 1)

    def _epochs(self, count: int, stop: Callable[[], bool] | None) -> FloatArray:
        """Run `count` epochs; returns their losses (fewer when the run diverged or stopped)."""
        losses = np.empty(count)
        full = self.batch_size == self.n
        step = self._full_batch_step() if full else self._mini_batch_step(stop)
        isfinite = math.isfinite
        # Overflow to inf/nan is how a diverging run shows itself; it is caught here.
        with np.errstate(all="ignore"):
            for i in range(count):
                if full and stop is not None and stop():
                    return losses[:i]
                value = step()
                if value is None:
                    self.interrupted = True
                    return losses[:i]
                if not isfinite(value):
                    self._diverge(value)
                    return losses[:i]
                losses[i] = value
                self.epoch += 1
        return losses

    def _full_batch_step(self) -> Callable[[], float | None]:
        """One epoch = one update; the parameters are saved as good once their loss is finite."""
        loss_and_grad = self._kernels[self.n].loss_and_grad
        update, copyto, good, theta = self.state.step, np.copyto, self.good, self.theta
        regularise = self._regularise()
        inf = math.inf

        def step() -> float | None:
            value = loss_and_grad()
            if value == value and -inf < value < inf:
                regularise()
                copyto(good, theta)
                update()
            return value

        return step

    def _regularise(self) -> Callable[[], object]:
        """Adds the L1/L2 penalty's gradient to the data gradient (nothing when it is off).

        The epoch losses stay the data loss, so training and test curves compare; the
        penalty's value is in each report.
        """
        penalty = self.penalty
        if not penalty.active:
            return _nothing
        add, theta, grad, mask, scratch = (
            penalty.add_flat,
            self.theta,
            self.grad,
            self._mask,
            self._scratch,
        )
        return lambda: add(theta, grad, mask, scratch)

    def _mini_batch_step(self, stop: Callable[[], bool] | None) -> Callable[[], float | None]:
        """One epoch of shuffled mini-batches (the last one smaller, as torch's drop_last=False).

        Returns None when `stop()` turned true between two updates.
        """
        size, n, x, y = self.batch_size, self.n, self.inputs, self.y
        update, good, theta, rng = self.state.step, self.good, self.theta, self.rng
        regularise = self._regularise()

        def step() -> float | None:
            order = rng.permutation(n)
            total = 0.0
            for start in range(0, n, size):
                if stop is not None and stop():
                    return None
                idx = order[start : start + size]
                kernel = self._kernel(len(idx))
                kernel.load(x[idx], y[idx])
                value = kernel.loss_and_grad()
                if not math.isfinite(value):
                    return value
                regularise()
                np.copyto(good, theta)
                update()
                total += value * len(idx)
            return total / n

        return step


def _nothing() -> None:
    return None


def train(
    network: Network,
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epochs: int,
    loss: LossName = "mse",
    optimizer: Optimizer | None = None,
    batch_size: int | None = None,
    every: int = 50,
    rng: np.random.Generator | None = None,
) -> Iterator[TrainReport]:
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
    trainer = Trainer(network, x, y, loss=loss, optimizer=optimizer, batch_size=batch_size, rng=rng)
    yield trainer.report()
    yield from trainer.run(epochs, every)


def evaluate(
    network: Network, x: npt.ArrayLike, y: npt.ArrayLike, *, loss: LossName = "mse"
) -> TrainReport:
    """A report on `network` as it is (epoch 0): its loss on (x, y) and its dead units."""
    return Trainer(network, x, y, loss=loss).report()
