"""The drawing layer never raises: any finite or non-finite series at any scale draws what
it can, with a note when there is nothing to draw (issue 11)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from relu_tui.plotting.axes import MAX_LABEL
from relu_tui.plotting.render import draw, plot_text
from relu_tui.plotting.spec import PlotSpec, Series

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
"""Every float64: subnormals, 1e300, nan, ±inf."""

SCALED = st.sampled_from([1e-320, 1e-310, 1e-300, 1e-17, 1.0, 1e12, 1e300, 1e307])


@st.composite
def series(draw_: st.DrawFn) -> Series:
    size = draw_(st.integers(0, 40))
    x = draw_(arrays(np.float64, size, elements=ANY_FLOAT))
    if draw_(st.booleans()):
        x = np.sort(np.nan_to_num(x, nan=0.0))
    if draw_(st.booleans()):
        y = draw_(arrays(np.float64, size, elements=st.floats(-10, 10))) * draw_(SCALED)
    else:
        y = draw_(arrays(np.float64, size, elements=ANY_FLOAT))
    return Series(
        x,
        y,
        label=draw_(st.sampled_from(["", "a", "a long legend label"])),
        kind=draw_(st.sampled_from(["line", "scatter", "bar"])),
        faint=draw_(st.booleans()),
    )


LIMITS = st.one_of(st.none(), st.tuples(ANY_FLOAT, ANY_FLOAT))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec_series=st.lists(series(), max_size=3),
    xlim=LIMITS,
    ylim=LIMITS,
    xscale=st.sampled_from(["linear", "log"]),
    yscale=st.sampled_from(["linear", "log"]),
    hlines=st.lists(ANY_FLOAT, max_size=2),
    vlines=st.lists(ANY_FLOAT, max_size=2),
    size=st.tuples(st.integers(12, 90), st.integers(5, 30)),
    ascii_only=st.booleans(),
    color=st.booleans(),
)
def test_any_series_draws_without_raising(
    spec_series: list[Series],
    xlim: tuple[float, float] | None,
    ylim: tuple[float, float] | None,
    xscale: str,
    yscale: str,
    hlines: list[float],
    vlines: list[float],
    size: tuple[int, int],
    ascii_only: bool,
    color: bool,
) -> None:
    """Whatever the values, the plot is exactly the size asked, labels fit in 8 characters,
    the title survives, and --ascii stays 7-bit."""
    spec = PlotSpec(
        tuple(spec_series),
        title="a title",
        xlim=xlim,
        ylim=ylim,
        xscale=xscale,
        yscale=yscale,  # type: ignore[arg-type]
        hlines=tuple(hlines),
        vlines=tuple(vlines),
        grid=bool(hlines),
    )
    drawing = draw(spec, *size, ascii_only=ascii_only, color=color)
    lines = drawing.text(color=False).split("\n")
    assert len(lines) == size[1] and {len(line) for line in lines} == {size[0]}
    assert all(len(label) <= MAX_LABEL for label in drawing.tick_labels)
    assert drawing.title == "a title"
    assert not drawing.legend_cells & drawing.data_cells
    if ascii_only:
        assert drawing.text(color=color).isascii()


def test_a_log_axis_at_the_float_limit_draws() -> None:
    """A line at 1.0000000023e308 on a log axis: its ticks stop at the largest float
    instead of overflowing (found by the property above)."""
    spec = PlotSpec((), title="a title", yscale="log", hlines=(1.0000000023026263e308,), grid=True)
    drawing = draw(spec, 12, 9, ascii_only=False, color=False)
    assert len(drawing.text(color=False).split("\n")) == 9


@pytest.mark.parametrize(
    ("ys", "scale", "note"),
    [
        ([], "linear", ""),
        ([np.nan, np.nan], "linear", "nothing to draw"),
        ([0.0, 0.0, -1.0], "log", "log scale"),
        ([np.inf, -np.inf], "log", "nothing to draw"),
    ],
)
def test_nothing_to_draw_says_so(ys: list[float], scale: str, note: str) -> None:
    """An empty, all-nan or (on a log axis) non-positive series gives a frame and a note."""
    spec = PlotSpec((Series.of(np.arange(len(ys)), ys, label="loss"),), title="loss", yscale=scale)  # type: ignore[arg-type]
    drawing = draw(spec, 50, 12, color=False)
    assert drawing.title == "loss"
    if note:
        assert any(note in text for text in drawing.notes)
        assert note in drawing.text(color=False)


@pytest.mark.parametrize("scale", [1e-310, 1e-306, 5e-324, 1e300, 1.7e308])
def test_extreme_scales_are_drawn_with_short_labels(scale: float) -> None:
    """Subnormal and huge values are drawn, labelled in scientific notation (the
    approximation screen's 1e-310*x crashed plotext with an OverflowError)."""
    x = np.linspace(-1, 1, 50)
    drawing = draw(PlotSpec((Series.of(x, scale * x, label="f"),), title="f"), 60, 16, color=False)
    assert drawing.data_cells
    assert drawing.tick_labels and all(len(t) <= MAX_LABEL for t in drawing.tick_labels)


def test_a_log_axis_with_nothing_positive_does_not_raise() -> None:
    """plotext raised TypeError for a log plot with no point to draw (approximation
    `x` then m, t; dead screen with a first loss of 4.3e16)."""
    epochs = np.arange(5.0)
    for ys in ([0.0] * 5, [4.3e16, 1e14, 3.0, 2.0, 1.0]):
        text = plot_text(
            PlotSpec(
                (Series.of(epochs, ys, label="MSE"),), title="MSE", yscale="log", hlines=(0.0,)
            ),
            60,
            14,
            color=False,
        )
        assert "MSE" in text


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ([0.5, 1e300], [0.5, 0.7]),
        ([0.5, 1e300], [0.5, 1e299]),
        ([-1e308, 1e308], [0.5, 0.5]),
        ([0.5, 0.6], [1.7e308, -1.7e308]),
    ],
)
def test_segments_to_far_points_are_cut_at_the_frame(xs: list[float], ys: list[float]) -> None:
    """A line from inside the limits to 1e300 is cut at the frame (plotext would interpolate
    it cell by cell without end), without an overflow warning."""
    drawing = draw(
        PlotSpec((Series.of(xs, ys),), xlim=(0.0, 1.0), ylim=(0.0, 1.0)), 40, 10, color=False
    )
    assert len(drawing.text(color=False).split("\n")) == 10
