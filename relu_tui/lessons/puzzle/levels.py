"""The Puzzle's levels: the course lab's exercise, six built on it, and seeded random ones.

Every level's target is the output of its own solution, so every level is solvable on the
step grid by construction.
"""

from __future__ import annotations

import numpy as np

from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.lessons.puzzle.units import LIMIT, Level, Unit

LAB_HINTS = (
    "Start with w₁ and b₁; leave unit 2 at zero for now.",
    "After x = 1 unit 0 is off, so unit 1 alone must give segment 2's slope: w₁ is that slope.",
    "Unit 1 must stay off (w₁·x + b₁ < 0) until x = 1: choose b₁ so w₁·1 + b₁ = 0.",
    "From x = 2 units 1 and 2 are both on: w₁ + w₂ must equal segment 3's slope, 3.",
    "Unit 2 must stay off until x = 2: choose b₂ so w₂·2 + b₂ = 0.",
)
"""The lab's own reasoning, one step per hint."""


def _hints(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """Hints for a built level: knots first, then slopes, then biases."""
    hints = ["A ReLU unit is a line that is cut off at one point: find where the target bends."]
    for i, unit in enumerate(units):
        if not unit.free or unit.w == 0:
            continue
        knot = -unit.b / unit.w
        side = "after" if unit.w > 0 else "before"
        hints.append(f"Unit {i} bends the target at x = {knot:g}; it is on {side} that point.")
    for i, unit in enumerate(units):
        if unit.free:
            change = unit.w * unit.v
            hints.append(
                f"While unit {i} is on it adds {change:g} to the output's slope "
                f"(w·v for unit {i}); compare the target's slopes either side of "
                "its bend."
            )
    hints.append("A unit switching on at x = h with slope w needs b = −w·h.")
    return tuple(hints)


def _built(key: str, title: str, story: str, units: tuple[Unit, ...], lesson: str) -> Level:
    return Level(key, title, units, _hints(units), story, lesson)


FIXED = ()


LEVELS: tuple[Level, ...] = (
    Level(
        "1",
        "The lab's exercise",
        (Unit(-2.0, 2.0, free=FIXED), Unit(1.0, -1.0), Unit(2.0, -4.0)),
        LAB_HINTS,
        "Unit 0 is fixed and draws segment 1; set units 1 and 2 to draw segments 2 and 3.",
        "Each ReLU unit adds one bend: switched on at its knot, it changes the slope from "
        "there on and leaves everything before it alone.",
    ),
    _built(
        "2",
        "Four segments",
        "Four slopes: −2, 1, 2, 3.6. Unit 0 is fixed.",
        (Unit(-2.0, 1.0, free=FIXED), Unit(1.0, -0.5), Unit(1.0, -1.5), Unit(1.6, -4.0)),
        "Every bend of the target is one unit; its weight is how much the slope changes there.",
    ),
    _built(
        "3",
        "Five segments",
        "Five slopes, four bends. Unit 0 is fixed.",
        (
            Unit(-3.0, 1.5, free=FIXED),
            Unit(1.0, -0.5),
            Unit(1.0, -1.2),
            Unit(1.0, -2.0),
            Unit(1.0, -2.5),
        ),
        "More units, more bends: with enough ReLUs a sum can follow any piecewise-linear curve.",
    ),
    _built(
        "4",
        "Switch a unit off",
        "One unit must be on at the left and switch off: a negative weight.",
        (Unit(1.0, 0.0, free=FIXED), Unit(-2.0, 2.0), Unit(1.0, -2.0)),
        "A negative weight turns a unit around: on at the left, off after its knot.",
    ),
    _built(
        "5",
        "Down after up",
        "The slope turns negative after rising: a unit with a negative output weight v.",
        (Unit(1.0, 0.0, free=FIXED), Unit(2.0, -3.0, -1.0, free=("w", "b", "v"))),
        "A negative output weight v subtracts a unit: the sum can go down after going up.",
    ),
    _built(
        "6",
        "Free: the lab's target, every unit yours",
        "The lab's target again, but unit 0 moves too.",
        (Unit(-2.0, 2.0), Unit(1.0, -1.0), Unit(2.0, -4.0)),
        "The first segment needs a unit too: the bias of a unit that is on at the left "
        "sets where the curve starts.",
    ),
    _built(
        "7",
        "Free: a shallow valley",
        "Every unit is yours; one must switch off at x = 1.",
        (Unit(-1.0, 1.0), Unit(0.5, -0.5), Unit(1.5, -3.0)),
        "The valley's floor is at x = 1, where the target is 0 and every unit is off: a unit "
        "with a negative weight brings the curve down and switches off there, another switches "
        "on there; from x = 2 two units are on and their slopes add.",
    ),
)
"""The built-in levels, in order."""


def random_level(seed: int) -> Level:
    """A seeded level: 2–3 player units with integer slopes and bends on the half-grid.

    Biases are −w·h with integer w and h a multiple of 0.5, so they lie on the 0.1 grid and
    within [−4, 4]; every generated level is solvable on the step grid.
    """
    rng = np.random.default_rng(seed)
    count = int(rng.integers(2, 4))
    knots = sorted(rng.choice(np.arange(0.5, 3.0, 0.5), size=count, replace=False).tolist())
    units = [Unit(-1.0, 1.0, free=FIXED)] if rng.random() < 0.5 else [Unit(1.0, 0.0, free=FIXED)]
    for knot in knots:
        for _ in range(50):
            w = float(rng.choice([-3, -2, -1, 1, 2, 3]))
            if abs(w * knot) <= LIMIT:
                break
        else:
            w = 1.0
        units.append(Unit(w, round(-w * knot, 10) + 0.0))
    return _built(
        f"random-{seed}",
        f"Random level (seed {seed})",
        f"A seeded random target with {count} bends.",
        tuple(units),
        "Any target made of straight pieces is a sum of ReLUs: one unit per bend.",
    )


def level_by_key(key: str, seed: int | None = None) -> Level:
    """A built-in level by number, or 'random' with a seed.

    Raises:
        InputError: an unknown level.
    """
    if key.strip().lower() == "random":
        return random_level(0 if seed is None else seed)
    for level in LEVELS:
        if level.key == key.strip():
            return level
    raise InputError(
        f"unknown level '{printable(key, limit=40)}'; choose 1-{len(LEVELS)} or random"
    )
