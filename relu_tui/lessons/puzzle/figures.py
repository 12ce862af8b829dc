"""Puzzle: core results → PlotSpecs (the Match Target plot and one small plot per unit)."""

from __future__ import annotations

import numpy as np

from relu_tui.base.types import FloatArray
from relu_tui.lessons.puzzle.state import PuzzleState
from relu_tui.lessons.puzzle.units import X_RANGE, network_output, relu, switch_text
from relu_tui.nn.kinks import Kinks, kinks, sum_network
from relu_tui.plotting.spec import PlotSpec, Series


def breakpoints(units: tuple[tuple[float, float, float], ...]) -> FloatArray:
    """The x range's ends and every unit's switch point inside it.

    Both curves are straight between these points, so a line through them draws them exactly
    (and a plot with a handful of points draws much faster than one with hundreds).
    """
    low, high = X_RANGE
    knots = [-b / w for w, b, _ in units if w != 0 and low < -b / w < high]
    return np.unique(np.array([low, high, *knots], dtype=np.float64))


def fit_figure(state: PuzzleState) -> PlotSpec:
    """Target and the network's output on [0, 3], with the target's bends marked."""
    target_units = tuple((u.w, u.b, u.v) for u in state.level.units)
    x = breakpoints(target_units + state.units())
    bends = tuple(piece.start for piece in state.level.segments()[1:])
    found = network_kinks(state)
    series = [
        Series(x, state.level.target(x), label="target", color="gray"),
        Series(x, network_output(state.units(), x), label="network", color="blue"),
    ]
    if found.in_range.size:
        kx = found.in_range
        series.append(Series(kx, found.value(kx), label="its kinks", color="red", kind="scatter"))
    return PlotSpec(
        tuple(series),
        title=f"Match Target: network {found.pieces} pieces",
        short_title="Match Target",
        xlabel="x",
        xlim=X_RANGE,
        vlines=bends,
    )


def network_kinks(state: PuzzleState) -> Kinks:
    """The network's exact kinks on the x range (its units as a 1 -> n -> 1 ReLU net)."""
    return kinks(sum_network(state.units()), *X_RANGE)


def unit_switches(state: PuzzleState) -> FloatArray:
    """Where each unit switches inside the x range, one x per switching unit (two units that
    switch at the same x give it twice; a unit with w = 0 never switches), sorted."""
    low, high = X_RANGE
    knots = [-b / w for w, b, _ in state.units() if w != 0 and low < -b / w < high]
    return np.sort(np.array(knots, dtype=np.float64))


def unit_figure(index: int, w: float, b: float, v: float, *, fixed: bool) -> PlotSpec:
    """One unit: its linear part z = w·x + b (faint) and a = v·ReLU(z), with where it switches.

    A two-entry legend names them: "z" and "a" (times v when v is not 1).
    """
    x = breakpoints(((w, b, v),))
    z = w * x + b
    knot = -b / w if w != 0 else np.nan
    vlines = (float(knot),) if np.isfinite(knot) and X_RANGE[0] < knot < X_RANGE[1] else ()
    scale = f" x{v:g}" if v != 1 else ""
    where = switch_text(w, b).replace("on for x", "on x")  # short enough for a small plot
    return PlotSpec(
        (
            Series(x, z, label="z", faint=True),
            Series(x, v * relu(z), label="a" if v == 1 else f"{v:g}a", color="orange"),
        ),
        title=f"Unit {index}{' fixed' if fixed else ''}{scale}: {where}",
        xlim=X_RANGE,
        vlines=vlines,
        hlines=(0.0,),
    )


def unit_figures(state: PuzzleState) -> tuple[PlotSpec, ...]:
    """A small plot for every unit of the level."""
    return tuple(
        unit_figure(i, w, b, v, fixed=not state.level.units[i].free)
        for i, (w, b, v) in enumerate(state.units())
    )
