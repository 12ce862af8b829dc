"""Keypress to redrawn screen, per screen, at 120×40, against a bare Textual app.

For each screen a list of keys is pressed in turn, many times. Each sample is the time from
posting the key to the first screen update the app hands to its driver after the key's
action has finished (its binding action, or the widget's own key handler, and the relu-tui
messages they post, such as ParamPanel.Changed): the handler, the recomputation, layout, and
rendering of every changed widget. (Textual's Pilot waits in 20 ms slices for idleness, so
its own timing would swamp the measurement; the clock is read inside the app instead.) The
baseline is the same measurement on a bare app whose key only updates a label. Prints
medians in whole ms (one decimal below 10 ms) and the ratio to the baseline in percent.

    python benchmarks/bench_redraw.py [--screen NAME ...] [--presses 40]

Screens are measured at rest. Keypresses while a run trains are measured by
bench_training.py (Pilot waits for an idle app, which a training app never is).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Iterator, Sequence
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Label

from relu_tui.lessons.catalog import available_screens

KEYS: dict[str, Sequence[str]] = {
    "activations": ("right", "left", "down", "up", "g"),
    "dosage": ("n", "n", "p", "p", "full_stop", "comma"),
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


_DISPATCH_MESSAGE = MessagePump._dispatch_message
_GET_DISPATCH_METHODS = MessagePump._get_dispatch_methods
_HANDLED: set[tuple[int, int]] = set()
"""(pump id, message id) for messages that found a handler at that pump."""


def _dispatch_methods(pump: MessagePump, method_name: str, message: Message) -> Iterator[Any]:
    # Idle events find their handlers here without passing through _dispatch_message, so
    # their entries would stay behind and a later message given the same id would count.
    counted = not isinstance(message, events.Idle)
    for found in _GET_DISPATCH_METHODS(pump, method_name, message):
        if counted:
            _HANDLED.add((id(pump), id(message)))
        yield found


MessagePump._get_dispatch_methods = _dispatch_methods  # type: ignore[method-assign,assignment]


def _instrument(
    app: App[None], ignore: tuple[type[Message], ...] = ()
) -> tuple[list[float], list[float]]:
    """Record when the key's handling finishes and when screen updates reach the driver.

    The handling is every binding action, every Key event handler (widgets such as
    ParamPanel act on keys in `on_key`, without a binding) and every handler of the
    relu-tui messages they post (ParamPanel.Changed, RowTable.Moved), which the screen
    turns into new state. Messages that bubble on with no handler do not count, nor do
    the `ignore` types (a training run's progress reports, which arrive whatever is pressed).
    """
    actions: list[float] = []
    displays: list[float] = []
    dispatch, display = app._dispatch_action, app._display

    async def timed_dispatch(*args: object, **kwargs: object) -> bool:
        result = await dispatch(*args, **kwargs)
        actions.append(time.perf_counter())
        return result

    async def timed_dispatch_message(pump: MessagePump, message: Message) -> object:
        result = await _DISPATCH_MESSAGE(pump, message)
        key = (id(pump), id(message))
        if key in _HANDLED:
            _HANDLED.discard(key)
            if (
                pump.app is app
                and not isinstance(message, ignore)
                and (
                    isinstance(message, events.Key)
                    or type(message).__module__.startswith("relu_tui.")
                )
            ):
                actions.append(time.perf_counter())
        return result

    def timed_display(screen: object, renderable: object) -> None:
        display(screen, renderable)
        if renderable is not None:
            displays.append(time.perf_counter())

    app._dispatch_action = timed_dispatch  # type: ignore[method-assign]
    MessagePump._dispatch_message = timed_dispatch_message  # type: ignore[method-assign,assignment]
    app._display = timed_display  # type: ignore[method-assign]
    return actions, displays


async def _time_keys(app: App[None], keys: Sequence[str], presses: int) -> float:
    samples = []
    actions, displays = _instrument(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for index in range(presses):
            key = keys[index % len(keys)]
            actions.clear()
            displays.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if not actions:
                raise RuntimeError(f"key {key!r} was not handled on {type(app.screen).__name__}")
            done = actions[-1]
            after = [moment for moment in displays if moment >= done]
            if after:
                samples.append(after[0] - start)
            elif displays:  # the last handler changed nothing drawn: the last update shows all
                samples.append(displays[-1] - start)
    return statistics.median(samples[3:])


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    return f"{milliseconds:.1f}" if milliseconds < 10 else f"{round(milliseconds)}"


async def _main(screens: Sequence[str], presses: int) -> None:
    from relu_tui.ui.app import ReluApp

    base = await _time_keys(Bare(), ("x",), presses)
    print(f"keypress to redraw at 120x40, median of {presses} presses")
    print(f"  bare Textual app     : {_ms(base)} ms")
    for name in screens:
        took = await _time_keys(ReluApp(start=name), KEYS[name], presses)
        print(
            f"  {name:<21}: {_ms(took)} ms  = {round(100 * took / base)}% of bare"
            f"  (goal <= {GOALS[name]} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", nargs="*", default=None)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    screens = args.screen or [name for name in available_screens() if name in KEYS]
    asyncio.run(_main(screens, args.presses))


if __name__ == "__main__":
    main()
