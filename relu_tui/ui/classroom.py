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
import math
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from relu_tui.base import classmode, progress
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.share import command_line, print_line

SETTINGS_FILE = "settings"
"""`<state dir>/settings.json`: app-wide choices (the theme)."""

_PACKAGE = Path(__file__).resolve().parents[1]
"""The package folder: every stylesheet lives somewhere below it."""


def _dosage(screen: Any) -> dict[str, object]:
    return {"stage": int(screen.state.stage)}


def _puzzle(screen: Any) -> dict[str, object]:
    key = str(screen.state.level.key)
    if key.startswith("random-"):
        return {"level": "random", "seed": int(key.removeprefix("random-"))}
    return {"level": key}


def _dead(screen: Any) -> dict[str, object]:
    state = getattr(screen, "state", None)
    settings = (
        state.settings if state is not None and hasattr(state, "settings") else (screen.settings)
    )
    return {
        "activation": settings.activation,
        "lr": float(settings.lr),
        "epochs": int(settings.epochs),
        "seed": int(settings.seed),
    }


def _approx(screen: Any) -> dict[str, object]:
    fit = screen.fit_state
    target = fit.target
    text = target.text
    if not (math.isclose(target.lo, -math.pi) and math.isclose(target.hi, math.pi)):
        text = f"{text} on [{target.lo:g}, {target.hi:g}]"
    options: dict[str, object] = {"target": text, "units": int(fit.units)}
    seed = getattr(getattr(screen.train_state, "config", None), "seed", None)
    if seed is not None:
        options["seed"] = int(seed)
    return options


_READERS: dict[str, Callable[[Any], dict[str, object]]] = {
    "dosage": _dosage,
    "puzzle": _puzzle,
    "dead": _dead,
    "approx": _approx,
}
"""Each screen's current setup as LaunchOptions fields, read from its documented state."""


def current_options(screen_name: str, screen: Any, *, ascii_only: bool) -> LaunchOptions:
    """The LaunchOptions that reopen `screen` as it is now.

    A screen may offer `launch_settings() -> dict` itself; otherwise its state is read here.
    """
    own = getattr(screen, "launch_settings", None)
    reader = _READERS.get(screen_name)
    values: dict[str, object] = {}
    if callable(own):
        values = dict(own())
    elif reader is not None:
        try:
            values = reader(screen)
        except AttributeError:  # a screen reworked since: share what can still be read
            values = {}
    return LaunchOptions(screen=screen_name, ascii=ascii_only, **values)  # type: ignore[arg-type]


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


def _claim_new_path(folder: Path, name: str) -> Path:
    """A path in `folder` for `name` that no file had: created empty here (O_EXCL), so no
    other writer can take it before the content replaces it atomically. A taken name gets
    `-1`, `-2`, ... before its suffix.

    (When base.progress gains its own never-overwrite writer, this is the place to call it.)
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    for counter in range(10_000):
        candidate = folder / (name if counter == 0 else f"{stem}-{counter}{suffix}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise OSError(f"{folder} already has 10,000 files called {stem}-N{suffix}")


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

    def save_screenshots(self, folder: Path | None = None) -> tuple[str, str] | None:
        """Save `relu-tui-<screen>-<time>.svg` and `.txt` through `save_text`; returns where
        they went, or None (and a message) on failure."""
        stem = f"relu-tui-{self.current_mode}-{time.strftime('%Y%m%d-%H%M%S')}"
        svg = None
        try:
            svg = self.save_text(f"{stem}.svg", self.export_screenshot(), folder=folder)
            txt = self.save_text(f"{stem}.txt", screen_text(self), folder=folder)
        except OSError as error:
            if svg is not None and not classmode.served():  # no half of a pair left behind
                Path(svg).unlink(missing_ok=True)
            self.notify(
                f"Screenshot not saved: {error.strerror or error}.",
                severity="error",
                timeout=8,
                markup=False,
            )
            return None
        self.notify(
            f"Saved {svg}\nand {Path(txt).name}", title="Screenshot", timeout=6, markup=False
        )
        return svg, txt

    # every file the app writes -------------------------------------------------------

    def save_text(self, filename: str, text: str, *, folder: Path | None = None) -> str:
        """Save `text` as a new file called `filename`; returns where it went, for a message.

        The one way the app writes a file a person asked for (screenshots, exports):
        - served (`relu-tui serve`): the file goes to the browser as a download (Textual's
          `deliver_text`, which textual-serve turns into a single-use download URL); nothing
          is written on the server, and `folder` and `--save-dir` are ignored;
        - otherwise: into `folder`, `--save-dir` or the current folder, under a new name
          (`name-1.ext`, `name-2.ext`, ...) if `filename` is taken: nothing is replaced.

        Raises:
            OSError: the folder is missing or cannot be written (nothing is left behind).
        """
        name = Path(filename).name
        if classmode.served():
            key = self.deliver_text(io.StringIO(text), save_filename=name, open_method="download")
            if key is None:
                raise OSError(f"{name} could not be sent to the browser")
            return f"{name} (a download in your browser)"
        where = folder or self.save_dir or Path.cwd()
        if not where.is_dir():
            raise OSError(f"{where} is not a folder (make it, or start with --save-dir DIR)")
        path = _claim_new_path(where, name)
        try:
            progress.write_atomically(path, text)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return str(path)

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
