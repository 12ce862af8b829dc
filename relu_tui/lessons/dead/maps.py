"""Unit maps: what every unit of one layer computes over the input window, as text.

TensorFlow Playground's small pictures, in character cells: each unit's activation over the
window is shaded from its lowest value (blank) to its highest (full), dead units are marked,
and the chosen unit is drawn large with its zero line z = 0 (for layer 1 the straight line
w1·x1 + w2·x2 + b = 0, drawn through the cells it crosses). Pure text building: the screen
and `--print dead --view maps` draw the same rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.base.types import FloatArray
from relu_tui.lessons.dead.figures import Row, Run
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.network import Network

__all__ = ["MapLayout", "layer_equation", "map_layout", "unit_maps", "window_of"]

RAMP_UNICODE = " ░▒▓█"
RAMP_ASCII = " .:-=+*#%@"
"""Shades from the unit's lowest value to its highest; ASCII has its own, longer ramp."""

SMALL_W, SMALL_H = 10, 4
"""A small map's size in cells (a terminal cell is about twice as tall as wide)."""


def window_of(domain: tuple[tuple[float, float], ...]) -> tuple[float, float, float, float]:
    """The input window a 2-D dataset's maps are drawn over: its domain."""
    (x_lo, x_hi), (y_lo, y_hi) = domain[0], domain[1]
    return (float(x_lo), float(x_hi), float(y_lo), float(y_hi))


def _activations(
    network: Network, layer: int, window: tuple[float, float, float, float], cols: int, rows: int
) -> tuple[FloatArray, FloatArray]:
    """Pre-activations z and activations a of `layer` at the centres of a cols x rows grid
    (row 0 at the top: x2 falls down the rows); shapes (rows, cols, units)."""
    x_lo, x_hi, y_lo, y_hi = window
    xs = x_lo + (np.arange(cols) + 0.5) * (x_hi - x_lo) / cols
    ys = y_hi - (np.arange(rows) + 0.5) * (y_hi - y_lo) / rows
    gx, gy = np.meshgrid(xs, ys)
    z = network.pre_activations(np.column_stack([gx.ravel(), gy.ravel()]))[layer]
    arch = network.arch
    kwargs = arch.kwargs if network.slopes is None else {"weight": network.slopes[layer]}
    with np.errstate(all="ignore"):
        a = ACTIVATIONS[arch.activation](z, **kwargs)
    return z.reshape(rows, cols, -1), a.reshape(rows, cols, -1)


def _shade(values: FloatArray, ramp: str) -> npt.NDArray[np.str_]:
    """Each value as a ramp character, scaled between the map's own lowest and highest."""
    finite = np.isfinite(values)
    if not finite.any():
        return np.full(values.shape, "?", dtype="<U1")
    lo, hi = float(values[finite].min()), float(values[finite].max())
    span = hi - lo
    if span <= 1e-12 * max(1.0, abs(hi)):
        level = np.zeros(values.shape, dtype=int)
    else:
        level = np.rint((np.where(finite, values, lo) - lo) / span * (len(ramp) - 1)).astype(int)
    chars = np.array(list(ramp))[np.clip(level, 0, len(ramp) - 1)]
    chars[~finite] = "?"
    return chars


def _line_cells(
    network: Network,
    layer: int,
    unit: int,
    window: tuple[float, float, float, float],
    w: int,
    h: int,
) -> npt.NDArray[np.str_]:
    """Where the unit's zero line z = 0 crosses each cell: '-', '|', '/', '\\', or ''.

    The cell's four corners are evaluated: a sign change between them puts the line in
    the cell, and z's slope across the cell (in screen proportions: a cell is twice as tall
    as wide) picks the character."""
    x_lo, x_hi, y_lo, y_hi = window
    xs = np.linspace(x_lo, x_hi, w + 1)
    ys = np.linspace(y_hi, y_lo, h + 1)
    gx, gy = np.meshgrid(xs, ys)
    z = network.pre_activations(np.column_stack([gx.ravel(), gy.ravel()]))[layer][:, unit]
    z = z.reshape(h + 1, w + 1)
    tl, tr, bl, br = z[:-1, :-1], z[:-1, 1:], z[1:, :-1], z[1:, 1:]
    corners = np.stack([tl, tr, bl, br])
    crossed = (corners.max(axis=0) > 0) & (corners.min(axis=0) <= 0)
    dx = 0.5 * ((tr - tl) + (br - bl))  # change of z per cell to the right
    dy = 0.5 * ((bl - tl) + (br - tr))  # ... per cell down
    # The line runs along (-dy, dx) in cells; on screen a row is ~2 columns tall.
    along_x, along_y = -dy, 2.0 * dx
    angle = np.degrees(np.arctan2(-along_y, along_x)) % 180  # screen angle, up positive
    chars = np.where(
        (angle < 22.5) | (angle >= 157.5),
        "-",
        np.where(angle < 67.5, "/", np.where(angle < 112.5, "|", "\\")),
    )
    return np.where(crossed, chars, "")


@dataclass(frozen=True)
class MapLayout:
    """How the maps fit a width x height area: the large map's size, and the small grid."""

    big_w: int
    big_h: int
    per_row: int
    grid_rows: int

    @property
    def shown(self) -> int:
        """How many small maps fit."""
        return self.per_row * self.grid_rows


