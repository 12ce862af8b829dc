"""Puzzle screen: set ReLU units with the keyboard until their sum matches the target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from relu_tui.core import progress
from relu_tui.core.fmt import fmt
from relu_tui.core.parse import InputError
from relu_tui.core.puzzle import LEVELS, STEP, PuzzleState, level_by_key, snap
from relu_tui.plotting import figures_puzzle as figures
from relu_tui.plotting.spec import PlotSpec
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

MAX_UNITS = 5
PROGRESS_FILE = "puzzle"


class UnitsPanel(ParamPanel):
    """ParamPanel whose arrow keys post a step count, not a value.

    ParamPanel posts `Changed(value)` computed from the params it holds; in a fast burst of
    arrow keys (a held key, or keys sent together) every key is handled before the screen has
    handed back new params, so each press would post the same value and most presses would be
    lost. Posting the steps lets the screen apply each press to its own current state.
    """

    @dataclass
    class Nudged(Message):
        """The person pressed an arrow: move `name` by `steps` steps."""

        panel: UnitsPanel
        name: str
        steps: float

        @property
        def control(self) -> UnitsPanel:
            return self.panel

    def action_nudge(self, steps: float) -> None:
        param = self.selected
        if param is None:
            return
        self.message = ""
        self.post_message(self.Nudged(self, param.name, steps))


class PuzzleScreen(LessonScreen):
    """Fit a piecewise-linear target by setting ReLU units with the keyboard."""

    TITLE = "Puzzle"
    HELP = (
        "The course lab's exercise 'Why non-linear activations?'. The network sums ReLU units: "
        "output = Σ v·ReLU(w·x + b). Each unit is a line cut off at one point (where w·x + b = 0), "
        "so the sum is piecewise linear, and a unit that is off cannot disturb the segments "
        "before (or after) it. Set the free weights and biases until the network's output covers "
        "the gray target: solved when the largest gap on 300 points is at most 0.05. The small "
        "plots on the right show each unit's z = w·x + b (gray) and its output a = ReLU(z), with "
        "a line where it switches.\n\n"
        "up/down choose a parameter, left/right move it by 0.1, enter types a value (rounded to "
        "the 0.1 grid). Every key that chooses or moves a parameter counts as a key press (a "
        "typed value counts once). i shows the next hint, s reveals the solution (the level then "
        "counts as revealed, not solved; r starts it again), ] and [ change level, g opens a new "
        "random level. Solved levels and your fewest key presses are saved."
    )
    BINDINGS = [
        Binding("i", "hint", "Hint"),
        Binding("s", "reveal", "Solution"),
        Binding("right_square_bracket", "level(1)", "Next level"),
        Binding("left_square_bracket", "level(-1)", "Prev level", show=False),
        Binding("g", "random_level", "Random level", show=False),
    ]
    """Hints, reveal, level select."""

    state: var[PuzzleState] = var(PuzzleState, always_update=True)
    """The level in play."""

    def __init__(self) -> None:
        super().__init__()
        default: dict[str, Any] = {"levels": {}}
        self._progress, self._load_message = progress.load_json(PROGRESS_FILE, default)
        if not isinstance(self._progress.get("levels"), dict):
            self._progress = {"levels": {}}
            self._load_message = (f"Saved puzzle progress in {progress.state_dir()} had no level "
                                  "list; starting fresh (it is replaced when you solve a level).")
        self._random_seed = 0
        self._unit_specs: dict[tuple[object, ...], PlotSpec] = {}
        self._fit_key: tuple[object, ...] | None = None
        self._shown: dict[str, object] = {}
        """What each Static shows now, so an unchanged one is not updated."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="puzzle-main"):
            with Vertical(id="puzzle-left"):
                yield Static(id="level-title")
                yield PlotView(id="fit-plot")
                with Horizontal(id="puzzle-controls"):
                    yield UnitsPanel(title="Units", id="units")
                    with Vertical(id="puzzle-status"):
                        yield Static(id="score")
                        with VerticalScroll(id="hints-box", can_focus=False):
                            yield Static(id="hints")
            with Vertical(id="unit-plots"):
                for i in range(MAX_UNITS):
                    yield PlotView(id=f"unit-{i}", classes="unit-plot")

    def on_mount(self) -> None:
        super().on_mount()
        options = getattr(self.app, "launch_options", {}) or {}
        level_key = options.get("level")
        seed = options.get("seed")
        if seed is not None:
            self._random_seed = int(seed)
        if level_key is not None:
            try:
                self.state = PuzzleState.of(level_by_key(str(level_key), self._random_seed))
            except InputError as error:
                self.notify_error(f"{error}; opened level 1")
        self._show(self.state)
        self.query_one(ParamPanel).focus()
        if self._load_message:
            self.notify_error(self._load_message)
            self._load_message = None

    def _fit(self, width: int, height: int) -> None:
        """Hints take up to 5 rows at 24 lines, more on a taller terminal."""
        super()._fit(width, height)
        self.query_one("#hints-box").styles.max_height = max(5, height - 28)

    def watch_state(self, state: PuzzleState) -> None:
        if self.is_mounted:
            self._show(state)

    def _show(self, state: PuzzleState) -> None:
        level = state.level
        keys = [built.key for built in LEVELS]
        place = f"{keys.index(level.key) + 1}/{len(LEVELS)}" if level.key in keys else level.key
        entry = self._entry(level.key)
        solved = f"  (solved, best {entry['best']})" if entry else ""
        self._update("#level-title", (f"Level {place}: {level.title}", solved,
                                      f"\nTarget: {level.target_text(compact=True)}"),
                     lambda parts: Text.assemble((parts[0], "bold"), parts[1], parts[2]))
        self.query_one(ParamPanel).params = state.params
        units = state.units()
        fit_key = (level.key, units)
        if fit_key != self._fit_key:
            self._fit_key = fit_key
            self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(state)
        for i in range(MAX_UNITS):
            view = self.query_one(f"#unit-{i}", PlotView)
            view.display = i < len(units)
            if i < len(units):
                view.spec = self._unit_spec(i, units[i], fixed=not level.units[i].free)
        self._show_status(state)

    def _update(self, selector: str, content: object, build: Any, *, layout: bool = True) -> bool:
        """Update a Static only when what it shows has changed (an update costs a layout,
        unless the Static's size is fixed: then `layout=False`)."""
        if self._shown.get(selector) == content:
            return False
        self._shown[selector] = content
        self.query_one(selector, Static).update(build(content), layout=layout)
        return True

    def _unit_spec(self, index: int, unit: tuple[float, float, float], *, fixed: bool) -> PlotSpec:
        """The same spec object for an unchanged unit, so its plot is not drawn again."""
        key = (index, *unit, fixed)
        spec = self._unit_specs.get(key)
        if spec is None:
            if len(self._unit_specs) > 64:
                self._unit_specs.clear()
            spec = self._unit_specs[key] = figures.unit_figure(index, *unit, fixed=fixed)
        return spec

    def _show_status(self, state: PuzzleState) -> None:
        score = state.score()
        best = self._entry(state.level.key)
        best_text = str(best["best"]) if best else "-"
        lines = (f"max error {fmt(score.max_error)}, mean {fmt(score.mean_error)}\n"
                 f"key presses {state.presses}, best {best_text}\n")
        if state.revealed:
            banner = ("Revealed, not solved (r: again)", "bold")
        elif state.solved:
            banner = (f" Solved! {state.presses} key presses, best {best_text} ", "bold reverse")
        else:
            banner = ("", "")
        self._update("#score", (lines, banner), lambda parts: Text.assemble(*parts), layout=False)
        total = len(state.level.hints)
        shown = state.level.hints[: state.hints_shown]
        more = state.hints_shown < total and not (state.solved or state.revealed)
        key = (state.level.story if not shown else "", shown, more and state.hints_shown)
        if self._update("#hints", (key, more), lambda _: self._hints_text(state, more)):
            self.query_one("#hints-box", VerticalScroll).scroll_end(animate=False)

    @staticmethod
    def _hints_text(state: PuzzleState, more: bool) -> Text:
        hints = Text()
        total = len(state.level.hints)
        if state.hints_shown == 0:
            hints.append(f"{state.level.story}\n")
        for number, hint in enumerate(state.level.hints[: state.hints_shown], start=1):
            hints.append(f"Hint {number}/{total}: {hint}\n")
        if more:
            hints.append(f"i: hint {state.hints_shown + 1} of {total}", style="dim")
        return hints

    def _entry(self, key: str) -> dict[str, int] | None:
        """This level's saved record, if it was solved and the record is well formed."""
        entry = self._progress["levels"].get(key)
        if isinstance(entry, dict) and isinstance(entry.get("best"), int):
            return entry
        return None

    def _record(self, state: PuzzleState) -> None:
        entry = self._entry(state.level.key)
        best = state.presses if entry is None else min(entry["best"], state.presses)
        self._progress["levels"][state.level.key] = {"solved": True, "best": best}
        try:
            progress.save_json(PROGRESS_FILE, self._progress)
        except OSError as error:
            self.notify_error(f"Could not save progress in {progress.state_dir()}: "
                              f"{error.strerror or error}")

    @on(ParamPanel.Changed)
    def _typed(self, event: ParamPanel.Changed) -> None:
        self._apply_value(event.name, event.value)

    def _apply_value(self, name: str, value: float) -> None:
        panel = self.query_one(ParamPanel)
        new = self.state.with_param(name, value)
        label = next(p.label for p in self.state.params if p.name == name)
        if new is self.state:
            panel.message = f"{label} moves in steps of {fmt(STEP)} here"
            return
        if snap(value) != value:
            panel.message = f"{label} rounded to {fmt(snap(value))} (steps of {fmt(STEP)})"
        if new.solved and not self.state.solved:
            self._record(new)
        self.state = new

    @on(UnitsPanel.Nudged)
    def _nudge(self, event: UnitsPanel.Nudged) -> None:
        param = next(p for p in self.state.params if p.name == event.name)
        moved = param.nudged(event.steps)
        if moved.value == param.value:
            side = "upper" if event.steps > 0 else "lower"
            self.query_one(ParamPanel).message = f"{param.label} is at its {side} limit"
            return
        self._apply_value(event.name, moved.value)

    @on(ParamPanel.Selected)
    def _count_selection(self) -> None:
        self.state = self.state.with_press()

    def action_hint(self) -> None:
        """Show the next hint."""
        self.state = self.state.with_hint()

    def action_reveal(self) -> None:
        """Show the solution; the level is marked revealed, not solved."""
        self.state = self.state.revealed_solution()

    def action_level(self, delta: int) -> None:
        """Next or previous built-in level (from a random level: back to the built ones)."""
        keys = [level.key for level in LEVELS]
        if self.state.level.key in keys:
            target = keys.index(self.state.level.key) + delta
        else:
            target = 0 if delta > 0 else len(LEVELS) - 1
        if not 0 <= target < len(LEVELS):
            self.notify(f"Levels go from 1 to {len(LEVELS)}; g opens a random level", timeout=3)
            return
        self._open(PuzzleState.of(LEVELS[target]))

    def action_random_level(self) -> None:
        """A new seeded random level."""
        self._random_seed += 1
        self._open(PuzzleState.of(level_by_key("random", self._random_seed)))

    def action_reset(self) -> None:
        """This level from its start."""
        self._open(PuzzleState.of(self.state.level))

    def _open(self, state: PuzzleState) -> None:
        panel = self.query_one(ParamPanel)
        panel.cursor = 0
        panel.message = ""
        self.state = state
