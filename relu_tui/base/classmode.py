"""Class mode: how a session started by `relu-tui serve` knows it is served, and the one
folder it may read data files from.

A served session runs on the teacher's machine but is driven from a student's browser, so
no path typed in it may reach the server's files. `relu-tui serve` sets two environment
variables in every session's process:

- `RELU_TUI_SERVED=1`: files the app writes (exports, screenshots) go to the browser as
  downloads instead of into a folder on the server;
- `RELU_TUI_DATA_DIR=/abs/folder` (only with `serve --data-dir DIR`): the folder a typed data
  file name is looked up in. Without it, typed paths are refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from relu_tui.base.parse import InputError
from relu_tui.base.text import printable

SERVED_ENV = "RELU_TUI_SERVED"
"""Set to "1" by `relu-tui serve` in each session's environment."""
DATA_DIR_ENV = "RELU_TUI_DATA_DIR"
"""The teacher's data folder (an absolute path), set by `relu-tui serve --data-dir DIR`."""

LOADING_OFF = (
    "loading files is off in class mode (the teacher can start the server with --data-dir DIR)"
)
"""What a served session says when asked to open a file and no data folder was named."""

_SHOWN_NAMES = 8
"""How many of the folder's file names an error lists."""


def served(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process is a session of `relu-tui serve`."""
    return (os.environ if environ is None else environ).get(SERVED_ENV, "") == "1"


def data_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The class data folder a served session may read from, or None (no files at all)."""
    value = (os.environ if environ is None else environ).get(DATA_DIR_ENV, "")
    return Path(value) if value and os.path.isabs(value) else None


def folder_names(folder: Path, suffix: str = "") -> list[str]:
    """The regular files directly in `folder` (ending in `suffix`), sorted; [] if unreadable."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    names = []
    for entry in entries:
        try:
            regular = entry.is_file(follow_symlinks=False)
        except OSError:
            continue
        if regular and entry.name.lower().endswith(suffix) and not entry.name.startswith("."):
            names.append(entry.name)
    return sorted(names)


def class_file(name: str, folder: Path, *, suffix: str = "") -> Path:
    """The file called `name` directly inside `folder`: a plain name, never a path.

    Refused: an empty name, any separator, `~`, `.` or `..`, a hidden name, a symlink or any
    file whose real location is outside `folder`, anything but a regular file. The messages
    name only what was typed and the folder's own files, so they reveal nothing else.

    Raises:
        InputError: one line saying what is allowed.
    """
    typed = name.strip()
    shown = printable(typed, limit=60)
    available = folder_names(folder, suffix)
    choices = (
        "the class folder has: " + ", ".join(available[:_SHOWN_NAMES])
        if available
        else "the class folder has no such files"
    )
    if len(available) > _SHOWN_NAMES:
        choices += f" and {len(available) - _SHOWN_NAMES} more"
    if not typed:
        raise InputError(f"type a file name; {choices}")
    if (
        "/" in typed
        or "\\" in typed
        or typed.startswith(("~", "."))
        or "\x00" in typed
        or len(typed) > 255
    ):
        raise InputError(f"'{shown}': type a file name only, not a path; {choices}")
    root = os.path.realpath(folder)
    path = os.path.join(root, typed)
    try:
        info = os.lstat(path)
    except OSError:
        raise InputError(f"'{shown}' is not in the class folder; {choices}") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise InputError(f"'{shown}' is not a regular file in the class folder; {choices}")
    if os.path.dirname(os.path.realpath(path)) != root:
        raise InputError(f"'{shown}' is not in the class folder; {choices}")
    return Path(path)
