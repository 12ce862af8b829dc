"""LessonScreen: the frame every screen shares (header, body, too-small notice, footer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rich.console import RenderableType
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import KeysFooter
from relu_tui.ui.display import DisplayOptions, display_options

MIN_WIDTH = 80
MIN_HEIGHT = 24


class LessonScreen(Screen[None]):
    """Header, the screen's own body, a notice when the terminal is too small, and Footer.

    Subclasses set TITLE and HELP, add BINDINGS, and implement `compose_body` and
    `action_reset`. Textual calls `on_mount` once per class that defines it, so a
    subclass's own `on_mount` must not call `super().on_mount()`.
    """

    HELP = ""
    """A paragraph for the `?` help screen: what this screen teaches and how to use it."""

    SUB_TITLE = "keys 1-5 switch screens"
    """Shown in the header beside the screen's title, so the first screen says it too."""

    BINDINGS = [Binding("r", "reset", "Reset", show=False, id="reset")]
    """`r` puts the screen back at its defaults (`?`, `q` and 1-5 are the app's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statics_shown: dict[str, object] = {}
        self._focus_before_small: Widget | None = None

    app = getters.app(ReluApp)
    """The running app, typed as relu-tui's (Textual's public typed accessor)."""

    @property
    def display_options(self) -> DisplayOptions:
        """ASCII-only and colour, as the app draws them."""
        return display_options(self)

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if self.display_options.ascii_only else None)
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(id="too-small", markup=False)
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def action_reset(self) -> None:
        """Restore the screen's defaults."""

    def update_static(self, selector: str, key: object,
                      build: Callable[[Any], RenderableType] | None = None, *,
                      layout: bool = True) -> bool:
        """Show `build(key)` (or `key` itself) in the Static `selector`, unless it shows it.

        `Static.update` always asks for a new layout, and most keys change only one or two
        of a screen's texts; this leaves the others alone. Pass `layout=False` for a
        Static whose size does not depend on its content. Returns whether it updated.
        """
        if selector in self._statics_shown and self._statics_shown[selector] == key:
            return False
        self._statics_shown[selector] = key
        content = key if build is None else build(key)
        self.query_one(selector, Static).update(cast("RenderableType", content),
                                                layout=layout)
        return True

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        was_small = self.has_class("-too-small")
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#too-small", Static).update(
                f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} "
                f"(it is {width}×{height} now).\n\nYour work on this screen is kept. "
                "Press q to quit."
            )
            if not was_small:
                # Hiding the body drops focus from the widget in it: remember which.
                self._focus_before_small = self.focused
        elif was_small:
            self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        """Give focus back to the widget that had it before the too-small notice."""
        widget, self._focus_before_small = self._focus_before_small, None
        if self.has_class("-too-small"):
            return
        if widget is not None and widget.is_attached and widget.focusable:
            widget.focus()
        elif self.focused is None:
            self.focus_next()

    def notify_error(self, message: str) -> None:
        """Show a problem the person can act on, without stopping anything."""
        self.notify(message, severity="error", timeout=6, markup=False)
