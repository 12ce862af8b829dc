"""Quitting the Dead neurons screen in the middle of long work ends the process at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.slow  # a fresh interpreter and app per test, quit mid-work

SCRIPT = textwrap.dedent("""
    import asyncio, time
    from textual import events
    from relu_tui.ui.app import ReluApp

    async def main():
        app = ReluApp(start="dead")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            state = screen.state.with_setting("epochs", 100000).with_setting("batch", 1)
            screen.state = state
            await pilot.press("{key}")
            await asyncio.sleep(0.6)
            assert {busy}, "the long work did not start"
            start = time.perf_counter()
            # straight to the driver, as a terminal sends it (Pilot.press waits for an idle
            # app, which a training app never is)
            key = events.Key("q", "q")
            key.set_sender(app)
            app._driver.send_message(key)
            while app.is_running and time.perf_counter() < start + 30:
                await asyncio.sleep(0.005)
        return start

    start = asyncio.run(main())  # returns once every worker thread has ended
    print(f"{{time.perf_counter() - start:.3f}}")
""")


def _seconds_to_exit(key: str, busy: str) -> float:
    code = SCRIPT.format(key=key, busy=busy)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return float(done.stdout.strip().splitlines()[-1])


def test_q_during_the_experiment_with_batch_size_1_exits_within_a_second() -> None:
    """Issue 11: epochs 100000, batch 1, e, q: the experiment stops within one update."""
    assert _seconds_to_exit("e", "screen.state.experiment.running") < 1.0


def test_q_while_a_long_run_trains_exits_within_a_second() -> None:
    """The training worker looks at its cancel flag after every ~50 ms chunk."""
    assert _seconds_to_exit("space", "screen.state.running") < 1.0
