"""What exercise checks may read on the Puzzle: solved, the error, key presses, the
network's kinks.

Named by the lesson's description (`quantities=`), read by `exercises.quantities`.
"""

from __future__ import annotations

from typing import Any

from relu_tui.lessons.quantity import Quantity, quantity_lines

QUANTITIES: tuple[Quantity, ...] = (
    *quantity_lines(
        "flag",
        """
        solved: the target is matched (max error <= 0.05), not revealed
        revealed: the solution was shown
    """,
    ),
    *quantity_lines("text", "level: the level's key"),
    *quantity_lines(
        "number",
        """
        max_error: the largest gap between output and target
        presses: key presses on this level
        hints_shown: hints shown on this level
        kinks: where the network's output bends inside [0, 3], counted
        switching: units that switch inside [0, 3] (two at one x count 2)
        pieces: the network's linear pieces on [0, 3]
        tail_slope: the network's slope beyond its last kink
    """,
    ),
)
"""What checks on this screen may read, with a line on each (shown in the README and help)."""


def quantities(state: Any, start: Any = None) -> dict[str, Any]:
    """The Puzzle screen: solved, revealed, the error, key presses."""
    return {
        "solved": bool(state.solved),
        "revealed": bool(state.revealed),
        "level": state.level.key,
        "max_error": state.score().max_error,
        "presses": float(state.presses),
        "hints_shown": float(state.hints_shown),
        **_puzzle_kinks(state),
    }


def _puzzle_kinks(state: Any) -> dict[str, Any]:
    from relu_tui.lessons.puzzle.figures import network_kinks, unit_switches

    found = network_kinks(state)
    return {
        "kinks": float(found.in_range.size),
        "switching": float(unit_switches(state).size),
        "pieces": float(found.pieces),
        "tail_slope": found.tail[0],
    }
