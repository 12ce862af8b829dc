"""Held-out data: split a dataset into training and test samples, once per seed.

The split is drawn from its own seed, so the same seed and fraction always hold out the same
samples. For classification it is stratified: each class gives the same fraction to the test
set and keeps at least one sample for training, so the training set has every class (the
network's output width comes from it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.nn.datasets import Dataset

__all__ = ["MAX_TEST_FRACTION", "Split", "split_dataset", "split_indices"]

MAX_TEST_FRACTION = 0.9
"""At most this fraction of the samples is held out."""

IndexArray = npt.NDArray[np.intp]


def split_indices(
    n: int, test_fraction: float, seed: int, labels: npt.ArrayLike | None = None
) -> tuple[IndexArray, IndexArray]:
    """Which samples train and which test.

    Args:
        n: number of samples.
        test_fraction: 0 to MAX_TEST_FRACTION; round(fraction * count) samples are held out
            (per class when `labels` is given), always leaving at least one to train on.
        seed: the split's random seed.
        labels: class labels, shape (n,), to stratify by; None for no stratification.

    Returns:
        (train, test): sorted sample indices, disjoint, together 0 … n-1.
    """
    if not (math.isfinite(test_fraction) and 0.0 <= test_fraction <= MAX_TEST_FRACTION):
        raise ValueError(f"the test fraction must be between 0 and {MAX_TEST_FRACTION:g}")
    if n < 1:
        raise ValueError("nothing to split")
    rng = np.random.default_rng(seed)
    groups = [np.arange(n)]
    if labels is not None:
        y = np.asarray(labels)
        if y.shape != (n,):
            raise ValueError("labels must have shape (n,)")
        groups = [np.flatnonzero(y == c) for c in np.unique(y)]
    held: list[IndexArray] = []
    for group in groups:
        count = min(int(round(test_fraction * group.size)), group.size - 1)
        held.append(rng.permutation(group)[:count])
    test = np.sort(np.concatenate(held)).astype(np.intp)
    keep = np.ones(n, dtype=bool)
    keep[test] = False
    return np.flatnonzero(keep).astype(np.intp), test


@dataclass(frozen=True, eq=False)
class Split:
    """A dataset and its held-out part.

    Attributes:
        train: the samples trained on (a Dataset like the original).
        test: the held-out samples (None when the fraction is 0).
        train_index, test_index: their indices in the original dataset.
    """

    train: Dataset
    test: Dataset | None
    train_index: IndexArray
    test_index: IndexArray

    @property
    def fraction(self) -> float:
        """The share of samples actually held out."""
        total = self.train_index.size + self.test_index.size
        return self.test_index.size / total


def _subset(data: Dataset, index: IndexArray) -> Dataset:
    return Dataset(data.name, data.label, data.x[index], data.y[index], data.task, data.domain)


def split_dataset(data: Dataset, test_fraction: float, seed: int) -> Split:
    """Hold out `test_fraction` of `data` (stratified by class for classification)."""
    labels = data.y if data.task == "classification" else None
    train, test = split_indices(len(data.x), test_fraction, seed, labels)
    return Split(_subset(data, train), _subset(data, test) if test.size else None, train, test)
