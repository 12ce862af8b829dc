"""Where relu-tui relies on plotext beyond its public API: every such use is in this module.

plotext's public functions (`plotext.plot`, `plotext.build`...) all draw on one global
figure, which threads drawing at once would share. Instead each drawing gets a figure of its
own: `new_figure` makes a fresh plotext figure object (plotext 5's `_figure_class`, the class
of that global figure), whose public methods (`plot`, `scatter`, `bar`, `xlim`...) draw on
it alone, so no lock is needed and nothing process-wide changes. `grid_of` builds it and
hands back the character grid without printing or joining it into a string.
`tests/plotting/test_plotext_compat.py` pins each private name and behaviour relied on, so
a plotext upgrade that changes one fails there first.

plotext is imported on first use, not at import time, to keep start-up fast.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class CharGrid:
    """A built figure's cells, bottom row first (as plotext keeps them).

    Attributes:
        rows, cols: its size in characters.
        marker: per row, each cell's character (" " where nothing is drawn).
        fore, style, back: per row, each cell's plotext colour, style and background.
    """

    rows: int
    cols: int
    marker: list[list[str]]
    fore: list[list[Any]]
    style: list[list[Any]]
    back: list[list[Any]]


def new_figure(columns: int, rows: int) -> Any:
    """A fresh plotext figure of `columns` x `rows` characters, its own and no one else's:
    no theme colours, no frame, no ticks, sized to the arguments and not to the terminal.

    `_figure_class()` is what plotext makes its global figure from; a master figure's
    `_limit_size(False, False)` is what the public `plotext.limitsize` calls on the global
    one (without it the size is cut to the real terminal's).
    """
    _import_plotext()
    from plotext._figure import _figure_class

    figure = _figure_class()
    figure._limit_size(False, False)
    figure.plot_size(columns, rows)
    figure.theme("clear")
    figure.frame(False)
    figure.xticks([], [])
    figure.yticks([], [])
    return figure


def grid_of(figure: Any) -> CharGrid:
    """Build `figure` (`_set_sizes` then `_build_matrix`, the first two steps of the public
    `build`, which would go on to join the cells into one string) and return its cells."""
    figure._set_sizes()
    figure._build_matrix()
    matrix = figure.monitor.matrix
    return CharGrid(
        matrix.rows,
        matrix.cols,
        matrix.marker,
        matrix.fullground,
        matrix.style,
        matrix.background,
    )


def colors_to_ansi(fore: Any, style: Any, back: Any) -> str:
    """The ANSI codes plotext writes before a cell of these colours (plotext's private
    `_utility.colors_to_ansi`; a colour is a name such as "red", a number or an RGB tuple)."""
    _import_plotext()
    from plotext import _utility

    codes: str = _utility.colors_to_ansi(fore, style, back)
    return codes


@lru_cache(maxsize=1)
def braille_chars() -> tuple[str, ...]:
    """The braille character of each dot pattern, as plotext picks it (its private
    `_utility.braille_codes`, keyed by the 8 dots top row first, left then right): index
    bit 2 * (3 - row) + column is the dot at `column` (0 left) of `row` (0 the bottom)."""
    _import_plotext()
    from plotext import _utility

    chars = [" "] * 256
    for dots, char in _utility.braille_codes.items():
        chars[sum(int(dot) << bit for bit, dot in enumerate(dots))] = char
    return tuple(chars)


@lru_cache(maxsize=64)
def single_marker(marker: str) -> str | None:
    """The one character plotext draws for `marker` (its private `_utility.marker_codes`
    names, such as "dot", else the marker's first character), or None for its
    several-dots-per-cell markers (`_utility.hd_symbols`: "hd", "fhd", "braille")."""
    _import_plotext()
    from plotext import _utility

    named = _utility.marker_codes.get(marker, marker)
    return None if named in _utility.hd_symbols else named[:1] or None


@lru_cache(maxsize=64)
def mark_colors(shade: Any) -> tuple[Any, Any, Any]:
    """The (colour, style, background) plotext gives a cell where a braille series in
    `shade` lands on a figure from `new_figure`: read from a one-point figure it builds."""
    figure = new_figure(1, 1)
    figure.scatter([0.5], [0.5], color=shade, marker="braille")
    figure.xlim(0.0, 1.0)
    figure.ylim(0.0, 1.0)
    grid = grid_of(figure)
    return grid.fore[0][0], grid.style[0][0], grid.back[0][0]


def _import_plotext() -> None:
    """Import plotext (once) without its interactive help (`plotext.doc`), which nothing
    here uses.

    plotext writes a docstring for each of its ~150 functions as it is imported (its
    private `_doc_utils.add` and `_doc` module): ~25 ms of the first plot at start-up, on a
    2-core machine. Stand-ins for those two modules leave every function as it is.
    """
    if "plotext" in sys.modules:
        return
    utils = types.ModuleType("plotext._doc_utils")
    utils.add = _unchanged  # type: ignore[attr-defined]
    utils.documentation = types.SimpleNamespace(_add_function=_unchanged)  # type: ignore[attr-defined]
    sys.modules.setdefault("plotext._doc_utils", utils)
    sys.modules.setdefault("plotext._doc", types.ModuleType("plotext._doc"))
    import plotext  # noqa: F401  (loads the package with the stand-ins)


def _unchanged(function: Any) -> Any:
    return function
