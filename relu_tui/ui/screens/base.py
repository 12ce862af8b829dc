"""LessonScreen: the frame every screen shares (header, body, too-small notice, footer)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.widgets._footer import FooterKey

from relu_tui.core.text import printable

MIN_WIDTH = 80
MIN_HEIGHT = 24


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    Footer rebuilds its key widgets (~20 ms at 120 columns) every time the screen's
    bindings may have changed: on focus changes and on every `refresh_bindings()`, which
    screens call after keys that enable or dim others. Most of those calls change
    nothing on the footer; this one skips the rebuild then.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None

    def _signature(self) -> tuple[object, ...]:
        """Everything the footer draws: each active key as shown, enabled or dimmed."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        # Show the keys in the first frame rather than after it (Footer waits for the
        # first bindings change); a later change rebuilds it as usual.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._signature()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A FooterKey sets its `compact` once mounted (the class default, True),
                # then Footer's binding sets the footer's (False): two class changes, each
                # restyling the key (~1 ms per key at start-up). Start each key with the
                # value it ends with; both steps then change nothing. Footer binds every
                # key but the command palette's, which stays compact.
                bound = not widget.has_class("-command-palette")
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._signature() == self._shown:
            return
        await super().recompose()


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
        yield KeysFooter()

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
        """Show a problem the person can act on, without stopping anything.

        Messages carry outside text (arguments, paths, typed text): shown as text, never
        parsed as markup, control characters escaped.
        """
        shown = "\n".join(printable(line) for line in message.split("\n"))
        self.notify(shown, severity="error", timeout=6, markup=False)
