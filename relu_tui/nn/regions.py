"""The linear regions a piecewise-linear MLP cuts a 2-D input window into, counted exactly.

On each region of the partition every hidden unit stays on one piece of its activation (for
ReLU: off or on), so the network is one affine map there. The partition is built layer by
layer: start from the window's rectangle; on each current region the next layer's
pre-activations z = W·a + b are affine in x (a is affine there), so every unit's switching
line z = 0 (or z = each breakpoint of the activation) is a straight line on it and splits the
convex region into at most two convex pieces. All regions are clipped against one line at a
time, together (padded vertex arrays), so 4 hidden layers of 32 units take well under a
second. Each region's pattern (the piece index of every unit) is read at its centroid.

Two cross-checks live here too: `sampled_count` counts the distinct patterns on a grid (a
lower bound: a region between grid points is missed), and `max_regions` is the theoretical
maximum for the architecture (Zaslavsky's count for one layer, 1 + n + n(n - 1)/2 in 2-D,
and Serra, Tjandraatmadja & Ramalingam 2018, Theorem 1, for deeper nets).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.model import Network
from relu_tui.nn.pieces import PIECEWISE, Pieces, activation_pieces

__all__ = [
    "PIECEWISE",
    "Pieces",
    "RegionMap",
    "activation_pieces",
    "distinct_rows",
    "linear_regions",
    "max_regions",
    "pattern_grid",
    "sampled_count",
]

Window = tuple[float, float, float, float]
"""(x1_lo, x1_hi, x2_lo, x2_hi)."""


@dataclass(frozen=True, eq=False)
class RegionMap:
    """The window cut into the network's linear regions.

    Attributes:
        window: (x1_lo, x1_hi, x2_lo, x2_hi).
        verts, counts: every region's vertices, counter-clockwise, padded to one array of
            shape (count, k_max, 2) (float64), and how many of each row are real.
        patterns: (count, total hidden units) int8: every unit's piece index on each region
            (for ReLU 1 = on, 0 = off), layer by layer.
        layer_sizes: the hidden layers' widths (to split a pattern row by layer).
        cuts: (total hidden units,) int: how many regions of its layer each unit split.
        ever_on: (total hidden units,) bool: the unit is above its lowest piece somewhere in
            the window (False: dead in the window; a dead unit cuts nothing).
    """

    window: Window
    verts: FloatArray
    counts: npt.NDArray[np.int64]
    patterns: npt.NDArray[np.int8]
    layer_sizes: tuple[int, ...]
    cuts: npt.NDArray[np.int64]
    ever_on: npt.NDArray[np.bool_]

    @property
    def count(self) -> int:
        """The exact number of linear (activation) regions inside the window."""
        return len(self.counts)

    @cached_property
    def polygons(self) -> tuple[FloatArray, ...]:
        """Each region's vertices as its own (k, 2) array, counter-clockwise."""
        return tuple(self.verts[i, : self.counts[i]].copy() for i in range(self.count))

    @property
    def dead_share(self) -> float:
        """The share of hidden units that never switch on inside the window."""
        return float(np.mean(~self.ever_on)) if self.ever_on.size else 0.0

    @property
    def dead_units(self) -> int:
        """How many hidden units never switch on inside the window."""
        return int(np.sum(~self.ever_on))

    def areas(self) -> FloatArray:
        """Each region's area (they sum to the window's)."""
        return _areas(self.verts, self.counts)

    def layer_counts(self) -> tuple[int, ...]:
        """Regions after each hidden layer's cuts (the last equals `count`)."""
        out, start = [], 0
        for size in self.layer_sizes:
            start += size
            out.append(distinct_rows(self.patterns[:, :start])[0].size if self.count else 0)
        return tuple(out)

    def region_at(self, x1: FloatArray, x2: FloatArray) -> npt.NDArray[np.int64]:
        """The index of the region holding each point (-1 outside the window): a point lies
        in the one convex polygon all of whose edges it is left of (ties go to the first)."""
        p = np.stack([np.ravel(x1), np.ravel(x2)], axis=1)
        out = np.full(len(p), -1, dtype=np.int64)
        for i, poly in enumerate(self.polygons):
            edge = np.roll(poly, -1, axis=0) - poly
            rel = p[:, None, :] - poly[None, :, :]
            cross = edge[None, :, 0] * rel[..., 1] - edge[None, :, 1] * rel[..., 0]
            inside = np.all(cross >= -1e-12 * _scale(self.window) ** 2, axis=1) & (out < 0)
            out[inside] = i
        return out.reshape(np.shape(x1))


