"""Dying ReLUs: the dead-unit definition, the simulator's settings, and the 10-seed experiment.

A hidden unit is dead on a dataset when its pre-activation z is <= 0 for every sample: ReLU
then outputs 0 and passes back gradient 0 for all of them, so nothing can revive it ("ReLU
Explained": weights -5, -3, -2 on inputs 1, 1, 1 give z = -10, output 0, gradient 0). For any
activation the test is the same in general form: its gradient is exactly 0 on every sample.
Leaky ReLU's slope of 0.01 below zero means that never happens.

`experiment` trains the current settings over 10 seeds against a reference (He init, Adam,
lr 1e-3): mean ± sd of the final dead fraction. The analyses at initialisation (vanishing
gradients, born-dead nets) are in `core/vanishing.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from relu_tui.core.activations import ACTIVATIONS
from relu_tui.core.csvdata import load_csv
from relu_tui.core.datasets import DATASETS, Dataset, make_dataset
from relu_tui.core.fmt import fmt
from relu_tui.core.network import (
    INITS,
    OPTIMIZERS,
    Architecture,
    Network,
    Optimizer,
    Trainer,
    TrainReport,
    dead_mask,
    init_network,
)
from relu_tui.core.params import Param, params_by_name, replace_param
from relu_tui.core.parse import InputError
from relu_tui.core.regularize import STRENGTH_FLOOR, Penalty
from relu_tui.core.split import MAX_TEST_FRACTION, Split, split_dataset
from relu_tui.core.types import FloatArray

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
    "settings_with_options",
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


def single_neuron(weights: tuple[float, ...], inputs: tuple[float, ...] = SEED_INPUTS,
                  bias: float = 0.0, *, activation: str = "relu") -> NeuronResult:
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
    return tuple(Param(f"w{i + 1}", f"w{i + 1}", w, step=0.5, low=-10.0, high=10.0,
                       help=f"weight on input {i + 1} (x{i + 1} = 1)")
                 for i, w in enumerate(weights))


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
    return [LayerStats(z, np.mean(z > 0, axis=0), dead_mask(z, arch.activation, arch.kwargs))
            for z in network.pre_activations(x)[:-1]]


# --------------------------------------------------------------------------- settings

ACTIVATION_NAMES = tuple(ACTIVATIONS)
OPTIMIZER_NAMES = tuple(OPTIMIZERS)
INIT_NAMES = tuple(INITS)
DATASET_NAMES = tuple(DATASETS)
BIAS_CHOICES = ("zero", "0.01", "0.1", "-0.5", "-1", "init's rule")
"""Bias initialisers: a constant, or the weight initialiser's own rule (torch: uniform)."""

DATA_SEED = 0
"""The dataset is drawn once with this seed; the seed control varies init and shuffles."""
DATA_SIZE = 200
REFERENCE_LR = 1e-3

_LR_STEP = 0.5  # a nudge multiplies lr by sqrt(10): ... 1e-3, 3.16e-3, 0.01, 0.0316, 0.1 ...


def _dataset_param() -> Param:
    return Param("dataset", "dataset", DATASET_NAMES.index("spirals"), choices=DATASET_NAMES,
                 help="x², sin x (regression), a 2-D classification task, or a file (o)")


