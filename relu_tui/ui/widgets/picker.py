"""PickerScreen: a modal list of choices to tick; enter applies, escape cancels."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class PickerScreen(ModalScreen[tuple[str, ...] | None]):
    """Tick some of `choices` ([x] marks a ticked one); dismissed with the ticked names in
    the choices' order, or None when cancelled. At least one must stay ticked."""

    BINDINGS = [
        Binding("space", "tick", "Toggle", priority=True),
        Binding("enter", "apply", "Apply", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    """up/down move, space toggles the choice under the cursor, enter applies."""

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], selected: Sequence[str]
    ) -> None:
        """
        Args:
            title: the line over the list.
            choices: (name, text shown) per choice.
            selected: the names ticked at first.
        """
        super().__init__()
        self._title = title
        self._choices = tuple(choices)
        self._texts = dict(self._choices)
        self.chosen: set[str] = set(selected)
        """Names ticked so far."""

    def _prompt(self, name: str) -> Text:
        mark = "x" if name in self.chosen else " "
        return Text(f"[{mark}] {self._texts[name]}", no_wrap=True, overflow="ellipsis")

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(self._title, id="picker-title", markup=False)
            yield OptionList(
                *(Option(self._prompt(name), id=name) for name, _ in self._choices),
                id="picker-list",
            )
            yield Static(id="picker-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_tick(self) -> None:
        """Tick or untick the highlighted choice (not `toggle`: Textual's DOMNode has an
        action_toggle(attribute) of its own)."""
        options = self.query_one("#picker-list", OptionList)
        index = options.highlighted
        if index is None:
            return
        name = str(options.get_option_at_index(index).id)
        self.chosen ^= {name}
        options.replace_option_prompt_at_index(index, self._prompt(name))
        self.query_one("#picker-message", Static).update(f"{len(self.chosen)} chosen")

    def action_apply(self) -> None:
        """Close and use the ticked choices (at least one)."""
        if not self.chosen:
            self.query_one("#picker-message", Static).update("choose at least one (space ticks it)")
            return
        self.dismiss(tuple(name for name, _ in self._choices if name in self.chosen))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
