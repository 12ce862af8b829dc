"""ClassroomApp: screenshots that work anywhere, settings as a command, a remembered theme.

ReluApp derives from this. It adds, with nothing for the screens to do:
- ctrl+s (and the palette's "Screenshot"): an SVG and a plain-text copy of the screen in
  the current directory or `--save-dir`; the notification names both files.
- "Copy settings as command": the `relu-tui SCREEN --option ...` line that reopens the
  current setup (and its `--print` twin), copied through the terminal (OSC 52).
- `--theme NAME`, and the theme picked in the palette remembered in the state directory.
- F1 opens help like `?`; under `textual run --dev` every screen's stylesheet reloads.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rich.console import Console
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from relu_tui.base import progress
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.lesson import SettingValue
from relu_tui.lessons.share import command_line, print_line

SETTINGS_FILE = "settings"
"""`<state dir>/settings.json`: app-wide choices (the theme)."""

_PACKAGE = Path(__file__).resolve().parents[1]
"""The package folder: every stylesheet lives somewhere below it."""


@runtime_checkable
class SharesSettings(Protocol):
    """A screen that can say its lesson's settings (`LessonScreen.current_settings`)."""

    def current_settings(self) -> Mapping[str, SettingValue]: ...


def current_options(screen_name: str, screen: object, *, ascii_only: bool) -> LaunchOptions:
    """The LaunchOptions that reopen `screen` as it is now: every setting of its lesson,
    read by the lesson's own `settings_of` (a screen without settings gives none)."""
    settings: dict[str, SettingValue] = {}
    if isinstance(screen, SharesSettings):
        # an empty text setting (no CSV file) is its default and is not written
        settings = {k: v for k, v in screen.current_settings().items() if v != ""}
    return LaunchOptions(screen=screen_name, ascii=ascii_only, settings=settings)


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, one line per row, trailing spaces trimmed."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    render = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(render)
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


class ClassroomApp(App[None]):
    """The app-wide conveniences for teaching: screenshots, sharing, theme, F1."""

    BINDINGS = [
        Binding("ctrl+s", "screenshot", "Screenshot", show=False, id="screenshot"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
    ]
    """ctrl+s saves a screenshot; F1 opens help like `?` (ids for Textual's keymap file)."""

    def __init__(self, *, theme: str | None = None, save_dir: str | None = None) -> None:
        super().__init__()
        self.save_dir = Path(save_dir).expanduser() if save_dir else None
        """Where screenshots go (None: the current directory)."""
        saved, self._settings_message = progress.load_json(SETTINGS_FILE, {})
        self._settings: dict[str, Any] = saved
        remembered = saved.get("theme")
        chosen = theme or (remembered if remembered in self.available_themes else None)
        if chosen:
            self.theme = chosen
        self._theme_at_start = self.theme
        """Saved at exit only if the person picked another one (--theme is not saved)."""
        if self.css_monitor is not None:  # `textual run --dev`: every stylesheet reloads
            watched = sorted(_PACKAGE.glob("**/*.tcss"))
            self.css_monitor.add_paths(watched)

    def on_mount(self) -> None:
        if self._settings_message:
            self.notify(self._settings_message, severity="warning", timeout=6)
            self._settings_message = None

    def on_unmount(self) -> None:
        self.remember_theme()

    def remember_theme(self) -> None:
        """Write the theme to the state directory if it changed since start-up."""
        if self.theme == self._theme_at_start:
            return
        self._settings["theme"] = self.theme
        try:
            progress.save_json(SETTINGS_FILE, self._settings)
        except OSError:  # at exit there is nobody to tell; the theme is simply not kept
            return
        self._theme_at_start = self.theme

    # screenshots -------------------------------------------------------------------

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG and a text copy of the screen; the notification says where."""
        self.save_screenshots(Path(path) if path else None)

    def save_screenshots(self, folder: Path | None = None) -> tuple[Path, Path] | None:
        """Write `relu-tui-<screen>-<time>.svg` and `.txt`; None (and a message) on failure."""
        folder = folder or self.save_dir or Path.cwd()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem = f"relu-tui-{self.current_mode}-{stamp}"
        svg_path, txt_path = folder / f"{stem}.svg", folder / f"{stem}.txt"
        counter = 1
        while svg_path.exists() or txt_path.exists():
            svg_path, txt_path = folder / f"{stem}-{counter}.svg", folder / f"{stem}-{counter}.txt"
            counter += 1
        if not folder.is_dir():
            self.notify(
                f"Screenshot not saved: {folder} is not a folder "
                "(make it, or start with --save-dir DIR).",
                severity="error",
                timeout=8,
                markup=False,
            )
            return None
        try:
            svg_path.write_text(self.export_screenshot(), encoding="utf-8")
            txt_path.write_text(screen_text(self), encoding="utf-8")
        except OSError as error:
            svg_path.unlink(missing_ok=True)
            self.notify(
                f"Screenshot not saved in {folder}: {error.strerror or error}.",
                severity="error",
                timeout=8,
                markup=False,
            )
            return None
        self.notify(
            f"Saved {svg_path}\nand {txt_path.name}", title="Screenshot", timeout=6, markup=False
        )
        return svg_path, txt_path

    # the demo ------------------------------------------------------------------------

    demo_driver: Any = None
    """The running `relu-tui demo`, if any (relu_tui.ui.demo.DemoDriver)."""

    def action_demo(self, command: str) -> None:
        """A demo key (space, n, p, escape); without a demo running the key passes on."""
        if self.demo_driver is None:
            raise SkipAction()
        self.demo_driver.command(command)

    # sharing ------------------------------------------------------------------------

    def current_launch_options(self) -> LaunchOptions:
        """The options that reopen the screen in front as it is now."""
        name = self.current_mode
        stack = self.screen_stack  # the mode's own screen is at the bottom, modals above it
        screen = stack[0] if stack else self.screen
        return current_options(name, screen, ascii_only=bool(getattr(self, "ascii_only", False)))

    def action_copy_settings(self) -> None:
        """Show the command that reopens this setup, and copy it to the clipboard."""
        options = self.current_launch_options()
        line = command_line(options)
        self.copy_to_clipboard(line)
        self.notify(
            f"{line}\n\nStatic text: {print_line(options)}\n\n(copied to the clipboard)",
            title="Settings as a command",
            timeout=20,
            markup=False,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's saves to ~/Downloads only
                yield command
        yield SystemCommand(
            "Screenshot",
            "Save an SVG and a text copy of the screen (ctrl+s)",
            lambda: self.set_timer(0.1, self.action_screenshot),
        )
        yield SystemCommand(
            "Copy settings as command",
            "The relu-tui command line that reopens this setup",
            self.action_copy_settings,
        )