def _default_params() -> tuple[Param, ...]:
    return (
        Param("activation", "activation", ACTIVATION_NAMES.index("relu"),
              choices=ACTIVATION_NAMES, help="hidden-layer activation (torch name)"),
        Param("lr", "learn rate", 10**-1.5, step=_LR_STEP, low=1e-4, high=10.0, scale="log",
              help="step size; large rates push units dead (try 0.1, or 10 to diverge)"),
        Param("optimizer", "optimizer", OPTIMIZER_NAMES.index("adam"), choices=OPTIMIZER_NAMES,
              help="sgd, sgd with momentum 0.9, or adam (torch's defaults)"),
        Param("init", "init", INIT_NAMES.index("he_normal"), choices=INIT_NAMES,
              help="weight initialisation; He suits ReLU"),
        Param("bias", "bias init", 0, choices=BIAS_CHOICES,
              help="starting biases: a constant (-1 starts units off), or the init's rule"),
        Param("depth", "depth", 3, step=1, low=1, high=8, integer=True,
              help="hidden layers (1-8)"),
        Param("width", "width", 16, step=4, low=1, high=256, integer=True,
              help="units per hidden layer (1-256); fine steps move by 1"),
        _dataset_param(),
        Param("noise", "noise", 0.05, step=0.05, low=0.0, high=0.5,
              help="noise in the built-in datasets (0-0.5); the data is redrawn from its seed"),
        Param("test_fraction", "test share", 0.3, step=0.1, low=0.0, high=MAX_TEST_FRACTION,
              help="share of the samples held out (0-0.9): the test loss shows over-fitting"),
        Param("l2", "L2", 0.0, step=_LR_STEP, low=0.0, high=1.0, scale="log",
              floor=STRENGTH_FLOOR,
              help="L2 penalty lambda/2*sum(w^2) (torch's weight_decay); 0 is off"),
        Param("l1", "L1", 0.0, step=_LR_STEP, low=0.0, high=1.0, scale="log",
              floor=STRENGTH_FLOOR, help="L1 penalty lambda*sum|w|; 0 is off"),
        Param("batch", "batch size", 32, step=8, low=1, high=DATA_SIZE, integer=True,
              help=f"samples per update; {DATA_SIZE} is the full batch"),
        Param("epochs", "epochs", 500, step=100, low=1, high=100_000, integer=True,
              help="how long a run (and each experiment run) trains"),
        Param("seed", "seed", 0, step=1, low=0, high=99_999, integer=True,
              help="initialisation and shuffling; the same seed gives the same run"),
    )


