"""Unit maps and linear-region text: sizes, ASCII, dead marks, the exact line and counts."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.lessons.dead.figures import plain
from relu_tui.lessons.dead.maps import layer_equation, map_layout, unit_maps, window_of
from relu_tui.lessons.dead.regions_view import read_regions, region_rows, region_text
from relu_tui.lessons.dead.state import DeadState
from relu_tui.nn.datasets import make_dataset
from relu_tui.nn.model import Architecture, Network, init_network
from relu_tui.nn.regions import linear_regions

SPIRALS = make_dataset("spirals", np.random.default_rng(0))


def _net(sizes: tuple[int, ...] = (2, 16, 16, 2), activation: str = "relu") -> Network:
    return init_network(Architecture(sizes, activation), np.random.default_rng(0), init="torch")


def test_eight_maps_of_a_16_unit_layer_fit_80x24() -> None:
    """The Maps view's area at 80x24 (46 x 20) holds the big map and 8 small maps."""
    assert map_layout(44, 20).shown >= 8
    rows = unit_maps(_net(), window_of(SPIRALS.domain), 0, 0, 44, 20, ascii_only=False)
    text = plain(rows)
    assert len(rows) <= 20
    assert all(len(line) <= 44 for line in text.splitlines())
    assert all(f"u{u}" in text for u in range(1, 9)) and "pgdn" in text


def test_ascii_maps_draw_nothing_above_127() -> None:
    """--ascii: the shade ramp, dead marks and lines are ASCII."""
    dead = np.zeros(16, dtype=bool)
    dead[3] = True
    text = plain(
        unit_maps(_net(), window_of(SPIRALS.domain), 0, 3, 70, 30, dead=dead, ascii_only=True)
    )
    assert max(map(ord, text)) < 128
    assert "DEAD" in text and "u4 dead" in text and "xxxxxxxxxx" in text


def test_layer_one_zero_line_is_the_units_exact_line() -> None:
    """Layer 1's equation is w1 x1 + w2 x2 + b = 0 from the weights; the drawn line marks
    exactly the cells whose corners z changes sign across."""
    w = np.array([[1.0, -1.0]])
    net = Network.from_layers(Architecture((2, 1, 1)), [w, [[1.0]]], [[0.5], [0.0]])
    assert layer_equation(net, 0, 0) == "line: 1 x1 - 1 x2 + 0.5 = 0"
    rows = unit_maps(net, (-1.0, 1.0, -1.0, 1.0), 0, 0, 60, 20, ascii_only=True)
    big = [plain([row]).split("  ")[0] for row in rows[1:9]]
    assert any("/" in line for line in big)  # x2 = x1 + 0.5 rises to the right


def test_regions_text_is_the_core_count() -> None:
    """The view's count is linear_regions' count over the data's window."""
    net = _net()
    reading = read_regions(net, SPIRALS)
    exact = linear_regions(net, window_of(SPIRALS.domain))
    assert reading.count == exact.count
    assert reading.sampled <= exact.count
    assert reading.bound is not None and exact.count <= reading.bound
    text = plain(region_rows(reading, net, 60, 20, ascii_only=True))
    assert f"exact {exact.count}" in text
    assert max(map(ord, text)) < 128


def test_one_dimensional_data_gets_its_kinks() -> None:
    """On x^2 (1-D) the view gives the kinks and the extrapolation line."""
    data = make_dataset("x2", np.random.default_rng(0))
    net = _net((1, 8, 8, 1))
    lines = region_text(read_regions(net, data), net)
    assert "linear piece" in lines[0] and "straight line" in lines[1]


def test_smooth_activation_says_regions_are_not_defined() -> None:
    """tanh bends everywhere: no count, a sentence why."""
    net = _net((2, 8, 2), "tanh")
    reading = read_regions(net, SPIRALS)
    assert reading.count is None and "smooth" in reading.note


def test_too_many_regions_stop_with_a_note() -> None:
    """A wide, deep net over the limit gives the grid count and says why, without a hang."""
    with pytest.raises(OverflowError):
        linear_regions(_net((2, 64, 64, 64, 2)), window_of(SPIRALS.domain), limit=50)


def test_region_counts_follow_the_run() -> None:
    """A count is kept once per epoch, dropped for an older run, cleared by a fresh run."""
    state = DeadState()
    generation = state.snapshot.generation
    state = state.with_region_count(generation, 0, 10).with_region_count(generation, 0, 11)
    assert state.region_counts == ((0, 10),)
    assert state.with_region_count(generation + 5, 3, 12) is state
    state = state.with_region_count(generation, 4, 12)
    assert state.region_counts == ((0, 10), (4, 12))
    assert state.restarted().region_counts == ()


def test_unit_wraps_within_the_layer() -> None:
    """, and . wrap within the layer's width; a narrower layer clamps the unit."""
    state = DeadState().with_view("maps")
    assert state.with_unit(-1).unit == 15
    assert state.with_unit(17).unit == 1
