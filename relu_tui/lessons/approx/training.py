"""The notebook's training experiment (seed 003): a 1→8→8→1 network trained with Adam
on x = 1…99, y = x², without an activation (an affine map: a line) and with ReLU (follows
the curve), side by side from the same weights, and tested beyond the data on 100…199.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from relu_tui.base.types import FloatArray
from relu_tui.lessons.approx.experiment import (
    Experiment,
    Line,
    least_squares_line,
    mse,
    notebook_experiment,
    target_experiment,
)
from relu_tui.nn.kinks import Kinks, kinks
from relu_tui.nn.network import Architecture, Network, Optimizer, Trainer, init_network

NOTEBOOK_EPOCHS = 100_000
"""The notebook's run length."""

NOTEBOOK_LR = 0.1
"""The notebook's Adam learning rate."""

NOTEBOOK_HIDDEN = (8, 8)
"""The notebook's hidden widths: Linear(1, 8) → Linear(8, 8) → Linear(8, 1)."""


ACTIVATIONS_COMPARED: tuple[str, str] = ("identity", "relu")
"""Mode 2's two networks: no activation (the notebook's first model) and ReLU after both
hidden layers (its second)."""

HISTORY_STRIDE = 100
"""Loss curves keep one epoch in this many (1,000 points for the notebook's run)."""


@dataclass(frozen=True)
class TrainConfig:
    """Mode 2's run: the notebook's network, optimiser and length, and a seed."""

    seed: int = 42
    epochs: int = NOTEBOOK_EPOCHS
    lr: float = NOTEBOOK_LR
    hidden: tuple[int, ...] = NOTEBOOK_HIDDEN


@dataclass(frozen=True, eq=False)
class PairReport:
    """Both networks after `epoch` epochs.

    Attributes:
        epoch: epochs completed by both.
        loss: full-batch MSE of (no activation, ReLU), shape (2,).
        history_epochs, history_loss: new loss-curve points since the last report, one per
            HISTORY_STRIDE epochs; shapes (k,) and (k, 2).
        train_pred, test_pred: each network's output on x and x_test, shapes (2, n), (2, k).
        diverged: per network; message: what happened and what to try.
        done: the run is complete (or both networks diverged).
        networks: the two networks' parameters at this report (no ReLU, ReLU).
    """

    epoch: int
    loss: FloatArray
    history_epochs: FloatArray
    history_loss: FloatArray
    train_pred: FloatArray
    test_pred: FloatArray
    diverged: tuple[bool, bool]
    message: str
    done: bool
    networks: tuple[Network, ...] = ()


def initial_networks(config: TrainConfig) -> tuple[Network, Network]:
    """The two networks with identical starting weights (PyTorch's nn.Linear default init,
    drawn from `seed`), so the activation is the only difference between them."""
    sizes = (1, *config.hidden, 1)
    return tuple(  # type: ignore[return-value]
        init_network(
            Architecture(sizes, activation=name), np.random.default_rng(config.seed), init="torch"
        )
        for name in ACTIVATIONS_COMPARED
    )


def train_pair(
    config: TrainConfig,
    experiment: Experiment | None = None,
    *,
    every: int = 1000,
    both: bool = True,
) -> Iterator[PairReport]:
    """Train the no-activation and the ReLU network side by side, full batch, Adam, MSE.

    Args:
        config: seed, epochs, learning rate, hidden widths.
        experiment: the data (the notebook's x² on 1…99 when None).
        every: epochs between reports.
        both: False trains only the ReLU network (the benchmark's measurement); its
            partner's entries then stay at the initial network's.

    Yields:
        A report at epoch 0, every `every` epochs, and at the end.
    """
    run = PairRun(config, experiment, both=both)
    yield run.report(finished=False)
    while run.remaining(config) > 0:
        run.advance(every)
        finished = run.remaining(config) <= 0
        yield run.report(finished=finished)


