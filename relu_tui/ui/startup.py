"""Start-up tuning, in one place: one BLAS thread, and the garbage collector held off
while the first screen is built.

Measured with `benchmarks/bench_startup.py`; each choice says what it saves.
"""

from __future__ import annotations

import gc
import os

# The app's arrays are small (a few hundred values, 16-wide layers): one BLAS thread is as
# fast, and OpenBLAS starting a thread per core costs ~50-90 ms of CPU at start-up on two
# cores. Effective because numpy is first imported with the first screen, after this; a
# value the person set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_FROZEN: set[str] = set()
_GC_PAUSED: list[bool] = [False]
"""True while start-up holds the collector off (see `pause_gc_until_first_frame`)."""


def freeze_heap(moment: str) -> None:
    """Hide what is allocated so far from the cyclic garbage collector, once per `moment`.

    Modules, classes, the first screen's imports (numpy) live as long as the app, yet each
    full collection during start-up walked them again: ~45 ms of collections while the
    first frame is built, ~25 ms with the heap frozen when the app is built and again
    after its first frame. At most twice a process, so little garbage is ever kept.
    """
    if moment not in _FROZEN:
        _FROZEN.add(moment)
        gc.freeze()


def first_frame_pending() -> bool:
    """Whether no screen has shown its first frame yet in this process."""
    return "first frame" not in _FROZEN


def pause_gc_until_first_frame() -> None:
    """Hold the collector off from the start screen's imports to its first frame.

    What is allocated then (modules, numpy, the screen's widgets) lives as long as the
    app, yet ~80 collections walked it (~12 ms of the first frame). Call `first_frame`
    after that frame (or `resume_gc` if the app stops before it).
    """
    if first_frame_pending() and gc.isenabled():
        _GC_PAUSED[0] = True
        gc.disable()


def first_frame() -> None:
    """After the first frame: freeze what start-up allocated, then collect as usual."""
    freeze_heap("first frame")
    resume_gc()


def resume_gc() -> None:
    """Collect again, if start-up paused the collector."""
    if _GC_PAUSED[0]:
        _GC_PAUSED[0] = False
        gc.enable()
