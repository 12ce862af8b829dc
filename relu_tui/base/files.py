"""Files a person sees: written whole or not at all, never over a device or an old file.

`write_new` writes a new file (a numbered neighbour, `model-2.py`, when the name is taken)
for every user-visible file (exports, screenshots, copied commands); `write_atomically`
replaces a file in one rename (saved progress, see `base.progress`). `ProgressError` and
`WriteError` carry one sentence for the person.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from relu_tui.base.text import printable


class ProgressError(OSError):
    """Saved progress cannot be read or written; `str()` is one sentence for the person."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a few words ("a FIFO", "a device")."""
    for test, word in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return word
    return "not a regular file"


def read_at_most(fd: int, size: int) -> bytes:
    """Up to `size` bytes of the open file `fd` (fewer at its end), read in 64 KB pieces."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        try:
            chunk = os.read(fd, min(left, 65536))
        except BlockingIOError:  # pragma: no cover - regular files do not block
            break
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def glob_escape(text: str) -> str:
    """`text` with glob's special characters escaped."""
    return "".join(f"[{char}]" if char in "*?[]" else char for char in text)


def write_atomically(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename over the old file (a symlinked file is
    replaced where it points, so a symlink a person made stays). A reader never sees half a
    file; on any error the temp file goes and the old file is untouched.

    Raises:
        OSError: the folder cannot be written.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class WriteError(ProgressError):
    """A file was not written; `str()` is one sentence naming the path and the reason."""


_SPECIAL_ROOTS = ("/dev/", "/proc/", "/sys/")
"""Paths below these are devices and streams (`/dev/stdout`, `/proc/self/fd/1`), never files."""

_MAX_NEW_NAMES = 999
"""`name-2.py` ... `name-999.py` are tried before giving up."""


def expand_home(raw: str) -> Path:
    """`raw` as a Path with a leading `~` or `~user` expanded.

    Raises:
        WriteError: the home folder named is unknown (no such user, no HOME).
    """
    try:
        return Path(raw).expanduser()
    except (RuntimeError, KeyError, OSError):
        user = raw[1:].split("/", 1)[0] if raw.startswith("~") else ""
        who = f"user '{user}'" if user else "you"
        raise WriteError(f"{printable(raw)}: there is no home folder for {who}") from None


def _special(path: Path) -> str | None:
    """Why `path` must not be written (a device, FIFO, socket, folder), or None."""
    for candidate in {os.path.abspath(path), os.path.realpath(path)}:
        if any(candidate.startswith(root) for root in _SPECIAL_ROOTS) or candidate in (
            "/dev",
            "/proc",
            "/sys",
        ):
            return "a device or system path"
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISREG(info.st_mode):
        return None
    return file_kind(info.st_mode)


def _numbered(path: Path, number: int) -> Path:
    """`model.py` -> `model-2.py`; `.hidden` -> `.hidden-2`."""
    if number < 2:
        return path
    suffix = path.suffix if path.stem else ""
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    return path.with_name(f"{stem}-{number}{suffix}")


def free_name(path: Path, *companions: Path) -> Path:
    """`path`, or the first numbered neighbour (`name-2.svg`) that is free together with its
    companions' same-numbered neighbours (`name-2.txt`). Unreadable folders: `path`."""
    for number in range(1, _MAX_NEW_NAMES + 1):
        names = [_numbered(p, number) for p in (path, *companions)]
        try:
            if not any(os.path.lexists(name) for name in names):
                return names[0]
        except (OSError, ValueError):
            return path
    return path


def write_new(path: str | os.PathLike[str], text: str, *, replace: bool = False) -> Path:
    """Write `text` to a new file at `path`, or `path-2`, `path-3`, ... when it exists.

    The file appears whole or not at all: a temp file in the same folder is written, fsynced
    and then hard-linked to the free name (or renamed over `path` with `replace`), and the
    temp file is removed on any failure. The file gets the usual permissions (0666 less the
    umask). Devices, FIFOs, sockets, folders and anything below /dev, /proc or /sys are
    refused, even with `replace`.

    Args:
        path: where to write (`~` is not expanded here; see `expand_home`).
        text: the whole file, written as UTF-8.
        replace: replace an existing regular file at `path` instead of picking a new name.

    Returns:
        The path written (`path` itself or a numbered neighbour).

    Raises:
        WriteError: nothing was written; the message names the path and says why.
    """
    raw = os.fspath(path)
    shown = printable(raw, limit=120)
    if not raw.strip():
        raise WriteError("no file name given")
    target = Path(raw)
    try:
        why = _special(target)
        if why is not None:
            raise WriteError(f"{shown} is {why}, not a file; give a file name such as model.py")
        folder = target.parent
        try:
            folder_info = os.stat(folder)
        except FileNotFoundError:
            raise WriteError(f"{printable(str(folder), limit=120)}: no such folder") from None
        if not stat.S_ISDIR(folder_info.st_mode):
            kind = "a file" if stat.S_ISREG(folder_info.st_mode) else file_kind(folder_info.st_mode)
            raise WriteError(f"{printable(str(folder), limit=120)} is {kind}, not a folder")
        if replace and target.is_symlink():
            target = Path(os.path.realpath(target))
        tmp = _temp_file(target.parent, text)
        try:
            written = _publish(tmp, target, replace=replace)
        finally:
            tmp.unlink(missing_ok=True)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(f"{shown}: cannot write ({error.strerror or error})") from None
    return written


def _temp_file(folder: Path, text: str) -> Path:
    """A complete, fsynced temp file in `folder` (0666 less the umask)."""
    data = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = folder / f".relu-tui-{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 random names taken
        raise OSError(errno.EEXIST, "no free temporary name")
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def _publish(tmp: Path, target: Path, *, replace: bool) -> Path:
    """Give the complete `tmp` its final name; returns that name."""
    if replace:
        why = _special(target)
        if why is not None:
            raise WriteError(f"{printable(str(target), limit=120)} is {why}, not a file")
        os.replace(tmp, target)
        return target
    for number in range(1, _MAX_NEW_NAMES + 1):
        candidate = _numbered(target, number)
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if not _reserve(candidate):  # no hard links here: reserve the name, then rename
                continue
            os.replace(tmp, candidate)
        return candidate
    raise WriteError(
        f"{printable(str(target), limit=120)} and {_MAX_NEW_NAMES - 1} numbered names exist"
    )


def _reserve(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return False
    os.close(fd)
    return True
