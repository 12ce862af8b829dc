"""Dosage network: core results → PlotSpecs and the text network diagram."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relu_tui.base.params import Param
from relu_tui.base.types import FloatArray
from relu_tui.lessons.dosage.stages import Stage, stages
from relu_tui.lessons.dosage.state import DosageState, Nodes, bump_window, curves
from relu_tui.plotting.spec import PlotSpec, Series

CONTEXT = {
    1: ("z1",),
    2: ("a1",),
    3: ("z2",),
    4: ("a2",),
    5: ("top", "bottom"),
    6: ("combined",),
    7: ("z3",),
}
"""Earlier curves drawn faint behind each stage's own curve."""

LABELS = {
    "z1": "w₁·x + b₁",
    "a1": "a₁",
    "top": "w₃·a₁",
    "z2": "w₂·x + b₂",
    "a2": "a₂",
    "bottom": "w₄·a₂",
    "combined": "sum",
    "z3": "sum + b₃",
    "y": "y",
}

ASCII = str.maketrans(
    {
        "₁": "1",
        "₂": "2",
        "₃": "3",
        "₄": "4",
        "×": "*",
        "Σ": "S",
        "·": "*",
        "→": ">",
        "─": "-",
        "┌": "+",
        "└": "+",
        "┐": "+",
        "┘": "+",
        "┤": "+",
        "├": "+",
        "≈": "~",
        "–": "-",
        "−": "-",
    }
)
"""Formulas and the diagram in plain ASCII, for --ascii."""


def plain(text: str, ascii_only: bool) -> str:
    """`text`, in plain ASCII when `ascii_only`."""
    return text.translate(ASCII) if ascii_only else text


@lru_cache(maxsize=16)
def nodes_for(params: tuple[Param, ...], activation: str) -> Nodes:
    """Every node's curve; depends on the parameters and activation only (not the stage or
    probe), so stepping through the stages reuses one computation."""
    return curves(DosageState(params=params, activation=activation))


def _clipped(
    x: FloatArray, y: FloatArray, low: float, high: float
) -> list[tuple[FloatArray, FloatArray]]:
    """The parts of the polyline (x, y) inside low ≤ y ≤ high, cut exactly at the edges.

    A faint context curve can run far outside the framed range (stage 7 frames the small
    output while the summed signal reaches −16); drawing only its visible part keeps the
    plot cheap and stops plotext joining the pieces across the gap.
    """
    xs, ys = [float(x[0])], [float(y[0])]
    for i in range(1, x.size):
        x0, x1, y0, y1 = float(x[i - 1]), float(x[i]), float(y[i - 1]), float(y[i])
        for edge in (low, high):
            if (y0 - edge) * (y1 - edge) < 0:
                cut = x0 + (x1 - x0) * (edge - y0) / (y1 - y0)
                xs.append(cut)
                ys.append(edge)
        if len(xs) >= 2 and xs[-1] < xs[-2]:  # two cuts in one piece, added high first
            xs[-2:], ys[-2:] = xs[-2:][::-1], ys[-2:][::-1]
        xs.append(x1)
        ys.append(y1)
    runs: list[tuple[FloatArray, FloatArray]] = []
    run_x: list[float] = []
    run_y: list[float] = []
    slack = 1e-9 * max(high - low, 1.0)
    for xi, yi in zip(xs, ys, strict=True):
        if low - slack <= yi <= high + slack:
            run_x.append(xi)
            run_y.append(min(max(yi, low), high))
        elif run_x:
            runs.append((np.array(run_x), np.array(run_y)))
            run_x, run_y = [], []
    if run_x:
        runs.append((np.array(run_x), np.array(run_y)))
    return [run for run in runs if run[0].size >= 2]


