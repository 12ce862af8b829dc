"""Saved progress: JSON files under the XDG state directory, written atomically.

A file that cannot be read back (truncated, garbage, wrong shape) is moved aside to
`<name>.corrupt` (never deleted), the caller gets its defaults and a message to show once.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_WRITES_HELD: list[bool] = [False]
"""True in the demo: nothing is written, so the person's saved progress stays theirs."""


def hold_writes(held: bool = True) -> None:
    """Make `save_json` write nothing for the rest of the process (the demo), or resume."""
    _WRITES_HELD[0] = held


def state_dir() -> Path:
    """`$XDG_STATE_HOME/relu-tui`, or `~/.local/state/relu-tui` when it is unset or relative."""
    base = os.environ.get("XDG_STATE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "relu-tui"


def load_json(name: str, default: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Read `<state_dir>/<name>.json`.

    Args:
        name: the file's stem, e.g. "puzzle".
        default: what to use when there is no file or it is unusable.

    Returns:
        (data, message): message is None when all went well or there was no file yet;
        otherwise it says what was wrong and where the old file was kept.
    """
    path = state_dir() / f"{name}.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return dict(default), None
    except OSError as error:
        return dict(default), (f"Could not read saved progress {path}: {error.strerror}. "
                               "Starting fresh.")
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION:
            raise ValueError("unexpected contents")
        payload = data.get("data")
        if not isinstance(payload, dict):
            raise ValueError("unexpected contents")
    except (UnicodeDecodeError, ValueError):
        kept = _set_aside(path)
        where = f"kept as {kept}" if kept else "it could not be moved aside"
        return dict(default), f"Saved progress {path} was unreadable ({where}). Starting fresh."
    return payload, None


def save_json(name: str, data: dict[str, Any]) -> Path:
    """Write `<state_dir>/<name>.json` atomically (temp file, fsync, rename).

    Raises:
        OSError: when the directory cannot be created or written; the old file is untouched.
    """
    folder = state_dir()
    path = folder / f"{name}.json"
    if _WRITES_HELD[0]:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"version": SCHEMA_VERSION, "data": data}, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _set_aside(path: Path) -> Path | None:
    target = path.with_suffix(".json.corrupt")
    counter = 1
    while target.exists():
        target = path.with_suffix(f".json.corrupt{counter}")
        counter += 1
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target
