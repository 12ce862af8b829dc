"""Dying ReLUs: the dead-unit definition and the 10-seed experiment (settings: dead_settings).

A hidden unit is dead on a dataset when its pre-activation z is <= 0 for every sample: ReLU
then outputs 0 and passes back gradient 0 for all of them, so nothing can revive it ("ReLU
Explained": weights -5, -3, -2 on inputs 1, 1, 1 give z = -10, output 0, gradient 0). For any
activation the test is the same in general form: its gradient is exactly 0 on every sample.
Leaky ReLU's slope of 0.01 below zero means that never happens.

`experiment` trains the current settings over 10 seeds against a reference (He init, Adam,
lr 1e-3): mean ± sd of the final dead fraction. The analyses at initialisation (vanishing
gradients, born-dead nets) are in `lessons/dead/vanishing.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from relu_tui.base.params import Param
from relu_tui.base.types import FloatArray
from relu_tui.lessons.dead.settings import (
    BIAS_CHOICES,
    DeadSettings,
)
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.network import (
    Network,
    TrainReport,
    dead_mask,
)

__all__ = [
    "BIAS_CHOICES",
    "DeadSettings",
    "ExperimentProgress",
    "ExperimentRow",
    "LayerStats",
    "NeuronResult",
    "RunHistory",
    "SEED_INPUTS",
    "SEED_WEIGHTS",
    "experiment",
    "layer_stats",
    "neuron_params",
    "single_neuron",
]

SEED_WEIGHTS = (-5.0, -3.0, -2.0)
""""ReLU Explained": a neuron that always outputs negative values."""
SEED_INPUTS = (1.0, 1.0, 1.0)
"""Its inputs."""


# --------------------------------------------------------------------------- one neuron


@dataclass(frozen=True)
class NeuronResult:
    """One neuron on one input.

    Attributes:
        activation: the activation's name (torch's).
        z: the pre-activation w·x + b.
        output: f(z).
        slope: f'(z); ReLU'(z) = 0 for z <= 0 (torch's convention), Leaky ReLU's is 0.01.
        weight_grads: d output / d w_i = f'(z)·x_i, what a gradient step would move w by.
        dead: the gradient is 0, so no weight can change.
    """

    activation: str
    z: float
    output: float
    slope: float
    weight_grads: tuple[float, ...]
    dead: bool


def single_neuron(
    weights: tuple[float, ...],
    inputs: tuple[float, ...] = SEED_INPUTS,
    bias: float = 0.0,
    *,
    activation: str = "relu",
) -> NeuronResult:
    """The seed's dying neuron, with any weights and activation: z = Σ wᵢxᵢ + b, f(z) and
    its gradients."""
    act = ACTIVATIONS[activation]
    z = math.fsum(w * x for w, x in zip(weights, inputs, strict=True)) + bias
    at = np.array([z])
    output = float(act(at)[0]) + 0.0
    slope = float(act.grad(at)[0]) + 0.0
    grads = tuple(slope * x + 0.0 for x in inputs)
    return NeuronResult(activation, z + 0.0, output, slope, grads, slope == 0.0)


def neuron_params(weights: tuple[float, ...] = SEED_WEIGHTS) -> tuple[Param, ...]:
    """The intro neuron's weight controls."""
    return tuple(
        Param(
            f"w{i + 1}",
            f"w{i + 1}",
            w,
            step=0.5,
            low=-10.0,
            high=10.0,
            help=f"weight on input {i + 1} (x{i + 1} = 1)",
        )
        for i, w in enumerate(weights)
    )


# --------------------------------------------------------------------------- unit statistics


@dataclass(frozen=True, eq=False)
class LayerStats:
    """One hidden layer on a dataset.

    Attributes:
        z: pre-activations, shape (n_samples, width).
        firing: per unit, the fraction of samples with z > 0.
        dead: per unit, whether the activation's gradient is 0 on every sample.
    """

    z: FloatArray
    firing: FloatArray
    dead: npt.NDArray[np.bool_]

    @property
    def dead_fraction(self) -> float:
        """Fraction of the layer's units that are dead."""
        return float(np.mean(self.dead))


def layer_stats(network: Network, x: npt.ArrayLike) -> list[LayerStats]:
    """Per hidden layer: pre-activations, firing fractions and dead units on inputs x."""
    arch = network.arch
    return [
        LayerStats(z, np.mean(z > 0, axis=0), dead_mask(z, arch.activation, arch.kwargs))
        for z in network.pre_activations(x)[:-1]
    ]


# --------------------------------------------------------------------------- settings

# --------------------------------------------------------------------------- 10-seed experiment


@dataclass(frozen=True, eq=False)
class ExperimentRow:
    """One configuration over several seeds.

    Attributes:
        label: "current" or "reference".
        settings: the configuration.
        dead: final dead fraction (all hidden units together) of each finished seed.
        losses: final loss of each finished seed.
        diverged: how many of the seeds diverged.
        sizes: sum of squared weights of each finished seed's network.
    """

    label: str
    settings: DeadSettings
    dead: FloatArray
    losses: FloatArray
    diverged: int = 0
    sizes: FloatArray = field(default_factory=lambda: np.empty(0))

    @property
    def mean(self) -> float:
        return float(np.mean(self.dead)) if self.dead.size else math.nan

    @property
    def sd(self) -> float:
        """Sample standard deviation (n - 1), 0 for one seed."""
        return float(np.std(self.dead, ddof=1)) if self.dead.size > 1 else 0.0


@dataclass(frozen=True, eq=False)
class ExperimentProgress:
    """How far an experiment is: `done` of `total` runs, and the rows so far."""

    done: int
    total: int
    rows: tuple[ExperimentRow, ...]


def final_dead_fraction(report: TrainReport) -> float:
    """All hidden units together: the fraction that are dead (layers weighted by width)."""
    widths = report.network.arch.hidden
    return float(np.dot(report.dead_fraction, widths) / sum(widths))


def run_settings(
    settings: DeadSettings,
    seed: int,
    dataset: Dataset | None = None,
    *,
    stop: Callable[[], bool] | None = None,
) -> TrainReport:
    """Train `settings` from `seed` for its epochs; the final report.

    `stop` is asked after every update; when it turns true the run ends where it is.
    """
    trainer = settings.trainer(dataset, seed)
    trainer.advance(settings.epochs, stop=stop)
    return trainer.report(done=True)


def experiment(
    settings: DeadSettings, *, seeds: int = 10, stop: Callable[[], bool] | None = None
) -> Iterator[ExperimentProgress]:
    """The current settings and the reference (He, Adam, lr 1e-3) over `seeds` seeds each.

    Seeds are settings.seed, settings.seed + 1, …; both rows use the same seeds and data.
    Yields progress after every run (2 × seeds runs). `stop` is asked after every update
    of every run: once it is true the experiment ends without another report.
    """
    data = settings.dataset()
    configs = (("current", settings), ("reference", settings.reference()))
    results: dict[str, tuple[list[float], list[float], int]] = {
        label: ([], [], 0) for label, _ in configs
    }
    sizes: dict[str, list[float]] = {label: [] for label, _ in configs}
    total = 2 * seeds
    done = 0

    def rows() -> tuple[ExperimentRow, ...]:
        return tuple(
            ExperimentRow(
                label,
                config,
                np.array(results[label][0]),
                np.array(results[label][1]),
                results[label][2],
                np.array(sizes[label]),
            )
            for label, config in configs
        )

    yield ExperimentProgress(0, total, rows())
    for k in range(seeds):
        for label, config in configs:
            report = run_settings(config, settings.seed + k, data, stop=stop)
            if stop is not None and stop():
                return
            dead, losses, diverged = results[label]
            dead.append(final_dead_fraction(report))
            losses.append(report.loss)
            sizes[label].append(sum(float(np.vdot(w, w)) for w in report.network.weights))
            results[label] = (dead, losses, diverged + int(report.diverged))
            done += 1
            yield ExperimentProgress(done, total, rows())


# --------------------------------------------------------------------------- run history

HISTORY_POINTS = 600
"""A run's history keeps at most about this many reports, thinning older ones evenly."""


@dataclass(frozen=True, eq=False)
class RunHistory:
    """What a run reported so far, for the loss and dead-fraction curves.

    Attributes:
        epochs: epoch of each kept report, shape (k,).
        loss: loss on the training samples at each, shape (k,).
        dead: dead fraction per hidden layer at each, shape (k, layers).
        test_loss: loss on the held-out samples at each (nan without them), shape (k,).
    """

    epochs: FloatArray
    loss: FloatArray
    dead: FloatArray
    test_loss: FloatArray

    @classmethod
    def empty(cls, layers: int) -> RunHistory:
        return cls(np.empty(0), np.empty(0), np.empty((0, layers)), np.empty(0))

    def add(self, report: TrainReport) -> RunHistory:
        """This history with `report` appended (older points thinned to HISTORY_POINTS)."""
        dead = np.asarray(report.dead_fraction, dtype=np.float64)
        if self.dead.shape[1] != dead.size:
            return RunHistory.empty(dead.size).add(report)
        if self.epochs.size and report.epoch <= self.epochs[-1]:
            return self  # a repeated report (a stopped run asked again)
        epochs = np.append(self.epochs, float(report.epoch))
        loss = np.append(self.loss, report.loss)
        test = np.append(self.test_loss, np.nan if report.test_loss is None else report.test_loss)
        dead_rows = np.vstack([self.dead, dead[None, :]])
        if epochs.size > HISTORY_POINTS:
            keep = np.ones(epochs.size, dtype=bool)
            keep[1:-1:2] = False  # drop every other interior point, keep first and last
            epochs, loss, dead_rows, test = epochs[keep], loss[keep], dead_rows[keep], test[keep]
        return RunHistory(epochs, loss, dead_rows, test)
