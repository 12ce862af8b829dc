"""The Dead neurons screen's state: settings, the intro neuron, the view, the run on screen,
the experiment and the analyses, as one frozen value with pure transitions.

The screen keeps one `DeadState` and redraws from it. A transition never trains: it says
what the training worker should do next. A setting in `LIVE_SETTINGS` keeps the run (the
worker reads the new settings between chunks); any other setting starts a fresh run, which
shows as a new `run.generation`. Reports from an older generation are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from relu_tui.base.params import params_by_name
from relu_tui.lessons.dead.dying import (
    SEED_WEIGHTS,
    DeadSettings,
    ExperimentProgress,
    LayerStats,
    RunHistory,
    layer_stats,
)
from relu_tui.lessons.dead.vanishing import BornDead, GradientNorms
from relu_tui.lessons.lesson import View
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.network import Network, TrainReport

__all__ = ["LIVE_SETTINGS", "VIEWS", "DeadState", "ExperimentState", "RunSnapshot"]

VIEW_LIST = (
    View("neuron", "", "Neuron"),
    View("train", "", "Train"),
    View("units", "", "Units"),
    View("maps", "", "Unit maps", short="Maps"),
    View("weights", "", "Weights", short="Wts"),
    View("regions", "", "Regions", short="Regs"),
    View("vanishing", "", "Vanishing", short="Vanish"),
    View("born", "", "Born dead", short="Born"),
    View("experiment", "", "Experiment", short="Exp"),
)
"""The screen's views, in the order v cycles them (no key of their own)."""
VIEWS = tuple(view.name for view in VIEW_LIST)
"""The screen's views, in the order `v` cycles them."""

RUN_VIEWS = ("train", "units", "maps", "weights", "regions")
"""Views that show the run; starting a run from another view brings the first forward."""

LIVE_SETTINGS = frozenset({"lr", "optimizer", "batch", "epochs"})
"""Settings that apply to the run in progress; every other one starts a fresh run."""


@dataclass(frozen=True, eq=False)
class RunSnapshot:
    """The run on screen: its latest report, history, unit statistics and speed.

    Attributes:
        report: the latest report (the last good parameters when diverged).
        history: reports so far, for the curves.
        stats: per-layer statistics of `report.network` on the dataset.
        running: a worker is training it.
        epochs_per_second: measured by the worker over its chunks (0 before any).
        generation: counts fresh runs; a report for another generation is stale.
    """

    report: TrainReport
    history: RunHistory
    stats: tuple[LayerStats, ...]
    running: bool = False
    epochs_per_second: float = 0.0
    generation: int = 0

    @classmethod
    def fresh(cls, settings: DeadSettings, dataset: Dataset, generation: int = 0) -> RunSnapshot:
        """Epoch 0 of a run of `settings`: a network drawn from the seed, before training."""
        trainer = settings.trainer(dataset)
        report = trainer.report()
        history = RunHistory.empty(len(report.dead_fraction)).add(report)
        return cls(
            report, history, tuple(layer_stats(report.network, trainer.x)), generation=generation
        )

    @property
    def network(self) -> Network:
        """The parameters on screen."""
        return self.report.network

    def with_report(
        self,
        report: TrainReport,
        stats: tuple[LayerStats, ...],
        epochs_per_second: float = 0.0,
        *,
        running: bool | None = None,
    ) -> RunSnapshot:
        """This run after `report` (with its unit statistics)."""
        return replace(
            self,
            report=report,
            history=self.history.add(report),
            stats=stats,
            running=self.running if running is None else running,
            epochs_per_second=epochs_per_second or self.epochs_per_second,
        )


@dataclass(frozen=True, eq=False)
class ExperimentState:
    """The 10-seed experiment: its progress so far and whether it is running.

    Attributes:
        progress: the rows so far (None before the first report).
        running: a worker is running it.
        settings: the settings it runs with (the panel may have moved on since).
    """

    progress: ExperimentProgress | None = None
    running: bool = False
    settings: DeadSettings | None = None


def _default_settings() -> DeadSettings:
    return DeadSettings()