@lru_cache(maxsize=64)
def _stage_figure(
    params: tuple[Param, ...], activation: str, number: int, compact: bool, ascii_only: bool
) -> PlotSpec:
    nodes = nodes_for(params, activation)
    stage = stages(activation)[number - 1]
    xlabel = "dosage"
    window = (
        None
        if compact or number != 7
        else bump_window(DosageState(params=params, activation=activation))
    )
    if window is not None:  # the bump is a sliver of the range: frame it
        nodes = curves(DosageState(params=params, activation=activation), x_range=window)
        xlabel = "dosage (zoomed on the bump)"
    own_y = getattr(nodes, stage.curve)
    own = Series(
        nodes.x,
        own_y,
        label=plain(LABELS[stage.curve] if compact else stage.formula, ascii_only),
        color=stage.color,
    )
    ylim = None
    if number == 7:
        # The output is small beside the summed signal: frame the output, and show only
        # the part of the faint signal that falls inside the frame.
        top = float(np.max(own_y))
        signal = float(np.max(np.abs(nodes.z3)))
        if top > 0.01 * signal:  # not when y is a sliver, as Softplus gives with these weights
            ylim = (-0.15 * top, 1.2 * top)
    context: list[Series] = []
    for field in CONTEXT[number]:
        y = getattr(nodes, field)
        label = plain(LABELS[field], ascii_only)
        pieces = [(nodes.x, y)] if ylim is None else _clipped(nodes.x, y, *ylim)
        for index, (px, py) in enumerate(pieces):
            context.append(Series(px, py, label=label if index == 0 else "", faint=True))
    x_range = (float(nodes.x[0]), float(nodes.x[-1]))
    return PlotSpec(
        (*context, own),
        title=plain(stage.short, ascii_only) if compact else "",
        xlabel="" if compact else xlabel,
        xlim=x_range,
        ylim=ylim,
    )


def stage_figure(
    state: DosageState, stage: Stage, *, compact: bool = False, ascii_only: bool = False
) -> PlotSpec:
    """The stage's curve in the article's colour, earlier curves faint behind it.

    The same parameters give the same spec object, so a plot drawn once is not drawn again.
    The x limits are the dosage range exactly (the screen's probe column relies on it).
    """
    return _stage_figure(state.params, state.activation, stage.number, compact, ascii_only)


def overview_figures(state: DosageState, *, ascii_only: bool = False) -> tuple[PlotSpec, ...]:
    """All seven stages, small, for the overview grid."""
    return tuple(
        stage_figure(state, stage, compact=True, ascii_only=ascii_only)
        for stage in stages(state.activation)
    )


PATHS = {
    1: {"x1", "top1"},
    2: {"top1", "top2"},
    3: {"x2", "bot1"},
    4: {"bot1", "bot2"},
    5: {"top2", "bot2", "sum"},
    6: {"sum", "bias"},
    7: {"bias", "out"},
}
"""Diagram parts lit at each stage."""


def diagram(state: DosageState, *, ascii_only: bool = False) -> tuple[tuple[str, bool], ...]:
    """The network as text pieces, each flagged when it belongs to the current stage's path.

    Three lines: the top path, the input and output, the bottom path.
    """
    act = "ReLU" if state.activation == "relu" else "Softplus"
    lit = PATHS[state.stage]
    h, tl, bl, tr, br, tee_l, tee_r, arrow = "─", "┌", "└", "┐", "┘", "┤", "├", "→"
    top = [("", tl), ("x1", f"w₁x+b₁{arrow}"), ("top1", "a₁"), ("top2", " ×w₃")]
    bottom = [("", bl), ("x2", f"w₂x+b₂{arrow}"), ("bot1", "a₂"), ("bot2", " ×w₄")]
    width = max(sum(len(text) for _, text in top), sum(len(text) for _, text in bottom))
    top.append(("top2", h * (width - sum(len(text) for _, text in top)) + tr))
    bottom.append(("bot2", h * (width - sum(len(text) for _, text in bottom)) + br))
    middle = [
        ("x1", "x"),
        ("x2", f"{h}{tee_l}"),
        ("", " " * (width - 1)),
        ("sum", f"{tee_r}Σ"),
        ("bias", "+b₃"),
        ("out", f"{arrow}{act}{arrow}y"),
    ]
    pieces = [("", "  "), *top, ("", "\n"), *middle, ("", "\n"), ("", "  "), *bottom]
    # Widest line: 32 cells with Softplus, so it fits the screen's side column.
    return tuple((plain(text, ascii_only), bool(tag) and tag in lit) for tag, text in pieces)
