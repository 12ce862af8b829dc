"""The puzzle: set ReLU units until their sum matches a piecewise-linear target.

Source: the course lab "ReLU activation", exercise "Why non-linear activations?": x on
[0, 3], three ReLU units, an output unit that sums them (weights 1, bias 0). Unit 0 is
fixed at w₀ = −2, b₀ = 2; the player sets w₁, b₁, w₂, b₂ with sliders in steps of 0.1 over
[−4, 4]. Every level's target is the output of its own solution, so every level is solvable
on the step grid by construction.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

import numpy as np

from relu_tui.base.params import Param, params_by_name, replace_param
from relu_tui.base.types import FloatArray
from relu_tui.lessons.puzzle.levels import LEVELS
from relu_tui.lessons.puzzle.units import X_RANGE, Level, network_output, snap

GRID = 300
"""Points on which a fit is scored (the lab's check: max error ≤ TOLERANCE on 300 points)."""
TOLERANCE = 0.05

PRESS_RULE = (
    "Key presses count what you change: each key that moves the selection or changes a value "
    "counts one (a key that changes nothing is free), and a typed value counts once, however "
    "long. Keys that only look or run are free: views, help, hints, checking, training, and "
    "the characters typed into a field."
)
"""The one rule for counting key presses, on the Puzzle and in every exercise (help says it)."""


@dataclass(frozen=True)
class Score:
    max_error: float
    mean_error: float

    @property
    def solved(self) -> bool:
        return self.max_error <= TOLERANCE


@dataclass(frozen=True)
class PuzzleState:
    """A level in play: the player's parameters, key presses, hints shown, revealed flag."""

    level: Level = LEVELS[0]
    params: tuple[Param, ...] = field(default_factory=lambda: LEVELS[0].start_params())
    presses: int = 0
    hints_shown: int = 0
    revealed: bool = False

    @staticmethod
    def of(level: Level) -> PuzzleState:
        return PuzzleState(level=level, params=level.start_params())

    def units(self) -> tuple[tuple[float, float, float], ...]:
        """(w, b, v) of every unit with the player's values applied."""
        values = {p.name: p.value for p in self.params}
        return tuple(
            (values.get(f"w{i}", u.w), values.get(f"b{i}", u.b), values.get(f"v{i}", u.v))
            for i, u in enumerate(self.level.units)
        )

    def with_param(self, name: str, value: float) -> PuzzleState:
        """`name` set to `value` snapped to the step grid; one more key press.

        Returns self unchanged (no press counted) when the snapped value is the current one.
        """
        old = params_by_name(self.params)[name]
        new = old.with_value(snap(value))
        new = replace(new, value=snap(new.value))
        if new.value == old.value:
            return self
        return replace(self, params=replace_param(self.params, new), presses=self.presses + 1)

    def with_press(self) -> PuzzleState:
        """One more key press that moved nothing (choosing a parameter)."""
        return replace(self, presses=self.presses + 1)

    def with_hint(self) -> PuzzleState:
        return replace(self, hints_shown=min(self.hints_shown + 1, len(self.level.hints)))

    def revealed_solution(self) -> PuzzleState:
        answer = self.level.solution()
        params = tuple(replace(p, value=answer[p.name]) for p in self.params)
        return replace(self, params=params, revealed=True)

    def score(self) -> Score:
        x = grid()
        error = np.abs(network_output(self.units(), x) - self.level.target(x))
        return Score(float(error.max()), float(error.mean()))

    @property
    def solved(self) -> bool:
        """Matched by the player (a revealed solution does not count)."""
        return not self.revealed and self.score().solved


def grid(points: int = GRID) -> FloatArray:
    return np.linspace(*X_RANGE, points)


def fit_hints(story: str, hints: tuple[str, ...], shown: int, width: int, height: int) -> list[str]:
    """The lines of the hints box: the newest hints that fit whole in `height` lines of
    `width` columns (older ones give way; a hint is never cut), or the level's story before
    the first hint. A last line says how many hints are left, when any are.

    The box never scrolls: a scrolled box showed the tail of an older hint above the newest.
    """
    width = max(width, 10)
    left = len(hints) - shown
    room = max(height - (1 if left else 0), 1)
    lines: list[str] = []
    if shown == 0:
        lines = textwrap.wrap(story, width)[:room]
    for number in range(shown, 0, -1):
        wrapped = textwrap.wrap(f"Hint {number}/{len(hints)}: {hints[number - 1]}", width)
        if lines and len(lines) + len(wrapped) > room:
            break
        lines = wrapped[:room] + lines
    if left:
        lines.append(f"{left} more hint{'s' if left > 1 else ''}")
    return lines
