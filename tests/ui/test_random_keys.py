"""Random keys, junk text and resizes on every screen: the app keeps running and answering.

Each seed starts on one screen and sends bursts of keys without waiting between them (as a
fast typist or a paste does): screen switches 1-5, arrows and shift+arrows, PageUp/PageDown/
Home/End, tab/shift+tab, enter, escape, ctrl+p, every screen's letter keys, junk text, and
terminal resizes between 20x5 and 200x60. After each burst the app must still run and have
raised nothing; at the end it must still answer a key.

The normal run uses a few seeds (well under a minute); `RELU_TUI_SOAK=N` adds N more seeds
with longer runs. A failing seed prints its whole key sequence, so it can be replayed in
tmux (see `replay_text`).
"""

from __future__ import annotations

import asyncio
import os
import random
import string
import unicodedata
from dataclasses import dataclass

import pytest
from textual import events
from textual.command import CommandPalette
from textual.geometry import Size

from relu_tui.lessons.catalog import SCREENS, available_screens
from relu_tui.ui.app import ReluApp

pytestmark = pytest.mark.slow  # hundreds of keys per screen

SCREEN_NAMES = available_screens()

MOVES = [
    "up",
    "down",
    "left",
    "right",
    "shift+up",
    "shift+down",
    "shift+left",
    "shift+right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "space",
    "backspace",
    "delete",
]
"""Keys every screen, list, field and modal may receive."""

LETTERS = [c for c in string.ascii_lowercase if c != "q"] + [
    "left_square_bracket",
    "right_square_bracket",
    "question_mark",
    "plus",
    "minus",
    "full_stop",
    "comma",
    "A",
    "T",
    "F1",
]
"""Every screen's letter keys (q, which quits, is left out; see test_quit_answers_at_the_end)."""

JUNK = [
    "1e309",
    "-0",
    "nan",
    "inf",
    "[/]",
    "[@click=app.bell]x[/]",
    "1e-310*x",
    "x**x**x",
    "((((",
    "é→π",
    "\\x1b",
    "0.1",
    "-4",
    "999999999999",
    "sin(x)",
    ",,,",
    "[b]",
]
"""Text typed into whatever has focus (a value field, a target, a filter); no q in it."""

SWITCHES = [info.key for name, info in SCREENS.items() if name in SCREEN_NAMES]

SOAK = int(os.environ.get("RELU_TUI_SOAK", "0") or 0)


@dataclass(frozen=True)
class Step:
    """One thing the driver does: a key, or a resize to (width, height)."""

    key: str | None = None
    size: tuple[int, int] | None = None

    def __str__(self) -> str:
        return self.key if self.key is not None else f"resize:{self.size}"


def plan(seed: int, bursts: int, *, narrow: bool = False) -> list[list[Step]]:
    """The seeded bursts of steps; `narrow` resizes down to 1x1 (half of them below 12x6)."""
    rng = random.Random(seed)
    out: list[list[Step]] = []
    for _ in range(bursts):
        burst: list[Step] = []
        for _ in range(rng.randint(3, 25)):
            roll = rng.random()
            if roll < 0.12:
                burst.append(Step(key=rng.choice(SWITCHES)))
            elif roll < 0.50:
                burst.append(Step(key=rng.choice(MOVES)))
            elif roll < 0.80:
                burst.append(Step(key=rng.choice(LETTERS)))
            elif roll < 0.84:
                burst.append(Step(key="ctrl+p"))
            elif roll < 0.94:
                burst += [Step(key=c) for c in rng.choice(JUNK)]
            else:
                if narrow and rng.random() < 0.5:
                    burst.append(Step(size=(rng.randint(1, 12), rng.randint(1, 6))))
                elif narrow:
                    burst.append(Step(size=(rng.randint(1, 200), rng.randint(1, 60))))
                else:
                    burst.append(Step(size=(rng.randint(20, 200), rng.randint(5, 60))))
        out.append(burst)
    return out


def replay_text(bursts: list[list[Step]]) -> str:
    """The sequence as text (bursts separated by ' | '), for a failure message."""
    return " | ".join(" ".join(str(step) for step in burst) for burst in bursts)


