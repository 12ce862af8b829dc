"""The exact linear-region count: hand-derived cases, the grid cross-check, the bound."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.nn.model import Architecture, Network, init_network
from relu_tui.nn.regions import linear_regions, max_regions, pattern_grid, sampled_count

WINDOW = (-2.0, 2.0, -1.5, 1.5)


def _one_layer(w: np.ndarray, b: np.ndarray, activation: str = "relu") -> Network:
    arch = Architecture((2, len(b), 1), activation)
    return Network.from_layers(arch, [w, np.ones((1, len(b)))], [b, np.zeros(1)])


def _width(poly: np.ndarray) -> float:
    """The least width of a convex polygon (over its edges' normal directions)."""
    best = math.inf
    for i in range(len(poly)):
        edge = poly[(i + 1) % len(poly)] - poly[i]
        normal = np.array([-edge[1], edge[0]]) / np.hypot(*edge)
        d = (poly - poly[i]) @ normal
        best = min(best, float(d.max() - d.min()))
    return best


def test_one_unit_cuts_the_window_in_two() -> None:
    """A single unit whose line crosses the window makes 2 regions, areas summing to it."""
    net = _one_layer(np.array([[1.0, 1.0]]), np.array([0.1]))
    regions = linear_regions(net, WINDOW)
    assert regions.count == 2
    assert regions.areas().sum() == pytest.approx(12.0)
    assert sorted(regions.patterns[:, 0].tolist()) == [0, 1]


def test_a_unit_whose_line_misses_the_window_cuts_nothing() -> None:
    """z = x1 + 10 > 0 on the whole window: one region, the unit never off, no cut."""
    net = _one_layer(np.array([[1.0, 0.0]]), np.array([10.0]))
    regions = linear_regions(net, WINDOW)
    assert regions.count == 1
    assert regions.cuts.tolist() == [0]
    assert regions.dead_units == 0


def test_a_dead_unit_cuts_nothing_and_is_counted_dead() -> None:
    """z = -x1 - 10 < 0 on the whole window: the unit is dead there and cuts nothing."""
    net = _one_layer(np.array([[-1.0, 0.0], [1.0, 1.0]]), np.array([-10.0, 0.0]))
    regions = linear_regions(net, WINDOW)
    assert regions.count == 2
    assert regions.dead_units == 1
    assert regions.dead_share == pytest.approx(0.5)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 9])
def test_n_lines_in_general_position_make_1_plus_n_plus_n_choose_2(n: int) -> None:
    """n lines in general position inside a big window: 1 + n + n(n-1)/2 regions."""
    rng = np.random.default_rng(n)
    w, b = rng.normal(size=(n, 2)), rng.normal(size=n)
    corners = [np.linalg.solve(w[[i, j]], -b[[i, j]]) for i in range(n) for j in range(i)]
    big = 2.0 * max([1.0, *(float(np.abs(c).max()) for c in corners)])
    regions = linear_regions(_one_layer(w, b), (-big, big, -big, big))
    assert regions.count == 1 + n + n * (n - 1) // 2 == max_regions(2, (n,))


def test_lines_through_one_point_make_2n() -> None:
    """n lines through the origin (no biases) cut the plane into 2n sectors."""
    angles = np.linspace(0, np.pi, 5, endpoint=False)
    w = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    regions = linear_regions(_one_layer(w, np.zeros(5)), WINDOW)
    assert regions.count == 10


def test_a_duplicate_unit_adds_no_region() -> None:
    """Two units with the same line split along it once: 2 regions, not 3."""
    net = _one_layer(np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([0.3, 0.3]))
    assert linear_regions(net, WINDOW).count == 2


def test_leaky_relu_cuts_the_same_partition_for_one_layer() -> None:
    """Leaky ReLU switches on the same lines as ReLU."""
    rng = np.random.default_rng(3)
    w, b = rng.normal(size=(7, 2)), rng.normal(size=7)
    assert (
        linear_regions(_one_layer(w, b, "leaky_relu"), WINDOW).count
        == linear_regions(_one_layer(w, b), WINDOW).count
    )


def test_relu6_units_cut_along_both_breakpoints() -> None:
    """ReLU6 switches at z = 0 and z = 6: one unit with both lines in the window: 3 regions."""
    net = _one_layer(np.array([[4.0, 0.0]]), np.array([-1.0]), "relu6")
    regions = linear_regions(net, WINDOW)
    assert regions.count == 3
    assert sorted(regions.patterns[:, 0].tolist()) == [0, 1, 2]


def test_smooth_activations_have_no_regions() -> None:
    """Sigmoid bends everywhere: asking for its regions is a clear ValueError."""
    net = init_network(Architecture((2, 4, 1), "sigmoid"), np.random.default_rng(0))
    with pytest.raises(ValueError, match="smooth"):
        linear_regions(net, WINDOW)


