"""HelpScreen: every binding of the screen underneath, with its HELP text."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def bindings_table(screen: Screen[object]) -> Table:
    """The keys active on `screen`, one row per action, aliases joined."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Key", no_wrap=True)
    table.add_column("Action")
    seen: dict[tuple[int, str], list[str]] = {}
    order: list[tuple[tuple[int, str], str]] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        ident = (id(active.node), binding.action)
        shown = screen.app.get_key_display(binding) if key == binding.key else key
        if ident not in seen:
            seen[ident] = []
            order.append((ident, binding.description))
        if shown not in seen[ident]:
            seen[ident].append(shown)
    for ident, description in order:
        table.add_row(" / ".join(seen[ident]), description)
    return table


class HelpScreen(ModalScreen[None]):
    """What the current screen teaches, and every key it answers to."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close help", id="help-close"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="help-up"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="help-down"),
    ]

    def __init__(self, title: str, text: str, keys: Table) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = f"Help: {self._title}"
            box.border_subtitle = "escape closes"
            yield Static(Text(self._text), id="help-text")
            yield Static(self._keys, id="help-keys")

    def action_scroll(self, delta: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=delta, animate=False)
