"""RowTable: rows of cells with one highlighted row, columns scrolling sideways."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


def more_rows(above: int, below: int) -> str:
    """The line under a table that shows only some of its rows."""
    parts = [
        f"{count} more {where}" for count, where in ((above, "above"), (below, "below")) if count
    ]
    return f"... {', '.join(parts)} (up/down to see them)"


class RowTable(Widget, can_focus=True):
    """Rows of cells with a highlighted row; columns scroll sideways when they do not fit.

    The screen owns which row is highlighted: the table posts `Moved` and is handed the
    new `cursor`. The sideways offset is the table's own view state.
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous row", show=False),
        Binding("down,j", "move(1)", "Next row", show=False),
        Binding("left,h", "scroll_columns(-1)", "Scroll columns left", show=False),
        Binding("right,l", "scroll_columns(1)", "Scroll columns right", show=False),
    ]
    """up/down choose the highlighted row; left/right scroll hidden columns."""

    header: reactive[tuple[str, ...]] = reactive((), always_update=True)
    """Corner text, then one heading per column."""
    rows: reactive[tuple[tuple[str, tuple[str, ...]], ...]] = reactive((), always_update=True)
    """(row name, cells) per row."""
    cursor: reactive[int] = reactive(0)
    """The highlighted row (handed in by the screen)."""
    col_offset: reactive[int] = reactive(0)
    """First data column shown."""

    @dataclass
    class Moved(Message):
        """The person asked to highlight the row `delta` away."""

        table: RowTable
        delta: int

        @property
        def control(self) -> RowTable:
            return self.table

    def action_move(self, delta: int) -> None:
        self.post_message(self.Moved(self, delta))

    def action_scroll_columns(self, delta: int) -> None:
        self.col_offset = max(0, min(self.col_offset + delta, self._max_offset()))

    def _layout(self) -> tuple[int, int, int]:
        """(name width, cell width, columns that fit)."""
        names = [self.header[0] if self.header else ""] + [name for name, _ in self.rows]
        name_w = max((len(n) for n in names), default=4) + 1
        cells = [c for _, row in self.rows for c in row] + list(self.header[1:])
        cell_w = max(max((len(c) for c in cells), default=6) + 2, 8)
        fit = max(1, (self.content_size.width - name_w) // cell_w)
        return name_w, cell_w, fit

    def _max_offset(self) -> int:
        return max(0, len(self.header) - 1 - self._layout()[2])

    def render(self) -> Text:
        name_w, cell_w, fit = self._layout()
        columns = max(len(self.header) - 1, 0)
        offset = max(0, min(self.col_offset, max(0, columns - fit)))
        stop = min(columns, offset + fit)
        corner = self.header[0] if self.header else ""
        more_left, more_right = offset > 0, stop < columns
        out = Text(no_wrap=True, overflow="crop", end="")
        head = f"{corner:<{name_w}}" + "".join(
            f"{h:>{cell_w}}" for h in self.header[1 + offset : 1 + stop]
        )
        if more_left or more_right:
            head += f"  {'<' if more_left else ' '}{'>' if more_right else ' '}"
        out.append(head, style="bold")
        visible = max(1, self.content_size.height - 1)
        hidden = len(self.rows) > visible
        if hidden:  # the last line says how many rows are out of sight, and how to see them
            visible = max(1, visible - 1)
        cursor = min(self.cursor, max(len(self.rows) - 1, 0))
        first = max(0, cursor - visible + 1)  # scroll just enough to keep the cursor shown
        last = min(len(self.rows), first + visible)
        for index in range(first, last):
            name, cells = self.rows[index]
            line = Text(f"{name:<{name_w}}" + "".join(f"{c:>{cell_w}}" for c in cells[offset:stop]))
            if index == cursor:
                line.stylize("reverse" if self.has_focus else "bold underline")
            out.append("\n")
            out.append(line)
        if hidden:
            out.append("\n")
            out.append(more_rows(first, len(self.rows) - last), style="dim")
        return out

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + len(self.rows)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
