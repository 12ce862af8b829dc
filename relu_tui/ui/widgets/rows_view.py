"""RowsView: rows of text runs, each coloured by its kind, built at the widget's size."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from relu_tui.ui.display import display_options


class TextRun(Protocol):
    """A piece of a row: its characters and what they mean (a key into `styles`)."""

    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...


Builder = Callable[[int, int], Sequence[Sequence[TextRun]]]
"""(width, height) -> rows of runs."""


class RowsView(Widget):
    """Draws rows of runs (a unit grid, a decision map) from a builder called at its size.

    The builder runs when the widget is drawn, so a resize redraws at the new size for
    free; under NO_COLOR the runs are drawn plain. Lines reach Textual as strips built
    straight from the runs (`render_line`), once per builder, size and style: a decision map
    of a few hundred coloured runs costs a few ms this way, ten times less than as a Text.
    `render()` gives the same rows as a Text, for tests.
    """

    DEFAULT_CSS = "RowsView { width: 1fr; height: 1fr; }"

    builder: reactive[Builder | None] = reactive(None)
    """(width, height) -> rows; None draws nothing."""

    def __init__(self, styles: Mapping[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.run_styles = dict(styles)
        """Rich style of each run kind ("" or missing: the widget's own)."""
        self._parsed = {kind: Style.parse(style) for kind, style in self.run_styles.items()}
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None
        """(builder, size, base style, colour) -> the rows as strips."""

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many lines as the builder makes at this width (for `height: auto`)."""
        return len(self.builder(width, 1000)) if self.builder is not None else 0

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        if self.builder is None or width < 4 or height < 2:
            return Strip.blank(width, self.rich_style)
        cached = self._strips
        if y == 0 or cached is None or cached[0][0] is not self.builder:
            base = self.rich_style  # read once per repaint: it is not cheap
            color = display_options(self).color
            key = (self.builder, width, height, base, color)
            if cached is None or cached[0] != key:
                cached = self._strips = (key, self._build(width, height, base, color))
        strips = cached[1]
        if y >= len(strips):
            return Strip.blank(width, cached[0][3])
        return strips[y]

    def _build(self, width: int, height: int, base: Style, color: bool) -> list[Strip]:
        assert self.builder is not None
        parsed = self._parsed
        strips = []
        for row in self.builder(width, height)[:height]:
            segments = []
            for run in row:
                if run.text:
                    style = parsed.get(run.kind) if color else None
                    segments.append(Segment(run.text, base + style if style else base))
            strips.append(Strip(segments).adjust_cell_length(width, base))
        return strips

    def render(self) -> RenderResult:
        if self.builder is None:
            return ""
        width, height = self.content_size
        if width < 4 or height < 2:
            return ""
        color = display_options(self).color
        text = Text(no_wrap=True, overflow="crop", end="")
        for index, row in enumerate(self.builder(width, height)[:height]):
            if index:
                text.append("\n")
            for run in row:
                text.append(run.text, style=self.run_styles.get(run.kind, "") if color else "")
        return text
