"""LessonScreen: the frame every screen shares (header, body, too-small notice, footer)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


class LessonScreen(Screen[None]):
    """Header, the screen's own body, a notice when the terminal is too small, and Footer.

    Subclasses set TITLE and HELP, add BINDINGS, and implement `compose_body` and
    `action_reset`.
    """

    HELP = ""
    """A paragraph for the `?` help screen: what this screen teaches and how to use it."""

    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("r", "reset", "Reset"),
    ]
    """`?` help (declared here so the footer shows it early) and `r` reset to defaults."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(id="too-small", markup=False)
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def action_reset(self) -> None:
        """Restore the screen's defaults."""

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#too-small", Static).update(
                f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} "
                f"(it is {width}×{height} now).\n\nYour work on this screen is kept. "
                "Press q to quit."
            )

    def notify_error(self, message: str) -> None:
        """Show a problem the person can act on, without stopping anything."""
        self.notify(message, severity="error", timeout=6)
