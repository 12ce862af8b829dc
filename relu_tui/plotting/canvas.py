"""The data of a plot drawn by plotext onto a grid: the series in drawn space, their
markers and legend keys, and the plotext calls (through `plotext_compat`) that draw them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from relu_tui.base.ascii import ascii_text
from relu_tui.base.types import FloatArray
from relu_tui.plotting import axes, braille
from relu_tui.plotting.axes import Axis
from relu_tui.plotting.layout import (
    COLUMN_DOTS,
    ROW_DOTS,
    Cell,
    Grid,
    clip_polyline,
    snapped,
    thinned,
)
from relu_tui.plotting.plotext_compat import CharGrid, colors_to_ansi, grid_of, new_figure
from relu_tui.plotting.spec import PlotSpec, Series

ASCII_MARKERS = "*ox#%@&$"
"""Distinct plain-ASCII markers, one per series, for fonts without braille or colour; none
is a frame, tick or reference-line glyph (+ - |), so a series is never mistaken for one."""

FAINT_MARKERS = ".:'~"
"""Markers of faint (gray) context series, in order, where braille cannot tell them apart."""


@dataclass
class Prepared:
    """The figure's series in drawn space (log10 on log axes), non-finite points removed."""

    series: list[tuple[Series, np.ndarray, np.ndarray]]
    """Faint series first (drawn under the others)."""
    x_values: np.ndarray
    y_values: np.ndarray
    x_integer: bool
    y_integer: bool
    notes: tuple[str, ...]


def prepare(spec: PlotSpec) -> Prepared:
    """The series in drawn space, notes on what cannot be drawn, and all values (lines too)."""
    log_x, log_y = spec.xscale == "log", spec.yscale == "log"
    prepared = []
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    raw_x: list[np.ndarray] = []
    raw_y: list[np.ndarray] = []
    dropped_log = False
    # Faint context first, so the highlighted series are drawn over it.
    for series in sorted(spec.series, key=lambda s: not s.faint):
        x = np.asarray(series.x, dtype=np.float64).ravel()
        y = np.asarray(series.y, dtype=np.float64).ravel()
        size = min(x.size, y.size)
        x, y = x[:size], y[:size]
        dx, dy = axes.drawn(x, log_x), axes.drawn(y, log_y)
        keep = np.isfinite(dx) & np.isfinite(dy)
        if not keep.all() and (log_x or log_y):
            finite = np.isfinite(x) & np.isfinite(y)
            dropped_log |= bool((finite & ~keep).any())
        prepared.append((series, dx[keep], dy[keep]))
        xs.append(dx[keep])
        ys.append(dy[keep])
        raw_x.append(x[keep])
        raw_y.append(y[keep])
    lines_x = axes.drawn(np.array(spec.vlines, dtype=np.float64), log_x)
    lines_y = axes.drawn(np.array(spec.hlines, dtype=np.float64), log_y)
    x_values = np.concatenate([*xs, lines_x[np.isfinite(lines_x)]])
    y_values = np.concatenate([*ys, lines_y[np.isfinite(lines_y)]])
    notes: tuple[str, ...] = ()
    if spec.series and not any(d.size for _, d, _ in prepared):
        notes = (
            "no values above 0 for the log scale"
            if dropped_log
            else "nothing to draw: no finite values",
        )
    data_x = np.concatenate(raw_x) if raw_x else np.empty(0)
    data_y = np.concatenate(raw_y) if raw_y else np.empty(0)
    return Prepared(
        prepared, x_values, y_values, axes.is_integer(data_x), axes.is_integer(data_y), notes
    )


_Call = tuple[str, FloatArray, FloatArray, str, str]
"""One plotext call: kind ("plot", "scatter" or "bar"), x, y in 0..1, colour, marker."""


def canvas(
    grid: Grid,
    prepared: Prepared,
    x_axis: Axis,
    y_axis: Axis,
    area: tuple[int, int, int, int],
    *,
    ascii_only: bool,
    color: bool,
) -> set[Cell]:
    """Draw every series on a 0..1 canvas and copy it into `grid` at `area` (left, top,
    columns, rows); returns the cells where a mark landed. Braille lines and points are
    drawn by `braille` (plotext's cells, with arrays); anything else by plotext itself."""
    left, top, columns, rows = area
    calls = _calls(prepared, x_axis, y_axis, columns, rows, ascii_only=ascii_only, color=color)
    if not calls:
        return set()
    if all(braille.handles(kind, marker) for kind, _, _, _, marker in calls):
        # plotext's cells, computed with arrays (most figures: a fraction of the time)
        return _copied(
            grid, braille.draw(calls, columns, rows), area, ascii_only=ascii_only, color=color
        )
    figure = new_figure(columns, rows)
    for kind, px, py, shade, marker in calls:
        if kind == "plot":
            figure.plot(px.tolist(), py.tolist(), color=shade, marker=marker)
        elif kind == "bar":
            base = 0.0 if y_axis.log else float(np.clip(y_axis.unit(np.zeros(1))[0], 0, 1))
            base = float(snapped(np.array([base]), rows, ROW_DOTS)[0])
            figure.bar(
                px.tolist(),
                py.tolist(),
                color=shade,
                minimum=base,
                marker=marker if ascii_only else "sd",
            )
        else:
            figure.scatter(px.tolist(), py.tolist(), color=shade, marker=marker)
    figure.xticks([], [])  # bars set their own ticks
    figure.yticks([], [])
    figure.xlim(0.0, 1.0)
    figure.ylim(0.0, 1.0)
    return _copied(grid, grid_of(figure), area, ascii_only=ascii_only, color=color)


