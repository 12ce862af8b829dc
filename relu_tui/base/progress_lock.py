"""One save at a time per state folder: an exclusive flock on the folder while a save reads,
merges and writes, and the temp files of saves killed mid-write removed under it."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relu_tui.base.files import ProgressError, glob_escape
from relu_tui.base.text import printable

try:  # POSIX; elsewhere saves are atomic but not locked against a second instance
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_WAIT = 2.0
"""Seconds a save waits for another instance's save to finish before giving up."""


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temp files a save of `path` left when its process was killed mid-write
    (`.<stem>.*.tmp`, see `write_atomically`). Call it only while holding the save lock:
    then no save is under way, so every such file is stale.

    Returns:
        The files removed.
    """
    removed = []
    try:
        candidates = list(path.parent.glob(f".{glob_escape(path.stem)}.*.tmp"))
    except OSError:
        return []
    for candidate in candidates:
        try:
            if stat.S_ISREG(candidate.lstat().st_mode):
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def remove_stale_temps_if_idle(path: Path) -> None:
    """`remove_stale_temps` when no save holds the lock now (never waits for one)."""
    if fcntl is None or not path.parent.is_dir():  # pragma: no cover - Windows
        return
    try:
        fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return
    try:
        remove_stale_temps(path)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on the state folder while reading, merging and writing (a
    lock on the folder leaves no lock file behind; a save takes milliseconds)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() > deadline:
                    raise ProgressError(
                        "Progress not saved: another relu-tui is saving "
                        f"{printable(str(path))}; try again"
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
