"""The 2-D datasets against TensorFlow Playground's own formulas (its src/dataset.ts), and
the input features against its playground.ts INPUTS.

`Playground` below is dataset.ts transcribed line by line, one loop iteration at a time,
with Math.random() replaced by `rng.random()`: the same seed must give the same points and
labels as relu_tui's vectorised generators, which draw the same numbers in the same order.
Statistical checks (radii, angles, centres, label rules) back them up, independent of the
draw order.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from relu_tui.nn.datasets import make_dataset
from relu_tui.nn.features import FEATURES, apply_features


class Playground:
    """dataset.ts, one Math.random() call at a time (labels +1/-1 as there)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def random(self) -> float:
        return float(self.rng.random())

    def rand_uniform(self, a: float, b: float) -> float:
        return self.random() * (b - a) + a

    def normal_random(self, mean: float = 0.0, variance: float = 1.0) -> float:
        while True:
            v1 = 2 * self.random() - 1
            v2 = 2 * self.random() - 1
            s = v1 * v1 + v2 * v2
            if not s > 1:
                break
        result = math.sqrt(-2 * math.log(s) / s) * v1
        return mean + math.sqrt(variance) * result

    def two_gauss(self, num_samples: int, noise: float) -> list[tuple[float, float, int]]:
        points = []
        variance = 0.5 + (noise - 0) / (0.5 - 0) * (4 - 0.5)  # d3 linear [0, .5] -> [.5, 4]

        def gen_gauss(cx: float, cy: float, label: int) -> None:
            i = 0
            while i < num_samples / 2:
                x = self.normal_random(cx, variance)
                y = self.normal_random(cy, variance)
                points.append((x, y, label))
                i += 1

        gen_gauss(2, 2, 1)
        gen_gauss(-2, -2, -1)
        return points

    def regress_plane(self, num_samples: int, noise: float) -> list[tuple[float, float, float]]:
        radius = 6

        def get_label(x: float, y: float) -> float:
            return -1 + (x + y - -10) / 20 * 2  # d3 linear [-10, 10] -> [-1, 1]

        points = []
        for _ in range(num_samples):
            x = self.rand_uniform(-radius, radius)
            y = self.rand_uniform(-radius, radius)
            noise_x = self.rand_uniform(-radius, radius) * noise
            noise_y = self.rand_uniform(-radius, radius) * noise
            points.append((x, y, get_label(x + noise_x, y + noise_y)))
        return points

    def regress_gaussian(self, num_samples: int, noise: float) -> list[tuple[float, float, float]]:
        def label_scale(d: float) -> float:  # d3 linear [0, 2] -> [1, 0], clamped
            return min(1.0, max(0.0, 1 + (d - 0) / 2 * (0 - 1)))

        gaussians = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1]]
        gaussians.append([4, -2.5, -1])

        def get_label(x: float, y: float) -> float:
            label = 0.0
            for cx, cy, sign in gaussians:
                new_label = sign * label_scale(math.hypot(x - cx, y - cy))
                if abs(new_label) > abs(label):
                    label = new_label
            return label

        radius = 6
        points = []
        for _ in range(num_samples):
            x = self.rand_uniform(-radius, radius)
            y = self.rand_uniform(-radius, radius)
            noise_x = self.rand_uniform(-radius, radius) * noise
            noise_y = self.rand_uniform(-radius, radius) * noise
            points.append((x, y, get_label(x + noise_x, y + noise_y)))
        return points

    def spiral(self, num_samples: int, noise: float) -> list[tuple[float, float, int]]:
        points = []
        n = num_samples / 2

        def gen_spiral(delta_t: float, label: int) -> None:
            i = 0
            while i < n:
                r = i / n * 5
                t = 1.75 * i / n * 2 * math.pi + delta_t
                x = r * math.sin(t) + self.rand_uniform(-1, 1) * noise
                y = r * math.cos(t) + self.rand_uniform(-1, 1) * noise
                points.append((x, y, label))
                i += 1

        gen_spiral(0, 1)
        gen_spiral(math.pi, -1)
        return points

    def circle(self, num_samples: int, noise: float) -> list[tuple[float, float, int]]:
        points = []
        radius = 5

        def circle_label(px: float, py: float) -> int:
            return 1 if math.hypot(px, py) < radius * 0.5 else -1

        for r_lo, r_hi in ((0, radius * 0.5), (radius * 0.7, radius)):
            i = 0
            while i < num_samples / 2:
                r = self.rand_uniform(r_lo, r_hi)
                angle = self.rand_uniform(0, 2 * math.pi)
                x = r * math.sin(angle)
                y = r * math.cos(angle)
                noise_x = self.rand_uniform(-radius, radius) * noise
                noise_y = self.rand_uniform(-radius, radius) * noise
                points.append((x, y, circle_label(x + noise_x, y + noise_y)))
                i += 1
        return points

    def xor(self, num_samples: int, noise: float) -> list[tuple[float, float, int]]:
        points = []
        for _ in range(num_samples):
            x = self.rand_uniform(-5, 5)
            padding = 0.3
            x += padding if x > 0 else -padding
            y = self.rand_uniform(-5, 5)
            y += padding if y > 0 else -padding
            noise_x = self.rand_uniform(-5, 5) * noise
            noise_y = self.rand_uniform(-5, 5) * noise
            points.append((x, y, 1 if (x + noise_x) * (y + noise_y) >= 0 else -1))
        return points


