"""Lines and points drawn with NumPy, dot for dot as plotext draws them.

plotext builds a figure point by point in pure Python: joining the points of a line,
grouping dots into braille cells and writing each cell take most of a plot's drawing time
(20-60 ms for a 120x40 figure on a small machine, most of a keypress's budget). For the
figures relu-tui draws most (lines and points in braille, on a 0..1 canvas with no frame
or ticks) this module computes the same cells with array operations, following plotext 5's
steps exactly: each value to a dot (`get_matrix_data`, with plotext's rounding to 8
places), the dots between two points of a line (`get_line`: max(|dx|, |dy|) + 1 evenly
spaced points, truncated towards zero), the dots of one series grouped into cells
(`hd_group`), cells off the canvas dropped, and a later series' cell replacing an earlier
one. One-character markers (ASCII, or without colour) follow the same steps a cell per
point. The colours a cell gets are read from plotext itself (`plotext_compat.mark_colors`).
Everything else (bars, plotext's half- and sixth-block markers) is left to plotext.
`tests/plotting/test_braille.py` compares the two on many random figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from relu_tui.plotting.plotext_compat import CharGrid, braille_chars, mark_colors, single_marker

Call = tuple[str, np.ndarray, np.ndarray, object, str]
"""kind ("plot" or "scatter"), x and y in 0..1, colour, marker ("braille" or one character)."""


def handles(kind: str, marker: str) -> bool:
    """Whether a series of this kind and marker is drawn here, not by plotext."""
    return kind in ("plot", "scatter") and (
        marker == "braille" or single_marker(marker) is not None
    )


def draw(calls: Sequence[Call], columns: int, rows: int) -> CharGrid:
    """The cells plotext would build for `calls` on a `columns` x `rows` canvas.

    Args:
        calls: series in drawing order (later ones over earlier ones), all `handles`.
        columns, rows: the canvas in characters (2 x 4 braille dots each, or one point).

    Returns:
        A CharGrid as `plotext_compat.grid_of` gives it, bottom row first.
    """
    table = np.array(braille_chars(), dtype=object)
    shown = np.full((rows, columns), " ", dtype=object)
    owner = np.full((rows, columns), -1, dtype=np.int32)
    for index, (kind, px, py, _, mark) in enumerate(calls):
        braille = mark == "braille"
        x = _dots(px, 2 * columns if braille else columns)
        y = _dots(py, 4 * rows if braille else rows)
        if kind == "plot":
            x, y = _joined(x, y)
        cell_x, cell_y = (x // 2, y // 4) if braille else (x, y)  # floor division, as Python's
        inside = (cell_x >= 0) & (cell_x < columns) & (cell_y >= 0) & (cell_y < rows)
        if not inside.any():
            continue
        cell_x, cell_y = cell_x[inside], cell_y[inside]
        if braille:
            bits = np.left_shift(1, (3 - y[inside] % 4) * 2 + x[inside] % 2)
            mine = np.zeros((rows, columns), dtype=np.int32)
            np.bitwise_or.at(mine, (cell_y, cell_x), bits)
            drawn = mine != 0
            shown[drawn] = table[mine[drawn]]  # a later series' cell replaces an earlier one's
            owner[drawn] = index
        else:
            shown[cell_y, cell_x] = single_marker(mark)
            owner[cell_y, cell_x] = index
    colors = [mark_colors(shade) for _, _, _, shade, _ in calls]
    marker: list[list[str]] = shown.tolist()
    fore: list[list[object]] = [[None] * columns for _ in range(rows)]
    style: list[list[object]] = [[None] * columns for _ in range(rows)]
    back: list[list[object]] = [[None] * columns for _ in range(rows)]
    for r, c in zip(*np.nonzero(owner >= 0), strict=True):
        row, column = int(r), int(c)
        fore[row][column], style[row][column], back[row][column] = colors[owner[row, column]]
    return CharGrid(rows, columns, marker, fore, style, back)


def _dots(values: np.ndarray, bins: int) -> np.ndarray:
    """Values in 0..1 to dot indices: plotext's `get_matrix_data` with limits (0, 1),
    floor(round(0.5 + (bins - 1) * v, 8)), its round taking halves up."""
    change = 0.5 + (bins - 1) * (np.asarray(values, dtype=np.float64) - 0.0) / 1.0
    scaled = change * 100000000
    low = np.floor(scaled)
    rounded = np.where(scaled - low < 0.5, low, np.ceil(scaled)) * 1e-08
    return np.floor(rounded).astype(np.int64)


def _joined(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The dots of a polyline: plotext's `get_lines`, each segment's max(|dx|, |dy|) + 1
    evenly spaced points but its last, truncated towards zero, then the last point."""
    if x.size < 2:
        return x, y
    x0, x1, y0, y1 = x[:-1], x[1:], y[:-1], y[1:]
    steps = np.maximum(np.abs(x1 - x0), np.abs(y1 - y0))  # points per segment, its end left
    denominator = np.maximum(steps, 1).astype(np.float64)
    slope_x = np.where(steps > 0, (x1 - x0) / denominator, 0.0)
    slope_y = np.where(steps > 0, (y1 - y0) / denominator, 0.0)
    segment = np.repeat(np.arange(steps.size), steps)
    starts = np.cumsum(steps) - steps
    i = np.arange(segment.size) - np.repeat(starts, steps)
    line_x = np.trunc(x0[segment] + i * slope_x[segment]).astype(np.int64)
    line_y = np.trunc(y0[segment] + i * slope_y[segment]).astype(np.int64)
    return np.append(line_x, x[-1]), np.append(line_y, y[-1])
