"""`relu-tui demo`: every step's action exists, the lesson reaches the seeds' states, keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.actions import parse as parse_action
from textual.widgets import Header

from relu_tui.base import progress
from relu_tui.cli import main as cli
from relu_tui.lessons.catalog import LESSONS as LESSON_DESCRIPTIONS
from relu_tui.lessons.catalog import SCREENS
from relu_tui.ui.app import ReluApp
from relu_tui.ui.demo import (
    END_CAPTION,
    STEPS,
    Act,
    DemoCaption,
    DemoDriver,
    SetParam,
    Until,
    alternatives,
    bound_actions,
)
from relu_tui.ui.widgets.param_panel import ParamPanel


@pytest.fixture(autouse=True)
def _writes_resume() -> Iterator[None]:
    """The demo holds progress writes for its process; give them back after each test."""
    yield
    progress.hold_writes(False)


LESSONS = tuple(LESSON_DESCRIPTIONS)
"""The five lesson screens (the exercises list is not part of the demo)."""


def test_every_step_action_is_one_of_its_screen_s_bindings() -> None:
    """Each move is an action a key runs on that screen (or its parameter panel, or the app):
    a screen reworked so an action is gone fails here, naming the step."""
    panel_actions = {parse_action(a)[1] for a in bound_actions(ParamPanel)}
    app_actions = bound_actions(ReluApp)
    for number, step in enumerate(STEPS, 1):
        screen_actions = bound_actions(SCREENS[step.screen].load_screen())
        assert f"open_screen('{step.screen}')" in app_actions
        for move in (*step.setup, *step.moves):
            where = f"step {number} ({step.screen}): {move}"
            if isinstance(move, SetParam):
                assert {"select", "nudge"} <= panel_actions, where
            elif isinstance(move, Act) and move.target == "app":
                assert set(alternatives(move.action)) & app_actions, where
            elif isinstance(move, Act | Until):
                assert set(alternatives(move.action)) & screen_actions, where


def test_the_lesson_covers_all_five_screens_in_about_twenty_captions_that_fit_80_columns() -> None:
    """~20 steps, all five lesson screens, one line each at 80 columns with the count."""
    assert 16 <= len(STEPS) <= 24
    assert {step.screen for step in STEPS} == set(LESSONS)
    for number, step in enumerate(STEPS, 1):
        assert len(f" {number}/{len(STEPS)} {step.caption} ") <= 80, step.caption
        assert step.caption.isascii()


async def _run_demo(
    app: ReluApp, driver: DemoDriver, pilot: Any, until: int, seconds: float = 90
) -> None:
    for _ in range(int(seconds * 10)):
        if driver.index >= until and driver.settled:
            return
        await pilot.pause(0.1)
    raise AssertionError(f"the demo stopped at step {driver.index + 1}: {driver.error}")


async def test_the_demo_plays_the_seeds_on_the_real_screens(_isolated_state: Path) -> None:
    """Played fast at 80x24: each step leaves its screen in the state its caption names,
    all five screens are shown, and nothing is written to saved progress."""
    seen: dict[int, dict[str, Any]] = {}
    app = ReluApp(start="activations")
    driver = DemoDriver(app, pace=0.05)

    def record(index: int) -> None:
        screen = driver._screen()
        seen[index] = {
            "screen": app.current_mode,
            "caption": str(screen.query_one(DemoCaption).render()),
            "screen_obj": screen,
        }
        name = app.current_mode
        if name == "dosage":
            seen[index]["stage"] = screen.state.stage
        elif name == "puzzle":
            seen[index]["solved"] = screen.state.solved
            seen[index]["level"] = screen.state.level.key
        elif name == "dead":
            state = screen.state if hasattr(screen, "state") else screen
            seen[index].update(
                weights=state.weights,
                lr=state.settings.lr,
                activation=state.settings.activation,
                view=state.view,
            )
        elif name == "approx":
            seen[index].update(units=screen.fit_state.units, view=screen.view)
        elif name == "activations":
            seen[index].update(view=screen.state.view, grad=screen.state.show_grad)

    driver.on_step = record
    driver.attach()
    async with app.run_test(size=(80, 24)) as pilot:
        await _run_demo(app, driver, pilot, len(STEPS) - 1)
        await pilot.pause(0.3)
        assert driver.error is None
        assert driver.visited == list(LESSONS)
        assert str(driver._screen().query_one(DemoCaption).render()) == END_CAPTION
    by_caption = {i: STEPS[i].caption for i in seen}
    assert sorted(seen) == list(range(len(STEPS))), by_caption
    for index, facts in seen.items():
        assert facts["screen"] == STEPS[index].screen
        assert STEPS[index].caption in facts["caption"]
    assert seen[1]["grad"] is True
    assert [seen[i]["view"] for i in (0, 2, 3, 4)] == ["table", "compare", "why", "linear"]
    assert [seen[i]["stage"] for i in (5, 6, 7, 8)] == [1, 3, 5, 7]
    assert seen[9]["level"] == "1" and not seen[9]["solved"]
    assert not seen[10]["solved"] and seen[11]["solved"]
    assert seen[12]["weights"] == (-5.0, -3.0, -2.0) and seen[12]["view"] == "neuron"
    assert seen[13]["lr"] == pytest.approx(1.0) and seen[13]["activation"] == "relu"
    assert seen[14]["activation"] == "leaky_relu" and seen[14]["lr"] == pytest.approx(1.0)
    assert [seen[i]["units"] for i in (15, 16, 17)] == [1, 5, 100]
    assert seen[18]["view"] == "train-view"
    assert not (_isolated_state / "relu-tui" / "puzzle.json").exists()


async def test_space_pauses_n_and_p_step_escape_hands_over() -> None:
    """space holds the lesson (the caption says so), n/p move while it stays paused, escape
    gives the keys back: the header returns and 'n' then drives the dosage screen."""
    app = ReluApp(start="activations")
    driver = DemoDriver(app, pace=30).attach()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        assert driver.running and driver.index == 0
        await pilot.press("space")
        assert driver.paused
        assert "PAUSED" in str(driver._screen().query_one(DemoCaption).render())
        for _ in range(5):
            await pilot.press("n")
        for _ in range(60):
            await pilot.pause(0.1)
            if driver.index == 5 and driver.paused and app.current_mode == "dosage":
                break
        assert driver.index == 5 and driver.paused and app.current_mode == "dosage"
        await pilot.press("p")
        for _ in range(60):
            await pilot.pause(0.1)
            if driver.index == 4 and driver.paused and app.current_mode == "activations":
                break
        assert driver.index == 4 and app.current_mode == "activations"
        await pilot.press("n")
        for _ in range(60):
            await pilot.pause(0.1)
            if app.current_mode == "dosage" and driver.paused:
                break
        screen = app.screen
        stage = screen.state.stage
        await pilot.press("escape")
        await pilot.pause()
        assert not driver.running
        assert not screen.query(DemoCaption)
        assert screen.query_one(Header).display
        await pilot.press("n")  # now the dosage screen's own key: next stage
        await pilot.pause()
        assert screen.state.stage == stage + 1


async def test_escape_closes_help_first_and_the_demo_goes_on() -> None:
    """With help open, escape closes help; the demo keeps running."""
    from relu_tui.ui.help import HelpScreen

    app = ReluApp(start="activations")
    driver = DemoDriver(app, pace=30).attach()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert driver.running


async def test_loop_starts_over_after_the_last_step() -> None:
    """--loop: after the last step the lesson begins again at step 1."""
    app = ReluApp(start="activations")
    steps = (STEPS[0], STEPS[5])
    driver = DemoDriver(app, pace=0.2, loop=True, steps=steps)
    order: list[int] = []
    driver.on_step = order.append
    driver.attach()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if len(order) >= 3:
                break
    assert order[:3] == [0, 1, 0]


def test_demo_needs_a_terminal_and_takes_no_screen(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a terminal: one line; a SCREEN or a bad --pace: one-line usage errors."""
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert cli.main(["demo"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "relu-tui: the demo needs a terminal (or `relu-tui serve demo`)"
    ]
    for argv in (["demo", "dosage"], ["demo", "--pace", "0"], ["demo", "--pace", "x"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        assert exit_info.value.code == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
