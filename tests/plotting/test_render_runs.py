"""The fast drawing path: runs read from plotext's matrix give plotext's own text, and
PlotView's Text equals what Text.from_ansi makes of it."""

from __future__ import annotations

import numpy as np
import plotext
import pytest
from rich.text import Text

from relu_tui.plotting import figures_activations, render
from relu_tui.plotting.spec import PlotSpec, Series
from relu_tui.ui.widgets.plot_view import _text


def _plotext_text(spec: PlotSpec, width: int, height: int, ascii_only: bool, color: bool) -> str:
    """plotext's canvas as its build() writes it: what plot_text used to return."""
    if width < render.MIN_WIDTH or height < render.MIN_HEIGHT:
        return ""
    with render._LOCK:
        plotext.clf()
        plotext.limitsize(False, False)
        plotext.plotsize(width, height)
        plotext.theme("clear")
        render._draw(plotext, spec, ascii_only=ascii_only, color=color, width=width)
        text = plotext.build().rstrip("\n")
        plotext.clf()
    if not color:
        text = plotext.uncolorize(text)
    if ascii_only:
        text = text.translate(render._BOX_TO_ASCII)
    return text


def _specs() -> list[PlotSpec]:
    x = np.linspace(0.1, 10, 50)
    return [
        figures_activations.activation_figure("gelu", {}, -5.0, 5.0),
        figures_activations.comparison_figures(True)[1],
        PlotSpec((Series(x, x**2, label="square", kind="scatter"),
                  Series(x, x, faint=True, label="faint")),
                 title="log", xlabel="x", ylabel="y", yscale="log", grid=True,
                 hlines=(1.0,), vlines=(2.0,)),
        PlotSpec((Series(x[:10], x[:10] - 3, kind="bar", color="red", label="bars"),
                  Series(x, np.sin(x), color="green", marker="x")), title="bars"),
    ]


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("color", [True, False])
@pytest.mark.parametrize("size", [(84, 30), (40, 12), (12, 5), (11, 5)])
def test_plot_text_is_plotexts_own_text(size: tuple[int, int], color: bool,
                                        ascii_only: bool) -> None:
    for spec in _specs():
        assert render.plot_text(spec, *size, ascii_only=ascii_only, color=color) == \
            _plotext_text(spec, *size, ascii_only, color)


@pytest.mark.parametrize("color", [True, False])
def test_plot_view_text_equals_the_parsed_ansi_text(color: bool) -> None:
    for spec in _specs():
        expected = Text.from_ansi(render.plot_text(spec, 60, 20, color=color),
                                  no_wrap=True, end="")
        got = _text(render.plot_runs(spec, 60, 20, color=color))
        assert got.plain == expected.plain
        assert got.spans == expected.spans
