"""Approximation screen: curves from sums of shifted ReLUs; a network trained with, without ReLU."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, ProgressBar, Static

from relu_tui.base.ascii import ascii_params, ascii_text
from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.lessons.approx import figures
from relu_tui.lessons.approx.screen_state import FIT, TRAIN, ApproxState
from relu_tui.lessons.approx.state import MAX_UNITS, ErrorSweep, FitState, tour_next
from relu_tui.lessons.approx.training import (
    PairReport,
    PairRun,
    TrainConfig,
    TrainState,
)
from relu_tui.ui.key_gate import KEYS
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.training_runner import TrainingProgressed, TrainingReturned, TrainingRunner
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

UNITS = Binding.Group("Units")
REPORT_SECONDS = 0.1
PLOT_SECONDS = 0.25
"""The Train view's plots are redrawn at most this often while the run trains (its
numbers follow every report)."""
PLOT_STALE_SECONDS = 1.0
"""...and at least this often, however fast keys come."""
KEY_POLL_SECONDS = 0.02
"""While keys come, due plots look this often for the next key's frame to follow."""
SWEEPS_KEPT = 16
"""How often the training worker reports (the loss curves grow ten times a second)."""
FIT_ACTIONS = frozenset({"units", "scale_units", "tour", "edit_expression"})
TRAIN_ACTIONS = frozenset({"pause", "toggle_data"})


