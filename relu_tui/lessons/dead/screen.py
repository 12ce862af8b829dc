"""Dead neurons screen: watch ReLU units die while a small network trains, and why.

The screen is a view of one `DeadState` (lessons/dead/state.py): keys and worker reports turn
into new states, and `watch_state` redraws what changed and tells the workers what to do.
The training worker owns its `Trainer` while it runs and hands it back when it stops; it
reads the latest settings between chunks of epochs, so a key never waits for training.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from relu_tui.base import classmode
from relu_tui.base.ascii import ascii_text
from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.lessons.dead import figures, weights_view
from relu_tui.lessons.dead.dying import (
    SEED_INPUTS,
    DeadSettings,
    ExperimentProgress,
    experiment,
    layer_stats,
    neuron_params,
    single_neuron,
)
from relu_tui.lessons.dead.insight_views import MAPS_HELP, show_maps, show_regions
from relu_tui.lessons.dead.output_map import output_map as draw_output_map
from relu_tui.lessons.dead.regions_view import regions_help
from relu_tui.lessons.dead.settings import parse_samples, parse_widths, values_of
from relu_tui.lessons.dead.state import LIVE_SETTINGS, RUN_VIEWS, VIEW_LIST, DeadState
from relu_tui.lessons.dead.training import DeadRun, RunReport
from relu_tui.lessons.dead.vanishing import BornDead, GradientNorms, born_dead, gradient_norms
from relu_tui.nn.csvdata import load_csv
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.export import ExportModel, sample_inputs, torch_script, write_script
from relu_tui.nn.features import parse_features
from relu_tui.nn.network import Trainer
from relu_tui.ui.display import display_options
from relu_tui.ui.key_gate import KEYS
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.training_runner import TrainingProgressed, TrainingReturned, TrainingRunner
from relu_tui.ui.widgets.cell_grid import CellGrid
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView
from relu_tui.ui.widgets.rows_view import RowsView
from relu_tui.ui.widgets.text_view import TextView
from relu_tui.ui.widgets.view_bar import ViewBar

_STYLES = {
    "dead": "bold red",
    "flat": "yellow",
    "fire": "green",
    "label": "",
    "c0": "blue",
    "c1": "dark_orange",
    "p0": "bold blue",
    "p1": "bold dark_orange",
    "head": "bold",
    "note": "italic",
    "alert": "bold",
    "current": "bold reverse",
    "other": "dim",
    "line": "bold",
    "shade": "",
    "neg": "dark_orange",  # a weight's sign, as the browser playground colours its edges
    "pos": "blue",
}
"""Rich style of each run kind the figures hand back."""
_PLAIN_STYLES = {"head", "note", "alert", "current", "other"}
"""Kinds whose style is no colour, kept under NO_COLOR."""


SHORT_HEIGHT = 32
"""Below this many rows the settings' help takes one row, so the run's status keeps its rows."""


class DeadScreen(LessonScreen):
    """Train a small network and watch ReLU units die; Leaky ReLU, He init and small steps help."""

    TITLE = "Dead neurons"
    LESSON = "dead"
    HELP = (
        "A ReLU unit is dead when its pre-activation z = w·x + b is <= 0 for every sample: "
        "its output is 0 and its gradient is 0 for all of them, so no update can revive it "
        "('ReLU Explained': weights -5, -3, -2 on inputs 1, 1, 1 give z = -10). The Neuron "
        "view works that neuron through; edit its weights to revive it.\n\n"
        "The views: one neuron, training (the model's output, dead fraction and loss per "
        "epoch), the units (which are dead, and the pre-activations of one layer), vanishing "
        "gradients, nets born dead, and an experiment over 10 seeds against a reference "
        "(He init, Adam, lr 1e-3).\n\n"
        "Learning rate, optimiser, batch size and epochs apply to the run in progress; the "
        "other settings start a fresh run. A run whose loss becomes nan or inf stops and "
        "keeps its last good parameters.\n\n"
        "The Train view's map shades the network's output continuously, as the browser "
        "playground does: the probability of the last class (P(x)), or a 2-D regression's "
        "value, from blank (low) to the densest character (high); z thresholds it to two "
        "shades (the playground's discretize output).\n\n"
        "Test share holds samples out of training (O and X on the map, drawn when t shows "
        "them): a test loss that "
        "climbs while the training loss falls is over-fitting (try noise 0.3, width 64). L2 "
        "and L1 penalise large weights (sum w^2 in the status); a file of your own "
        "(x,y or x1,x2,label) opens as the dataset, and the network exports as a PyTorch "
        "script."
        "\n\n" + MAPS_HELP + "\n\n" + weights_view.WEIGHTS_HELP + "\n\n" + regions_help()
    )
    BINDINGS = [
        Binding("space", "toggle_run", "Run"),
        Binding("v", "next_view", "View"),
        Binding("s", "step", "Step", show=False),
        Binding("e", "experiment", "Exp"),
        Binding("tab", "switch_panel", "Settings/Weights panel", show=False),
        Binding("o", "open_data", "Open CSV", show=False),
        Binding("d", "new_data", "New data (next data seed)", show=False),
        Binding("f", "type_shape('features')", "Input features", show=False),
        Binding("w", "type_shape('widths')", "Widths per layer", show=False),
        Binding("n", "type_shape('samples')", "Sample count", show=False),
        Binding("x", "export", "Export to PyTorch", show=False),
        Binding("z", "toggle_map('discretize')", "Discretize the output map", show=False),
        Binding("t", "toggle_map('show_test')", "Show test data on the map", show=False),
        Binding("V", "next_view(-1)", "Previous view", show=False),
        Binding("right_square_bracket", "layer(1)", "Next layer", show=False),
        Binding("left_square_bracket", "layer(-1)", "Previous layer", show=False),
        Binding("full_stop", "unit(1)", "Next unit", show=False),
        Binding("comma", "unit(-1)", "Previous unit", show=False),
        Binding("pagedown", "unit(8)", "Next 8 units", show=False),
        Binding("pageup", "unit(-8)", "Previous 8 units", show=False),
    ]
    """Screen keys; r (reset) and ? (help) come from LessonScreen."""

    CLOCK: Callable[[], float] = staticmethod(time.perf_counter)
    """Times the worker's chunks for epochs/s (tests inject a fake one)."""

    state: var[DeadState] = var(DeadState)
    """Everything on screen."""

    @dataclass
    class ExperimentProgressed(Message):
        """The experiment worker finished one run."""

        progress: ExperimentProgress

    @dataclass
    class AnalysisDone(Message):
        """Vanishing-gradient norms or born-dead fractions are ready."""

        norms: GradientNorms | None = None
        born: BornDead | None = None

    @dataclass
    class Rebuilt(Message):
        """A fresh run's state, built off the UI thread from `base` (see `_apply_setting`)."""

        base: DeadState
        changes: tuple[tuple[str, float], ...]
        state: DeadState

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._rebuilding: DeadState | None = None
        """The state a fresh run is being built from, off the UI thread (None: none is)."""
        self._queued: list[tuple[str, float]] = []
        """Setting changes that came while it was built, applied next, in order."""
        self._runner: TrainingRunner[DeadSettings, RunReport] | None = None
        self._analysing: set[str] = set()
        self._run_draw_pending = False
        self._run_draw_paced = False
        """The pending redraw is the reports' (paced), not a key's."""
        self._folding_report = False
        """A report is being folded into the state (not a key's change)."""
        self._run_drawn_at = -math.inf
        """When the run's view was last drawn (time.monotonic)."""
        state = self.state
        self._runner = TrainingRunner(
            self,
            DeadRun(state.settings.trainer(state.data, network=state.snapshot.network)),
            state.settings,
            clock=self.CLOCK,
        )

    # ------------------------------------------------------------------ layout

    def _fit(self, width: int, height: int) -> None:
        super()._fit(width, height)
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height >= weights_view.MAP_HEIGHT, "-tall")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dead-main"):
            with Vertical(id="dead-side"):
                yield ParamPanel(
                    self.state.settings.panel_params,
                    title="Settings",
                    id="dead-params",
                    apply=self._apply_setting,
                )
                yield InlinePrompt(
                    self._apply_data,
                    placeholder="path/to/file.csv",
                    max_length=4096,
                    id="data-prompt",
                )
                yield InlinePrompt(self._apply_shape, max_length=200, id="shape-prompt")
                yield TextView(id="dead-status")
            with Vertical(id="dead-views"):
                yield ViewBar(VIEW_LIST, id="dead-view-bar")
                with ContentSwitcher(initial="neuron", id="dead-switcher"):
                    with Vertical(id="neuron"):
                        yield Static(id="neuron-intro", markup=False)
                        yield ParamPanel(
                            neuron_params(self.state.weights),
                            title="Weights",
                            id="neuron-params",
                            apply=self._apply_weight,
                        )
                        yield Static(id="neuron-result", markup=False)
                    with Vertical(id="train"):
                        yield RowsView(_STYLES, id="output-map")
                        yield PlotView(id="output-plot")
                        with Horizontal(id="train-lower"):
                            yield PlotView(id="dead-plot")
                            yield PlotView(id="loss-plot")
                    with Vertical(id="units"):
                        yield RowsView(_STYLES, id="unit-grid")
                        yield PlotView(id="hist-plot")
                    with Vertical(id="maps"):
                        yield RowsView(_STYLES, id="maps-view")
                    with Vertical(id="weights"):
                        yield CellGrid(
                            _STYLES,
                            id="weights-grid",
                            move=self._move_weight_cursor,
                            page=self._page_weights,
                            nudge=self._nudge_weight,
                            type_value=self._type_weight,
                        )
                        yield InlinePrompt(
                            self._apply_typed_weight, max_length=40, id="weight-prompt"
                        )
                        yield RowsView(_STYLES, id="weights-map")
                    with Vertical(id="regions"):
                        yield RowsView(_STYLES, id="regions-map")
                        yield PlotView(id="regions-plot")
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
        launched = self.launch_state()  # the command line's settings (the lesson's state_from)
        if launched is not None:
            self.state = self.state.with_settings(launched.settings).with_view(launched.view)
        self._draw(None, self.state)
        self.query_one(_FOCUS.get(self.state.view, "#dead-params")).focus()

    # ------------------------------------------------------------------ state -> screen

    def watch_state(self, old: DeadState, new: DeadState) -> None:
        self._follow(old, new)
        if self.is_mounted:
            self._draw(old, new)

    def _follow(self, old: DeadState, new: DeadState) -> None:
        """Tell the workers what the new state asks of them."""
        runner = self._runner
        if runner is None:
            return  # the first state, before the runner exists
        if new.snapshot.generation != old.snapshot.generation:
            runner.configure(new.settings)
            run = DeadRun(new.settings.trainer(new.data, network=new.snapshot.network))
            if new.running:  # the worker in progress takes it over: no new thread per key
                runner.switch(run, new.snapshot.generation)
            else:
                runner.replace(run, new.snapshot.generation)
        else:
            if new.settings is not old.settings:
                runner.configure(new.settings)
            if new.running and not old.running:
                runner.start()
            elif old.running and not new.running and new.snapshot.report is old.snapshot.report:
                runner.stop()  # paused (a finished run's worker ends by itself)
        if new.experiment.running and not old.experiment.running:
            self._run_experiment(new.settings)
        elif old.experiment.running and not new.experiment.running:
            self.workers.cancel_group(self, "experiment")
        needed = new.analysis_needed
        if needed is not None and needed not in self._analysing:
            self._analysing.add(needed)
            self._analyse(needed, new.settings.seed)

    def _draw(self, old: DeadState | None, new: DeadState) -> None:
        """Redraw the parts whose inputs changed between `old` and `new`."""
        changed = _Changes(old, new)
        if changed("settings") or changed("dataset"):
            panel = self.query_one("#dead-params", ParamPanel)
            panel.params = new.settings.panel_params
            panel.border_subtitle = figures.inputs_caption(new)
        if changed("view"):
            self._show_view_bar()
            # Two panels only in the Neuron view: the header says how to move between them
            # (the footer has no room left at 80 columns under --ascii).
            self.sub_title = LessonScreen.SUB_TITLE + (
                ", tab: Settings/Weights" if new.view in ("neuron", "weights") else ""
            )
            if old is not None:
                focus = _FOCUS.get(new.view, "#dead-params")
                self.query_one(focus).focus()
                self.refresh_bindings()
        view = new.view
        if view == "neuron" and (
            changed("view")
            or changed("weights")
            or old is None
            or old.settings.activation != new.settings.activation
        ):
            self._show_neuron()
        elif view == "vanishing" and (changed("view") or changed("norms")):
            self._show_vanishing()
        elif view == "born" and (changed("view") or changed("born")):
            self._show_born()
        elif view == "experiment" and (changed("view") or changed("experiment")):
            self._show_experiment()
        elif view in RUN_VIEWS and (
            changed("view")
            or changed("run")
            or changed("layer")
            or changed("unit")
            or (view == "weights" and (changed("weight_cell") or changed("message")))
            or (view in ("train", "weights") and _map_options(old) != _map_options(new))
        ):
            report_only = (
                self._folding_report
                and old is not None
                and new.running
                and new.snapshot.generation == old.snapshot.generation
                and not (changed("view") or changed("layer") or changed("unit"))
            )
            self._draw_run_soon(report_only)
        self._show_status()
        if old is not None and (
            old.running != new.running or old.experiment.running != new.experiment.running
        ):
            self.refresh_bindings()

    def _draw_run_soon(self, report_only: bool = False) -> None:
        """Draw the run's view after the frame in progress: the panel and status answer a
        key at once, the plots follow one frame later, and a burst of keys or reports in
        between is drawn once, from the latest state. While a run trains, its reports
        redraw the map and plots at most every RUN_DRAW_SECONDS (the status follows each):
        the drawings are most of the UI's work then, and a key should not queue behind
        them."""
        if self._run_draw_pending:
            if report_only or not self._run_draw_paced:
                return
            self._run_draw_paced = False  # a key's redraw never waits for the reports' pace
            self.call_after_refresh(self._draw_run)
            return
        self._run_draw_pending = True
        wait = self._run_drawn_at + RUN_DRAW_SECONDS - time.monotonic()
        if report_only and wait > 0:
            self._run_draw_paced = True
            self.set_timer(wait, self._draw_run_paced)
        else:
            self.call_after_refresh(self._draw_run)

    def _draw_run_paced(self) -> None:
        """The reports' paced redraw: right after the frame of a key that came meanwhile (the
        key's own redraw goes first); while keys are coming, right after the next key's
        frame, where the one after it is least likely to land (but never RUN_STALE_SECONDS
        late); else now."""
        if not self._run_draw_paced:
            return  # a key's redraw came first
        if not KEYS.is_open:
            self._run_draw_paced = False
            self.call_after_refresh(self._draw_run)
        elif KEYS.typing and time.monotonic() - self._run_drawn_at < RUN_STALE_SECONDS:
            self.set_timer(KEY_POLL_SECONDS, self._draw_run_paced)
        else:
            self._draw_run()

    def _draw_run(self) -> None:
        self._run_draw_paced = False
        self._draw_run_now()

    def _draw_run_now(self) -> None:
        self._run_draw_pending = False
        self._run_drawn_at = time.monotonic()
        if self.state.view == "train":
            self._show_train()
        elif self.state.view == "units":
            self._show_units()
        elif self.state.view == "maps":
            show_maps(self, self.state, ascii_only=self._ascii)
        elif self.state.view == "weights":
            weights_view.show_weights(self, self.state, ascii_only=self._ascii)
        elif self.state.view == "regions":
            self.state = show_regions(self, self.state, ascii_only=self._ascii)

    # ------------------------------------------------------------------ workers

    @on(TrainingRunner.Progressed)
    def _take_report(self, event: TrainingProgressed[RunReport]) -> None:
        """A report from the worker: shown now, or once a waiting key's frame is out."""
        assert self._runner is not None
        self._runner.deliver(event, self._fold_report)

    def _fold_report(self, event: TrainingProgressed[RunReport]) -> None:
        was_diverged = self.state.snapshot.report.diverged
        run = event.report
        self._folding_report = True  # (its redraw keeps the reports' pace)
        try:
            self.state = self.state.with_report(
                event.generation, run.report, run.stats, event.epochs_per_second, event.finished
            )
        finally:
            self._folding_report = False
        if (
            run.report.diverged
            and not was_diverged
            and event.generation == self.state.snapshot.generation
        ):
            self.notify_error(
                "Training diverged: the last good parameters are kept (see the status panel)"
            )

    @on(TrainingRunner.Returned)
    def _take_trainer_back(self, event: TrainingReturned[RunReport]) -> None:
        assert self._runner is not None
        if self._runner.take_back(event):  # (lent out again if space was pressed meanwhile)
            self.refresh_bindings()

    # ------------------------------------------------------------------ other workers

    @work(thread=True, exclusive=True, group="experiment", description="experiment")
    def _run_experiment(self, settings: DeadSettings) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        for progress in experiment(settings, seeds=10, stop=cancelled):
            if worker.is_cancelled:
                return
            self.post_message(self.ExperimentProgressed(progress))

    @on(ExperimentProgressed)
    def _fold_experiment(self, event: ExperimentProgressed) -> None:
        self.state = self.state.experiment_progressed(event.progress)

    @work(thread=True, group="analysis")
    def _analyse(self, which: str, seed: int) -> None:
        rng = np.random.default_rng(seed)
        if which == "vanishing":
            self.post_message(self.AnalysisDone(norms=gradient_norms(rng, depth=50)))
        else:
            self.post_message(self.AnalysisDone(born=born_dead(rng)))

    @on(AnalysisDone)
    def _fold_analysis(self, event: AnalysisDone) -> None:
        self.state = self.state.with_analysis(event.norms, event.born)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            self.is_mounted
            and (
                self.query_one("#data-prompt", InlinePrompt).is_open
                or self.query_one("#shape-prompt", InlinePrompt).is_open
                or self.query_one("#weight-prompt", InlinePrompt).is_open
            )
            and action in _SCREEN_ACTIONS
        ):
            return False  # letters typed into the path only type
        if action == "step" and (self.state.running or self._trainer is None):
            return None
        if action == "layer" and self.state.view not in ("units", "maps", "weights", "regions"):
            return None
        if action == "unit" and self.state.view != "maps":
            return None
        return True

    def action_switch_panel(self) -> None:
        """Move the keys between the Settings and the Weights panels (Neuron view)."""
        self.focus_next()

    def action_toggle_run(self) -> None:
        """Start, or pause, training."""
        state = self.state
        self.state = state.paused() if state.running else state.started()
        if (
            self.state.message
            and not self.state.running
            and not state.running
            and self.state.snapshot.report.diverged
        ):
            self.notify_error("The run diverged: lower the learning rate, or press r")

    @property
    def _trainer(self) -> Trainer | None:
        """The run's trainer when no worker has it."""
        run = None if self._runner is None else self._runner.run
        return run.trainer if isinstance(run, DeadRun) else None

    def action_step(self) -> None:
        """Train exactly one epoch (while paused)."""
        trainer = self._trainer
        if self.state.running or trainer is None:
            return
        if self.state.snapshot.report.diverged:
            self.action_toggle_run()  # says why it cannot go on
            return
        trainer.advance(1)
        report = trainer.report()
        self.state = self.state.stepped(report, tuple(layer_stats(report.network, trainer.x)))

    def action_open_data(self) -> None:
        """Type the path of a CSV file to train on (served: a name in the class folder)."""
        if classmode.served():
            folder = classmode.data_dir()
            if folder is None:
                self.notify_error(classmode.LOADING_OFF[0].upper() + classmode.LOADING_OFF[1:])
                return
            names = classmode.folder_names(folder, ".csv")
            hint = "a file name: " + (", ".join(names[:4]) or "the class folder is empty")
            self.query_one("#data-prompt", InlinePrompt).open(self.state.settings.custom_path, hint)
            return
        self.query_one("#data-prompt", InlinePrompt).open(
            self.state.settings.custom_path, "x,y or x1,x2,label (enter loads, escape cancels)"
        )

    def _apply_data(self, text: str) -> str | None:
        """Load the typed file in a thread (the screen keeps answering keys); the prompt
        stays open saying so until the file is the dataset or the reason it is not.

        Served, the text is a file name looked up in the teacher's class folder only
        (`serve --data-dir`); no other file on the server is opened or described."""
        self._data_loader(text)
        return f"loading {printable(text.strip(), limit=60)} ..."

    @work(thread=True, exclusive=True, group="csv", exit_on_error=False)
    def _data_loader(self, text: str) -> None:
        try:
            result: Dataset | str = load_csv(_data_file(text))
        except InputError as error:
            result = str(error)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._data_loaded, text, result)

    def _data_loaded(self, text: str, result: Dataset | str) -> None:
        """The loader's answer: the new dataset (a fresh run), or why not (data kept)."""
        prompt = self.query_one("#data-prompt", InlinePrompt)
        if isinstance(result, str):
            prompt.say(f"{result}; kept {self.state.data.label}")
            return
        kind = f"{result.n_classes} classes" if result.task == "classification" else "regression"
        self.state = self.state.with_settings(
            self.state.settings.with_custom(result, text.strip()),
            f"loaded {result.label}: {len(result.x)} rows, {kind}",
        )
        prompt.close(applied=True)

    @on(InlinePrompt.Closed, "#data-prompt")
    def _data_closed(self, event: InlinePrompt.Closed) -> None:
        if not event.applied:  # escape while a file was loading: it is not applied later
            self.workers.cancel_group(self, "csv")
        self.query_one("#dead-params", ParamPanel).focus()

    def action_new_data(self) -> None:
        """Draw new samples: the next data seed (a fresh run on them)."""
        if self.state.settings.custom is not None:
            self.notify_error("A loaded file is the data: choose a built-in dataset to redraw")
            return
        panel = self.query_one("#dead-params", ParamPanel)
        seed = self.state.settings.new_data().data_seed
        self._apply_setting(ParamPanel.Changed(panel, "data_seed", float(seed)))

    def action_type_shape(self, what: str) -> None:
        """Type the input features (f), the width of each hidden layer (w) or the sample
        count (n)."""
        self._shape = what
        values = values_of(self.state.settings)
        if what == "features":
            hint = "x1,x2,x1^2,x2^2,x1*x2,sin1,sin2 (enter applies, escape cancels)"
        elif what == "samples":
            hint = "20 to 2000 samples (enter draws them, escape cancels)"
        else:
            hint = "e.g. 8,8,4; empty: depth x width (enter applies, escape cancels)"
        self.query_one("#shape-prompt", InlinePrompt).open(str(values[what]), hint)

    def _apply_shape(self, text: str) -> str | None:
        """The typed features, widths or sample count: a fresh run, or why not (the old
        ones kept)."""
        what = getattr(self, "_shape", "features")
        old = self.state.settings
        try:
            if what == "features":
                settings = old.with_features(parse_features(text))
            elif what == "samples":
                settings = replace(old, samples=parse_samples(text))
            else:
                settings = old.with_widths(parse_widths(text))
        except InputError as error:
            return str(error)
        self.state = self.state.with_settings(
            settings, f"{what}: {values_of(settings)[what] or '-'}"
        )
        return None

    @on(InlinePrompt.Closed, "#shape-prompt")
    def _shape_closed(self, event: InlinePrompt.Closed) -> None:
        self.query_one("#dead-params", ParamPanel).focus()

    def action_export(self) -> None:
        """Write the network on screen as a standalone PyTorch script."""
        state = self.state
        source = torch_script(
            [ExportModel("model", state.snapshot.network)],
            sample_inputs(state.data),
            title=f"Dead neurons: {state.settings.summary()}, epoch {state.snapshot.report.epoch}",
        )
        save = getattr(self.app, "save_text", None)
        try:
            folder = getattr(self.app, "save_dir", None) or Path.cwd()
            target = Path(folder) / EXPORT_NAME  # a new name if it exists: model-2.py, ...
            written = save(target, source) if save else write_script(target, source)
        except (InputError, OSError) as error:
            self.notify_error(f"Not exported: {printable(str(error))}")
            return
        saved_where = getattr(self.app, "saved_where", None)
        where = saved_where(written) if saved_where else printable(str(written))
        self.notify(
            f"Wrote {where}\nRun it with: python {printable(written.name)}",
            title="Export to PyTorch",
            timeout=8,
            markup=False,
        )

    def action_toggle_map(self, name: str) -> None:
        """Switch an output-map option: discretize (z), show test data (t)."""
        self.state = self.state.with_map_option(name)

    def action_next_view(self, delta: int = 1) -> None:
        """Cycle the views."""
        self.state = self.state.next_view(delta)

    def action_layer(self, delta: int) -> None:
        """Pick the layer whose pre-activations the Units view shows."""
        self.state = self.state.with_layer(delta)

    def action_unit(self, delta: int) -> None:
        """Pick the unit the Maps view draws large."""
        self.state = self.state.with_unit(delta)

    def action_experiment(self) -> None:
        """Run (or stop) the 10-seed experiment with the current settings."""
        state = self.state
        self.state = (
            state.experiment_stopped() if state.experiment.running else state.experiment_started()
        )

    def action_reset(self) -> None:
        """Default settings, the seed's neuron, a fresh run."""
        self.state = self.state.experiment_stopped("").reset()
        self.query_one("#neuron-params", ParamPanel).params = neuron_params(self.state.weights)

    def _apply_setting(self, event: ParamPanel.Changed) -> None:
        """A live setting applies at once; one that starts a fresh run while a run trains
        is built off the UI thread (a new network, its epoch-0 report, maybe a new
        dataset), so the key never waits for it: the panel shows the value at once, the
        plots follow. Keys that come meanwhile queue behind it, in order."""
        event.stop()
        state = self.state
        rebuilds = event.name not in LIVE_SETTINGS or (
            state.snapshot.report.diverged and event.name in ("lr", "optimizer")
        )
        if self._rebuilding is None and not (rebuilds and state.running):
            self.state = state.with_setting(event.name, event.value)
            return
        self._queued.append((event.name, event.value))
        shown = state.settings
        for name, value in self._queued:
            shown = shown.with_param(name, value)
        self.query_one("#dead-params", ParamPanel).params = shown.panel_params
        if self._rebuilding is None:
            self._start_rebuild()

    def _start_rebuild(self) -> None:
        changes, self._queued = tuple(self._queued), []
        self._rebuilding = self.state
        self._rebuild(self.state, changes)

    # A description of its own: Textual's default is the arguments' repr, which for a state
    # prints every array in it (~40 ms on the key's handler).
    @work(thread=True, group="rebuild", description="rebuild")
    def _rebuild(self, base: DeadState, changes: tuple[tuple[str, float], ...]) -> None:
        state = base
        with KEYS.working():  # the key's next frame shows it: training stands aside
            for name, value in changes:
                state = state.with_setting(name, value)
        self.post_message(self.Rebuilt(base, changes, state))

    @on(Rebuilt)
    def _rebuilt(self, message: Rebuilt) -> None:
        """Show the rebuilt state, keeping what changed on screen meanwhile (the view, the
        layer, run or pause, the experiment); the old run's reports since are dropped."""
        self._rebuilding = None
        current, new = self.state, message.state
        if current.settings is not message.base.settings:  # reset, a loaded file: again
            self._queued[:0] = message.changes
            self._start_rebuild()
            return
        if current is not message.base:
            new = replace(
                new,
                view=current.view,
                weights=current.weights,
                layer=min(current.layer, new.settings.depth - 1),
                experiment=current.experiment,
                norms=current.norms,
                born=current.born,
                run=replace(new.snapshot, running=current.running),
            )
        self.state = new
        if self._queued:
            self._start_rebuild()

    def _move_weight_cursor(self, rows: int, cols: int) -> None:
        """Move the Weights view's cursor."""
        self.state = weights_view.moved(self.state, rows, cols)

    def _page_weights(self, pages: int) -> None:
        """Move the Weights view's cursor a page of rows (as many as it shows)."""
        width, height = self.query_one("#weights-grid", CellGrid).content_size
        self.state = weights_view.paged(self.state, pages, width, height)

    def _nudge_weight(self, steps: float) -> None:
        """+ and -: add `steps` steps to the selected weight (refused while training)."""
        self._edit_weight(weights_view.nudge(steps))

    def _type_weight(self) -> None:
        """enter: type the selected weight's value (refused while training)."""
        reason = weights_view.refusal(self.state, self._weights_trainer)
        if reason is not None:
            self._refuse_edit(reason)
            return
        self.query_one("#weight-prompt", InlinePrompt).open(
            fmt(weights_view.selected_value(self.state), 6), weights_view.typing_hint(self.state)
        )

    def _apply_typed_weight(self, text: str) -> str | None:
        try:
            change = weights_view.typed(text)
        except InputError as error:
            return str(error)
        return self._edit_weight(change)

    def _edit_weight(self, change: Callable[[float], float]) -> str | None:
        """Set the selected weight, or say why not (the network kept)."""
        state, error = weights_view.edit_weight(self.state, self._weights_trainer, change)
        if error is not None:
            self._refuse_edit(error)
        else:
            self.state = state
        return error

    @property
    def _weights_trainer(self) -> Trainer | None:
        """The paused run's trainer, which an edit goes on from (None while a fresh run is
        built: the edit would go to the run it replaces)."""
        return self._trainer if self._rebuilding is None else None

    def _refuse_edit(self, reason: str) -> None:
        self.state = replace(self.state, message=reason)
        self.notify_error(reason[0].upper() + reason[1:])

    @on(InlinePrompt.Closed, "#weight-prompt")
    def _weight_typed(self, event: InlinePrompt.Closed) -> None:
        self.query_one("#weights-grid", CellGrid).focus()

    def _apply_weight(self, event: ParamPanel.Changed) -> None:
        event.stop()
        self.state = self.state.with_weight(event.name, event.value)
        self.query_one("#neuron-params", ParamPanel).params = neuron_params(self.state.weights)

    # ------------------------------------------------------------------ drawing

    @property
    def _ascii(self) -> bool:
        return display_options(self).ascii_only

    def _show_view_bar(self) -> None:
        view = self.state.view
        self.query_one("#dead-view-bar", ViewBar).current = view
        switcher = self.query_one("#dead-switcher", ContentSwitcher)
        if switcher.current != view:
            switcher.current = view

    def _show_neuron(self) -> None:
        activation = self.state.settings.activation
        weights = self.state.weights
        result = single_neuron(weights, SEED_INPUTS, activation=activation)
        self.update_static("#neuron-intro", figures.neuron_intro(activation))
        text = Text(figures.neuron_text(weights, SEED_INPUTS, result, ascii_only=self._ascii))
        if result.dead:
            text.stylize(
                "bold red" if display_options(self).color else "bold", text.plain.rfind("DEAD")
            )
        self.update_static("#neuron-result", text)

    def _show_train(self) -> None:
        state = self.state
        data, network, history = state.data, state.snapshot.network, state.snapshot.history
        two_d = data.n_in == 2  # a map over x1, x2 (classes or a 2-D regression), else a curve
        output_map = self.query_one("#output-map", RowsView)
        output_plot = self.query_one("#output-plot", PlotView)
        if output_map.display != two_d or output_plot.display == two_d:
            output_map.display = two_d  # (setting display always lays out the screen)
            output_plot.display = not two_d
        if two_d:
            ascii_only = self._ascii
            settings = state.settings
            test = settings.split(data).test_index
            output_map.builder = lambda w, h: draw_output_map(
                data,
                network,
                w,
                h,
                ascii_only=ascii_only,
                test=test,
                show_test=settings.show_test,
                discretize=settings.discretize,
            )
        else:
            output_plot.spec = figures.regression_figure(data, network)
        self.query_one("#dead-plot", PlotView).spec = figures.dead_figure(history)
        self.query_one("#loss-plot", PlotView).spec = figures.loss_figure(history)

    def _show_units(self) -> None:
        stats = list(self.state.snapshot.stats)
        layer = min(self.state.layer, len(stats) - 1)
        ascii_only = self._ascii
        self.query_one("#unit-grid", RowsView).builder = lambda w, h: figures.unit_grid(
            stats, w, ascii_only=ascii_only, selected=layer
        )
        self.query_one("#hist-plot", PlotView).spec = figures.histogram_figure(stats[layer], layer)

    def _show_vanishing(self) -> None:
        norms = self.state.norms
        if norms is None:
            self.update_static("#vanish-note", "computing gradient norms for 50-layer networks ...")
            return
        self.query_one("#vanish-plot", PlotView).spec = figures.vanishing_figure(norms)
        note = figures.vanishing_note(norms)
        self.update_static("#vanish-note", ascii_text(note) if self._ascii else note)

    def _show_born(self) -> None:
        born = self.state.born
        if born is None:
            self.update_static(
                "#born-note", "sampling narrow ReLU networks (400 seeds per width) ..."
            )
            return
        self.query_one("#born-plot", PlotView).spec = figures.born_dead_figure(born)
        self.update_static("#born-note", figures.born_note(born))

    def _show_experiment(self) -> None:
        exp = self.state.experiment
        if exp.progress is None:
            self.update_static(
                "#exp-table",
                "Train the current settings over 10 seeds and "
                "compare the final dead fraction and loss with the reference "
                "(He init, Adam, lr 1e-3)." + ("\n\nstarting ..." if exp.running else ""),
            )
            self.update_static("#exp-note", "")
            return
        self.update_static(
            "#exp-table", figures.experiment_table(exp.progress, ascii_only=self._ascii)
        )
        self.update_static(
            "#exp-note", figures.experiment_note(exp, self.state.data, ascii_only=self._ascii)
        )

    def _show_status(self) -> None:
        self.query_one("#dead-status", TextView).text = self._styled(
            figures.status_rows(self.state, ascii_only=self._ascii)
        )

    def _styled(self, rows: list[figures.Row]) -> Text:
        color = display_options(self).color
        text = Text(end="")
        for index, row in enumerate(rows):
            if index:
                text.append("\n")
            for run in row:
                style = _STYLES.get(run.kind, "")
                text.append(run.text, style=style if color or run.kind in _PLAIN_STYLES else "")
        return text


