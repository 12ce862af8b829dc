"""Puzzle screen: keypress to redrawn screen at 120×40, against a bare Textual app.

Each sample is the time from posting a key to the first screen update handed to the driver
after the puzzle's state has been shown (the parameter panel handles arrows in its key
handler, not as bindings, so the moment the screen has applied the new state is the mark).
The baseline is the same measurement on a bare app whose key updates a label, run side by
side in this script. Also times the two parts of a redraw on their own: building the figures
from the core (`figures_puzzle`) and drawing them as text (`plot_text`).

    python benchmarks/bench_puzzle.py [--presses 60] [--size 120x40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence

import bench_redraw
from textual.app import App

KEYS = ("right", "right", "left", "left", "down", "up", "i")
"""Nudges (plots change), selections (the panel only), a hint (the notes only)."""


class Bare(bench_redraw.Bare):
    """bench_redraw's bare app, marking when its key's action has run."""

    marks: list[float] = []

    def action_bump(self) -> None:
        super().action_bump()
        self.marks.append(time.perf_counter())


def _record_displays(app: App[None]) -> list[float]:
    displays: list[float] = []
    display = app._display

    def timed_display(screen: object, renderable: object) -> None:
        display(screen, renderable)
        if renderable is not None:
            displays.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]
    return displays


async def _time(
    app: App[None], keys: Sequence[str], presses: int, size: tuple[int, int], marks: list[float]
) -> float:
    """Median ms from key to the first display after the key's effect was applied."""
    displays = _record_displays(app)
    samples: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        if hasattr(screen, "_show"):
            show = screen._show

            def timed_show(state: object) -> None:
                show(state)
                marks.append(time.perf_counter())

            screen._show = timed_show  # type: ignore[method-assign]
        for index in range(presses):
            key = keys[index % len(keys)]
            state = getattr(screen, "state", None)
            if key == "i" and state is not None and state.hints_shown >= len(state.level.hints):
                await pilot.press("r")
            marks.clear()
            displays.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if not marks:
                raise RuntimeError(f"key {key!r} changed nothing on {type(screen).__name__}")
            after = [moment for moment in displays if moment >= marks[-1]]
            if after:
                samples.append(after[0] - start)
    return statistics.median(samples[3:]) * 1000


def _time_parts(size: tuple[int, int], repeats: int = 50) -> tuple[float, float]:
    """Median ms to build the Match Target and unit figures, and to draw them as text."""
    from relu_tui.lessons.puzzle import figures
    from relu_tui.lessons.puzzle.state import PuzzleState
    from relu_tui.plotting.render import plot_text

    state = PuzzleState()
    width, height = size
    build, draw = [], []
    for step in range(repeats):
        state = state.with_param("w1", (step % 20) / 10)
        start = time.perf_counter()
        fit = figures.fit_figure(state)
        units = figures.unit_figures(state)
        built = time.perf_counter()
        plot_text(fit, int(width * 0.64), height - 14)
        for spec in units:
            plot_text(spec, int(width * 0.36), (height - 2) // 3)
        drawn = time.perf_counter()
        build.append(built - start)
        draw.append(drawn - built)
    return statistics.median(build) * 1000, statistics.median(draw) * 1000


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{round(value)}"


async def _main(presses: int, size: tuple[int, int]) -> None:
    from relu_tui.ui.app import ReluApp

    Bare.marks = []
    base = await _time(Bare(), ("x",), presses, size, Bare.marks)
    puzzle = await _time(ReluApp(start="puzzle"), KEYS, presses, size, [])
    build, draw = _time_parts(size)
    width, height = size
    print(f"puzzle keypress to redraw at {width}x{height}, median of {presses} presses")
    print(f"  bare Textual app : {_ms(base)} ms")
    print(f"  puzzle screen    : {_ms(puzzle)} ms = {round(puzzle / base)}x bare  (goal <= 15 ms)")
    print(
        f"  of which, alone: build figures {_ms(build)} ms, draw all plots {_ms(draw)} ms"
        f" (draw = {round(draw / max(build, 1e-9))}x build)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    asyncio.run(_main(args.presses, (width, height)))


if __name__ == "__main__":
    main()
