"""ParamPanel: the controls idiom shared by every parameter panel in the app."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from relu_tui.base.params import Param
from relu_tui.base.parse import InputError
from relu_tui.ui.display import display_options

ADJUST = Binding.Group("Adjust")


class ParamPanel(Widget, can_focus=True):
    """A list of Params: select one, nudge it, or type an exact value.

    The panel never changes a value itself: it asks for a change and the screen hands
    back new `params`, so the screen's state stays the single source of truth.

    A screen that passes `apply` has each request handed to it at once, in the key's own
    handler, and hands back `params` before the next key is read: in a burst of arrow keys
    (a held key, or keys sent together over SSH) every press then starts from the value the
    one before it set, and the panel and the screen repaint in the same frame. Without
    `apply` the panel posts `Changed`, which the screen handles a turn later, after any keys
    already queued at the panel, which would each start from the same old value. `select`
    does the same for `Selected`, for a screen whose state follows the cursor.
    """

    BINDINGS = [
        Binding("up,k", "select(-1)", "Previous", show=False, id="panel-previous"),
        Binding("down,j", "select(1)", "Next", show=False, id="panel-next"),
        Binding("left,h", "nudge(-1)", "Decrease", group=ADJUST, id="panel-decrease"),
        Binding("right,l", "nudge(1)", "Increase", group=ADJUST, id="panel-increase"),
        Binding("shift+left", "nudge(-0.1)", "Fine decrease", show=False, id="panel-fine-decrease"),
        Binding("shift+right", "nudge(0.1)", "Fine increase", show=False, id="panel-fine-increase"),
        Binding("enter", "type_value", "Type", id="panel-type"),
        Binding("escape", "cancel_typing", "Cancel typing", show=False, id="panel-cancel"),
    ]
    """The controls idiom: up/down select, left/right nudge (shift: a tenth), enter types.

    The one declaration of the panel's keys: the footer, help and palette show them, and
    `on_key` runs them (ids let a keymap move them)."""

    params: reactive[tuple[Param, ...]] = reactive((), always_update=True)
    """The parameters shown; handed in by the screen."""

    cursor: reactive[int] = reactive(0)
    """Index of the selected parameter."""

    message: reactive[str] = reactive("")
    """A one-line status or error under the rows; empty shows the selected param's help."""

    @dataclass
    class Changed(Message):
        """The person asked for `name` to take `value`."""

        panel: ParamPanel
        name: str
        value: float

        @property
        def control(self) -> ParamPanel:
            return self.panel

    @dataclass
    class Selected(Message):
        """The cursor moved to the parameter `name`."""

        panel: ParamPanel
        name: str

        @property
        def control(self) -> ParamPanel:
            return self.panel

    def __init__(
        self,
        params: tuple[Param, ...] = (),
        *,
        title: str = "",
        apply: Callable[[ParamPanel.Changed], None] | None = None,
        select: Callable[[ParamPanel.Selected], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.set_reactive(ParamPanel.params, tuple(params))
        self._apply = apply
        self._select = select
        self._shown_rows = -1
        self._shown_text: Text | None = None
        self._shown_note: str | None = None
        if title:
            self.border_title = title

    def compose(self) -> ComposeResult:
        yield Static(id="param-rows", markup=False)
        yield Input(id="param-input", compact=True)
        yield Static(id="param-message", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def selected(self) -> Param | None:
        """The selected parameter, if any."""
        if not self.params:
            return None
        return self.params[min(self.cursor, len(self.params) - 1)]

    @property
    def typing(self) -> bool:
        """Whether the value field is open."""
        return self.has_class("-typing")

    def watch_params(self) -> None:
        if self.params and self.cursor >= len(self.params):
            self.cursor = len(self.params) - 1
        self._show()

    def watch_cursor(self) -> None:
        self._show()

    def watch_message(self) -> None:
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_typing":
            return self.typing
        if action in ("select", "nudge", "type_value"):
            if self.typing:
                return False
            return bool(self.params)
        return True

    def action_select(self, delta: int) -> None:
        if not self.params:
            return
        self.cursor = (self.cursor + delta) % len(self.params)
        self.message = ""
        if self.selected is None:
            return
        moved = self.Selected(self, self.selected.name)
        if self._select is None:
            self.post_message(moved)
        else:
            self._select(moved)

    def action_nudge(self, steps: float) -> None:
        param = self.selected
        if param is None:
            return
        moved = param.nudged(steps)
        self.message = ""
        if moved.value == param.value:
            self.message = f"{param.label} is at its {'upper' if steps > 0 else 'lower'} limit"
            return
        self._request(param.name, moved.value)

    def action_type_value(self) -> None:
        param = self.selected
        if param is None:
            return
        field = self.query_one("#param-input", Input)
        field.value = ""
        field.placeholder = f"{param.label} = {param.display}; " + (
            " / ".join(param.choices)
            if param.choices
            else f"{_bound(param.low)} to {_bound(param.high)}"
        )
        self.add_class("-typing")
        self.message = "type a value, enter to apply, escape to cancel"
        field.focus()

    def action_cancel_typing(self) -> None:
        self._close_typing()
        self.message = ""

    def on_key(self, event: events.Key) -> None:
        """The panel's keys run at once, in the key's own handler, in the order they came.

        Bindings run only once a key has bubbled back to the app, while the next keys are
        already on their way to the focused widget: in a burst like "down enter 1 0" (a
        fast typist, or keys sent together over SSH) the '1' would reach the app, which
        switches screens, before enter had opened the value field. So the panel's own
        active bindings (BINDINGS, after any keymap) are run here, and keys that arrive
        while the field is open but before it has taken focus are typed into it.
        """
        if not self.typing:
            active = self.screen.active_bindings.get(event.key)
            if active is not None and active.node is self and active.enabled:
                event.stop()
                event.prevent_default()
                _, name, arguments = parse_action(active.binding.action)
                getattr(self, f"action_{name}")(*arguments)
            return
        field = self.query_one("#param-input", Input)
        if field.has_focus:
            return
        event.stop()
        event.prevent_default()
        if event.key == "enter":
            self._apply_text(field.value)
        elif event.key == "escape":
            self.action_cancel_typing()
        elif event.key == "backspace":
            field.value = field.value[:-1]
        elif event.is_printable and event.character:
            field.value += event.character
            field.cursor_position = len(field.value)

    @on(Input.Submitted, "#param-input")
    def _apply_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_text(event.value)

    def _apply_text(self, text: str) -> None:
        param = self.selected
        if param is None:
            self._close_typing()
            return
        try:
            parsed = param.with_text(text)
        except InputError as error:
            self.message = f"{param.label}: {error}; kept {param.display}"
            return
        self._close_typing()
        self.message = ""
        self._request(param.name, parsed.value)

    def _request(self, name: str, value: float) -> None:
        """Ask the screen for `name` = `value`: at once if it gave `apply`, else by message."""
        change = self.Changed(self, name, value)
        if self._apply is None:
            self.post_message(change)
        else:
            self._apply(change)

    def _close_typing(self) -> None:
        self.remove_class("-typing")
        self.focus()

    def _show(self) -> None:
        if not self.is_mounted:
            return
        rows = Text(no_wrap=True, overflow="ellipsis")
        width = max((len(p.label) for p in self.params), default=0)
        left, right = ("<", ">") if display_options(self).ascii_only else ("◂", "▸")
        # The ▸ cursor and the ◂ ▸ around the value mark the panel the keys go to: only
        # the focused panel shows them; another panel underlines its selected row.
        focused = self.has_focus_within
        for index, param in enumerate(self.params):
            chosen = index == self.cursor
            marked = chosen and focused
            line = Text((f"{right} " if marked else "  ") + f"{param.label:<{width}}  ")
            line.append(
                f"{left if marked else ' '} {param.display} {right if marked else ' '}",
                style="bold" if chosen else "",
            )
            if chosen:
                line.stylize("reverse" if focused else "underline")
            if index:
                rows.append("\n")
            rows.append(line)
        # A nudge changes a value, not the number of rows, and the rows' width is the
        # panel's: then no new layout is needed (a layout re-renders the whole screen).
        # The same rows again (a report, a focus change that moved nothing) repaint nothing.
        layout = len(self.params) != self._shown_rows
        if layout or rows != self._shown_text:
            self.query_one("#param-rows", Static).update(rows, layout=layout)
        self._shown_rows = len(self.params)
        self._shown_text = rows
        note = self.message
        if not note and self.selected is not None:
            note = self.selected.help
        if note != self._shown_note:
            self._shown_note = note
            message = self.query_one("#param-message", Static)
            message.update(note, layout=False)
            # A note that wraps to another number of rows lays the screen out again; one of
            # the same height (or a fixed-height note line) repaints only itself.
            height, width = message.styles.height, message.content_size.width
            if height is None or height.is_auto:
                needed = message.get_content_height(message.content_size, self.screen.size, width)
                if not width or needed != message.content_size.height:
                    message.refresh(layout=True)

    def on_focus(self) -> None:
        self._show()

    def on_blur(self) -> None:
        self._show()

    def on_descendant_blur(self) -> None:
        self._show()


def _bound(value: float) -> str:
    if math.isinf(value):
        return "any"
    return f"{value:g}"
