"""Draw a PlotSpec as terminal text. With `plotext_compat`, the only modules that use plotext.

plotext draws the data only (lines, points, bars), on a canvas whose axes run from 0 to 1:
this module scales every series onto it, so plotext never sees a value it could overflow
on (subnormals, 1e300), and lays out everything around the canvas itself, for every plot
at once: the title (shortened, never dropped), the frame, round ticks whose labels fit in
8 characters (`axes.py`), reference lines on the row their tick names, the legend where it
covers no data (an empty corner, else the top border, else rows of its own), and a note
when there is nothing to draw. `draw` returns the text with its geometry (plot area,
data cells, legend cells, tick labels, title), for overlays and for checks.

Each drawing has a plotext figure of its own (`plotext_compat.new_figure`), so threads may
draw at once: no lock, no global figure. plotext's private names are all in
`plotext_compat`; it imports plotext on first use, not at import time, to keep start-up fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from relu_tui.base.ascii import ascii_text
from relu_tui.plotting import axes
from relu_tui.plotting.axes import Axis
from relu_tui.plotting.layout import (
    COLUMN_DOTS,
    ROW_DOTS,
    Cell,
    Grid,
    Run,
    cell,
    clip_polyline,
    fit,
    legend_above,
    legend_in_border,
    legend_inside,
    reference_lines,
    rows_needed,
    snapped,
    thinned,
    tick_cells,
    x_ticks_fitted,
)
from relu_tui.plotting.plotext_compat import colors_to_ansi, grid_of, new_figure
from relu_tui.plotting.spec import PlotSpec, Series

MIN_WIDTH = 12
MIN_HEIGHT = 5

ASCII_MARKERS = "*ox#%@&$"
"""Distinct plain-ASCII markers, one per series, for fonts without braille or colour; none
is a frame, tick or reference-line glyph (+ - |), so a series is never mistaken for one."""

FAINT_MARKERS = ".:'~"
"""Markers of faint (gray) context series, in order, where braille cannot tell them apart."""

ANSI_END = "\x1b[0m"


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
        return left + cell(position, columns, COLUMN_DOTS)

    def text(self, *, color: bool = True) -> str:
        """The rows as text, with ANSI codes when `color`."""
        if color:
            return "\n".join(
                "".join(codes + chars + ANSI_END if codes else chars for codes, chars in row)
                for row in self.rows
            )
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
    layout = _compose(
        spec, prepared, width, height, ascii_only=ascii_only, color=color, legend_rows=0
    )
    if layout.legend_overflow:
        layout = _compose(
            spec,
            prepared,
            width,
            height,
            ascii_only=ascii_only,
            color=color,
            legend_rows=layout.legend_overflow,
        )
    return layout.drawing


def _title_only(spec: PlotSpec, width: int, height: int, *, ascii_only: bool) -> Drawing:
    """Too small for a plot: the title alone on the first row (nothing when none fits)."""
    title = ascii_text(spec.title) if ascii_only else spec.title
    if width < 1 or height < 1 or not title:
        return Drawing([], width, height)
    shown = fit(
        title,
        width,
        ascii_text(spec.short_title) if ascii_only else spec.short_title,
        ascii_only=ascii_only,
    )
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
        notes = (
            "no values above 0 for the log scale"
            if dropped_log
            else "nothing to draw: no finite values",
        )
    data_x = np.concatenate(raw_x) if raw_x else np.empty(0)
    data_y = np.concatenate(raw_y) if raw_y else np.empty(0)
    return _Prepared(
        prepared, x_values, y_values, axes.is_integer(data_x), axes.is_integer(data_y), notes
    )


@dataclass
class _Layout:
    drawing: Drawing
    legend_overflow: int = 0
    """Rows the legend needs of its own (it fitted nowhere else); 0 when placed."""


def _compose(
    spec: PlotSpec,
    prepared: _Prepared,
    width: int,
    height: int,
    *,
    ascii_only: bool,
    color: bool,
    legend_rows: int,
) -> _Layout:
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
    # About one tick every three rows, and at least three where five rows give them room.
    # Whole-number data (0 and 1) take a half step rather than stay with two ticks.
    count, wanted = min(6, max(1, (rows + 1) // 3)), (3 if rows >= 5 else 1)
    integer = prepared.y_integer
    while True:
        y_axis = axes.axis(y_low, y_high, log=log_y, count=count, integer=integer)
        y_ticks = tick_cells(y_axis, rows, flip=True, lines=spec.hlines)
        if len(y_ticks) >= wanted:
            break
        if count >= rows:
            if not integer:
                break
            integer, count = False, min(6, max(1, (rows + 1) // 3))
            continue
        count += 1
    label_width = max((len(label) for _, label in y_ticks), default=0)
    if label_width + 2 + 4 > width:
        y_ticks, label_width = [], 0
    columns = width - label_width - 2
    left = label_width + 1

    x_axis, x_ticks = x_ticks_fitted(x_low, x_high, log_x, prepared.x_integer, columns, left, width)

    grid = Grid(width, height)
    data_cells = _canvas(
        grid,
        prepared,
        spec,
        x_axis,
        y_axis,
        left,
        canvas_top,
        columns,
        rows,
        ascii_only=ascii_only,
        color=color,
    )
    reference_lines(
        grid,
        spec,
        x_axis,
        y_axis,
        left,
        canvas_top,
        columns,
        rows,
        data_cells,
        ascii_only=ascii_only,
    )

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
            xl = fit(xlabel, columns, ascii_only=ascii_only)
            grid.put(label_row, max(0, left + columns // 2 - len(xl) // 2), xl)
        if ylabel:
            room = left + columns // 2 - len(xlabel) // 2 - 1 if xlabel else width
            grid.put(label_row, 0, fit(ylabel, max(room, 0), ascii_only=ascii_only))

    shown_title = ""
    if title:
        shown_title = fit(title, width, text(spec.short_title), ascii_only=ascii_only)
        center = left + columns // 2
        start = min(max(0, center - len(shown_title) // 2), width - len(shown_title))
        grid.put(0, start, shown_title)

    legend = _legend_entries(prepared, spec, x_axis, y_axis, ascii_only=ascii_only, color=color)
    legend_cells: set[Cell] = set()
    overflow = 0
    if legend:
        placed = legend_inside(grid, legend, left, canvas_top, columns, rows, data_cells)
        if placed is None and top:
            placed = legend_in_border(grid, legend, left, canvas_top - 1, columns)
        if placed is None and legend_rows:
            placed = legend_above(grid, legend, title_rows, legend_rows, width)
        if placed is None:
            overflow = 0 if legend_rows else rows_needed(legend, width)
            if overflow and rows - overflow < 2:
                overflow = 0
            placed = set()
        legend_cells = placed

    notes = prepared.notes
    for index, note in enumerate(notes):
        shown = fit(note, columns, ascii_only=ascii_only)
        grid.put(
            canvas_top + max(0, rows // 2 - 1) + index,
            left + max(0, (columns - len(shown)) // 2),
            shown,
        )

    labels = tuple(label for _, label in y_ticks) + tuple(label for _, label, _ in x_ticks)
    drawing = Drawing(
        grid.runs(color=color),
        width,
        height,
        area=(left, canvas_top, columns, rows),
        x=x_axis,
        y=y_axis,
        data_cells=frozenset(data_cells),
        legend_cells=frozenset(legend_cells),
        tick_labels=labels,
        title=shown_title,
        notes=notes,
    )
    return _Layout(drawing, overflow)


def _canvas(
    grid: Grid,
    prepared: _Prepared,
    spec: PlotSpec,
    x_axis: Axis,
    y_axis: Axis,
    left: int,
    top: int,
    columns: int,
    rows: int,
    *,
    ascii_only: bool,
    color: bool,
) -> set[Cell]:
    """Draw every series with plotext on a 0..1 canvas and copy it into the grid."""
    calls = []
    markers = _markers(prepared, ascii_only=ascii_only, color=color)
    for series, dx, dy in prepared.series:
        if dx.size == 0:
            continue
        marker = markers[id(series)]
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
    cells: set[Cell] = set()
    if not calls:
        return cells
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
    matrix = grid_of(figure)
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


def _legend_entries(
    prepared: _Prepared,
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
        codes = colors_to_ansi(shade, "default", "default") if color else ""
        entries.append((key, codes, text(series.label)))
    return entries
