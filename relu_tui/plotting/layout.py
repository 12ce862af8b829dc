"""Pure pieces of a plot's layout for render.py: the cell grid, clipping lines to the
plot area, legend placement and fitting text into cells. No plotext here."""

from __future__ import annotations

import math

import numpy as np

from relu_tui.plotting import axes
from relu_tui.plotting.axes import Axis
from relu_tui.plotting.spec import PlotSpec

Run = tuple[str, str]
"""(ANSI SGR codes that start the run, or "", the run's characters)."""

GRAY = "\x1b[38;5;8m"
"""plotext's "gray": reference lines and faint series."""

Cell = tuple[int, int]
"""(row, column) in the drawing, top-left (0, 0)."""


class Grid:
    """The drawing's cells: a character and its ANSI codes each."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.codes = [[""] * width for _ in range(height)]

    def put(self, row: int, col: int, text: str, codes: str = "") -> None:
        if not 0 <= row < self.height:
            return
        for offset, char in enumerate(text):
            c = col + offset
            if 0 <= c < self.width:
                self.chars[row][c] = char
                self.codes[row][c] = codes

    def runs(self, *, color: bool) -> list[list[Run]]:
        rows: list[list[Run]] = []
        for chars, codes in zip(self.chars, self.codes, strict=True):
            if not color:
                rows.append([("", "".join(chars))])
                continue
            runs: list[Run] = []
            start = 0
            for col in range(1, self.width + 1):
                if col == self.width or codes[col] != codes[start]:
                    runs.append((codes[start], "".join(chars[start:col])))
                    start = col
            rows.append(runs)
        return rows


ROW_DOTS = 4
"""Braille dots per cell, down: plotext places a braille series on 4 × rows dot rows."""

COLUMN_DOTS = 2
"""Braille dots per cell, across."""


def cell(position: float, cells: int, dots: int = 1) -> int:
    """The cell where a 0..1 position falls across `cells` cells of `dots` dots each.

    plotext's rule (its get_matrix_data) on the dot grid, then the cell holding that dot.
    Ticks, reference lines and every series use the braille grid (ROW_DOTS, COLUMN_DOTS),
    so a value sits on the row of its tick whatever marker draws it.
    """
    return math.floor(round(0.5 + (cells * dots - 1) * position, 8)) // dots


def snapped(positions: np.ndarray, cells: int, dots: int) -> np.ndarray:
    """Positions that plotext's one-dot-per-cell rule puts in the cell `cell(p, cells, dots)`
    gives: single-character markers (ASCII, bars) land where braille would."""
    with np.errstate(all="ignore"):
        dot = np.floor(np.round(0.5 + (cells * dots - 1) * positions, 8)) // dots
    return dot / max(cells - 1, 1)


def fit(text: str, room: int, short: str = "", *, ascii_only: bool) -> str:
    """`text` (or `short`, when `text` does not fit) in at most `room` characters."""
    ellipsis = "..." if ascii_only else "…"
    for candidate in (text, short):
        if candidate and len(candidate) <= room:
            return candidate
    best = short or text
    return best[: max(0, room - len(ellipsis))] + ellipsis if room > len(ellipsis) else best[:room]


def clip_polyline(
    x: np.ndarray, y: np.ndarray, margin: float = 0.02
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The parts of the polyline inside [-margin, 1 + margin]², cut exactly at its edges.

    plotext interpolates every segment cell by cell, so a segment to a point far outside
    (1e300 on a plot of 0..1) would cost it without end; cut here, it never sees one.
    """
    low, high = -margin, 1.0 + margin
    inside = (x >= low) & (x <= high) & (y >= low) & (y <= high)
    if inside.all():
        return [(x, y)]
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    run_x: list[float] = []
    run_y: list[float] = []
    for i in range(x.size - 1):
        clipped = clip_segment(x[i], y[i], x[i + 1], y[i + 1], low, high)
        if clipped is None:
            if run_x:
                pieces.append((np.array(run_x), np.array(run_y)))
                run_x, run_y = [], []
            continue
        (ax, ay), (bx, by) = clipped
        if run_x and (run_x[-1], run_y[-1]) != (ax, ay):
            pieces.append((np.array(run_x), np.array(run_y)))
            run_x, run_y = [], []
        if not run_x:
            run_x, run_y = [ax], [ay]
        run_x.append(bx)
        run_y.append(by)
        if not (low <= x[i + 1] <= high and low <= y[i + 1] <= high):
            pieces.append((np.array(run_x), np.array(run_y)))
            run_x, run_y = [], []
    if run_x:
        pieces.append((np.array(run_x), np.array(run_y)))
    # Cut points computed from segments spanning ~1e300 carry that much rounding error:
    # clamp them, so plotext's work stays bounded by the canvas whatever the input.
    bounded = []
    for px, py in pieces:
        keep = np.isfinite(px) & np.isfinite(py)
        if keep.any():
            bounded.append((np.clip(px[keep], low, high), np.clip(py[keep], low, high)))
    return bounded


