"""Keys while a run trains: key to redrawn screen on Dead neurons and Approximation.

A run is started and kept training (its epoch limit raised so it outlasts the presses);
then every setting is nudged in turn (right, left, down over the settings panel: on Dead
neurons the live settings reach the running trainer and the others start a fresh run, which
keeps training; on Approximation the Fit panel's settings while the Train view's run goes on,
then the Train view's own keys: pause and resume, other data and back, a new seed). Keys are
handed to the driver as a terminal would send them, 0.1 s apart (Pilot waits for an idle
app, which a training app never is). Each sample is the time from the key to the first
screen update after its handling, read inside the app as bench_redraw.py reads it; a frame
the run's progress reports cause before the key's own still delays it, and counts.

Between presses the run must train: the line reports the epochs trained meanwhile and in
how many of the gaps between presses the epoch count moved. The count is the one on screen
(the run's latest report, as the person sees it; a fresh run counts from its epoch 0), so a
run that trains but reports too rarely, or a fresh run that has not reported yet, does not
count as moving.

The line also gives the UI thread's own CPU time from the key to its frame (median, worst):
on a busy machine the wall times grow with the other processes' load, this figure does not,
and its gap to the wall time is what the key waited for (the interpreter lock, the CPU).

Prints median and worst per screen and size (goal: median <= 20 ms, worst <= 50 ms). With
`--baseline PATH` (an earlier checkout) each case runs from there too, side by side.

    python benchmarks/bench_keys.py [--screen dead approx] [--size 120x40 80x24]
                                    [--rounds 2] [--baseline PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = ("120x40", "80x24")
NUDGES = ("right", "left", "down")
"""Per settings row: one step up, one back, then the next row."""
APPROX_TRAIN_KEYS = ("space", "space", "t", "t", "r")
"""The Train view's keys while it trains: pause, resume, other data, back, new seed."""


def _dead_setup(app: Any) -> tuple[Callable[[], tuple[int, int]], list[str], list[str]]:
    from relu_tui.lessons.dead.screen import DeadScreen

    screen = app.screen
    assert isinstance(screen, DeadScreen)
    screen.state = screen.state.with_setting("epochs", 100_000)  # outlasts the presses
    rows = len(screen.state.settings.params)

    def progress() -> tuple[int, int]:
        snapshot = screen.state.snapshot
        return snapshot.generation, snapshot.report.epoch

    return progress, ["v", "space"], list(NUDGES) * rows


def _approx_setup(app: Any) -> tuple[Callable[[], tuple[int, int]], list[str], list[str]]:
    from relu_tui.lessons.approx.screen import ApproxScreen

    screen = app.screen
    assert isinstance(screen, ApproxScreen)
    rows = len(screen.fit_state.params)

    def progress() -> tuple[int, int]:
        runner = getattr(screen, "runner", None)  # the shared TrainingRunner, or older code
        generation = runner.generation if runner is not None else screen._generation
        return generation, screen.train_state.epoch

    # m opens Train (its run starts), m again goes back to Fit while the run goes on.
    keys = [*(list(NUDGES) * rows), "m", *APPROX_TRAIN_KEYS]
    return progress, ["m", "m"], keys


SETUPS = {"dead": _dead_setup, "approx": _approx_setup}