SWEEP_SHOWN = (1, 2, 5, 10, 20, 50, 100, 200)
"""The N whose RMSE the fit's numbers list where the error-vs-N plot has no room."""
SHORT_HEIGHT = 32
"""Below this many rows the error-vs-N plot gives its rows to the fit plot."""


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
        # In help, not the footer: at 80 columns under --ascii (keys spelled "<- ->",
        # "enter") it would run into "? Help".
        Binding("s", "tour", "Tour", show=False),
        Binding("space", "pause", "Pause/Resume"),
        Binding("t", "toggle_data", "Data"),
        Binding("r", "reset", "Reset / new seed", show=False),
    ]
    """Fit keys (+ - * / s e), Train keys (space t), m switches; r resets (Fit) or restarts
    with a new seed (Train)."""

    CLOCK: Callable[[], float] = staticmethod(time.perf_counter)
    """Times the training worker's chunks for epochs/s (tests inject a fake one)."""

    @dataclass
    class SweepDone(Message):
        """The error against N for one target, interval and placement is computed."""

        key: tuple[object, ...]
        sweep: ErrorSweep

    state: var[ApproxState] = var(ApproxState)
    """Everything on screen: the fit, the training run and the view in front."""

    def __init__(self) -> None:
        super().__init__()
        self._runner: TrainingRunner[TrainConfig, PairReport] | None = None
        self._noted: FitState | None = None
        """The fit state the panel's note (tour caption, reset) is about; it goes after."""
        self._plotted_at = -math.inf
        """When the Train view's plots were last drawn (time.monotonic)."""
        self._plot_timer: Timer | None = None
        self._folding_report = False
        """A report is being folded into the state (not a key's change)."""
        self._stats_rows = -1
        self._sweeps: dict[tuple[object, ...], ErrorSweep] = {}
        """Error sweeps computed so far (the latest SWEEPS_KEPT), by `_sweep_key`."""
        train = self.state.train
        self._runner = TrainingRunner(
            self,
            PairRun(train.config, train.experiment),
            train.config,
            clock=self.CLOCK,
            report_seconds=REPORT_SECONDS,
        )

    @property
    def fit_state(self) -> FitState:
        """The Fit view's state."""
        return self.state.fit

    @fit_state.setter
    def fit_state(self, fit: FitState) -> None:
        self.state = self.state.with_fit(fit)

    @property
    def train_state(self) -> TrainState:
        """The Train view's state."""
        return self.state.train

    @property
    def view(self) -> str:
        """FIT or TRAIN."""
        return self.state.view

    @property
    def runner(self) -> TrainingRunner[TrainConfig, PairReport]:
        """The training run's runner (tests step it)."""
        assert self._runner is not None  # made in __init__
        return self._runner

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
                        placeholder="f(x), e.g. sin(3*x) + x**2/4 on [-2, 2]",
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
            self.state = launched
        state = self.fit_state
        self._sweeps[_sweep_key(state)] = state.sweep  # the first frame shows both plots
        self._show_fit(state)
        self._show_training(self.train_state, plots="now")
        self.query_one("#fit-params", ParamPanel).focus()

    def watch_state(self, old: ApproxState, new: ApproxState) -> None:
        self._follow(old.train, new.train)
        if not self.is_mounted:
            return
        if new.fit is not old.fit:
            self._show_fit(new.fit)
        if new.train is not old.train:  # a report's plots keep its pace; a key's follow it
            self._show_training(new.train, plots="paced" if self._folding_report else "next")
        if new.view != old.view:
            self._show_view(new.view)

    def _follow(self, old: TrainState, new: TrainState) -> None:
        """Tell the runner what the new run state asks of it."""
        runner = self._runner
        if runner is None:
            return  # the first state, before the runner exists
        active, was_active = new.running and not new.paused, old.running and not old.paused
        if new.config is not old.config or new.experiment is not old.experiment:
            runner.configure(new.config)
            run = PairRun(new.config, new.experiment)
            if active:  # the worker in progress takes it over: no new thread per key
                runner.switch(run, runner.generation + 1)
            else:
                runner.replace(run, runner.generation + 1)
        elif active and not was_active:
            runner.start()
        elif was_active and not active and not new.done:
            runner.stop()  # held (a finished run's worker ends by itself)

    def _ascii(self) -> bool:
        return self.display_options.ascii_only

    def _note(self, message: str) -> None:
        """A note on the panel about the state in front; it goes once that state changes."""
        self._noted = self.fit_state
        self.query_one("#fit-params", ParamPanel).message = message

    def _fit(self, width: int, height: int) -> None:
        super()._fit(width, height)
        self.set_class(height < SHORT_HEIGHT, "-short")

    def _show_fit(self, state: FitState) -> None:
        fit = state.fit
        panel = self.query_one("#fit-params", ParamPanel)
        panel.params = ascii_params(state.params) if self._ascii() else state.params
        if self._noted is not None and state is not self._noted:
            self._noted = None
            panel.message = ""
        self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(fit)
        sweep = self._sweeps.get(_sweep_key(state))
        if sweep is not None:
            self.query_one("#error-plot", PlotView).spec = figures.error_figure(sweep, fit)
        else:
            # The error plot follows when the sweep is computed, in a thread started once
            # the fit's frame is out: meanwhile it would share the interpreter with it.
            self.call_after_refresh(self._sweep_if_current, state)
        self._show_fit_stats(state, sweep)
        self.call_after_refresh(self._predraw_neighbours, state)

    def _show_fit_stats(self, state: FitState, sweep: ErrorSweep | None) -> None:
        # fit-stats has a fixed size (1fr of the side column): no new layout needed
        plain = ascii_text if self._ascii() else str
        self.query_one("#fit-stats", Static).update(
            self._fit_stats(state, plain, sweep), layout=False
        )

    def _predraw_neighbours(self, state: FitState) -> None:
        """Once N's frame is on screen, draw N + 1 and N − 1 ahead, so the next + or −
        finds its plots drawn (a new drawing costs plotext most of a keypress's time;
        recent fits, figures and drawings are kept, so only a new N is drawn).

        One figure per callback: a key that arrives meanwhile waits for one drawing at most.
        """
        if state is not self.state.fit or self.view != FIT or not self.is_current:
            return  # moved on: the new state predraws its own neighbours
        sweep = self._sweeps.get(_sweep_key(state))
        for units in (state.units + 1, state.units - 1):
            if not 1 <= units <= MAX_UNITS:
                continue
            neighbour = state.with_units(units)
            fit = neighbour.fit
            specs = [("#fit-plot", figures.fit_figure(fit))]
            if sweep is not None:  # not computed here: that is the sweep worker's job
                specs.append(("#error-plot", figures.error_figure(sweep, fit)))
            for selector, spec in specs:
                if self.query_one(selector, PlotView).prefetch(spec):
                    self.call_later(self._predraw_neighbours, state)
                    return

    def _sweep_if_current(self, state: FitState) -> None:
        """Start the sweep of `state` unless the fit in front has moved to another target."""
        if _sweep_key(state) == _sweep_key(self.state.fit):
            self._sweep(state)

    @work(thread=True, group="approx-sweep", description="error sweep")  # not the state's repr
    def _sweep(self, state: FitState) -> None:
        """The error against N for the state's target and placement (~100 fits, ~0.1 s),
        off the UI thread: the fit and its plot answer the key at once."""
        with KEYS.working():  # the key's next frame shows it: training stands aside
            sweep = state.sweep
        self.post_message(self.SweepDone(_sweep_key(state), sweep))

    @on(SweepDone)
    def _sweep_done(self, message: ApproxScreen.SweepDone) -> None:
        self._sweeps[message.key] = message.sweep
        while len(self._sweeps) > SWEEPS_KEPT:
            del self._sweeps[next(iter(self._sweeps))]
        state = self.fit_state
        if _sweep_key(state) == message.key:
            self.query_one("#error-plot", PlotView).spec = figures.error_figure(
                message.sweep, state.fit
            )
            self._show_fit_stats(state, message.sweep)

    @staticmethod
    def _fit_stats(state: FitState, plain: Callable[[str], str], sweep: ErrorSweep | None) -> Text:
        fit, target = state.fit, state.target
        c, m = fit.c_m
        text = Text()
        text.append(plain(f"f(x) = {target.text}\n"), style="bold")
        text.append(plain(f"on [{fmt(target.lo)}, {fmt(target.hi)}]\n"))
        text.append(plain(f"N = {fit.units} units, {fit.placement} knots\n"))
        text.append(plain(f"RMSE {fmt(fit.rmse, 6)}\nmax error {fmt(fit.max_error, 6)}\n"))
        text.append(plain(f"c = {fmt(c)}  m = {fmt(m)}\n"))
        text.append(plain(fit.pieces_text()))
        # The error-vs-N plot's numbers: on a short terminal the plot would be a smear (4 data
        # rows) and gives its rows to the fit, so these are all that shows of it. The sweep is
        # computed off the UI thread (~25 ms): its numbers follow it.
        if sweep is None:
            text.append(plain("\nRMSE by N  ..."), style="dim")
            return text
        pairs = [
            f"{int(n)}: {float(r):.2g}"
            for n, r in zip(sweep.units, sweep.rmse, strict=True)
            if n in SWEEP_SHOWN
        ]
        text.append(plain("\nRMSE by N  " + "  ".join(pairs)), style="dim")
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
        """Fit the typed target, as --target takes it (`exp(x) on [-2, 2]`, a preset's
        name), or say why not (the previous target kept)."""
        try:
            self.fit_state = self.fit_state.with_spec(text)
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
        self.state = self.state.with_view(view)

    def _show_view(self, view: str) -> None:
        self.query_one("#approx-switcher", ContentSwitcher).current = view
        if view == FIT:
            self.query_one("#fit-params", ParamPanel).focus()
        else:
            self.set_focus(None)
            self._show_training(self.train_state, plots="next")
        self.refresh_bindings()

    @on(TrainingRunner.Progressed)
    def _take_report(self, event: TrainingProgressed[PairReport]) -> None:
        """A report from the worker: shown now, or once a waiting key's frame is out."""
        self.runner.deliver(event, self._fold_report)

    def _fold_report(self, event: TrainingProgressed[PairReport]) -> None:
        if event.generation != self.runner.generation:
            return  # a report from a run that was restarted
        self._folding_report = True  # (its plots keep the reports' pace)
        try:
            self.state = self.state.with_report(event.report, event.epochs_per_second)
        finally:
            self._folding_report = False
        if event.report.message:
            self.notify_error(event.report.message)

    @on(TrainingRunner.Returned)
    def _take_run_back(self, event: TrainingReturned[PairReport]) -> None:
        self.runner.take_back(event)  # (and lent out again if resumed meanwhile)

    def _show_training(self, state: TrainState, *, plots: str) -> None:
        """The run's progress, numbers and plots, while the Train view is in front (the Fit
        view's keys do not wait for a hidden view's redraws; `_show_view` catches up).

        `plots`: "now"; "next", one frame after this one (the key that changed them answers
        at once); or "paced", at most every PLOT_SECONDS while the run trains (reports)."""
        if self.view != TRAIN:
            return
        bar = self.query_one("#train-progress", ProgressBar)
        if bar.progress != state.fraction:
            bar.update(progress=state.fraction)
        plain = ascii_text if self._ascii() else str
        heading, *lines = figures.train_stats_lines(state)
        stats = Text(plain(heading) + "\n", style="bold")
        stats.append(plain("\n".join(lines)))
        box = self.query_one("#train-stats", Static)
        # The box's height follows its text (height: auto): lay out again only when the
        # number of rows it needs changes, not for each new epoch count (ten times a second).
        width = max(1, box.content_size.width)
        rows = sum(max(1, -(-len(line) // width)) for line in stats.plain.split("\n"))
        box.update(stats, layout=rows != self._stats_rows)
        self._stats_rows = rows
        wait = self._plotted_at + PLOT_SECONDS - time.monotonic()
        if plots == "next":
            self.call_after_refresh(self._plot_training)
        elif plots == "now" or wait <= 0 or not state.running or state.paused or state.done:
            self._plot_training()
        elif self._plot_timer is None:
            self._plot_timer = self.set_timer(wait, self._plot_training_paced)

    def _plot_training_paced(self) -> None:
        """The reports' paced plots: right after the frame of a key that came meanwhile (the
        key's own redraw goes first); while keys are coming, right after the next key's
        frame, where the one after it is least likely to land (but never PLOT_STALE_SECONDS
        late); else now."""
        if not KEYS.is_open:
            self.call_after_refresh(self._plot_training)
        elif KEYS.typing and time.monotonic() - self._plotted_at < PLOT_STALE_SECONDS:
            self._plot_timer = self.set_timer(KEY_POLL_SECONDS, self._plot_training_paced)
        else:
            self._plot_training()

    def _plot_training(self) -> None:
        """Draw the run's three plots from the latest state (at most every PLOT_SECONDS
        while it trains: each new drawing costs plotext ~10 ms, and reports come ten times
        a second)."""
        if self._plot_timer is not None:
            self._plot_timer.stop()
            self._plot_timer = None
        if self.view != TRAIN:
            return
        self._plotted_at = time.monotonic()
        state = self.train_state
        self.query_one("#train-plot", PlotView).spec = figures.training_fit_figure(state)
        self.query_one("#extrap-plot", PlotView).spec = figures.extrapolation_figure(state)
        self.query_one("#loss-plot", PlotView).spec = figures.loss_figure(state)

    def action_pause(self) -> None:
        """Hold or continue the run (a finished run is left as it is)."""
        state = self.train_state
        if state.done or not state.running:
            self.notify("Training has finished; r starts a new run with a new seed.")
            return
        self.state = self.state.pause_toggled()

    def action_restart(self) -> None:
        """A new run with the next seed, on the same data."""
        self.state = self.state.restarted()

    def action_toggle_data(self) -> None:
        """Train on the Fit mode's target instead of the notebook's x² (or back)."""
        self.state, note = self.state.data_toggled()
        if note:
            self.notify(note)


def _sweep_key(state: FitState) -> tuple[object, ...]:
    """What a state's error sweep depends on: the target's expression, interval, placement."""
    target = state.target
    return (target.expression.source, target.lo, target.hi, state.placement)
