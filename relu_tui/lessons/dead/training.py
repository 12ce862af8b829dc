"""Dead neurons' training run in the shape a `TrainingRunner` lends to its worker: the
`Trainer` of the network on screen, the settings it follows, and reports with layer stats."""

from __future__ import annotations

from dataclasses import dataclass

from relu_tui.lessons.dead.dying import DeadSettings, LayerStats, layer_stats
from relu_tui.nn.network import Trainer, TrainReport


@dataclass(frozen=True, eq=False)
class RunReport:
    """The trainer's report and each hidden layer's statistics on the training inputs."""

    report: TrainReport
    stats: tuple[LayerStats, ...]


class DeadRun:
    """One network's run: trains under the latest `DeadSettings` until their epochs."""

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return self.trainer.epoch

    def configure(self, settings: DeadSettings) -> None:
        """Optimiser, batch size and penalty from the next epoch on."""
        self.trainer.configure(settings.optimizer, settings.batch_size, settings.penalty)

    def remaining(self, settings: DeadSettings) -> int:
        """Epochs left to the settings' count; 0 once the run diverged."""
        if self.trainer.diverged:
            return 0
        return max(0, settings.epochs - self.trainer.epoch)

    def advance(self, epochs: int) -> None:
        """Train `epochs` more epochs."""
        self.trainer.advance(epochs)

    def report(self, *, finished: bool) -> RunReport:
        """The trainer's report (done when `finished`) and the layer statistics."""
        report = self.trainer.report(done=finished)
        return RunReport(report, tuple(layer_stats(report.network, self.trainer.x)))
