"""Dead neurons screen: watch ReLU units die while a small network trains, and why."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from relu_tui.core.datasets import Dataset
from relu_tui.core.dying import (
    SEED_INPUTS,
    SEED_WEIGHTS,
    BornDead,
    DeadSettings,
    ExperimentProgress,
    GradientNorms,
    LayerStats,
    RunHistory,
    born_dead,
    experiment,
    gradient_norms,
    layer_stats,
    single_neuron,
)
from relu_tui.core.fmt import fmt
from relu_tui.core.network import Trainer, TrainReport
from relu_tui.core.params import Param
from relu_tui.plotting import figures_dead as figures
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

VIEWS = ("neuron", "train", "units", "vanishing", "born", "experiment")
VIEW_TITLES = {"neuron": "Neuron", "train": "Train", "units": "Units",
               "vanishing": "Vanishing", "born": "Born dead", "experiment": "Experiment"}
VIEW_SHORT = {"neuron": "Neuron", "train": "Train", "units": "Units", "vanishing": "Vanish",
              "born": "Born", "experiment": "Exp"}
LIVE = {"lr", "optimizer", "epochs", "batch"}
"""Controls that apply to the run in progress; the others start a fresh run."""
REPORT_SECONDS = 0.2
"""The worker reports about this often (it sizes its chunks of epochs to match)."""

_STYLES = {"dead": "bold red", "fire": "green", "label": "", "c0": "blue", "c1": "dark_orange",
           "p0": "bold blue", "p1": "bold dark_orange", "": ""}


def _neuron_params(weights: tuple[float, ...] = SEED_WEIGHTS) -> tuple[Param, ...]:
    return tuple(Param(f"w{i + 1}", f"w{i + 1}", w, step=0.5, low=-10.0, high=10.0,
                       help=f"weight on input {i + 1} (x{i + 1} = 1)")
                 for i, w in enumerate(weights))


@dataclass(frozen=True, eq=False)
class RunState:
    """The run on screen: its latest report, history and speed.

    Attributes:
        report: the latest report (the last good parameters when diverged).
        history: reports so far, for the curves.
        stats: per-layer statistics of `report.network` on the dataset.
        running: a worker is training.
        epochs_per_second: measured by the worker over its last chunk (0 before any).
    """

    report: TrainReport
    history: RunHistory
    stats: tuple[LayerStats, ...]
    running: bool = False
    epochs_per_second: float = 0.0


class RowsView(Widget):
    """Draws rows of coloured runs (unit grid, decision map) from a builder called at its size."""

    DEFAULT_CSS = "RowsView { width: 1fr; height: 1fr; }"

    builder: reactive[Callable[[int, int], list[figures.Row]] | None] = reactive(None)
    """(width, height) -> rows; None draws nothing."""

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many lines as the builder makes at this width (for `height: auto`)."""
        return len(self.builder(width, 1000)) if self.builder is not None else 0

    def render(self) -> RenderResult:
        if self.builder is None:
            return ""
        width, height = self.content_size
        if width < 4 or height < 2:
            return ""
        color = not self.app.no_color
        text = Text(no_wrap=True, overflow="crop", end="")
        for index, row in enumerate(self.builder(width, height)[:height]):
            if index:
                text.append("\n")
            for run in row:
                text.append(run.text, style=_STYLES.get(run.kind, "") if color else "")
        return text


class TextView(Widget):
    """A block of text that repaints without re-laying out the screen (Static.update does)."""

    DEFAULT_CSS = "TextView { width: 1fr; height: 1fr; }"

    text: reactive[Text] = reactive(Text, always_update=True)
    """What to show."""

    def render(self) -> RenderResult:
        return self.text