async def _measure(name: str, size: tuple[int, int], rounds: int) -> dict[str, Any]:
    """Key-to-frame times (s) and epochs trained between presses on `name` at `size`."""
    from textual import events

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_redraw import _instrument

    from relu_tui.ui.app import ReluApp

    app = ReluApp(start=name)
    ignore: tuple[type, ...] = ()
    if name == "dead":
        from relu_tui.lessons.dead.screen import DeadScreen
        from relu_tui.ui.training_runner import TrainingRunner

        ignore = (
            TrainingRunner.Progressed,
            TrainingRunner.Returned,
            DeadScreen.ExperimentProgressed,
            DeadScreen.AnalysisDone,
            # A fresh run built off the UI thread arrives like a report: the key's own
            # frame is the panel's (a frame the run causes before it still counts).
            *((DeadScreen.Rebuilt,) if hasattr(DeadScreen, "Rebuilt") else ()),
        )
    else:
        from relu_tui.lessons.approx.screen import ApproxScreen
        from relu_tui.ui.training_runner import TrainingRunner

        ignore = tuple(
            getattr(owner, name)
            for owner in (ApproxScreen, TrainingRunner)
            for name in ("Progressed", "Returned")
            if hasattr(owner, name)
        )
    actions, displays = _instrument(app, ignore=ignore)
    shown = app._display
    cpu_at: list[float] = []
    """The UI thread's CPU clock at each frame (parallel to `displays`)."""

    def display(screen: object, renderable: object) -> None:
        shown(screen, renderable)
        if renderable is not None:
            cpu_at.append(time.thread_time())

    app._display = display  # type: ignore[method-assign]
    samples: list[float] = []
    cpu: list[float] = []
    trained = moved = gaps = 0
    async with app.run_test(size=size) as pilot:
        progress, prepare, keys = SETUPS[name](app)
        for key in prepare:
            await pilot.press(key)
        await pilot.pause(0.5)
        last = progress()
        for key in keys * rounds:
            actions.clear()
            displays.clear()
            cpu_at.clear()
            cpu_start = time.thread_time()
            start = time.perf_counter()
            event = events.Key(key, None)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]
            deadline = start + 2.0
            while time.perf_counter() < deadline and not (
                actions and any(moment >= actions[-1] for moment in displays)
            ):
                await asyncio.sleep(0.002)
            await asyncio.sleep(0.1)  # keys come apart, as typed
            if not actions:
                raise RuntimeError(f"{key!r} was not handled on {name}")
            after = [index for index, moment in enumerate(displays) if moment >= actions[-1]]
            frame = after[0] if after else len(displays) - 1
            if frame >= 0:
                samples.append(displays[frame] - start)
                cpu.append(cpu_at[frame] - cpu_start)
            now = progress()
            gaps += 1
            gained = now[1] - last[1] if now[0] == last[0] else now[1]
            if gained > 0:
                trained += gained
                moved += 1
            last = now
    return {
        "samples": samples[3:],
        "cpu": cpu[3:],
        "trained": trained,
        "moved": moved,
        "gaps": gaps,
    }


def _child(name: str, size: tuple[int, int], rounds: int, root: Path) -> dict[str, Any]:
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import asyncio, json, sys; sys.path.insert(0, {here!r});"
        "from bench_keys import _measure;"
        f"print(json.dumps(asyncio.run(_measure({name!r}, {size!r}, {rounds!r}))))"
    )
    env = dict(os.environ, PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _line(result: dict[str, Any]) -> str:
    samples, cpu = result["samples"], result["cpu"]
    return (
        f"median {1000 * statistics.median(samples):3.0f} ms, worst {1000 * max(samples):3.0f} ms"
        f" (UI thread CPU {1000 * statistics.median(cpu):.0f}/{1000 * max(cpu):.0f} ms;"
        f" {len(samples)} keys; {result['trained']} epochs trained meanwhile, moving in "
        f"{result['moved']}/{result['gaps']} gaps)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", nargs="*", default=list(SETUPS))
    parser.add_argument("--size", nargs="*", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=2, help="times through every setting")
    parser.add_argument("--baseline", type=Path, default=None, help="an earlier checkout")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    print("keys while training: key -> frame (goal: median <= 20 ms, worst <= 50 ms)")
    for text in args.size:
        size = tuple(int(part) for part in text.split("x"))
        for name in args.screen:
            result = _child(name, size, args.rounds, root)  # type: ignore[arg-type]
            print(f"  {name:<7}{text:>7} now    : {_line(result)}")
            if args.baseline is not None:
                before = _child(name, size, args.rounds, args.baseline.resolve())  # type: ignore[arg-type]
                ratio = statistics.median(result["samples"]) / statistics.median(before["samples"])
                print(
                    f"  {name:<7}{text:>7} before : {_line(before)}; median now "
                    f"{100 * ratio:.0f}% of before"
                )


if __name__ == "__main__":
    main()
