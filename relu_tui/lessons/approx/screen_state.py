"""The Approximation screen's one state: the fit, the training run and the view in front,
with pure transitions (keys and worker reports become new states)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from relu_tui.lessons.approx.experiment import notebook_experiment, target_experiment
from relu_tui.lessons.approx.state import FitState
from relu_tui.lessons.approx.training import PairReport, TrainState
from relu_tui.lessons.lesson import View

FIT, TRAIN = "fit-view", "train-view"
"""The two views (also their CSS ids)."""
VIEW_LIST = (View(FIT, "m", "Fit"), View(TRAIN, "m", "Train"))
"""The screen's views: m opens the one not in front (the footer names it)."""


@dataclass(frozen=True, eq=False)
class ApproxState:
    """Everything on the Approximation screen.

    Attributes:
        fit: the Fit view's target, N, knot placement and interval.
        train: the Train view's data, run config and everything reported so far.
        view: FIT or TRAIN.
    """

    fit: FitState = field(default_factory=FitState.initial)
    train: TrainState = field(default_factory=TrainState.initial)
    view: str = FIT

    def with_fit(self, fit: FitState) -> ApproxState:
        """Another fit (the run goes on untouched)."""
        return replace(self, fit=fit)

    def with_view(self, view: str) -> ApproxState:
        """`view` in front; the first visit to Train starts training."""
        train = self.train
        if view == TRAIN and train.report is None and not train.running:
            train = train.started()
        return replace(self, view=view, train=train)

    def with_seed(self, seed: int) -> ApproxState:
        """A run from `seed` (not started) on the notebook's data."""
        return replace(self, train=TrainState.initial(seed))

    def with_report(self, report: PairReport, rate: float) -> ApproxState:
        """A worker's report folded into the run."""
        return replace(self, train=self.train.with_report(report, rate))

    def pause_toggled(self) -> ApproxState:
        """Hold the run, or let it go on."""
        return replace(self, train=self.train.pause_toggled())

    def restarted(self) -> ApproxState:
        """A new run with the next seed, on the same data, training at once."""
        train = self.train
        return replace(self, train=train.restarted(train.config.seed + 1).started())

    def data_toggled(self) -> tuple[ApproxState, str]:
        """Train on the Fit view's target instead of the notebook's x² (or back), as a new
        run with the same seed; also any note about the new data."""
        train = self.train
        notebook = notebook_experiment()
        if train.experiment.name == notebook.name:
            experiment = target_experiment(self.fit.target)
        else:
            experiment = notebook
        new = train.restarted(train.config.seed, experiment).started()
        return replace(self, train=new), experiment.note
