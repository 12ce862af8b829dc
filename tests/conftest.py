"""Shared test set-up: saved progress and files saved into the current folder go to a
temporary folder, never the real home or the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own $XDG_STATE_HOME (and $XDG_CACHE_HOME)."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return state


@pytest.fixture(autouse=True)
def _isolated_cwd(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test runs in its own empty folder (apart from its tmp_path): keys that save
    into the current folder (ctrl+s screenshots, x export) never leave files in the
    checkout."""
    cwd = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(cwd)
    return cwd


@pytest.fixture
def stepped_training(monkeypatch: pytest.MonkeyPatch) -> None:
    """Training runs only when a test calls `runner.step(epochs)`, on the test's thread: no
    worker thread, so how far a run has trained is exactly what the test asked for."""
    from relu_tui.ui.training_runner import TrainingRunner

    monkeypatch.setattr(TrainingRunner, "stepped", True)


LONG_WORKER_GROUPS = frozenset({"training", "experiment", "demo"})
"""Worker groups that run for as long as the app lets them (a training run, the seeds
experiment, the demo): waiting for the app to settle does not wait for these."""


async def _settled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Wait until the app has processed every message it was sent, run what was asked to
    run after a refresh, applied a resize, and its short workers (a rebuild, an analysis)
    have finished and their messages have arrived.

    Stands in for Textual's `wait_for_idle`, which guesses from the process's CPU time: on
    a loaded machine a starved process looks idle too early, and while a training thread
    runs it never looks idle, so every key press waited a whole second.
    """
    import asyncio
    import time

    from textual._context import active_app

    app = active_app.get(None)
    if app is None or not app.is_running:
        await asyncio.sleep(min_sleep)
        return
    deadline = time.monotonic() + 30.0
    while time.monotonic() < deadline:
        await asyncio.sleep(0)
        pumps = [app]
        try:
            for screen in app.screen_stack:
                pumps.extend(screen.walk_children(with_self=True))
        except Exception:  # the app is closing
            return
        if any(pump.message_queue_size for pump in pumps):
            await _drain(app)
            continue
        screen = app.screen
        if screen._callbacks:  # call_after_refresh: run them after a refresh, as Pilot does
            screen._on_timer_update()
            await _drain(app)
            continue
        if app._resize_event is not None or any(  # a resize waits on a 1/120 s timer
            worker.is_running and worker.group not in LONG_WORKER_GROUPS for worker in app.workers
        ):
            await asyncio.sleep(0.001)
            continue
        return


async def _drain(app: object) -> None:
    """One round of the app's and its screen's queues (Textual's own `_wait_for_screen`)."""
    from textual.pilot import Pilot

    await Pilot(app)._wait_for_screen()  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    """Pilot waits on the app's queues and workers, not on CPU time (see `_settled`);
    RELU_TUI_TEST_IDLE=cpu keeps Textual's own wait (to compare the two)."""
    import os

    if os.environ.get("RELU_TUI_TEST_IDLE") == "cpu":
        return
    import textual.app
    import textual.pilot

    textual.pilot.wait_for_idle = _settled  # type: ignore[assignment]
    textual.app.wait_for_idle = _settled  # type: ignore[assignment]


def _weight(item: pytest.Item) -> int:
    """Heavier first: end-to-end tests marked slow, then the ones that drive an app or a
    server, then everything else (which fills the gaps at the end)."""
    if item.get_closest_marker("slow") is not None:
        return 0
    path = item.nodeid
    if path.startswith(("tests/web/", "tests/ui/", "tests/snapshots/", "tests/test_serve")):
        return 1
    return 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests start first, so two workers do not wait on one long test at the end."""
    items.sort(key=_weight)
