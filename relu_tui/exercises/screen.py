"""Exercises screen: the course, with each exercise's status; enter sets one on its screen."""

from __future__ import annotations

from dataclasses import replace
from weakref import WeakSet

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relu_tui.base import progress
from relu_tui.base.ascii import ascii_text
from relu_tui.base.parse import InputError, parse_number_list
from relu_tui.base.text import printable
from relu_tui.exercises import quantities as qty
from relu_tui.exercises import records
from relu_tui.exercises.adapter import ADAPTERS
from relu_tui.exercises.attempt import Attempt
from relu_tui.exercises.course import (
    Course,
    Exercise,
    builtin_course,
    grouped,
    load_course_file,
)
from relu_tui.exercises.hold import Host
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.puzzle.state import PRESS_RULE, PuzzleState
from relu_tui.ui.app import ReluApp
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.task_bar import TaskBar


class ExerciseRun:
    """An exercise running on a LessonScreen: the attempt, and what to put back after it.

    The screen calls `check`, `hint`, `answered`, `press` and `leave`; everything they
    change about the screen goes through `host`, the screen's adapter holding it.
    """

    def __init__(self, exercise: Exercise, host: Host, start: object) -> None:
        self.exercise = exercise
        self.host = host
        self.attempt = Attempt(exercise, start)
        self._saved_tried = False

    # ------------------------------------------------------------------ keys

    def check(self, screen: LessonScreen) -> None:
        """`c`: judge the screen's state now, or open the answer field for typed values."""
        if self.exercise.ask:
            screen.query_one(TaskBar).open_prompt()
            return
        self._judge(screen, None)

    def answered(self, screen: LessonScreen, text: str) -> None:
        """Enter in the answer field: read the numbers and judge them."""
        bar = screen.query_one(TaskBar)
        count = len(self.exercise.ask)
        try:
            values = parse_number_list(text, max_items=count)
        except InputError as error:
            self._show(screen, f"{error}; type {count} number{'s' if count > 1 else ''}")
            return
        if len(values) != count:
            self._show(screen, f"type {count} numbers: {', '.join(self.exercise.ask)}")
            return
        bar.close_prompt()
        self._judge(screen, values)

    def hint(self, screen: LessonScreen) -> None:
        """`i`: the next hint; after the last, the answer (marked revealed)."""
        was_revealed = self.attempt.revealed
        self.attempt = self.attempt.with_hint()
        if self.attempt.revealed and not was_revealed:
            self.host.reveal()
            self._save(screen, records.Record(tried=True, revealed=True))
        self._draw(screen)  # the bar shows the whole hint: no pop-up over it

    def changed(self, old: object, new: object) -> None:
        """The screen's watched state changed: one key press if the person made the change
        (`PRESS_RULE`)."""
        if self.host.counts(old, new):
            self.attempt = self.attempt.with_press()

    def moved(self) -> None:
        """A panel's selection moved: one key press."""
        self.attempt = self.attempt.with_press()

    async def leave(self, screen: LessonScreen) -> None:
        """escape: put the screen back as it was, and return to the course."""
        await self.host.restore()
        screen.end_exercise()
        if "exercises" in screen.app.screen_names:
            await screen.app.switch_mode("exercises")

    # ------------------------------------------------------------------ judging

    def _presses(self, screen: LessonScreen) -> int:
        own = self.host.own_presses()
        return self.attempt.presses if own is None else own  # the Puzzle's: one record

    def _judge(self, screen: LessonScreen, answers: tuple[float, ...] | None) -> None:
        state = self.host.read()
        revealed = isinstance(state, PuzzleState) and state.revealed
        if revealed and not self.attempt.revealed:
            # the Puzzle's own reveal (s) counts as the exercise's
            self.attempt = replace(self.attempt, revealed=True)
            self._save(screen, records.Record(tried=True, revealed=True))
        was_solved = self.attempt.solved
        self.attempt = self.attempt.judged(state, answers)
        if self.attempt.solved and not was_solved:
            presses = self._presses(screen)
            self.attempt = replace(
                self.attempt, message=f"solved in {presses} key presses; esc returns to the course"
            )
            self._save(screen, records.Record().with_solve(presses))
        elif not self._saved_tried:
            self._save(screen, records.Record(tried=True))
        self._saved_tried = True
        self._draw(screen)

    def _save(self, screen: LessonScreen, record: records.Record) -> None:
        try:
            records.save_record(self.exercise.id, record, puzzle_level=self.exercise.level)
        except OSError as error:
            screen.notify_error(
                f"Could not save exercise progress in "
                f"{progress.state_dir()}: {error.strerror or error}"
            )

    def _show(self, screen: LessonScreen, message: str) -> None:
        self.attempt = replace(self.attempt, message=message)
        self._draw(screen)

    def _draw(self, screen: LessonScreen) -> None:
        screen.query_one(TaskBar).attempt = self.attempt


