"""PlotView: draws a PlotSpec at whatever size the layout gives it."""

from __future__ import annotations

from collections import OrderedDict

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from relu_tui.plotting.render import plot_text
from relu_tui.plotting.spec import PlotSpec

CACHED_DRAWINGS = 8
"""Drawings each PlotView keeps: going back to a figure shown a moment ago (the previous
activation, values again after gradients) costs no drawing."""


class PlotView(Widget):
    """A plotext drawing of `spec`, redrawn on resize and on theme change."""

    DEFAULT_CSS = "PlotView { width: 1fr; height: 1fr; }"

    spec: reactive[PlotSpec | None] = reactive(None)
    """What to draw; specs are frozen, so a new figure is a new spec."""

    def __init__(self, spec: PlotSpec | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawings: OrderedDict[tuple[object, ...], tuple[PlotSpec, Text]] = OrderedDict()
        """(spec id, size, ascii, colour) -> (the spec, kept so its id stays unique; drawing)."""
        self.set_reactive(PlotView.spec, spec)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def render(self) -> RenderResult:
        spec = self.spec
        if spec is None:
            return ""
        ascii_only = bool(getattr(self.app, "ascii_only", False))
        color = not self.app.no_color
        width, height = self.content_size
        key = (id(spec), width, height, ascii_only, color)
        drawing = self._drawings.get(key)
        if drawing is None:
            text = plot_text(spec, width, height, ascii_only=ascii_only, color=color)
            drawing = (spec, Text.from_ansi(text, no_wrap=True, end=""))
            self._drawings[key] = drawing
            if len(self._drawings) > CACHED_DRAWINGS:
                self._drawings.popitem(last=False)
        else:
            self._drawings.move_to_end(key)
        return drawing[1]
