"""The Weights view driven by keys at 80x24: the cursor, nudges and typed values change
exactly the selected weight of the run on screen (and the map drawn from it), refused while
training; a reset discards the edits."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.lessons.dead import weights_view
from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.lessons.dead.state import VIEWS
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.cell_grid import CellGrid
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.rows_view import RowsView
from tests.ui.test_random_keys import Step, send_burst

TO_WEIGHTS = ("v",) * VIEWS.index("weights")
"""From the Neuron view to the Weights view."""


def screen_of(app: ReluApp) -> DeadScreen:
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    return screen


def only_change(before: np.ndarray, after: np.ndarray) -> list[int]:
    return np.flatnonzero(before != after).tolist()


def theta_index(screen: DeadScreen, layer: int, unit: int, source: int) -> int:
    """Where weight (unit, source) of `layer` lives in theta (found by editing a copy)."""
    network = screen.state.snapshot.network
    marked = network.with_weight(layer, unit, source, 123.0)
    (index,) = only_change(network.theta, marked.theta)
    return index


async def test_the_view_takes_the_keys_and_shows_the_selected_weight() -> None:
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS)
        await pilot.pause()
        assert screen.state.view == "weights"
        grid = screen.query_one("#weights-grid", CellGrid)
        assert grid.has_focus
        await pilot.press("down", "down", "right")
        assert weights_view.selected(screen.state) == (0, 2, 1)
        await pilot.pause()
        value = screen.state.snapshot.network.weights[0][2, 1]
        assert f"L1 u3 <- x2 = {weights_view.fmt(float(value), 6)}" in str(grid.render())


async def test_plus_and_minus_nudge_exactly_that_weight_in_the_core() -> None:
    """+ adds 0.1, shift+left takes 0.01, to weight (unit 2, x2) of layer 1 and nothing else;
    the paused trainer goes on from the edited parameters."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS, "down", "right")
        before = screen.state.snapshot.network
        index = theta_index(screen, 0, 1, 1)
        await pilot.press("plus")
        after = screen.state.snapshot.network
        assert only_change(before.theta, after.theta) == [index]
        assert after.theta[index] == pytest.approx(before.theta[index] + 0.1)
        await pilot.press("shift+left")
        assert screen.state.snapshot.network.theta[index] == pytest.approx(
            before.theta[index] + 0.09
        )
        trainer = screen._trainer
        assert trainer is not None
        np.testing.assert_array_equal(trainer.network.theta, screen.state.snapshot.network.theta)
        assert screen.state.snapshot.report.loss == pytest.approx(trainer.report().loss)


