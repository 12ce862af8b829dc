"""What exercise checks may read in Approximation's fit mode: target, N, the fit's
errors and kinks.

Named by the lesson's description (`quantities=`), read by `exercises.quantities`.
"""

from __future__ import annotations

from typing import Any

from relu_tui.lessons.quantity import Quantity, quantity_lines


def check_state(state: Any) -> Any:
    """The screen's state as checks see it: the Fit mode's `FitState`."""
    return state.fit


QUANTITIES: tuple[Quantity, ...] = (
    *quantity_lines(
        "text",
        """
        target: the target's name (a preset such as "sin x", or the typed expression)
        placement: "even" or "curvature"
    """,
    ),
    *quantity_lines(
        "number",
        """
        units: N, the number of shifted ReLUs
        lo: the interval's left end
        hi: the interval's right end
        rmse: root-mean-square error of the fit
        max_error: largest error of the fit
        hinges: hinges (kinks) of the ReLU sum inside the interval
        pieces: linear pieces of the ReLU sum on the interval
    """,
    ),
)
"""What checks on this screen may read, with a line on each (shown in the README and help)."""


def quantities(state: Any, start: Any = None) -> dict[str, Any]:
    """The Approximation screen's fit mode: target, N, knots and the fit's errors."""
    fit = state.fit
    return {
        "target": state.target.name,
        "placement": state.placement,
        "units": float(state.units),
        "lo": state.target.lo,
        "hi": state.target.hi,
        "rmse": fit.rmse,
        "max_error": fit.max_error,
        "hinges": float(fit.kinks.in_range.size),
        "pieces": float(fit.kinks.pieces),
    }