def test_bad_windows_are_refused() -> None:
    """An empty or infinite window is a ValueError, not a hang."""
    net = _one_layer(np.array([[1.0, 1.0]]), np.array([0.1]))
    for window in [(1.0, 1.0, 0.0, 1.0), (0.0, math.inf, 0.0, 1.0)]:
        with pytest.raises(ValueError):
            linear_regions(net, window)


def test_a_deep_wide_net_is_partitioned_quickly_and_completely() -> None:
    """4 hidden layers of 32: the regions tile the window and the grid finds no extra one."""
    net = init_network(Architecture((2, 32, 32, 32, 32, 1)), np.random.default_rng(1), init="torch")
    regions = linear_regions(net, (-3.0, 3.0, -3.0, 3.0))
    assert regions.areas().sum() == pytest.approx(36.0)
    assert np.all(regions.areas() > 0)
    exact = {row.tobytes() for row in regions.patterns}
    assert len(exact) == regions.count
    sampled = {row.tobytes() for row in pattern_grid(net, regions.window, 150)}
    assert sampled <= exact


def _random_net(data: st.DataObject) -> Network:
    depth = data.draw(st.integers(1, 3))
    widths = tuple(data.draw(st.integers(1, 6)) for _ in range(depth))
    activation = data.draw(st.sampled_from(["relu", "leaky_relu", "relu6", "hardtanh"]))
    seed = data.draw(st.integers(0, 2**32 - 1))
    scale = data.draw(st.sampled_from([0.5, 1.0, 3.0]))
    arch = Architecture((2, *widths, 1), activation)
    net = init_network(arch, np.random.default_rng(seed), init="normal")
    theta = np.array(net.theta)
    theta += scale * np.random.default_rng(seed + 1).normal(size=theta.shape)
    return net.with_theta(theta)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_exact_count_holds_together_with_dense_sampling(data: st.DataObject) -> None:
    """On random small nets: the regions tile the window with distinct patterns; every
    pattern the grid meets is one of them (so the grid count is a lower bound); every region
    wide enough to hold a grid point is met; and the net is affine on each region."""
    net = _random_net(data)
    points = 241
    regions = linear_regions(net, WINDOW)
    assert regions.areas().sum() == pytest.approx(12.0, rel=1e-9)
    exact = [row.tobytes() for row in regions.patterns]
    assert len(set(exact)) == regions.count
    grid = {row.tobytes() for row in pattern_grid(net, WINDOW, points)}
    assert grid <= set(exact)
    assert sampled_count(net, WINDOW, points) <= regions.count
    # A convex region of width >= 2.2 grid steps holds a disc of radius >= step/sqrt(2)
    # (inradius >= width/3 in the plane), so a grid point.
    step = max(4.0, 3.0) / (points - 1)
    for key, poly in zip(exact, regions.polygons, strict=True):
        if _width(poly) >= 2.2 * step:
            assert key in grid
    # The network is one affine map on each region: the output at a fourth point inside is
    # the affine map through three others.
    rng = np.random.default_rng(0)
    for poly in regions.polygons[:20]:
        weights = rng.dirichlet(np.ones(len(poly)), size=4)
        pts = weights @ poly
        out = net.predict(pts)
        design = np.column_stack([pts[:3], np.ones(3)])
        if abs(np.linalg.det(design)) < 1e-9:
            continue
        coef = np.linalg.solve(design, out[:3])
        assert out[3] == pytest.approx(np.append(pts[3], 1.0) @ coef, rel=1e-6, abs=1e-6)


def test_the_bound_for_one_layer_is_zaslavskys() -> None:
    """One hidden layer of n units in 2-D: at most 1 + n + n(n-1)/2 regions."""
    for n in range(1, 20):
        assert max_regions(2, (n,)) == 1 + n + n * (n - 1) // 2


def test_the_serra_bound_by_hand() -> None:
    """2 inputs, layers (2, 2): j1 = 0 gives 1·(1+2+1), j1 = 1 gives 2·(1+2), j1 = 2 gives 1:
    4 + 6 + 1 = 11; a layer of width 1 caps every later layer at 2 pieces' worth."""
    assert max_regions(2, (2, 2)) == 11
    assert max_regions(2, (1, 8)) == 1 + (1 + 8)
    assert max_regions(1, (3, 3)) == 1 * (1 + 3) + 3 * (1 + 3)


def test_a_trained_nets_count_stays_below_the_bound() -> None:
    """Random deep nets never exceed the Serra bound."""
    for seed in range(5):
        arch = Architecture((2, 4, 4, 4, 1))
        net = init_network(arch, np.random.default_rng(seed), init="torch")
        assert linear_regions(net, (-5, 5, -5, 5)).count <= max_regions(2, arch.hidden)
