"""The runs a widget draws from are the text plot_text gives, cell for cell and colour for
colour."""

from __future__ import annotations

import numpy as np
import pytest
from rich.text import Text

from relu_tui.lessons.activations import figures as figures_activations
from relu_tui.plotting import render
from relu_tui.plotting.spec import PlotSpec, Series
from relu_tui.ui.widgets.plot_view import _text


def _specs() -> list[PlotSpec]:
    x = np.linspace(0.1, 10, 50)
    return [
        figures_activations.activation_figure("gelu", {}, -5.0, 5.0),
        figures_activations.comparison_figures(True)[1],
        PlotSpec(
            (
                Series(x, x**2, label="square", kind="scatter"),
                Series(x, x, faint=True, label="faint"),
            ),
            title="log",
            xlabel="x",
            ylabel="y",
            yscale="log",
            grid=True,
            hlines=(1.0,),
            vlines=(2.0,),
        ),
        PlotSpec(
            (
                Series(x[:10], x[:10] - 3, kind="bar", color="red", label="bars"),
                Series(x, np.sin(x), color="green", marker="x"),
            ),
            title="bars",
        ),
    ]


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("color", [True, False])
@pytest.mark.parametrize("size", [(84, 30), (40, 12), (12, 5)])
def test_runs_fill_the_area_and_join_to_the_text(
    size: tuple[int, int], color: bool, ascii_only: bool
) -> None:
    """Every row of runs is `width` cells, and joined they are plot_text's text."""
    for spec in _specs():
        rows = render.plot_runs(spec, *size, ascii_only=ascii_only, color=color)
        assert len(rows) == size[1]
        assert {sum(len(chars) for _, chars in row) for row in rows} == {size[0]}
        plain = "\n".join("".join(chars for _, chars in row) for row in rows)
        text = render.plot_text(spec, *size, ascii_only=ascii_only, color=color)
        assert Text.from_ansi(text, no_wrap=True, end="").plain == plain


@pytest.mark.parametrize("color", [True, False])
def test_plot_view_text_equals_the_parsed_ansi_text(color: bool) -> None:
    for spec in _specs():
        expected = Text.from_ansi(render.plot_text(spec, 60, 20, color=color), no_wrap=True, end="")
        got = _text(render.plot_runs(spec, 60, 20, color=color))
        assert got.plain == expected.plain
        assert got.spans == expected.spans
