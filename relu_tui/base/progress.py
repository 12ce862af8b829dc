"""Saved progress: small JSON record files under the XDG state directory.

One `RecordFile` per file (`<state_dir>/<name>.json`, stored as
`{"version": 1, "data": {...}}`). It is built so that no record is ever lost:

- Reading takes only a regular file of at most `MAX_BYTES`, nested at most `MAX_DEPTH`
  deep, and never blocks (a FIFO or a device is refused, not opened for reading).
- A file that is there but cannot be read (permissions, not a regular file, written by a
  newer relu-tui, no home folder at all) is never written over: the record file says so
  and refuses to save; playing goes on without saving.
- A file that was read but is not saved progress (garbage, truncated, too large, too deep)
  is moved aside to `<name>.json.corrupt` (never deleted) and the defaults are used.
- Saving merges with what is on disk *now*, under a lock, then writes atomically (temp
  file, fsync, rename): two instances of the app keep both their records, and keys this
  version does not know survive.
- An optional validator checks the schema: it returns the problems it found (each a clear
  phrase); the caller ignores those records, they stay on disk untouched.

Typical use (the puzzle's records; any other screen's records work the same way)::

    records = RecordFile("puzzle", validate=check_records, merge=merge_records)
    message = records.load()            # None, or one sentence to show once
    records.data["levels"]["1"] = {"solved": True, "best": 7}
    try:
        records.save()                  # merged with the disk; records.data is the result
    except ProgressError as error:
        show(str(error))                # one sentence; nothing on disk was changed
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path

from relu_tui.base.files import (
    ProgressError,
    WriteError,
    expand_home,
    free_name,
    glob_escape,
    write_atomically,
    write_new,
)
from relu_tui.base.progress_lock import locked, remove_stale_temps, remove_stale_temps_if_idle
from relu_tui.base.progress_read import (
    MAX_BYTES,
    MAX_DEPTH,
    SCHEMA_VERSION,
    Data,
    Unusable,
    read_progress,
)
from relu_tui.base.text import printable

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "SCHEMA_VERSION",
    "ProgressError",
    "RecordFile",
    "WriteError",
    "expand_home",
    "free_name",
    "glob_escape",
    "hold_writes",
    "load_json",
    "merge_keep_both",
    "read_json",
    "remove_stale_temps",
    "save_json",
    "state_dir",
    "write_atomically",
    "write_new",
]
"""Also the names of `base.files` and `base.progress_read` that callers take from here."""


Validator = Callable[[Data], list[str]]
"""Checks loaded data; returns problems (phrases such as "level '2': best is true, ...").
Raise ValueError instead when the whole file is unusable (it is then moved aside)."""
Merger = Callable[[Data, Data], Data]
"""(on disk, in memory) → what to write; must keep what only one side has."""


_WRITES_HELD: list[bool] = [False]
"""True in the demo: nothing is written, so the person's saved progress stays theirs."""


def hold_writes(held: bool = True) -> None:
    """Make every save write nothing for the rest of the process (the demo), or resume."""
    _WRITES_HELD[0] = held


