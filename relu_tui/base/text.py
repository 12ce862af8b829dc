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
