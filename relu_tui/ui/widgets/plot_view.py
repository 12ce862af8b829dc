"""PlotView: draws a PlotSpec at whatever size the layout gives it."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from relu_tui.plotting.render import Run, plot_runs
from relu_tui.plotting.spec import PlotSpec
from relu_tui.ui.display import display_options

CACHED_DRAWINGS = 8
"""Drawings each PlotView keeps: going back to a figure shown a moment ago (the previous
activation, values again after gradients) costs no drawing."""


class PlotView(Widget):
    """A plotext drawing of `spec`, redrawn on resize and on theme change.

    Lines reach Textual as strips built straight from plotext's colour runs (`render_line`):
    going through a Rich Text instead costs Textual more time than plotext takes to draw.
    `render()` gives the same drawing as a Text, for subclasses that restyle it and for tests.
    """

    DEFAULT_CSS = "PlotView { width: 1fr; height: 1fr; }"

    spec: reactive[PlotSpec | None] = reactive(None)
    """What to draw; specs are frozen, so a new figure is a new spec."""

    def __init__(self, spec: PlotSpec | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawings: OrderedDict[tuple[object, ...], _Drawing] = OrderedDict()
        """(spec id, size, ascii, colour) -> the drawing (which keeps the spec, so its id
        stays unique)."""
        self._strips: tuple[tuple[object, ...], Style, list[Strip]] | None = None
        """The drawing in front as strips, for (its key, the widget's style then)."""
        self.set_reactive(PlotView.spec, spec)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def render(self) -> RenderResult:
        drawing = self._current_drawing()
        return "" if drawing is None else drawing.text()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        drawing = self._current_drawing()
        if drawing is None:
            return Strip.blank(width, self.rich_style)
        kept = self._strips
        if kept is None or kept[0] != drawing.key:
            base = self.rich_style  # read once per drawing: it is not cheap
            kept = self._strips = (drawing.key, base, drawing.strips(width, base))
        elif y == 0:  # a theme change restyles the widget: check once per repaint
            base = self.rich_style
            if base != kept[1]:
                kept = self._strips = (drawing.key, base, drawing.strips(width, base))
        strips = kept[2]
        return strips[y] if y < len(strips) else Strip.blank(width, kept[1])

    def _current_drawing(self) -> _Drawing | None:
        spec = self.spec
        if spec is None:
            return None
        options = display_options(self)
        ascii_only, color = options.ascii_only, options.color
        width, height = self.content_size
        key = (id(spec), width, height, ascii_only, color)
        drawing = self._drawings.get(key)
        if drawing is None:
            rows = plot_runs(spec, width, height, ascii_only=ascii_only, color=color)
            drawing = self._drawings[key] = _Drawing(key, spec, rows)
            if len(self._drawings) > CACHED_DRAWINGS:
                self._drawings.popitem(last=False)
        else:
            self._drawings.move_to_end(key)
        return drawing


class _Drawing:
    """One drawing: plotext's runs, turned into a Text or strips when first asked."""

    def __init__(self, key: tuple[object, ...], spec: PlotSpec, rows: list[list[Run]]) -> None:
        self.key = key
        self.spec = spec
        self.rows = rows
        self._text: Text | None = None

    def text(self) -> Text:
        if self._text is None:
            self._text = _text(self.rows)
        return self._text

    def strips(self, width: int, base: Style) -> list[Strip]:
        strips = []
        for row in self.rows:
            segments = []
            for codes, chars in row:
                if chars:
                    style = _style(codes)
                    segments.append(Segment(chars, base + style if isinstance(style, Style)
                                            else base))
            strips.append(Strip(segments).adjust_cell_length(width, base))
        return strips


def _text(rows: list[list[Run]]) -> Text:
    """The drawing as one Text: what Text.from_ansi makes of plot_text's output, built
    from the runs directly (a quarter of the time, and plotext skips writing the codes)."""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for index, row in enumerate(rows):
        if index:
            parts.append("\n")
            at += 1
        for codes, chars in row:
            style = _style(codes)
            if style is not None and chars:
                spans.append(Span(at, at + len(chars), style))
            parts.append(chars)
            at += len(chars)
    return Text("".join(parts), no_wrap=True, end="", spans=spans)


@lru_cache(maxsize=256)
def _style(codes: str) -> Style | str | None:
    """The style Text.from_ansi gives text after the SGR `codes` (None for no codes)."""
    if not codes:
        return None
    spans = Text.from_ansi(codes + "x").spans
    return spans[0].style if spans else None