def state_dir() -> Path:
    """`$XDG_STATE_HOME/relu-tui`, or `~/.local/state/relu-tui` when it is unset or relative.

    Raises:
        ProgressError: neither XDG_STATE_HOME nor a home folder (HOME, or the password
            database) gives an absolute path.
    """
    base = os.environ.get("XDG_STATE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "relu-tui"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        home = Path()
    if not home.is_absolute():
        raise ProgressError(
            "there is no home folder to save progress in (set HOME or XDG_STATE_HOME)"
        )
    return home / ".local" / "state" / "relu-tui"


def merge_keep_both(disk: Data, ours: Data) -> Data:
    """Nested dicts merged key by key; where both have a value that is not a dict, ours wins.

    The default merge: keys only on disk (another instance's records, keys a newer version
    wrote) survive a save.
    """
    merged = copy.deepcopy(disk)
    for key, value in ours.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_keep_both(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class RecordFile:
    """One JSON record file: load once, change `data`, save (merged with the disk).

    Attributes:
        name: the file's stem, e.g. "puzzle".
        data: the records in use (after `load`, and after each `save` the merged result).
        can_save: False when the file exists but could not be read (or there is nowhere to
            save): `save` then refuses, so the file is never written over.
    """

    def __init__(
        self,
        name: str,
        *,
        default: Data | None = None,
        validate: Validator | None = None,
        merge: Merger = merge_keep_both,
    ) -> None:
        self.name = name
        self._default: Data = dict(default or {})
        self._validate = validate
        self._merge = merge
        self.data: Data = copy.deepcopy(self._default)
        self.can_save = True
        self._why_not: str | None = None

    def path(self) -> Path:
        """`<state_dir>/<name>.json` (raises ProgressError when there is no state folder)."""
        return state_dir() / f"{self.name}.json"

    def where(self) -> str:
        """The file's path for messages (control characters escaped), or a description."""
        try:
            return printable(str(self.path()))
        except ProgressError:
            return f"{self.name}.json"

    def load(self) -> str | None:
        """Read the file into `data`.

        Returns:
            None when all went well or there is no file yet; otherwise one sentence saying
            what was wrong, where the old file was kept, or why nothing will be saved.
        """
        self.data = copy.deepcopy(self._default)
        self.can_save, self._why_not = True, None
        try:
            path = self.path()
        except ProgressError as error:
            return self._refuse(f"{error}; playing without saving")
        if not _WRITES_HELD[0]:
            remove_stale_temps_if_idle(path)
        try:
            payload = read_progress(path)
        except ProgressError as error:
            return self._refuse(f"{error}; playing without saving, so it is not written over")
        except Unusable as error:
            return _moved_aside(path, str(error))
        if payload is None:
            return None
        problems = self._check(path, payload)
        if isinstance(problems, str):
            return problems
        self.data = merge_keep_both(self._default, payload)
        if problems:
            shown = "; ".join(problems[:2]) + (
                f"; and {len(problems) - 2} more" if len(problems) > 2 else ""
            )
            return (
                f"Saved progress {printable(str(path))}: {shown}. "
                "Those records are ignored (and left in the file)."
            )
        return None

    def save(self) -> Path:
        """Merge `data` with the file as it is on disk now and write the result atomically.

        Returns:
            The path written.

        Raises:
            ProgressError: nothing was written (the file could not be read at load or now,
                the folder is not writable, another instance held the lock too long).
        """
        if not self.can_save:
            raise ProgressError(f"Progress not saved: {self._why_not}")
        path = self.path()
        if _WRITES_HELD[0]:
            return path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with locked(path):
                remove_stale_temps(path)
                try:
                    disk = read_progress(path)
                except ProgressError as error:
                    raise ProgressError(
                        f"Progress not saved: {error}, so it is not written over"
                    ) from None
                except Unusable:
                    _set_aside(path)
                    disk = None
                if disk is not None and isinstance(self._check(path, disk), str):
                    _set_aside(path)  # moved aside as load would: never silently dropped
                    disk = None
                merged = self._merge(disk or {}, self.data) if disk else copy.deepcopy(self.data)
                _write(path, merged)
        except ProgressError:
            raise
        except OSError as error:
            raise ProgressError(
                f"Could not save progress in {printable(str(path.parent))}: "
                f"{error.strerror or error}"
            ) from None
        self.data = merged
        return path

    def _check(self, path: Path, payload: Data) -> list[str] | str:
        """The validator's problems, or (a str) the message after moving the file aside."""
        if self._validate is None:
            return []
        try:
            return self._validate(payload)
        except ValueError as error:
            return _moved_aside(path, str(error))

    def _refuse(self, why: str) -> str:
        self.can_save, self._why_not = False, why
        return f"Saved progress: {why}."


def load_json(name: str, default: Data) -> tuple[Data, str | None]:
    """Read `<state_dir>/<name>.json` without a schema (see `RecordFile.load`).

    Returns:
        (data, message): message is None when all went well or there was no file yet.
    """
    records = RecordFile(name, default=default)
    message = records.load()
    return records.data, message


def read_json(name: str, default: Data) -> tuple[Data, str | None]:
    """Read `<state_dir>/<name>.json` and change nothing on disk (for `--print`, which only
    reads: an unreadable file is reported, never moved aside).

    Returns:
        (data, message): message is None when all went well or there was no file yet.
    """
    try:
        path = state_dir() / f"{name}.json"
        payload = read_progress(path)
    except ProgressError as error:
        return copy.deepcopy(default), f"Saved progress: {error}."
    except Unusable as error:
        return (
            copy.deepcopy(default),
            f"Saved progress {printable(str(path))} is unreadable: it {error} (left as it is).",
        )
    if payload is None:
        return copy.deepcopy(default), None
    return merge_keep_both(default, payload), None


def save_json(name: str, data: Data) -> Path:
    """Write `data` to `<state_dir>/<name>.json`, merged with the file on disk
    (`merge_keep_both`). Raises ProgressError when nothing could be written."""
    records = RecordFile(name)
    records.load()
    records.data = merge_keep_both(records.data, data)
    return records.save()


def _moved_aside(path: Path, why: str) -> str:
    kept = _set_aside(path)
    where = f"kept as {printable(str(kept))}" if kept else "it could not be moved aside"
    return (
        f"Saved progress {printable(str(path))} was unreadable: it {why} ({where}). Starting fresh."
    )


def _set_aside(path: Path) -> Path | None:
    target = path.with_suffix(".json.corrupt")
    counter = 1
    while target.exists() or target.is_symlink():
        target = path.with_suffix(f".json.corrupt{counter}")
        counter += 1
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target


def _write(path: Path, data: Data) -> None:
    """The progress file `path` with `data`, written atomically (see `write_atomically`)."""
    write_atomically(
        path,
        json.dumps(
            {"version": SCHEMA_VERSION, "data": data}, indent=1, sort_keys=True, ensure_ascii=False
        ),
    )
