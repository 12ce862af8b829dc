"""The Linear regions view as text and a plot: the window cut by activation pattern.

A ReLU network is one affine map on each region where every unit keeps its on/off state.
The view draws the regions' boundaries over the input window (the core counts them exactly,
`nn/regions.py`), says how many there are against the grid count (a lower bound), the
theoretical maximum for the architecture (Serra, Tjandraatmadja & Ramalingam 2018) and the
share of units dead in the window (a dead unit cuts nothing), and plots the count against
epochs. For a 1-D dataset it gives the kinks instead (`nn/kinks.py`). Pure building: the
screen and `--print dead --view regions` show the same.
"""

from __future__ import annotations

import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dead.figures import Row, Run
from relu_tui.lessons.dead.maps import window_of
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.kinks import Kinks, kinks
from relu_tui.nn.network import Network
from relu_tui.nn.regions import (
    RegionMap,
    activation_pieces,
    distinct_rows,
    linear_regions,
    max_regions,
    sampled_count,
)
from relu_tui.plotting.spec import PlotSpec, Series

__all__ = [
    "REGION_LIMIT",
    "RegionReading",
    "cached_regions",
    "count_figure",
    "read_regions",
    "region_rows",
    "region_text",
]

REGION_LIMIT = 20_000
"""Beyond this many regions the exact cut stops (a wide deep net can make millions): the
view says so and shows the grid count instead, so a redraw never hangs."""


@dataclass(frozen=True, eq=False)
class RegionReading:
    """What the view shows for one network: the exact map (2-D), the kinks (1-D) or why
    neither (a smooth activation, too many regions).

    Attributes:
        regions: the exact partition, or None.
        kinks: the 1-D pieces, or None.
        sampled: distinct patterns on a grid (2-D), -1 when not counted.
        bound: the architecture's maximum (2-D ReLU-like), or None.
        note: why there is no exact count, or "".
    """

    regions: RegionMap | None
    kinks: Kinks | None
    sampled: int
    bound: int | None
    note: str = ""

    @property
    def count(self) -> int | None:
        """The exact count (regions in 2-D, linear pieces on the data's range in 1-D)."""
        if self.regions is not None:
            return self.regions.count
        if self.kinks is not None:
            return self.kinks.pieces
        return None


_CACHE: OrderedDict[tuple[int, tuple[float, ...]], tuple[Network, RegionReading]] = OrderedDict()


GRID = 0
"""The view counts patterns on the corners of its own character grid (the map's cells), so
a redraw while training needs no second pass; `--print` counts on a finer grid."""
PRINT_GRID = 200


_CACHE_LOCK = threading.Lock()
"""The screen counts on a worker thread and draws on the UI thread: both use the cache."""


def _key(network: Network, dataset: Dataset, grid: int) -> tuple[int, tuple[float, ...]]:
    window = tuple(v for pair in dataset.domain for v in pair)
    return (id(network), (*window, float(grid)))


def cached_regions(network: Network, dataset: Dataset, *, grid: int = GRID) -> RegionReading | None:
    """The reading of `network` if it has been computed, else None (never computes)."""
    with _CACHE_LOCK:
        hit = _CACHE.get(_key(network, dataset, grid))
    return hit[1] if hit is not None and hit[0] is network else None


def read_regions(network: Network, dataset: Dataset, *, grid: int = GRID) -> RegionReading:
    """The regions of `network` over the dataset's window (cached for the last few nets)."""
    hit = cached_regions(network, dataset, grid=grid)
    if hit is not None:
        return hit
    reading = _read(network, dataset, grid)
    with _CACHE_LOCK:
        _CACHE[_key(network, dataset, grid)] = (network, reading)
        while len(_CACHE) > 4:
            _CACHE.popitem(last=False)
    return reading


