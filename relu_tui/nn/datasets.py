"""Toy datasets generated in code: 1-D regression, and the browser playground's 2-D sets.

1-D regression: y = x² on [-2, 2] and y = sin x on [-pi, pi], with Gaussian noise on y.

2-D sets: TensorFlow Playground's own generators (its `src/dataset.ts`), formula for formula
and in its units, the [-6, 6] square, so that its input features mean what they mean there
(sin x1 over [-6, 6] turns almost twice; over [-1, 1] it would be nearly x1):

- spirals (classifySpiralData): for each class, point i of n/2 has r = 5i/(n/2) and
  t = 1.75·2pi·i/(n/2) + delta (delta 0, then pi); x = r sin t + U(-1, 1)·noise,
  y = r cos t + U(-1, 1)·noise: the noise moves the point.
- circles (classifyCircleData): n/2 points at radius U(0, 2.5), then n/2 at U(3.5, 5), angle
  U(0, 2pi); the label is 'inside radius 2.5' of the point moved by U(-5, 5)·noise per
  axis, but the point is stored where it was: noise flips labels near the gap.
- xor (classifyXORData): x, y from U(-5, 5), pushed 0.3 away from the axes; the label is
  x·y >= 0 of the point moved by U(-5, 5)·noise, the point stored unmoved.
- blobs (classifyTwoGaussData): n/2 points around (2, 2), then n/2 around (-2, -2), each
  coordinate normal with variance 0.5 + 7·noise (its d3 scale from noise 0-0.5 to variance
  0.5-4), drawn by the Marsaglia polar method as its normalRandom does.
- plane (regressPlane): x, y from U(-6, 6); target (x' + y')/10, with x', y' the point
  moved by U(-6, 6)·noise per axis (the point stored unmoved).
- gauss (regressGaussian): x, y from U(-6, 6); target: of the six signed bumps
  ±max(0, 1 - d/2) at (-4 | 0 | 4, ±2.5), the largest in size, at the moved point.

Labels +1 and -1 are our classes 1 and 0. `noise` is the playground's noise slider divided
by 100 (0-0.5). Like it, n/2 points per class are drawn as its loops do (an odd n gives one
more point). The one difference: random numbers come from a numpy Generator (`rng.random()`,
one call per Math.random() call, in the same order) instead of seeded Math.random.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray

__all__ = ["DATASETS", "PLAYGROUND_SQUARE", "Dataset", "make_dataset"]

Task = Literal["regression", "classification"]

PLAYGROUND_SQUARE = ((-6.0, 6.0), (-6.0, 6.0))
"""The 2-D sets' domain: the playground's heat map, x1 and x2 from -6 to 6."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Samples for one task.

    Attributes:
        name: the key in DATASETS.
        label: how people write it ("sin x", "two spirals").
        x: inputs, shape (n, 1) or (n, 2), float64.
        y: targets, shape (n,): float64 values (regression), or int class labels 0/1.
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


# ---------------------------------------------------------------- the playground's 2-D sets


def _uniform(u: FloatArray, a: float, b: float) -> FloatArray:
    """randUniform(a, b) from Math.random() values u."""
    return u * (b - a) + a


def _per_class(n: int) -> int:
    """How many times `for (i = 0; i < n / 2; i++)` runs."""
    return math.ceil(n / 2)


def _classes(name: str, label: str, xy: FloatArray, signs: FloatArray) -> Dataset:
    """A classification set from the playground's points and +1/-1 labels (1 -> 1, -1 -> 0)."""
    labels = (np.asarray(signs) > 0).astype(np.intp)
    return Dataset(name, label, xy, labels, "classification", PLAYGROUND_SQUARE)


