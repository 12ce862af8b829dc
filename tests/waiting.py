"""Waiting on the app's state instead of on time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.pilot import Pilot

GIVE_UP_SECONDS = 60.0
"""Only a cap for a condition that never comes true (a loaded machine is slow, not wrong)."""


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app settle until `condition()` holds; fail naming `what` if it never does.

    Each round waits for every queued message to be handled (see tests/conftest.py); a
    worker thread still busy gets a few milliseconds between rounds."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause()
        if not condition():
            await asyncio.sleep(0.005)