def _key_event(key: str) -> events.Key:
    """The Key event Pilot.press would send for `key`."""
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def send_burst(app: ReluApp, burst: list[Step]) -> None:
    """Every step of the burst queued at once, as a terminal delivers a fast burst."""
    driver = app._driver
    assert driver is not None
    for step in burst:
        if step.key is not None:
            event = _key_event(step.key)
            event.set_sender(app)
            driver.send_message(event)
        elif step.size is not None:
            size = Size(*step.size)
            driver._size = size  # type: ignore[attr-defined]  # the headless driver's size
            app.post_message(events.Resize(size, size))


async def drive(seed: int, start: str, bursts: int, *, narrow: bool = False) -> None:
    """Run one seed on `start`; raise with the key sequence if the app stops or raises."""
    sequence = plan(seed, bursts, narrow=narrow)
    rng = random.Random(seed)
    size = (rng.choice([80, 120, 100]), rng.choice([24, 40, 30]))
    app = ReluApp(start=start)
    # The palette's "Quit" command is a legitimate way out that random typing can pick (a
    # filter such as "i" matches it, then enter): it is recorded rather than ending the run.
    quits: list[str] = []
    app.action_quit = lambda: quits.append("quit")  # type: ignore[method-assign]
    done: list[list[Step]] = []
    try:
        async with app.run_test(size=size) as pilot:
            for burst in sequence:
                done.append(burst)
                await send_burst(app, burst)
                await pilot.pause()
                assert app.is_running and app._exception is None, "the app stopped"
            await answers_a_key(app, pilot)
    except BaseException as error:
        raise AssertionError(
            f"seed {seed} on {start} at {size}: {error!r}\nkeys: {replay_text(done)}"
        ) from error


async def answers_a_key(app: ReluApp, pilot: object) -> None:
    """Close whatever is open, back to 80x24, then ctrl+p opens the palette and escape
    closes it: the app still answers keys."""
    await pilot.resize_terminal(80, 24)  # type: ignore[attr-defined]
    for _ in range(4):
        if not isinstance(app.screen, CommandPalette) and len(app.screen_stack) == 1:
            break
        await pilot.press("escape")  # type: ignore[attr-defined]
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    for _ in range(20):
        if isinstance(app.screen, CommandPalette):
            break
        await asyncio.sleep(0.05)
    assert isinstance(app.screen, CommandPalette), "ctrl+p did not open the palette"
    await pilot.press("escape")  # type: ignore[attr-defined]
    assert not isinstance(app.screen, CommandPalette)
    assert app.is_running


SEEDS = [(seed, SCREEN_NAMES[seed % len(SCREEN_NAMES)]) for seed in range(len(SCREEN_NAMES))]


@pytest.mark.parametrize(("seed", "start"), SEEDS)
async def test_random_keys_keep_the_app_running(seed: int, start: str) -> None:
    """A seeded run of 20 bursts (~300 keys and resizes) starting on each screen."""
    await drive(seed, start, bursts=20)


@pytest.mark.parametrize(("seed", "start"), [(50 + s, name) for s, name in SEEDS])
async def test_random_keys_with_resizes_down_to_one_column(seed: int, start: str) -> None:
    """The same, with resizes as small as 1x1 (the palette, choosers and prompts open)."""
    await drive(seed, start, bursts=20, narrow=True)


@pytest.mark.skipif(not SOAK, reason="set RELU_TUI_SOAK=N for N more seeds")
@pytest.mark.parametrize("seed", range(100, 100 + SOAK))
async def test_random_keys_soak(seed: int) -> None:
    """RELU_TUI_SOAK=N: N more seeds, 150 bursts each, every start screen in turn."""
    await drive(seed, SCREEN_NAMES[seed % len(SCREEN_NAMES)], bursts=150, narrow=seed % 2 == 1)


async def test_quit_answers_at_the_end() -> None:
    """After a random run, ctrl+q ends the app promptly (whatever is running)."""
    app = ReluApp(start=SCREEN_NAMES[0])
    async with app.run_test(size=(80, 24)) as pilot:
        for burst in plan(7, 5):
            await send_burst(app, burst)
            await pilot.pause()
        await pilot.press("ctrl+q")
        for _ in range(40):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
        assert not app.is_running
