"""ReluApp: the five screens as modes, global keys, help and the command palette."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual._context import active_app
from textual.app import SystemCommand
from textual.binding import Binding
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from relu_tui.launch import LaunchOptions
from relu_tui.registry import SCREENS, available_screens
from relu_tui.ui.classroom import ClassroomApp
from relu_tui.ui.compat import (
    guard_command_palette_teardown,
    guard_option_list_paging,
    guard_stale_dismiss,
    split_escape_prefix,
)
from relu_tui.ui.screens.help import HelpScreen, bindings_table

_HERE = Path(__file__).parent

# The app's arrays are small (a few hundred values, 16-wide layers): one BLAS thread is as
# fast, and OpenBLAS starting a thread per core costs ~50-90 ms of CPU at start-up on two
# cores. Effective because numpy is first imported with the first screen, after this; a
# value the person set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


_FROZEN: set[str] = set()
_GC_PAUSED: list[bool] = [False]
"""True while start-up holds the collector off (see `_build_screen`)."""


def _freeze_heap(moment: str) -> None:
    """Hide what is allocated so far from the cyclic garbage collector, once per `moment`.

    Modules, classes, the first screen's imports (numpy) live as long as the app, yet each
    full collection during start-up walked them again: ~45 ms of collections while the
    first frame is built, ~25 ms with the heap frozen when the app is built and again
    after its first frame. At most twice a process, so little garbage is ever kept.
    """
    if moment not in _FROZEN:
        _FROZEN.add(moment)
        gc.freeze()


def _stylesheets() -> list[str | Path]:
    """The app-wide stylesheet; each screen's own is read when the screen is first built."""
    return [_HERE / "relu_tui.tcss"]


def _screen_stylesheet(name: str) -> Path:
    """`styles/<name>.tcss`: rules scoped to that screen (and the modals it opens)."""
    return _HERE / "styles" / f"{name}.tcss"


def _resume_gc() -> None:
    """After the first frame: freeze what start-up allocated, then collect as usual."""
    _freeze_heap("first frame")
    if _GC_PAUSED[0]:
        _GC_PAUSED[0] = False
        gc.enable()


def _build_screen(name: str) -> Screen[Any]:
    """Import and build the screen `name`, reading its stylesheet first.

    Only the start screen's module and stylesheet are loaded at start-up. Every rule in
    a screen's stylesheet begins with that screen's class (or a modal it opens), so
    reading it later changes nothing on the screens already built.

    From the start screen's imports to its first frame the garbage collector is off: what
    is allocated then (modules, numpy, the screen's widgets) lives as long as the app, yet
    ~80 collections walked it (~12 ms of the first frame). After that frame the heap is
    frozen and collection resumes; the app re-enables it on exit if no frame came.
    """
    first = "first frame" not in _FROZEN
    if first and gc.isenabled():
        _GC_PAUSED[0] = True
        gc.disable()
    stylesheet = active_app.get().stylesheet
    path = _screen_stylesheet(name)
    if path.exists() and not stylesheet.has_source(str(path), ""):
        stylesheet.read(path)
    screen: Screen[Any] = SCREENS[name].load_screen()()
    if first:
        screen.call_after_refresh(_resume_gc)
    return screen


class _Stylesheet(Stylesheet):
    """Textual's stylesheet, keeping what it parsed while the variables stay the same.

    Textual refreshes the CSS whenever a mode's screen is first shown: it sets the
    variables (which empties the parse cache, even when they have not changed) and
    re-parses every source in a fresh stylesheet, whose cache is then dropped. At
    start-up that parsed all of relu-tui's CSS three times (~40 ms of ~400 ms).
    """

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        if self._parse_cache:  # the variables did not change: cached rules are current
            self.parse()
        else:
            super().reparse()


def _modes() -> dict[str, Any]:
    return {name: partial(_build_screen, name) for name in available_screens()}


class ReluApp(ClassroomApp):
    """relu-tui: a terminal explorer that teaches the ReLU activation."""

    TITLE = "relu-tui"
    CSS_PATH = _stylesheets()
    MODES = _modes()
    BINDINGS = [
        *(Binding(info.key, f"open_screen('{name}')", info.title, show=False)
          for name, info in SCREENS.items()),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "quit", "Quit"),
    ]
    """Global keys: 1-5 screens, ? help, q quit (ctrl+p opens the command palette)."""

    def __init__(
        self,
        start: str = "activations",
        *,
        ascii_only: bool = False,
        launch_options: LaunchOptions | None = None,
        theme: str | None = None,
        save_dir: str | None = None,
    ) -> None:
        if start not in self.MODES:
            raise ValueError(f"unknown screen {start!r}")
        self.DEFAULT_MODE = start  # read by App.__init__: the first screen is built directly
        _freeze_heap("app")
        guard_option_list_paging()
        guard_stale_dismiss()
        guard_command_palette_teardown()
        super().__init__(theme=theme, save_dir=save_dir)
        self.stylesheet = _Stylesheet(variables=self.get_css_variables())
        self.ascii_only = ascii_only
        """Plain ASCII plot markers and frames, for fonts without braille."""
        self.launch_options: LaunchOptions = launch_options or LaunchOptions(screen=start)
        """What the command line asked for: each screen reads its own options on mount."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            keys = split_escape_prefix(event)  # Escape then q typed fast arrive as alt+q
            if keys is not None:
                for key in keys:
                    await super().on_event(key)
                return
        await super().on_event(event)

    def on_unmount(self) -> None:
        if _GC_PAUSED[0]:  # the app stopped before its first frame (see _build_screen)
            _GC_PAUSED[0] = False
            gc.enable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_screen":
            (name,) = parameters
            if name not in self.MODES:
                return False
            if name == self.current_mode:
                return None
        return True

    def action_open_screen(self, name: str) -> None:
        """Switch to the screen `name`, keeping every screen's state."""
        if name in self.MODES and name != self.current_mode:
            self.switch_mode(name)

    def action_help(self) -> None:
        """Open help for the screen in front."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        info = SCREENS.get(self.current_mode)
        title = info.title if info else "relu-tui"
        text = getattr(screen, "HELP", "") or (info.summary if info else "")
        self.push_screen(HelpScreen(title, text, bindings_table(screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, info in SCREENS.items():
            if name in self.MODES:
                yield SystemCommand(f"Screen: {info.title}", f"({info.key}) {info.summary}",
                                    partial(self.action_open_screen, name))
        yield SystemCommand("Help", "Keys and explanation for this screen", self.action_help)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if (not binding.description or binding.action in seen or active.node is self
                    or not active.enabled):
                continue
            seen.add(binding.action)
            yield SystemCommand(binding.description, f"key: {self.get_key_display(binding)}",
                                partial(self.run_action, binding.action, active.node))