@dataclass(frozen=True)
class DeadSettings:
    """Everything the Dead neurons simulator's controls set; pure transitions.

    `custom` is a dataset loaded from a CSV file: while set, it replaces the dataset control's
    choice (and noise does not apply); choosing a dataset with the control drops it.
    """

    params: tuple[Param, ...] = ()
    custom: Dataset | None = None

    def __post_init__(self) -> None:
        if not self.params:
            object.__setattr__(self, "params", _default_params())

    def _value(self, name: str) -> float:
        return params_by_name(self.params)[name].value

    def _choice(self, name: str) -> str:
        return params_by_name(self.params)[name].choice

    @property
    def activation(self) -> str:
        return self._choice("activation")

    @property
    def lr(self) -> float:
        return self._value("lr")

    @property
    def optimizer_name(self) -> str:
        return self._choice("optimizer")

    @property
    def init(self) -> str:
        return self._choice("init")

    @property
    def bias_choice(self) -> str:
        return self._choice("bias")

    @property
    def bias(self) -> float | None:
        """The bias constant, or None for the initialiser's own rule."""
        choice = self.bias_choice
        return None if choice == "init's rule" else (0.0 if choice == "zero" else float(choice))

    @property
    def depth(self) -> int:
        return int(self._value("depth"))

    @property
    def width(self) -> int:
        return int(self._value("width"))

    @property
    def dataset_name(self) -> str:
        return "csv" if self.custom is not None else self._choice("dataset")

    @property
    def noise(self) -> float:
        return self._value("noise")

    @property
    def test_fraction(self) -> float:
        return self._value("test_fraction")

    @property
    def penalty(self) -> Penalty:
        return Penalty(l1=self._value("l1"), l2=self._value("l2"))

    @property
    def batch_size(self) -> int:
        return int(self._value("batch"))

    @property
    def epochs(self) -> int:
        return int(self._value("epochs"))

    @property
    def seed(self) -> int:
        return int(self._value("seed"))

    @property
    def optimizer(self) -> Optimizer:
        return Optimizer(self.optimizer_name, lr=self.lr)  # type: ignore[arg-type]

    def with_param(self, name: str, value: float) -> DeadSettings:
        """These settings with one control changed (clamped to its range)."""
        param = params_by_name(self.params)[name]
        custom = self.custom
        if name == "dataset" and custom is not None:
            if round(value) == len(DATASET_NAMES):  # still the loaded file
                return self
            custom, param = None, _dataset_param()  # a built-in dataset: the file's entry goes
        return replace(self, params=replace_param(self.params, param.with_value(value)),
                       custom=custom)

    def with_custom(self, dataset: Dataset) -> DeadSettings:
        """These settings training on a loaded dataset (a CSV file): the dataset control
        shows the file as its last choice, until another dataset is chosen."""
        param = replace(_dataset_param(), choices=(*DATASET_NAMES, dataset.label),
                        value=float(len(DATASET_NAMES)))
        return replace(self, params=replace_param(self.params, param), custom=dataset)

    def with_values(self, **values: float | str) -> DeadSettings:
        """Several controls at once; choice controls take their name."""
        settings = self
        for name, value in values.items():
            param = params_by_name(settings.params)[name]
            number = float(param.choices.index(value)) if isinstance(value, str) else value
            settings = settings.with_param(name, number)
        return settings

    def reference(self) -> DeadSettings:
        """The reference run: these settings with He normal init, Adam and lr 1e-3."""
        return self.with_values(init="he_normal", optimizer="adam", lr=REFERENCE_LR)

    def summary(self) -> str:
        """A one-line description, e.g. 'relu, adam lr 0.0316, he_normal, 3×16'."""
        return (f"{self.activation}, {self.optimizer_name} lr {self.lr:.3g}, {self.init}, "
                f"bias {self.bias_choice}, {self.depth}×{self.width}")

    def dataset(self) -> Dataset:
        """The task's samples: the loaded file, or drawn with DATA_SEED and the noise level."""
        if self.custom is not None:
            return self.custom
        return make_dataset(self._choice("dataset"), np.random.default_rng(DATA_SEED),
                            n=DATA_SIZE, noise=self.noise)

    def data_key(self) -> tuple[object, ...]:
        """What the dataset depends on: the same key, the same samples."""
        return (self.dataset_name, id(self.custom), self.noise)

    def split(self, dataset: Dataset) -> Split:
        """The dataset's training and held-out samples (drawn once, from DATA_SEED)."""
        return split_dataset(dataset, self.test_fraction, DATA_SEED)

    def network(self, dataset: Dataset, seed: int | None = None) -> Network:
        """A fresh network for `dataset`, initialised from `seed` (default: the seed control)."""
        arch = Architecture((dataset.n_in, *[self.width] * self.depth, dataset.n_out),
                            activation=self.activation,
                            learn_slope=self.activation == "prelu")  # as nn.PReLU()
        rng = np.random.default_rng(self.seed if seed is None else seed)
        return init_network(arch, rng, init=self.init, bias=self.bias)  # type: ignore[arg-type]

    def trainer(self, dataset: Dataset | None = None, seed: int | None = None,
                network: Network | None = None) -> Trainer:
        """A ready-to-run trainer: this optimiser, shuffles from the seed, and `network`
        (default: a fresh one from the seed)."""
        data = dataset if dataset is not None else self.dataset()
        seed = self.seed if seed is None else seed
        network = network if network is not None else self.network(data, seed)
        split = self.split(data)
        test = None if split.test is None else (split.test.x, split.test.y)
        return Trainer(network, split.train.x, split.train.y, loss=data.loss,
                       optimizer=self.optimizer, batch_size=self.batch_size,
                       rng=np.random.default_rng(seed + 1_000_003), test=test,
                       penalty=self.penalty)


