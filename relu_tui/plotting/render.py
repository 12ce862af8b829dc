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
from relu_tui.plotting.canvas import Prepared, canvas, legend_entries, prepare
from relu_tui.plotting.layout import (
    COLUMN_DOTS,
    Cell,
    Grid,
    Run,
    cell,
    fit,
    legend_above,
    legend_in_border,
    legend_inside,
    reference_lines,
    rows_needed,
    tick_cells,
    x_ticks_fitted,
)
from relu_tui.plotting.spec import PlotSpec

MIN_WIDTH = 12
MIN_HEIGHT = 5

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
    prepared = prepare(spec)
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
class _Layout:
    drawing: Drawing
    legend_overflow: int = 0
    """Rows the legend needs of its own (it fitted nowhere else); 0 when placed."""


@dataclass(frozen=True)
class _Rows:
    """How the height is shared: a top border or not, the canvas rows, label and legend rows."""

    top: int
    rows: int
    label_rows: int
    legend_rows: int


def _share_rows(height: int, title_rows: int, label_rows: int, legend_rows: int) -> _Rows:
    """Canvas rows first: the axis labels, then the legend's own rows, then the top border
    give way when fewer than 3, 2 and 2 rows would be left for the data."""
    top = 1
    rows = height - title_rows - legend_rows - top - 2 - label_rows
    if rows < 3 and label_rows:
        label_rows = 0
        rows += 1
    if rows < 2 and legend_rows:
        legend_rows, rows = 0, rows + legend_rows
    if rows < 2:
        top, rows = 0, rows + 1
    return _Rows(top, max(rows, 1), label_rows, legend_rows)


def _y_axis(prepared: Prepared, spec: PlotSpec, rows: int) -> tuple[Axis, list[tuple[int, str]]]:
    """The y axis and its ticks (row, label) for `rows` canvas rows.

    About one tick every three rows, and at least three where five rows give them room.
    Whole-number data (0 and 1) take a half step rather than stay with two ticks.
    """
    log_y = spec.yscale == "log"
    y_low, y_high = axes.limits(prepared.y_values, spec.ylim, log_y)
    count, wanted = min(6, max(1, (rows + 1) // 3)), (3 if rows >= 5 else 1)
    integer = prepared.y_integer
    while True:
        y_axis = axes.axis(y_low, y_high, log=log_y, count=count, integer=integer)
        y_ticks = tick_cells(y_axis, rows, flip=True, lines=spec.hlines)
        if len(y_ticks) >= wanted:
            return y_axis, y_ticks
        if count >= rows:
            if not integer:
                return y_axis, y_ticks
            integer, count = False, min(6, max(1, (rows + 1) // 3))
            continue
        count += 1


def _compose(
    spec: PlotSpec,
    prepared: Prepared,
    width: int,
    height: int,
    *,
    ascii_only: bool,
    color: bool,
    legend_rows: int,
) -> _Layout:
    """Lay the plot out in `width` x `height`: canvas, frame, ticks, labels, title, legend."""
    text = ascii_text if ascii_only else (lambda s: s)
    title = text(spec.title)
    xlabel, ylabel = text(spec.xlabel), text(spec.ylabel)
    title_rows = 1 if title else 0
    shared = _share_rows(height, title_rows, 1 if (xlabel or ylabel) else 0, legend_rows)
    top, rows, legend_rows = shared.top, shared.rows, shared.legend_rows
    canvas_top = title_rows + legend_rows + top

    y_axis, y_ticks = _y_axis(prepared, spec, rows)
    label_width = max((len(label) for _, label in y_ticks), default=0)
    if label_width + 2 + 4 > width:
        y_ticks, label_width = [], 0
    columns = width - label_width - 2
    left = label_width + 1
    log_x = spec.xscale == "log"
    x_low, x_high = axes.limits(prepared.x_values, spec.xlim, log_x)
    x_axis, x_ticks = x_ticks_fitted(x_low, x_high, log_x, prepared.x_integer, columns, left, width)

    grid = Grid(width, height)
    area = (left, canvas_top, columns, rows)
    data_cells = canvas(grid, prepared, x_axis, y_axis, area, ascii_only=ascii_only, color=color)
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
    _frame(grid, area, top, y_ticks, x_ticks, ascii_only=ascii_only)
    if shared.label_rows:
        _axis_labels(grid, xlabel, ylabel, area, ascii_only=ascii_only)
    shown_title = ""
    if title:
        shown_title = fit(title, width, text(spec.short_title), ascii_only=ascii_only)
        center = left + columns // 2
        start = min(max(0, center - len(shown_title) // 2), width - len(shown_title))
        grid.put(0, start, shown_title)
    legend = legend_entries(prepared, spec, x_axis, y_axis, ascii_only=ascii_only, color=color)
    legend_cells, overflow = _place_legend(
        grid, legend, area, data_cells, top=top, title_rows=title_rows, legend_rows=legend_rows
    )
    for index, note in enumerate(prepared.notes):
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
        area=area,
        x=x_axis,
        y=y_axis,
        data_cells=frozenset(data_cells),
        legend_cells=frozenset(legend_cells),
        tick_labels=labels,
        title=shown_title,
        notes=prepared.notes,
    )
    return _Layout(drawing, overflow)


def _frame(
    grid: Grid,
    area: tuple[int, int, int, int],
    top: int,
    y_ticks: list[tuple[int, str]],
    x_ticks: list[tuple[int, str, int]],
    *,
    ascii_only: bool,
) -> None:
    """The frame around `area` (its top border when `top`), with the ticks and labels."""
    left, canvas_top, columns, rows = area
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


def _axis_labels(
    grid: Grid, xlabel: str, ylabel: str, area: tuple[int, int, int, int], *, ascii_only: bool
) -> None:
    """The x label centred under the ticks; the y label at the left of the same row."""
    left, canvas_top, columns, rows = area
    label_row = canvas_top + rows + 2
    if xlabel:
        xl = fit(xlabel, columns, ascii_only=ascii_only)
        grid.put(label_row, max(0, left + columns // 2 - len(xl) // 2), xl)
    if ylabel:
        room = left + columns // 2 - len(xlabel) // 2 - 1 if xlabel else grid.width
        grid.put(label_row, 0, fit(ylabel, max(room, 0), ascii_only=ascii_only))


def _place_legend(
    grid: Grid,
    legend: list[tuple[str, str, str]],
    area: tuple[int, int, int, int],
    data_cells: set[Cell],
    *,
    top: int,
    title_rows: int,
    legend_rows: int,
) -> tuple[set[Cell], int]:
    """Put the legend where it covers no data: inside, in the top border, or in rows of its
    own; returns its cells and the rows it still needs (0 once placed)."""
    if not legend:
        return set(), 0
    left, canvas_top, columns, rows = area
    placed = legend_inside(grid, legend, left, canvas_top, columns, rows, data_cells)
    if placed is None and top:
        placed = legend_in_border(grid, legend, left, canvas_top - 1, columns)
    if placed is None and legend_rows:
        placed = legend_above(grid, legend, title_rows, legend_rows, grid.width)
    if placed is not None:
        return placed, 0
    overflow = 0 if legend_rows else rows_needed(legend, grid.width)
    if overflow and rows - overflow < 2:
        overflow = 0
    return set(), overflow
