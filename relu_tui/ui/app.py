"""ReluApp: the five screens as modes, global keys, help and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from relu_tui.registry import SCREENS, available_screens
from relu_tui.ui.screens.help import HelpScreen, bindings_table

_HERE = Path(__file__).parent


def _stylesheets() -> list[str | Path]:
    """The app's stylesheet, then one per screen that ships one."""
    return [_HERE / "relu_tui.tcss", *sorted((_HERE / "styles").glob("*.tcss"))]


def _modes() -> dict[str, Any]:
    return {name: partial(lambda info: info.load_screen()(), SCREENS[name])
            for name in available_screens()}


class ReluApp(App[None]):
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
        launch_options: dict[str, Any] | None = None,
    ) -> None:
        if start not in self.MODES:
            raise ValueError(f"unknown screen {start!r}")
        self.DEFAULT_MODE = start  # read by App.__init__: the first screen is built directly
        super().__init__()
        self.ascii_only = ascii_only
        """Plain ASCII plot markers and frames, for fonts without braille."""
        self.launch_options: dict[str, Any] = dict(launch_options or {})
        """Command-line extras for the start screen (level, seed, target, units)."""

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