OURS_TO_THEIRS = {
    "spirals": "spiral",
    "circles": "circle",
    "xor": "xor",
    "blobs": "two_gauss",
    "plane": "regress_plane",
    "gauss": "regress_gaussian",
}


@pytest.mark.parametrize("name", list(OURS_TO_THEIRS))
@pytest.mark.parametrize(("n", "noise"), [(500, 0.0), (500, 0.25), (61, 0.5), (20, 0.1)])
@pytest.mark.parametrize("seed", [0, 7])
def test_same_draws_same_points_as_dataset_ts(name: str, n: int, noise: float, seed: int) -> None:
    """Every point and label equals dataset.ts' for the same random numbers (labels +1/-1
    as classes 1/0; regression targets as they are), odd counts included."""
    theirs = getattr(Playground(seed), OURS_TO_THEIRS[name])(n, noise)
    ours = make_dataset(name, np.random.default_rng(seed), n=n, noise=noise)
    expected = np.array(theirs, dtype=np.float64)
    assert ours.x.shape == (len(theirs), 2)
    np.testing.assert_allclose(ours.x, expected[:, :2], rtol=0, atol=1e-12)
    if ours.task == "classification":
        np.testing.assert_array_equal(ours.y, (expected[:, 2] > 0).astype(int))
    else:
        np.testing.assert_allclose(ours.y, expected[:, 2], rtol=0, atol=1e-12)
    assert ours.domain == ((-6.0, 6.0), (-6.0, 6.0))


# ------------------------------------------------------------ statistical laws, order-free


def _data(name: str, noise: float, n: int = 2000, seed: int = 3):
    return make_dataset(name, np.random.default_rng(seed), n=n, noise=noise)


def test_circle_radii_and_labels() -> None:
    """Class 1 is drawn at radius 0-2.5, class 0 at 3.5-5; with noise the points stay
    there and only labels change, and only near the gap."""
    clean = _data("circles", 0.0)
    r = np.hypot(*clean.x.T)
    assert r[clean.y == 1].max() < 2.5 and r[clean.y == 0].min() >= 3.5 and r.max() <= 5.0
    assert np.bincount(clean.y).tolist() == [1000, 1000]
    noisy = _data("circles", 0.5)
    np.testing.assert_allclose(np.hypot(*noisy.x.T)[:1000].max(), 2.5, atol=0.02)
    assert np.hypot(*noisy.x.T)[1000:].min() >= 3.5
    flipped = noisy.y != clean.y
    assert 0 < flipped.mean() < 0.5


def test_xor_padding_and_noised_label() -> None:
    """Points keep 0.3 from the axes, within 5.3; clean labels are the sign of x·y."""
    clean = _data("xor", 0.0)
    assert np.abs(clean.x).min() >= 0.3 and np.abs(clean.x).max() <= 5.3
    np.testing.assert_array_equal(clean.y, (clean.x[:, 0] * clean.x[:, 1] >= 0).astype(int))
    noisy = _data("xor", 0.5)
    np.testing.assert_array_equal(noisy.x, clean.x)  # the point is stored un-noised
    disagree = noisy.y != (noisy.x[:, 0] * noisy.x[:, 1] >= 0)
    assert 0.05 < disagree.mean() < 0.45


