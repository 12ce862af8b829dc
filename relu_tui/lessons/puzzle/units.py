"""The Puzzle's units: v·ReLU(w·x + b) on x in [0, 3], the sum they make and its straight
pieces, and a level (a target given as the units that make it, with its hints).

Values move on a grid of 0.1 steps within [−4, 4] (the course lab's sliders).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from relu_tui.base.params import Param
from relu_tui.base.types import FloatArray

X_RANGE = (0.0, 3.0)


STEP = 0.1


LIMIT = 4.0


SCALE = 10
"""Values are whole multiples of STEP: k / SCALE, so grid values equal their decimal literals."""


@dataclass(frozen=True)
class Unit:
    """One ReLU unit, v·ReLU(w·x + b); `free` names the parameters the player sets."""

    w: float
    b: float
    v: float = 1.0
    free: tuple[str, ...] = ("w", "b")


@dataclass(frozen=True)
class Level:
    """A target, given as the network that makes it, and how the player may reach it."""

    key: str
    title: str
    units: tuple[Unit, ...]
    hints: tuple[str, ...]
    story: str = ""
    lesson: str = ""
    """What solving the level shows, in one line (said once it is solved)."""

    def target(self, x: FloatArray) -> FloatArray:
        """The target curve at x (the solution's output)."""
        return network_output(tuple((u.w, u.b, u.v) for u in self.units), x)

    def segments(self) -> tuple[Segment, ...]:
        """The target's linear pieces."""
        return segments(tuple((u.w, u.b, u.v) for u in self.units))

    def target_text(self, *, compact: bool = False) -> str:
        """'y = -2x + 2 on [0, 1]; y = x - 1 on [1, 2]; ...' (compact: '-2x+2 on [0,1], ...')."""
        pieces = [piece.describe(compact=compact) for piece in self.segments()]
        return (", " if compact else "; ").join(pieces)

    def solution(self) -> dict[str, float]:
        """The values of every free parameter that solve the level."""
        return {
            f"{name}{i}": getattr(unit, name)
            for i, unit in enumerate(self.units)
            for name in unit.free
        }

    def start_params(self) -> tuple[Param, ...]:
        """The free parameters at 0 (output weights at 1), in the order w, b, (v) per unit."""
        labels = {"w": "w", "b": "b", "v": "v"}
        subscript = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        params = []
        for i, unit in enumerate(self.units):
            for name in unit.free:
                start = 1.0 if name == "v" else 0.0
                helps = {
                    "w": f"unit {i}'s slope when on",
                    "b": f"unit {i}: on where wx+b > 0",
                    "v": f"unit {i}'s output weight",
                }
                params.append(
                    Param(
                        f"{name}{i}",
                        labels[name] + str(i).translate(subscript),
                        start,
                        step=STEP,
                        low=-LIMIT,
                        high=LIMIT,
                        help=helps[name],
                    )
                )
        return tuple(params)


def relu(z: FloatArray) -> FloatArray:
    return np.maximum(z, 0.0)


def snap(value: float) -> float:
    """The nearest value on the step grid, as k / SCALE (so 0.1 steps add up exactly)."""
    return round(value * SCALE) / SCALE + 0.0


def on_grid(value: float) -> bool:
    """Whether `value` is exactly a multiple of the step (k / SCALE)."""
    return snap(value) == value


def switch_text(w: float, b: float) -> str:
    """Where ReLU(w·x + b) is on over the x range: 'on for x > 1', 'always on', ..."""
    low, high = X_RANGE
    if w == 0:
        return "always on" if b > 0 else "always off"
    knot = -b / w
    if w > 0:
        if knot <= low:
            return "always on"
        return "always off" if knot >= high else f"on for x > {knot:g}"
    if knot >= high:
        return "always on"
    return "always off" if knot <= low else f"on for x < {knot:g}"


@dataclass(frozen=True)
class Segment:
    """y = slope·x + intercept on [start, end]."""

    start: float
    end: float
    slope: float
    intercept: float

    def formula(self) -> str:
        """'y = −2x + 2', with plain '-' signs; whole numbers print without decimals."""
        slope, intercept = round(self.slope, 9) + 0.0, round(self.intercept, 9) + 0.0
        named = {0.0: "", 1.0: "x", -1.0: "-x"}
        terms = named.get(slope, f"{slope:g}x")
        if intercept or not terms:
            sign = "-" if intercept < 0 and terms else ""
            value = f"{abs(intercept):g}" if terms else f"{intercept:g}"
            terms = f"{terms} {sign or '+'} {value}" if terms else value
        return f"y = {terms}"

    def describe(self, *, compact: bool = False) -> str:
        """'y = x - 1 on [1, 2]', or compact: 'x-1 on [1,2]'."""
        if compact:
            return f"{self.formula()[4:].replace(' ', '')} on [{self.start:g},{self.end:g}]"
        return f"{self.formula()} on [{self.start:g}, {self.end:g}]"


def segments(units: tuple[tuple[float, float, float], ...]) -> tuple[Segment, ...]:
    """The linear pieces of Σ vᵢ·ReLU(wᵢ·x + bᵢ) over the x range, merged where the slope holds."""
    low, high = X_RANGE
    knots = sorted({round(-b / w, 9) for w, b, _ in units if w != 0 and low < -b / w < high})
    edges = [low, *knots, high]
    pieces: list[Segment] = []
    for start, end in zip(edges[:-1], edges[1:], strict=True):
        mid = np.array([(start + end) / 2])
        slope = sum(v * w for w, b, v in units if w * mid[0] + b > 0)
        intercept = float(network_output(units, mid)[0]) - slope * float(mid[0])
        if pieces and abs(pieces[-1].slope - slope) < 1e-9:
            pieces[-1] = replace(pieces[-1], end=end)
        else:
            pieces.append(Segment(start, end, float(slope), intercept))
    return tuple(pieces)


def network_output(units: tuple[tuple[float, float, float], ...], x: FloatArray) -> FloatArray:
    """Σ vᵢ·ReLU(wᵢ·x + bᵢ)."""
    total = np.zeros_like(x, dtype=np.float64)
    for w, b, v in units:
        total = total + v * relu(w * x + b)
    return total
