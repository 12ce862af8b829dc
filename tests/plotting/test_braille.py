"""The NumPy braille drawing gives exactly plotext's cells, for lines and points alike."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.plotting import braille
from relu_tui.plotting.plotext_compat import grid_of, new_figure

_UNIT = st.floats(-0.3, 1.3, allow_nan=False)
_SERIES = st.tuples(
    st.sampled_from(["plot", "scatter"]),
    st.lists(st.tuples(_UNIT, _UNIT), min_size=1, max_size=40),
    st.sampled_from(["blue", "orange", "gray", "red+"]),
    st.sampled_from(["braille", "braille", "*", "o", ".", "dot", "x"]),
)


def _by_plotext(calls: list[braille.Call], columns: int, rows: int) -> list[list[object]]:
    figure = new_figure(columns, rows)
    for kind, px, py, shade, marker in calls:
        draw = figure.plot if kind == "plot" else figure.scatter
        draw(px.tolist(), py.tolist(), color=shade, marker=marker)
    figure.xticks([], [])
    figure.yticks([], [])
    figure.xlim(0.0, 1.0)
    figure.ylim(0.0, 1.0)
    grid = grid_of(figure)
    return _cells(grid)


def _cells(grid: object) -> list[list[object]]:
    """Each marked cell's character and colours (a blank cell's colours are never read)."""
    return [
        [
            (char, fore, style, back) if char != " " else " "
            for char, fore, style, back in zip(
                grid.marker[r], grid.fore[r], grid.style[r], grid.back[r], strict=True
            )
        ]
        for r in range(grid.rows)
    ]


@settings(max_examples=150, deadline=None)
@given(
    series=st.lists(_SERIES, min_size=1, max_size=4),
    columns=st.integers(1, 30),
    rows=st.integers(1, 12),
)
def test_random_lines_and_points_match_plotext_cell_for_cell(
    series: list[tuple[str, list[tuple[float, float]], str, str]], columns: int, rows: int
) -> None:
    """Lines and points anywhere (off the canvas too), in braille or one character a point,
    overlapping in any order: the same characters in the same colours as plotext builds."""
    calls: list[braille.Call] = [
        (kind, np.array([p[0] for p in points]), np.array([p[1] for p in points]), shade, mark)
        for kind, points, shade, mark in series
    ]
    assert _cells(braille.draw(calls, columns, rows)) == _by_plotext(calls, columns, rows)


def test_a_long_curve_matches_plotext() -> None:
    """A dense sine over a wide canvas, as the fit plots draw, cell for cell."""
    x = np.linspace(0.0, 1.0, 400)
    calls: list[braille.Call] = [
        ("plot", x, 0.5 + 0.45 * np.sin(12 * x), "orange", "braille"),
        ("plot", x, x**2, "gray", "braille"),
        ("scatter", x[::7], 1 - x[::7], "blue", "braille"),
    ]
    assert _cells(braille.draw(calls, 110, 30)) == _by_plotext(calls, 110, 30)


def test_values_a_hair_below_a_dot_boundary_round_as_plotext_rounds() -> None:
    """plotext rounds to 8 places before taking the dot: 2.9999999999 lands on dot 3."""
    bins = 2 * 10
    x = (np.arange(1, bins) - 0.5 - 1e-10) / (bins - 1)
    calls: list[braille.Call] = [("scatter", x, x, "blue", "braille")]
    assert _cells(braille.draw(calls, 10, 5)) == _by_plotext(calls, 10, 5)
