"""InlinePrompt: a one-line field a screen opens on a key to take a typed value.

The cycle every typed value goes through: open with the current value, take focus at
once, keep the screen's letter keys away while open, hand the text to the screen, and
close on success or stay open with a message (the old value kept) on error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static


class InlinePrompt(Vertical):
    """A hidden field and a note line under it, opened by `open` and closed on success.

    The screen keeps the value: on enter the prompt hands the text to `apply` (given at
    construction), which returns an error message to keep the field open with it, or None
    to close. The screen's own keys should be disabled while `is_open` (its `check_action`),
    so that letters typed into the field only type; `open` focuses the field in the key's
    own handler, so the keys sent right after it (a burst over SSH) already reach the field.
    """

    DEFAULT_CSS = """
    InlinePrompt { height: auto; display: none; }
    InlinePrompt.-open { display: block; }
    InlinePrompt > Input { margin: 0 1; }
    InlinePrompt > Static { height: auto; padding: 0 1; color: $text-warning; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel typing")]
    """escape closes the field; nothing changes."""

    @dataclass
    class Closed(Message):
        """The field closed (applied or cancelled): the screen takes focus back."""

        prompt: InlinePrompt
        applied: bool

        @property
        def control(self) -> InlinePrompt:
            return self.prompt

    def __init__(
        self,
        apply: Callable[[str], str | None],
        *,
        placeholder: str = "",
        max_length: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._apply = apply
        self._placeholder = placeholder
        self._max_length = max_length

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, max_length=self._max_length, compact=True)
        yield Static(markup=False)

    @property
    def is_open(self) -> bool:
        """The field is shown and takes the keys."""
        return self.has_class("-open")

    @property
    def value(self) -> str:
        """The text in the field."""
        return self.query_one(Input).value

    @value.setter
    def value(self, text: str) -> None:
        self.query_one(Input).value = text

    @property
    def note(self) -> str:
        """The line under the field: how to use it, or why the text was refused."""
        return str(self.query_one(Static).render())

    def say(self, message: str) -> None:
        """Put `message` on the note line."""
        self.query_one(Static).update(message)

    def open(self, value: str, hint: str) -> None:
        """Show the field holding `value`, with `hint` under it, and focus it now."""
        field = self.query_one(Input)
        field.value = value
        field.cursor_position = len(value)
        self.add_class("-open")
        self.say(hint)
        self.screen.set_focus(field)  # at once: the next key the app reads goes to the field
        self.screen.refresh_bindings()

    def close(self, *, applied: bool = False) -> None:
        """Hide the field; the screen is told so it can focus its own control again."""
        if not self.is_open:
            return
        self.remove_class("-open")
        self.say("")
        self.post_message(self.Closed(self, applied))
        self.screen.refresh_bindings()

    def action_cancel(self) -> None:
        """Close without applying."""
        self.close()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self._apply(event.value)
        if error is None:
            self.close(applied=True)
        else:
            self.say(error)
