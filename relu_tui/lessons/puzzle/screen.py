"""Puzzle screen: set ReLU units with the keyboard until their sum matches the target."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Input, Static

from relu_tui.base import progress
from relu_tui.base.ascii import ascii_params, ascii_text
from relu_tui.base.fmt import fmt
from relu_tui.lessons.puzzle import figures
from relu_tui.lessons.puzzle.levels import LEVELS, level_by_key
from relu_tui.lessons.puzzle.records import check_records, merge_records, record_problem
from relu_tui.lessons.puzzle.state import PRESS_RULE, PuzzleState, fit_hints
from relu_tui.lessons.puzzle.units import STEP, snap
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.level_select import LevelSelect
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

MAX_UNITS = 5
UNIT_PLOT_ROWS = 10
"""A unit plot's rows: title, frame, tick labels and 6 data rows (fewer would be a smear)."""
PANEL_EXTRA_ROWS = 4
"""The Units panel's rows besides one per parameter: its border and its note line."""
SCORE_ROWS = 5
"""Rows a unit's plot needs to be readable: title, four rows of curve, axis and ticks."""
PROGRESS_FILE = "puzzle"


class PuzzleScreen(LessonScreen):
    """Fit a piecewise-linear target by setting ReLU units with the keyboard."""

    TITLE = "Puzzle"
    LESSON = "puzzle"
    HELP = (
        "The course lab's exercise 'Why non-linear activations?'. The network sums ReLU units: "
        "output = Σ v·ReLU(w·x + b). Each unit is a line cut off at one point (where w·x + b = 0), "
        "so the sum is piecewise linear, and a unit that is off cannot disturb the segments "
        "before (or after) it. Set the free weights and biases until the network's output covers "
        "the target: solved when the largest gap on 300 points is at most 0.05. The small "
        "plots on the right show each unit's z = w·x + b and its output a = ReLU(z), with "
        "a line where it switches.\n\n"
        "Values move on a 0.1 grid (a typed value is rounded to it). "
        + PRESS_RULE
        + " Hints come one at a time; revealing the solution marks the level revealed, "
        "not solved, until "
        "you start it again. Each level you complete is saved with your fewest key presses; "
        "after it is solved, the next level is one key away."
    )
    BINDINGS = [
        Binding("n", "next_level", "Next level"),
        Binding("i", "hint", "Hint"),
        Binding("s", "reveal", "Solution"),
        # priority: the list opens as the key arrives, so keys right after it reach the list
        Binding("o", "choose_level", "Levels", priority=True),
        Binding("right_square_bracket", "level(1)", "Next level", show=False),
        Binding("left_square_bracket", "level(-1)", "Prev level", show=False),
        Binding("g", "random_level", "Random level", show=False),
    ]
    """Hints, reveal, level select."""

    state: var[PuzzleState] = var(PuzzleState, always_update=True)
    """The level in play."""

    def __init__(self) -> None:
        super().__init__()
        self._records = progress.RecordFile(
            PROGRESS_FILE, default={"levels": {}}, validate=check_records, merge=merge_records
        )
        self._load_message = self._records.load()
        self._random_seed = 0
        self._slots = MAX_UNITS
        self._height = 40
        self._compact = False
        self._window_start = 0
        self._fit_key: tuple[object, ...] | None = None

    def compose_body(self) -> ComposeResult:
        # Left: the level, its whole target, the fit and the hints; right: the keys' panel,
        # the score, then the unit plots (or, where they would be smears, their numbers).
        with Horizontal(id="puzzle-main"):
            with Vertical(id="puzzle-left"):
                yield Static(id="level-title")
                yield PlotView(id="fit-plot")
                yield Static(id="hints")
            with Vertical(id="unit-plots"):
                yield ParamPanel(
                    title="Units",
                    id="units",
                    apply=self._requested,
                    select=self._count_selection,
                )
                with Vertical(id="puzzle-status"):
                    yield Static(id="score")
                yield Static(id="unit-window")
                for i in range(MAX_UNITS):
                    yield PlotView(id=f"unit-{i}", classes="unit-plot")

    def on_mount(self) -> None:
        launched = self.launch_state()  # the command line's settings (the lesson's state_from)
        if launched is not None:
            self.state = launched
            self._random_seed = int(self.current_settings()["seed"])
        self._show(self.state)
        self.query_one(ParamPanel).focus()
        if self._load_message:
            self.notify_error(self._load_message)
            self._load_message = None

    def _fit(self, width: int, height: int) -> None:
        """Hints get 4 rows at 24 lines, up to 8 on a taller terminal; a fixed height, so
        showing a hint does not resize (and redraw) the plots."""
        super()._fit(width, height)
        self._height = height
        self.query_one("#hints").styles.height = min(8, max(6, height - 26))
        self._compact = height < 30
        self._fit_slots()
        if self.is_mounted:
            self._show(self.state)

    def _fit_slots(self) -> None:
        """Unit plots that get UNIT_PLOT_ROWS rows each under the panel and the score; none
        (their numbers instead) where that leaves less than one."""
        panel = len(self.state.params) + PANEL_EXTRA_ROWS
        free = self._height - 2 - panel - SCORE_ROWS - 1
        self._slots = max(0, free // UNIT_PLOT_ROWS)

    def watch_state(self, old: PuzzleState, state: PuzzleState) -> None:
        if self.is_mounted:
            self._show(state)
            if (old.solved, old.revealed) != (state.solved, state.revealed):
                self.refresh_bindings()  # n (next level) comes and goes with them

    def _show(self, state: PuzzleState) -> None:
        level = state.level
        keys = [built.key for built in LEVELS]
        place = f"{keys.index(level.key) + 1}/{len(LEVELS)}" if level.key in keys else level.key
        entry = self._entry(level.key)
        solved = f"  (solved, best {entry['best']})" if entry else ""
        self.update_static(
            "#level-title",
            (
                f"Level {place}: {level.title}",
                solved,
                f"\nTarget {level.target_text(compact=True)}",
                self._compact,
            ),
            self._title_text,
        )
        self.query_one(ParamPanel).params = (
            ascii_params(state.params) if self._ascii() else state.params
        )
        units = state.units()
        fit_key = (level.key, units)
        if fit_key != self._fit_key:
            self._fit_key = fit_key
            self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(state)
        self._fit_slots()
        shown = self._unit_window(len(units))
        for i in range(MAX_UNITS):
            view = self.query_one(f"#unit-{i}", PlotView)
            view.display = i in shown
            if i in shown:
                view.spec = figures.unit_figure(i, *units[i], fixed=not level.units[i].free)
        if not shown:  # no room for a readable plot: each unit's switch as text
            note = "\n".join(
                figures.unit_figure(i, *unit, fixed=not level.units[i].free).title
                for i, unit in enumerate(units)
            )
        elif len(shown) == len(units):
            note = ""
        else:
            note = f"Units {shown[0]}-{shown[-1]} of 0-{len(units) - 1} (up/down: others)"
        plain = ascii_text if self._ascii() else str
        self.update_static("#unit-window", plain(note), lambda text: text)
        window = self.query_one("#unit-window")
        window.display = bool(note)
        window.set_class(not shown, "-list")
        self._show_status(state)

    def _title_text(self, parts: tuple[str, str, str, bool]) -> Text:
        """Level, record and target (on a short terminal `_fit` keeps each to one line)."""
        title, record, target, _compact = parts
        plain = ascii_text if self._ascii() else str
        return Text.assemble((plain(title), "bold"), record, plain(target))

    def _unit_window(self, count: int) -> range:
        """The units whose plots fit: all of them, or a run that holds the selected
        parameter's unit and moves only when the selection leaves it."""
        slots = min(count, self._slots)
        if slots == 0:
            return range(0)
        selected = self.query_one(ParamPanel).selected
        index = int(selected.name[1:]) if selected is not None else 0
        start = min(self._window_start, count - slots)
        if index < start:
            start = index
        elif index >= start + slots:
            start = index - slots + 1
        self._window_start = start
        return range(start, start + slots)

    def _show_status(self, state: PuzzleState) -> None:
        score = state.score()
        best = self._entry(state.level.key)
        best_text = str(best["best"]) if best else "-"
        lines = (
            f"max error {fmt(score.max_error)}\nmean error {fmt(score.mean_error)}\n"
            f"key presses {state.presses}, best {best_text}\n"
        )
        beyond = figures.network_kinks(state).extrapolation(3, compact=True)
        if state.revealed:
            banner = ("Revealed, not solved (r: again)", "bold")
        elif state.solved:
            banner = (f" Solved! {state.presses} key presses, best {best_text} ", "bold reverse")
        else:
            banner = ("", "")
        self.update_static(
            "#score",
            (lines, banner, ("\n" if banner[0] else "") + beyond),
            lambda parts: Text.assemble(*parts),
            layout=False,
        )
        box = self.query_one("#hints")
        size = (
            box.content_size.width or 30,
            int(box.styles.height.value) if box.styles.height is not None else 5,
        )
        level = state.level
        if state.solved:
            key: tuple[object, ...] = ("solved", level.lesson, size)
        else:
            shown = state.hints_shown
            total = len(level.hints) if not state.revealed else shown
            key = (level.story, level.hints[:total], shown, size)
        ascii_only = self._ascii()
        self.update_static(
            "#hints",
            (key, ascii_only),
            lambda _: self._hints_text(state, *size, ascii_only),
            layout=False,
        )

    def _ascii(self) -> bool:
        return self.display_options.ascii_only

    @staticmethod
    def _hints_text(state: PuzzleState, width: int, height: int, ascii_only: bool) -> Text:
        """The story, the newest hints that fit whole, or once solved what the level taught."""
        level = state.level
        plain = ascii_text if ascii_only else str
        if state.solved:
            text = Text("What this level shows\n", style="bold")
            text.append("\n".join(fit_hints(plain(level.lesson), (), 0, width, height - 1)))
            return text
        hints = level.hints if not state.revealed else level.hints[: state.hints_shown]
        lines = fit_hints(
            plain(level.story), tuple(plain(h) for h in hints), state.hints_shown, width, height
        )
        more = state.hints_shown < len(hints)
        text = Text("\n".join(lines[:-1] if more else lines))
        if more:
            text.append(("\n" if len(lines) > 1 else "") + lines[-1], style="dim")
        return text

    def _entry(self, key: str) -> dict[str, int] | None:
        """This level's saved record, if it was solved and the record is well formed."""
        entry = self._records.data["levels"].get(key)
        return entry if record_problem(entry) is None else None

    def _record(self, state: PuzzleState) -> None:
        entry = self._entry(state.level.key)
        best = state.presses if entry is None else min(entry["best"], state.presses)
        self._records.data["levels"][state.level.key] = {"solved": True, "best": best}
        try:
            self._records.save()  # merged with the file: another instance's records stay
        except progress.ProgressError as error:
            self.notify_error(str(error))

    def _requested(self, change: ParamPanel.Changed) -> None:
        """A nudge or a typed value, handed over in the key's own handler: the unit plots,
        the fit and the panel are redrawn in one frame, and a burst of arrows loses none."""
        self._apply_value(change.name, change.value)

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

    def _count_selection(self, _: ParamPanel.Selected) -> None:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        done = self.state.solved or self.state.revealed
        if action == "next_level":  # offered once the level is done
            return done
        if action in ("hint", "reveal"):  # nothing left to hint at or reveal
            return not done
        # 'o' typed into a value field is the field's, not the level list's
        return not (action == "choose_level" and isinstance(self.focused, Input))

    def action_next_level(self) -> None:
        """After a solve: the next built level (after the last, or a random one: a new
        random level)."""
        keys = [level.key for level in LEVELS]
        key = self.state.level.key
        if key in keys and keys.index(key) + 1 < len(LEVELS):
            self.action_level(1)
        else:
            self.action_random_level()

    def action_choose_level(self) -> None:
        """A list of the levels, with what was solved and the fewest key presses."""
        rows = []
        width = max(len(level.title) for level in LEVELS)
        for level in LEVELS:
            entry = self._entry(level.key)
            record = f"best {entry['best']} key presses" if entry else ""
            rows.append((level.key, ascii_text(f"{level.key}  {level.title:<{width}}  {record}")))
        rows.append(("random", f"   A new random level (seed {self._random_seed + 1})"))
        self.app.push_screen(LevelSelect(rows, self.state.level.key), self._open_chosen)

    def _open_chosen(self, key: str | None) -> None:
        if key == "random":
            self.action_random_level()
        elif key is not None:
            self._open(PuzzleState.of(level_by_key(key)))

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
        self._window_start = 0
        panel.message = ""
        self.state = state
