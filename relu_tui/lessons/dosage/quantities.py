"""What exercise checks may read on the Dosage screen: weights, the bump over the
dosage range, the probe.

Named by the lesson's description (`quantities=`), read by `exercises.quantities`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from relu_tui.lessons.quantity import Quantity, function_lines, quantity_lines

QUANTITIES: tuple[Quantity, ...] = (
    *quantity_lines(
        "text",
        """
        activation: "relu" or "softplus"
        changed: the weights that differ from the start, e.g. "b1" or "w1 b3"
    """,
    ),
    *quantity_lines(
        "number",
        """
        stage: the stage shown, 1-7
        probe: the probe's dosage
        probe_y: the output at the probe
        probe_a2: a2 at the probe
        w1: top node's weight
        b1: top node's bias
        w2: bottom node's weight
        b2: bottom node's bias
        w3: weight from the top node to the output
        w4: weight from the bottom node to the output
        b3: output bias
        bump_peak_x: the dosage where the output is highest (on the range)
        bump_peak_y: the highest output on the range
        bump_width: how long the dosage range is where the output is above 0
        changed_weights: how many of w1 b1 w2 b2 w3 w4 b3 differ from the start
    """,
    ),
    *function_lines(
        1,
        """
        output_at: the output y at a dosage
        a1_at: the top node's a1 at a dosage
        a2_at: the bottom node's a2 at a dosage
        z3_at: the summed signal before the last activation at a dosage
    """,
    ),
)
"""What checks on this screen may read, with a line on each (shown in the README and help)."""


def quantities(state: Any, start: Any = None) -> dict[str, Any]:
    """The Dosage screen: weights, the bump over the dosage range, the probe."""
    from relu_tui.lessons.dosage.state import WEIGHT_NAMES, find_bump, forward, probe_values

    weights = state.weights
    low, high = state.x_range
    bump = find_bump(weights, low, high, state.activation)
    before = start.weights if start is not None else weights
    changed = [name for name in WEIGHT_NAMES if weights[name] != before[name]]
    probe = probe_values(state)

    def node(field: str) -> Callable[[float], float]:
        def at(x: float) -> float:
            nodes = forward(weights, np.array([float(x)]), state.activation)
            return float(getattr(nodes, field)[0])

        return at

    return {
        **{name: weights[name] for name in WEIGHT_NAMES},
        "activation": state.activation,
        "stage": float(state.stage),
        "probe": state.probe,
        "probe_y": probe["y"],
        "probe_a2": probe["a2"],
        "bump_peak_x": bump.peak_x,
        "bump_peak_y": max(bump.peak_y, 0.0),
        "bump_width": float(sum(b - a for a, b in bump.intervals)),
        "changed_weights": float(len(changed)),
        "changed": " ".join(changed),
        "output_at": node("y"),
        "a1_at": node("a1"),
        "a2_at": node("a2"),
        "z3_at": node("z3"),
    }