@dataclass(frozen=True, eq=False)
class DeadState:
    """Everything the Dead neurons screen shows, as one value."""

    settings: DeadSettings = field(default_factory=_default_settings)
    weights: tuple[float, ...] = SEED_WEIGHTS
    """The intro neuron's weights."""
    view: str = "neuron"
    layer: int = 0
    """The hidden layer the Units view's histogram (and the Maps and Regions views) show."""
    unit: int = 0
    """The unit the Maps view draws large."""
    weight_cell: tuple[int, int] = (0, 0)
    """The Weights view's selected cell of layer `layer`: (unit, input); the bias is the
    input after the last (kept as moved; drawing clamps it to the layer's shape)."""
    region_counts: tuple[tuple[int, int], ...] = ()
    """(epoch, exact region count) of this run, as the Regions view measured them."""
    dataset: Dataset | None = None
    """The settings' dataset (drawn once per dataset name)."""
    run: RunSnapshot | None = None
    experiment: ExperimentState = field(default_factory=ExperimentState)
    norms: GradientNorms | None = None
    born: BornDead | None = None
    message: str = ""
    """One status line: what the last action did, or why it could not."""

    def __post_init__(self) -> None:
        if self.dataset is None or self.dataset.name != self.settings.dataset_name:
            object.__setattr__(self, "dataset", self.settings.dataset())
        if self.run is None:
            object.__setattr__(self, "run", RunSnapshot.fresh(self.settings, self.data))

    # ------------------------------------------------------------------ reading

    @property
    def data(self) -> Dataset:
        """The dataset (never None once constructed)."""
        assert self.dataset is not None
        return self.dataset

    @property
    def snapshot(self) -> RunSnapshot:
        """The run (never None once constructed)."""
        assert self.run is not None
        return self.run

    @property
    def running(self) -> bool:
        return self.snapshot.running

    @property
    def at_limit(self) -> bool:
        """The run has trained as many epochs as the settings ask for."""
        return self.snapshot.report.epoch >= self.settings.epochs

    @property
    def phase(self) -> str:
        """diverged, running, done, paused or ready."""
        report = self.snapshot.report
        if report.diverged:
            return "diverged"
        if self.running:
            return "running"
        if self.at_limit:
            return "done"
        return "paused" if report.epoch else "ready"

    # ------------------------------------------------------------------ settings

    def with_setting(self, name: str, value: float) -> DeadState:
        """One control changed. A live setting keeps the run; the others start a fresh one
        (so does a new rate or optimiser after a divergence: the last good parameters of a
        diverged run blow up again under any rate)."""
        settings = self.settings.with_param(name, value)
        if settings == self.settings:
            return self
        label = params_by_name(settings.params)[name].label
        report = self.snapshot.report
        if name in LIVE_SETTINGS and not (report.diverged and name in ("lr", "optimizer")):
            if name == "epochs" and self.running and report.epoch >= settings.epochs:
                note = f"stops: already at {report.epoch} epochs"
            else:
                note = f"{label} applies from the next update"
            return replace(self, settings=settings, message=note)
        if report.diverged and name in ("lr", "optimizer"):
            note = (
                f"fresh run with {settings.optimizer_name} lr {settings.lr:.3g} "
                "(the diverged run is discarded)"
            )
        else:
            note = f"{label} changed: a fresh run"
        return self._fresh(settings, note)

    def _fresh(
        self, settings: DeadSettings, note: str, *, running: bool | None = None
    ) -> DeadState:
        same = settings.data_key() == self.settings.data_key()
        data = self.data if same else settings.dataset()
        run = RunSnapshot.fresh(settings, data, self.snapshot.generation + 1)
        keep = self.running if running is None else running
        return replace(
            self,
            settings=settings,
            dataset=data,
            run=replace(run, running=keep),
            layer=min(self.layer, settings.depth - 1),
            unit=min(self.unit, settings.width - 1),
            region_counts=(),
            message=note,
        )

    def with_settings(self, settings: DeadSettings, note: str = "") -> DeadState:
        """All settings at once (launch options): a fresh run, stopped."""
        return self._fresh(settings, note, running=False)

    def with_map_option(self, name: str) -> DeadState:
        """The output map's option `name` ("discretize" or "show_test") switched; the run
        goes on as it was."""
        settings = self.settings.with_toggled(name)
        if name == "discretize":
            note = "map: output " + ("thresholded (z: shaded)" if settings.discretize else "shaded")
        else:
            note = "map: held-out samples " + ("shown" if settings.show_test else "hidden")
        return replace(self, settings=settings, message=note)

    def restarted(self) -> DeadState:
        """The same settings from epoch 0 (a fresh run, stopped)."""
        return self._fresh(self.settings, "a fresh run", running=False)

    # ------------------------------------------------------------------ run

    def started(self) -> DeadState:
        """Start training, or say why it cannot (diverged, already at the epoch limit)."""
        report = self.snapshot.report
        if self.running:
            return self
        if report.diverged:
            return replace(
                self,
                message=report.message + " Change the learning rate for a fresh run, or press r.",
            )
        if self.at_limit:
            return replace(
                self,
                message=f"Already at {report.epoch} epochs: raise epochs in the panel, or press r",
            )
        view = self.view if self.view in RUN_VIEWS else RUN_VIEWS[0]
        return replace(
            self,
            run=replace(self.snapshot, running=True),
            view=view,
            message="",
            experiment=self._experiment_stopped(),
        )

    def paused(self, note: str = "paused") -> DeadState:
        """Stop training where it is."""
        if not self.running:
            return self
        return replace(self, run=replace(self.snapshot, running=False), message=note)

    def with_report(
        self,
        generation: int,
        report: TrainReport,
        stats: tuple[LayerStats, ...],
        epochs_per_second: float,
        finished: bool,
    ) -> DeadState:
        """A report from the training worker; one from an older run changes nothing."""
        if generation != self.snapshot.generation:
            return self
        running = self.running and not finished
        run = self.snapshot.with_report(report, stats, epochs_per_second, running=running)
        note = self.message
        if report.diverged:
            note = report.message
        elif finished:
            note = "done: raise epochs to go on; r restarts"
        return replace(self, run=run, message=note)

    def stepped(self, report: TrainReport, stats: tuple[LayerStats, ...]) -> DeadState:
        """One epoch trained while paused (`s`): the run view comes forward."""
        view = self.view if self.view in RUN_VIEWS else RUN_VIEWS[0]
        note = report.message if report.diverged else f"stepped to epoch {report.epoch}"
        return replace(
            self,
            run=self.snapshot.with_report(report, stats, running=False),
            view=view,
            message=note,
        )

    # ------------------------------------------------------------------ views

    def with_view(self, view: str) -> DeadState:
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
        return replace(self, view=view)

    def next_view(self, delta: int = 1) -> DeadState:
        return self.with_view(VIEWS[(VIEWS.index(self.view) + delta) % len(VIEWS)])

    def with_layer(self, delta: int) -> DeadState:
        """Move the Units view's layer, wrapping (the Maps view's unit stays in range); the
        Weights view also reaches the output layer (`layer` = depth: the other views show
        the last hidden layer then)."""
        layers = len(self.snapshot.stats) + (self.view == "weights")
        layer = (min(self.layer, layers - 1) + delta) % layers
        if layer >= len(self.snapshot.stats):
            return replace(self, layer=layer)
        width = len(self.snapshot.stats[layer].dead)
        return replace(self, layer=layer, unit=min(self.unit, width - 1))

    def with_unit(self, delta: int) -> DeadState:
        """Move the Maps view's unit within its layer, wrapping."""
        width = len(self.snapshot.stats[min(self.layer, len(self.snapshot.stats) - 1)].dead)
        return replace(self, unit=(self.unit + delta) % width)

    def with_weight_cell(self, unit: int, source: int) -> DeadState:
        """The Weights view's cursor on weight (`unit`, `source`) of the chosen layer."""
        return replace(self, weight_cell=(max(0, unit), max(0, source)))

    def edited(self, report: TrainReport, stats: tuple[LayerStats, ...], note: str) -> DeadState:
        """The run's parameters edited while paused (the Weights view): the same run and
        epoch, a new report on the edited network."""
        return replace(self, run=replace(self.snapshot, report=report, stats=stats), message=note)

    def with_region_count(self, generation: int, epoch: int, count: int) -> DeadState:
        """The Regions view counted `count` regions at `epoch` (kept once per epoch; a count
        for an older run is dropped)."""
        if generation != self.snapshot.generation:
            return self
        if self.region_counts and self.region_counts[-1][0] == epoch:
            return self
        history = tuple(p for p in self.region_counts if p[0] < epoch)
        return replace(self, region_counts=(*history, (epoch, count))[-400:])

    def with_weight(self, name: str, value: float) -> DeadState:
        """The intro neuron with weight `name` ("w1", "w2", ...) set."""
        index = int(name[1:]) - 1
        weights = list(self.weights)
        weights[index] = float(value)
        return replace(self, weights=tuple(weights))

    # ------------------------------------------------------------------ experiment, analyses

    def experiment_started(self) -> DeadState:
        """Start the 10-seed experiment (pausing a run in progress)."""
        state = self.paused("paused for the experiment")
        return replace(
            state, view="experiment", experiment=ExperimentState(None, True, self.settings)
        )

    def _experiment_stopped(self) -> ExperimentState:
        return replace(self.experiment, running=False)

    def experiment_stopped(self, note: str = "experiment stopped") -> DeadState:
        if not self.experiment.running:
            return self
        return replace(self, experiment=self._experiment_stopped(), message=note)

    def experiment_progressed(self, progress: ExperimentProgress) -> DeadState:
        """A report from the experiment worker (ignored once stopped)."""
        if not self.experiment.running:
            return self
        finished = progress.done == progress.total
        state = replace(
            self, experiment=replace(self.experiment, progress=progress, running=not finished)
        )
        return replace(state, message="experiment finished") if finished else state

    def with_analysis(
        self, norms: GradientNorms | None = None, born: BornDead | None = None
    ) -> DeadState:
        return replace(self, norms=norms or self.norms, born=born or self.born)

    @property
    def analysis_needed(self) -> str | None:
        """ "vanishing" or "born" when the view in front waits for its analysis."""
        if self.view == "vanishing" and self.norms is None:
            return "vanishing"
        if self.view == "born" and self.born is None:
            return "born"
        return None

    def reset(self) -> DeadState:
        """Default settings, the seed's neuron, a fresh stopped run; the view and the
        analyses (which do not depend on the settings) stay."""
        fresh = DeadState(
            view=self.view, norms=self.norms, born=self.born, message="reset to the defaults"
        )
        return replace(fresh, run=replace(fresh.snapshot, generation=self.snapshot.generation + 1))