class PairRun:
    """Both networks' run, resumable in chunks of any size (what the screen's training
    runner lends to its worker; `train_pair` drives it in fixed steps).

    Uses the training core's Trainer for each network (its preallocated full-batch path);
    the two advance in turns. Loss-curve points gather until the next report takes them.
    """

    def __init__(
        self, config: TrainConfig, experiment: Experiment | None = None, *, both: bool = True
    ) -> None:
        self.config = config
        self.data = experiment or notebook_experiment()
        optimizer = Optimizer("adam", lr=config.lr)
        self.trainers = [
            Trainer(net, self.data.x, self.data.y, optimizer=optimizer)
            for net in initial_networks(config)
        ]
        self.active = [both, True]
        self.loss = np.array([t.report().loss for t in self.trainers])
        self.epoch = 0
        """Epochs both networks have been given (a diverged one stays where it stopped)."""
        self._epochs: list[FloatArray] = []
        self._history: list[FloatArray] = []

    def configure(self, settings: TrainConfig) -> None:
        """A run keeps the config it started with (a new config is a new run)."""

    def remaining(self, settings: TrainConfig) -> int:
        """Epochs left; 0 once both networks diverged."""
        if all(t.diverged for t in self.trainers):
            return 0
        return max(0, self.config.epochs - self.epoch)

    def advance(self, epochs: int) -> None:
        """Train both networks up to `epochs` more epochs, keeping every HISTORY_STRIDE-th
        epoch's loss for the curves."""
        chunk = min(int(epochs), self.config.epochs - self.epoch)
        if chunk <= 0:
            return
        curves = []
        for index, trainer in enumerate(self.trainers):
            if not self.active[index] or trainer.diverged:
                curves.append(np.full(chunk, self.loss[index]))
                continue
            losses = trainer.advance(chunk)
            curves.append(np.concatenate((losses, np.full(chunk - losses.size, np.nan))))
        start = self.epoch
        self.epoch += chunk
        picks = np.arange(-start % HISTORY_STRIDE, chunk, HISTORY_STRIDE)
        self._epochs.append((start + picks).astype(np.float64))
        self._history.append(np.stack(curves, axis=1)[picks])

    def report(self, *, finished: bool) -> PairReport:
        """Both networks now, with the loss-curve points since the previous report."""
        epochs = np.concatenate(self._epochs) if self._epochs else np.empty(0)
        history = np.concatenate(self._history) if self._history else np.empty((0, 2))
        self._epochs, self._history = [], []
        for index, trainer in enumerate(self.trainers):
            if self.active[index]:
                self.loss[index] = trainer.report().loss
        return _pair_report(self.trainers, self.data, self.loss.copy(), epochs, history, finished)


def _pair_report(
    trainers: list[Trainer],
    data: Experiment,
    loss: FloatArray,
    epochs: FloatArray,
    history: FloatArray,
    done: bool,
) -> PairReport:
    nets = [t.network for t in trainers]
    messages = [
        f"{'ReLU' if i else 'no-ReLU'} network: {t.message}"
        for i, t in enumerate(trainers)
        if t.diverged
    ]
    return PairReport(
        epoch=max(t.epoch for t in trainers),
        loss=loss,
        history_epochs=epochs,
        history_loss=history,
        train_pred=np.stack([n.predict(data.x) for n in nets]).astype(np.float64),
        test_pred=(
            np.stack([n.predict(data.x_test) for n in nets]).astype(np.float64)
            if data.x_test.size
            else np.empty((2, 0))
        ),
        diverged=(trainers[0].diverged, trainers[1].diverged),
        message=" ".join(messages),
        done=done,
        networks=tuple(nets),
    )