def _read(network: Network, dataset: Dataset, grid: int) -> RegionReading:
    arch = network.arch
    if activation_pieces(network) is None:
        return RegionReading(
            None,
            None,
            -1,
            None,
            f"{arch.activation} is smooth: it bends everywhere, so there are no linear "
            "regions to count (pick relu, leaky_relu, prelu, relu6 or hardtanh)",
        )
    if not np.all(np.isfinite(network.theta)):
        return RegionReading(None, None, -1, None, "the parameters are not finite")
    two_pieces = arch.activation in ("relu", "leaky_relu", "prelu")
    if arch.features:
        return RegionReading(
            None, None, -1, None, "input features bend the regions: cut exactly for x1,x2 only"
        )
    if arch.sizes[0] == 1:
        lo, hi = dataset.domain[0]
        if arch.sizes[-1] != 1:
            return RegionReading(None, None, -1, None, "kinks are counted for one output")
        return RegionReading(None, kinks(network, lo, hi), -1, None)
    if arch.sizes[0] != 2:
        return RegionReading(None, None, -1, None, "regions are drawn for 2 inputs")
    window = window_of(dataset.domain)
    bound = max_regions(2, arch.hidden) if two_pieces else None
    sampled = sampled_count(network, window, grid) if grid > 0 else -1
    try:
        regions = linear_regions(network, window, limit=REGION_LIMIT)
    except OverflowError:
        return RegionReading(
            None,
            None,
            sampled,
            bound,
            f"more than {REGION_LIMIT:,} regions: too many to cut exactly here",
        )
    return RegionReading(regions, None, sampled, bound)


def region_text(reading: RegionReading, network: Network, width: int = 100) -> list[str]:
    """The view's sentences: the exact count against the grid count and the maximum, the
    count after each layer, and the dead units' share (shorter below 70 columns)."""
    arch = network.arch
    shape = "-".join(str(s) for s in arch.sizes)
    if reading.kinks is not None:
        k = reading.kinks
        return [
            f"1-D data: {k.summary()} (exact)",
            k.extrapolation(),
            f"{k.switches_in_range.size} unit switches in range; a switch whose bends cancel "
            "is no kink",
        ]
    if reading.regions is None:
        lines = [reading.note]
        if reading.sampled >= 0:
            lines.append(f"grid count: {reading.sampled} (a lower bound)")
        return lines
    regions = reading.regions
    counts = " -> ".join(str(c) for c in regions.layer_counts())
    dead = f"{regions.dead_units}/{regions.ever_on.size}"
    share = f"{100 * regions.dead_share:.0f}%"
    bound = reading.bound
    if width < 70:
        return [
            f"exact {regions.count}  grid {reading.sampled} (a lower bound)"
            + (f"  max {bound:,}" if bound is not None else ""),
            f"by layer {counts}  dead {dead} ({share})",
        ]
    return [
        f"exact regions: {regions.count}   grid count: {reading.sampled} (a lower bound)"
        + (f"   max for {shape}: {bound:,}" if bound is not None else ""),
        f"after each layer: {counts}   dead in the window: {dead} units ({share}), cutting nothing",
    ]


def region_rows(
    reading: RegionReading,
    network: Network,
    width: int,
    height: int,
    *,
    ascii_only: bool,
    upto: int | None = None,
    keys: bool = True,
) -> list[Row]:
    """The region map: boundary characters where a cell's corners lie in different regions
    ('|', '-', '/', '\\', '+'), blank inside a region, then the view's sentences.

    Args:
        upto: draw the cuts of hidden layers 1 ... upto + 1 only (None: all). Layer 1's
            cuts are straight lines; each later layer bends its lines where earlier units
            switch, so drawing layer by layer shows how depth folds the plane.
        keys: name the keys that change the layer (the screen; not --print).
    """
    layers = len(network.arch.hidden)
    upto = layers - 1 if upto is None else max(0, min(upto, layers - 1))
    text = _wrapped(region_text(reading, network, width), width)
    if reading.regions is not None and layers > 1:
        counts = reading.regions.layer_counts()
        which = f"layers 1-{upto + 1}" if upto else "layer 1"
        note = f"map: cuts of {which} ({counts[upto]})" + ("; [ ] for more" if keys else "")
        text[:0] = textwrap.wrap(note, max(20, width))
    rows_for_map = height - len(text)
    if reading.regions is None or rows_for_map < 3 or width < 8:
        return [(Run(line[:width], "note"),) for line in text]
    regions = reading.regions
    w, h = max(8, width), rows_for_map
    pattern = _corner_patterns(network, regions, w, h)
    _, ids = distinct_rows(pattern[:, : sum(network.arch.hidden[: upto + 1])])
    ids = ids.reshape(h + 1, w + 1)
    if reading.sampled < 0:  # the corners are the grid count's grid
        corners = replace(reading, sampled=int(distinct_rows(pattern)[0].size))
        start = len(text) - len(_wrapped(region_text(reading, network, width), width))
        text[start:] = _wrapped(region_text(corners, network, width), width)
    tl, tr, bl, br = ids[:-1, :-1], ids[:-1, 1:], ids[1:, :-1], ids[1:, 1:]
    vertical = (tl != tr) | (bl != br)
    horizontal = (tl != bl) | (tr != br)
    lone_tr_bl = ((tr != tl) & (tl == bl) & (bl == br)) | ((bl != tl) & (tl == tr) & (tr == br))
    lone_tl_br = ((tl != tr) & (tr == bl) & (bl == br)) | ((br != tl) & (tl == tr) & (tr == bl))
    chars = np.full((h, w), " ", dtype="<U1")
    chars[vertical & horizontal] = "+"
    chars[vertical & ~horizontal] = "|"
    chars[horizontal & ~vertical] = "-"
    chars[lone_tr_bl] = "\\"
    chars[lone_tl_br] = "/"
    rows: list[Row] = [(Run("".join(chars[r].tolist()), "line"),) for r in range(h)]
    rows += [(Run(line[:width], "note"),) for line in text]
    return rows