def map_layout(width: int, height: int) -> MapLayout:
    """The large map takes the top ~40% (at most 12 rows), the small maps the rest: at
    80x24 (46 x 20 for the view) 2 rows of 4 small maps, 8 of a 16-unit layer."""
    per_row = max(1, (width + 1) // (SMALL_W + 1))
    big_h = max(4, min(12, (height - 2) * 2 // 5))
    free = height - big_h - 3  # the heading, the equation and the paging note
    grid_rows = max(1, free // (SMALL_H + 1))
    big_w = max(8, min(width - 18, 4 * big_h))
    return MapLayout(big_w, big_h, per_row, grid_rows)


def layer_equation(network: Network, layer: int, unit: int) -> str:
    """Layer 1's zero line exactly, 'z = 1.2 x1 - 0.3 x2 + 0.1 = 0' (with input features,
    their terms: a curve over x1, x2); deeper layers' zero
    sets bend where earlier units switch, so they are named, not written out."""
    if layer > 0:
        return f"z = 0 of L{layer + 1} u{unit + 1} bends where earlier units switch"
    w = network.weights[0][unit]
    b = float(network.biases[0][unit])
    names = network.arch.features or ("x1", "x2")
    parts = [f"{fmt(float(w[0]), 3)} {names[0]}"]
    for coef, name in (*zip(map(float, w[1:]), names[1:], strict=True), (b, "")):
        sign = "-" if coef < 0 else "+"
        parts.append(f"{sign} {fmt(abs(coef), 3)}{' ' + name if name else ''}")
    return "line: " + " ".join(parts) + " = 0"


def unit_maps(
    network: Network,
    window: tuple[float, float, float, float],
    layer: int,
    unit: int,
    width: int,
    height: int,
    *,
    dead: npt.NDArray[np.bool_] | None = None,
    ascii_only: bool,
    page: int | None = None,
) -> list[Row]:
    """The chosen layer's units as maps: the chosen unit large with its zero line, then a
    grid of small maps (the page holding the chosen unit), and how to page to the rest.

    Args:
        network: a network with 2 inputs.
        window: (x1_lo, x1_hi, x2_lo, x2_hi).
        layer, unit: the chosen hidden layer and unit (0-based, clamped).
        width, height: the area in cells.
        dead: per unit of the layer, dead on the data (marked 'DEAD'); None: not known.
        ascii_only: the ASCII ramp and marks.
        page: the page of small maps (None: the one holding `unit`).
    """
    if network.arch.n_inputs != 2:
        return [(Run("unit maps need 2 inputs: pick a 2-D dataset (spirals, circles, ...)"),)]
    layer = max(0, min(layer, len(network.arch.hidden) - 1))
    units = network.arch.hidden[layer]
    unit = max(0, min(unit, units - 1))
    ramp = RAMP_ASCII if ascii_only else RAMP_UNICODE
    lay = map_layout(width, height)
    rows: list[Row] = []
    _, a_big = _activations(network, layer, window, lay.big_w, lay.big_h)
    big = _shade(a_big[..., unit], ramp)
    line = _line_cells(network, layer, unit, window, lay.big_w, lay.big_h)
    is_dead = dead is not None and bool(dead[unit])
    head = f"L{layer + 1} unit {unit + 1} of {units}" + ("  DEAD" if is_dead else "")
    rows.append((Run(head, "dead" if is_dead else "head"),))
    side = [
        f"{ramp[1]}..{ramp[-1]}: low..high",
        "activation over",
        "x1 (across) and",
        "x2 (up)",
        "/-|\\: z = 0",
        "",
        "[ ] layer",
        "< > unit",
        "pgup pgdn",
        "  page",
    ]
    for r in range(lay.big_h):
        runs: list[Run] = []
        cells = big[r]
        for c in range(lay.big_w):
            mark = str(line[r, c])
            runs.append(Run(mark, "line") if mark else Run(str(cells[c]), "shade"))
        text = side[r] if r < len(side) else ""
        rows.append((*_merge(runs), Run("  " + text, "label")))
    rows.append((Run(layer_equation(network, layer, unit)[:width], "note"),))
    per_page = lay.shown
    pages = max(1, math.ceil(units / per_page))
    current = unit // per_page if page is None else max(0, min(page, pages - 1))
    first = current * per_page
    _, a_small = _activations(network, layer, window, SMALL_W, SMALL_H)
    for g in range(lay.grid_rows):
        members = list(range(first + g * lay.per_row, min(units, first + (g + 1) * lay.per_row)))
        if not members:
            break
        label: list[Run] = []
        for k, u in enumerate(members):
            text = f"{'>' if u == unit else ' '}u{u + 1}"
            if dead is not None and dead[u]:
                text += " dead"
            label.append(Run(text[:SMALL_W].ljust(SMALL_W) + (" " if k < len(members) - 1 else "")))
            if dead is not None and dead[u]:
                label[-1] = Run(label[-1].text, "dead")
        rows.append(tuple(label))
        shades = [_shade(a_small[..., u], ramp) for u in members]
        for r in range(SMALL_H):
            runs = []
            for k, (u, shade) in enumerate(zip(members, shades, strict=True)):
                cell = "".join(shade[r].tolist())
                if dead is not None and dead[u]:
                    cell = ("x" if ascii_only else "╳") * SMALL_W if r == SMALL_H // 2 else cell
                runs.append(Run(cell, "dead" if dead is not None and dead[u] else "shade"))
                if k < len(members) - 1:
                    runs.append(Run(" "))
            rows.append(tuple(_merge(runs)))
    last = min(units, first + per_page)
    if pages > 1:
        note = f"units {first + 1}-{last} of {units} (page {current + 1}/{pages}): pgdn, pgup"
    else:
        note = f"all {units} units of layer {layer + 1}"
    rows.append((Run(note[:width], "note"),))
    return rows


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].kind == run.kind:
            merged[-1] = Run(merged[-1].text + run.text, run.kind)
        else:
            merged.append(run)
    return merged
