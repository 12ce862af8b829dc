"""The key gate: training stands aside while a key is being answered.

A training worker and the UI thread share one interpreter lock. While both want it, the UI
thread gets about half of it (the switch interval hands it over every millisecond), so a key
whose handling and frame need 15 ms of the UI thread's time took 30 ms or more. The app
closes the gate when a key arrives and opens it when the next frame has been shown; training
workers wait at the gate between their small steps, so for those few milliseconds the UI
thread has the lock to itself. The gate never stays closed longer than KEY_HOLD_SECONDS (a
key that changes nothing on screen shows no frame), so training always goes on.

The gate is the process's, as the switch interval is: every app in the process is one
terminal's keys.
"""

from __future__ import annotations

import threading
import time

KEY_HOLD_SECONDS = 0.05
"""At most this long after a key, training waits for the key's frame (the goal for a key's
worst time while training)."""


class KeyGate:
    """Closed from a key's arrival until the next frame is shown (or KEY_HOLD_SECONDS)."""

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self._until = 0.0

    @property
    def is_open(self) -> bool:
        """No key is waiting for its frame."""
        return self._open.is_set() or time.monotonic() >= self._until

    def key_arrived(self) -> None:
        """UI thread: a key came; training stands aside until its frame is shown."""
        self._until = time.monotonic() + KEY_HOLD_SECONDS
        self._open.clear()

    def frame_shown(self) -> None:
        """UI thread: a frame went to the terminal; training goes on."""
        self._open.set()

    def wait(self) -> None:
        """Worker thread: return once no key waits for its frame (or the hold ran out); the
        interpreter lock is free meanwhile."""
        if self._open.is_set():
            return
        left = self._until - time.monotonic()
        if left > 0:
            self._open.wait(left)


KEYS = KeyGate()
"""The process's gate: the app closes and opens it, training runners wait at it."""