def test_spiral_radius_and_angle_law() -> None:
    """Without noise point i of each arm is at r = 5i/(n/2), angle 1.75·2pi·i/(n/2) (+pi for
    class 0), with x = r sin t; noise moves a point by at most `noise` per axis."""
    clean = _data("spirals", 0.0)
    i = np.arange(1000)
    r = i / 1000 * 5
    t = 1.75 * i / 1000 * 2 * math.pi
    np.testing.assert_allclose(clean.x[:1000], np.column_stack([r * np.sin(t), r * np.cos(t)]))
    np.testing.assert_allclose(clean.x[1000:], -clean.x[:1000], atol=1e-12)
    assert clean.y[:1000].tolist() == [1] * 1000 and clean.y[1000:].tolist() == [0] * 1000
    noisy = _data("spirals", 0.4)
    shift = np.abs(noisy.x - clean.x)
    assert shift.max() <= 0.4 and shift.max() > 0.35


@pytest.mark.parametrize("noise", [0.0, 0.2, 0.5])
def test_two_gauss_centres_and_variance(noise: float) -> None:
    """Class 1 around (2, 2), class 0 around (-2, -2), variance 0.5 + 7·noise per axis."""
    data = _data("blobs", noise, n=8000)
    for label, centre in ((1, 2.0), (0, -2.0)):
        points = data.x[data.y == label]
        np.testing.assert_allclose(points.mean(axis=0), [centre, centre], atol=0.1)
        np.testing.assert_allclose(points.var(axis=0), 0.5 + 7 * noise, rtol=0.08)


def test_plane_target_formula() -> None:
    """Without noise the target is (x1 + x2)/10; with noise it is that of a moved point."""
    clean = _data("plane", 0.0)
    np.testing.assert_allclose(clean.y, clean.x.sum(axis=1) / 10)
    assert np.abs(clean.x).max() <= 6.0
    noisy = _data("plane", 0.3)
    error = noisy.y - noisy.x.sum(axis=1) / 10
    assert np.abs(error).max() <= 2 * 6 * 0.3 / 10 + 1e-12 and error.std() > 0.05


def test_gauss_target_formula() -> None:
    """Without noise: +1 at (-4, 2.5), (4, 2.5), (0, -2.5); -1 at the other three; falling
    linearly to 0 at distance 2; 0 far from every centre."""
    clean = _data("gauss", 0.0, n=4000)
    assert clean.y.min() >= -1 and clean.y.max() <= 1
    centres = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1)]
    centres.append((4, -2.5, -1))
    distances = np.stack(
        [np.hypot(clean.x[:, 0] - cx, clean.x[:, 1] - cy) for cx, cy, _ in centres]
    )
    nearest = distances.argmin(axis=0)
    d = distances.min(axis=0)
    signs = np.array([s for _, _, s in centres])[nearest]
    np.testing.assert_allclose(clean.y, signs * np.clip(1 - d / 2, 0, 1), atol=1e-12)
    assert np.any(d > 2) and np.all(clean.y[d > 2] == 0)


# ------------------------------------------------------------ playground.ts INPUTS

PLAYGROUND_INPUTS = {
    "x1": lambda x, y: x,
    "x2": lambda x, y: y,
    "x1^2": lambda x, y: x * x,
    "x2^2": lambda x, y: y * y,
    "x1*x2": lambda x, y: x * y,
    "sin1": lambda x, y: math.sin(x),
    "sin2": lambda x, y: math.sin(y),
}
"""playground.ts' x, y, xSquared, ySquared, xTimesY, sinX, sinY, by relu-tui's names."""


def test_features_are_playground_inputs_on_raw_units() -> None:
    """Each feature of a point of the [-6, 6] square is playground.ts' formula of it."""
    points = _data("spirals", 0.1, n=300).x
    assert set(FEATURES) == set(PLAYGROUND_INPUTS)
    names = tuple(FEATURES)
    columns = apply_features(names, points)
    for j, name in enumerate(names):
        expected = [PLAYGROUND_INPUTS[name](float(x), float(y)) for x, y in points]
        np.testing.assert_allclose(columns[:, j], expected, rtol=0, atol=1e-15)
    assert np.ptp(columns[:, names.index("sin1")]) > 1.9  # sin x1 turns over [-6, 6]
