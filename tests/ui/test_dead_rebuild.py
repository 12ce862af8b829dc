"""Dead neurons: a setting that starts a fresh run while training is built off the UI thread."""

from __future__ import annotations

import threading

import pytest

from relu_tui.base.params import params_by_name
from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.lessons.dead.state import DeadState
from relu_tui.ui.app import ReluApp
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
