"""The start screen's first frame, kept from the last launch that looked the same, so the
next launch shows it at once while the screen's modules (NumPy, plotext) load.

Most of start-up is importing and building the start screen: NumPy, plotext, the lesson's
core, ~50 widgets and the first plot. A launch with the same screen, settings, terminal
size, display choices, theme, saved progress and code draws the same first frame, so the
previous launch's frame is shown first, cell for cell, by `FrameScreen`; the real screen
is built right after and replaces it (drawing the same cells again sends nothing). Keys
typed meanwhile are held and given to the real screen in order.

Never stale: the cache key (`frame_key`) covers everything the first frame is drawn from,
and the real screen's first frame is compared with the one shown. If they differ, the real
one is kept instead (a screen's first frame can differ by how it was put up, built at
start-up or in place of the cached frame, as the Puzzle's hint wrapping does); if the next
launch differs again, the launch is not repeatable (something not in the key changes the
picture) and that key is never shown from the cache again. A launch that reads a file
named by a setting (a CSV) is not cached at all.

The file (`$XDG_CACHE_HOME/relu-tui/first-frame-<screen>.json`) is written atomically and
read defensively: anything but a well-formed frame of the right key and size, with no
control characters and no links (and nothing above U+007F under `--ascii`), is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

import relu_tui
from relu_tui.base import progress
from relu_tui.lessons.launch import LaunchOptions

FORMAT = 1
"""The file format written; a file of another format is ignored."""

MAX_BYTES = 2_000_000
"""Largest cache file read (a 120x40 frame is ~30 KB; 400x120 ~250 KB)."""

MAX_CELLS = 1_000_000
"""Largest frame kept (width x height)."""

ENVIRONMENT = ("TERM", "COLORTERM", "NO_COLOR", "LANG", "LC_ALL", "LC_CTYPE")
"""Variables that may change how a frame is drawn (with every TEXTUAL_* and RELU_TUI_*)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters no frame of the app contains; a cache file with one is not shown."""

Cells = list[list[list[str]]]
"""A frame as stored: per row, its runs as [text, style] (style as `str(Style)`, "" none)."""


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """`$XDG_CACHE_HOME/relu-tui`, or `~/.cache/relu-tui`; None without a home folder."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "relu-tui"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    return home / ".cache" / "relu-tui" if home.is_absolute() else None


def _stat_of(path: str | os.PathLike[str] | None) -> list[Any]:
    if path is None:
        return []
    try:
        found = os.stat(path)
    except OSError:
        return [str(path)]
    return [str(path), found.st_mtime_ns, found.st_size]


def _tree_stats(folder: Path, suffixes: tuple[str, ...]) -> list[Any]:
    """(path, mtime, size) of every file below `folder` ending in one of `suffixes`."""
    found: list[Any] = []
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    pending.append(entry.path)
            elif entry.name.endswith(suffixes):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found.append((entry.path, info.st_mtime_ns, info.st_size))
    return sorted(found)


def _library_stats(names: Iterable[str]) -> list[Any]:
    """Where each library is installed and when its files were written (a new version
    writes new files), found without importing it."""
    stats: list[Any] = []
    for name in names:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None)
        if origin is None:
            try:
                spec = find_spec(name)
            except (ImportError, ValueError):
                spec = None
            origin = spec.origin if spec is not None else None
        stats.append([name, *_stat_of(origin)])
    return stats


def _state_stats() -> list[Any]:
    """Saved progress and settings (a screen may show solved levels, a remembered theme)."""
    try:
        folder = progress.state_dir()
    except progress.ProgressError:
        return []
    return _tree_stats(folder, (".json",))


def reads_files(options: LaunchOptions) -> bool:
    """Whether a setting names a file that exists (its contents are not in any key)."""
    for value in options.settings.values():
        if isinstance(value, str) and value.strip():
            try:
                if os.path.exists(os.path.expanduser(value.strip())):
                    return True
            except (OSError, ValueError):
                return True
    return False


