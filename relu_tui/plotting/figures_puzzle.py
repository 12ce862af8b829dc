"""Puzzle: core results → PlotSpecs (the Match Target plot and one small plot per unit)."""

from __future__ import annotations

import numpy as np

from relu_tui.core.puzzle import PuzzleState, grid, network_output, relu
from relu_tui.plotting.spec import PlotSpec, Series


def fit_figure(state: PuzzleState) -> PlotSpec:
    """Target and the network's output on [0, 3]."""
    x = grid(121)
    return PlotSpec(
        (Series(x, state.level.target(x), label="target", color="gray"),
         Series(x, network_output(state.units(), x), label="network", color="blue")),
        title="Match Target", xlabel="x",
    )


def unit_figures(state: PuzzleState) -> tuple[PlotSpec, ...]:
    """For each unit: its linear part z (faint) and a = ReLU(z), with where it switches on."""
    x = grid(61)
    specs = []
    for i, (w, b, v) in enumerate(state.units()):
        z = w * x + b
        fixed = not state.level.units[i].free
        knot = -b / w if w != 0 else np.nan
        vlines = (float(knot),) if np.isfinite(knot) and 0.0 <= knot <= 3.0 else ()
        scale = f" ×{v:g}" if v != 1 else ""
        specs.append(PlotSpec(
            (Series(x, z, faint=True), Series(x, v * relu(z), color="orange")),
            title=f"Unit {i}{' (fixed)' if fixed else ''}{scale}", vlines=vlines,
        ))
    return tuple(specs)
