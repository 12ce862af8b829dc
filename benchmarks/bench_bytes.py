"""Bytes written to the terminal per parameter nudge, on every screen, at 120x40 and 80x24.

Over SSH, or in a served class where every byte goes to each student's browser, what a key
costs is the bytes the app writes for it. Each screen is run headless with Textual's
headless driver made to write like a terminal driver (its `write` counts the bytes instead
of dropping them), so what is counted is exactly what `App._display` hands a real driver:
the cursor moves, colour codes and characters of every update, inside its
synchronised-output markers. Each nudge is one step up or down of one setting (right or
left on the focused panel), every setting in turn (down moves to the next); the bytes of a
nudge are everything written from the key until the app is idle again (and any worker the
key started has finished and shown its result). The time from the
key to the first frame after its handling is read inside the app, as bench_redraw does.

Prints, per screen and size, the median and worst bytes per nudge (goal: <= 6 KB), and the
median key-to-frame time (goal: <= 15 ms), as wall-clock time and as the main thread's CPU
time (which other processes on a busy machine do not inflate). With `--baseline PATH` (a
checkout of an earlier version, e.g. `git worktree add ../base main`) each screen runs again
from that checkout in a subprocess, side by side, and the ratios new/old are printed.

    python benchmarks/bench_bytes.py [--screen NAME ...] [--size 120x40 ...] [--baseline PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

SIZES = ((120, 40), (80, 24))
SCREENS = ("activations", "dosage", "puzzle", "dead", "approx")
PREPARE: dict[str, Sequence[str]] = {"dead": ("v",)}
"""Keys pressed before measuring: Dead neurons' training view, its settings panel focused."""
NUDGES: dict[str, Sequence[str]] = {
    "activations": ("right_square_bracket", "g", "left_square_bracket", "g")
}
"""Per row: one step up, one back, then the next row (the default for a settings panel);
Activations has no settings panel: its keys pick the next activation and show gradients."""
ROWS = 8
"""Settings nudged per screen at most (each up and back down)."""
GOAL_BYTES = 6 * 1024
GOAL_MS = 15


async def _measure(name: str, size: tuple[int, int]) -> dict[str, object]:
    """Bytes and key-to-frame times of each nudge on screen `name` at `size`."""
    from textual.drivers.headless_driver import HeadlessDriver

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_redraw import _instrument

    from relu_tui.ui.app import ReluApp

    written = [0]

    def write(self: HeadlessDriver, data: str) -> None:
        written[0] += len(data.encode("utf-8"))

    HeadlessDriver.write = write  # type: ignore[method-assign]
    HeadlessDriver.is_headless = property(lambda self: False)  # type: ignore[assignment,method-assign]
    os.environ.setdefault("COLORTERM", "truecolor")

    app = ReluApp(start=name)
    actions, displays = _instrument(app)
    # The main thread's CPU time at each display too: on a busy machine the wall-clock
    # time mostly measures the other processes; the CPU time is the app's own work.
    cpu_at: dict[float, float] = {}
    timed_display = app._display

    def display(screen: object, renderable: object) -> None:
        timed_display(screen, renderable)
        if displays:
            cpu_at.setdefault(displays[-1], time.thread_time())

    app._display = display  # type: ignore[method-assign]
    nudges: list[int] = []
    moves: list[int] = []
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in PREPARE.get(name, ()):
            await pilot.press(key)
            await pilot.pause()
        keys = NUDGES.get(name, ("right", "left", "down"))
        for index in range(ROWS * len(keys)):
            key = keys[index % len(keys)]
            actions.clear()
            displays.clear()
            written[0] = 0
            start, start_cpu = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            # What a key starts in a worker (Approximation's error sweep) and shows when it
            # is done belongs to the key too: wait for it (at most a second).
            waited = time.perf_counter()
            while any(worker.is_running for worker in app.workers):
                if time.perf_counter() - waited > 1.0:
                    break
                await pilot.pause(0.02)
            await pilot.pause(0.05)
            (moves if key == "down" else nudges).append(written[0])
            if key != "down" and actions:
                after = [moment for moment in displays if moment >= actions[-1]]
                if after:
                    times.append(after[0] - start)
                    cpu.append(cpu_at.get(after[0], math.nan) - start_cpu)
    return {"nudges": nudges, "moves": moves, "times": times, "cpu": cpu}


def _child(name: str, size: tuple[int, int], root: Path) -> dict[str, object]:
    """Run `_measure` from the checkout at `root`, in a fresh interpreter."""
    code = (
        "import asyncio, json, sys; sys.path.insert(0, 'benchmarks');"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r});"
        "from bench_bytes import _measure;"
        f"print(json.dumps(asyncio.run(_measure({name!r}, {size!r}))))"
    )
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _summary(result: dict[str, object]) -> tuple[float, int, float, float]:
    """Median and worst bytes per nudge, median key -> frame wall and CPU ms."""
    nudges, times, cpu = result["nudges"], result["times"], result.get("cpu", [])
    assert isinstance(nudges, list) and isinstance(times, list) and isinstance(cpu, list)
    median_ms = 1000 * statistics.median(times) if times else math.nan
    cpu_ms = 1000 * statistics.median(cpu) if cpu else math.nan
    return statistics.median(nudges), max(nudges), median_ms, cpu_ms


def _figures(summary: tuple[float, int, float, float]) -> str:
    median, worst, wall, cpu = summary
    return f"{median / 1024:4.1f} / {worst / 1024:4.1f} KB, {wall:3.0f} ms ({cpu:4.1f} cpu)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", nargs="*", default=list(SCREENS))
    parser.add_argument("--size", nargs="*", default=[f"{w}x{h}" for w, h in SIZES])
    parser.add_argument("--baseline", type=Path, default=None, help="an earlier checkout")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    print(
        "bytes written per parameter nudge (median / worst) and key -> frame median ms"
        " (wall, and the app's main-thread CPU time)"
    )
    for text in args.size:
        width, height = (int(part) for part in text.split("x"))
        print(f"{width}x{height}")
        for name in args.screen:
            new = _summary(_child(name, (width, height), root))
            line = f"  {name:<12} {_figures(new)}"
            if args.baseline is not None:
                old = _summary(_child(name, (width, height), args.baseline.resolve()))
                line += (
                    f"  | before {_figures(old)} | bytes {100 * new[0] / max(old[0], 1):.0f}%,"
                    f" worst {100 * new[1] / max(old[1], 1):.0f}%, cpu {100 * new[3] / old[3]:.0f}%"
                )
            ok = new[1] <= GOAL_BYTES
            print(line + ("" if ok else "  (over 6 KB)"))


if __name__ == "__main__":
    main()
