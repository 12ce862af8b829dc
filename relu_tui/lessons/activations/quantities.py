"""What exercise checks may read on the Activations screen: the highlighted activation
on the table's inputs, the ReLU Explained view's layers.

Named by the lesson's description (`quantities=`), read by `exercises.quantities`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from relu_tui.lessons.quantity import Quantity, quantity_lines

QUANTITIES: tuple[Quantity, ...] = (
    *quantity_lines(
        "text",
        """
        highlighted: the highlighted activation's name (e.g. "relu")
        view: the view in front: "table", "compare", "why", "linear" or "explained"
    """,
    ),
    *quantity_lines(
        "flag",
        """
        show_grad: the table shows gradients (g)
        relu_between: ReLU sits between the ReLU Explained view's two layers (b)
    """,
    ),
    *quantity_lines(
        "number",
        """
        midpoint_gap: the ReLU Explained layers' largest midpoint-test gap, as composed now
        single_layer_params: weights and biases of the one layer two stacked layers equal
    """,
    ),
    *quantity_lines(
        "number",
        """
        inputs_count: how many inputs the table has
        negative_inputs: how many of the inputs are below 0
        min_input: the smallest input
        max_input: the largest input
        min_output: the highlighted activation's smallest value on the inputs
        max_output: the highlighted activation's largest value on the inputs
        min_grad: the highlighted activation's smallest gradient on the inputs
        max_grad: the highlighted activation's largest gradient on the inputs
        neg_grad_max: the highlighted activation's largest |gradient| on negative inputs
        relu_unchanged: how many inputs ReLU passes unchanged (ReLU(x) = x)
    """,
    ),
)
"""What checks on this screen may read, with a line on each (shown in the README and help)."""


def quantities(state: Any, start: Any = None) -> dict[str, Any]:
    """The Activations screen: the highlighted activation on the table's inputs."""
    x = np.asarray(state.inputs, dtype=np.float64)
    act = state.activation()
    kwargs = state.kwargs()
    with np.errstate(all="ignore"):
        y = act(x, **kwargs)
        g = act.grad(x, **kwargs)
    negative = x < 0
    return {
        "highlighted": state.highlighted,
        "view": state.view,
        "show_grad": bool(state.show_grad),
        "inputs_count": float(x.size),
        "negative_inputs": float(np.sum(negative)),
        "min_input": float(np.min(x)),
        "max_input": float(np.max(x)),
        "min_output": float(np.min(y)),
        "max_output": float(np.max(y)),
        "min_grad": float(np.min(g)),
        "max_grad": float(np.max(g)),
        "neg_grad_max": float(np.max(np.abs(g[negative]))) if negative.any() else 0.0,
        "relu_unchanged": float(np.sum(np.maximum(x, 0.0) == x)),
        **_explained(state),
    }


def _explained(state: Any) -> dict[str, Any]:
    """The ReLU Explained view's two layers as composed now."""
    from relu_tui.lessons.activations.explained_view import layers_lesson

    lesson = layers_lesson(state.layers_seed)
    linear_gap, relu_gap = lesson.midpoint_gap
    return {
        "relu_between": bool(state.relu_between),
        "midpoint_gap": relu_gap if state.relu_between else linear_gap,
        "single_layer_params": float(lesson.w.size + lesson.b.size),
    }
