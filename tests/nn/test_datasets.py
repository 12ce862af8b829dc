"""Datasets: shapes, labels, seeds, and each task's defining geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from relu_tui.nn.datasets import DATASETS, make_dataset


@pytest.mark.parametrize("name", list(DATASETS))
def test_shapes_tasks_and_domain(name: str) -> None:
    """1-D regression is (n, 1) → float, 2-D regression (n, 2) → float; classification is
    (n, 2) → labels 0/1 (half each but XOR); the 2-D sets lie in the playground's square."""
    data = make_dataset(name, np.random.default_rng(0), n=120)
    assert data.x.shape[0] == data.y.shape[0] == 120
    assert np.all(np.isfinite(data.x))
    if data.task == "regression":
        assert data.x.shape == (120, len(data.domain)) and data.y.dtype == np.float64
        assert data.loss == "mse" and data.n_out == 1
    else:
        assert data.x.shape == (120, 2) and data.y.dtype.kind == "i"
        counts = np.bincount(data.y).tolist()
        if name == "xor":  # labels come from uniform points' quadrants: roughly balanced
            assert len(counts) == 2 and min(counts) >= 40
        else:
            assert counts == [60, 60]
        assert data.loss == "cross_entropy" and data.n_out == 2
        assert data.domain == ((-6.0, 6.0), (-6.0, 6.0))
        assert np.all(np.abs(data.x) <= 6.0)  # the playground's square
    for column, (lo, hi) in zip(data.x.T, data.domain, strict=True):
        assert lo <= column.min() + 0.2 and column.max() - 0.2 <= hi


@pytest.mark.parametrize("name", list(DATASETS))
def test_same_seed_same_samples(name: str) -> None:
    """The generator fixes the samples; another seed changes them."""
    a = make_dataset(name, np.random.default_rng(5))
    b = make_dataset(name, np.random.default_rng(5))
    c = make_dataset(name, np.random.default_rng(6))
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)


def test_regression_targets_follow_their_function() -> None:
    """Without noise y is exactly x² on [-2, 2] and sin x on [-pi, pi]."""
    sq = make_dataset("x2", np.random.default_rng(0), noise=0.0)
    np.testing.assert_allclose(sq.y, sq.x[:, 0] ** 2)
    sine = make_dataset("sin", np.random.default_rng(0), noise=0.0)
    np.testing.assert_allclose(sine.y, np.sin(sine.x[:, 0]))
    assert sine.domain == ((-math.pi, math.pi),)


def test_xor_labels_are_the_quadrant_sign() -> None:
    """Without noise, class 1 is exactly where x·y > 0."""
    data = make_dataset("xor", np.random.default_rng(0), noise=0.0)
    np.testing.assert_array_equal(data.y, (data.x[:, 0] * data.x[:, 1] > 0).astype(int))


def test_circles_separate_by_radius() -> None:
    """Without noise, class 1 (the playground's +1) lies inside radius 2.5, class 0 outside
    3.5."""
    data = make_dataset("circles", np.random.default_rng(0), noise=0.0)
    r = np.hypot(data.x[:, 0], data.x[:, 1])
    assert r[data.y == 1].max() <= 2.5
    assert r[data.y == 0].min() >= 3.5


def test_spirals_are_point_symmetric() -> None:
    """Without noise the second spiral is the first rotated by pi."""
    data = make_dataset("spirals", np.random.default_rng(0), noise=0.0)
    np.testing.assert_allclose(data.x[data.y == 1], -data.x[data.y == 0], atol=1e-12)


def test_blobs_sit_on_the_diagonal() -> None:
    """The two Gaussians are centred near (2, 2) and (-2, -2)."""
    data = make_dataset("blobs", np.random.default_rng(0), n=400)
    np.testing.assert_allclose(data.x[data.y == 1].mean(axis=0), [2, 2], atol=0.2)
    np.testing.assert_allclose(data.x[data.y == 0].mean(axis=0), [-2, -2], atol=0.2)


@pytest.mark.parametrize(
    ("name", "n", "noise"),
    [("moons", 100, 0.1), ("xor", 2, 0.1), ("xor", 100, -1.0), ("xor", 100, math.nan)],
)
def test_bad_requests_raise(name: str, n: int, noise: float) -> None:
    """Unknown names, too few samples and bad noise are refused."""
    with pytest.raises(ValueError):
        make_dataset(name, np.random.default_rng(0), n=n, noise=noise)
