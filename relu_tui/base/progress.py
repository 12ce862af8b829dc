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
import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from relu_tui.base.text import printable

try:  # POSIX; elsewhere saves are atomic but not locked against a second instance
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 1
"""The file format written: `{"version": 1, "data": {...}}`."""

MAX_BYTES = 1_000_000
"""Largest file read as saved progress (a puzzle file with every level is ~1 KB)."""

MAX_DEPTH = 32
"""Deepest nesting of JSON arrays and objects accepted."""

LOCK_WAIT = 2.0
"""Seconds a save waits for another instance's save to finish before giving up."""

Data = dict[str, Any]
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


class ProgressError(OSError):
    """Saved progress cannot be read or written; `str()` is one sentence for the person."""


class _Unusable(Exception):
    """The file was read but is not saved progress: it is moved aside."""


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
            _remove_stale_temps_if_idle(path)
        try:
            payload = _read(path)
        except ProgressError as error:
            return self._refuse(f"{error}; playing without saving, so it is not written over")
        except _Unusable as error:
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
            with _locked(path):
                remove_stale_temps(path)
                try:
                    disk = _read(path)
                except ProgressError as error:
                    raise ProgressError(
                        f"Progress not saved: {error}, so it is not written over"
                    ) from None
                except _Unusable:
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
        payload = _read(path)
    except ProgressError as error:
        return copy.deepcopy(default), f"Saved progress: {error}."
    except _Unusable as error:
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


def _kind(mode: int) -> str:
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


def _read(path: Path) -> Data | None:
    """The payload of a saved-progress file, or None when there is no file.

    Raises:
        ProgressError: the file is there but cannot be read (it must not be written over).
        _Unusable: it was read and is not saved progress (it may be moved aside).
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
            raise ProgressError(f"{shown} is {_kind(info.st_mode)}, not a file")
        if info.st_size > MAX_BYTES:
            raise _Unusable(
                f"was {info.st_size:,} bytes, more than saved progress can be "
                f"({MAX_BYTES:,} at most)"
            )
        raw = _read_at_most(fd, MAX_BYTES + 1)
    except OSError as error:
        if isinstance(error, ProgressError):
            raise
        raise ProgressError(f"could not read {shown} ({error.strerror or error})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise _Unusable(f"grew past {MAX_BYTES:,} bytes while being read")
    return _decode(raw, shown)


def _read_at_most(fd: int, size: int) -> bytes:
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


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _decode(raw: bytes, shown: str) -> Data:
    """JSON text → the `data` object of a `{"version": 1, "data": {...}}` file.

    Raises:
        ProgressError: a newer format (this version cannot tell what is safe to rewrite).
        _Unusable: anything else that is not a saved-progress file.
    """
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise _Unusable("is not UTF-8 text") from None
    except RecursionError:
        raise _Unusable(f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:
        raise _Unusable(f"is not valid JSON ({str(error).split(':')[0]})") from None
    if _depth(document) > MAX_DEPTH:
        raise _Unusable(f"is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(document, dict) or "data" not in document:
        raise _Unusable("is not a saved-progress file")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise ProgressError(f"{shown} was written by a newer relu-tui (format {version})")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise _Unusable(f"has an unknown format ({printable(repr(version), limit=20)})")
    payload = document["data"]
    if not isinstance(payload, dict):
        raise _Unusable("holds no records")
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


def _remove_stale_temps_if_idle(path: Path) -> None:
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


def glob_escape(text: str) -> str:
    """`text` with glob's special characters escaped."""
    return "".join(f"[{char}]" if char in "*?[]" else char for char in text)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
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


def _write(path: Path, data: Data) -> None:
    """The progress file `path` with `data`, written atomically (see `write_atomically`)."""
    write_atomically(
        path,
        json.dumps(
            {"version": SCHEMA_VERSION, "data": data}, indent=1, sort_keys=True, ensure_ascii=False
        ),
    )


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
    return _kind(info.st_mode)


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
            kind = "a file" if stat.S_ISREG(folder_info.st_mode) else _kind(folder_info.st_mode)
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
