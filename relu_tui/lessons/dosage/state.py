"""The dosage network: a 1→2→1 network on drug dosage, built up in seven stages.

Source: "Understanding ReLU Through Visual Python Examples" (dosage article). Dosage x;
top hidden node a₁ = act(w₁·x + b₁); bottom node a₂ = act(w₂·x + b₂); output
y = act(w₃·a₁ + w₄·a₂ + b₃). Both hidden nodes apply the activation, as a real network
does; with the article's values the bottom node's activation changes nothing on [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from relu_tui.base.params import Param, params_by_name, replace_param
from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS

TABLE_DOSAGES = (0.0, 0.2, 0.6, 1.0)
"""The article's table rows (stage 1)."""

ACTIVATION_NAMES = {"relu": "ReLU", "softplus": "Softplus"}
"""The article uses ReLU; the articles before it used Softplus."""

WEIGHT_NAMES = ("w1", "b1", "w2", "b2", "w3", "w4", "b3")


def default_params() -> tuple[Param, ...]:
    """The article's values, then the dosage range (0 to 1)."""
    article = {"w1": 1.70, "b1": -0.85, "w2": 12.6, "b2": 0.0, "w3": -40.8, "w4": 2.70, "b3": -16.0}
    labels = {"w1": "w₁", "b1": "b₁", "w2": "w₂", "b2": "b₂", "w3": "w₃", "w4": "w₄", "b3": "b₃"}
    helps = {
        "w1": "top node's weight on the dosage",
        "b1": "top node's bias: where its ReLU bends (x = -b₁/w₁)",
        "w2": "bottom node's weight on the dosage",
        "b2": "bottom node's bias",
        "w3": "weight from the top node to the output (flips and scales it)",
        "w4": "weight from the bottom node to the output",
        "b3": "output bias: shifts the summed signal before the last ReLU",
    }
    params = [
        Param(name, labels[name], value, step=0.1, low=-100.0, high=100.0, help=helps[name])
        for name, value in article.items()
    ]
    params.append(
        Param(
            "x_min",
            "x from",
            0.0,
            step=0.1,
            low=-10.0,
            high=10.0,
            help="left end of the dosage range",
        )
    )
    params.append(
        Param(
            "x_max",
            "x to",
            1.0,
            step=0.1,
            low=-10.0,
            high=10.0,
            help="right end of the dosage range",
        )
    )
    return tuple(params)


@dataclass(frozen=True)
class Nodes:
    """Every value the network computes, at each dosage in `x` (arrays of one shape)."""

    x: FloatArray
    z1: FloatArray
    a1: FloatArray
    top: FloatArray
    """w₃·a₁: the top path after its output weight."""
    z2: FloatArray
    a2: FloatArray
    bottom: FloatArray
    """w₄·a₂: the bottom path after its output weight."""
    combined: FloatArray
    """w₃·a₁ + w₄·a₂ (the wedge)."""
    z3: FloatArray
    """combined + b₃."""
    y: FloatArray


def forward(weights: dict[str, float], x: FloatArray, activation: str = "relu") -> Nodes:
    """Run the network on dosages `x`.

    Args:
        weights: w1, b1, w2, b2, w3, w4, b3.
        x: dosages, any shape, float64.
        activation: "relu" or "softplus".
    """
    act = ACTIVATIONS[activation]
    x = np.asarray(x, dtype=np.float64)
    z1 = weights["w1"] * x + weights["b1"]
    a1 = act(z1)
    z2 = weights["w2"] * x + weights["b2"]
    a2 = act(z2)
    top = weights["w3"] * a1
    bottom = weights["w4"] * a2
    combined = top + bottom
    z3 = combined + weights["b3"]
    return Nodes(x, z1, a1, top, z2, a2, bottom, combined, z3, act(z3))


@dataclass(frozen=True)
class Bump:
    """Where the output is positive, and its peak, over the dosage range."""

    intervals: tuple[tuple[float, float], ...]
    peak_x: float
    peak_y: float


def find_bump(
    weights: dict[str, float],
    x_min: float,
    x_max: float,
    activation: str = "relu",
    samples: int = 20001,
) -> Bump:
    """Intervals where y > 0 (ends refined by bisection on z₃) and the highest point.

    ReLU's network is piecewise linear, so its peak lies at a kink or an end: those are
    checked exactly beside the dense grid.
    """
    x = np.linspace(x_min, x_max, samples)
    z3 = forward(weights, x, activation).z3
    positive = z3 > 0
    intervals = []
    index = 0
    while index < samples:
        if positive[index]:
            start = index
            while index < samples and positive[index]:
                index += 1
            left = x_min if start == 0 else _crossing(weights, x[start - 1], x[start], activation)
            right = (
                x_max
                if index == samples
                else _crossing(weights, x[index - 1], x[index], activation)
            )
            intervals.append((left, right))
        index += 1
    candidates = [x]
    for w, b in (("w1", "b1"), ("w2", "b2")):
        if weights[w] != 0:
            kink = -weights[b] / weights[w]
            if x_min <= kink <= x_max:
                candidates.append(np.array([kink]))
    points = np.concatenate(candidates)
    y = forward(weights, points, activation).y
    best = int(np.argmax(y))
    return Bump(tuple(intervals), float(points[best]), float(y[best]))


