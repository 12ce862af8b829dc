"""The learner's walk-through of the two spirals, keys only at 80x24 (README, Dead neurons):
one hidden layer with sin features, then no features and a deeper net. Training is stepped
(`TrainingRunner.stepped`), so the epochs are exactly the settings' and the test is quick;
a run is seeded, so it reaches what the app reaches (accuracy 100%, test 99%, then 100%,
test 98%, on the default 500 samples in the playground's [-6, 6] units)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.ui.app import ReluApp

KEYS_OF = {
    text: tuple({",": "comma", "*": "asterisk", "^": "circumflex_accent"}.get(c, c) for c in text)
    for text in ("x1,x2,sin1,sin2", "x1,x2")
}
"""Typed text as key names."""

SIN_FEATURES_ONE_LAYER = (
    "tab",  # from the Neuron view's weights to the Settings panel
    *("down",) * 5,  # activation, learn rate, optimizer, init, bias init, depth
    *("left",) * 2,  # depth 3 -> 1
    "f",  # the input features field opens with "x1,x2" selected: typing replaces it
    *KEYS_OF["x1,x2,sin1,sin2"],
    "enter",
    "space",
)
"""Spirals with one hidden layer of 16 and the features x1, x2, sin1, sin2."""

DEEPER_NO_FEATURES = (
    "f",
    *KEYS_OF["x1,x2"],
    "enter",
    *("right",) * 2,  # the panel's cursor is still on depth: 1 -> 3
    "space",
)
"""The same spirals with x1, x2 only and three hidden layers of 16."""


def screen_of(app: ReluApp) -> DeadScreen:
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    return screen


async def train_to_the_end(pilot: Pilot[None], screen: DeadScreen) -> None:
    """Step the run started by space until its epochs are done."""
    runner = screen._runner
    assert runner is not None
    for _ in range(100):
        if not screen.state.running:
            return
        runner.step(100)
        await pilot.pause()
    raise AssertionError("the run did not finish")


@pytest.mark.usefixtures("stepped_training")
async def test_the_spirals_are_solved_by_keys_with_sin_features_then_by_depth() -> None:
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*SIN_FEATURES_ONE_LAYER)
        await pilot.pause()
        settings = screen.state.settings
        assert settings.dataset_name == "spirals"
        assert settings.hidden == (16,) and settings.features == (
            "x1",
            "x2",
            "sin1",
            "sin2",
        )
        await train_to_the_end(pilot, screen)
        report = screen.state.snapshot.report
        assert report.epoch == settings.epochs
        assert report.accuracy is not None and report.test_accuracy is not None
        assert report.accuracy >= 0.97 and report.test_accuracy >= 0.95
        status = str(screen.query_one("#dead-status").render())
        assert f"accuracy {100 * report.accuracy:.0f}%" in status

        await pilot.press(*DEEPER_NO_FEATURES)
        await pilot.pause()
        settings = screen.state.settings
        assert settings.hidden == (16, 16, 16) and settings.features == ("x1", "x2")
        await train_to_the_end(pilot, screen)
        report = screen.state.snapshot.report
        assert report.epoch == settings.epochs
        assert report.accuracy is not None and report.test_accuracy is not None
        assert report.accuracy >= 0.97 and report.test_accuracy >= 0.95
