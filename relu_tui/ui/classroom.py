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

from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from relu_tui.base import classmode, progress
from relu_tui.base.text import printable
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.lesson import SettingValue
from relu_tui.lessons.share import command_line, print_line
from relu_tui.ui.compat import screen_text

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


SETTING_TYPES: dict[str, tuple[type, str]] = {"theme": (str, "a theme name")}
"""Each saved setting's type, and how a message names it."""


def _json_kind(value: object) -> str:
    for kind, word in ((bool, "true/false"), (dict, "an object"), (list, "a list"), (str, "text")):
        if isinstance(value, kind):
            return word
    return "null" if value is None else "a number"


def settings_problems(saved: dict[str, Any]) -> dict[str, str]:
    """The saved settings of the wrong type, each with a phrase ("theme is a list, not a theme
    name"); unknown keys are a newer version's, left alone."""
    return {
        key: f"{key} is {_json_kind(saved[key])}, not {what}"
        for key, (kind, what) in SETTING_TYPES.items()
        if key in saved and not isinstance(saved[key], kind)
    }


class ClassroomApp(App[None]):
    """The app-wide conveniences for teaching: screenshots, sharing, theme, F1."""

    BINDINGS = [
        Binding("ctrl+s", "screenshot", "Screenshot", show=False, id="screenshot"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
    ]
    """ctrl+s saves a screenshot; F1 opens help like `?` (ids for Textual's keymap file)."""

    def __init__(self, *, theme: str | None = None, save_dir: str | None = None) -> None:
        super().__init__()
        self._startup_notes: list[str] = []
        """Warnings shown once the app is up (settings file, --save-dir)."""
        self.save_dir: Path | None = None
        """Where screenshots go (None: the current directory)."""
        if save_dir:
            try:
                self.save_dir = progress.expand_home(save_dir)
            except progress.WriteError as error:
                self.save_dir = Path(save_dir)
                self._startup_notes.append(f"--save-dir {error}")
        saved, message = progress.load_json(SETTINGS_FILE, {})
        if message:
            self._startup_notes.append(message)
        self._settings: dict[str, Any] = saved
        problems = settings_problems(saved)
        if problems:
            self._startup_notes.append(
                f"Settings {progress.RecordFile(SETTINGS_FILE).where()}: "
                f"{'; '.join(problems.values())}. "
                "The defaults are used (the file is left as it is)."
            )
        remembered = None if "theme" in problems else saved.get("theme")
        chosen = theme or (remembered if remembered in self.available_themes else None)
        if chosen:
            self.theme = chosen
        self._theme_at_start = self.theme
        """Saved at exit only if the person picked another one (--theme is not saved)."""
        if self.css_monitor is not None:  # `textual run --dev`: every stylesheet reloads
            watched = sorted(_PACKAGE.glob("**/*.tcss"))
            self.css_monitor.add_paths(watched)

    def on_mount(self) -> None:
        for message in self._startup_notes:
            self.notify(message, severity="warning", timeout=6, markup=False)
        self._startup_notes = []

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

    def save_text(self, path: Path, text: str) -> Path:
        """Write `text` as a new file at `path` (or `path-2`, ...); every file the app saves
        goes through here. Returns the path written.

        Served (`relu-tui serve`, class mode), nothing is written on the server: the file
        goes to the student's browser as a download named `path.name` (Textual's
        `deliver_text`, which textual-serve turns into a single-use download URL), and the
        name is returned. `saved_where` says which happened, for messages.

        Raises:
            progress.WriteError: nothing was written (one sentence saying why).
            OSError: served, the browser could not be sent the file.
        """
        if classmode.served():
            name = path.name
            if self.deliver_text(io.StringIO(text), save_filename=name) is None:
                raise OSError(f"{name} could not be sent to the browser")
            return Path(name)
        return progress.write_new(path, text)

    @staticmethod
    def saved_where(path: Path) -> str:
        """How a message names a file `save_text` returned."""
        if classmode.served():
            return f"{printable(path.name)} (a download in your browser)"
        return printable(str(path))

    def save_screenshots(self, folder: Path | None = None) -> tuple[Path, Path] | None:
        """Write `relu-tui-<screen>-<time>.svg` and `.txt`; None (and a message) on failure.

        Neither file ever replaces another (a number is added to the name), and a failure
        leaves neither behind."""
        try:
            folder = folder or self.save_dir or Path.cwd()
        except OSError as error:  # the current folder was removed
            self._not_saved(f"no current folder ({error.strerror or error})")
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem = f"relu-tui-{self.current_mode}-{stamp}"
        if classmode.served():  # downloads: the server's folders are not looked at
            folder = Path(".")
        svg_path = progress.free_name(folder / f"{stem}.svg", folder / f"{stem}.txt")
        try:
            svg_text, txt_text = self.export_screenshot(), screen_text(self)
            svg_path = self.save_text(svg_path, svg_text)
            try:
                txt_path = self.save_text(svg_path.with_suffix(".txt"), txt_text)
            except OSError:
                if not classmode.served():
                    svg_path.unlink(missing_ok=True)
                raise
        except progress.WriteError as error:
            self._not_saved(str(error))
            return None
        except OSError as error:
            self._not_saved(f"{printable(str(folder))}: {error.strerror or error}")
            return None
        self.notify(
            f"Saved {self.saved_where(svg_path)}\nand {printable(txt_path.name)}",
            title="Screenshot",
            timeout=6,
            markup=False,
        )
        return svg_path, txt_path

    def _not_saved(self, why: str) -> None:
        self.notify(
            f"Screenshot not saved: {why}. (Start with --save-dir DIR to save elsewhere.)",
            severity="error",
            timeout=8,
            markup=False,
        )

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
