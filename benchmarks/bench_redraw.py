"""Keypress to redrawn screen, per screen, at 120×40, against a bare Textual app.

For each screen a list of keys is pressed in turn, many times; each sample is the time from
the key press to the app being idle again with the screen recomposed and repainted
(`pilot.press` + `pilot.pause`, then a forced full render of the screen). The baseline is the
same measurement on a bare app whose key only updates a label. Prints medians in whole ms
and the ratio to the baseline in percent.

    python benchmarks/bench_redraw.py [--screen NAME ...] [--presses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.widgets import Label

from relu_tui.registry import available_screens

KEYS: dict[str, Sequence[str]] = {
    "activations": ("right", "left", "down", "up", "g"),
    "dosage": ("n", "n", "p", "period", "comma"),
    "puzzle": ("right", "left", "down", "up"),
    "dead": ("down", "up"),
    "approx": ("plus", "minus"),
}
"""Keys that change what is drawn on each screen (and undo it, so runs stay comparable)."""

GOALS = {"activations": 15, "dosage": 15, "puzzle": 15, "dead": 50, "approx": 20}


class Bare(App[None]):
    BINDINGS = [("x", "bump", "Bump")]

    def compose(self) -> ComposeResult:
        yield Label("0", id="count")

    def action_bump(self) -> None:
        label = self.query_one("#count", Label)
        label.update(str(int(str(label.render())) + 1))


async def _time_keys(app: App[None], keys: Sequence[str], presses: int,
                     setup: Sequence[str] = ()) -> float:
    samples = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if setup:
            await pilot.press(*setup)
            await pilot.pause(0.2)
        for index in range(presses):
            key = keys[index % len(keys)]
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            app.screen._compositor.render_update(full=True)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples[3:])


async def _main(screens: Sequence[str], presses: int, training: bool) -> None:
    from relu_tui.ui.app import ReluApp

    base = await _time_keys(Bare(), ("x",), presses)
    print(f"keypress to redraw at 120x40, median of {presses} presses")
    print(f"  bare Textual app     : {round(base * 1000)} ms")
    for name in screens:
        setup = ("space",) if (training and name in ("dead", "approx")) else ()
        took = await _time_keys(ReluApp(start=name), KEYS[name], presses, setup)
        label = f"{name}{' (training)' if setup else ''}"
        print(f"  {label:<21}: {round(took * 1000)} ms  = {round(100 * took / base)}% of bare"
              f"  (goal <= {GOALS[name]} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", nargs="*", default=None)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--training", action="store_true",
                        help="start training (space) on dead/approx before timing keys")
    args = parser.parse_args()
    screens = args.screen or [name for name in available_screens() if name in KEYS]
    asyncio.run(_main(screens, args.presses, args.training))


if __name__ == "__main__":
    main()
