"""The dosage walk-through's seven stages: what each plots, the table of node values it
lists and its sentence, worded from the current weights (stage 7 from the computed bump).

Source: the dosage article's steps; `state.py` holds the network and its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.params import Param
from relu_tui.lessons.dosage.state import (
    ACTIVATION_NAMES,
    TABLE_DOSAGES,
    Bump,
    DosageState,
    find_bump,
    forward,
)


@dataclass(frozen=True)
class Stage:
    """One step of the walk-through: what it plots and which node values its table lists."""

    number: int
    title: str
    short: str
    """A title that fits over a small plot in the overview grid."""
    formula: str
    explanation: str
    curve: str
    """The Nodes field this stage plots."""
    color: str
    columns: tuple[tuple[str, str], ...]
    """(heading, Nodes field) for the table."""


def stages(activation: str = "relu") -> tuple[Stage, ...]:
    """The seven stages, worded for ReLU or Softplus."""
    act = ACTIVATION_NAMES[activation]
    return (
        Stage(
            1,
            "First linear transformation + " + act,
            f"1 a₁={act}",
            f"a₁ = {act}(w₁·x + b₁)",
            f"{act} stays at 0 until the linear term turns positive, then follows it: "
            "the bent line a₁."
            if activation == "relu"
            else "Softplus is a smooth ReLU: near 0 while the linear term is negative, then it "
            "follows it; the bend is rounded.",
            "a1",
            "blue",
            (("w₁·x + b₁", "z1"), (f"{act} output", "a1")),
        ),
        Stage(
            2,
            "Multiply by w₃",
            "2 × w₃",
            "w₃·a₁",
            "",
            "top",
            "blue",
            (("a₁", "a1"), ("w₃·a₁", "top")),
        ),
        Stage(
            3,
            "Bottom node",
            f"3 a₂={act}",
            f"a₂ = {act}(w₂·x + b₂)",
            "The bottom node's linear term; where it is positive the activation passes it "
            "unchanged: the straight line a₂."
            if activation == "relu"
            else "The bottom node's linear term through Softplus: where it is well above 0 the "
            "output follows it, the straight line a₂.",
            "a2",
            "orange",
            (("w₂·x + b₂", "z2"), (f"{act} output", "a2")),
        ),
        Stage(
            4,
            "Multiply by w₄",
            "4 × w₄",
            "w₄·a₂",
            "",
            "bottom",
            "orange",
            (("a₂", "a2"), ("w₄·a₂", "bottom")),
        ),
        Stage(
            5,
            "Add the two paths",
            "5 sum",
            "w₃·a₁ + w₄·a₂",
            "The top path w₃·a₁ plus the bottom path w₄·a₂: their sum is a wedge.",
            "combined",
            "green",
            (("w₃·a₁", "top"), ("w₄·a₂", "bottom"), ("sum", "combined")),
        ),
        Stage(
            6,
            "Add the bias b₃",
            "6 + b₃",
            "w₃·a₁ + w₄·a₂ + b₃",
            "",
            "z3",
            "green",
            (("sum", "combined"), ("+ b₃", "z3")),
        ),
        Stage(
            7,
            f"Apply {act} again",
            f"7 y={act}",
            f"y = {act}(w₃·a₁ + w₄·a₂ + b₃)",
            "",
            "y",
            "green",
            (("w₃·a₁ + w₄·a₂ + b₃", "z3"), ("y", "y")),
        ),
    )


def describe_bump(bump: Bump, activation: str = "relu") -> str:
    """Stage 7's explanation, from the computed bump."""
    peak = f"{fmt(bump.peak_y, 3)} at x = {bump.peak_x:.3f}"
    spans = " and ".join(f"({a:.3f}, {b:.3f})" for a, b in bump.intervals)
    if activation == "relu":
        if not bump.intervals:
            return (
                "ReLU zeroes the negative part; the sum never rises above 0, so y = 0 everywhere."
            )
        return (
            f"ReLU zeroes the negative part: y is 0 except for a bump, positive only for x in "
            f"{spans}, peak {peak}."
        )
    if not bump.intervals:
        return (
            f"Softplus never outputs exactly 0; the sum never rises above 0, so y stays small "
            f"(highest {peak})."
        )
    return (
        f"Softplus never outputs exactly 0; the sum is positive for x in {spans}, and y "
        f"peaks at {peak}."
    )


