"""Course files as input: only a regular file is read, within a size cap, and its TOML is
checked for nesting before `tomllib` (which recurses) sees it; problems name file, line and
key."""

from __future__ import annotations

import os
import re
import stat

from relu_tui.base.files import file_kind, read_at_most
from relu_tui.base.text import printable

MAX_FILE_BYTES = 256 * 1024
"""Largest course file read."""
MAX_NESTING = 16
"""Deepest nesting of arrays and inline tables (a course needs 2: start = { ... })."""


class CourseFileError(ValueError):
    """The file cannot be read as a course; `str()` is one line naming it."""


def read_course_text(path: str) -> str:
    """The text of the course file at `path`.

    Only a regular file is read: the path is checked with `stat` before it is opened (a
    FIFO, device or folder is refused, never opened), opened without blocking and checked
    again, and at most `MAX_FILE_BYTES` are read.

    Raises:
        CourseFileError: not a regular file, unreadable, too large or not UTF-8.
    """
    shown = printable(path, limit=200)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:
        raise CourseFileError(f"{shown}: cannot read it ({_reason(error)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise CourseFileError(f"{shown}: is {file_kind(info.st_mode)}, not a course file")
    if info.st_size > MAX_FILE_BYTES:
        raise CourseFileError(f"{shown}: the file is larger than {MAX_FILE_BYTES // 1024} KB")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise CourseFileError(f"{shown}: cannot read it ({_reason(error)})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between stat and open
            raise CourseFileError(f"{shown}: is {file_kind(mode)}, not a course file")
        raw = read_at_most(fd, MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CourseFileError(f"{shown}: cannot read it ({_reason(error)})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise CourseFileError(f"{shown}: the file is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CourseFileError(f"{shown} line {line}: not UTF-8 text") from None


def _reason(error: OSError | ValueError) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def nesting_problem(text: str, limit: int = MAX_NESTING) -> int | None:
    """The line where TOML arrays and inline tables nest deeper than `limit`, or None.

    tomllib parses nested values recursively, so a short file of brackets would reach
    Python's recursion limit: this scan, without recursion, runs first. Brackets inside
    strings and comments do not count.
    """
    depth, line, index, end = 0, 1, 0, len(text)
    while index < end:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == "#":
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
            continue
        elif char in "\"'":
            index, line = _skip_string(text, index, line)
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
        index += 1
    return None


def _skip_string(text: str, index: int, line: int) -> tuple[int, int]:
    """The index after the TOML string starting at `index`, and the line it ends on."""
    quote = text[index]
    triple = text.startswith(quote * 3, index)
    closer = quote * 3 if triple else quote
    position = index + len(closer)
    while position < len(text):
        char = text[position]
        if char == "\\" and quote == '"':
            position += 2
            continue
        if char == "\n":
            line += 1
            if not triple:
                return position, line - 1  # an unterminated string: tomllib says where
        if text.startswith(closer, position):
            return position + len(closer), line
        position += 1
    return position, line


def key_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each [[exercise]] table in order: its header line and the line of each key."""
    tables: list[tuple[int, dict[str, int]]] = []
    header = re.compile(r"^\s*\[\[\s*exercise\s*\]\]")
    key = re.compile(r"^\s*(?:\[\s*exercise\.)?([A-Za-z_][A-Za-z0-9_-]*)")
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            tables.append((number, {}))
        elif tables:
            found = key.match(line)
            if found and ("=" in line or line.lstrip().startswith("[")):
                tables[-1][1].setdefault(found.group(1), number)
    return tables


def key_at(text: str, line: int) -> str:
    """', key K' for the key that line `line` of the TOML text sets (or that it continues)."""
    lines = text.splitlines()
    assignment = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
    for number in range(min(line, len(lines)), 0, -1):
        found = assignment.match(lines[number - 1])
        if found:
            return f", key {printable(found.group(1), limit=40)}"
        if lines[number - 1].lstrip().startswith("["):
            break
    return ""


def toml_error(text: str, source: str, message: str) -> str:
    """tomllib's message as 'FILE line N, key K: not valid TOML: what (column C)'."""
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if where is None:
        return f"{source}: not valid TOML: {printable(message, limit=200)}"
    line, column = int(where.group(1)), where.group(2)
    what = printable(message[: where.start()], limit=200)
    return f"{source} line {line}{key_at(text, line)}: not valid TOML: {what} (column {column})"