async def test_a_typed_output_bias_changes_the_map_and_typing_back_restores_it() -> None:
    """Typing 8 into out2's bias turns the output map over; typing the old value back
    draws the map of the first network again: the map is the edited network's."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("v")  # the Train view
        await pilot.pause()
        map_view = screen.query_one("#output-map", RowsView)
        first = str(map_view.render())
        await pilot.press(*TO_WEIGHTS[1:], "right_square_bracket", "right_square_bracket")
        await pilot.press("right_square_bracket", "down", *("right",) * 20)
        assert weights_view.selected(screen.state) == (3, 1, 16)  # output, out2, bias
        old = weights_view.selected_value(screen.state)
        before = screen.state.snapshot.network
        await pilot.press("enter")
        prompt = screen.query_one("#weight-prompt", InlinePrompt)
        assert prompt.is_open
        prompt.value = "8"
        await pilot.press("enter")
        assert not prompt.is_open
        assert screen.query_one("#weights-grid", CellGrid).has_focus
        after = screen.state.snapshot.network
        assert after.biases[-1][1] == 8.0
        assert len(only_change(before.theta, after.theta)) == 1
        await pilot.press(*("V",) * 3)
        await pilot.pause()
        assert screen.state.view == "train"
        edited_map = str(map_view.render())
        assert edited_map != first
        await pilot.press(*TO_WEIGHTS[1:], "enter")
        prompt.value = repr(old)
        await pilot.press("enter")
        np.testing.assert_array_equal(screen.state.snapshot.network.theta, before.theta)
        await pilot.press(*("V",) * 3)
        await pilot.pause()
        assert str(map_view.render()) == first


async def test_a_typed_value_that_is_not_a_number_keeps_the_weight() -> None:
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS, "enter")
        prompt = screen.query_one("#weight-prompt", InlinePrompt)
        before = screen.state.snapshot.network
        prompt.value = "abc"
        await pilot.press("enter")
        assert prompt.is_open and "not a number" in prompt.note
        prompt.value = "500"
        await pilot.press("enter")
        assert prompt.is_open and "100" in prompt.note
        assert screen.state.snapshot.network is before
        await pilot.press("escape")
        assert not prompt.is_open


@pytest.mark.usefixtures("stepped_training")
async def test_editing_is_refused_while_training_and_works_once_paused() -> None:
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS, "space")
        await pilot.pause()
        assert screen.state.running and screen.state.view == "weights"
        before = screen.state.snapshot.network
        await pilot.press("plus", "minus", "enter")
        assert screen.state.snapshot.network is before
        assert screen.state.message == weights_view.PAUSE_FIRST
        assert not screen.query_one("#weight-prompt", InlinePrompt).is_open
        assert any("pause" in n.message for n in app._notifications)
        await pilot.press("down")  # the cursor still moves
        assert screen.state.weight_cell == (1, 0)
        await pilot.press("space")
        await pilot.pause()
        assert not screen.state.running
        await pilot.press("plus")
        assert screen.state.snapshot.network.weights[0][1, 0] == pytest.approx(
            before.weights[0][1, 0] + 0.1
        )


async def test_a_reset_discards_the_edits() -> None:
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS)
        first = screen.state.snapshot.network.theta.copy()
        await pilot.press("plus", "plus", "down", "minus")
        assert not np.array_equal(screen.state.snapshot.network.theta, first)
        await pilot.press("r")
        await pilot.pause()
        np.testing.assert_array_equal(screen.state.snapshot.network.theta, first)


async def test_ascii_weights_view_draws_only_ascii() -> None:
    app = ReluApp(start="dead", ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TO_WEIGHTS, "plus")
        await pilot.pause()
        text = str(screen_of(app).query_one("#weights-grid", CellGrid).render())
        assert text.isascii() and "L1 u1 <- x1" in text


async def test_a_burst_of_keys_applies_in_order() -> None:
    """] then down and + at once (a fast typist, keys sent together over SSH): the nudge
    lands on layer 2, as typed; enter then digits type into the field, not the app."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS)
        await pilot.pause()
        before = screen.state.snapshot.network
        index = theta_index(screen, 1, 1, 0)
        keys = ("right_square_bracket", "down", "plus", "enter", "2", "full_stop", "5", "enter")
        await send_burst(app, [Step(key=key) for key in keys])
        for _ in range(5):
            await pilot.pause()
        after = screen.state.snapshot.network
        assert only_change(before.theta, after.theta) == [index]
        assert after.theta[index] == 2.5
        assert isinstance(app.screen, DeadScreen)


async def test_opened_on_the_weights_view_the_keys_go_to_the_matrix() -> None:
    """`relu-tui dead --view weights`: + edits at once, no tab needed."""
    from relu_tui.lessons.launch import LaunchOptions

    app = ReluApp(start="dead", launch_options=LaunchOptions(settings={"view": "weights"}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.pause()
        assert screen.state.view == "weights"
        before = screen.state.snapshot.network.weights[0][0, 0]
        await pilot.press("plus")
        assert screen.state.snapshot.network.weights[0][0, 0] == pytest.approx(before + 0.1)


async def test_a_tall_terminal_shows_the_output_map_under_the_matrix() -> None:
    """At 120x40 the view draws the output map too, and an edit redraws it; at 80x24 the
    matrix keeps the rows."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(app)
        await pilot.press(*TO_WEIGHTS, *("right_square_bracket",) * 3, "right")
        await pilot.pause()
        output = screen.query_one("#weights-map", RowsView)
        assert output.display and output.region.height >= 12
        first = str(output.render())
        assert "x1" in first
        for _ in range(30):
            await pilot.press("plus")
        await pilot.pause()
        assert str(output.render()) != first
        await pilot.resize_terminal(80, 24)
        await pilot.press("left")
        await pilot.pause()
        assert not output.display or not output.region.height


async def test_a_unit_killed_by_its_bias_is_marked_dead_and_revived_by_typing() -> None:
    """Typing -50 into u2's bias in layer 1 kills it on the data (z < 0 for every sample):
    its row is marked '!' and the run's stats say so; typing 0 back revives it."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        grid = screen.query_one("#weights-grid", CellGrid)
        prompt = screen.query_one("#weight-prompt", InlinePrompt)
        await pilot.press(*TO_WEIGHTS, "down", "right", "right", "enter")
        assert weights_view.selected(screen.state) == (0, 1, 2)  # L1 u2's bias
        prompt.value = "-50"
        await pilot.press("enter")
        await pilot.pause()
        assert bool(screen.state.snapshot.stats[0].dead[1])
        text = str(grid.render())
        assert "u2!" in text and "(u2! dead)" in text
        await pilot.press("enter")
        prompt.value = "0"
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.state.snapshot.stats[0].dead[1]
        assert "u2!" not in str(grid.render())