def table_dosages(state: DosageState, stage: Stage) -> tuple[float, ...]:
    """The dosages a stage's table lists: the article's 0, 0.2, 0.6 and 1.0, and at stage 7
    also the output's peak and, each side of it, the middle of the bump's rise and fall
    (none of the article's dosages falls inside the bump, so without these the table
    would read y = 0 throughout). Rounded to 3 decimals, as the stage's sentence."""
    if stage.number != 7:
        return TABLE_DOSAGES
    low, high = state.x_range
    bump = find_bump(state.weights, low, high, state.activation)
    extra = []
    for left, right in bump.intervals:
        if left <= bump.peak_x <= right:
            extra += [(left + bump.peak_x) / 2, bump.peak_x, (bump.peak_x + right) / 2]
    rounded = {round(x, 3) for x in extra} - set(TABLE_DOSAGES)
    return tuple(sorted(set(TABLE_DOSAGES) | rounded))


def table(state: DosageState, stage: Stage) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(headings, rows) of the stage's node values at its dosages (`table_dosages`)."""
    dosages = table_dosages(state, stage)
    nodes = forward(state.weights, np.array(dosages), state.activation)
    headings = ("dosage",) + tuple(heading for heading, _ in stage.columns)
    rows = tuple(
        (fmt(x),) + tuple(fmt(float(getattr(nodes, field)[i])) for _, field in stage.columns)
        for i, x in enumerate(dosages)
    )
    return headings, rows


def explanation(state: DosageState, stage: Stage) -> str:
    """The stage's sentence; those about a weight or the output use the current parameters."""
    w = state.weights
    if stage.number == 2:
        return _scaling_sentence("w₃", w["w3"], "the bent line a₁")
    if stage.number == 3 and state.activation == "relu":
        return _bottom_line_sentence(state)
    if stage.number == 4:
        return _scaling_sentence("w₄", w["w4"], "the line a₂")
    if stage.number == 6:
        b3 = w["b3"]
        if b3 == 0:
            return "b₃ = 0: the wedge stays where it is."
        way = "down" if b3 < 0 else "up"
        return f"The bias b₃ = {fmt(b3)} shifts the whole wedge {way} by {fmt(abs(b3))}."
    if stage.number != 7:
        return stage.explanation
    return _final_explanation(state.params, state.activation)


def _bottom_line_sentence(state: DosageState) -> str:
    """How the article's plain bottom line z₂ = w₂·x + b₂ (its steps 3-4 apply no activation)
    compares with a₂ on the dosage range, from the current w₂ and b₂."""
    w2, b2 = state.weights["w2"], state.weights["b2"]
    low, high = state.x_range
    ends = (w2 * low + b2, w2 * high + b2)
    if min(ends) >= 0:
        return (
            f"The article plots the plain line z₂ = w₂·x + b₂; on [{fmt(low)}, {fmt(high)}] "
            "it is never negative, so a₂ = ReLU(z₂) is the same line."
        )
    if max(ends) <= 0:
        return (
            f"The article plots the plain line z₂ = w₂·x + b₂; on [{fmt(low)}, {fmt(high)}] "
            "it is negative throughout, so a₂ = ReLU(z₂) is 0."
        )
    knot = -b2 / w2
    side = "below" if w2 > 0 else "above"
    return (
        f"The article plots the plain line z₂ = w₂·x + b₂; it is negative for x {side} "
        f"{fmt(knot)}, where a₂ = ReLU(z₂) is 0: the two differ."
    )


def _scaling_sentence(name: str, weight: float, what: str) -> str:
    if weight == 0:
        return f"{name} = 0 wipes out {what}: this path adds nothing."
    if weight < 0:
        return (
            f"{name} = {fmt(weight)} is negative: it flips {what} downward and scales it "
            f"×{fmt(-weight)}."
        )
    return f"{name} = {fmt(weight)} scales {what} ×{fmt(weight)}, keeping its direction."


@lru_cache(maxsize=32)
def _final_explanation(params: tuple[Param, ...], activation: str) -> str:
    state = DosageState(params=params, activation=activation)
    low, high = state.x_range
    return describe_bump(find_bump(state.weights, low, high, activation), activation)
