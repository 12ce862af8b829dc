"""The Weights view's text (weight_matrix.py) and its cursor and edits (weights_view.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.dead import weights_view
from relu_tui.lessons.dead.dying import DeadSettings
from relu_tui.lessons.dead.figures import plain
from relu_tui.lessons.dead.state import DeadState
from relu_tui.lessons.dead.weight_matrix import (
    cell_text,
    column_names,
    layer_count,
    layer_matrix,
    matrix_layout,
    matrix_rows,
    parse_weight,
    row_names,
)
from relu_tui.nn.features import parse_features
from relu_tui.nn.network import Architecture, Network, init_network

CELL = re.compile(r"(?<![\w.])([+-]\d+\.\d\d)")
"""A printed weight: the sign, then 2 decimals."""


def _state(**settings: float) -> DeadState:
    base = DeadSettings()
    for name, value in settings.items():
        base = base.with_param(name, value)
    return DeadState(settings=base)


def _shown(network: Network, layer: int, row: int, col: int, w: int, h: int) -> dict:
    """(unit, input) -> the value printed, for the page holding (row, col)."""
    rows = matrix_rows(network, layer, row, col, w, h, ascii_only=True).copy()
    text = plain(rows).split("\n")
    names_r, names_c = row_names(network, layer), column_names(network, layer)
    header = text[1].split()
    shown = {}
    for line in text[2:]:
        label = line[: matrix_layout(network, layer, w, h).label].strip()
        if label not in names_r:
            continue
        values = CELL.findall(line)
        assert len(values) == len(header)
        for name, value in zip(header, values, strict=True):
            shown[(names_r.index(label), names_c.index(name))] = float(value)
    return shown


@pytest.mark.parametrize("size", [(44, 20), (86, 36), (30, 10)])
def test_every_weight_shown_equals_the_core_to_two_decimals(size: tuple[int, int]) -> None:
    """Paging through each layer by the cursor shows every weight and bias exactly once,
    each equal to the network's value to the 2 printed decimals."""
    network = DeadState().snapshot.network
    w, h = size
    for layer in range(layer_count(network)):
        matrix = layer_matrix(network, layer)
        lay = matrix_layout(network, layer, w, h)
        seen: dict = {}
        for row in range(0, matrix.shape[0], lay.rows):
            for col in range(0, matrix.shape[1], lay.cols):
                page = _shown(network, layer, row, col, w, h)
                assert not set(page) & set(seen)
                seen.update(page)
        assert set(seen) == {(r, c) for r in range(matrix.shape[0]) for c in range(matrix.shape[1])}
        for (r, c), value in seen.items():
            assert value == pytest.approx(matrix[r, c], abs=0.005 + 1e-12)


def test_the_matrix_is_the_torch_layout_with_the_bias_last() -> None:
    network = DeadState().snapshot.network
    np.testing.assert_array_equal(layer_matrix(network, 1)[:, :-1], network.weights[1])
    np.testing.assert_array_equal(layer_matrix(network, 1)[:, -1], network.biases[1])


def test_columns_name_the_features_then_the_units_and_the_bias() -> None:
    settings = DeadSettings().with_features(parse_features("x1,x2,sin1,sin2"))
    network = DeadState(settings=settings).snapshot.network
    assert column_names(network, 0) == ("x1", "x2", "sin1", "sin2", "b")
    assert column_names(network, 1)[:2] == ("u1", "u2")
    assert row_names(network, layer_count(network) - 1) == ("out1", "out2")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.5312, "+0.53"), (-0.004, "-0.00"), (-1.25, "-1.25"), (12.345, "+12.3"), (-250.0, "-2e2")],
)
def test_the_sign_is_always_printed(value: float, text: str) -> None:
    assert cell_text(value, 1.0, ascii_only=True)[:5].strip() == text


def test_the_size_glyph_grows_with_the_magnitude() -> None:
    glyphs = [cell_text(v, 1.0, ascii_only=True)[-1] for v in (0.05, 0.3, 0.6, -1.0)]
    assert glyphs == [".", "=", "*", "@"]
    assert cell_text(0.0, 1.0, ascii_only=True)[-1] == " "


@pytest.mark.parametrize("ascii_only", [True, False])
def test_rows_fit_the_width_and_ascii_is_ascii(ascii_only: bool) -> None:
    network = DeadState().snapshot.network
    for layer in range(layer_count(network)):
        units = layer_matrix(network, layer).shape[0]
        text = plain(
            matrix_rows(
                network,
                layer,
                5,
                9,
                44,
                20,
                ascii_only=ascii_only,
                message="x" * 70,
                dead=(True,) * units,
            )
        )
        assert "u1! " in text or "out1" in text
        lines = text.split("\n")
        assert len(lines) <= 20
        assert all(len(line) <= 44 for line in lines)
        if ascii_only:
            assert text.isascii()