async def start_exercise(app: ReluApp, exercise: Exercise) -> LessonScreen:
    """Open the exercise's screen in its starting state, with the task bar.

    What the person had on that screen is kept (from before the first exercise run there)
    and put back when they leave.

    Raises:
        InputError: the starting state cannot be built.
    """
    start = qty.start_state(exercise.screen, exercise.start)
    await app.switch_mode(exercise.screen)
    screen = app.screen
    if not isinstance(screen, LessonScreen):
        raise InputError(f"the {exercise.screen} screen is not open")
    running = screen.exercise_run
    if isinstance(running, ExerciseRun):
        host = running.host  # what the person had before the first exercise stays saved
        await host.open(start)
    else:
        host = await ADAPTERS[exercise.screen].attach(screen, start)
    screen.begin_exercise(ExerciseRun(exercise, host, start))
    _count_changes(screen, host)
    return screen


_COUNTED: WeakSet[LessonScreen] = WeakSet()
"""Screens whose changes are being watched for the exercise running on them."""


def _count_changes(screen: LessonScreen, host: Host) -> None:
    """Watch what the person changes on `screen` (its state, and every panel's selection),
    once per screen; each change counts for the exercise running there at the time."""
    if screen in _COUNTED:
        return
    _COUNTED.add(screen)

    def changed(old: object, new: object) -> None:
        if isinstance(screen.exercise_run, ExerciseRun):
            screen.exercise_run.changed(old, new)

    def moved(old: int, new: int) -> None:
        if isinstance(screen.exercise_run, ExerciseRun) and old != new:
            screen.exercise_run.moved()

    screen.watch(screen, host.watched, changed, init=False)
    for panel in screen.query(ParamPanel):
        screen.watch(panel, "cursor", moved, init=False)


