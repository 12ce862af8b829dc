"""TrainingRunner: reports, fresh runs handed to the worker in progress, the process's thread
switch interval put back after training."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

import pytest
from textual import on
from textual.app import App
from textual.pilot import Pilot

from relu_tui.ui import key_gate, training_runner
from relu_tui.ui.app import ReluApp
from relu_tui.ui.training_runner import TrainingProgressed, TrainingReturned, TrainingRunner


def test_switch_interval_is_shortened_while_training_and_restored_after() -> None:
    """Nested runs share one change; the interval found before the first is back after the
    last."""
    before = sys.getswitchinterval()
    with training_runner._fast_switching():
        assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
        with training_runner._fast_switching():
            assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
        assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
    assert sys.getswitchinterval() == before


def test_next_chunk_aims_at_the_chunk_time() -> None:
    """A chunk that took twice the target halves; one that took no measurable time doubles."""
    assert training_runner._next_chunk(100, 2 * training_runner.CHUNK_SECONDS) == 50
    assert training_runner._next_chunk(100, 0.0) == 200


class _CountingRun:
    """A run of `limit` epochs that records the thread each chunk trains on."""

    def __init__(self, limit: int = 10**9) -> None:
        self.epoch = 0
        self.limit = limit
        self.threads: set[int] = set()

    def configure(self, settings: object) -> None:
        pass

    def remaining(self, settings: object) -> int:
        return max(0, self.limit - self.epoch)

    def advance(self, epochs: int) -> None:
        self.threads.add(threading.get_ident())
        time.sleep(0.001)
        self.epoch += epochs

    def report(self, *, finished: bool) -> tuple[int, bool]:
        return self.epoch, finished


class _Host(App[None]):
    """Collects what a runner posts."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[TrainingProgressed[tuple[int, bool]]] = []
        self.returned: list[TrainingReturned[tuple[int, bool]]] = []
        self.runner: TrainingRunner[object, tuple[int, bool]] | None = None

    @on(TrainingProgressed)
    def _progressed(self, event: TrainingProgressed[tuple[int, bool]]) -> None:
        assert self.runner is not None
        self.reports.append(self.runner.received(event))

    @on(TrainingReturned)
    def _returned(self, event: TrainingReturned[tuple[int, bool]]) -> None:
        assert self.runner is not None
        self.returned.append(event)
        self.runner.take_back(event)


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    for _ in range(400):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_a_run_reports_after_its_first_chunk() -> None:
    """However long the report interval, a run that starts training says so at once."""
    app = _Host()
    async with app.run_test() as pilot:
        runner = TrainingRunner(app, _CountingRun(), None, report_seconds=3600)
        app.runner = runner
        runner.start()
        await _until(pilot, lambda: bool(app.reports))
        assert app.reports[0].generation == 0
        assert app.reports[0].report[0] > 0
        runner.stop()
        await _until(pilot, lambda: bool(app.returned))


async def test_switch_hands_a_fresh_run_to_the_worker_in_progress() -> None:
    """A fresh run while training goes to the same worker thread (none is started for it):
    it reports under its generation at once, and the old run trains no more."""
    app = _Host()
    async with app.run_test() as pilot:
        old, fresh = _CountingRun(), _CountingRun()
        runner = TrainingRunner(app, old, None, report_seconds=3600)
        app.runner = runner
        runner.start()
        await _until(pilot, lambda: bool(app.reports))
        runner.switch(fresh, 1)
        await _until(pilot, lambda: any(report.generation == 1 for report in app.reports))
        stopped_at = old.epoch
        await pilot.pause(0.05)
        assert old.epoch == stopped_at
        assert fresh.epoch > 0
        assert fresh.threads == old.threads  # one worker thread trained both
        assert runner.training and not app.returned
        runner.stop()
        await _until(pilot, lambda: bool(app.returned))
        assert app.returned[-1].generation == 1
        assert runner.run is fresh


