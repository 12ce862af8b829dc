"""LessonScreen: the frame every screen shares (header, body, too-small notice, footer)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.widgets._footer import FooterKey

from relu_tui.ui.widgets.task_bar import TaskBar

MIN_WIDTH = 80
MIN_HEIGHT = 24


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    Footer rebuilds its key widgets (~20 ms at 120 columns) every time the screen's
    bindings may have changed: on focus changes and on every `refresh_bindings()`, which
    screens call after keys that enable or dim others. Most of those calls change
    nothing on the footer; this one skips the rebuild then.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None

    def _signature(self) -> tuple[object, ...]:
        """Everything the footer draws: each active key as shown, enabled or dimmed."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        # Show the keys in the first frame rather than after it (Footer waits for the
        # first bindings change); a later change rebuilds it as usual.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._signature()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A FooterKey sets its `compact` once mounted (the class default, True),
                # then Footer's binding sets the footer's (False): two class changes, each
                # restyling the key (~1 ms per key at start-up). Start each key with the
                # value it ends with; both steps then change nothing. Footer binds every
                # key but the command palette's, which stays compact.
                bound = not widget.has_class("-command-palette")
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._signature() == self._shown:
            return
        await super().recompose()


class LessonScreen(Screen[None]):
    """Header, the screen's own body, a notice when the terminal is too small, and Footer.

    Subclasses set TITLE and HELP, add BINDINGS, and implement `compose_body` and
    `action_reset`.
    """

    HELP = ""
    """A paragraph for the `?` help screen: what this screen teaches and how to use it."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("r", "reset", "Reset"),
    ]
    """`?` help (declared here so the footer shows it early) and `r` reset to defaults."""

    EXERCISE_BINDINGS = (
        Binding("c", "exercise_check", "Check the exercise", priority=True, show=False),
        Binding("i", "exercise_hint", "Exercise hint / answer", priority=True, show=False),
        Binding("escape", "exercise_leave", "Leave the exercise", priority=True, show=False),
    )
    """While an exercise runs, c checks, i hints and escape leaves it (the task bar shows
    them). Added to every screen's keys ahead of its own c, i and escape, which they give
    way to when no exercise runs or a text field has the focus."""

    EXERCISE_ACTIONS = frozenset(binding.action for binding in EXERCISE_BINDINGS)

    exercise_run: Any = None
    """The exercise running on this screen (`ui.screens.exercises.ExerciseRun`), or None."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A screen's own check_action decides its keys; the exercise keys are decided here.
        super().__init_subclass__(**kwargs)
        merged = cls._merged_bindings
        if merged is not None:
            for binding in LessonScreen.EXERCISE_BINDINGS:
                keys = merged.key_to_bindings.setdefault(binding.key, [])
                if all(b.action != binding.action for b in keys):
                    keys.insert(0, binding)
        own = cls.__dict__.get("check_action")
        if own is not None:
            def check_action(self: LessonScreen, action: str,
                             parameters: tuple[object, ...]) -> bool | None:
                if action in LessonScreen.EXERCISE_ACTIONS:
                    return LessonScreen.check_action(self, action, parameters)
                result: bool | None = own(self, action, parameters)
                return result

            cls.check_action = check_action  # type: ignore[method-assign]

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(id="too-small", markup=False)
        yield TaskBar(id="task-bar")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EXERCISE_ACTIONS:
            return self.exercise_run is not None and not isinstance(self.focused, Input)
        return True

    def begin_exercise(self, run: Any) -> None:
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

    def _exercise(self) -> Any:
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

    def on_key(self, event: Key) -> None:
        if self.exercise_run is not None:
            self.exercise_run.press()

    @on(TaskBar.Answered)
    def _exercise_answered(self, event: TaskBar.Answered) -> None:
        if self.exercise_run is not None:
            self.exercise_run.answered(self, event.text)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def action_reset(self) -> None:
        """Restore the screen's defaults."""

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#too-small", Static).update(
                f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} "
                f"(it is {width}×{height} now).\n\nYour work on this screen is kept. "
                "Press q to quit."
            )

    def notify_error(self, message: str) -> None:
        """Show a problem the person can act on, without stopping anything."""
        self.notify(message, severity="error", timeout=6)