def _calls(
    prepared: Prepared,
    x_axis: Axis,
    y_axis: Axis,
    columns: int,
    rows: int,
    *,
    ascii_only: bool,
    color: bool,
) -> list[_Call]:
    """The plotext calls that draw the series, in drawing order, clipped to the canvas."""
    calls: list[_Call] = []
    keys = markers(prepared, ascii_only=ascii_only, color=color)
    for series, dx, dy in prepared.series:
        if dx.size == 0:
            continue
        marker = keys[id(series)]
        shade = "gray" if series.faint else series.color
        ux, uy = x_axis.unit(dx), y_axis.unit(dy)
        # One character per cell (ASCII markers, bars): put on the braille grid's cells.
        single = marker != "braille" or series.kind == "bar"
        if series.kind == "line" and ux.size > 1:
            ux, uy = thinned(ux, uy, columns)
            for px, py in clip_polyline(ux, uy):
                if single:
                    px, py = snapped(px, columns, COLUMN_DOTS), snapped(py, rows, ROW_DOTS)
                calls.append(("plot", px, py, shade, marker))
        else:
            inside = (ux >= -0.01) & (ux <= 1.01) & (uy >= -0.01) & (uy <= 1.01)
            if inside.any():
                kind = "bar" if series.kind == "bar" else "scatter"
                px, py = ux[inside], uy[inside]
                if single:
                    py = snapped(py, rows, ROW_DOTS)
                    if kind != "bar":
                        px = snapped(px, columns, COLUMN_DOTS)
                calls.append((kind, px, py, shade, marker))
    return calls


def _copied(
    grid: Grid,
    matrix: CharGrid,
    area: tuple[int, int, int, int],
    *,
    ascii_only: bool,
    color: bool,
) -> set[Cell]:
    """Copy plotext's cells into `grid` at `area`; the cells where a mark landed."""
    left, top, columns, rows = area
    cells: set[Cell] = set()
    for r in range(min(rows, matrix.rows)):
        source = matrix.rows - 1 - r
        chars = matrix.marker[source]
        fore, style, back = matrix.fore[source], matrix.style[source], matrix.back[source]
        row, codes = grid.chars[top + r], grid.codes[top + r]
        for c in range(min(columns, matrix.cols)):
            char = chars[c]
            if char != " ":
                if ascii_only and not char.isascii():
                    char = "*"
                row[left + c] = char
                codes[left + c] = colors_to_ansi(fore[c], style[c], back[c]) if color else ""
                cells.add((top + r, left + c))
    return cells


def markers(prepared: Prepared, *, ascii_only: bool, color: bool) -> dict[int, str]:
    """Each series' marker (by id), told apart within the plot by more than colour:
    braille in colour, ASCII markers without colour or under --ascii; labelled faint series
    get faint markers of their own (an unlabelled faint series continues the one before)."""
    markers: dict[int, str] = {}
    solid, faint = 0, -1
    for series, dx, _ in prepared.series:
        if series.faint and (series.label or faint < 0):
            faint += 1
        own = series.marker
        if own is not None and not (ascii_only and not own.isascii()):
            markers[id(series)] = own
        elif series.faint:
            if color and not ascii_only:
                markers[id(series)] = (
                    "braille" if faint == 0 else FAINT_MARKERS[(faint - 1) % len(FAINT_MARKERS)]
                )
            else:
                markers[id(series)] = FAINT_MARKERS[faint % len(FAINT_MARKERS)]
        elif ascii_only or (not color and solid > 0):
            markers[id(series)] = ASCII_MARKERS[solid % len(ASCII_MARKERS)]
        else:
            markers[id(series)] = "braille"
        if not series.faint and dx.size:
            solid += 1
    return markers


def legend_entries(
    prepared: Prepared,
    spec: PlotSpec,
    x_axis: Axis,
    y_axis: Axis,
    *,
    ascii_only: bool,
    color: bool,
) -> list[tuple[str, str, str]]:
    """(key, its codes, label) per labelled series with a point inside the plot, in the
    figure's order; the key repeats the series' marker, in its colour."""
    text = ascii_text if ascii_only else (lambda s: s)
    entries = []
    keys = markers(prepared, ascii_only=ascii_only, color=color)
    drawn = {id(series): (dx, dy) for series, dx, dy in prepared.series}
    for series in spec.series:  # the legend lists them in the figure's order
        dx, dy = drawn[id(series)]
        marker = keys[id(series)]
        if not series.label or dx.size == 0:
            continue
        ux, uy = x_axis.unit(dx), y_axis.unit(dy)
        if not bool(((ux >= 0) & (ux <= 1) & (uy >= 0) & (uy <= 1)).any()):
            continue  # off the plot, or only a segment crossing it
        if marker == "braille":
            key = "••" if series.kind == "scatter" else "━━"
        else:
            key = marker[:1] * 2
        if ascii_only:
            key = ascii_text(key)
        shade = "gray" if series.faint else series.color
        codes = colors_to_ansi(shade, "default", "default") if color else ""
        entries.append((key, codes, text(series.label)))
    return entries
