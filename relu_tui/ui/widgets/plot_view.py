"""PlotView: draws a PlotSpec at whatever size the layout gives it."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from rich.style import Style
from rich.text import Span, Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from relu_tui.plotting.render import Run, plot_runs
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
            rows = plot_runs(spec, width, height, ascii_only=ascii_only, color=color)
            drawing = (spec, _text(rows))
            self._drawings[key] = drawing
            if len(self._drawings) > CACHED_DRAWINGS:
                self._drawings.popitem(last=False)
        else:
            self._drawings.move_to_end(key)
        return drawing[1]


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
