"""Draw a PlotSpec as terminal text. The only module that imports plotext.

plotext draws the data only (lines, points, bars), on a canvas whose axes run from 0 to 1:
this module scales every series onto it, so plotext never sees a value it could overflow
on (subnormals, 1e300), and lays out everything around the canvas itself, for every plot
at once: the title (shortened, never dropped), the frame, round ticks whose labels fit in
8 characters (`axes.py`), reference lines on the row their tick names, the legend where it
covers no data (an empty corner, else the top border, else rows of its own), and a note
when there is nothing to draw. `draw` returns the text with its geometry (plot area,
data cells, legend cells, tick labels, title), for overlays and for checks.

plotext keeps one global figure, so drawing is serialised by a lock. plotext is imported
on first use, not at import time, to keep start-up fast.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from relu_tui.plotting import axes
from relu_tui.plotting.axes import Axis
from relu_tui.plotting.spec import PlotSpec, Series

MIN_WIDTH = 12
MIN_HEIGHT = 5

_LOCK = threading.Lock()

ASCII_MARKERS = "*+ox#%@&"
"""Distinct plain-ASCII markers, one per series, for fonts without braille or colour."""

FAINT_MARKERS = ".:'~"
"""Markers of faint (gray) context series, in order, where braille cannot tell them apart."""

_TO_ASCII = str.maketrans({
    "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+", "━": "=",
    "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "▌": "|", "▐": "|",
    "•": "*", "·": ".", "—": "-", "–": "-", "−": "-", "…": "...", "≈": "~", "Σ": "sum ",
    "×": "x", "≤": "<=", "≥": ">=", "→": "->", "′": "'", "’": "'", "²": "^2", "³": "^3",
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "ᵢ": "i", "σ": "sigma", "α": "alpha",
    "β": "beta", "Δ": "d", "∂": "d", "∞": "inf", "±": "+-", "√": "sqrt",
})

Run = tuple[str, str]
"""(ANSI SGR codes that start the run, or "", the run's characters)."""

ANSI_END = "\x1b[0m"

GRAY = "\x1b[38;5;8m"
"""plotext's "gray": reference lines and faint series."""

Cell = tuple[int, int]
"""(row, column) in the drawing, top-left (0, 0)."""


def ascii_text(text: str) -> str:
    """`text` in 7-bit ASCII: known symbols spelled out, anything else as '?'."""
    if text.isascii():
        return text
    return text.translate(_TO_ASCII).encode("ascii", "replace").decode("ascii")


@dataclass(frozen=True, eq=False)
class Drawing:
    """A drawn plot: its rows of runs and where things landed in them.

    Rows are `height` strings of `width` cells, top row first (none when the area is too
    small). Cells are (row, column) from the top-left corner of the drawing.
    """

    rows: list[list[Run]]
    width: int
    height: int
    area: tuple[int, int, int, int] | None = None
    """The data area inside the frame: (left column, top row, columns, rows)."""
    x: Axis | None = None
    y: Axis | None = None
    data_cells: frozenset[Cell] = frozenset()
    """Cells where a series drew a mark."""
    legend_cells: frozenset[Cell] = frozenset()
    """Cells the legend occupies."""
    tick_labels: tuple[str, ...] = ()
    title: str = ""
    """The title as drawn (possibly shortened); "" when the figure has none."""
    notes: tuple[str, ...] = field(default=())
    """Why something was not drawn (e.g. nothing positive on a log axis)."""

    def column(self, x: float) -> int | None:
        """The drawing's column where the data value `x` falls, or None off the plot."""
        if self.area is None or self.x is None or not math.isfinite(x):
            return None
        if self.x.log and x <= 0:
            return None
        position = float(self.x.unit(axes.drawn(np.array([x]), self.x.log))[0])
        if not -1e-9 <= position <= 1 + 1e-9:
            return None
        left, _, columns, _ = self.area
        return left + _cell(position, columns)

    def text(self, *, color: bool = True) -> str:
        """The rows as text, with ANSI codes when `color`."""
        if color:
            return "\n".join("".join(codes + chars + ANSI_END if codes else chars
                                     for codes, chars in row) for row in self.rows)
        return "\n".join("".join(chars for _, chars in row) for row in self.rows)


def plot_text(
    spec: PlotSpec, width: int, height: int, *, ascii_only: bool = False, color: bool = True
) -> str:
    """Render `spec` into a block of text exactly `width` × `height` cells.

    Args:
        spec: the figure.
        width, height: size in terminal cells.
        ascii_only: plain ASCII markers, frame and labels instead of braille, box drawing
            and symbols.
        color: ANSI colours; when False the text has no escape codes, and series
            are told apart by their markers instead.

    Returns:
        The plot as lines joined by newlines; "" when the area is too small to draw in.
    """
    return draw(spec, width, height, ascii_only=ascii_only, color=color).text(color=color)


def plot_runs(
    spec: PlotSpec, width: int, height: int, *, ascii_only: bool = False, color: bool = True
) -> list[list[Run]]:
    """The drawing of `plot_text`, top row first, each row as runs of one colour and style."""
    return draw(spec, width, height, ascii_only=ascii_only, color=color).rows


def draw(
    spec: PlotSpec, width: int, height: int, *, ascii_only: bool = False, color: bool = True
) -> Drawing:
    """Draw `spec` in `width` × `height` cells; never raises for any series values.

    Returns:
        The drawing and its geometry; no rows when the area is below MIN_WIDTH × MIN_HEIGHT.
    """
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return _title_only(spec, width, height, ascii_only=ascii_only)
    prepared = _prepare(spec)
    layout = _compose(spec, prepared, width, height, ascii_only=ascii_only, color=color,
                      legend_rows=0)
    if layout.legend_overflow:
        layout = _compose(spec, prepared, width, height, ascii_only=ascii_only, color=color,
                          legend_rows=layout.legend_overflow)
    return layout.drawing


def _title_only(spec: PlotSpec, width: int, height: int, *, ascii_only: bool) -> Drawing:
    """Too small for a plot: the title alone on the first row (nothing when none fits)."""
    title = ascii_text(spec.title) if ascii_only else spec.title
    if width < 1 or height < 1 or not title:
        return Drawing([], width, height)
    shown = _fit(title, width, ascii_text(spec.short_title) if ascii_only else spec.short_title,
                 ascii_only=ascii_only)
    rows = [[("", shown.center(width)[:width])]] + [[("", " " * width)]] * (height - 1)
    return Drawing(rows, width, height, title=shown)


@dataclass
class _Prepared:
    """The figure's series in drawn space (log10 on log axes), non-finite points removed."""

    series: list[tuple[Series, np.ndarray, np.ndarray]]
    """Faint series first (drawn under the others)."""
    x_values: np.ndarray
    y_values: np.ndarray
    x_integer: bool
    y_integer: bool
    notes: tuple[str, ...]


def _prepare(spec: PlotSpec) -> _Prepared:
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
        notes = ("no values above 0 for the log scale" if dropped_log
                 else "nothing to draw: no finite values",)
    data_x = np.concatenate(raw_x) if raw_x else np.empty(0)
    data_y = np.concatenate(raw_y) if raw_y else np.empty(0)
    return _Prepared(prepared, x_values, y_values, axes.is_integer(data_x),
                     axes.is_integer(data_y), notes)


@dataclass
class _Layout:
    drawing: Drawing
    legend_overflow: int = 0
    """Rows the legend needs of its own (it fitted nowhere else); 0 when placed."""


class _Grid:
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


def _cell(position: float, cells: int) -> int:
    """plotext's cell for a 0..1 position across `cells` cells (its get_matrix_data)."""
    return math.floor(round(0.5 + (cells - 1) * position, 8))


def _fit(text: str, room: int, short: str = "", *, ascii_only: bool) -> str:
    """`text` (or `short`, when `text` does not fit) in at most `room` characters."""
    ellipsis = "..." if ascii_only else "…"
    for candidate in (text, short):
        if candidate and len(candidate) <= room:
            return candidate
    best = short or text
    return best[: max(0, room - len(ellipsis))] + ellipsis if room > len(ellipsis) else best[:room]


def _compose(spec: PlotSpec, prepared: _Prepared, width: int, height: int, *,
             ascii_only: bool, color: bool, legend_rows: int) -> _Layout:
    text = ascii_text if ascii_only else (lambda s: s)
    title = text(spec.title)
    xlabel, ylabel = text(spec.xlabel), text(spec.ylabel)
    title_rows = 1 if title else 0
    label_rows = 1 if (xlabel or ylabel) else 0
    top = 1
    rows = height - title_rows - legend_rows - top - 2 - label_rows
    if rows < 3 and label_rows:
        label_rows = 0
        rows += 1
    if rows < 2 and legend_rows:
        legend_rows, rows = 0, rows + legend_rows
    if rows < 2:
        top, rows = 0, rows + 1
    rows = max(rows, 1)
    canvas_top = title_rows + legend_rows + top

    log_x, log_y = spec.xscale == "log", spec.yscale == "log"
    y_low, y_high = axes.limits(prepared.y_values, spec.ylim, log_y)
    x_low, x_high = axes.limits(prepared.x_values, spec.xlim, log_x)
    y_axis = axes.axis(y_low, y_high, log=log_y, count=min(6, max(1, (rows + 1) // 3)),
                       integer=prepared.y_integer)
    y_ticks = _placed(y_axis, rows, flip=True, lines=spec.hlines)
    label_width = max((len(label) for _, label in y_ticks), default=0)
    if label_width + 2 + 4 > width:
        y_ticks, label_width = [], 0
    columns = width - label_width - 2
    left = label_width + 1

    x_axis, x_ticks = _x_ticks(x_low, x_high, log_x, prepared.x_integer, columns, left, width)

    grid = _Grid(width, height)
    data_cells = _canvas(grid, prepared, spec, x_axis, y_axis, left, canvas_top, columns, rows,
                         ascii_only=ascii_only, color=color)
    _reference_lines(grid, spec, x_axis, y_axis, left, canvas_top, columns, rows, data_cells,
                     ascii_only=ascii_only)

    # Frame and ticks.
    h_line, v_line = ("-", "|") if ascii_only else ("─", "│")
    corners = "++++" if ascii_only else "┌┐└┘"
    left_tick, bottom_tick = ("+", "+") if ascii_only else ("┤", "┬")
    bottom_row = canvas_top + rows
    if top:
        grid.put(canvas_top - 1, left - 1, corners[0] + h_line * columns + corners[1])
    for r in range(rows):
        grid.put(canvas_top + r, left - 1, v_line)
        grid.put(canvas_top + r, left + columns, v_line)
    for r, label in y_ticks:
        grid.put(canvas_top + r, left - 1 - len(label), label + left_tick)
    grid.put(bottom_row, left - 1, corners[2] + h_line * columns + corners[3])
    for col, label, start in x_ticks:
        grid.put(bottom_row, left + col, bottom_tick)
        grid.put(bottom_row + 1, start, label)
    if label_rows:
        label_row = bottom_row + 2
        if xlabel:
            xl = _fit(xlabel, columns, ascii_only=ascii_only)
            grid.put(label_row, max(0, left + columns // 2 - len(xl) // 2), xl)
        if ylabel:
            room = left + columns // 2 - len(xlabel) // 2 - 1 if xlabel else width
            grid.put(label_row, 0, _fit(ylabel, max(room, 0), ascii_only=ascii_only))

    shown_title = ""
    if title:
        shown_title = _fit(title, width, text(spec.short_title), ascii_only=ascii_only)
        center = left + columns // 2
        start = min(max(0, center - len(shown_title) // 2), width - len(shown_title))
        grid.put(0, start, shown_title)

    legend = _legend_entries(prepared, spec, x_axis, y_axis, ascii_only=ascii_only, color=color)
    legend_cells: set[Cell] = set()
    overflow = 0
    if legend:
        placed = _legend_inside(grid, legend, left, canvas_top, columns, rows, data_cells)
        if placed is None and top:
            placed = _legend_in_border(grid, legend, left, canvas_top - 1, columns)
        if placed is None and legend_rows:
            placed = _legend_rows(grid, legend, title_rows, legend_rows, width)
        if placed is None:
            overflow = 0 if legend_rows else _rows_needed(legend, width)
            if overflow and rows - overflow < 2:
                overflow = 0
            placed = set()
        legend_cells = placed

    notes = prepared.notes
    for index, note in enumerate(notes):
        shown = _fit(note, columns, ascii_only=ascii_only)
        grid.put(canvas_top + max(0, rows // 2 - 1) + index,
                 left + max(0, (columns - len(shown)) // 2), shown)

    labels = tuple(label for _, label in y_ticks) + tuple(label for _, label, _ in x_ticks)
    drawing = Drawing(grid.runs(color=color), width, height,
                      area=(left, canvas_top, columns, rows), x=x_axis, y=y_axis,
                      data_cells=frozenset(data_cells), legend_cells=frozenset(legend_cells),
                      tick_labels=labels, title=shown_title, notes=notes)
    return _Layout(drawing, overflow)


def _placed(axis: Axis, cells: int, *, flip: bool,
            lines: tuple[float, ...] = ()) -> list[tuple[int, str]]:
    """(cell from the start, label) per tick; one label per cell.

    Where two ticks fall in one cell, 0 or a reference line's value wins (so the zero line
    is on the row labelled 0), else the first. With `flip` the cell counts from the top
    (rows), else from the left (columns).
    """
    out: list[tuple[int, str]] = []
    used: set[int] = set()
    positions = axis.unit(np.array(axis.ticks, dtype=np.float64)) if axis.ticks else []
    marked = {0.0, *(float(v) for v in axes.drawn(np.array(lines, dtype=np.float64), axis.log))}
    order = sorted(zip(positions, axis.labels, axis.ticks, strict=True),
                   key=lambda tick: tick[2] not in marked)
    for position, label, _ in order:
        if not -1e-9 <= position <= 1 + 1e-9:
            continue
        cell = _cell(float(position), cells)
        if flip:
            cell = cells - 1 - cell
        if cell in used:
            continue
        used.add(cell)
        out.append((cell, label))
    return sorted(out)


def _x_ticks(low: float, high: float, log: bool, integer: bool, columns: int, left: int,
             width: int) -> tuple[Axis, list[tuple[int, str, int]]]:
    """The x axis with as many ticks as fit, and (column in the canvas, label, start column
    in the drawing) for each: labels at least one space apart, inside the drawing."""
    count = max(1, min(8, columns // 8))
    while True:
        axis = axes.axis(low, high, log=log, count=count, integer=integer)
        placed = []
        end = -2
        fits = True
        for col, label in _placed(axis, columns, flip=False):
            start = min(max(0, left + col - len(label) // 2), width - len(label))
            if start <= end + 1:
                fits = False
                break
            placed.append((col, label, start))
            end = start + len(label) - 1
        if fits or count == 1:
            return axis, placed if fits else placed[:1]
        count -= 1


def _canvas(grid: _Grid, prepared: _Prepared, spec: PlotSpec, x_axis: Axis, y_axis: Axis,
            left: int, top: int, columns: int, rows: int, *, ascii_only: bool,
            color: bool) -> set[Cell]:
    """Draw every series with plotext on a 0..1 canvas and copy it into the grid."""
    calls = []
    markers = _markers(prepared, ascii_only=ascii_only, color=color)
    for series, dx, dy in prepared.series:
        if dx.size == 0:
            continue
        marker = markers[id(series)]
        shade = "gray" if series.faint else series.color
        ux, uy = x_axis.unit(dx), y_axis.unit(dy)
        if series.kind == "line" and ux.size > 1:
            ux, uy = _thinned(ux, uy, columns)
            for px, py in _clip_polyline(ux, uy):
                calls.append(("plot", px, py, shade, marker))
        else:
            inside = (ux >= -0.01) & (ux <= 1.01) & (uy >= -0.01) & (uy <= 1.01)
            if inside.any():
                kind = "bar" if series.kind == "bar" else "scatter"
                calls.append((kind, ux[inside], uy[inside], shade, marker))
    cells: set[Cell] = set()
    if not calls:
        return cells
    plt = _plotext()
    with _LOCK:
        plt.clf()
        plt.limitsize(False, False)  # size to the widget, not to the real terminal
        plt.plotsize(columns, rows)
        plt.theme("clear")
        plt.frame(False)
        plt.xticks([], [])
        plt.yticks([], [])
        for kind, px, py, shade, marker in calls:
            if kind == "plot":
                plt.plot(px.tolist(), py.tolist(), color=shade, marker=marker)
            elif kind == "bar":
                base = 0.0 if y_axis.log else float(np.clip(y_axis.unit(np.zeros(1))[0], 0, 1))
                plt.bar(px.tolist(), py.tolist(), color=shade, minimum=base,
                        marker=marker if ascii_only else "sd")
            else:
                plt.scatter(px.tolist(), py.tolist(), color=shade, marker=marker)
        plt.xticks([], [])  # bars set their own ticks
        plt.yticks([], [])
        plt.xlim(0.0, 1.0)
        plt.ylim(0.0, 1.0)
        figure = plt._core._figure
        figure._set_sizes()
        figure._build_matrix()
        matrix = figure.monitor.matrix
        to_ansi = plt._utility.colors_to_ansi
        for r in range(min(rows, matrix.rows)):
            source = matrix.rows - 1 - r
            markers = matrix.marker[source]
            fore, style, back = (matrix.fullground[source], matrix.style[source],
                                 matrix.background[source])
            row, codes = grid.chars[top + r], grid.codes[top + r]
            for c in range(min(columns, matrix.cols)):
                char = markers[c]
                if char != " ":
                    if ascii_only and not char.isascii():
                        char = "*"
                    row[left + c] = char
                    codes[left + c] = to_ansi(fore[c], style[c], back[c]) if color else ""
                    cells.add((top + r, left + c))
        plt.clf()
    return cells


def _clip_polyline(x: np.ndarray, y: np.ndarray,
                   margin: float = 0.02) -> list[tuple[np.ndarray, np.ndarray]]:
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
        clipped = _clip_segment(x[i], y[i], x[i + 1], y[i + 1], low, high)
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


def _clip_segment(x0: float, y0: float, x1: float, y1: float, low: float,
                  high: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
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


def _reference_lines(grid: _Grid, spec: PlotSpec, x_axis: Axis, y_axis: Axis, left: int,
                     top: int, columns: int, rows: int, data: set[Cell], *,
                     ascii_only: bool) -> None:
    """hlines, vlines and the grid, gray, in the cells no series drew in: a line at value v
    sits on the same row as the tick labelled v."""
    h_line, v_line, cross = ("-", "|", "+") if ascii_only else ("─", "│", "┼")
    h_rows: set[int] = set()
    v_cols: set[int] = set()
    levels = list(spec.hlines) if spec.hlines else []
    places = list(spec.vlines) if spec.vlines else []
    h_units = [float(u) for u in y_axis.unit(axes.drawn(np.array(levels, dtype=float),
                                                            y_axis.log))] if levels else []
    v_units = [float(u) for u in x_axis.unit(axes.drawn(np.array(places, dtype=float),
                                                           x_axis.log))] if places else []
    if spec.grid:
        h_units += [float(u) for u in y_axis.unit(np.array(y_axis.ticks, dtype=float))]
        v_units += [float(u) for u in x_axis.unit(np.array(x_axis.ticks, dtype=float))]
    for u in h_units:
        if math.isfinite(u) and -1e-9 <= u <= 1 + 1e-9:
            h_rows.add(top + rows - 1 - _cell(u, rows))
    for u in v_units:
        if math.isfinite(u) and -1e-9 <= u <= 1 + 1e-9:
            v_cols.add(left + _cell(u, columns))
    for r in h_rows:
        for c in range(left, left + columns):
            if (r, c) not in data:
                grid.put(r, c, cross if c in v_cols else h_line, GRAY)
    for c in v_cols:
        for r in range(top, top + rows):
            if (r, c) not in data and r not in h_rows:
                grid.put(r, c, v_line, GRAY)


def _markers(prepared: _Prepared, *, ascii_only: bool, color: bool) -> dict[int, str]:
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
                markers[id(series)] = "braille" if faint == 0 else \
                    FAINT_MARKERS[(faint - 1) % len(FAINT_MARKERS)]
            else:
                markers[id(series)] = FAINT_MARKERS[faint % len(FAINT_MARKERS)]
        elif ascii_only or (not color and solid > 0):
            markers[id(series)] = ASCII_MARKERS[solid % len(ASCII_MARKERS)]
        else:
            markers[id(series)] = "braille"
        if not series.faint and dx.size:
            solid += 1
    return markers


def _legend_entries(prepared: _Prepared, spec: PlotSpec, x_axis: Axis, y_axis: Axis, *,
                    ascii_only: bool, color: bool) -> list[tuple[str, str, str]]:
    """(key, its codes, label) per labelled series with a point inside the plot, in the
    figure's order; the key repeats the series' marker, in its colour."""
    text = ascii_text if ascii_only else (lambda s: s)
    entries = []
    plt = _plotext() if color else None
    keys = _markers(prepared, ascii_only=ascii_only, color=color)
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
        codes = plt._utility.colors_to_ansi(shade, "default", "default") if plt else ""
        entries.append((key, codes, text(series.label)))
    return entries


def _legend_inside(grid: _Grid, legend: list[tuple[str, str, str]], left: int, top: int,
                   columns: int, rows: int, data: set[Cell]) -> set[Cell] | None:
    """The legend in the first corner of the plot area that holds no data (and, if one
    can, no reference line either); None when every corner has data under it."""
    box_width = max(len(key) + 1 + len(label) for key, _, label in legend) + 1
    if len(legend) > rows or box_width > columns:
        return None
    corners = [(top, left), (top, left + columns - box_width),
               (top + rows - len(legend), left), (top + rows - len(legend),
                                                  left + columns - box_width)]
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


def _legend_in_border(grid: _Grid, legend: list[tuple[str, str, str]], left: int, row: int,
                      columns: int) -> set[Cell] | None:
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


def _rows_needed(legend: list[tuple[str, str, str]], width: int) -> int:
    rows, used = 1, 0
    for key, _, label in legend:
        size = len(key) + 1 + min(len(label), width - len(key) - 1) + 2
        if used and used + size > width:
            rows, used = rows + 1, 0
        used += size
    return rows


def _legend_rows(grid: _Grid, legend: list[tuple[str, str, str]], first_row: int, count: int,
                 width: int) -> set[Cell]:
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


def _plotext() -> Any:
    import plotext

    return plotext


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