async def test_switch_after_a_finished_run_starts_a_worker() -> None:
    """When the worker has finished its run, a fresh run is lent to a new worker."""
    app = _Host()
    async with app.run_test() as pilot:
        runner = TrainingRunner(app, _CountingRun(limit=3), None)
        app.runner = runner
        runner.start()
        await _until(pilot, lambda: bool(app.returned))
        fresh = _CountingRun(limit=5)
        runner.switch(fresh, 1)
        await _until(pilot, lambda: any(r.generation == 1 and r.finished for r in app.reports))
        assert fresh.epoch == 5


def test_reports_coalesce_while_one_is_queued() -> None:
    """While one report waits at the host, newer ones refresh it: one message is queued at
    most, and reading it gives the latest report; once read, the next report posts anew."""
    posted: list[TrainingProgressed[int]] = []

    class Host:
        def post_message(self, message: TrainingProgressed[int]) -> bool:
            posted.append(message)
            return True

    runner: TrainingRunner[object, int] = TrainingRunner(
        Host(),  # type: ignore[arg-type]
        _CountingRun(),  # type: ignore[arg-type]
        None,
    )
    runner._report(0, 1, 10.0, False)
    runner._report(0, 2, 20.0, False)
    runner._report(0, 3, 30.0, True)
    assert len(posted) == 1
    latest = runner.received(posted[0])
    assert (latest.report, latest.epochs_per_second, latest.finished) == (3, 30.0, True)
    runner._report(0, 4, 40.0, False)
    assert len(posted) == 2
    runner._report(1, 5, 0.0, False)  # a fresh run's report never hides in an old one
    assert len(posted) == 3


async def test_training_waits_while_a_key_waits_for_its_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the key gate is closed the worker trains no further chunk; once the key's frame
    is shown it goes on."""
    monkeypatch.setattr(key_gate, "KEY_HOLD_SECONDS", 60.0)
    gate = key_gate.KeyGate()
    monkeypatch.setattr(training_runner, "KEYS", gate)
    app = _Host()
    async with app.run_test() as pilot:
        run = _CountingRun()
        runner = TrainingRunner(app, run, None)
        app.runner = runner
        runner.start()
        await _until(pilot, lambda: run.epoch > 0)
        gate.key_arrived()
        await pilot.pause(0.05)  # the chunk in progress ends
        held = run.epoch
        await pilot.pause(0.1)
        assert run.epoch == held
        gate.frame_shown()
        await _until(pilot, lambda: run.epoch > held)
        runner.stop()
        await _until(pilot, lambda: bool(app.returned))


def test_the_key_gate_opens_by_itself_after_its_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key that shows no frame holds training back at most KEY_HOLD_SECONDS."""
    monkeypatch.setattr(key_gate, "KEY_HOLD_SECONDS", 0.01)
    gate = key_gate.KeyGate()
    gate.key_arrived()
    gate.wait()
    assert gate.is_open


async def test_a_key_closes_the_gate_and_its_frame_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app closes the process's gate as a key arrives and opens it with the next frame
    (long before the hold would run out)."""
    monkeypatch.setattr(key_gate, "KEY_HOLD_SECONDS", 60.0)
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        closed: list[bool] = []
        original = key_gate.KEYS.key_arrived

        def arrived() -> None:
            original()
            closed.append(not key_gate.KEYS.is_open)

        key_gate.KEYS.key_arrived = arrived  # type: ignore[method-assign]
        try:
            await pilot.press("down")
            await pilot.pause()
        finally:
            del key_gate.KEYS.key_arrived
        assert closed == [True]
        assert key_gate.KEYS.is_open


def test_training_waits_for_a_key_s_computation(monkeypatch: pytest.MonkeyPatch) -> None:
    """While a key's computation runs in another thread the gate holds training back, and
    lets it go as the computation ends."""
    monkeypatch.setattr(key_gate, "WORK_HOLD_SECONDS", 60.0)
    gate = key_gate.KeyGate()
    passed = threading.Event()

    def worker() -> None:
        gate.wait()
        passed.set()

    with gate.working():
        thread = threading.Thread(target=worker)
        thread.start()
        assert not passed.wait(0.05)
    thread.join(5)
    assert passed.is_set()
    assert gate.is_open  # a computation never holds back a report's redraw
