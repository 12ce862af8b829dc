"""Pins every plotext behaviour relu-tui relies on beyond the public API
(plotting/plotext_compat.py): a plotext upgrade that changes one fails here first."""

from __future__ import annotations

import threading

import plotext
import pytest

from relu_tui.plotting.plotext_compat import colors_to_ansi, grid_of, new_figure


def _text(columns: int, rows: int, points: list[tuple[float, float]]) -> list[str]:
    figure = new_figure(columns, rows)
    figure.scatter([p[0] for p in points], [p[1] for p in points], marker="*")
    figure.xlim(0.0, 1.0)
    figure.ylim(0.0, 1.0)
    grid = grid_of(figure)
    return ["".join(row) for row in reversed(grid.marker)]  # top row first


def test_a_new_figure_has_the_size_asked_for_even_beyond_the_terminal() -> None:
    """`_limit_size(False, False)` lets a figure be larger than the (test) terminal."""
    figure = new_figure(300, 120)
    figure.scatter([0.5], [0.5])
    grid = grid_of(figure)
    assert (grid.cols, grid.rows) == (300, 120)


def test_points_at_the_limits_land_in_the_corners() -> None:
    """With no frame and no ticks, (0, 0) is the bottom-left cell and (1, 1) the top-right."""
    rows = _text(10, 4, [(0.0, 0.0), (1.0, 1.0)])
    assert rows[-1][0] == "*" and rows[0][-1] == "*"
    assert sum(row.count("*") for row in rows) == 2


def test_grid_of_matches_plotexts_own_build() -> None:
    """`_set_sizes` + `_build_matrix` give the cells the public `plotext.build` prints."""
    points = [(0.1, 0.2), (0.5, 0.9), (0.8, 0.4)]
    ours = _text(20, 6, points)
    plotext.clf()
    plotext.limitsize(False, False)
    plotext.plotsize(20, 6)
    plotext.theme("clear")
    plotext.frame(False)
    plotext.xticks([], [])
    plotext.yticks([], [])
    plotext.scatter([p[0] for p in points], [p[1] for p in points], marker="*")
    plotext.xlim(0.0, 1.0)
    plotext.ylim(0.0, 1.0)
    built = plotext.uncolorize(plotext.build()).splitlines()
    plotext.clf()
    assert [line.rstrip() for line in built] == [line.rstrip() for line in ours]


def test_a_figure_of_its_own_leaves_the_global_figure_alone() -> None:
    """Drawing on `new_figure` adds nothing to plotext's global figure."""
    plotext.clf()
    before = plotext.uncolorize(plotext.build())
    _text(20, 6, [(0.5, 0.5)])
    assert plotext.uncolorize(plotext.build()) == before


def test_threads_drawing_at_once_get_their_own_drawings() -> None:
    """Eight threads drawing different figures at once each get exactly their own."""
    expected = {n: _text(16, 5, [(n / 8, n / 8)]) for n in range(8)}
    results: dict[int, list[str]] = {}
    barrier = threading.Barrier(8)

    def draw(n: int) -> None:
        barrier.wait()
        for _ in range(20):
            results[n] = _text(16, 5, [(n / 8, n / 8)])
            if results[n] != expected[n]:
                return

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


@pytest.mark.parametrize(("color", "code"), [("red", "\x1b[38;5;1m"), ("blue", "\x1b[38;5;4m")])
def test_colors_to_ansi_writes_the_colours_escape(color: str, code: str) -> None:
    """plotext's `_utility.colors_to_ansi` gives the 8-colour escape for a named colour."""
    assert code in colors_to_ansi(color, "default", "default")


def test_default_colours_write_no_colour() -> None:
    """A cell in the default colours has no colour escape."""
    assert "38;5" not in colors_to_ansi("default", "default", "default")
