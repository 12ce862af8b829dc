"""Reading one saved-progress file without trusting it: a regular file only, never
blocking on a FIFO, at most `MAX_BYTES`, nested at most `MAX_DEPTH`, in the format this
version writes (`{"version": 1, "data": {...}}`). `base.progress` decides what to do when
a file is refused."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from relu_tui.base.files import ProgressError, file_kind, read_at_most
from relu_tui.base.text import printable

SCHEMA_VERSION = 1
"""The file format written: `{"version": 1, "data": {...}}`."""

MAX_BYTES = 1_000_000
"""Largest file read as saved progress (a puzzle file with every level is ~1 KB)."""

MAX_DEPTH = 32
"""Deepest nesting of JSON arrays and objects accepted."""
Data = dict[str, Any]
"""The records of one file (its `data` object)."""


class Unusable(Exception):
    """The file was read but is not saved progress: it is moved aside."""


def read_progress(path: Path) -> Data | None:
    """The payload of a saved-progress file, or None when there is no file.

    Raises:
        ProgressError: the file is there but cannot be read (it must not be written over).
        Unusable: it was read and is not saved progress (it may be moved aside).
    """
    shown = printable(str(path))
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO does not wait for a writer
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ProgressError(f"could not read {shown} ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ProgressError(f"{shown} is {file_kind(info.st_mode)}, not a file")
        if info.st_size > MAX_BYTES:
            raise Unusable(
                f"was {info.st_size:,} bytes, more than saved progress can be "
                f"({MAX_BYTES:,} at most)"
            )
        raw = read_at_most(fd, MAX_BYTES + 1)
    except OSError as error:
        if isinstance(error, ProgressError):
            raise
        raise ProgressError(f"could not read {shown} ({error.strerror or error})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise Unusable(f"grew past {MAX_BYTES:,} bytes while being read")
    return decode(raw, shown)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def decode(raw: bytes, shown: str) -> Data:
    """JSON text → the `data` object of a `{"version": 1, "data": {...}}` file.

    Raises:
        ProgressError: a newer format (this version cannot tell what is safe to rewrite).
        Unusable: anything else that is not a saved-progress file.
    """
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise Unusable("is not UTF-8 text") from None
    except RecursionError:
        raise Unusable(f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:
        raise Unusable(f"is not valid JSON ({str(error).split(':')[0]})") from None
    if _depth(document) > MAX_DEPTH:
        raise Unusable(f"is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(document, dict) or "data" not in document:
        raise Unusable("is not a saved-progress file")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise ProgressError(f"{shown} was written by a newer relu-tui (format {version})")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise Unusable(f"has an unknown format ({printable(repr(version), limit=20)})")
    payload = document["data"]
    if not isinstance(payload, dict):
        raise Unusable("holds no records")
    return payload


def _depth(value: object) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest
