"""RowsView: rows of text runs, each coloured by its kind, built at the widget's size."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
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

    The builder runs in `render`, so a resize redraws at the new size for free; under
    NO_COLOR the runs are drawn plain.
    """

    DEFAULT_CSS = "RowsView { width: 1fr; height: 1fr; }"

    builder: reactive[Builder | None] = reactive(None)
    """(width, height) -> rows; None draws nothing."""

    def __init__(self, styles: Mapping[str, str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.run_styles = dict(styles)
        """Rich style of each run kind ("" or missing: the widget's own)."""

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many lines as the builder makes at this width (for `height: auto`)."""
        return len(self.builder(width, 1000)) if self.builder is not None else 0

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
