"""Activations screen figures: one activation with its derivative, the 2x2 comparison, and
the gradient left after N layers. Core results in, PlotSpecs out; no Textual.

Figures are cached by their (hashable) inputs, so redrawing after a key that did not change
a figure reuses the same spec object and PlotView reuses its drawing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.plotting.spec import PlotSpec, Series

if TYPE_CHECKING:  # linearity is imported when its views open, not with the first frame
    from relu_tui.lessons.activations.why_relu import GradientProfile

POINTS = 201
"""Samples per curve: enough for smooth curves, kinks land on a sample at x = 0."""

COMPARISON: tuple[tuple[str, dict[str, float], str, str], ...] = (
    ("relu", {}, "ReLU", "blue"),
    ("leaky_relu", {"negative_slope": 0.1}, "Leaky ReLU (slope 0.1)", "green"),
    ("sigmoid", {}, "Sigmoid", "red"),
    ("tanh", {}, "Tanh", "magenta"),
)
"""'ReLU Explained', the 2x2 figure: torch.linspace(-5, 5, 100), leaky_relu with
negative_slope=0.1, colours b, g, r, m, axes at 0."""


def _frozen(kwargs: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(kwargs.items()))


def activation_figure(name: str, kwargs: dict[str, object], x_min: float, x_max: float) -> PlotSpec:
    """The activation `name` and its derivative over [x_min, x_max]."""
    return _activation_figure(name, _frozen(kwargs), float(x_min), float(x_max))


@lru_cache(maxsize=64)
def _activation_figure(
    name: str, kwargs: tuple[tuple[str, object], ...], x_min: float, x_max: float
) -> PlotSpec:
    act = ACTIVATIONS[name]
    kw = dict(kwargs)
    x = np.linspace(x_min, x_max, POINTS)
    if x_min < 0 < x_max:
        # Draw the kink exactly where it is. (Not np.union1d: its first call imports
        # numpy.ma, ~12 ms of start-up.)
        at = int(np.searchsorted(x, 0.0))
        if x[at] != 0.0:
            x = np.insert(x, at, 0.0)
    return PlotSpec(
        series=(
            Series(x, act(x, **kw), label=f"{act.display}(x)", color="blue"),
            Series(x, act.grad(x, **kw), label="derivative", color="orange"),
        ),
        title=f"{act.display}: {act.formula}",
        xlim=(x_min, x_max),
        hlines=(0.0,),
        vlines=(0.0,) if x_min < 0 < x_max else (),
    )


@lru_cache(maxsize=4)
def comparison_figures(grad: bool = False) -> tuple[PlotSpec, PlotSpec, PlotSpec, PlotSpec]:
    """The seed's 2x2 figure: ReLU, Leaky ReLU, Sigmoid, Tanh on [-5, 5] (or derivatives)."""
    x = np.linspace(-5.0, 5.0, 100)
    specs = []
    for name, kw, title, color in COMPARISON:
        act = ACTIVATIONS[name]
        y = act.grad(x, **kw) if grad else act(x, **kw)
        specs.append(
            PlotSpec(
                series=(Series(x, y, color=color),),
                title=f"{title}{' derivative' if grad else ''}",
                xlim=(-5.0, 5.0),
                hlines=(0.0,),
                vlines=(0.0,),
            )
        )
    return specs[0], specs[1], specs[2], specs[3]


_COLORS = ("red", "blue", "green", "magenta", "cyan", "orange")


def layers_figure(profiles: tuple[GradientProfile, ...], layers: int) -> PlotSpec:
    """Largest gradient left after n = 1..N layers, log scale: 0.25^n falls, 1^n stays."""
    return _layers_figure(profiles, int(layers))


@lru_cache(maxsize=32)
def _layers_figure(profiles: tuple[GradientProfile, ...], layers: int) -> PlotSpec:
    n = np.arange(1, layers + 1, dtype=np.float64)
    series = []
    for index, profile in enumerate(profiles):
        with np.errstate(under="ignore", over="ignore"):
            left = np.float64(profile.max_grad) ** n
        left = np.maximum(left, 1e-300)  # a log axis cannot show 0
        series.append(Series(n, left, label=profile.display, color=_COLORS[index % 6]))
    return PlotSpec(
        series=tuple(series),
        title="Largest gradient after n layers",
        xlabel="layers n",
        yscale="log",
        xlim=(1.0, max(float(layers), 2.0)),
    )
