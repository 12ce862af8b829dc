"""Dead neurons: a setting that starts a fresh run while training is built off the UI thread."""

from __future__ import annotations

import threading

import pytest

from relu_tui.base.params import params_by_name
from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.lessons.dead.state import DeadState
from relu_tui.lessons.dead.training import DeadRun
from relu_tui.ui.app import ReluApp
from relu_tui.ui.training_runner import TrainingRunner
from relu_tui.ui.widgets.param_panel import ParamPanel


async def test_width_nudges_while_training_queue_and_arrive_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two quick width nudges during a run: the panel shows each at once, the fresh run is
    built on another thread, and it has both, keeps training and is a new generation."""
    built_on: list[threading.Thread] = []
    with_setting = DeadState.with_setting

    def recording(self: DeadState, name: str, value: float) -> DeadState:
        if name == "width":
            built_on.append(threading.current_thread())
        return with_setting(self, name, value)

    monkeypatch.setattr(DeadState, "with_setting", recording)
    app = ReluApp(start="dead")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, DeadScreen)
        screen.state = screen.state.with_setting("epochs", 100_000)
        await pilot.press("v", "space")
        panel = screen.query_one("#dead-params", ParamPanel)
        names = [param.name for param in panel.params]
        panel.cursor = names.index("width")
        width = params_by_name(screen.state.settings.params)["width"]
        generation = screen.state.snapshot.generation
        expected = width.nudged(1).nudged(1).value
        await pilot.press("right", "right")
        assert params_by_name(panel.params)["width"].value == expected
        for _ in range(100):
            if screen._rebuilding is None and not screen._queued:
                break
            await pilot.pause(0.05)
        state = screen.state
        assert params_by_name(state.settings.params)["width"].value == expected
        assert state.snapshot.generation > generation
        assert state.running
        assert built_on and threading.main_thread() not in built_on
        await pilot.press("space")


async def _wait_rebuilt(pilot: object, screen: DeadScreen) -> None:
    for _ in range(200):
        if screen._rebuilding is None and not screen._queued:
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the fresh run was not built")


async def _run_on_train_view(app: ReluApp, pilot: object) -> tuple[DeadScreen, TrainingRunner]:
    """Dead neurons' Train view with its run lent out (stepped: nothing trains until `step`)."""
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    await pilot.press("v", "space")  # type: ignore[attr-defined]
    runner = screen._runner
    assert runner is not None
    return screen, runner


def _select(screen: DeadScreen, name: str) -> ParamPanel:
    panel = screen.query_one("#dead-params", ParamPanel)
    panel.cursor = [param.name for param in panel.params].index(name)
    return panel


@pytest.mark.usefixtures("stepped_training")
async def test_a_fresh_run_from_a_key_keeps_training() -> None:
    """A width nudge while training: the fresh run is the one lent out, and its next chunk
    shows on screen as training under the new generation."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, runner = await _run_on_train_view(app, pilot)
        runner.step(3)
        await pilot.pause()
        generation = screen.state.snapshot.generation
        _select(screen, "width")
        await pilot.press("right")
        await _wait_rebuilt(pilot, screen)
        assert screen.state.snapshot.generation > generation
        runner.step(4)
        await pilot.pause()
        state = screen.state
        assert state.running
        assert state.snapshot.report.epoch == 4
        assert state.snapshot.network.arch.sizes[1] == state.settings.width


@pytest.mark.usefixtures("stepped_training")
async def test_a_live_setting_while_training_reaches_the_run_at_its_next_chunk() -> None:
    """A learning-rate nudge while training keeps the run (same generation, epochs go on)
    and the lent trainer takes the new rate before its next chunk."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, runner = await _run_on_train_view(app, pilot)
        runner.step(2)
        await pilot.pause()
        generation = screen.state.snapshot.generation
        _select(screen, "lr")
        await pilot.press("right")
        lr = screen.state.settings.lr
        lent = runner._lent
        assert isinstance(lent, DeadRun)
        assert lent.trainer.optimizer.lr != lr  # not yet: the worker reads it between chunks
        runner.step(1)
        await pilot.pause()
        assert lent.trainer.optimizer.lr == lr
        assert screen.state.snapshot.generation == generation
        assert screen.state.snapshot.report.epoch == 3


@pytest.mark.usefixtures("stepped_training")
async def test_a_key_s_redraw_does_not_wait_for_the_reports_pace() -> None:
    """A report's redraw of the run waits for its pace; a view key that comes meanwhile
    has the new view drawn right after its own frame, not at that pace."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, runner = await _run_on_train_view(app, pilot)
        await pilot.pause(0.05)
        runner.step(1)
        await pilot.pause()
        assert screen._run_draw_pending and screen._run_draw_paced  # the report's: paced
        await pilot.press("v")
        await pilot.pause(0.05)
        assert screen.state.view == "units"
        assert not screen._run_draw_pending