def _scale(window: Window) -> float:
    return max(window[1] - window[0], window[3] - window[2], 1e-300)


def _check_window(window: Window) -> Window:
    lo1, hi1, lo2, hi2 = (float(v) for v in window)
    if not all(math.isfinite(v) for v in (lo1, hi1, lo2, hi2)) or hi1 <= lo1 or hi2 <= lo2:
        raise ValueError("the window needs finite bounds with lo < hi on both axes")
    return (lo1, hi1, lo2, hi2)


def linear_regions(
    net: Network, window: Window = (-1.0, 1.0, -1.0, 1.0), *, limit: int | None = None
) -> RegionMap:
    """The exact partition of `window` into the network's activation regions.

    Args:
        net: a network with 2 inputs and a piecewise-affine hidden activation.
        window: (x1_lo, x1_hi, x2_lo, x2_hi).
        limit: stop with OverflowError once there are more regions than this (a wide, deep
            net can cut millions; None: no limit).

    Returns:
        The RegionMap. Raises ValueError for other input sizes, smooth activations or
        non-finite parameters.
    """
    window = _check_window(window)
    pieces, weights, biases = _layers(net)
    lo1, hi1, lo2, hi2 = window
    scale = _scale(window)
    # verts (P, K, 2), counts (P,): padded convex polygons; g (P, units, 2), h (P, units):
    # the current layer's pre-activations z = g·x + h on each polygon.
    verts = np.array([[[lo1, lo2], [hi1, lo2], [hi1, hi2], [lo1, hi2]]])
    counts = np.array([4])
    a_lin = np.broadcast_to(np.eye(2), (1, 2, 2)).copy()
    a_off = np.zeros((1, 2))
    patterns = np.zeros((1, 0), dtype=np.int8)
    cuts: list[int] = []
    ever_on: list[bool] = []
    for layer, act in enumerate(pieces):
        w, b = weights[layer], biases[layer]
        g = np.matmul(w, a_lin)
        h = a_off @ w.T + b
        # origin: each current polygon's polygon at the start of the layer (where g, h
        # are indexed), composed through the cuts instead of copying g and h every time.
        origin = np.arange(len(counts))
        for unit in range(w.shape[0]):
            split = 0
            for t in act.breaks:
                verts, counts, parents, n_split = _cut(
                    verts, counts, g[origin, unit], h[origin, unit] - t, scale
                )
                origin = origin[parents]
                split += n_split
                if limit is not None and len(counts) > limit:
                    raise OverflowError(f"more than {limit} regions")
            cuts.append(split)
        g, h, patterns = g[origin], h[origin], patterns[origin]
        centre = _centroids(verts, counts)
        z = np.einsum("pok,pk->po", g, centre) + h
        layer_pattern = act.piece(z)
        ever_on.extend(np.any(layer_pattern > 0, axis=0).tolist())
        slope = np.asarray(act.slopes)[layer_pattern]
        offset = np.asarray(act.offsets)[layer_pattern]
        a_lin = slope[..., None] * g
        a_off = slope * h + offset
        patterns = np.concatenate([patterns, layer_pattern], axis=1)
    return RegionMap(
        window=window,
        verts=verts,
        counts=counts,
        patterns=patterns,
        layer_sizes=net.arch.hidden,
        cuts=np.array(cuts, dtype=np.int64),
        ever_on=np.array(ever_on, dtype=bool),
    )


