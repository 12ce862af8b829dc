"""Toy datasets generated in code: 1-D regression and the browser playground's 2-D classes.

Regression: y = x² on [-2, 2] and y = sin x on [-pi, pi]. Classification (two classes, inputs
in about [-1, 1]²): two interleaved spirals, a disc inside a ring, XOR quadrants and two
Gaussian blobs. Their shapes follow the classic browser playground's (scaled from its
[-6, 6] square to [-1, 1]); its noise does not. Here noise moves every point by up to
noise x 6 of the playground's units, uniformly: six times the playground's spiral noise;
for circles and XOR the playground flips labels and leaves points in place instead; the
blobs' spread grows differently. The numbers the lessons and exercises quote are measured
on these sets, so they stay as they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray

__all__ = ["DATASETS", "Dataset", "make_dataset"]

Task = Literal["regression", "classification"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Samples for one task.

    Attributes:
        name: the key in DATASETS.
        label: how people write it ("sin x", "two spirals").
        x: inputs, shape (n, 1) for regression, (n, 2) for classification, float64.
        y: targets, shape (n,): float64 values, or int class labels 0/1.
        task: "regression" (MSE) or "classification" (softmax cross-entropy).
        domain: (low, high) of each input, the region to plot the model's output over.
    """

    name: str
    label: str
    x: FloatArray
    y: npt.NDArray[np.float64] | npt.NDArray[np.intp]
    task: Task
    domain: tuple[tuple[float, float], ...]

    @property
    def n_in(self) -> int:
        """Input dimension."""
        return int(self.x.shape[1])

    @property
    def n_out(self) -> int:
        """Output units: 1 for regression, one logit per class for classification."""
        return 1 if self.task == "regression" else self.n_classes

    @property
    def n_classes(self) -> int:
        """Number of classes (0 for regression)."""
        return 0 if self.task == "regression" else int(self.y.max()) + 1

    @property
    def loss(self) -> Literal["mse", "cross_entropy"]:
        """The loss that fits the task."""
        return "mse" if self.task == "regression" else "cross_entropy"


def _regression(
    name: str,
    label: str,
    fn: Callable[[FloatArray], FloatArray],
    lo: float,
    hi: float,
    n: int,
    noise: float,
    rng: np.random.Generator,
) -> Dataset:
    x = np.sort(rng.uniform(lo, hi, n))
    y = fn(x) + noise * rng.standard_normal(n)
    return Dataset(name, label, x[:, None], y, "regression", ((lo, hi),))


def _x_squared(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _regression("x2", "x²", np.square, -2.0, 2.0, n, noise, rng)


def _sine(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _regression("sin", "sin x", np.sin, -math.pi, math.pi, n, noise, rng)


_SQUARE = ((-1.0, 1.0), (-1.0, 1.0))


def _classes(name: str, label: str, points: FloatArray, labels: npt.NDArray[np.intp]) -> Dataset:
    return Dataset(name, label, points, labels.astype(np.intp), "classification", _SQUARE)


def _spirals(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """After the playground: r = i/half·5, t = 1.75·i/half·2pi + delta (0 or pi); ÷6."""
    half = n // 2
    parts, labels = [], []
    for label, delta in ((0, 0.0), (1, math.pi)):
        i = np.arange(half)
        r = i / half * 5.0
        t = 1.75 * i / half * 2.0 * math.pi + delta
        xy = np.column_stack([r * np.sin(t), r * np.cos(t)])
        parts.append(xy + noise * 6.0 * rng.uniform(-1.0, 1.0, xy.shape))
        labels.append(np.full(half, label))
    return _classes("spirals", "two spirals", np.concatenate(parts) / 6.0, np.concatenate(labels))


def _circles(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """After the playground: class 0 in a disc r < 0.5·R, class 1 on a ring 0.7R-R, R = 5; ÷6."""
    half = n // 2
    radius = 5.0
    inner = rng.uniform(0.0, radius * 0.5, half)
    outer = rng.uniform(radius * 0.7, radius, n - half)
    angle = rng.uniform(0.0, 2.0 * math.pi, n)
    r = np.concatenate([inner, outer])
    xy = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    xy += noise * 6.0 * rng.uniform(-1.0, 1.0, xy.shape)
    labels = np.concatenate([np.zeros(half, np.intp), np.ones(n - half, np.intp)])
    return _classes("circles", "circles", xy / 6.0, labels)


def _xor(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """After the playground: uniform in [-5, 5]², pushed 0.3 away from the axes; class = x·y > 0."""
    xy = rng.uniform(-5.0, 5.0, (n, 2))
    xy += np.where(xy > 0, 0.3, -0.3)
    labels = (xy[:, 0] * xy[:, 1] > 0).astype(np.intp)
    xy += noise * 6.0 * rng.uniform(-1.0, 1.0, xy.shape)
    return _classes("xor", "XOR", xy / 6.0, labels)


def _blobs(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """After the playground: Gaussians at (2, 2) and (-2, -2), spread 0.5 + 3.5·noise; ÷6."""
    half = n // 2
    spread = 0.5 + 3.5 * noise
    a = rng.normal((2.0, 2.0), spread, (half, 2))
    b = rng.normal((-2.0, -2.0), spread, (n - half, 2))
    labels = np.concatenate([np.ones(half, np.intp), np.zeros(n - half, np.intp)])
    return _classes("blobs", "Gaussian blobs", np.concatenate([a, b]) / 6.0, labels)


DATASETS: dict[str, tuple[str, Callable[[int, float, np.random.Generator], Dataset]]] = {
    "x2": ("x² (regression)", _x_squared),
    "sin": ("sin x (regression)", _sine),
    "spirals": ("two spirals", _spirals),
    "circles": ("circles", _circles),
    "xor": ("XOR", _xor),
    "blobs": ("Gaussian blobs", _blobs),
}
"""Dataset makers by name, with a label for menus."""


def make_dataset(
    name: str, rng: np.random.Generator, *, n: int = 200, noise: float = 0.05
) -> Dataset:
    """Draw a dataset.

    Args:
        name: a key of DATASETS.
        rng: the random source (the same seed gives the same samples).
        n: number of samples (at least 4; classes get n // 2 each, spirals exactly).
        noise: regression: standard deviation added to y; classification: how far points
            move, as a fraction of the playground's [-6, 6] square (0-0.5).

    Returns:
        The dataset.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(DATASETS)}")
    if n < 4:
        raise ValueError("a dataset needs at least 4 samples")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError("noise must be a non-negative number")
    return DATASETS[name][1](int(n), float(noise), rng)
