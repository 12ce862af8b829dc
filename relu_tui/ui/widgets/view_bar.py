"""ViewBar: a lesson's views in one line, the one in front highlighted, drawn from the
lesson's declared `View`s at whatever width the layout gives it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from relu_tui.lessons.lesson import View

CURRENT_STYLE = "reverse bold"
"""The view in front: reverse video reads under NO_COLOR too."""


def view_bar_text(views: Sequence[View], current: str, width: int) -> Text:
    """The bar for `views` with `current` in front, in at most `width` cells where it can.

    Every view reads " key Title "; where that is too wide the others drop to their short
    titles, then to bare short titles (no key, no margin); the view in front always keeps
    its key, full title and margin. Beyond that the line is cropped at the right.
    """
    for shorten, bare in ((False, False), (True, False), (True, True)):
        labels = [_label(view, view.name == current, shorten=shorten, bare=bare) for view in views]
        if sum(len(label) for label in labels) + len(labels) - 1 <= width:
            break
    bar = Text(no_wrap=True, overflow="crop", end="")
    for index, (view, label) in enumerate(zip(views, labels, strict=True)):
        if index:
            bar.append(" ")
        bar.append(label, style=CURRENT_STYLE if view.name == current else "")
    return bar


def _label(view: View, current: bool, *, shorten: bool, bare: bool) -> str:
    if current:
        return f" {view.key} {view.title} " if view.key else f" {view.title} "
    title = view.short_title if shorten else view.title
    if bare:
        return title
    return f" {view.key} {title} " if view.key else f" {title} "


class ViewBar(Widget):
    """The view bar of a screen with views: hand it the views once, then `current`."""

    DEFAULT_CSS = "ViewBar { height: 1; width: 1fr; }"

    current: reactive[str] = reactive("")
    """The name of the view in front."""

    def __init__(
        self,
        views: Sequence[View],
        *,
        current: str = "",
        id: str | None = None,  # noqa: A002  (Textual's own name for it)
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.views = tuple(views)
        self.set_reactive(ViewBar.current, current or (self.views[0].name if views else ""))

    def render(self) -> RenderResult:
        return view_bar_text(self.views, self.current, self.size.width)
