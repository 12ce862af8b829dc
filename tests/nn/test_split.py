"""Held-out splits: sizes, reproducibility, stratification, every class kept for training."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relu_tui.nn.datasets import make_dataset
from relu_tui.nn.split import split_dataset, split_indices


@given(n=st.integers(1, 500), fraction=st.floats(0.0, 0.9), seed=st.integers(0, 2**32 - 1))
def test_split_is_a_partition(n: int, fraction: float, seed: int) -> None:
    """Train and test are disjoint, cover 0..n-1, and at least one sample trains."""
    train, test = split_indices(n, fraction, seed)
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))
    assert train.size >= 1
    assert test.size == min(round(fraction * n), n - 1)


def test_same_seed_same_split_other_seed_other_split() -> None:
    """A split is a function of its seed."""
    a = split_indices(200, 0.3, 4)
    assert all(np.array_equal(u, v) for u, v in zip(a, split_indices(200, 0.3, 4), strict=True))
    assert not np.array_equal(a[1], split_indices(200, 0.3, 5)[1])


def test_classification_split_is_stratified() -> None:
    """0.3 of 200 spirals: 30 of each class held out, both classes train."""
    data = make_dataset("spirals", np.random.default_rng(0))
    split = split_dataset(data, 0.3, 0)
    assert split.test is not None
    assert np.bincount(split.test.y).tolist() == [30, 30]
    assert np.bincount(split.train.y).tolist() == [70, 70]
    assert split.train.n_classes == 2 and split.fraction == pytest.approx(0.3)


def test_a_tiny_class_keeps_one_training_sample() -> None:
    """0.9 of a class of 1 holds none of it out."""
    labels = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    train, test = split_indices(10, 0.9, 0, labels)
    assert 9 in train and labels[train].tolist().count(0) == 1


def test_fraction_zero_has_no_test_set() -> None:
    """No held-out data: the test part is None and the training part is everything."""
    data = make_dataset("x2", np.random.default_rng(0), n=20)
    split = split_dataset(data, 0.0, 0)
    assert split.test is None and len(split.train.x) == 20


@pytest.mark.parametrize("fraction", [-0.1, 0.95, float("nan")])
def test_fraction_out_of_range_is_refused(fraction: float) -> None:
    """Below 0, above 0.9 or nan: ValueError."""
    with pytest.raises(ValueError, match="test fraction"):
        split_indices(10, fraction, 0)


def test_noise_is_reproducible_from_the_seed() -> None:
    """The generators take a noise level; the same seed and noise give the same data."""
    a = make_dataset("spirals", np.random.default_rng(3), noise=0.3)
    b = make_dataset("spirals", np.random.default_rng(3), noise=0.3)
    c = make_dataset("spirals", np.random.default_rng(3), noise=0.0)
    assert np.array_equal(a.x, b.x) and not np.array_equal(a.x, c.x)
