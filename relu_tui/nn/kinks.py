"""The kinks of a 1-D piecewise-linear network: exact breakpoints, pieces and the straight
line it becomes beyond its last kink.

A network with one input and a piecewise-affine activation is affine between the points where
some unit switches. They are found layer by layer, as the 2-D regions are (`nn/regions.py`):
on each interval every pre-activation z = g·x + h is affine, so a unit switches at
x = (t - h)/g for each breakpoint t of its activation, if that lies inside the interval. The
intervals start as the whole line, so the last one is unbounded and its line is the net's
extrapolation: past its last kink a ReLU net is a straight line, whatever the data did
(seed 003: trained on x = 1...99, y = x^2, it cannot follow the parabola beyond).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.types import FloatArray
from relu_tui.nn.model import Architecture, Network
from relu_tui.nn.pieces import activation_pieces

__all__ = ["Kinks", "kinks", "relu_sum_kinks", "sum_network"]


@dataclass(frozen=True, eq=False)
class Kinks:
    """A 1-D piecewise-linear function's pieces on the whole line, seen on [lo, hi].

    Attributes:
        lo, hi: the range looked at (the plot's).
        switches: every x where some unit switches (sorted; all of the line).
        edges: where the function's slope (or value) changes, sorted: the kinks.
        slopes, intercepts: y = slope·x + intercept on each piece between consecutive edges
            (len(edges) + 1 pieces, from -inf to +inf).
        units: "ReLU net" or "sum of shifted ReLUs", for the sentences.
    """

    lo: float
    hi: float
    switches: FloatArray
    edges: FloatArray
    slopes: FloatArray
    intercepts: FloatArray
    units: str = "ReLU net"

    @property
    def in_range(self) -> FloatArray:
        """The kinks strictly inside (lo, hi)."""
        return self.edges[(self.edges > self.lo) & (self.edges < self.hi)]

    @property
    def switches_in_range(self) -> FloatArray:
        """The unit switches strictly inside (lo, hi)."""
        return self.switches[(self.switches > self.lo) & (self.switches < self.hi)]

    @property
    def pieces(self) -> int:
        """The number of linear pieces on [lo, hi]: kinks inside it + 1."""
        return int(self.in_range.size) + 1

    @property
    def tail_start(self) -> float:
        """Where the last piece begins (-inf when the function is one straight line)."""
        return float(self.edges[-1]) if self.edges.size else -math.inf

    @property
    def tail(self) -> tuple[float, float]:
        """(slope, intercept) of the last piece, which runs on to +inf."""
        return float(self.slopes[-1]), float(self.intercepts[-1])

    def value(self, x: FloatArray) -> FloatArray:
        """The function from its pieces (for checks): slope·x + intercept of x's piece."""
        piece = np.searchsorted(self.edges, np.asarray(x, dtype=np.float64), side="right")
        return self.slopes[piece] * x + self.intercepts[piece]

    def extrapolation(self, digits: int = 4, *, compact: bool = False) -> str:
        """'beyond x = 98.7 the ReLU net is the straight line y = 301.2 x - 9800.'

        compact: 'beyond x = 98.7: ReLU net y = 301.2 x - 9800' (one short line)."""
        slope, intercept = self.tail
        line = _line(slope, intercept, digits)
        name = "ReLU net" if self.units == "ReLU net" else "ReLU sum"
        if compact:
            where = f"beyond x = {fmt(self.tail_start, digits)}" if self.edges.size else "all x"
            return f"{where}: {name} {line}"
        if not self.edges.size:
            return f"the {self.units} is the straight line {line} everywhere."
        start = fmt(self.tail_start, digits)
        return f"beyond x = {start} the {self.units} is the straight line {line}."

    def summary(self) -> str:
        """'3 kinks, 4 linear pieces on [0, 3]'."""
        n = int(self.in_range.size)
        kinks = "1 kink" if n == 1 else f"{n} kinks"
        piece = "1 linear piece" if self.pieces == 1 else f"{self.pieces} linear pieces"
        return f"{kinks}, {piece} on [{fmt(self.lo)}, {fmt(self.hi)}]"


def _line(slope: float, intercept: float, digits: int) -> str:
    if fmt(slope, digits) == "0":
        return f"y = {fmt(intercept, digits)}"
    sign = "-" if intercept < 0 else "+"
    return f"y = {fmt(slope, digits)} x {sign} {fmt(abs(intercept), digits)}"


def _representatives(bounds: FloatArray) -> FloatArray:
    """A point inside each interval between consecutive bounds (first is -inf, last +inf)."""
    left, right = bounds[:-1], bounds[1:]
    finite = np.isfinite(left) & np.isfinite(right)
    mid = np.where(finite, 0.5 * (np.where(finite, left, 0) + np.where(finite, right, 0)), 0.0)
    mid = np.where(~np.isfinite(left) & np.isfinite(right), right - 1.0, mid)
    mid = np.where(np.isfinite(left) & ~np.isfinite(right), left + 1.0, mid)
    return mid


def kinks(net: Network, lo: float, hi: float) -> Kinks:
    """The exact kinks of a network with one input and one output.

    Args:
        net: 1 input, 1 output, a piecewise-affine hidden activation.
        lo, hi: the range looked at (finite, lo < hi); the pieces cover the whole line.

    Returns:
        The Kinks. ValueError for other shapes, smooth activations or non-finite parameters.
    """
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError("the range needs finite lo < hi")
    if net.arch.sizes[0] != 1 or net.arch.sizes[-1] != 1:
        raise ValueError("kinks are found for networks with one input and one output")
    pieces = activation_pieces(net)
    if pieces is None:
        raise ValueError(f"{net.arch.activation} is smooth: it has no kinks")
    weights = [np.asarray(w, dtype=np.float64) for w in net.weights]
    biases = [np.asarray(b, dtype=np.float64) for b in net.biases]
    if not all(np.all(np.isfinite(p)) for p in (*weights, *biases)):
        raise ValueError("the network's parameters are not finite")
    bounds = np.array([-math.inf, math.inf])
    a_lin, a_off = np.ones((1, 1)), np.zeros((1, 1))  # a = a_lin·x + a_off on each interval
    switches: list[FloatArray] = []
    for layer, act in enumerate(pieces):
        g = a_lin @ weights[layer].T
        h = a_off @ weights[layer].T + biases[layer]
        roots = []
        with np.errstate(divide="ignore", invalid="ignore"):
            for t in act.breaks:
                r = (t - h) / g
                inside = (g != 0) & (r > bounds[:-1, None]) & (r < bounds[1:, None])
                roots.append(r[inside])
        new = np.unique(np.concatenate(roots)) if roots else np.empty(0)
        new = _merge_close(new)
        switches.append(new)
        old = bounds
        bounds = np.unique(np.concatenate([bounds, new]))
        parent = np.clip(np.searchsorted(old, _representatives(bounds), side="right") - 1, 0, None)
        g, h = g[parent], h[parent]
        x = _representatives(bounds)
        pattern = act.piece(g * x[:, None] + h)
        slope, offset = np.asarray(act.slopes)[pattern], np.asarray(act.offsets)[pattern]
        a_lin, a_off = slope * g, slope * h + offset
    out_slope = (a_lin @ weights[-1].T + 0.0)[:, 0]
    out_icpt = (a_off @ weights[-1].T + biases[-1])[:, 0]
    all_switches = np.unique(np.concatenate(switches)) if switches else np.empty(0)
    return _pieces(lo, hi, all_switches, bounds, out_slope, out_icpt, "ReLU net")


def _merge_close(points: FloatArray) -> FloatArray:
    """Points closer than 1e-12 (relative) are one switch."""
    if points.size < 2:
        return points
    scale = np.maximum(1.0, np.abs(points))
    keep = np.concatenate([[True], np.diff(points) > 1e-12 * scale[1:]])
    return points[keep]


def _pieces(
    lo: float,
    hi: float,
    switches: FloatArray,
    bounds: FloatArray,
    slopes: FloatArray,
    intercepts: FloatArray,
    units: str,
) -> Kinks:
    """Merge neighbouring intervals on the same line into one piece."""
    slope_scale = max(1.0, float(np.max(np.abs(slopes))))
    icpt_scale = max(1.0, float(np.max(np.abs(intercepts))), slope_scale * max(abs(lo), abs(hi)))
    same = (np.abs(np.diff(slopes)) <= 1e-9 * slope_scale) & (
        np.abs(np.diff(intercepts)) <= 1e-9 * icpt_scale
    )
    keep = np.concatenate([[True], ~same])
    return Kinks(
        lo=float(lo),
        hi=float(hi),
        switches=switches,
        edges=bounds[1:-1][~same],
        slopes=slopes[keep],
        intercepts=intercepts[keep],
        units=units,
    )


def sum_network(units: tuple[tuple[float, float, float], ...]) -> Network:
    """The network sum_i v_i·ReLU(w_i·x + b_i) (the Puzzle's units: a 1 -> n -> 1 ReLU net
    with output weights v_i and no output bias)."""
    w = np.array([[u[0]] for u in units], dtype=np.float64)
    b = np.array([u[1] for u in units], dtype=np.float64)
    v = np.array([[u[2] for u in units]], dtype=np.float64)
    return Network.from_layers(Architecture((1, len(units), 1)), [w, v], [b, np.zeros(1)])


def relu_sum_kinks(
    c: float, m: float, knots: FloatArray, weights: FloatArray, lo: float, hi: float
) -> Kinks:
    """The kinks of c + m·x + sum_i w_i·ReLU(x - h_i) (seed 002's sum of shifted ReLUs).

    Each hinge h_i with w_i != 0 is a kink, so on a range holding all of them there are
    hinges + 1 pieces; a hinge with w_i = 0 bends nothing and is no kink.
    """
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError("the range needs finite lo < hi")
    knots = np.asarray(knots, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    order = np.argsort(knots, kind="stable")
    knots, weights = knots[order], weights[order]
    bounds = np.concatenate([[-math.inf], knots, [math.inf]])
    # Past hinge i, every hinge up to i adds its weight to the slope and -w·h to the intercept.
    slopes = m + np.concatenate([[0.0], np.cumsum(weights)])
    intercepts = c - np.concatenate([[0.0], np.cumsum(weights * knots)])
    return _pieces(lo, hi, knots, bounds, slopes, intercepts, "sum of shifted ReLUs")
