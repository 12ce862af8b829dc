"""What `relu-tui serve` decides without a network or textual-serve: the terminal size a
browser may ask for and how often a resize is passed on, the page shown when the class is
full, and a session process's CPU time, memory and niceness read from /proc (Linux; None or
False elsewhere)."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import html
import os
import signal
import sys
import time
from typing import Protocol

FULL_TITLE = "relu-tui: this class is full"


MAX_WIDTH = 400
"""Widest terminal a browser may ask for, in cells (a 4K screen at a small font)."""


MAX_HEIGHT = 200
"""Tallest terminal a browser may ask for, in cells."""


def full_page(active: int, limit: int) -> str:
    """The page a browser gets when every session is taken."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{FULL_TITLE}</title>
<meta http-equiv="refresh" content="15"></head>
<body style="background:#0c181f;color:#eee;font-family:monospace;padding:3em">
<h1>{FULL_TITLE}</h1>
<p id="full">All {limit} sessions are in use ({active} open). This page tries again every
15 seconds; a session frees up when someone presses q or closes their tab.</p>
<p>{html.escape("Or run it yourself: pip install relu-tui && relu-tui")}</p>
</body></html>
"""


def clamp_size(
    width: object, height: object, default: tuple[int, int] = (80, 24)
) -> tuple[int, int]:
    """A terminal size a session may be given: whole numbers within 1..MAX_WIDTH/HEIGHT.

    Anything that is not a whole number (text, floats, booleans, None) takes the default.
    """

    def whole(value: object, fallback: int, most: int) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                return fallback
        if isinstance(value, bool) or not isinstance(value, int):
            return fallback
        return max(1, min(most, value))

    return whole(width, default[0], MAX_WIDTH), whole(height, default[1], MAX_HEIGHT)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds process `pid` has used (all its threads), None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def set_niceness(pid: int, niceness: int) -> bool:
    """Run session `pid` (its process group, and its autogroup where the kernel groups
    sessions) at `niceness`; False where that is not allowed (lowering it needs privilege)."""
    done = False
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PGRP, pid, niceness)
        done = True
    with contextlib.suppress(OSError), open(f"/proc/{pid}/autogroup", "w") as handle:
        handle.write(str(niceness))
    return done


def rss_mb(pid: int) -> float | None:
    """The resident memory of process `pid` in MB, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            fields = handle.read().split()
        return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):
        return None


def die_with_parent() -> None:
    """In a session's process before it runs: on Linux, SIGKILL it if the server dies (even
    by SIGKILL), so no session outlives its server."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not fatal: the server still ends sessions itself
        pass


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent dies."""


class Resizable(Protocol):
    """What a resize is passed on to (a serve session)."""

    async def set_terminal_size(self, width: int, height: int) -> None: ...


RESIZE_INTERVAL = 0.25
"""Seconds between two resizes passed on to a session (the latest request wins)."""


class Resizer:
    """Passes resizes on at most every RESIZE_INTERVAL seconds; the latest request wins."""

    def __init__(self, session: Resizable) -> None:
        self.session = session
        self.last = 0.0
        self.wanted: tuple[int, int] | None = None
        self.timer: asyncio.Task[None] | None = None

    def request(self, width: int, height: int) -> None:
        self.wanted = (width, height)
        if self.timer is None or self.timer.done():
            self.timer = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while self.wanted is not None:
            wait = self.last + RESIZE_INTERVAL - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            width, height = self.wanted
            self.wanted = None
            self.last = time.monotonic()
            await self.session.set_terminal_size(width, height)

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