def frame_key(options: LaunchOptions, display: Mapping[str, Any]) -> str:
    """A digest of everything the start screen's first frame is drawn from.

    Args:
        options: what the command line asked for (screen, settings, `--ascii`).
        display: how the app draws: size, theme, colour system, NO_COLOR and the like.

    Returns:
        A hex digest; two launches with the same one draw the same first frame.
    """
    launch = {
        field.name: getattr(options, field.name)
        for field in fields(options)
        if field.name != "settings"
    }
    launch["settings"] = sorted((name, repr(value)) for name, value in options.settings.items())
    parts = {
        "format": FORMAT,
        "python": sys.version,
        "relu_tui": [relu_tui.__version__, _tree_stats(Path(relu_tui.__file__).parent, _CODE)],
        "libraries": _library_stats(("textual", "rich", "numpy", "plotext")),
        "launch": launch,
        "display": dict(display),
        "environment": sorted(
            (name, value)
            for name, value in os.environ.items()
            if name in ENVIRONMENT or name.startswith(("TEXTUAL", "RELU_TUI"))
        ),
        "state": _state_stats(),
    }
    text = json.dumps(parts, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_CODE = (".py", ".tcss", ".toml")
"""The package's files that decide what a screen draws."""


def encode(strips: Iterable[Strip]) -> Cells:
    """A frame's rows as [text, style] runs (neighbouring runs of one style joined)."""
    rows: Cells = []
    for strip in strips:
        row: list[list[str]] = []
        for text, style, control in strip:
            if control or not text:
                continue
            name = "" if style is None else str(style)
            if row and row[-1][1] == name:
                row[-1][0] += text
            else:
                row.append([text, name])
        rows.append(row)
    return rows


def decode(cells: Cells) -> list[Strip]:
    """The rows of an `encode`d frame as strips."""
    parse = Style.parse
    return [
        Strip([Segment(text, parse(name) if name else None) for text, name in row]) for row in cells
    ]


def _valid(cells: object, size: tuple[int, int], ascii_only: bool) -> Cells | None:
    """`cells` if it is a frame of `size` the app could have drawn, else None."""
    width, height = size
    if not isinstance(cells, list) or len(cells) != height or width * height > MAX_CELLS:
        return None
    for row in cells:
        if not isinstance(row, list):
            return None
        columns = 0
        for run in row:
            if not (
                isinstance(run, list)
                and len(run) == 2
                and isinstance(run[0], str)
                and isinstance(run[1], str)
            ):
                return None
            text, name = run
            if _CONTROL.search(text) or _CONTROL.search(name) or "link" in name:
                return None
            if ascii_only and not text.isascii():
                return None
            if name:
                try:
                    Style.parse(name)
                except StyleSyntaxError:
                    return None
            columns += cell_len(text)
        if columns != width:
            return None
    return cells


@dataclass
class FrameCache:
    """One screen's cached first frame: load it for a key, record what was really drawn."""

    path: Path
    """The cache file (`first-frame-<screen>.json`)."""
    key: str
    """This launch's `frame_key`."""
    size: tuple[int, int]
    """The terminal's (width, height) the key was made for."""
    ascii_only: bool = False
    shown: Cells | None = None
    """The frame shown from the cache at start-up (None: the real screen drew first)."""
    repeatable: bool = True
    """False once two launches in a row with this key drew another frame than the one
    kept for it."""
    misses: int = 0
    """How many launches in a row drew another frame than the one kept (0 or 1)."""

    @classmethod
    def for_launch(
        cls, folder: Path, options: LaunchOptions, display: Mapping[str, Any]
    ) -> FrameCache | None:
        """The cache for this launch, or None when its first frame cannot be cached (a
        setting names a file)."""
        if reads_files(options):
            return None
        size = display["size"]
        return cls(
            path=folder / f"first-frame-{options.screen}.json",
            key=frame_key(options, display),
            size=(int(size[0]), int(size[1])),
            ascii_only=options.ascii,
        )

    def load(self) -> Cells | None:
        """The frame kept for this key, or None (no file, another key, anything unusable)."""
        try:
            info = os.stat(self.path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
            data = json.loads(raw)
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        if data.get("key") != self.key:
            return None
        if data.get("frame") is None:
            self.repeatable = False
            return None
        self.misses = 1 if data.get("misses") == 1 else 0
        return _valid(data.get("frame"), self.size, self.ascii_only)

    def recorded(self, strips: list[Strip], size: tuple[int, int]) -> None:
        """The real screen drew its first frame: keep it; if it differs from the frame
        shown from the cache, keep it instead, unless the last launch differed too: then
        never show this key from the cache again.

        A frame of another size (the terminal was resized meanwhile) is not kept. A cache
        that cannot be written is no problem: the next launch draws as this one did.
        """
        if size != self.size or not self.repeatable:
            return
        cells = encode(strips)
        if cells == self.shown:
            if self.misses:
                self._write(cells, misses=0)
            return
        if self.shown is None:
            self._write(cells, misses=0)
        elif self.misses:
            self._write(None, misses=2)  # differed twice in a row: not repeatable
        else:
            self._write(cells, misses=1)

    def _write(self, frame: Cells | None, *, misses: int) -> None:
        text = json.dumps({"format": FORMAT, "key": self.key, "frame": frame, "misses": misses})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            progress.write_atomically(self.path, text)
        except OSError:
            pass  # a cache: the next launch simply starts without it


class _Frame(Widget):
    """The cached frame's rows, drawn as they were."""

    DEFAULT_CSS = "_Frame { width: 1fr; height: 1fr; }"

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self._strips = strips

    def render_line(self, y: int) -> Strip:
        return self._strips[y] if 0 <= y < len(self._strips) else Strip.blank(self.size.width)


class FrameScreen(Screen[None]):
    """The start screen's last first frame, shown until the real screen replaces it.

    `then` runs once this frame is on the terminal: it builds the real screen and
    switches to it.
    """

    DEFAULT_CSS = "FrameScreen { overflow: hidden; }"

    def __init__(self, cells: Cells, then: Callable[[], object]) -> None:
        super().__init__()
        self._strips = decode(cells)
        self._then = then

    def compose(self) -> ComposeResult:
        yield _Frame(self._strips)

    def on_mount(self) -> None:
        # On the app's own queue: the replacement removes this screen, which must not wait
        # for a callback running in this screen's queue.
        self.call_after_refresh(self.app.call_later, self._then)