@dataclass(frozen=True, eq=False)
class TrainState:
    """Mode 2: the data, the run's config, and everything reported so far.

    Attributes:
        experiment: the data; line: its closed-form least-squares line.
        config: seed and length; report: the latest PairReport (None before the first).
        history_epochs, history_loss: the loss curves so far, shapes (k,), (k, 2).
        running, paused: whether a worker is training, and whether it is held.
        rate: epochs per second over the last reports (both networks together).
    """

    experiment: Experiment
    line: Line
    config: TrainConfig
    report: PairReport | None = None
    history_epochs: FloatArray = field(default_factory=lambda: np.empty(0))
    history_loss: FloatArray = field(default_factory=lambda: np.empty((0, 2)))
    running: bool = False
    paused: bool = False
    rate: float = 0.0

    @staticmethod
    def initial(
        seed: int = 42, experiment: Experiment | None = None, epochs: int = NOTEBOOK_EPOCHS
    ) -> TrainState:
        """A state before training, on the notebook's data unless another is given."""
        data = experiment or notebook_experiment()
        return TrainState(
            data, least_squares_line(data.x, data.y), TrainConfig(seed=seed, epochs=epochs)
        )

    @property
    def epoch(self) -> int:
        """Epochs completed."""
        return 0 if self.report is None else self.report.epoch

    @property
    def fraction(self) -> float:
        """Progress, 0…1."""
        return self.epoch / self.config.epochs

    @property
    def done(self) -> bool:
        """The run has finished (all epochs, or divergence)."""
        return self.report is not None and self.report.done

    @property
    def line_mse(self) -> float:
        """MSE of the least-squares line on the training data: the no-ReLU net's floor."""
        return mse(self.line(self.experiment.x), self.experiment.y)

    def fitted_line(self) -> Line | None:
        """The line the no-ReLU network currently computes (it is affine: two points fix it)."""
        if self.report is None:
            return None
        x, pred = self.experiment.x, self.report.train_pred[0]
        slope = float((pred[-1] - pred[0]) / (x[-1] - x[0]))
        return Line(slope, float(pred[0] - slope * x[0]))

    def test_rmse(self) -> FloatArray | None:
        """RMSE on the extrapolation range of (no-ReLU, ReLU, least-squares line)."""
        if self.report is None or self.experiment.x_test.size == 0:
            return None
        y = self.experiment.y_test
        values = [mse(p, y) for p in self.report.test_pred]
        values.append(mse(self.line(self.experiment.x_test), y))
        rmse: FloatArray = np.sqrt(np.array(values))
        return rmse

    def relu_kinks(self) -> Kinks | None:
        """The ReLU network's exact kinks on the training range (None before a report)."""
        return self._relu_kinks

    @cached_property
    def _relu_kinks(self) -> Kinks | None:
        if self.report is None or len(self.report.networks) < 2:
            return None
        x = self.experiment.x
        try:
            return kinks(self.report.networks[1], float(x[0]), float(x[-1]))
        except ValueError:
            return None  # non-finite parameters: the divergence message says so

    def started(self) -> TrainState:
        """Training (again): running and not held."""
        return replace(self, running=True, paused=False)

    def pause_toggled(self) -> TrainState:
        """Held, or going on again."""
        return replace(self, paused=not self.paused)

    def with_report(self, report: PairReport, rate: float) -> TrainState:
        """Fold a report in: latest values, longer loss curves, the measured rate (a rate of
        0, nothing measured yet, keeps the last one). A held run stays held until done."""
        return replace(
            self,
            report=report,
            rate=rate if rate > 0 else self.rate,
            running=not report.done,
            paused=self.paused and not report.done,
            history_epochs=np.concatenate((self.history_epochs, report.history_epochs)),
            history_loss=np.concatenate((self.history_loss, report.history_loss)),
        )

    def restarted(self, seed: int, experiment: Experiment | None = None) -> TrainState:
        """A fresh run with another seed (and optionally other data)."""
        return TrainState.initial(seed, experiment or self.experiment, self.config.epochs)


def merged_report(reports: list[PairReport]) -> PairReport:
    """The last report, carrying the loss-curve points of all of them (a worker's reports
    since it last posted one)."""
    last = reports[-1]
    if len(reports) == 1:
        return last
    return replace(
        last,
        history_epochs=np.concatenate([r.history_epochs for r in reports]),
        history_loss=np.concatenate([r.history_loss for r in reports]),
    )


def notebook_networks(epochs: int, seed: int = 42) -> tuple[Network, Network]:
    """The seed-003 pair trained as the Approximation screen trains them: the notebook's
    init from `seed`, full-batch Adam lr 0.1 on x = 1-99, y = x**2, for `epochs` epochs.

    A network that diverges keeps its last good parameters.
    """
    config = TrainConfig(seed=seed, epochs=epochs)
    data = notebook_experiment()
    trained = []
    for net in initial_networks(config):
        trainer = Trainer(net, data.x, data.y, optimizer=Optimizer("adam", lr=config.lr))
        for _ in trainer.run(epochs, every=epochs):
            pass
        trained.append(trainer.network)
    return trained[0], trained[1]


__all__ = [
    "HISTORY_STRIDE",
    "NOTEBOOK_EPOCHS",
    "Experiment",
    "Line",
    "PairReport",
    "PairRun",
    "TrainConfig",
    "TrainState",
    "initial_networks",
    "least_squares_line",
    "merged_report",
    "mse",
    "notebook_experiment",
    "notebook_networks",
    "target_experiment",
    "train_pair",
]
