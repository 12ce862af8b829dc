"""Approximation screen: curves from sums of shifted ReLUs; a network trained with, without ReLU."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import ContentSwitcher, Input, ProgressBar, Static
from textual.worker import get_current_worker

from relu_tui.base.ascii import ascii_params, ascii_text
from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.lessons.approx import figures
from relu_tui.lessons.approx.settings import ApproxSetup
from relu_tui.lessons.approx.state import MAX_UNITS, FitState, tour_next
from relu_tui.lessons.approx.training import (
    PairReport,
    TrainState,
    merged_report,
    notebook_experiment,
    target_experiment,
    train_pair,
    train_stats_lines,
)
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

FIT, TRAIN = "fit-view", "train-view"
UNITS = Binding.Group("Units")
REPORT_EPOCHS = 100
"""Epochs between a worker's reports (~15 ms for both networks): the worker checks for
cancellation at least that often, so q quits at once even mid-run."""
FIT_ACTIONS = frozenset({"units", "scale_units", "tour", "edit_expression"})
TRAIN_ACTIONS = frozenset({"pause", "toggle_data"})


class ApproxScreen(LessonScreen):
    """Mode 1: fit any curve with N shifted ReLUs. Mode 2: train the notebook's network."""

    TITLE = "Approximation"
    LESSON = "approx"
    HELP = (
        "A ReLU network's output is a weighted sum of differently shifted ReLUs: "
        "f(x) ≈ c + m·x + Σ wᵢ·ReLU(x − hᵢ). Each term bends the line at its knot hᵢ; "
        "with more terms the bends get smaller and the piecewise-linear sum looks smooth.\n\n"
        "Fit: pick a target in the panel or type your own expression in x (numbers, x, pi, "
        "e, + - * / ** %, and sin cos tan exp log sqrt abs tanh relu step min max …). N "
        "shifted ReLUs are fitted by least squares; knots sit evenly or where f curves most. "
        "The lower plot shows RMSE and max error against N on log scales. The tour steps "
        "through the article's sequence of N (1, 2, 5, 10, 20, 100 units).\n\n"
        "Train: the notebook's experiment. Two networks Linear(1,8) → Linear(8,8) → "
        "Linear(8,1), one without activations and one with ReLU after both hidden layers, "
        "start from the same PyTorch-default weights (seeded) and are trained side by side "
        "with Adam (lr 0.1) on MSE for 100,000 full-batch epochs on x = 1…99, y = x². Without "
        "ReLU the network is affine, so it can only draw a line: it converges to the "
        "least-squares line, computed in closed form beside it. With ReLU it follows the "
        "curve. The right-hand plots show both fits and the extrapolation to x = 100…199. "
        "Reset there starts a new run with the next seed; the data key trains on the Fit "
        "target instead (and back)."
    )
    BINDINGS = [
        Binding("plus,equals_sign", "units(1)", "More units", group=UNITS),
        Binding("minus", "units(-1)", "Fewer units", group=UNITS),
        Binding("asterisk", "scale_units(2)", "Double units", show=False),
        Binding("slash", "scale_units(0.5)", "Halve units", show=False),
        Binding("m", "view('train-view')", "Train"),
        Binding("m", "view('fit-view')", "Fit"),
        # priority: runs as the key arrives, so the keys typed right after it (a burst over SSH)
        # already go to the field; check_action lets it through to any open text field.
        Binding("e", "edit_expression", "f(x)", priority=True),
        Binding("s", "tour", "Tour"),
        Binding("space", "pause", "Pause/Resume"),
        Binding("t", "toggle_data", "Data"),
        Binding("r", "reset", "Reset / new seed", show=False),
    ]
    """Fit keys (+ - * / s e), Train keys (space t), m switches; r resets (Fit) or restarts
    with a new seed (Train)."""

    @dataclass
    class Progressed(Message):
        """A training worker's latest report, with its run's generation and epochs/s."""

        report: PairReport
        rate: float
        generation: int

    fit_state: var[FitState] = var(FitState.initial, always_update=True)
    """Mode 1: the target, N, knot placement and interval."""

    view: var[str] = var(FIT)
    """Which mode is in front: FIT or TRAIN."""

    train_state: var[TrainState] = var(TrainState.initial, always_update=True)
    """Mode 2: the run's data, config and everything reported so far."""

    def __init__(self) -> None:
        super().__init__()
        self._gate = threading.Event()
        self._gate.set()
        self._generation = 0
        self._noted: FitState | None = None
        """The fit state the panel's note (tour caption, reset) is about; it goes after."""

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial=FIT, id="approx-switcher"):
            with Horizontal(id=FIT):
                with Vertical(id="fit-side"):
                    yield ParamPanel(
                        self.fit_state.params,
                        title="Fit",
                        id="fit-params",
                        apply=self._apply_fit_param,
                    )
                    yield InlinePrompt(
                        self._apply_expression,
                        id="expr",
                        placeholder="f(x), e.g. sin(3*x) + x**2/4",
                        max_length=10_000,
                    )
                    yield Static(id="fit-stats", markup=False)
                with Vertical(id="fit-plots"):
                    yield PlotView(id="fit-plot")
                    yield PlotView(id="error-plot")
            with Grid(id=TRAIN):
                with Vertical(id="train-side"):
                    yield ProgressBar(total=1.0, show_eta=False, id="train-progress")
                    yield Static(id="train-stats", markup=False)
                yield PlotView(id="loss-plot")
                yield PlotView(id="train-plot")
                yield PlotView(id="extrap-plot")

    def on_mount(self) -> None:
        launched = self.launch_state()  # the command line's settings (the lesson's state_from)
        if launched is not None:
            self.fit_state = launched.fit_state
            if launched.seed != self.train_state.config.seed:
                self.train_state = TrainState.initial(launched.seed)
        self._show_fit(self.fit_state)
        self._show_training(self.train_state)
        self.query_one("#fit-params", ParamPanel).focus()

    def lesson_state(self) -> ApproxSetup:
        """The Fit view's state and the Train view's seed (what the settings describe)."""
        return ApproxSetup(self.fit_state, self.train_state.config.seed)

    def watch_fit_state(self, state: FitState) -> None:
        if self.is_mounted:
            self._show_fit(state)

    def _ascii(self) -> bool:
        return self.display_options.ascii_only

    def _note(self, message: str) -> None:
        """A note on the panel about the state in front; it goes once that state changes."""
        self._noted = self.fit_state
        self.query_one("#fit-params", ParamPanel).message = message

    def _show_fit(self, state: FitState) -> None:
        fit = state.fit
        panel = self.query_one("#fit-params", ParamPanel)
        panel.params = ascii_params(state.params) if self._ascii() else state.params
        if self._noted is not None and state is not self._noted:
            self._noted = None
            panel.message = ""
        self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(fit)
        self.query_one("#error-plot", PlotView).spec = figures.error_figure(state.sweep, fit)
        # fit-stats has a fixed size (1fr of the side column): no new layout needed
        plain = ascii_text if self._ascii() else str
        self.query_one("#fit-stats", Static).update(self._fit_stats(state, plain), layout=False)
        self.call_after_refresh(self._predraw_neighbours, state)

    def _predraw_neighbours(self, state: FitState) -> None:
        """Once N's frame is on screen, draw N + 1 and N − 1 ahead, so the next + or −
        finds its plots drawn (a new drawing costs plotext most of a keypress's time;
        recent fits, figures and drawings are kept, so only a new N is drawn).

        One figure per callback: a key that arrives meanwhile waits for one drawing at most.
        """
        if state is not self.fit_state or self.view != FIT or not self.is_current:
            return  # moved on: the new state predraws its own neighbours
        for units in (state.units + 1, state.units - 1):
            if not 1 <= units <= MAX_UNITS:
                continue
            neighbour = state.with_units(units)
            fit = neighbour.fit
            for selector, spec in (
                ("#fit-plot", figures.fit_figure(fit)),
                ("#error-plot", figures.error_figure(neighbour.sweep, fit)),
            ):
                if self.query_one(selector, PlotView).prefetch(spec):
                    self.call_later(self._predraw_neighbours, state)
                    return

    @staticmethod
    def _fit_stats(state: FitState, plain: Callable[[str], str]) -> Text:
        fit, target = state.fit, state.target
        c, m = fit.c_m
        text = Text()
        text.append(plain(f"f(x) = {target.text}\n"), style="bold")
        text.append(plain(f"on [{fmt(target.lo)}, {fmt(target.hi)}]\n"))
        text.append(plain(f"N = {fit.units} units, {fit.placement} knots\n"))
        text.append(plain(f"RMSE {fmt(fit.rmse, 6)}\nmax error {fmt(fit.max_error, 6)}\n"))
        text.append(plain(f"c = {fmt(c)}  m = {fmt(m)}"))
        return text

    def _apply_fit_param(self, event: ParamPanel.Changed) -> None:
        panel = self.query_one("#fit-params", ParamPanel)
        try:
            self.fit_state = self.fit_state.with_param(event.name, event.value)
        except InputError as error:
            panel.message = f"{error}; kept the previous target"
            panel.params = (
                ascii_params(self.fit_state.params) if self._ascii() else self.fit_state.params
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Fit keys show in Fit, Train keys in Train; m names the view it opens; none of the
        screen's keys acts while f(x) is being typed."""
        editing = self.is_mounted and self.query_one("#expr", InlinePrompt).is_open
        if action in TRAIN_ACTIONS:
            return self.view == TRAIN
        if action == "view":
            return not editing and parameters[0] != self.view
        if action == "reset":
            return not editing
        if action in FIT_ACTIONS:
            if editing or self.view != FIT or isinstance(self.focused, Input):
                return False
            if action == "units":
                delta = parameters[0]
                limit = MAX_UNITS if isinstance(delta, int) and delta > 0 else 1
                at_limit = self.fit_state.units == limit
                return None if at_limit else True
        return True

    def action_units(self, delta: int) -> None:
        """Change N by delta."""
        self._set_units(self.fit_state.units + delta)

    def action_scale_units(self, factor: float) -> None:
        """Multiply N by factor (×2 or ÷2), rounding, staying in 1…200."""
        self._set_units(max(1, round(self.fit_state.units * factor)))

    def action_tour(self) -> None:
        """Jump to the next N of the article's sequence."""
        units, caption = tour_next(self.fit_state.units)
        self._set_units(units)
        self._note(f"N = {units}: {caption}")

    def _set_units(self, units: int) -> None:
        new = self.fit_state.with_units(units)
        if new.units != self.fit_state.units:
            self.fit_state = new
        else:
            self._note(f"N is at its limit ({new.units})")
        self.refresh_bindings()

    def action_edit_expression(self) -> None:
        """Open the expression field with the last typed expression."""
        self.query_one("#expr", InlinePrompt).open(
            self.fit_state.typed_text, "enter fits f(x), escape cancels"
        )

    def _apply_expression(self, text: str) -> str | None:
        """Fit the typed f(x), or say why not (the previous target kept)."""
        try:
            self.fit_state = self.fit_state.with_expression(text)
        except InputError as error:
            return f"{error}; kept f(x) = {self.fit_state.target.text}"
        return None

    @on(InlinePrompt.Closed, "#expr")
    def _expression_closed(self) -> None:
        self.query_one("#fit-params", ParamPanel).focus()

    def action_reset(self) -> None:
        """Fit: back to sin x with 10 even knots. Train: a new run with the next seed."""
        if self.view == TRAIN:
            self.action_restart()
            return
        self.fit_state = FitState.initial()
        self._note("reset to sin x, N = 10")
        self.refresh_bindings()

    def action_view(self, view: str) -> None:
        """Switch between Fit and Train; training starts on the first visit to Train."""
        self.view = view

    def watch_view(self, view: str) -> None:
        if not self.is_mounted:
            return
        self.query_one("#approx-switcher", ContentSwitcher).current = view
        if view == FIT:
            self.query_one("#fit-params", ParamPanel).focus()
        else:
            self.set_focus(None)
            state = self.train_state
            if state.report is None and not state.running:
                self._start(state)
        self.refresh_bindings()

    def _start(self, state: TrainState) -> None:
        """Start a worker on `state` (a fresh run), replacing any running one."""
        self._generation += 1
        self._gate.set()
        self.train_state = replace(state, running=True, paused=False)
        self._train(self.train_state, self._generation)

    @work(thread=True, exclusive=True, group="approx-training")
    def _train(self, state: TrainState, generation: int) -> None:
        """Train both networks, posting a report about ten times a second."""
        worker = get_current_worker()
        pending: list[PairReport] = []
        last_post = clock = time.perf_counter()
        last_epoch = 0
        for report in self._reports(state):
            if worker.is_cancelled:
                return
            pending.append(report)
            now = time.perf_counter()
            if not self._gate.is_set():  # paused: flush, then wait without counting the time
                self.post_message(self.Progressed(merged_report(pending), 0.0, generation))
                pending = []
                while not self._gate.wait(0.1):
                    if worker.is_cancelled:
                        return
                last_post = clock = time.perf_counter()
                last_epoch = report.epoch
                continue
            if now - last_post >= 0.1 or report.done:
                rate = (report.epoch - last_epoch) / max(now - clock, 1e-9)
                self.post_message(self.Progressed(merged_report(pending), rate, generation))
                pending = []
                last_post = clock = now
                last_epoch = report.epoch

    @staticmethod
    def _reports(state: TrainState) -> Iterator[PairReport]:
        return train_pair(state.config, state.experiment, every=REPORT_EPOCHS)

    @on(Progressed)
    def _fold_report(self, message: ApproxScreen.Progressed) -> None:
        if message.generation != self._generation:
            return  # a report from a run that was restarted
        state = self.train_state
        rate = message.rate if message.rate > 0 else state.rate
        new = state.with_report(message.report, rate)
        self.train_state = replace(new, paused=state.paused and not message.report.done)
        if message.report.message:
            self.notify_error(message.report.message)

    def watch_train_state(self, state: TrainState) -> None:
        if self.is_mounted:
            self._show_training(state)

    def _show_training(self, state: TrainState) -> None:
        self.query_one("#train-progress", ProgressBar).update(progress=state.fraction)
        plain = ascii_text if self._ascii() else str
        heading, *lines = train_stats_lines(state)
        stats = Text(plain(heading) + "\n", style="bold")
        stats.append(plain("\n".join(lines)))
        self.query_one("#train-stats", Static).update(stats)
        self.query_one("#train-plot", PlotView).spec = figures.training_fit_figure(state)
        self.query_one("#extrap-plot", PlotView).spec = figures.extrapolation_figure(state)
        self.query_one("#loss-plot", PlotView).spec = figures.loss_figure(state)

    def action_pause(self) -> None:
        """Hold or continue the run (a finished run is left as it is)."""
        state = self.train_state
        if state.done or not state.running:
            self.notify("Training has finished; r starts a new run with a new seed.")
            return
        if state.paused:
            self._gate.set()
        else:
            self._gate.clear()
        self.train_state = replace(state, paused=not state.paused)

    def action_restart(self) -> None:
        """A new run with the next seed, on the same data."""
        state = self.train_state
        self._start(state.restarted(state.config.seed + 1))

    def action_toggle_data(self) -> None:
        """Train on the Fit mode's target instead of the notebook's x² (or back)."""
        state = self.train_state
        notebook = notebook_experiment()
        if state.experiment.name == notebook.name:
            experiment = target_experiment(self.fit_state.target)
            if experiment.note:
                self.notify(experiment.note)
        else:
            experiment = notebook
        self._start(state.restarted(state.config.seed, experiment))