_FOCUS = {"neuron": "#neuron-params", "weights": "#weights-grid"}
"""The widget a view's keys go to (the Settings panel in the other views)."""

RUN_DRAW_SECONDS = 0.4
"""While a run trains, its map and plots are redrawn at most this often."""
RUN_STALE_SECONDS = 1.0
"""...and at least this often, however fast keys come."""
KEY_POLL_SECONDS = 0.02
"""While keys come, a due redraw looks this often for the next key's frame to follow."""

EXPORT_NAME = "relu_tui_model.py"


def _data_file(text: str) -> str | Path:
    """The file `o` should open for `text`: the path itself, or, served, the file of that
    name in the class folder (raises InputError: loading off, a path, not in the folder)."""
    if not classmode.served():
        return text
    folder = classmode.data_dir()
    if folder is None:
        raise InputError(classmode.LOADING_OFF)
    return classmode.class_file(text, folder, suffix=".csv")


"""The file `x` writes in the save folder (--save-dir, or the current folder)."""

_SCREEN_ACTIONS = frozenset(
    {
        "toggle_run",
        "next_view",
        "step",
        "experiment",
        "open_data",
        "new_data",
        "type_shape",
        "toggle_map",
        "export",
        "layer",
        "unit",
        "reset",
    }
)
"""Screen keys that a letter typed into the path field must not trigger."""


def _map_options(state: DeadState | None) -> tuple[bool, bool] | None:
    """What the output map's options are in `state` (None: no state yet)."""
    return None if state is None else (state.settings.discretize, state.settings.show_test)


class _Changes:
    """Which fields differ between two states (everything, when there is no old one)."""

    def __init__(self, old: DeadState | None, new: DeadState) -> None:
        self.old, self.new = old, new

    def __call__(self, name: str) -> bool:
        return self.old is None or getattr(self.old, name) is not getattr(self.new, name)