def _layers(
    net: Network,
) -> tuple[list[Pieces], list[npt.NDArray[np.float64]], list[npt.NDArray[np.float64]]]:
    """Each hidden layer's activation as Pieces, and the weights and biases in float64.

    Raises:
        ValueError: not 2 inputs, a smooth activation, or parameters that are not finite.
    """
    if net.arch.sizes[0] != 2:
        raise ValueError("linear regions are drawn for networks with 2 inputs")
    pieces = activation_pieces(net)
    if pieces is None:
        raise ValueError(
            f"{net.arch.activation} is smooth: it has no linear regions (only piecewise-"
            "linear activations such as ReLU and Leaky ReLU cut the plane into pieces)"
        )
    theta = np.asarray(net.theta, dtype=np.float64)
    if not np.all(np.isfinite(theta)):
        raise ValueError("the network's parameters are not finite")
    weights = [np.asarray(w, dtype=np.float64) for w in net.with_theta(theta).weights]
    biases = [np.asarray(b, dtype=np.float64) for b in net.with_theta(theta).biases]
    return pieces, weights, biases


def _centroids(verts: FloatArray, counts: npt.NDArray[np.int64]) -> FloatArray:
    """The mean of each polygon's vertices: inside it, as the polygon is convex."""
    mask = np.arange(verts.shape[1])[None, :] < counts[:, None]
    return np.sum(verts * mask[..., None], axis=1) / counts[:, None]


