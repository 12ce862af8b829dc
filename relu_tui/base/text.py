"""Outside text (arguments, paths, file contents) made safe to echo: control characters escaped."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, limit: int | None = None) -> str:
    """`text` with every control character shown as an escape (ESC → `\\x1b`), so echoing it
    cannot move the cursor, retitle the terminal or reorder a line; newlines and tabs are
    escaped too, so the result is one line.

    Args:
        text: any string from outside the program.
        limit: if given, at most this many characters are kept (then `...` is appended).

    Returns:
        The escaped, possibly shortened, text.
    """
    shown = _CONTROL.sub(_escape, text)
    if limit is not None and len(shown) > limit:
        shown = shown[: max(limit - 3, 0)] + "..."
    return shown


_SGR = r"\x1b\[[0-9;]*m"
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_UNSAFE_BUT_SGR = re.compile(rf"{_SGR}|{_UNSAFE.pattern}")


def terminal_safe(text: str, *, keep_colour: bool = False) -> str:
    """Multi-line `text` made safe to write to a terminal: every control character except
    newline and tab escaped (ESC -> `\\x1b`, BEL -> `\\x07`), so nothing read from a file or
    typed by someone can clear the screen, retitle the window or ring the bell.

    Args:
        text: the whole output, e.g. a `--print` page.
        keep_colour: keep colour escapes (`ESC [ ... m`, SGR only) that the program drew.
    """
    if not keep_colour:
        return _UNSAFE.sub(_escape, text)
    return _UNSAFE_BUT_SGR.sub(lambda m: m[0] if len(m[0]) > 1 else _escape(m), text)