def clip_segment(
    x0: float, y0: float, x1: float, y1: float, low: float, high: float
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Liang–Barsky: the part of the segment inside the square [low, high]², or None."""
    x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)  # overflow → inf, no warning
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - low), (dx, high - x0), (-dy, y0 - low), (dy, high - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if not math.isfinite(t):
            return None
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = (x0 + t0 * dx, y0 + t0 * dy) if t0 > 0 else (float(x0), float(y0))
    end = (x0 + t1 * dx, y0 + t1 * dy) if t1 < 1 else (float(x1), float(y1))
    return start, end


def legend_inside(
    grid: Grid,
    legend: list[tuple[str, str, str]],
    left: int,
    top: int,
    columns: int,
    rows: int,
    data: set[Cell],
) -> set[Cell] | None:
    """The legend in the first corner of the plot area that holds no data (and, if one
    can, no reference line either); None when every corner has data under it."""
    box_width = max(len(key) + 1 + len(label) for key, _, label in legend) + 1
    if len(legend) > rows or box_width > columns:
        return None
    corners = [
        (top, left),
        (top, left + columns - box_width),
        (top + rows - len(legend), left),
        (top + rows - len(legend), left + columns - box_width),
    ]
    best: tuple[int, int, int, set[Cell]] | None = None
    for row, col in corners:
        cells = {(r, c) for r in range(row, row + len(legend)) for c in range(col, col + box_width)}
        if cells & data:
            continue
        lines = sum(grid.chars[r][c] != " " for r, c in cells)
        if best is None or lines < best[0]:
            best = (lines, row, col, cells)
        if lines == 0:
            break
    if best is None:
        return None
    _, row, col, cells = best
    for index, (key, codes, label) in enumerate(legend):
        grid.put(row + index, col, " " * box_width)
        start = col if col == left else col + 1
        grid.put(row + index, start, key, codes)
        grid.put(row + index, start + len(key) + 1, label)
    return cells


def legend_in_border(
    grid: Grid, legend: list[tuple[str, str, str]], left: int, row: int, columns: int
) -> set[Cell] | None:
    """The legend written into the frame's top border, outside the data; None if too long."""
    pieces = [(f" {key}", codes, f" {label} ") for key, codes, label in legend]
    total = sum(len(k) + len(label) for k, _, label in pieces)
    if total > columns - 1:
        return None
    col = left + 1
    cells: set[Cell] = set()
    for key, codes, label in pieces:
        grid.put(row, col, key, codes)
        grid.put(row, col + len(key), label)
        cells |= {(row, c) for c in range(col, col + len(key) + len(label))}
        col += len(key) + len(label)
    return cells


def rows_needed(legend: list[tuple[str, str, str]], width: int) -> int:
    """The rows `legend_above` fills: entries two spaces apart, wrapped to the width."""
    rows, col = 1, 0
    for key, _, label in legend:
        size = len(key) + 1 + min(len(label), max(0, width - len(key) - 1))
        if col and col + size > width:
            rows, col = rows + 1, 0
        col += size + 2
    return rows


def legend_above(
    grid: Grid, legend: list[tuple[str, str, str]], first_row: int, count: int, width: int
) -> set[Cell]:
    """The legend on rows of its own above the plot, wrapped to the width."""
    row, col = first_row, 0
    cells: set[Cell] = set()
    for key, codes, label in legend:
        label = label[: max(0, width - len(key) - 1)]
        size = len(key) + 1 + len(label)
        if col and col + size > width:
            row, col = row + 1, 0
        if row >= first_row + count:
            break
        grid.put(row, col, key, codes)
        grid.put(row, col + len(key) + 1, label)
        cells |= {(row, c) for c in range(col, min(width, col + size))}
        col += size + 2
    return cells


def thinned(x: np.ndarray, y: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
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


def tick_cells(
    axis: Axis, cells: int, *, flip: bool, lines: tuple[float, ...] = ()
) -> list[tuple[int, str]]:
    """(cell from the start, label) per tick; one label per cell.

    Where two ticks fall in one cell, 0 or a reference line's value wins (so the zero line
    is on the row labelled 0), else the first. With `flip` the cell counts from the top
    (rows), else from the left (columns).
    """
    out: list[tuple[int, str]] = []
    used: set[int] = set()
    positions = (
        [float(p) for p in axis.unit(np.array(axis.ticks, dtype=np.float64))] if axis.ticks else []
    )
    marked = {0.0, *(float(v) for v in axes.drawn(np.array(lines, dtype=np.float64), axis.log))}
    order = sorted(
        zip(positions, axis.labels, axis.ticks, strict=True), key=lambda tick: tick[2] not in marked
    )
    for position, label, _ in order:
        if not -1e-9 <= position <= 1 + 1e-9:
            continue
        at = cell(float(position), cells, ROW_DOTS if flip else COLUMN_DOTS)
        if flip:
            at = cells - 1 - at
        if at in used:
            continue
        used.add(at)
        out.append((at, label))
    return sorted(out)


def x_ticks_fitted(
    low: float, high: float, log: bool, integer: bool, columns: int, left: int, width: int
) -> tuple[Axis, list[tuple[int, str, int]]]:
    """The x axis with as many ticks as fit, and (column in the canvas, label, start column
    in the drawing) for each: labels at least one space apart, inside the drawing."""
    count = max(1, min(8, columns // 6))
    while True:
        axis = axes.axis(low, high, log=log, count=count, integer=integer)
        placed = []
        end = -2
        fits = True
        for col, label in tick_cells(axis, columns, flip=False):
            start = min(max(0, left + col - len(label) // 2), width - len(label))
            if start <= end + 1:
                fits = False
                break
            placed.append((col, label, start))
            end = start + len(label) - 1
        if fits or count == 1:
            return axis, placed if fits else placed[:1]
        count -= 1


def reference_lines(
    grid: Grid,
    spec: PlotSpec,
    x_axis: Axis,
    y_axis: Axis,
    left: int,
    top: int,
    columns: int,
    rows: int,
    data: set[Cell],
    *,
    ascii_only: bool,
) -> None:
    """hlines, vlines and the grid, gray, in the cells no series drew in: a line at value v
    sits on the same row as the tick labelled v."""
    h_line, v_line, cross = ("-", "|", "+") if ascii_only else ("─", "│", "┼")
    h_rows: set[int] = set()
    v_cols: set[int] = set()
    levels = list(spec.hlines) if spec.hlines else []
    places = list(spec.vlines) if spec.vlines else []
    h_units = (
        [float(u) for u in y_axis.unit(axes.drawn(np.array(levels, dtype=float), y_axis.log))]
        if levels
        else []
    )
    v_units = (
        [float(u) for u in x_axis.unit(axes.drawn(np.array(places, dtype=float), x_axis.log))]
        if places
        else []
    )
    if spec.grid:
        h_units += [float(u) for u in y_axis.unit(np.array(y_axis.ticks, dtype=float))]
        v_units += [float(u) for u in x_axis.unit(np.array(x_axis.ticks, dtype=float))]
    for u in h_units:
        if math.isfinite(u) and -1e-9 <= u <= 1 + 1e-9:
            h_rows.add(top + rows - 1 - cell(u, rows, ROW_DOTS))
    for u in v_units:
        if math.isfinite(u) and -1e-9 <= u <= 1 + 1e-9:
            v_cols.add(left + cell(u, columns, COLUMN_DOTS))
    for r in h_rows:
        for c in range(left, left + columns):
            if (r, c) not in data:
                grid.put(r, c, cross if c in v_cols else h_line, GRAY)
    for c in v_cols:
        for r in range(top, top + rows):
            if (r, c) not in data and r not in h_rows:
                grid.put(r, c, v_line, GRAY)
