"""Typing into the command palette without bracketed paste, against a bare Textual app.

A terminal without bracketed paste delivers pasted or fast-typed text as one key event per
character, all queued at once. Each character changes the palette's search field, and each
change starts a new search and cancels the previous ones. This script queues N characters
into the open palette (as the driver would deliver them), waits until the field holds them
all and the palette is idle, and reports the time against the same run on a bare Textual
app (its ratio in percent; the goal is at most 100 %, with some noise). It also reports the
most workers the app's WorkerManager held while the characters were handled (Textual's
`cancel_group` walks all of them for every character). Each run is a fresh interpreter, so
relu-tui's guards on Textual classes never reach the bare app.

    python benchmarks/bench_palette.py [--chars 500 1000 2000] [--screen dosage]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time

from textual import events
from textual.app import App, ComposeResult
from textual.command import CommandInput, CommandPalette
from textual.widgets import Footer, Header
from textual.worker_manager import WorkerManager


class Bare(App[None]):
    """A bare app with a header and footer; its palette holds Textual's own commands."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


_MOST = [0]
_ADD_WORKER = WorkerManager.add_worker


def _counting_add_worker(self: WorkerManager, *args: object, **kwargs: object) -> None:
    _ADD_WORKER(self, *args, **kwargs)  # type: ignore[arg-type]
    _MOST[0] = max(_MOST[0], len(self._workers))


WorkerManager.add_worker = _counting_add_worker  # type: ignore[method-assign]


def _key(char: str) -> events.Key:
    from textual.keys import _character_to_key

    name = char if char.isalnum() else _character_to_key(char)
    return events.Key(name, char)


async def type_into_palette(app: App[None], chars: int) -> tuple[float, float]:
    """(seconds from queueing `chars` characters until all are in the field and the palette
    is idle, the most workers the app held meanwhile)."""
    text = ("relu sigmoid theme " * (chars // 19 + 1))[:chars]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        for _ in range(100):
            if isinstance(app.screen, CommandPalette):
                break
            await asyncio.sleep(0.02)
        await pilot.pause()
        field = app.screen.query_one(CommandInput)
        driver = app._driver
        assert driver is not None
        _MOST[0] = 0
        started = time.perf_counter()
        for char in text:
            event = _key(char)
            event.set_sender(app)
            driver.send_message(event)
        while len(field.value) < chars:
            await asyncio.sleep(0.005)
        await app.workers.wait_for_complete()
        await pilot.pause()
        elapsed = time.perf_counter() - started
        await pilot.press("escape")
    return elapsed, _MOST[0]


def _run(kind: str, chars: int, screen: str) -> tuple[float, int]:
    """One measurement in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, "--chars", str(chars), "--screen", screen],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--screen", default="dosage")
    parser.add_argument("--one", choices=("bare", "relu-tui"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        if args.one == "bare":
            app: App[None] = Bare()
        else:
            from relu_tui.ui.app import ReluApp

            app = ReluApp(start=args.screen)
        elapsed, most = asyncio.run(type_into_palette(app, args.chars[0]))
        print(elapsed, most)
        return
    print(f"{'chars':>6} {'bare s':>8} {'relu-tui s':>10} {'ratio':>7} {'most workers':>13}")
    for chars in args.chars:
        bare, bare_most = _run("bare", chars, args.screen)
        ours, our_most = _run("relu-tui", chars, args.screen)
        print(
            f"{chars:>6} {bare:>8.2f} {ours:>10.2f} {100 * ours / bare:>6.0f}% "
            f"{bare_most:>6}/{our_most:<6}"
        )


if __name__ == "__main__":
    main()
