"""LessonScreen: the frame every screen shares (header, body, too-small notice, footer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from rich.console import RenderableType
from textual import getters, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.lesson import Lesson, SettingValue, TextSetting
from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import KeysFooter, merged_bindings
from relu_tui.ui.display import DisplayOptions, display_options
from relu_tui.ui.widgets.show import update_if_changed
from relu_tui.ui.widgets.task_bar import Attempt, TaskBar

MIN_WIDTH = 80
MIN_HEIGHT = 24


class ExerciseRunning(Protocol):
    """What this frame needs of an exercise running on it (`exercises.screen.ExerciseRun`
    has it): a protocol, so the shared frame needs nothing from the exercises package."""

    @property
    def attempt(self) -> Attempt: ...
    def check(self, screen: LessonScreen) -> None: ...
    def hint(self, screen: LessonScreen) -> None: ...
    def answered(self, screen: LessonScreen, text: str) -> None: ...
    async def leave(self, screen: LessonScreen) -> None: ...


class LessonScreen(Screen[None]):
    """Header, the screen's own body, a notice when the terminal is too small, and Footer.

    Subclasses set TITLE and HELP, add BINDINGS, and implement `compose_body` and
    `action_reset`. Textual calls `on_mount` once per class that defines it, so a
    subclass's own `on_mount` must not call `super().on_mount()`.
    """

    HELP = ""
    """A paragraph for the `?` help screen: what this screen teaches and how to use it."""

    LESSON = ""
    """The name of the lesson this screen shows (its description in `lessons.catalog`)."""

    SUB_TITLE = "keys 1-6 switch screens"
    """Shown in the header beside the screen's title, so the first screen says it too."""

    BINDINGS = [Binding("r", "reset", "Reset", show=False, id="reset")]
    """`r` puts the screen back at its defaults (`?`, `q` and 1-6 are the app's)."""

    EXERCISE_BINDINGS = (
        Binding("c", "exercise_check", "Check the exercise", priority=True, show=False),
        Binding("i", "exercise_hint", "Exercise hint / answer", priority=True, show=False),
        Binding("escape", "exercise_leave", "Leave the exercise", priority=True, show=False),
    )
    """While an exercise runs, c checks, i hints and escape leaves it (the task bar shows
    them). Added to every screen's keys ahead of its own c, i and escape, which they give
    way to when no exercise runs or a text field has the focus."""

    EXERCISE_ACTIONS = frozenset(binding.action for binding in EXERCISE_BINDINGS)

    exercise_run: ExerciseRunning | None = None
    """The exercise running on this screen (`exercises.screen.ExerciseRun`), or None."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Textual merges BINDINGS by key, so a screen's own c / i / escape would replace the
        # exercise keys: put them back ahead of the screen's. A screen's own check_action
        # decides its keys; the exercise keys are decided here.
        super().__init_subclass__(**kwargs)
        merged = merged_bindings(cls)
        if merged is not None:
            for binding in LessonScreen.EXERCISE_BINDINGS:
                keys = merged.key_to_bindings.setdefault(binding.key, [])
                if all(b.action != binding.action for b in keys):
                    keys.insert(0, binding)
        own = cls.__dict__.get("check_action")
        if own is not None:

            def check_action(
                self: LessonScreen, action: str, parameters: tuple[object, ...]
            ) -> bool | None:
                if action in LessonScreen.EXERCISE_ACTIONS:
                    return LessonScreen.check_action(self, action, parameters)
                result: bool | None = own(self, action, parameters)
                return result

            cls.check_action = check_action  # type: ignore[method-assign]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._focus_before_small: Widget | None = None

    app = getters.app(ReluApp)
    """The running app, typed as relu-tui's (Textual's public typed accessor)."""

    @property
    def lesson(self) -> Lesson:
        """This screen's lesson description."""
        return SCREENS[self.LESSON]

    def launch_state(self) -> Any | None:
        """The state the command line's settings ask for (the lesson's `state_from`), or
        None when it gave none for this screen.

        A setting that cannot apply (an unreadable file, an unusable expression) is named in
        one line; the other settings still apply, the free-text ones at their defaults.
        """
        options = self.app.launch_options
        if options.screen != self.LESSON or not options.settings:
            return None
        lesson = self.lesson
        try:
            return lesson.state_from(options.settings)
        except InputError as error:
            problem = str(error)
        texts = {s.name for s in lesson.setting_list() if isinstance(s, TextSetting)}
        given_texts = sorted(texts & set(options.settings))
        kept = {k: v for k, v in options.settings.items() if k not in texts}
        if given_texts and kept:
            try:
                state = lesson.state_from(kept)
            except InputError:
                state = None
            if state is not None:
                self.notify_error(f"{problem}; kept the defaults for {', '.join(given_texts)}")
                return state
        self.notify_error(f"{problem}; opened with the defaults")
        return None

    def lesson_state(self) -> Any:
        """The state the lesson's `settings_of` reads (a screen with more than one state
        value puts them together here)."""
        return getattr(self, "state", None)

    def current_settings(self) -> dict[str, SettingValue]:
        """Every setting of the lesson as this screen shows it now."""
        return self.lesson.settings_of(self.lesson_state())

    @property
    def display_options(self) -> DisplayOptions:
        """ASCII-only and colour, as the app draws them."""
        return display_options(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if self.display_options.ascii_only else None)
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(id="too-small", markup=False)
        yield TaskBar(id="task-bar")
        yield KeysFooter(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EXERCISE_ACTIONS:
            return self.exercise_run is not None and not isinstance(self.focused, Input)
        return True

    def begin_exercise(self, run: ExerciseRunning) -> None:
        """Show the task bar for `run` and bind c / i / escape to it."""
        self.exercise_run = run
        self.query_one(TaskBar).attempt = run.attempt
        self.add_class("-exercise")
        self.refresh_bindings()

    def end_exercise(self) -> None:
        """Hide the task bar; the keys go back to the screen."""
        self.exercise_run = None
        bar = self.query_one(TaskBar)
        if bar.asking:
            bar.close_prompt()
        bar.attempt = None
        self.remove_class("-exercise")
        self.refresh_bindings()

    def _exercise(self) -> ExerciseRunning:
        if self.exercise_run is None or isinstance(self.focused, Input):
            raise SkipAction()
        return self.exercise_run

    def action_exercise_check(self) -> None:
        """Check the exercise (or open the field for a typed answer)."""
        self._exercise().check(self)

    def action_exercise_hint(self) -> None:
        """The exercise's next hint; after the last, its answer."""
        self._exercise().hint(self)

    async def action_exercise_leave(self) -> None:
        """Leave the exercise: this screen goes back to what it was before."""
        await self._exercise().leave(self)

    @on(TaskBar.Answered)
    def _exercise_answered(self, event: TaskBar.Answered) -> None:
        if self.exercise_run is not None:
            self.exercise_run.answered(self, event.text)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def action_reset(self) -> None:
        """Restore the screen's defaults."""

    def update_static(
        self,
        selector: str,
        key: object,
        build: Callable[[Any], RenderableType] | None = None,
        *,
        layout: bool = True,
    ) -> bool:
        """Show `build(key)` (or `key` itself) in the Static `selector`, unless it shows it.

        `Static.update` always asks for a new layout, and most keys change only one or two
        of a screen's texts; this leaves the others alone. Pass `layout=False` for a
        Static whose size does not depend on its content. Returns whether it updated.
        """
        return update_if_changed(self.query_one(selector, Static), key, build, layout=layout)

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        was_small = self.has_class("-too-small")
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#too-small", Static).update(
                f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} "
                f"(it is {width}×{height} now).\n\nYour work on this screen is kept. "
                "Press q to quit."
            )
            if not was_small:
                # Hiding the body drops focus from the widget in it: remember which.
                self._focus_before_small = self.focused
        elif was_small:
            self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        """Give focus back to the widget that had it before the too-small notice."""
        widget, self._focus_before_small = self._focus_before_small, None
        if self.has_class("-too-small"):
            return
        if widget is not None and widget.is_attached and widget.focusable:
            widget.focus()
        elif self.focused is None:
            self.focus_next()

    def notify_error(self, message: str) -> None:
        """Show a problem the person can act on, without stopping anything.

        Messages carry outside text (arguments, paths, typed text): shown as text, never
        parsed as markup, control characters escaped.
        """
        shown = "\n".join(printable(line) for line in message.split("\n"))
        self.notify(shown, severity="error", timeout=6, markup=False)
