"""Dosage screen: keypress to redrawn stage, and to the overview grid, at 120×40.

Each sample is the time from posting a key to the first screen update handed to the driver
after the key's action has finished (the clock is read inside the app, as in
bench_redraw.py, whose instrumentation this reuses). The baseline is a bare Textual app
whose key only updates a label, measured in the same run. Medians in ms and whole-number
ratios to the baseline.

    python benchmarks/bench_dosage.py [--presses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from textual.app import App

sys.path.insert(0, str(Path(__file__).parent))
from bench_redraw import Bare, _instrument, _ms  # noqa: E402

GROUPS: dict[str, tuple[Sequence[str], int]] = {
    "stage step (n/p)": (("n", "n", "n", "p", "p", "p"), 15),
    "probe (, .)": (("full_stop", "comma"), 15),
    "Softplus toggle (a)": (("a",), 15),
    "overview open (o)": (("o",), 60),
    "w1 nudge (right), new drawing": (("right",), 15),
}
"""Key cycles and the goal for each, in ms. All but the last return to where they started,
so after the first cycle their plots come from the drawings the screen keeps; each w1 nudge
makes new parameters, so every press computes and draws a new plot."""


async def _samples(
    app: App[None],
    keys: Sequence[str],
    presses: int,
    setup: Sequence[str] = (),
    close: Sequence[str] = (),
) -> list[float]:
    """Times for `presses` presses of the cycle `keys`; `close` undoes a key between presses."""
    actions, displays = _instrument(app)
    samples = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*setup)
        await pilot.pause()
        for index in range(presses):
            key = keys[index % len(keys)]
            actions.clear()
            displays.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            # The parameter panel handles its keys itself (no action): then the first update.
            done = actions[-1] if actions else start
            after = [moment for moment in displays if moment >= done]
            if after:
                samples.append(after[0] - start)
            if close:
                await pilot.press(*close)
                await pilot.pause()
    return samples[3:]


async def _main(presses: int) -> None:
    from relu_tui.ui.app import ReluApp

    base = statistics.median(await _samples(Bare(), ("x",), presses))
    print(f"Dosage screen, keypress to redraw at 120x40, median of {presses} presses")
    print(f"  bare Textual app      : {_ms(base)} ms")
    for name, (keys, goal) in GROUPS.items():
        close = ("o",) if keys == ("o",) else ()
        took = statistics.median(
            await _samples(
                ReluApp(start="dosage"), keys, presses, setup=("n", "n", "n"), close=close
            )
        )
        print(f"  {name:<22}: {_ms(took)} ms  = {round(took / base)}x bare  (goal <= {goal} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(_main(args.presses))


if __name__ == "__main__":
    main()