class ExercisesScreen(LessonScreen):
    """The course: every exercise by screen, its status and best solve; enter starts one."""

    TITLE = "Exercises"
    LESSON = "exercises"
    HELP = (
        "A course of exercises set on the other screens. Each asks you to predict a value "
        "(type a number), find an input with a property (type it), or reach a state with "
        "the screen's own controls. enter opens the exercise's screen in its starting state "
        "with a task bar at the bottom: c checks (for typed answers c opens a field; enter "
        "checks), i shows the next hint and, after the last, the answer (the exercise is then "
        "marked revealed, not solved), escape leaves and puts the screen back as you had it.\n\n"
        + PRESS_RULE
        + "\n\nStatus: new, tried (checked at least once), revealed, solved (with the fewest "
        "key presses of a solve). Records are saved with the Puzzle's in the state directory; "
        "the Puzzle's levels are the Puzzle's own records.\n\n"
        "A teacher adds exercises with relu-tui exercises --course FILE.toml (see the README)."
    )
    BINDINGS = [
        Binding("enter", "start", "Start", show=False),
    ]
    """enter starts the highlighted exercise (the list's own select)."""

    def __init__(self) -> None:
        super().__init__()
        self.course: Course = builtin_course()
        self.records: dict[str, records.Record] = {}
        self._messages: list[str] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="course-summary", markup=False)
        listing = OptionList(id="course-list")
        listing.border_title = "status   best  kind     exercise"
        yield listing
        yield Static(id="course-detail", markup=False)

    def on_mount(self) -> None:
        path = self.app.launch_options.setting("course") or None
        if path:
            extra = load_course_file(str(path))
            self.course = self.course.extended(extra)
            added = len(extra.exercises) - sum(
                1 for e in extra.exercises if self.course.by_id(e.id) is not e
            )
            plural = "s" if added != 1 else ""
            self._messages.append(
                f"{printable(str(path), limit=60)}: {added} exercise{plural} added"
            )
        for error in self.course.errors:
            self.notify_error(error)
        if self.course.errors:
            problems = "\n".join(self.course.errors)
            self.HELP = (  # type: ignore[misc]  # this screen's own help, with the problems
                f"{type(self).HELP}\n\nProblems in the course file:\n{problems}"
            )
        self._reload()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._reload()

    def _reload(self) -> None:
        levels = [e.id for e in self.course.exercises if e.level is not None]
        self.records, messages = records.load_records(levels)
        for message in messages:
            self.notify_error(message)
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for screen, exercises in grouped(self.course.exercises, list(SCREENS)):
            title = SCREENS[screen].title if screen in SCREENS else screen
            key = SCREENS[screen].key if screen in SCREENS else ""
            listing.add_option(
                Option(Text(f"{title} ({key})", style="bold"), id=f"-{screen}", disabled=True)
            )
            listing.add_options(Option(self._row(e), id=e.id) for e in exercises)
        if highlighted is None or highlighted >= listing.option_count:
            highlighted = 1
        listing.highlighted = highlighted
        self._summarise()
        self._detail()

    def _text(self, text: str) -> str:
        return ascii_text(text) if self.display_options.ascii_only else text

    def _row(self, exercise: Exercise) -> Text:
        record = self.records.get(exercise.id, records.Record())
        best = f"{record.best:>4}" if record.best is not None else "    "
        row = Text(no_wrap=True, overflow="ellipsis")
        style = {"solved": "bold", "revealed": "italic", "tried": "", "new": "dim"}[record.status]
        row.append(f"{record.status:<8}", style=style)
        row.append(f" {best}  {exercise.kind:<8} ")
        row.append(self._text(exercise.title))
        return row

    def _summarise(self) -> None:
        total = len(self.course.exercises)
        solved = sum(
            1 for e in self.course.exercises if self.records.get(e.id, records.Record()).solved
        )
        notes = [f"{solved} of {total} solved", "enter starts one", "best = fewest key presses"]
        if self.course.errors:
            notes.append(f"{len(self.course.errors)} problem(s) in the course file (see ?)")
        notes.extend(self._messages)
        self.query_one("#course-summary", Static).update(
            Text(self._text("; ".join(notes)), no_wrap=True, overflow="ellipsis")
        )

    def _selected(self) -> Exercise | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.course.by_id(option.id or "")

    def _detail(self) -> None:
        exercise = self._selected()
        detail = self.query_one("#course-detail", Static)
        if exercise is None:
            detail.update("")
            return
        record = self.records.get(exercise.id, records.Record())
        best = f", best {record.best} key presses" if record.best is not None else ""
        text = Text()
        text.append(self._text(exercise.title), style="bold")
        text.append(f"  ({exercise.kind} on {exercise.screen}, {record.status}{best})\n")
        text.append(self._text(exercise.statement) + "\n")
        text.append(f"{len(exercise.hints)} hint(s); from {exercise.source}", style="dim")
        detail.update(text)

    def action_reset(self) -> None:
        """Read the records again (another instance may have saved some)."""
        self._reload()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    @on(OptionList.OptionSelected)
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.action_start()

    async def action_start(self) -> None:
        """Open the highlighted exercise on its screen."""
        exercise = self._selected()
        if exercise is None:
            return
        try:
            await start_exercise(self.app, exercise)
        except InputError as error:
            self.notify_error(f"{exercise.id}: {error}")
