"""PlotView: draws a PlotSpec at whatever size the layout gives it."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.app import RenderResult
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from relu_tui.plotting.layout import Run
from relu_tui.plotting.render import Drawing, draw
from relu_tui.plotting.spec import PlotSpec
from relu_tui.ui.display import display_options

CACHED_DRAWINGS = 16
"""Drawings each PlotView keeps: going back to a figure shown a moment ago (the previous
activation, the previous dosage stage, N - 1) costs no drawing."""

_MARK = Style(reverse=True)


class PlotView(Widget):
    """A drawing of `spec`, redrawn on resize and on theme change; the one plot widget.

    Drawings are kept by what they show (`PlotSpec.key`), size and display options, so an
    equal spec, or one drawn ahead by `prefetch`, costs no drawing. `mark_x` lights the
    column of one x value over the plot area (the dosage probe) without drawing again.
    Lines reach Textual as strips built straight from the drawing's colour runs
    (`render_line`); `render()` gives the same drawing as a Text, for tests.
    """

    DEFAULT_CSS = "PlotView { width: 1fr; height: 1fr; }"

    spec: reactive[PlotSpec | None] = reactive(None, repaint=False)
    """What to draw; an equal spec (same figure) changes nothing, a new one repaints the
    rows whose drawing changed (`_repaint_changed_rows`)."""

    mark_x: reactive[float | None] = reactive(None, repaint=False)
    """An x value whose column is shown reversed across the plot area, or None."""

    def __init__(self, spec: PlotSpec | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawings: OrderedDict[tuple[object, ...], _Kept] = OrderedDict()
        """(spec key, size, ascii, colour) -> the drawing."""
        self._strips: tuple[tuple[object, ...], Style, list[Strip]] | None = None
        """The drawing in front as strips, for (its key, the widget's style then)."""
        self.set_reactive(PlotView.spec, spec)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def watch_spec(self, old: PlotSpec | None, new: PlotSpec | None) -> None:
        self._repaint_changed_rows(old, self.mark_x)

    def watch_mark_x(self, old: float | None, new: float | None) -> None:
        self._repaint_changed_rows(self.spec, old)

    def _repaint_changed_rows(self, old_spec: PlotSpec | None, old_mark: float | None) -> None:
        """Repaint the rows that differ between the drawing shown (`old_spec` with its mark
        at `old_mark`) and the new one, and no other: a new curve through half the plot
        leaves its frame, ticks and legend rows as they were. Anything not comparable (no
        drawing of the old figure at this size) repaints the whole plot."""
        if not self.is_mounted:
            return
        if not self.content_size.area:
            self.refresh()
            return
        old = None if old_spec is None else self._drawings.get(self._key(old_spec))
        new = self._kept(self.spec)
        if old is None or new is None or len(old.drawing.rows) != len(new.drawing.rows):
            self.refresh()
            return
        old_rows, new_rows = old.drawing.rows, new.drawing.rows
        changed = [
            y
            for y in range(len(new_rows))
            if old_rows[y] != new_rows[y]
            or self._mark_column(old.drawing, y, old_mark)
            != self._mark_column(new.drawing, y, self.mark_x)
        ]
        width = self.content_size.width
        start = 0
        while start < len(changed):
            stop = start + 1
            while stop < len(changed) and changed[stop] == changed[stop - 1] + 1:
                stop += 1
            self.refresh(Region(0, changed[start], width, stop - start))
            start = stop

    @property
    def drawing(self) -> Drawing | None:
        """The drawing shown now (None without a spec), with its geometry."""
        kept = self._kept(self.spec)
        return None if kept is None else kept.drawing

    def prefetch(self, spec: PlotSpec) -> bool:
        """Draw `spec` at the current size among the kept drawings, without showing it, so a
        later `spec = ...` of an equal figure shows at once.

        Returns:
            Whether it drew (False when already kept, or the widget has no size yet).
        """
        if not self.content_size.area:
            return False
        key = self._key(spec)
        if key in self._drawings:
            return False
        shown = self._key(self.spec) if self.spec is not None else None
        self._kept(spec)
        if shown is not None and shown in self._drawings:
            self._drawings.move_to_end(shown)  # the drawing in front stays most recent
        return True

    def render(self) -> RenderResult:
        kept = self._kept(self.spec)
        return "" if kept is None else kept.text()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        kept = self._kept(self.spec)
        if kept is None:
            return Strip.blank(width, self.rich_style)
        strips = self._strips
        if strips is None or strips[0] != kept.key:
            base = self.rich_style  # read once per drawing: it is not cheap
            strips = self._strips = (kept.key, base, kept.strips(width, base))
        elif y == 0:  # a theme change restyles the widget: check once per repaint
            base = self.rich_style
            if base != strips[1]:
                strips = self._strips = (kept.key, base, kept.strips(width, base))
        lines = strips[2]
        if y >= len(lines):
            return Strip.blank(width, strips[1])
        line = lines[y]
        column = self._mark_column(kept.drawing, y, self.mark_x)
        if column is None:
            return line
        return Strip.join(
            [
                line.crop(0, column),
                line.crop(column, column + 1).apply_style(_MARK),
                line.crop(column + 1, width),
            ]
        )

    @staticmethod
    def _mark_column(drawing: Drawing, y: int, mark_x: float | None) -> int | None:
        """The column `mark_x` lights on row y of `drawing` (None: none)."""
        if mark_x is None or drawing.area is None:
            return None
        _, top, _, rows = drawing.area
        if not top <= y < top + rows:
            return None
        return drawing.column(mark_x)

    def _key(self, spec: PlotSpec) -> tuple[object, ...]:
        width, height = self.content_size
        options = display_options(self)
        return (spec.key, width, height, options.ascii_only, options.color)

    def _kept(self, spec: PlotSpec | None) -> _Kept | None:
        if spec is None:
            return None
        key = self._key(spec)
        kept = self._drawings.get(key)
        if kept is None:
            _, width, height, ascii_only, color = key
            drawing = draw(
                spec,
                int(width),  # type: ignore[call-overload]
                int(height),  # type: ignore[call-overload]
                ascii_only=bool(ascii_only),
                color=bool(color),
            )
            kept = self._drawings[key] = _Kept(key, drawing)
            if len(self._drawings) > CACHED_DRAWINGS:
                self._drawings.popitem(last=False)
        else:
            self._drawings.move_to_end(key)
        return kept


class _Kept:
    """One drawing, turned into a Text or strips when first asked."""

    def __init__(self, key: tuple[object, ...], drawing: Drawing) -> None:
        self.key = key
        self.drawing = drawing
        self._text: Text | None = None

    def text(self) -> Text:
        if self._text is None:
            self._text = _text(self.drawing.rows)
        return self._text

    def strips(self, width: int, base: Style) -> list[Strip]:
        strips = []
        for row in self.drawing.rows:
            segments = []
            for codes, chars in row:
                if chars:
                    style = _style(codes)
                    segments.append(
                        Segment(chars, base + style if isinstance(style, Style) else base)
                    )
            strips.append(Strip(segments).adjust_cell_length(width, base))
        return strips


def _text(rows: list[list[Run]]) -> Text:
    """The drawing as one Text: what Text.from_ansi makes of plot_text's output, built
    from the runs directly."""
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