def _cut(
    verts: FloatArray,
    counts: npt.NDArray[np.int64],
    g: FloatArray,
    h: FloatArray,
    scale: float,
) -> tuple[FloatArray, npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """Split every polygon by its line g·x + h = 0 (Sutherland-Hodgman, all at once).

    Vertices within a tolerance of the line count as on it, so a line through a vertex or
    along an edge makes no sliver; a split leaving a piece of (near) zero area is not made.
    A split polygon's positive half takes its row; the negative halves are appended.

    Returns:
        The new padded polygons, their vertex counts, each one's parent index, and how many
        polygons were split.
    """
    n_poly, k = verts.shape[0], verts.shape[1]
    idx = np.arange(k)[None, :]
    valid = idx < counts[:, None]
    f = g[:, 0, None] * verts[..., 0] + g[:, 1, None] * verts[..., 1] + h[:, None]
    tol = 1e-9 * (np.abs(g).sum(axis=1) * scale + np.abs(h) + 1e-300)
    pos = valid & (f > tol[:, None])
    neg = valid & (f < -tol[:, None])
    cross = np.flatnonzero(np.any(pos, axis=1) & np.any(neg, axis=1))
    if len(cross) == 0:
        return verts, counts, np.arange(n_poly), 0
    v, c, fs = verts[cross], counts[cross], f[cross]
    sp, sn = pos[cross], neg[cross]
    rows = np.arange(len(cross))[:, None]
    nxt = np.where(idx + 1 < c[:, None], idx + 1, 0)
    v_next, f_next = v[rows, nxt], fs[rows, nxt]
    strict = (sp & sn[rows, nxt]) | (sn & sp[rows, nxt])
    lam = np.where(strict, fs / np.where(strict, fs - f_next, 1.0), 0.0)
    point = v + lam[..., None] * (v_next - v)
    pts = np.stack([v, point], axis=2).reshape(len(cross), 2 * k, 2)
    halves = []
    for own in (~sn & valid[cross], ~sp & valid[cross]):
        # Each edge emits its start vertex (if on this side) and then the crossing point.
        emit = np.stack([own, strict], axis=2).reshape(len(cross), 2 * k)
        order = np.argsort(~emit, axis=1, kind="stable")
        halves.append((pts[rows, order], emit.sum(axis=1)))
    (p_v, p_c), (n_v, n_c) = halves
    both = _areas(np.concatenate([p_v, n_v]), np.concatenate([p_c, n_c])) > 1e-12 * scale**2
    good = both[: len(cross)] & both[len(cross) :]
    cross, p_v, p_c, n_v, n_c = cross[good], p_v[good], p_c[good], n_v[good], n_c[good]
    if len(cross) == 0:
        return verts, counts, np.arange(n_poly), 0
    width = int(max(k, p_c.max(), n_c.max()))
    if width > k:
        verts = np.concatenate([verts, np.zeros((n_poly, width - k, 2))], axis=1)
    else:
        verts = verts.copy()
    verts[cross] = p_v[:, :width]
    counts = counts.copy()
    counts[cross] = p_c
    verts = np.concatenate([verts, n_v[:, :width]])
    counts = np.concatenate([counts, n_c])
    return verts, counts, np.concatenate([np.arange(n_poly), cross]), len(cross)


def _areas(verts: FloatArray, counts: npt.NDArray[np.int64]) -> FloatArray:
    """The shoelace area of every padded polygon (padding repeats no vertex: the closing
    edge is taken from each polygon's own last vertex)."""
    x, y = verts[..., 0], verts[..., 1]
    live = np.arange(verts.shape[1])[None, :] < counts[:, None] - 1
    cross = np.where(live[:, :-1], x[:, :-1] * y[:, 1:] - x[:, 1:] * y[:, :-1], 0.0)
    rows = np.arange(len(counts))
    last = counts - 1
    closing = x[rows, last] * y[:, 0] - x[:, 0] * y[rows, last]
    return 0.5 * (cross.sum(axis=1) + closing)


def pattern_grid(net: Network, window: Window, points: int = 200) -> npt.NDArray[np.int8]:
    """Every hidden unit's piece index at each point of a points x points grid over the
    window (corners included): shape (points * points, total hidden units), int8."""
    window = _check_window(window)
    pieces = activation_pieces(net)
    if pieces is None:
        raise ValueError(f"{net.arch.activation} is smooth: it has no linear regions")
    lo1, hi1, lo2, hi2 = window
    x1, x2 = np.meshgrid(np.linspace(lo1, hi1, points), np.linspace(lo2, hi2, points))
    grid = np.stack([x1.ravel(), x2.ravel()], axis=1)
    # The forward pass in float64 through the activation itself (not through Pieces), so
    # the count is an independent check of the partition.
    act = ACTIVATIONS[net.arch.activation]
    kwargs = net.arch.kwargs
    slopes = net.slopes
    weights, biases = net.weights, net.biases
    a, zs = grid, []
    for layer in range(len(pieces)):
        z = a @ np.asarray(weights[layer], dtype=np.float64).T + biases[layer]
        zs.append(z)
        a = np.asarray(
            act(z, **(kwargs if slopes is None else {"weight": slopes[layer]})), dtype=np.float64
        )
    return np.concatenate([p.piece(z) for p, z in zip(pieces, zs, strict=True)], axis=1)


def sampled_count(net: Network, window: Window, points: int = 200) -> int:
    """The number of distinct activation patterns on a grid over the window: a lower bound
    on the exact count (a region that holds no grid point is missed)."""
    return int(distinct_rows(pattern_grid(net, window, points))[0].size)


def distinct_rows(
    patterns: npt.NDArray[np.int8],
) -> tuple[npt.NDArray[np.void], npt.NDArray[np.intp]]:
    """The distinct rows of a pattern array and each row's index among them.

    Each row is viewed as one opaque byte string, so NumPy sorts one column instead of
    comparing rows column by column (`np.unique(axis=0)`): some 50 times faster."""
    rows = np.ascontiguousarray(patterns)
    keys = rows.view(np.dtype((np.void, max(1, rows.shape[1] * rows.itemsize))))
    if rows.shape[1] == 0:
        keys = np.zeros((rows.shape[0], 1), dtype=np.int8).view(np.dtype((np.void, 1)))
    unique, inverse = np.unique(keys.ravel(), return_inverse=True)
    return unique, inverse.ravel()


def max_regions(n_in: int, hidden: tuple[int, ...]) -> int:
    """The most linear regions a ReLU network of these sizes can have (Serra,
    Tjandraatmadja & Ramalingam 2018, "Bounding and Counting Linear Regions of Deep Neural
    Networks", Theorem 1):

        sum over (j_1..j_L) in J of prod_l C(n_l, j_l), where J holds the j with
        0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l).

    For one hidden layer this is Zaslavsky's count of an arrangement of n lines in general
    position, sum_{j <= n_0} C(n, j): 1 + n + n(n - 1)/2 in 2-D, and it is tight there.
    Computed exactly over the running minimum d = min(n_0, n_l - j_l, ...).
    """
    ways: dict[int, int] = {n_in: 1}
    for n in hidden:
        nxt: dict[int, int] = {}
        for d, count in ways.items():
            for j in range(min(d, n) + 1):
                key = min(d, n - j)
                nxt[key] = nxt.get(key, 0) + count * math.comb(n, j)
        ways = nxt
    return sum(ways.values())