class DeadScreen(LessonScreen):
    """Train a small network and watch ReLU units die; Leaky ReLU, He init and small steps help."""

    TITLE = "Dead neurons"
    HELP = (
        "A ReLU unit is dead when its pre-activation z = w·x + b is <= 0 for every sample: "
        "its output is 0 and its gradient is 0 for all of them, so no update can revive it "
        "('ReLU Explained': weights -5, -3, -2 on inputs 1, 1, 1 give z = -10). The Neuron "
        "view lets you edit those weights.\n\n"
        "space starts or pauses training, s trains one epoch, v cycles the views (one neuron, "
        "training, units, vanishing gradients, born dead, experiment), [ and ] pick the layer "
        "whose pre-activations the Units view shows. The left panel sets activation, learning "
        "rate (log steps from 1e-4 to 10), optimiser, initialisation, bias init, depth, "
        "width, dataset, batch size, epochs and seed: learning rate, optimiser, batch size "
        "and epochs apply to the run in progress, the others start a fresh run. tab moves "
        "between panels.\n\n"
        "e runs an experiment: the current settings over 10 seeds against a reference (He "
        "init, Adam, lr 1e-3), mean ± sd of the final dead fraction. A run whose loss becomes "
        "nan or inf stops and keeps its last good parameters. r resets everything."
    )
    BINDINGS = [
        Binding("space", "toggle_run", "Run"),
        Binding("s", "step", "Step"),
        Binding("e", "experiment", "Exp"),
        Binding("v", "next_view", "View"),
        Binding("V", "next_view(-1)", "Previous view", show=False),
        Binding("right_square_bracket", "layer(1)", "Next layer", show=False),
        Binding("left_square_bracket", "layer(-1)", "Previous layer", show=False),
    ]
    """Screen keys; r (reset) and ? (help) come from LessonScreen."""

    CLOCK: Callable[[], float] = staticmethod(time.perf_counter)
    """Times the worker's chunks for epochs/s (tests inject a fake one)."""

    settings: var[DeadSettings] = var(DeadSettings, always_update=True)
    """Everything the controls set."""

    weights: var[tuple[float, ...]] = var(SEED_WEIGHTS)
    """The intro neuron's weights."""

    view: var[str] = var("neuron")
    """The view in front."""

    hist_layer: var[int] = var(0)
    """The hidden layer the Units view's histogram shows."""

    @dataclass
    class Progressed(Message):
        """The training worker finished a chunk of epochs."""

        token: int
        report: TrainReport
        epochs_per_second: float
        finished: bool

    @dataclass
    class ExperimentProgressed(Message):
        """The experiment worker finished one run."""

        progress: ExperimentProgress

    @dataclass
    class AnalysisDone(Message):
        """Vanishing-gradient norms or born-dead fractions are ready."""

        norms: GradientNorms | None = None
        born: BornDead | None = None

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._token = 0
        self._dataset: Dataset = self.settings.dataset()
        self._trainer: Trainer = self.settings.trainer(self._dataset)
        self.run_state = self._fresh_run()
        self.exp_progress: ExperimentProgress | None = None
        self.exp_running = False
        self.norms: GradientNorms | None = None
        self.born: BornDead | None = None
        self.status_message = ""

    # ------------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dead-main"):
            with Vertical(id="dead-side"):
                yield ParamPanel(self.settings.params, title="Settings", id="dead-params",
                                 apply=self._apply_setting)
                yield TextView(id="dead-status")
            with Vertical(id="dead-views"):
                yield Static(id="dead-view-bar", markup=False)
                with ContentSwitcher(initial="neuron", id="dead-switcher"):
                    with Vertical(id="neuron"):
                        yield Static(id="neuron-intro", markup=False)
                        yield ParamPanel(_neuron_params(), title="Weights", id="neuron-params",
                                         apply=self._apply_weight)
                        yield Static(id="neuron-result", markup=False)
                    with Vertical(id="train"):
                        yield RowsView(id="output-map")
                        yield PlotView(id="output-plot")
                        with Horizontal(id="train-lower"):
                            yield PlotView(id="dead-plot")
                            yield PlotView(id="loss-plot")
                    with Vertical(id="units"):
                        yield RowsView(id="unit-grid")
                        yield PlotView(id="hist-plot")
                    with Vertical(id="vanishing"):
                        yield PlotView(id="vanish-plot")
                        yield Static(id="vanish-note", markup=False)
                    with Vertical(id="born"):
                        yield PlotView(id="born-plot")
                        yield Static(id="born-note", markup=False)
                    with Vertical(id="experiment"):
                        yield Static(id="exp-table", markup=False)
                        yield Static(id="exp-note", markup=False)

    def on_mount(self) -> None:
        options = self.app.launch_options
        if options.seed is not None:
            self.settings = self.settings.with_param("seed", float(options.seed))
            self._new_trainer()
        self._show_all()
        self.query_one("#neuron-params", ParamPanel).focus()

    # ------------------------------------------------------------------ run bookkeeping

    def _fresh_run(self) -> RunState:
        report = self._trainer.report()
        history = RunHistory.empty(len(report.dead_fraction)).add(report)
        return RunState(report, history, tuple(layer_stats(report.network, self._dataset.x)))

    def _new_trainer(self) -> None:
        """A fresh run from the current settings: new data, network and optimiser state."""
        self._token += 1
        self.workers.cancel_group(self, "training")
        self._dataset = self.settings.dataset()
        self._trainer = self.settings.trainer(self._dataset)
        self.run_state = self._fresh_run()
        self.hist_layer = min(self.hist_layer, self.settings.depth - 1)

    @work(thread=True, exclusive=True, group="training")
    def _train(self, trainer: Trainer, token: int, target: int) -> None:
        """Train until `target` epochs, a divergence or a cancel; report ~10 times a second."""
        worker = get_current_worker()
        clock = self.CLOCK
        chunk = 1
        began, first_epoch = clock(), trainer.epoch
        while not worker.is_cancelled:
            remaining = target - trainer.epoch
            if remaining <= 0 or trainer.diverged:
                return
            size = min(chunk, remaining)
            start = clock()
            report = None
            for report in trainer.run(size, every=size):  # noqa: B007
                pass
            if report is None:
                return
            now = clock()
            took, elapsed = now - start, now - began
            speed = (trainer.epoch - first_epoch) / elapsed if elapsed > 0 else 0.0
            finished = report.diverged or trainer.epoch >= target
            self.post_message(self.Progressed(token, report, speed, finished))
            if finished:
                return
            # size the next chunk so reports come about every REPORT_SECONDS
            chunk = (max(1, min(100_000, int(size * REPORT_SECONDS / took))) if took > 0
                     else 2 * size)

    @on(Progressed)
    def _fold_report(self, event: Progressed) -> None:
        if event.token != self._token:
            return  # a report from a run that has since been replaced
        report = event.report
        running = self.run_state.running and not event.finished
        self.run_state = RunState(report, self.run_state.history.add(report),
                                  tuple(layer_stats(report.network, self._dataset.x)),
                                  running, event.epochs_per_second or
                                  self.run_state.epochs_per_second)
        if report.diverged:
            self.status_message = report.message
            self.notify_error("Training diverged: the last good parameters are kept "
                              "(see the status panel)")
        elif event.finished:
            self.status_message = "done: raise epochs to go on; r restarts"
        self._show_run()
        if not running:
            self.refresh_bindings()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and self.run_state.running:
            return None
        if action == "layer" and self.view != "units":
            return None
        return True

    def action_toggle_run(self) -> None:
        """Start, or pause, training."""
        if self.run_state.running:
            self._pause("paused")
            return
        report = self.run_state.report
        if report.diverged:
            self.status_message = (report.message + " Change the learning rate for a fresh "
                                   "run, or press r.")
            self._show_status()
            self.notify_error("The run diverged: lower the learning rate, or press r")
            return
        if self._trainer.epoch >= self.settings.epochs:
            self.status_message = (f"Already at {self._trainer.epoch} epochs: raise epochs "
                                   "in the panel, or press r")
            self._show_status()
            return
        if self.exp_running:
            self._stop_experiment("experiment stopped to train")
        if self.view in ("neuron", "vanishing", "born", "experiment"):
            self.view = "train"
        self.run_state = replace(self.run_state, running=True)
        self.status_message = ""
        self._train(self._trainer, self._token, self.settings.epochs)
        self._show_status()
        self.refresh_bindings()

    def _pause(self, note: str) -> None:
        self._token += 1  # reports already on their way are dropped
        self.workers.cancel_group(self, "training")
        self.run_state = replace(self.run_state, running=False)
        self.status_message = note
        self._show_status()
        self.refresh_bindings()

    def action_step(self) -> None:
        """Train exactly one epoch (while paused)."""
        if self.run_state.running:
            return
        if self.run_state.report.diverged:
            self.action_toggle_run()  # says why it cannot go on
            return
        report = None
        for report in self._trainer.run(1, every=1):  # noqa: B007
            pass
        if report is None:
            return
        if self.view in ("neuron", "vanishing", "born", "experiment"):
            self.view = "train"
        self.run_state = RunState(report, self.run_state.history.add(report),
                                  tuple(layer_stats(report.network, self._dataset.x)),
                                  False, self.run_state.epochs_per_second)
        self.status_message = (report.message if report.diverged
                               else f"stepped to epoch {report.epoch}")
        self._show_run()

    def action_next_view(self, delta: int = 1) -> None:
        """Cycle the views."""
        self.view = VIEWS[(VIEWS.index(self.view) + delta) % len(VIEWS)]

    def action_layer(self, delta: int) -> None:
        """Pick the layer whose pre-activations are shown."""
        self.hist_layer = (self.hist_layer + delta) % len(self.run_state.stats)

    def action_experiment(self) -> None:
        """Run (or stop) the 10-seed experiment with the current settings."""
        if self.exp_running:
            self._stop_experiment("experiment stopped")
            return
        if self.run_state.running:
            self._pause("paused for the experiment")
        self.exp_running = True
        self.exp_progress = None
        self.view = "experiment"
        self._run_experiment(self.settings)
        self._show_experiment()
        self._show_status()

    def _stop_experiment(self, note: str) -> None:
        self.workers.cancel_group(self, "experiment")
        self.exp_running = False
        self.status_message = note
        self._show_experiment()
        self._show_status()

    @work(thread=True, exclusive=True, group="experiment")
    def _run_experiment(self, settings: DeadSettings) -> None:
        worker = get_current_worker()
        for progress in experiment(settings, seeds=10):
            if worker.is_cancelled:
                return
            self.post_message(self.ExperimentProgressed(progress))

    @on(ExperimentProgressed)
    def _fold_experiment(self, event: ExperimentProgressed) -> None:
        if not self.exp_running:
            return
        self.exp_progress = event.progress
        if event.progress.done == event.progress.total:
            self.exp_running = False
            self.status_message = "experiment finished"
        self._show_experiment()
        self._show_status()

    @work(thread=True, exclusive=True, group="analysis")
    def _analyse(self, which: str) -> None:
        rng = np.random.default_rng(self.settings.seed)
        if which == "vanishing":
            self.post_message(self.AnalysisDone(norms=gradient_norms(rng, depth=50)))
        else:
            self.post_message(self.AnalysisDone(born=born_dead(rng)))

    @on(AnalysisDone)
    def _fold_analysis(self, event: AnalysisDone) -> None:
        if event.norms is not None:
            self.norms = event.norms
        if event.born is not None:
            self.born = event.born
        self._show_view()

    def action_reset(self) -> None:
        """Default settings, the seed's neuron, a fresh run."""
        if self.exp_running:
            self._stop_experiment("")
        self.settings = DeadSettings()
        self.weights = SEED_WEIGHTS
        self.query_one("#neuron-params", ParamPanel).params = _neuron_params()
        self._new_trainer()
        self.status_message = "reset to the defaults"
        self._show_all()

    # ------------------------------------------------------------------ controls

    def _apply_setting(self, event: ParamPanel.Changed) -> None:
        event.stop()
        old = self.settings
        self.settings = old.with_param(event.name, event.value)
        new = self.settings
        if event.name in LIVE:
            self._trainer.set_optimizer(new.optimizer)
            self._trainer.set_batch_size(new.batch_size)
            if self.run_state.report.diverged and event.name in ("lr", "optimizer"):
                # the last good parameters of a diverged run have an enormous loss: any
                # rate blows up again from there, so a new rate gets a fresh start
                self._new_trainer()
                self.status_message = (f"fresh run with {new.optimizer_name} lr {new.lr:.3g} "
                                       "(the diverged run is discarded)")
            elif event.name == "epochs" and self.run_state.running and \
                    self._trainer.epoch >= new.epochs:
                self._pause(f"stopped: already at {self._trainer.epoch} epochs")
            elif event.name == "epochs" and self.run_state.running:
                self._token += 1
                self._train(self._trainer, self._token, new.epochs)
            else:
                self.status_message = f"{event.name} applies from the next update"
            self._show_all()
            return
        was_running = self.run_state.running
        self._new_trainer()
        self.status_message = f"{event.name} changed: a fresh run"
        if was_running:
            self.run_state = replace(self.run_state, running=True)
            self._train(self._trainer, self._token, new.epochs)
        self._show_all()

    def _apply_weight(self, event: ParamPanel.Changed) -> None:
        event.stop()
        index = int(event.name[1:]) - 1
        weights = list(self.weights)
        weights[index] = event.value
        self.weights = tuple(weights)
        self.query_one("#neuron-params", ParamPanel).params = _neuron_params(self.weights)

    def watch_settings(self) -> None:
        if self.is_mounted:
            self.query_one("#dead-params", ParamPanel).params = self.settings.params

    def watch_weights(self) -> None:
        if self.is_mounted:
            self._show_neuron()

    def watch_view(self) -> None:
        if self.is_mounted:
            self._show_view()
            focus = "#neuron-params" if self.view == "neuron" else "#dead-params"
            self.query_one(focus).focus()
            self.refresh_bindings()

    def watch_hist_layer(self) -> None:
        if self.is_mounted and self.view == "units":
            self._show_units()

    # ------------------------------------------------------------------ drawing

    @property
    def _ascii(self) -> bool:
        return bool(getattr(self.app, "ascii_only", False))

    def _show_all(self) -> None:
        self._show_view()
        self._show_status()

    def _show_run(self) -> None:
        if self.view in ("train", "units"):
            self._show_view()
        self._show_status()

    def _show_view(self) -> None:
        bar = Text(no_wrap=True, overflow="crop", end="")
        for index, name in enumerate(VIEWS):
            if index:
                bar.append(" ")
            if name == self.view:
                bar.append(f"[{VIEW_TITLES[name]}]", style="bold reverse")
            else:
                bar.append(VIEW_SHORT[name], style="dim")
        self.query_one("#dead-view-bar", Static).update(bar)
        switcher = self.query_one("#dead-switcher", ContentSwitcher)
        if switcher.current != self.view:
            switcher.current = self.view
        {"neuron": self._show_neuron, "train": self._show_train, "units": self._show_units,
         "vanishing": self._show_vanishing, "born": self._show_born,
         "experiment": self._show_experiment}[self.view]()

    def _show_neuron(self) -> None:
        result = single_neuron(self.weights, SEED_INPUTS)
        self.query_one("#neuron-intro", Static).update(
            "A dead neuron ('ReLU Explained'): weights -5, -3, -2 on inputs 1, 1, 1. "
            "It outputs 0 for every input, its gradient is 0, so it never learns. "
            "Edit the weights (tab, arrows, enter) to revive it. In training, large "
            "learning rates push units here; smaller steps, He init and Leaky ReLU help. "
            "Press space to train, v for the other views.")
        text = Text(figures.neuron_text(self.weights, SEED_INPUTS, result,
                                        ascii_only=self._ascii))
        if result.dead:
            text.stylize("bold red" if not self.app.no_color else "bold", text.plain.rfind("DEAD"))
        self.query_one("#neuron-result", Static).update(text)

    def _show_train(self) -> None:
        run, data = self.run_state, self._dataset
        network = run.report.network
        classify = data.task == "classification"
        output_map = self.query_one("#output-map", RowsView)
        output_plot = self.query_one("#output-plot", PlotView)
        if output_map.display != classify:  # setting display always re-lays out the screen
            output_map.display = classify
            output_plot.display = not classify
        if classify:
            ascii_only = self._ascii
            output_map.builder = lambda w, h: figures.decision_map(data, network, w, h,
                                                                   ascii_only=ascii_only)
        else:
            output_plot.spec = figures.regression_figure(data, network)
        self.query_one("#dead-plot", PlotView).spec = figures.dead_figure(run.history)
        self.query_one("#loss-plot", PlotView).spec = figures.loss_figure(run.history)

    def _show_units(self) -> None:
        stats = list(self.run_state.stats)
        layer = min(self.hist_layer, len(stats) - 1)
        ascii_only = self._ascii
        self.query_one("#unit-grid", RowsView).builder = (
            lambda w, h: figures.unit_grid(stats, w, ascii_only=ascii_only, selected=layer))
        self.query_one("#hist-plot", PlotView).spec = figures.histogram_figure(stats[layer], layer)

    def _show_vanishing(self) -> None:
        note = self.query_one("#vanish-note", Static)
        if self.norms is None:
            note.update("computing gradient norms for 50-layer networks ...")
            self._analyse("vanishing")
            return
        self.query_one("#vanish-plot", PlotView).spec = figures.vanishing_figure(self.norms)
        ratios = ", ".join(f"{name} ×{fmt(1 / self.norms.ratio(name), 3)}"
                           for name in self.norms.norms)
        note.update("At initialisation, 50 layers of width 32: how much of the gradient "
                    f"reaches layer 1 compared with layer 50: {ratios}. Sigmoid's slope is at "
                    "most 0.25, so it shrinks layer after layer; ReLU passes 1 where z > 0.")

    def _show_born(self) -> None:
        note = self.query_one("#born-note", Static)
        if self.born is None:
            note.update("sampling narrow ReLU networks (400 seeds per width) ...")
            self._analyse("born")
            return
        self.query_one("#born-plot", PlotView).spec = figures.born_dead_figure(self.born)
        at = {w: self.born.fraction[w] for w in self.born.fraction}
        parts = ", ".join(f"width {w}: {fmt(100 * v[9], 3)}% at depth 10, "
                          f"{fmt(100 * v[-1], 3)}% at 50" for w, v in at.items() if w in (2, 4, 10))
        note.update("He-initialised ReLU nets on [-1, 1]: the share born dead (constant output "
                    f"before any training). {parts}.")

    def _show_experiment(self) -> None:
        table = self.query_one("#exp-table", Static)
        note = self.query_one("#exp-note", Static)
        if self.exp_progress is None:
            table.update("e: train the current settings over 10 seeds and compare the final "
                         "dead fraction with the reference (He init, Adam, lr 1e-3)."
                         + ("\n\nstarting ..." if self.exp_running else ""))
            note.update("")
            return
        progress = self.exp_progress
        table.update(figures.experiment_table(progress, ascii_only=self._ascii))
        bar = figures.progress_bar(progress.done, progress.total, 30, ascii_only=self._ascii)
        state = "running (e stops)" if self.exp_running else (
            "done" if progress.done == progress.total else "stopped")
        note.update(f"{bar} runs, {state}. Each run: {self.settings.epochs} epochs on "
                    f"{self._dataset.label}; dead = z <= 0 on every sample at the end.")

    def _show_status(self) -> None:
        run = self.run_state
        report = run.report
        text = Text()
        if report.diverged:
            state = "diverged"
        elif run.running:
            state = "running"
        elif report.epoch >= self.settings.epochs:
            state = "done"
        else:
            state = "paused" if report.epoch else "ready"
        text.append(f"{state}: epoch {report.epoch}/{self.settings.epochs}\n", style="bold")
        speed = f"{run.epochs_per_second:,.0f}" if run.epochs_per_second else "-"
        text.append(f"{speed} epochs/s   loss {fmt(report.loss)}\n")
        dead = " ".join(f"{100 * d:.0f}%" for d in report.dead_fraction)
        text.append(f"dead by layer: {dead}\n")
        done = min(report.epoch, self.settings.epochs)
        text.append(figures.progress_bar(done, self.settings.epochs, 16, ascii_only=self._ascii))
        if self.exp_running and self.exp_progress is not None:
            text.append(f"\nexperiment {self.exp_progress.done}/{self.exp_progress.total}")
        if self.status_message:
            style = "bold" if report.diverged else "italic"
            text.append("\n" + self.status_message, style=style)
        self.query_one("#dead-status", TextView).text = text
