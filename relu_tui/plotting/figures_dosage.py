"""Dosage network: core results → PlotSpecs and the text network diagram."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relu_tui.core.dosage import DosageState, Nodes, Stage, curves, stages
from relu_tui.plotting.spec import PlotSpec, Series

CONTEXT = {1: ("z1",), 2: ("a1",), 3: ("z2",), 4: ("a2",), 5: ("top", "bottom"), 6: ("combined",),
           7: ("z3",)}
"""Earlier curves drawn faint behind each stage's own curve."""

LABELS = {"z1": "w₁·x + b₁", "a1": "a₁", "top": "w₃·a₁", "z2": "w₂·x + b₂", "a2": "a₂",
          "bottom": "w₄·a₂", "combined": "w₃·a₁ + w₄·a₂", "z3": "+ b₃", "y": "y"}


@lru_cache(maxsize=64)
def _curves(params: tuple[object, ...], activation: str) -> Nodes:
    return curves(DosageState(params=params, activation=activation))  # type: ignore[arg-type]


def _nodes(state: DosageState) -> Nodes:
    """Curves depend on the parameters and activation only, not on the stage or probe."""
    return _curves(state.params, state.activation)


def stage_figure(state: DosageState, stage: Stage, *, compact: bool = False) -> PlotSpec:
    """The stage's curve in the article's colour, earlier curves faint behind it."""
    nodes = _nodes(state)
    own = Series(nodes.x, getattr(nodes, stage.curve), label="" if compact else stage.formula,
                 color=stage.color)
    context = tuple(
        Series(nodes.x, getattr(nodes, field), label="" if compact else LABELS[field], faint=True)
        for field in CONTEXT[stage.number]
    )
    ylim = None
    if stage.number == 7:
        # The final output is small beside the summed signal: frame the output, and let the
        # faint signal run off the bottom.
        y = nodes.y[np.isfinite(nodes.y)]
        top = float(y.max()) if y.size else 0.0
        if top > 0:
            ylim = (-0.15 * top, 1.2 * top)
    vlines = () if compact or not (state.x_range[0] <= state.probe <= state.x_range[1]) else (state.probe,)
    return PlotSpec(context + (own,), title=f"{stage.number}. {stage.title}" if compact else "",
                    xlabel="" if compact else "dosage", vlines=vlines, ylim=ylim)


def overview_figures(state: DosageState) -> tuple[PlotSpec, ...]:
    """All seven stages, small, for the overview grid."""
    return tuple(stage_figure(state, stage, compact=True) for stage in stages(state.activation))


PATHS = {1: {"x1", "top1"}, 2: {"top1", "top2"}, 3: {"x2", "bot1"}, 4: {"bot1", "bot2"},
         5: {"top2", "bot2", "sum"}, 6: {"sum", "bias"}, 7: {"bias", "out"}}
"""Diagram parts lit at each stage."""


def diagram(state: DosageState, *, ascii_only: bool = False) -> tuple[tuple[str, bool], ...]:
    """The network as text pieces, each flagged when it belongs to the current stage's path.

    Three lines: the top path, the input and output, the bottom path.
    """
    act = "ReLU" if state.activation == "relu" else "Softplus"
    lit = PATHS[state.stage]
    if ascii_only:
        h, tl, bl, tr, br, tee_l, tee_r, arrow = "-", "+", "+", "+", "+", "+", "+", ">"
    else:
        h, tl, bl, tr, br, tee_l, tee_r, arrow = "─", "┌", "└", "┐", "┘", "┤", "├", "→"
    top = [("", f"{tl} "), ("x1", f"w₁x+b₁{arrow}"), ("top1", "a₁"), ("top2", " ×w₃ ")]
    bottom = [("", f"{bl} "), ("x2", f"w₂x+b₂{arrow}"), ("bot1", "a₂"), ("bot2", " ×w₄ ")]
    width = max(sum(len(text) for _, text in top), sum(len(text) for _, text in bottom))
    top.append(("top2", h * (width - sum(len(text) for _, text in top)) + tr))
    bottom.append(("bot2", h * (width - sum(len(text) for _, text in bottom)) + br))
    middle = [("x1", "x"), ("x2", f"{h}{tee_l}"), ("", " " * (width - 1)),
              ("sum", f"{tee_r}Σ"), ("bias", "+b₃"), ("out", f"{arrow}{act}{arrow}y")]
    pieces = [("", "  "), *top, ("", "\n"), *middle, ("", "\n"), ("", "  "), *bottom]
    if ascii_only:
        pieces = [(tag, text.translate(_ASCII)) for tag, text in pieces]
    return tuple((text, bool(tag) and tag in lit) for tag, text in pieces)


_ASCII = str.maketrans({"₁": "1", "₂": "2", "₃": "3", "₄": "4", "×": "*", "Σ": "+"})
