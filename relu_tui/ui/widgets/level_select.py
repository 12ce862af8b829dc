"""LevelSelect: a modal list of levels (with their records) to open one from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class LevelSelect(ModalScreen[str | None]):
    """Choose a level: every built one with its saved record, and a new random one."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        # Keys that arrive before the list has focus (a burst like "o down enter") move and
        # choose through the screen; once the list has focus it handles them itself.
        Binding("down", "list('cursor_down')", "Next", show=False),
        Binding("up", "list('cursor_up')", "Previous", show=False),
        Binding("enter", "list('select')", "Open", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self._rows = rows
        self._current = current

    def compose(self) -> ComposeResult:
        options = [Option(text, id=key) for key, text in self._rows]
        listing = OptionList(*options, id="level-list")
        listing.border_title = "Choose a level"
        listing.border_subtitle = "enter opens, escape closes"
        yield listing

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        keys = [key for key, _ in self._rows]
        listing.highlighted = keys.index(self._current) if self._current in keys else 0
        listing.focus()

    async def action_list(self, action: str) -> None:
        """Run the level list's own action on it."""
        await self.query_one(OptionList).run_action(action)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
