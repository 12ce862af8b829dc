"""plot_text: sized exactly, ASCII when asked, no ANSI without colour."""

from __future__ import annotations

import re

import numpy as np
import pytest

from relu_tui.plotting.render import plot_text
from relu_tui.plotting.spec import PlotSpec, Series

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def relu_spec() -> PlotSpec:
    x = np.linspace(-5, 5, 101)
    return PlotSpec(
        (
            Series.of(x, np.maximum(x, 0), label="ReLU"),
            Series.of(x, (x > 0).astype(float), label="gradient", color="orange"),
            Series.of(x, np.tanh(x), label="tanh", faint=True),
        ),
        title="ReLU",
        xlabel="x",
        vlines=(0.0,),
    )


@pytest.mark.parametrize(("width", "height"), [(40, 12), (80, 20), (120, 40)])
def test_plot_fills_exactly_the_requested_cells(width: int, height: int) -> None:
    """Every line is `width` cells and there are `height` lines."""
    lines = plot_text(relu_spec(), width, height, color=False).split("\n")
    assert len(lines) == height
    assert {len(line) for line in lines} == {width}


def test_no_color_means_no_escape_codes() -> None:
    """color=False output has no ANSI sequences; color=True has some."""
    assert not ANSI.search(plot_text(relu_spec(), 60, 15, color=False))
    assert ANSI.search(plot_text(relu_spec(), 60, 15, color=True))


def test_ascii_only_output_is_pure_ascii() -> None:
    """No braille, no box drawing: every character is 7-bit."""
    text = plot_text(relu_spec(), 80, 20, ascii_only=True, color=False)
    assert text.isascii()
    assert "ReLU" in text and "*" in text


def test_default_uses_braille() -> None:
    """Without ascii_only the curve is drawn in braille for resolution."""
    text = plot_text(relu_spec(), 80, 20, color=False)
    assert any(0x2800 <= ord(ch) <= 0x28FF for ch in text)


def test_non_finite_points_are_skipped_and_log_scale_drops_non_positive() -> None:
    """nan/inf and (on log axes) values ≤ 0 never reach plotext."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    spec = PlotSpec((Series.of(x, [1.0, np.nan, 0.0, 1e-3], label="loss"),), yscale="log")
    text = plot_text(spec, 50, 12, color=False)
    assert "loss" in text


def test_too_small_area_keeps_only_the_title() -> None:
    """Below the minimum the renderer draws the title alone, no garbage; nothing at all
    without a title."""
    assert plot_text(relu_spec(), 8, 3, color=False).split("\n") == ["  ReLU  ", " " * 8, " " * 8]
    assert plot_text(PlotSpec(relu_spec().series), 8, 3) == ""


def test_astronomical_values_are_left_out_not_crashed_on() -> None:
    """A diverging series near 1e300 is dropped from the drawing; the rest still draws."""
    x = np.linspace(0.0, 1.0, 50)
    spec = PlotSpec(
        (Series.of(x, x * 1e300, label="diverged"), Series.of(x, x, label="fine")),
        ylim=(0.0, 1.0),
        hlines=(1e300,),
    )
    text = plot_text(spec, 60, 12, color=False)
    assert "fine" in text
    unbounded = PlotSpec((Series.of(x, x * 1e300, label="diverged"), Series.of(x, x, label="fine")))
    assert "fine" in plot_text(unbounded, 60, 12, color=False)


@pytest.mark.parametrize("limits", [{"ylim": (0.0, 1.0)}, {"xlim": (0.0, 1.0)}])
def test_a_labelled_series_entirely_off_the_limits_is_drawn_unlabelled(
    limits: dict[str, tuple[float, float]],
) -> None:
    """A curve above (or right of) the limits leaves the legend to the visible ones."""
    x = np.linspace(0, 1, 50)
    off = Series.of(x + 3, x, label="off") if "xlim" in limits else Series.of(x, x + 3, label="off")
    text = plot_text(PlotSpec((off, Series.of(x, x, label="shown")), **limits), 60, 15, color=False)
    assert "shown" in text
    assert "off" not in text


def test_a_title_too_long_for_the_width_is_shortened_not_dropped() -> None:
    """The short title stands in where the title does not fit; without one the title is cut
    with an ellipsis (plotext dropped it: Vanishing and Born dead at 80x24)."""
    from relu_tui.plotting.render import draw

    x = np.linspace(0, 1, 20)
    long = "log10 |dL/dW| per layer at init (1 = input side)"
    spec = PlotSpec((Series.of(x, x),), title=long, short_title="log10 |dL/dW| per layer")
    assert draw(spec, 30, 10, color=False).title == "log10 |dL/dW| per layer"
    assert draw(spec, 60, 10, color=False).title == long
    cut = draw(PlotSpec(spec.series, title=long), 30, 10, color=False).title
    assert cut.endswith("…") and len(cut) == 30 and long.startswith(cut[:-1])
