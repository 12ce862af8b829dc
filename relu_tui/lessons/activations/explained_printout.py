"""`relu-tui --lessons`: seed 004's remaining lessons, computed and printed.

Two linear layers are one linear layer; no ReLU on the output layer; every activation of the
registry used from PyTorch (layer, function, torch function, from scratch) with what torch
prints on the seed's input; when not to use ReLU, and where relu-tui shows why.
"""

from __future__ import annotations

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.activations.explained import (
    SEED_INPUT,
    WHEN_NOT,
    output_relu_experiment,
    three_ways,
    torch_str,
    two_linear_layers,
)
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.plotting.render import plot_text
from relu_tui.plotting.spec import PlotSpec, Series


def _matrix(name: str, values: np.ndarray) -> list[str]:
    rows = np.atleast_2d(values)
    body = ["[" + ", ".join(f"{v:8.4f}" for v in row) + "]" for row in rows]
    return [f"   {name:<2} = {body[0]}"] + [f"        {line}" for line in body[1:]]


def linear_section(seed: int) -> list[str]:
    """Two affine layers, the one they equal, and what ReLU between them changes."""
    lesson = two_linear_layers(np.random.default_rng(seed))
    lines = [
        "1. Two linear layers are one linear layer",
        "   nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 2)) computes W2 (W1 x + b1) + b2,",
        "   which is the single nn.Linear(2, 2) with W = W2 W1 and b = W2 b1 + b2:",
    ]
    for name, value in (
        ("W1", lesson.w1),
        ("b1", lesson.b1),
        ("W2", lesson.w2),
        ("b2", lesson.b2),
        ("W", lesson.w),
        ("b", lesson.b),
    ):
        lines += _matrix(name, value)
    lines.append(
        f"   On {len(lesson.x)} random inputs the two differ by at most "
        f"{lesson.max_difference:.1e} (rounding)."
    )
    linear_gap, relu_gap = lesson.midpoint_gap
    lines += [
        "   An affine map sends the midpoint of two inputs to their outputs' midpoint:",
        f"     largest |f((x1+x2)/2) - (f(x1)+f(x2))/2|, no activation: {linear_gap:.1e}",
        f"     the same two layers with ReLU between them:           {fmt(relu_gap)}",
        "   ReLU between the layers is what stops the stack collapsing into one layer.",
    ]
    return lines


def output_section(width: int, height: int, *, ascii_only: bool, color: bool) -> list[str]:
    """The regression trained with and without a ReLU on its output."""
    run = output_relu_experiment()
    plain, capped = run.loss
    spec = PlotSpec(
        (
            Series.of(run.x, run.y, label="target sin x", color="green"),
            Series.of(run.x, run.plain, label="no output ReLU", color="blue"),
            Series.of(run.x, run.capped, label="ReLU on the output", color="red"),
        ),
        title="1-16-16-1, same start, same Adam steps",
        xlabel="x",
        hlines=(0.0,),
    )
    lines = [
        "2. No ReLU on the output layer",
        "   y = sin x on [-pi, pi] (half the targets below 0), trained with and without",
        f"   a ReLU after the last layer. MSE without: {fmt(plain)}; with: {fmt(capped)}.",
        f"   With the ReLU, {100 * run.stuck:.0f}% of the negative targets get exactly 0: the",
        "   output cannot go below the axis, and there its gradient is 0, so nothing",
        "   learns to try.",
    ]
    if run.all_zero:
        lines.append("   (Here the output unit died altogether: 0 for every x.)")
    lines.append(plot_text(spec, width, height, ascii_only=ascii_only, color=color))
    return lines


def ways_section() -> list[str]:
    """Every registry activation used the three ways in PyTorch (layer, function, torch
    function) and from scratch, with what each prints."""
    lines = [
        "3. Three ways to use ReLU in PyTorch (and from scratch), for every activation",
        "   import torch; from torch import nn; import torch.nn.functional as F",
        f"   x = torch.tensor({list(SEED_INPUT)})",
        f"   print(x)  # {torch_str(SEED_INPUT)}",
    ]
    for name in ACTIVATIONS:
        ways = three_ways(name)
        lines.append(f"   {ACTIVATIONS[name].display}:")
        lines.append(f"     layer     {ways.module}(x)")
        lines.append(f"     function  {ways.functional}")
        if ways.torch_fn:
            lines.append(f"     torch     {ways.torch_fn}")
        lines.append(f"       -> {ways.printed}")
        for code, printed in ways.scratch:
            note = "" if printed == ways.printed else "   (signed zeros: equal to the above)"
            lines.append(f"     scratch   {code}")
            lines.append(f"       -> {printed}{note}")
    return lines


def when_not_section() -> list[str]:
    """The seed's advice, each point with where relu-tui shows it."""
    lines = ["4. When not to use ReLU"]
    for advice, where in WHEN_NOT:
        lines += [f"   - {advice}", f"     see: {where}"]
    return lines


def render(args: LaunchOptions) -> str:
    """All four lessons as text."""
    width = args.width or 100
    height = args.height or 20
    lines = ["ReLU Explained: the lessons, computed", ""]
    lines += linear_section(0) + [""]
    lines += output_section(width, height, ascii_only=args.ascii, color=args.color) + [""]
    lines += ways_section() + [""] + when_not_section()
    return "\n".join(lines)
