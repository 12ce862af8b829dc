"""CellGrid: rows of runs with a cursor the keys move and values the keys nudge or type."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual import events
from textual.actions import parse as parse_action
from textual.binding import Binding

from relu_tui.ui.widgets.rows_view import RowsView

ADJUST = Binding.Group("Adjust")


class CellGrid(RowsView, can_focus=True):
    """A RowsView that takes keys: the arrows move a cursor over a matrix, + and - (shift
    with an arrow: a tenth as much) nudge the selected value, enter asks to type it.

    Like ParamPanel, the grid never changes a value or moves the cursor itself: each key
    is handed to the screen's callbacks at once, in the key's own handler, and the screen
    hands back a new `builder`; so in a burst of keys each starts from the state the one
    before it made.
    """

    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, id="grid-up"),
        Binding("down,j", "move(1, 0)", "Down", show=False, id="grid-down"),
        Binding("left,h", "move(0, -1)", "Left", show=False, id="grid-left"),
        Binding("right,l", "move(0, 1)", "Right", show=False, id="grid-right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="grid-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="grid-page-down"),
        Binding("minus", "nudge(-1)", "Decrease", group=ADJUST, id="grid-decrease"),
        Binding("plus,equals_sign", "nudge(1)", "Increase", group=ADJUST, id="grid-increase"),
        Binding(
            "shift+down,shift+left",
            "nudge(-0.1)",
            "Fine decrease",
            show=False,
            id="grid-fine-decrease",
        ),
        Binding(
            "shift+up,shift+right",
            "nudge(0.1)",
            "Fine increase",
            show=False,
            id="grid-fine-increase",
        ),
        Binding("enter", "type_value", "Type", id="grid-type"),
    ]
    """Arrows (and h j k l) move, page up/down jump a page, + and - nudge (= is + unshifted),
    shift+arrows nudge by a tenth, enter types a value."""

    def __init__(
        self,
        styles: Mapping[str, str],
        *,
        move: Callable[[int, int], None],
        page: Callable[[int], None],
        nudge: Callable[[float], None],
        type_value: Callable[[], None],
        **kwargs: object,
    ) -> None:
        super().__init__(styles, **kwargs)
        self._move, self._page, self._nudge, self._type = move, page, nudge, type_value

    def action_move(self, rows: int, cols: int) -> None:
        self._move(rows, cols)

    def action_page(self, pages: int) -> None:
        self._page(pages)

    def action_nudge(self, steps: float) -> None:
        self._nudge(steps)

    def action_type_value(self) -> None:
        self._type()

    async def on_key(self, event: events.Key) -> None:
        """Every key bound anywhere (the grid, the screen, the app) runs here, at once and in
        the order the keys came (see ParamPanel.on_key). Bindings otherwise run once a key
        has bubbled back up, while the next keys already reach the grid: in a burst such as
        "] down +" the nudge would land on the old layer, and in "enter 2" the 2 would
        reach the app before enter had opened the field. Keys that were already on their
        way here when a key moved the focus (enter opening a field) go on to the widget
        that has it now."""
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled:
            return
        event.stop()
        event.prevent_default()
        if active.node is self:
            _, name, arguments = parse_action(active.binding.action)
            getattr(self, f"action_{name}")(*arguments)
        else:
            await self.app.run_action(active.binding.action, active.node)
