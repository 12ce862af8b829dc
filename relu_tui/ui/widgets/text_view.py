"""TextView: a block of text that repaints without laying the screen out again."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget


class TextView(Widget):
    """Shows `text` in a fixed-size box: a new text only repaints this widget.

    `Static.update` lays out the whole screen again when its size may depend on its
    content; a status panel that changes ten times a second while a run trains does not
    need that. Setting the same text again repaints nothing.
    """

    DEFAULT_CSS = "TextView { width: 1fr; height: 1fr; }"

    text: reactive[Text] = reactive(Text)
    """What to show."""

    def render(self) -> RenderResult:
        return self.text
