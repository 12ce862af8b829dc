"""Draw a PlotSpec as terminal text. The only module that imports plotext.

plotext keeps one global figure, so drawing is serialised by a lock. plotext is
imported on first use, not at import time, to keep start-up fast.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from relu_tui.plotting.spec import PlotSpec, Series

MIN_WIDTH = 12
MIN_HEIGHT = 5

_LOCK = threading.Lock()

ASCII_MARKERS = "*+ox#%@&"
"""Distinct plain-ASCII markers, one per series, for fonts without braille or colour."""

FAINT_MARKER = "."

_BOX_TO_ASCII = str.maketrans({
    "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
    "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "▌": "|", "▐": "|",
    "•": "*", "·": ".", "—": "-", "…": "...",
})


def _plotext() -> Any:
    import plotext

    return plotext


Run = tuple[str, str]
"""(ANSI SGR codes that start the run, or "", the run's characters)."""

ANSI_END = "\x1b[0m"


def plot_text(
    spec: PlotSpec, width: int, height: int, *, ascii_only: bool = False, color: bool = True
) -> str:
    """Render `spec` into a block of text exactly `width` × `height` cells.

    Args:
        spec: the figure.
        width, height: size in terminal cells.
        ascii_only: plain ASCII markers and frame instead of braille and box drawing.
        color: ANSI colours; when False the text has no escape codes, and series
            are told apart by their markers instead.

    Returns:
        The plot as lines joined by newlines; "" when the area is too small to draw in.
        (plotext's own text of the figure, character for character.)
    """
    rows = plot_runs(spec, width, height, ascii_only=ascii_only, color=color)
    if color:
        return "\n".join("".join(codes + chars + ANSI_END for codes, chars in row)
                         for row in rows)
    return "\n".join("".join(chars for _, chars in row) for row in rows)


def plot_runs(
    spec: PlotSpec, width: int, height: int, *, ascii_only: bool = False, color: bool = True
) -> list[list[Run]]:
    """The drawing of `plot_text`, top row first, each row as runs of one colour and style.

    A widget can style the runs directly instead of parsing escape codes back out of the
    text. Without colour every row is one run with no codes. [] when the area is too small.
    """
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return []
    plt = _plotext()
    with _LOCK:
        plt.clf()
        plt.limitsize(False, False)  # size to the widget, not to the real terminal
        plt.plotsize(width, height)
        plt.theme("clear")
        _draw(plt, spec, ascii_only=ascii_only, color=color, width=width)
        rows = _runs(plt, color=color)
    if ascii_only:
        rows = [[(codes, chars.translate(_BOX_TO_ASCII)) for codes, chars in row]
                for row in rows]
    return rows


def _runs(plt: Any, *, color: bool) -> list[list[Run]]:
    """plotext's finished character matrix as runs, without its text canvas.

    plotext's build() writes the matrix out cell by cell as one ANSI string (about a third
    of a plot's drawing time) which a widget would then parse back; this reads the matrix
    (plotext 5.3) and keeps plotext's run boundaries: a run ends where the colours change.
    """
    figure = plt._core._figure
    figure._set_sizes()
    figure._build_matrix()
    matrix = figure.monitor.matrix
    to_ansi = plt._utility.colors_to_ansi
    rows: list[list[Run]] = []
    for row in range(matrix.rows - 1, -1, -1):
        markers = matrix.marker[row]
        if not color:
            rows.append([("", "".join(markers))])
            continue
        cells = list(zip(matrix.fullground[row], matrix.style[row], matrix.background[row],
                         strict=True))
        runs: list[Run] = []
        start = 0
        for col in range(1, len(cells) + 1):
            if col == len(cells) or cells[col] != cells[start]:
                runs.append((to_ansi(*cells[start]), "".join(markers[start:col])))
                start = col
        rows.append(runs)
    return rows


def _marker(index: int, series: Series, *, ascii_only: bool, color: bool) -> str:
    if series.marker is not None and not (ascii_only and not series.marker.isascii()):
        return series.marker
    if series.faint:
        return FAINT_MARKER if (ascii_only or not color) else "braille"
    if ascii_only or (not color and index > 0):
        return ASCII_MARKERS[index % len(ASCII_MARKERS)]
    return "braille"


LIMIT = 1e12
"""Magnitudes beyond this are not drawn: plotext's tick arithmetic overflows near 1e300,
and no axis a person can read spans such a range."""


def _window(limits: tuple[float, float] | None) -> tuple[float, float]:
    """Values kept on an axis: a margin around explicit limits, else ±LIMIT."""
    if limits is None:
        return -LIMIT, LIMIT
    low, high = limits
    margin = max(abs(high - low), 1.0) * 10.0
    return max(low - margin, -LIMIT), min(high + margin, LIMIT)


def _finite(
    series: Series, spec: PlotSpec, *, log_x: bool, log_y: bool
) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(series.x, dtype=np.float64)
    y = np.asarray(series.y, dtype=np.float64)
    (x_low, x_high), (y_low, y_high) = _window(spec.xlim), _window(spec.ylim)
    keep = np.isfinite(x) & np.isfinite(y)
    keep &= (x >= x_low) & (x <= x_high) & (y >= y_low) & (y <= y_high)
    if log_x:
        keep &= x > 0
    if log_y:
        keep &= y > 0
    return x[keep], y[keep]


def _any_inside(x: np.ndarray, y: np.ndarray, spec: PlotSpec) -> bool:
    """Whether a point lies within the explicit limits (a series with none is drawn
    unlabelled: it is off the plot, or shows only as a segment crossing it)."""
    inside = np.ones(x.shape, dtype=bool)
    if spec.xlim is not None:
        inside &= (x >= min(spec.xlim)) & (x <= max(spec.xlim))
    if spec.ylim is not None:
        inside &= (y >= min(spec.ylim)) & (y <= max(spec.ylim))
    return bool(inside.any())


def _thinned(x: np.ndarray, y: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """At most about one point per cell for a line: plotext joins points with segments, and
    its cost grows with the point count (201 → 100 points halves a plot's drawing time),
    while a line sampled once per cell looks the same on a braille canvas."""
    limit = max(width, 40)
    if x.size <= limit:
        return x, y
    # Strictly increasing indexes: the spacing is above 1, so rounding cannot repeat one.
    # (np.unique would also do, but its first call imports numpy.ma: ~12 ms at start-up.)
    keep = np.linspace(0, x.size - 1, limit).round().astype(np.intp)
    return x[keep], y[keep]


def _draw(plt: Any, spec: PlotSpec, *, ascii_only: bool, color: bool, width: int) -> None:
    log_x, log_y = spec.xscale == "log", spec.yscale == "log"
    solid = 0
    # Faint context first, so the highlighted series are drawn over it.
    ordered = sorted(spec.series, key=lambda s: not s.faint)
    for series in ordered:
        x, y = _finite(series, spec, log_x=log_x, log_y=log_y)
        if x.size == 0:
            continue
        marker = _marker(solid, series, ascii_only=ascii_only, color=color)
        if not series.faint:
            solid += 1
        shade = "gray" if series.faint else series.color
        # plotext 5.3's legend fails (IndexError) for a labelled series it draws no point of.
        label = (series.label or None) if _any_inside(x, y, spec) else None
        if series.kind == "bar":
            plt.bar(x.tolist(), y.tolist(), label=label, color=shade,
                    marker=marker if ascii_only else "sd")
        elif series.kind == "scatter":
            plt.scatter(x.tolist(), y.tolist(), label=label, color=shade, marker=marker)
        else:
            x, y = _thinned(x, y, width)
            plt.plot(x.tolist(), y.tolist(), label=label, color=shade, marker=marker)
    for level in spec.hlines:
        if abs(level) <= LIMIT and (not log_y or level > 0):
            plt.hline(level, "gray")
    for place in spec.vlines:
        if abs(place) <= LIMIT and (not log_x or place > 0):
            plt.vline(place, "gray")
    if spec.xscale == "log":
        plt.xscale("log")
    if spec.yscale == "log":
        plt.yscale("log")
    if spec.xlim is not None:
        plt.xlim(*spec.xlim)
    if spec.ylim is not None:
        plt.ylim(*spec.ylim)
    if spec.title:
        plt.title(spec.title)
    if spec.xlabel:
        plt.xlabel(spec.xlabel)
    if spec.ylabel:
        plt.ylabel(spec.ylabel)
    if spec.grid:
        plt.grid(True, True)
