"""TaskBar: what an exercise keeps on its screen (the whole task or verdict, and its keys)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from relu_tui.base.ascii import ascii_text
from relu_tui.ui.display import display_options


class ShownExercise(Protocol):
    """What the bar shows of an exercise (`exercises.course.Exercise` has it)."""

    @property
    def title(self) -> str: ...
    @property
    def statement(self) -> str: ...
    @property
    def ask(self) -> Sequence[str]: ...


class Attempt(Protocol):
    """What the bar shows of an attempt (`exercises.attempt.Attempt` has it): a protocol,
    so this shared widget needs nothing from the exercises package above it."""

    @property
    def exercise(self) -> ShownExercise: ...
    @property
    def message(self) -> str: ...
    @property
    def answers(self) -> Sequence[float]: ...
    def next_hint_label(self) -> str: ...


class AnswerInput(Input):
    """The task bar's field for typed answers; escape closes it without checking."""

    BINDINGS = [Binding("escape", "close", "Close the answer field", show=False)]

    def action_close(self) -> None:
        bar = self.parent
        if isinstance(bar, TaskBar):
            bar.close_prompt()


class TaskBar(Widget):
    """The exercise's task (or its latest verdict, hint or answer), wrapped so all of it
    shows, and c / i / escape beside it.

    The screen owns the attempt and hands it in; the bar only draws it, and opens a field
    when the exercise asks for typed values (`ask`), posting `Answered` on enter.
    """

    DEFAULT_CSS = """
    TaskBar { height: auto; max-height: 4; width: 1fr; layout: horizontal; }
    TaskBar #task-text { width: 1fr; height: auto; max-height: 4; }
    TaskBar #task-keys { width: auto; height: 1; }
    TaskBar #task-answer { display: none; width: 1fr; height: 1; border: none; padding: 0; }
    TaskBar.-asking #task-text { width: auto; max-width: 60%; height: 1; }
    TaskBar.-asking #task-answer { display: block; }
    """
    """The task wraps onto up to four lines, so the whole of it shows at 80 columns."""

    attempt: reactive[Attempt | None] = reactive(None, always_update=True)
    """The exercise in progress; None hides nothing by itself (the screen hides the bar)."""

    @dataclass
    class Answered(Message):
        """The person typed `text` into the answer field and pressed enter."""

        text: str

    def compose(self) -> ComposeResult:
        yield Static(id="task-text", markup=False)
        yield AnswerInput(id="task-answer", compact=True)
        yield Static(id="task-keys", markup=False)

    def watch_attempt(self, attempt: Attempt | None) -> None:
        if self.is_mounted:
            self._draw(attempt)

    def on_mount(self) -> None:
        self._draw(self.attempt)

    def _draw(self, attempt: Attempt | None) -> None:
        text = Text(end="")
        keys = Text(no_wrap=True, end="")
        if attempt is not None:
            if self.asking:
                text.no_wrap, text.overflow = True, "ellipsis"
                text.append(
                    f"{attempt.exercise.title}: {', '.join(attempt.exercise.ask)} = ", style="bold"
                )
                keys.append(" enter check, esc close", style="bold")
            else:
                solved = attempt.message.startswith("solved")
                text.append(
                    attempt.message or attempt.exercise.statement,
                    style="bold reverse" if solved else "",
                )
                keys.append(f" c check  i {attempt.next_hint_label()}  esc leave", style="bold")
        if display_options(self).ascii_only:
            text = Text(
                ascii_text(text.plain), no_wrap=text.no_wrap, overflow=text.overflow, end=""
            )
        self.query_one("#task-text", Static).update(text)
        self.query_one("#task-keys", Static).update(keys)

    # ------------------------------------------------------------------ typed answers

    @property
    def asking(self) -> bool:
        """Whether the answer field is open."""
        return self.has_class("-asking")

    def open_prompt(self) -> None:
        """Open the answer field (with the last answers typed), focused."""
        self._before = self.screen.focused
        field = self.query_one("#task-answer", AnswerInput)
        attempt = self.attempt
        if attempt is not None and attempt.answers:
            field.value = ", ".join(f"{a:g}" for a in attempt.answers)
        count = len(attempt.exercise.ask) if attempt is not None else 1
        field.placeholder = "a number" if count == 1 else f"{count} numbers, e.g. 2, -1"
        self.add_class("-asking")
        self._draw(attempt)
        field.focus()

    def close_prompt(self) -> None:
        """Close the field and give the focus back to where it was."""
        self.remove_class("-asking")
        self._draw(self.attempt)
        before = getattr(self, "_before", None)
        if before is not None and before.is_attached:
            before.focus()
        else:
            self.screen.focus_next()

    @on(Input.Submitted, "#task-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Answered(event.value))