def settings_with_options(settings: DeadSettings, *, lr: float | None = None,
                          activation: str | None = None, epochs: int | None = None,
                          seed: int | None = None, test_fraction: float | None = None,
                          noise: float | None = None, l1: float | None = None,
                          l2: float | None = None, data: str | None = None) -> DeadSettings:
    """`settings` with the command line's --lr, --activation, --epochs, --seed,
    --test-fraction, --noise, --l1, --l2 (None: keep), checked against the panel's ranges,
    and --data (a CSV file to train on).

    Raises:
        InputError: one line naming the option and what it accepts, or what is wrong with
            the CSV file.
    """
    params = params_by_name(settings.params)
    if activation is not None:
        name = activation.strip().lower().replace("-", "_")
        if name not in ACTIVATION_NAMES:
            raise InputError(f"--activation: '{activation}' is not one of: "
                             f"{', '.join(ACTIVATION_NAMES)}")
        settings = settings.with_values(activation=name)
    numbers = (("lr", lr), ("epochs", epochs), ("seed", seed), ("test_fraction", test_fraction),
               ("noise", noise), ("l1", l1), ("l2", l2))
    for option, value in numbers:
        if value is None:
            continue
        param = params[option]
        if not param.low <= value <= param.high:
            raise InputError(f"--{option.replace('_', '-')}: must be between "
                             f"{fmt(param.low)} and {fmt(param.high)}")
        settings = settings.with_param(option, float(value))
    if data is not None:
        settings = settings.with_custom(load_csv(data))
    return settings


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
    """

    label: str
    settings: DeadSettings
    dead: FloatArray
    losses: FloatArray
    diverged: int = 0

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


def run_settings(settings: DeadSettings, seed: int, dataset: Dataset | None = None, *,
                 stop: Callable[[], bool] | None = None) -> TrainReport:
    """Train `settings` from `seed` for its epochs; the final report.

    `stop` is asked after every update; when it turns true the run ends where it is.
    """
    trainer = settings.trainer(dataset, seed)
    trainer.advance(settings.epochs, stop=stop)
    return trainer.report(done=True)


def experiment(settings: DeadSettings, *, seeds: int = 10,
               stop: Callable[[], bool] | None = None) -> Iterator[ExperimentProgress]:
    """The current settings and the reference (He, Adam, lr 1e-3) over `seeds` seeds each.

    Seeds are settings.seed, settings.seed + 1, …; both rows use the same seeds and data.
    Yields progress after every run (2 × seeds runs). `stop` is asked after every update
    of every run: once it is true the experiment ends without another report.
    """
    data = settings.dataset()
    configs = (("current", settings), ("reference", settings.reference()))
    results: dict[str, tuple[list[float], list[float], int]] = {
        label: ([], [], 0) for label, _ in configs}
    total = 2 * seeds
    done = 0

    def rows() -> tuple[ExperimentRow, ...]:
        return tuple(ExperimentRow(label, config, np.array(results[label][0]),
                                   np.array(results[label][1]), results[label][2])
                     for label, config in configs)

    yield ExperimentProgress(0, total, rows())
    for k in range(seeds):
        for label, config in configs:
            report = run_settings(config, settings.seed + k, data, stop=stop)
            if stop is not None and stop():
                return
            dead, losses, diverged = results[label]
            dead.append(final_dead_fraction(report))
            losses.append(report.loss)
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
        test = np.append(self.test_loss,
                         np.nan if report.test_loss is None else report.test_loss)
        dead_rows = np.vstack([self.dead, dead[None, :]])
        if epochs.size > HISTORY_POINTS:
            keep = np.ones(epochs.size, dtype=bool)
            keep[1:-1:2] = False  # drop every other interior point, keep first and last
            epochs, loss, dead_rows, test = epochs[keep], loss[keep], dead_rows[keep], test[keep]
        return RunHistory(epochs, loss, dead_rows, test)