def _spirals(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """classifySpiralData: two arms, the +1 arm from angle 0, the -1 arm from pi."""
    half = n / 2
    parts, signs = [], []
    for delta, sign in ((0.0, 1.0), (math.pi, -1.0)):
        i = np.arange(_per_class(n))
        r = i / half * 5.0
        t = 1.75 * i / half * 2.0 * math.pi + delta
        u = rng.random((i.size, 2))  # noise x, noise y, point by point
        x = r * np.sin(t) + _uniform(u[:, 0], -1.0, 1.0) * noise
        y = r * np.cos(t) + _uniform(u[:, 1], -1.0, 1.0) * noise
        parts.append(np.column_stack([x, y]))
        signs.append(np.full(i.size, sign))
    return _classes("spirals", "two spirals", np.concatenate(parts), np.concatenate(signs))


def _circles(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """classifyCircleData: +1 inside radius 2.5 of the noised point, -1 outside."""
    radius = 5.0
    parts, signs = [], []
    for r_lo, r_hi in ((0.0, radius * 0.5), (radius * 0.7, radius)):
        u = rng.random((_per_class(n), 4))  # r, angle, noise x, noise y, point by point
        r = _uniform(u[:, 0], r_lo, r_hi)
        angle = _uniform(u[:, 1], 0.0, 2.0 * math.pi)
        x, y = r * np.sin(angle), r * np.cos(angle)
        noise_x = _uniform(u[:, 2], -radius, radius) * noise
        noise_y = _uniform(u[:, 3], -radius, radius) * noise
        inside = np.hypot(x + noise_x, y + noise_y) < radius * 0.5
        parts.append(np.column_stack([x, y]))
        signs.append(np.where(inside, 1.0, -1.0))
    return _classes("circles", "circles", np.concatenate(parts), np.concatenate(signs))


def _xor(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """classifyXORData: +1 where the noised point has x·y >= 0."""
    u = rng.random((n, 4))  # x, y, noise x, noise y, point by point
    x = _uniform(u[:, 0], -5.0, 5.0)
    x = x + np.where(x > 0, 0.3, -0.3)
    y = _uniform(u[:, 1], -5.0, 5.0)
    y = y + np.where(y > 0, 0.3, -0.3)
    noise_x = _uniform(u[:, 2], -5.0, 5.0) * noise
    noise_y = _uniform(u[:, 3], -5.0, 5.0) * noise
    signs = np.where((x + noise_x) * (y + noise_y) >= 0, 1.0, -1.0)
    return _classes("xor", "XOR", np.column_stack([x, y]), signs)


def _polar_normals(count: int, rng: np.random.Generator) -> FloatArray:
    """`count` standard normals by normalRandom's Marsaglia polar method, in its order: pairs
    v1, v2 = 2u - 1 until s = v1² + v2² <= 1, then sqrt(-2 ln s / s)·v1 (v2 is dropped).
    Drawn in blocks, which takes the same Math.random() values in the same order."""
    out: list[FloatArray] = []
    have = 0
    while have < count:
        block = int((count - have) * 1.3) + 8
        v = 2.0 * rng.random((block, 2)) - 1.0
        s = v[:, 0] ** 2 + v[:, 1] ** 2
        keep = (s <= 1.0) & (s > 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.sqrt(-2.0 * np.log(s[keep]) / s[keep]) * v[keep, 0]
        out.append(z)
        have += z.size
    return np.concatenate(out)[:count]


def _blobs(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    """classifyTwoGaussData: +1 around (2, 2), then -1 around (-2, -2), variance 0.5 + 7·noise."""
    variance = 0.5 + (4.0 - 0.5) * noise / 0.5  # d3.scale.linear().domain([0, .5]).range([.5, 4])
    each = _per_class(n)
    z = _polar_normals(4 * each, rng).reshape(2, each, 2)  # per class, per point: x then y
    centres = np.array([[2.0, 2.0], [-2.0, -2.0]])[:, None, :]
    xy = (centres + math.sqrt(variance) * z).reshape(-1, 2)
    signs = np.repeat([1.0, -1.0], each)
    return _classes("blobs", "Gaussian blobs", xy, signs)


def _regress_points(
    name: str,
    label: str,
    target: Callable[[FloatArray, FloatArray], FloatArray],
    n: int,
    noise: float,
    rng: np.random.Generator,
) -> Dataset:
    """regressPlane's and regressGaussian's loop: a point from U(-6, 6)², its target taken at
    the point moved by U(-6, 6)·noise per axis, the point stored unmoved."""
    radius = 6.0
    u = rng.random((n, 4))  # x, y, noise x, noise y, point by point
    x = _uniform(u[:, 0], -radius, radius)
    y = _uniform(u[:, 1], -radius, radius)
    noise_x = _uniform(u[:, 2], -radius, radius) * noise
    noise_y = _uniform(u[:, 3], -radius, radius) * noise
    values = target(x + noise_x, y + noise_y).astype(np.float64)
    return Dataset(name, label, np.column_stack([x, y]), values, "regression", PLAYGROUND_SQUARE)


def _plane_target(x: FloatArray, y: FloatArray) -> FloatArray:
    """d3.scale.linear().domain([-10, 10]).range([-1, 1]) of x + y (not clamped)."""
    return (x + y) / 10.0


GAUSS_BUMPS: tuple[tuple[float, float, float], ...] = (
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)
"""regressGaussian's six bumps: centre x, centre y, sign."""


def _gauss_target(x: FloatArray, y: FloatArray) -> FloatArray:
    """regressGaussian's label: of sign·clamp(1 - d/2, 0, 1) over the bumps, the one largest
    in size (the first of equals, 0 where none reaches)."""
    label = np.zeros_like(x)
    for cx, cy, sign in GAUSS_BUMPS:
        new = sign * np.clip(1.0 - np.hypot(x - cx, y - cy) / 2.0, 0.0, 1.0)
        label = np.where(np.abs(new) > np.abs(label), new, label)
    return label


def _plane(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _regress_points("plane", "plane", _plane_target, n, noise, rng)


def _gauss(n: int, noise: float, rng: np.random.Generator) -> Dataset:
    return _regress_points("gauss", "six Gaussians", _gauss_target, n, noise, rng)


DATASETS: dict[str, tuple[str, Callable[[int, float, np.random.Generator], Dataset]]] = {
    "x2": ("x² (regression)", _x_squared),
    "sin": ("sin x (regression)", _sine),
    "spirals": ("two spirals", _spirals),
    "circles": ("circles", _circles),
    "xor": ("XOR", _xor),
    "blobs": ("Gaussian blobs", _blobs),
    "plane": ("plane (2-D regression)", _plane),
    "gauss": ("six Gaussians (2-D regression)", _gauss),
}
"""Dataset makers by name, with a label for menus."""


def make_dataset(
    name: str, rng: np.random.Generator, *, n: int = 200, noise: float = 0.05
) -> Dataset:
    """Draw a dataset.

    Args:
        name: a key of DATASETS.
        rng: the random source (the same seed gives the same samples).
        n: number of samples (at least 4; the playground's classes get n/2 each, rounded up).
        noise: 1-D regression: standard deviation added to y; 2-D sets: the playground's noise
            level, its slider / 100 (0-0.5).

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
