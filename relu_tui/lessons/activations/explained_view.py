"""The ReLU Explained view: seed 004's last lessons, computed, as text and a figure.

Three panels built from `explained.py`'s core: two affine layers and the single layer they
equal (with ReLU inserted between them, the midpoint test breaks and no single layer
exists); a regression trained with and without a ReLU on its output (the negative targets
stuck at 0); and "three ways" to use the chosen activation in PyTorch with what each
prints, the tensors the core reproduces. The screen and `relu-tui --lessons` share them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.activations.explained import (
    SEED_INPUT,
    OutputReluRun,
    TwoLayers,
    output_relu_experiment,
    three_ways,
    torch_str,
    two_linear_layers,
)
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.plotting.spec import PlotSpec, Series

__all__ = [
    "layers_lesson",
    "layers_text",
    "output_figure",
    "output_run",
    "output_text",
    "verdict_lines",
    "ways_text",
]


@lru_cache(maxsize=16)
def layers_lesson(seed: int) -> TwoLayers:
    """The two layers drawn from `seed` (cached: the view redraws them often)."""
    return two_linear_layers(np.random.default_rng(seed))


def _matrix(name: str, values: np.ndarray) -> list[str]:
    rows = np.atleast_2d(values)
    body = ["[" + " ".join(f"{v:7.3f}" for v in row) + "]" for row in rows]
    return [f"{name:<2} = {body[0]}"] + [f"     {line}" for line in body[1:]]


def layers_text(seed: int, relu_between: bool) -> list[str]:
    """The two layers, their one equivalent (or why there is none with ReLU), the midpoint
    test for the chosen composition."""
    lesson = layers_lesson(seed)
    between = "ReLU" if relu_between else "nothing"
    lines = [
        f"nn.Linear(2, 3) -> {between} -> nn.Linear(3, 2)   (layers #{seed}; n: new, b: ReLU)",
    ]
    left = _matrix("W1", lesson.w1) + _matrix("b1", lesson.b1)
    right = _matrix("W2", lesson.w2) + _matrix("b2", lesson.b2)
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else ""
        b = right[index] if index < len(right) else ""
        lines.append(f"{a:<34}{b}")
    return lines + verdict_lines(seed, relu_between)


def verdict_lines(seed: int, relu_between: bool) -> list[str]:
    """The one layer the two equal and the midpoint test holding, or (ReLU between) the
    test broken and no single layer."""
    lesson = layers_lesson(seed)
    linear_gap, relu_gap = lesson.midpoint_gap
    if relu_between:
        return [
            f"midpoint test: |f((x1+x2)/2) - (f(x1)+f(x2))/2| up to {fmt(relu_gap)}: BROKEN",
            "ReLU between the layers bends the map: no single layer equals it.",
        ]
    one = _matrix("W", lesson.w) + _matrix("b", lesson.b)
    return [
        "one layer: W = W2 W1, b = W2 b1 + b2:  " + one[0],
        *(" " * 39 + line for line in one[1:]),
        f"stacked vs one layer: at most {lesson.max_difference:.1e} apart (rounding)",
        f"midpoint test gap {linear_gap:.1e}: affine, the test holds",
    ]


@lru_cache(maxsize=1)
def output_run() -> OutputReluRun:
    """The output-ReLU experiment (about a second of training; computed once)."""
    return output_relu_experiment()


def output_figure(run: OutputReluRun) -> PlotSpec:
    """Target sin x, the net without and with a ReLU on its output."""
    return PlotSpec(
        (
            Series.of(run.x, run.y, label="target sin x", color="green"),
            Series.of(run.x, run.plain, label="no output ReLU", color="blue"),
            Series.of(run.x, run.capped, label="ReLU on output", color="red"),
        ),
        title="1-16-16-1 regression, same start",
        short_title="output ReLU",
        xlabel="x",
        hlines=(0.0,),
    )


def output_text(run: OutputReluRun) -> str:
    """The numbers under the figure."""
    plain, capped = run.loss
    text = (
        f"MSE without {fmt(plain)}, with {fmt(capped)}: {100 * run.stuck:.0f}% of the "
        "negative targets get exactly 0"
    )
    return text + (" (the output unit died: 0 everywhere)" if run.all_zero else "")


def ways_text(name: str) -> list[str]:
    """Three ways (and from scratch) to use activation `name` in PyTorch, with the prints."""
    ways = three_ways(name)
    lines = [
        f"{ACTIVATIONS[name].display} in PyTorch, x = torch.tensor({list(SEED_INPUT)})",
        f"print(x)  # {torch_str(SEED_INPUT)}",
        f"1 layer:    {ways.module}(x)",
        f"2 function: {ways.functional}",
    ]
    if ways.torch_fn:
        lines.append(f"3 torch:    {ways.torch_fn}")
    lines.append(f"  -> {ways.printed}")
    for code, printed in ways.scratch[:1]:
        lines += [f"scratch:    {code}", f"  -> {printed}"]
    return lines
