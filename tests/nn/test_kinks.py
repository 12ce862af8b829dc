"""Exact kinks of 1-D networks against a dense-sampling check of the slope."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.nn.kinks import kinks, relu_sum_kinks, sum_network
from relu_tui.nn.model import Architecture, init_network


def test_the_puzzle_units_bend_where_they_switch() -> None:
    """The lab's units (w, b) = (-2, 2), (1, -1), (2, -4) switch at x = 1 and 2:
    slopes -2, 1, 3 (2 kinks, 3 pieces on [0, 3]) and the line y = 3x - 5 beyond x = 2."""
    k = kinks(sum_network(((-2.0, 2.0, 1.0), (1.0, -1.0, 1.0), (2.0, -4.0, 1.0))), 0.0, 3.0)
    assert k.in_range.tolist() == pytest.approx([1.0, 2.0])
    assert k.slopes.tolist() == pytest.approx([-2.0, 1.0, 3.0])
    assert k.pieces == 3
    assert k.extrapolation() == "beyond x = 2 the ReLU net is the straight line y = 3 x - 5."


def test_a_switch_that_bends_nothing_is_no_kink() -> None:
    """Two units that switch at the same x with opposite output weights cancel: the unit
    switches there, but the sum stays one straight line (0 kinks, 1 piece)."""
    k = kinks(sum_network(((1.0, -1.0, 1.0), (1.0, -1.0, -1.0))), 0.0, 3.0)
    assert k.switches.tolist() == pytest.approx([1.0])
    assert k.pieces == 1
    assert "everywhere" in k.extrapolation()


def test_shifted_relu_sums_have_hinges_plus_one_pieces() -> None:
    """c + m·x + sum w_i·ReLU(x - h_i) with 5 hinges inside the range: 6 pieces; a hinge of
    weight 0 bends nothing."""
    knots = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
    k = relu_sum_kinks(1.0, 2.0, knots, np.array([1.0, -2.0, 0.5, 3.0, -1.0]), 0.0, 3.0)
    assert k.pieces == 6
    x = np.linspace(-2, 5, 701)
    expected = 1.0 + 2.0 * x + np.maximum(x[:, None] - knots, 0) @ [1.0, -2.0, 0.5, 3.0, -1.0]
    np.testing.assert_allclose(k.value(x), expected, atol=1e-12)
    flat = relu_sum_kinks(0.0, 1.0, knots, np.array([1.0, 0.0, 1.0, 0.0, 1.0]), 0.0, 3.0)
    assert flat.pieces == 4


def test_bad_ranges_and_shapes_are_refused() -> None:
    """An empty range, a 2-input net or a smooth activation is a ValueError."""
    rng = np.random.default_rng(0)
    net = init_network(Architecture((1, 4, 1)), rng)
    with pytest.raises(ValueError):
        kinks(net, 1.0, 1.0)
    with pytest.raises(ValueError):
        kinks(init_network(Architecture((2, 4, 1)), rng), 0.0, 1.0)
    with pytest.raises(ValueError, match="smooth"):
        kinks(init_network(Architecture((1, 4, 1), "tanh"), rng), 0.0, 1.0)


@settings(max_examples=80, deadline=None)
@given(
    widths=st.lists(st.integers(1, 8), min_size=1, max_size=3),
    activation=st.sampled_from(["relu", "leaky_relu", "relu6", "hardtanh"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_kinks_match_the_sampled_slope(widths: list[int], activation: str, seed: int) -> None:
    """On a fine grid the finite-difference slope is constant between kinks and changes
    across each kink; the pieces reproduce the network; the tail line holds far beyond."""
    arch = Architecture((1, *widths, 1), activation)
    net = init_network(arch, np.random.default_rng(seed), init="torch")
    lo, hi = -3.0, 3.0
    k = kinks(net, lo, hi)
    x = np.linspace(lo, hi, 6001)
    y = net.predict(x)
    np.testing.assert_allclose(k.value(x), y, atol=1e-9)
    slope = np.diff(y) / np.diff(x)
    has_kink = np.zeros(len(slope), dtype=bool)
    cell = np.searchsorted(x, k.in_range) - 1
    has_kink[np.clip(cell, 0, len(slope) - 1)] = True
    has_kink[np.clip(cell + 1, 0, len(slope) - 1)] = True
    both_clean = ~has_kink[:-1] & ~has_kink[1:]
    jumps = np.abs(np.diff(slope)) > 1e-6 * max(1.0, float(np.abs(slope).max()))
    assert not np.any(jumps & both_clean)
    # Across each kink (cells clear of other kinks) the slope differs.
    for edge in k.in_range:
        left = slope[(x[1:] < edge) & (x[1:] > edge - 0.01)]
        right = slope[(x[:-1] > edge) & (x[:-1] < edge + 0.01)]
        if left.size and right.size and np.ptp(left) < 1e-9 and np.ptp(right) < 1e-9:
            assert abs(left[-1] - right[0]) > 1e-9
    far = np.linspace(max(k.tail_start, hi), max(k.tail_start, hi) + 1000.0, 50)
    s, c = k.tail
    np.testing.assert_allclose(net.predict(far), s * far + c, rtol=1e-9, atol=1e-9)


def test_a_notebook_net_is_a_straight_line_beyond_its_last_kink() -> None:
    """seed 003's 1 -> 8 -> 8 -> 1 ReLU net: beyond its last kink it is the line the
    sentence names, checked on x = 100 ... 200."""
    net = init_network(Architecture((1, 8, 8, 1)), np.random.default_rng(42), init="torch")
    k = kinks(net, 1.0, 99.0)
    x = np.arange(100.0, 201.0)
    s, c = k.tail
    assert k.tail_start < 100
    np.testing.assert_allclose(net.predict(x), s * x + c, rtol=1e-12, atol=1e-12)


def test_compact_sentence_names_the_tail_line() -> None:
    """The one-line form used beside the plots: 'beyond x = 2: ReLU net y = 3 x - 5'."""
    k = kinks(sum_network(((-2.0, 2.0, 1.0), (1.0, -1.0, 1.0), (2.0, -4.0, 1.0))), 0.0, 3.0)
    assert k.extrapolation(compact=True) == "beyond x = 2: ReLU net y = 3 x - 5"