def _wrapped(lines: list[str], width: int) -> list[str]:
    return [piece for line in lines for piece in textwrap.wrap(line, max(20, width)) or [""]]


def _corner_patterns(network: Network, regions: RegionMap, w: int, h: int) -> npt.NDArray[np.int8]:
    """Every hidden unit's piece at each corner of a w x h cell grid, row by row from the
    top: shape ((h + 1) * (w + 1), units)."""
    x_lo, x_hi, y_lo, y_hi = regions.window
    xs = np.linspace(x_lo, x_hi, w + 1)
    ys = np.linspace(y_hi, y_lo, h + 1)
    gx, gy = np.meshgrid(xs, ys)
    pieces = activation_pieces(network)
    assert pieces is not None
    zs = network.pre_activations(np.column_stack([gx.ravel(), gy.ravel()]))[:-1]
    return np.concatenate([p.piece(z) for p, z in zip(pieces, zs, strict=True)], axis=1)


def count_figure(epochs: tuple[int, ...], counts: tuple[int, ...]) -> PlotSpec:
    """The exact region count against epoch while training."""
    if not epochs:
        return PlotSpec((), title="regions per epoch: train to see it (space)")
    x = np.asarray(epochs, dtype=np.float64)
    y = np.asarray(counts, dtype=np.float64)
    return PlotSpec(
        (Series(x, y, label="exact regions", color="blue"),),
        title=f"regions: {counts[-1]} at epoch {epochs[-1]}",
        short_title=f"regions {counts[-1]}",
        xlabel="epoch",
        xlim=(float(min(x[0], 0.0)), max(1.0, float(x[-1]))),
        ylim=(0.0, max(2.0, float(y.max()) * 1.1)),
    )


def regions_help() -> str:
    """The view's help paragraph."""
    return (
        "Regions: a ReLU network is one straight (affine) map on each region of the input "
        "plane where every unit keeps its on/off state; the boundaries are where some unit "
        "switches. The count is exact: the window is cut by every unit's zero line, layer by "
        "layer (on each region the next layer's pre-activations are affine, so their zero "
        "lines are straight there). 'grid' counts the distinct on/off patterns at the corners "
        f"of the map's cells ({PRINT_GRID}x{PRINT_GRID} points in --print), a lower bound. "
        "The maximum is "
        "Zaslavsky's 1 + n + n(n-1)/2 for one layer of n units and, for deeper nets, the "
        "bound of Serra, Tjandraatmadja & Ramalingam, 'Bounding and Counting Linear Regions "
        "of Deep Neural Networks' (ICML 2018). A dead unit cuts nothing. Compare depth "
        "against width at equal units: the data's shape, not the maximum, decides how many "
        f"a trained net uses ({fmt(REGION_LIMIT)} at most are cut exactly)."
    )
