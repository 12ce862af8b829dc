"""Waiting on the app's state instead of on time."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

ROUNDS = 200
"""Settle rounds before giving up (each waits for every queued message to be handled)."""


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app settle until `condition()` holds; fail naming `what` if it never does."""
    for _ in range(ROUNDS):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")