def test_the_selected_cell_is_bracketed_and_named_in_full() -> None:
    network = DeadState().snapshot.network
    text = plain(matrix_rows(network, 0, 2, 1, 44, 20, ascii_only=True))
    value = float(layer_matrix(network, 0)[2, 1])
    assert f"[{cell_text(value, 1, ascii_only=True)[:5]}" in text
    assert "L1 u3 <- x2 = " in text
    assert text.count("[") == 1


def test_the_cursor_stops_at_the_edges_and_follows_the_layer() -> None:
    state = weights_view.moved(_state(), -3, -3)
    assert state.weight_cell == (0, 0)
    state = weights_view.moved(state, 100, 100)
    assert weights_view.selected(state) == (0, 15, 2)  # 16 units, x1 x2 b
    state = replace(state, view="weights").with_layer(1)
    assert weights_view.selected(state) == (1, 15, 2)
    state = weights_view.moved(state, 0, 100)
    assert weights_view.selected(state) == (1, 15, 16)


def test_brackets_reach_the_output_layer_in_the_weights_view_only() -> None:
    state = replace(_state(), view="weights")
    assert state.with_layer(3).layer == 3  # hidden 0-2, the output 3
    assert state.with_layer(4).layer == 0
    assert replace(state, view="units").with_layer(3).layer == 0


def _trainer(state: DeadState):
    return state.settings.trainer(state.data, network=state.snapshot.network)


def test_an_edit_sets_that_weight_in_the_run_and_reports_on_it() -> None:
    state = weights_view.moved(_state(), 3, 1)
    trainer = _trainer(state)
    before = state.snapshot.network
    new, error = weights_view.edit_weight(state, trainer, weights_view.typed("2.5"))
    assert error is None
    after = new.snapshot.network
    assert after.weights[0][3, 1] == 2.5
    assert np.flatnonzero(after.theta != before.theta).size == 1
    np.testing.assert_array_equal(trainer.network.theta, after.theta)
    assert new.snapshot.report.loss == pytest.approx(
        after.loss(trainer.x, trainer.y, "cross_entropy")
    )
    assert new.snapshot.generation == state.snapshot.generation
    assert "L1 u4 <- x2: " in new.message and "loss" in new.message


def test_a_nudge_adds_the_step() -> None:
    state = _state()
    old = weights_view.selected_value(state)
    new, _ = weights_view.edit_weight(state, _trainer(state), weights_view.nudge(-0.1))
    assert weights_view.selected_value(new) == pytest.approx(old - 0.01)


def test_editing_is_refused_while_training_and_keeps_the_network() -> None:
    state = _state().started()
    new, error = weights_view.edit_weight(state, _trainer(state), weights_view.nudge(1))
    assert error == weights_view.PAUSE_FIRST
    assert new is state


def test_editing_waits_for_the_trainer() -> None:
    _, error = weights_view.edit_weight(_state(), None, weights_view.nudge(1))
    assert error is not None and "stopping" in error


def test_a_fresh_run_discards_the_edits() -> None:
    state = _state()
    edited, _ = weights_view.edit_weight(state, _trainer(state), weights_view.typed("9"))
    assert weights_view.selected_value(edited.restarted()) == weights_view.selected_value(state)


@pytest.mark.parametrize("text", ["abc", "1e999", "101", "-100.5", ""])
def test_a_typed_weight_must_be_a_number_within_the_limit(text: str) -> None:
    with pytest.raises(InputError):
        parse_weight(text)


def test_a_regression_net_has_one_output_named_out() -> None:
    network = init_network(Architecture((1, 3, 1)), np.random.default_rng(0))
    assert row_names(network, 1) == ("out",)
    assert column_names(network, 0) == ("x", "b")


def test_print_weights_view_prints_every_weight_of_the_trained_net() -> None:
    """`--print dead --view weights`: every layer's matrix, all of it, equal to the trained
    network's weights to 2 decimals; ASCII only."""
    from relu_tui.lessons.dead.dying import run_settings
    from relu_tui.lessons.dead.printout import render
    from relu_tui.lessons.launch import LaunchOptions

    options = LaunchOptions(
        screen="dead", width=80, height=16, ascii=True, color=False, settings={"epochs": 30}
    )
    text = render(options)
    assert "Weights" not in text.split("\n")[0]  # the default printout is unchanged
    text = render(replace(options, settings={"epochs": 30, "view": "weights"}))
    assert text.isascii()
    network = run_settings(DeadSettings().with_values(epochs=30), 0).network
    values = [float(v) for v in CELL.findall(text)]
    expected = np.concatenate(
        [layer_matrix(network, layer).ravel(order="F") for layer in range(layer_count(network))]
    )
    assert len(values) == expected.size
    got = sorted(values)
    np.testing.assert_allclose(got, sorted(np.round(expected, 2)), atol=0.0051)
