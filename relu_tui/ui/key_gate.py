"""The key gate: training stands aside while a key is being answered.

A training worker and the UI thread share one interpreter lock. While both want it, the UI
thread gets about half of it (the switch interval hands it over every millisecond), so a key
whose handling and frame need 15 ms of the UI thread's time took 30 ms or more. The app
closes the gate when a key arrives and opens it when the next frame has been shown, and a
computation a key starts in another thread (a fresh network, an error sweep) keeps it closed
while it runs; training workers wait at the gate between their small steps, so for those
few milliseconds the key's work has the lock to itself. The gate never stays closed longer
than KEY_HOLD_SECONDS after a key (one that changes nothing on screen shows no frame) or
WORK_HOLD_SECONDS for a computation, so training always goes on.

The gate is the process's, as the switch interval is (each served session runs in a
process of its own).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Iterator

KEY_HOLD_SECONDS = 0.05
"""At most this long after a key, training waits for the key's frame (the goal for a key's
worst time while training)."""
TYPING_SECONDS = 0.5
"""A key came less than this long ago: the person is typing, more keys are likely."""
WORK_HOLD_SECONDS = 0.25
"""At most this long, training waits for a computation a key started off the UI thread (a
fresh network, an error sweep) whose result the key's next frame shows."""


class KeyGate:
    """Closed from a key's arrival until the next frame is shown (or KEY_HOLD_SECONDS), and
    while a key's own computation runs in another thread (or WORK_HOLD_SECONDS)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._frame_until = 0.0
        """A key waits for its frame until then (0: none waits)."""
        self._work = 0
        """Computations for a key running off the UI thread."""
        self._work_until = 0.0
        self._key_at = -math.inf

    @property
    def is_open(self) -> bool:
        """No key is waiting for its frame (the UI thread's question: may a report's redraw
        go now?)."""
        return time.monotonic() >= self._frame_until

    @property
    def typing(self) -> bool:
        """A key came within TYPING_SECONDS: a report's costly redraw is best put right
        after the next key's frame than where the next key may land."""
        return time.monotonic() - self._key_at < TYPING_SECONDS

    def key_arrived(self) -> None:
        """UI thread: a key came; training stands aside until its frame is shown."""
        with self._changed:
            self._key_at = time.monotonic()
            self._frame_until = self._key_at + KEY_HOLD_SECONDS

    def frame_shown(self) -> None:
        """UI thread: a frame went to the terminal; training goes on."""
        with self._changed:
            self._frame_until = 0.0
            self._changed.notify_all()

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        """Any thread: training stands aside while the body computes what a key asked for."""
        with self._changed:
            self._work += 1
            self._work_until = max(self._work_until, time.monotonic() + WORK_HOLD_SECONDS)
        try:
            yield
        finally:
            with self._changed:
                self._work -= 1
                if self._work == 0:
                    self._changed.notify_all()

    def wait(self) -> None:
        """Worker thread: return once no key waits for its frame or its computation (or the
        holds ran out); the interpreter lock is free meanwhile."""
        with self._changed:
            while True:
                now = time.monotonic()
                left = self._frame_until - now
                if self._work:
                    left = max(left, self._work_until - now)
                if left <= 0:
                    return
                self._changed.wait(left)


KEYS = KeyGate()
"""The process's gate: the app closes and opens it, training runners wait at it."""