def _crossing(weights: dict[str, float], low: float, high: float, activation: str) -> float:
    """Bisection for z₃ = 0 between two dosages where its sign differs."""
    f_low = float(forward(weights, np.array([low]), activation).z3[0])
    for _ in range(60):
        mid = 0.5 * (low + high)
        f_mid = float(forward(weights, np.array([mid]), activation).z3[0])
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return 0.5 * (low + high)


@dataclass(frozen=True)
class DosageState:
    """What the Dosage screen shows."""

    params: tuple[Param, ...] = default_params()
    stage: int = 1
    activation: str = "relu"
    overview: bool = False
    probe: float = 0.5

    @property
    def weights(self) -> dict[str, float]:
        by_name = params_by_name(self.params)
        return {name: by_name[name].value for name in WEIGHT_NAMES}

    @property
    def x_range(self) -> tuple[float, float]:
        by_name = params_by_name(self.params)
        return by_name["x_min"].value, by_name["x_max"].value

    def with_param(self, name: str, value: float) -> DosageState:
        """A new state with `name` at `value`; the range keeps x_min < x_max.

        Raises:
            ValueError: when the dosage range would be empty or reversed.
        """
        new = params_by_name(self.params)[name].with_value(value)
        params = replace_param(self.params, new)
        low, high = params_by_name(params)["x_min"].value, params_by_name(params)["x_max"].value
        if low >= high:
            raise ValueError("the dosage range needs x from < x to")
        probe = min(max(self.probe, low), high)
        return replace(self, params=params, probe=probe)

    def stepped(self, delta: int) -> DosageState:
        return replace(self, stage=min(max(self.stage + delta, 1), 7))

    def toggled_activation(self) -> DosageState:
        return replace(self, activation="softplus" if self.activation == "relu" else "relu")

    def toggled_overview(self) -> DosageState:
        return replace(self, overview=not self.overview)

    def probed(self, delta: float) -> DosageState:
        low, high = self.x_range
        return replace(self, probe=round(min(max(self.probe + delta, low), high), 10))


def breakpoints(weights: dict[str, float], x_min: float, x_max: float) -> FloatArray:
    """Dosages where some ReLU node bends, with the range's ends, sorted (float64).

    Between these every node of the ReLU network is a straight line, so a curve drawn
    through them is exact: the hidden kinks at x = -b/w, and the output's kinks where
    z₃ = w₃·a₁ + w₄·a₂ + b₃ crosses 0 (found on each straight piece in closed form).
    """
    points = [x_min, x_max]
    for w, b in (("w1", "b1"), ("w2", "b2")):
        if weights[w] != 0:
            kink = -weights[b] / weights[w]
            if x_min < kink < x_max:
                points.append(kink)
    x = np.unique(np.array(points, dtype=np.float64))
    z3 = forward(weights, x).z3
    left, right = z3[:-1], z3[1:]
    crosses = left * right < 0
    if crosses.any():
        x0, x1 = x[:-1][crosses], x[1:][crosses]
        z0, z1 = left[crosses], right[crosses]
        x = np.unique(np.concatenate([x, x0 + (x1 - x0) * z0 / (z0 - z1)]))
    return x


def curves(
    state: DosageState, samples: int = 201, x_range: tuple[float, float] | None = None
) -> Nodes:
    """Every node over the dosage range (or `x_range`): through the bends for ReLU (exact
    and few points), at `samples` even dosages for Softplus (smooth)."""
    low, high = x_range or state.x_range
    if state.activation == "relu":
        return forward(state.weights, breakpoints(state.weights, low, high), "relu")
    return forward(state.weights, np.linspace(low, high, samples), state.activation)


def bump_window(state: DosageState) -> tuple[float, float] | None:
    """The dosages that frame stage 7's bump: the bump with its own width of margin each
    side, inside the dosage range; None when there is no bump or it already spans a third
    of the range (the article's spans 6 %: two columns of an 80-column plot)."""
    low, high = state.x_range
    bump = find_bump(state.weights, low, high, state.activation)
    if not bump.intervals:
        return None
    left, right = bump.intervals[0][0], bump.intervals[-1][1]
    width = right - left
    if width <= 0 or width >= (high - low) / 3:
        return None
    return max(low, left - width), min(high, right + width)


def probe_values(state: DosageState) -> dict[str, float]:
    """Every node's value at the probe dosage."""
    nodes = forward(state.weights, np.array([state.probe]), state.activation)
    return {
        field: float(getattr(nodes, field)[0])
        for field in ("z1", "a1", "top", "z2", "a2", "bottom", "combined", "z3", "y")
    }
