"""Every plot the app draws, at a few sizes, with and without --ascii, never misleads:
zero on the row of the 0 tick, markers that are not tick glyphs, a legend for two or more
series, at least three labelled ticks on each axis that has room for them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from relu_tui.base.ascii import ascii_text
from relu_tui.plotting.render import Drawing, draw
from relu_tui.plotting.spec import PlotSpec, Series
from tests.plotting.figure_inventory import every_figure

SIZES = ((36, 12), (60, 16), (100, 30))
"""Plot sizes met in the app: a grid cell or a unit plot, a side panel, a full view."""

FRAME_GLYPHS = frozenset("+-|")
"""What --ascii draws the frame, ticks and reference lines with."""

FIGURES = {ascii_only: every_figure(ascii_only=ascii_only) for ascii_only in (False, True)}
CASES = [
    pytest.param(name, ascii_only, size, id=f"{name}-{'ascii' if ascii_only else 'unicode'}-{size}")
    for ascii_only in (False, True)
    for name, _ in FIGURES[ascii_only]
    for size in SIZES
]


def _spec(name: str, ascii_only: bool) -> PlotSpec:
    return dict(FIGURES[ascii_only])[name]


def _lines(drawing: Drawing) -> list[str]:
    return drawing.text(color=False).split("\n")


def _y_ticks(drawing: Drawing) -> list[tuple[int, str]]:
    """(row, label) of every labelled y tick, read from the drawn text."""
    assert drawing.area is not None
    left, top, _, rows = drawing.area
    lines = _lines(drawing)
    ticks = []
    for row in range(top, top + rows):
        label = lines[row][: left - 1].strip()
        if label:
            ticks.append((row, label))
    return ticks


def _x_ticks(drawing: Drawing) -> list[str]:
    assert drawing.area is not None
    _, top, _, rows = drawing.area
    lines = _lines(drawing)
    return lines[top + rows + 1].split() if top + rows + 1 < len(lines) else []


def _number(label: str) -> float | None:
    try:
        return float(label)
    except ValueError:
        return None


def _groups(spec: PlotSpec) -> list[Series]:
    """The series a reader must tell apart: unlabelled pieces that continue an earlier series
    of the same look are not counted again."""
    groups: list[Series] = []
    for series in spec.series:
        if not np.isfinite(series.y).any():
            continue
        if not series.label and any(
            (g.color, g.faint, g.kind) == (series.color, series.faint, series.kind) for g in groups
        ):
            continue
        groups.append(series)
    return groups


@pytest.mark.parametrize(("name", "ascii_only", "size"), CASES)
def test_zero_is_on_the_row_of_the_zero_tick(
    name: str, ascii_only: bool, size: tuple[int, int]
) -> None:
    """Every series clamped at 0 (so no value below 0 is left) draws nothing below the row
    labelled 0, and its zero parts on that very row."""
    spec = _spec(name, ascii_only)
    drawing = draw(spec, *size, ascii_only=ascii_only, color=False)
    if drawing.area is None or drawing.y is None or drawing.y.log:
        return
    zero_rows = [row for row, label in _y_ticks(drawing) if _number(label) == 0]
    if not zero_rows:
        return
    (zero_row,) = zero_rows
    assert drawing.x is not None
    x_low, x_high = drawing.x.low, drawing.x.high
    clamped = replace(
        spec,
        series=tuple(replace(s, y=np.maximum(s.y, 0.0)) for s in spec.series),
        ylim=(drawing.y.low, drawing.y.high),
        xlim=spec.xlim if drawing.x.log else (x_low, x_high),
    )
    again = draw(clamped, *size, ascii_only=ascii_only, color=False)
    (zero_again,) = [row for row, label in _y_ticks(again) if _number(label) == 0]
    rows = {row for row, _ in again.data_cells}
    assert rows, name
    assert max(rows) <= zero_again, f"{name}: a value >= 0 drawn below the 0 tick"
    touches_zero = any(
        bool(np.any((s.y <= 0) & (s.x >= x_low) & (s.x <= x_high)))
        for s in spec.series
        if not drawing.x.log
    )
    if touches_zero:
        assert max(rows) == zero_again, f"{name}: zero drawn off the row of the 0 tick"
    if 0.0 in spec.hlines:
        left, _, columns, _ = drawing.area
        row = _lines(drawing)[zero_row]
        gaps = {
            row[c] for c in range(left, left + columns) if (zero_row, c) not in drawing.data_cells
        }
        legend = {row[c] for r, c in drawing.legend_cells if r == zero_row}
        assert gaps <= set("-─+┼|│") | legend, f"{name}: the zero line is not on the 0 tick's row"


@pytest.mark.parametrize(("name", "ascii_only", "size"), [c for c in CASES if c.values[1]])
def test_ascii_markers_are_not_frame_glyphs(
    name: str, ascii_only: bool, size: tuple[int, int]
) -> None:
    """Under --ascii no series mark is a tick, frame or reference-line glyph."""
    drawing = draw(_spec(name, ascii_only), *size, ascii_only=True, color=False)
    lines = _lines(drawing)
    marks = {lines[r][c] for r, c in drawing.data_cells}
    assert not marks & FRAME_GLYPHS, f"{name}: series drawn with {marks & FRAME_GLYPHS}"
    assert all(mark.isascii() for mark in marks)


@pytest.mark.parametrize(("name", "ascii_only", "size"), CASES)
def test_two_or_more_series_have_a_legend(
    name: str, ascii_only: bool, size: tuple[int, int]
) -> None:
    """A plot with two or more series names each of them."""
    spec = _spec(name, ascii_only)
    groups = _groups(spec)
    if len(groups) < 2:
        return
    drawing = draw(spec, *size, ascii_only=ascii_only, color=False)
    text = drawing.text(color=False)
    for series in groups:
        assert series.label, f"{name}: a series without a label"
        label = ascii_text(series.label) if ascii_only else series.label
        assert label[: min(len(label), 6)] in text, f"{name}: {label!r} not in the legend"
    assert drawing.legend_cells


@pytest.mark.parametrize(("name", "ascii_only", "size"), CASES)
def test_three_labelled_ticks_where_there_is_room(
    name: str, ascii_only: bool, size: tuple[int, int]
) -> None:
    """Each axis with at least 7 data rows (y) or 36 columns (x) has 3 or more tick labels."""
    drawing = draw(_spec(name, ascii_only), *size, ascii_only=ascii_only, color=False)
    if drawing.area is None:
        return
    _, _, columns, rows = drawing.area
    if rows >= 7:
        labels = [label for _, label in _y_ticks(drawing)]
        assert len(labels) >= 3, f"{name}: y ticks {labels} on {rows} rows"
    if columns >= 36:
        labels = _x_ticks(drawing)
        assert len(labels) >= 3, f"{name}: x ticks {labels} on {columns} columns"
