"""Puzzle screen: set ReLU units with the keyboard until their sum matches the target."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from relu_tui.core import progress
from relu_tui.core.fmt import fmt
from relu_tui.core.parse import InputError
from relu_tui.core.puzzle import LEVELS, PuzzleState, level_by_key
from relu_tui.plotting import figures_puzzle as figures
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

MAX_UNITS = 5
PROGRESS_FILE = "puzzle"


class PuzzleScreen(LessonScreen):
    """Fit a piecewise-linear target by setting ReLU units with the keyboard."""

    TITLE = "Puzzle"
    HELP = (
        "The course lab's exercise 'Why non-linear activations?'. The network sums ReLU units: "
        "output = Σ v·ReLU(w·x + b). Each unit is a line cut off at one point, so the sum is "
        "piecewise linear. Set the free weights and biases until the blue output covers the "
        "gray target (solved when the largest gap on 300 points is at most 0.05).\n\n"
        "up/down choose a parameter, left/right move it by 0.1 (shift: 0.01), enter types a value. "
        "i shows the next hint, s reveals the solution (the level then counts as revealed, not "
        "solved), ] and [ change level, g opens a random level. Solved levels and your fewest key "
        "presses are saved."
    )
    BINDINGS = [
        Binding("i", "hint", "Hint"),
        Binding("s", "reveal", "Solution"),
        Binding("right_square_bracket", "level(1)", "Next level"),
        Binding("left_square_bracket", "level(-1)", "Prev level", show=False),
        Binding("g", "random_level", "Random level", show=False),
    ]
    """Hints, reveal, level select."""

    state: reactive[PuzzleState] = reactive(PuzzleState, always_update=True)
    """The level in play."""

    def __init__(self) -> None:
        super().__init__()
        self._progress, self._load_message = progress.load_json(PROGRESS_FILE, {"levels": {}})
        if not isinstance(self._progress.get("levels"), dict):
            self._progress = {"levels": {}}
        self._random_seed = 0

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="puzzle-main"):
            with Vertical(id="puzzle-plots"):
                yield PlotView(id="fit-plot")
                with Horizontal(id="unit-plots"):
                    for i in range(MAX_UNITS):
                        yield PlotView(id=f"unit-{i}")
            with Vertical(id="puzzle-side"):
                yield Static(id="level-title")
                yield ParamPanel(title="Units", id="units")
                yield Static(id="score")
                yield Static(id="hints")

    def on_mount(self) -> None:
        super().on_mount()
        options = getattr(self.app, "launch_options", {})
        level_key = options.get("level")
        if level_key is not None:
            try:
                seed = options.get("seed")
                self._random_seed = int(seed) if seed is not None else 0
                self.state = PuzzleState.of(level_by_key(str(level_key), seed))
            except InputError as error:
                self.notify_error(f"{error}; opened level 1")
        else:
            self._show(self.state)
        self.query_one(ParamPanel).focus()
        if self._load_message:
            self.notify_error(self._load_message)

    def watch_state(self, state: PuzzleState) -> None:
        if self.is_mounted:
            self._show(state)

    def _show(self, state: PuzzleState) -> None:
        level = state.level
        title = Text()
        title.append(f"Level {level.key}: {level.title}\n", style="bold")
        title.append(level.story)
        self.query_one("#level-title", Static).update(title)
        self.query_one(ParamPanel).params = state.params
        self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(state)
        specs = figures.unit_figures(state)
        for i in range(MAX_UNITS):
            view = self.query_one(f"#unit-{i}", PlotView)
            view.display = i < len(specs)
            view.spec = specs[i] if i < len(specs) else None
        score = state.score()
        text = Text()
        text.append(f"max error {fmt(score.max_error)}   mean {fmt(score.mean_error)}\n")
        text.append(f"key presses {state.presses}   best {self._best(level.key)}\n")
        if state.revealed:
            text.append("Solution revealed (not counted as solved)", style="bold")
        elif state.solved:
            text.append(f" Solved! in {state.presses} key presses ", style="bold reverse")
        self.query_one("#score", Static).update(text)
        hints = Text()
        for number, hint in enumerate(level.hints[: state.hints_shown], start=1):
            hints.append(f"{number}. {hint}\n")
        if state.hints_shown < len(level.hints) and not state.solved:
            hints.append(f"i: hint {state.hints_shown + 1} of {len(level.hints)}", style="dim")
        self.query_one("#hints", Static).update(hints)

    def _best(self, key: str) -> str:
        entry = self._progress["levels"].get(key)
        if isinstance(entry, dict) and isinstance(entry.get("best"), int):
            return str(entry["best"])
        return "-"

    def _record(self, state: PuzzleState) -> None:
        levels = self._progress["levels"]
        entry = levels.get(state.level.key) if isinstance(levels.get(state.level.key), dict) else {}
        best = entry.get("best") if isinstance(entry.get("best"), int) else None
        levels[state.level.key] = {"solved": True,
                                   "best": state.presses if best is None else min(best, state.presses)}
        try:
            progress.save_json(PROGRESS_FILE, self._progress)
        except OSError as error:
            self.notify_error(f"Could not save progress: {error.strerror}")

    @on(ParamPanel.Changed)
    def _apply(self, event: ParamPanel.Changed) -> None:
        was_solved = self.state.solved
        new = self.state.with_param(event.name, event.value)
        if new.solved and not was_solved:
            self._record(new)
        self.state = new

    def action_hint(self) -> None:
        """Show the next hint."""
        self.state = self.state.with_hint()

    def action_reveal(self) -> None:
        """Show the solution; the level is marked revealed, not solved."""
        self.state = self.state.revealed_solution()

    def action_level(self, delta: int) -> None:
        """Next or previous built-in level."""
        keys = [level.key for level in LEVELS]
        current = keys.index(self.state.level.key) if self.state.level.key in keys else -1
        target = min(max(current + delta, 0), len(LEVELS) - 1)
        self.state = PuzzleState.of(LEVELS[target])

    def action_random_level(self) -> None:
        """A new seeded random level."""
        self._random_seed += 1
        self.state = PuzzleState.of(level_by_key("random", self._random_seed))

    def action_reset(self) -> None:
        """This level from its start."""
        self.state = PuzzleState.of(self.state.level)
