"""`relu-tui --print activations`: the values and gradients table, the 2x2 comparison,
"Why ReLU" and "Is it linear?" (or, with `--view`, one view, ReLU Explained too), as plain
text (ASCII unless plots use braille)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.activations import explained_view
from relu_tui.lessons.activations.figures import comparison_figures
from relu_tui.lessons.activations.linearity import check_activation, notebook_layer_lines
from relu_tui.lessons.activations.settings import VIEW, state_from
from relu_tui.lessons.activations.state import ActivationsState
from relu_tui.lessons.activations.why_relu import measure_cost_ns, why_relu_rows
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.plotting.render import plot_text
from relu_tui.plotting.spec import PlotSpec

NAME_WIDTH = 12
CELL_WIDTH = 10


def cell(value: float) -> str:
    """One table cell: the one formatter, 4 decimals."""
    return fmt(value, 4)


def table_lines(
    names: Sequence[str],
    inputs: Sequence[float],
    matrix: np.ndarray,
    width: int,
    corner: str = "x =",
) -> list[str]:
    """A table with one row per activation and one column per input, split into blocks of
    columns that fit `width` (the name column repeats in each block)."""
    per_block = max(1, (width - NAME_WIDTH) // CELL_WIDTH)
    lines: list[str] = []
    for start in range(0, len(inputs), per_block):
        stop = min(start + per_block, len(inputs))
        if start:
            lines.append("")
        lines.append(
            f"{corner:<{NAME_WIDTH}}"
            + "".join(f"{cell(x):>{CELL_WIDTH}}" for x in inputs[start:stop])
        )
        for row, name in enumerate(names):
            lines.append(
                f"{ACTIVATIONS[name].display[: NAME_WIDTH - 1]:<{NAME_WIDTH}}"
                + "".join(f"{cell(v):>{CELL_WIDTH}}" for v in matrix[row, start:stop])
            )
    return lines


def side_by_side(left: str, right: str, gap: int = 2) -> list[str]:
    """Two text blocks next to each other."""
    a, b = left.splitlines(), right.splitlines()
    width = max((len(line) for line in a), default=0)
    rows = max(len(a), len(b))
    a += [""] * (rows - len(a))
    b += [""] * (rows - len(b))
    return [f"{x:<{width}}{' ' * gap}{y}".rstrip() for x, y in zip(a, b, strict=True)]


def render(args: LaunchOptions) -> str:
    """The Activations screen as text, with the screen's settings (`lessons/activations/
    lesson.py`): `--activation NAME` adds that registry activation to the table and to the
    linearity check, `--inputs` sets the table's inputs; `--view NAME` prints that view
    alone (`explained`: the ReLU Explained view), without it the table, the comparison,
    Why ReLU and Is it linear? are printed.

    Raises:
        InputError: a setting that cannot apply (a bad input list, an unknown view).
    """
    width, height = int(args.width or 100), int(args.height or 20)
    page = Page(width, height, bool(args.ascii), bool(args.color))
    state = state_from(args.settings)
    views = (str(args.settings[VIEW]),) if VIEW in args.settings else DEFAULT_VIEWS
    out = ["Activations (torch.nn.functional names and defaults)"]
    for view in views:
        out += SECTIONS[view](state, page)
    return "\n".join(out)


@dataclass(frozen=True)
class Page:
    """The size and drawing options of a printout."""

    width: int
    height: int
    ascii_only: bool
    color: bool

    def plot(self, spec: PlotSpec, width: int, height: int) -> str:
        return plot_text(spec, width, height, ascii_only=self.ascii_only, color=self.color)


def table_section(state: ActivationsState, page: Page) -> list[str]:
    """The values and gradients tables."""
    out = ["ReLU(x) = max(0, x); gradient 1 for x > 0, 0 for x <= 0 (ReLU'(0) = 0).", ""]
    out += ["Values f(x)"]
    out += table_lines(state.selected, state.inputs, state.matrix(grad=False), page.width)
    out += ["", "Gradients f'(x)"]
    out += table_lines(state.selected, state.inputs, state.matrix(grad=True), page.width)
    return out


def compare_section(state: ActivationsState, page: Page) -> list[str]:
    """The 2x2 comparison plots."""
    out = ["", "Comparison: ReLU, Leaky ReLU (negative_slope 0.1), Sigmoid, Tanh on [-5, 5]"]
    half = max((page.width - 2) // 2, 12)
    plot_h = max(page.height // 2, 8)
    drawn = [page.plot(spec, half, plot_h) for spec in comparison_figures(False)]
    out += side_by_side(drawn[0], drawn[1])
    out += side_by_side(drawn[2], drawn[3])
    return out


def why_section(state: ActivationsState, page: Page) -> list[str]:
    """Why ReLU: Sigmoid against ReLU, timed on this machine."""
    out = ["", "Why ReLU: Sigmoid vs ReLU (measured on this machine with NumPy)"]
    names = ("sigmoid", "relu")
    costs = {n: measure_cost_ns(ACTIVATIONS[n], size=100_000) for n in names}
    rows = why_relu_rows(names, int(state.layers.value), costs)
    feature_w = max(len(r.feature) for r in rows) + 2
    cell_w = max(max(len(c) for r in rows for c in r.cells), 8) + 2
    if feature_w + cell_w * len(names) <= page.width:
        head = f"{'':<{feature_w}}" + "".join(f"{ACTIVATIONS[n].display:<{cell_w}}" for n in names)
        out.append(head.rstrip())
        for row in rows:
            line = f"{row.feature:<{feature_w}}" + "".join(f"{c:<{cell_w}}" for c in row.cells)
            out.append(line.rstrip())
        return out
    label_w = max(len(ACTIVATIONS[n].display) for n in names) + 2
    for row in rows:  # too narrow for the columns: each feature with its values below it
        out.append(row.feature)
        out += [
            f"  {ACTIVATIONS[n].display + ':':<{label_w}}{c}"
            for n, c in zip(names, row.cells, strict=True)
        ]
    return out


def linear_section(state: ActivationsState, page: Page) -> list[str]:
    """Is it linear? The checks on the inputs, and the notebook's affine layer."""
    inputs = ", ".join(fmt(x) for x in state.inputs)
    out = ["", f"Is it linear? Checked on the inputs {inputs}"]
    for name in dict.fromkeys(("identity", "relu", state.highlighted)):
        report = check_activation(ACTIVATIONS[name], state.inputs, **state.kwargs(name))
        out.append(f"  {report.verdict}")
        out += [f"    {check.text}" for check in report.checks]
    heading, *lines = notebook_layer_lines()
    return [*out, "", heading, *(f"  {line}" for line in lines)]


def explained_section(state: ActivationsState, page: Page) -> list[str]:
    """The ReLU Explained view: the two layers and the one they equal (and, with ReLU
    between them, none), the output-ReLU regression, three ways to use the highlighted
    activation in PyTorch."""
    out = ["", "ReLU Explained: two linear layers are one linear layer"]
    out += explained_view.layers_text(state.layers_seed, state.relu_between)
    out += ["With ReLU between them (b on the screen):" if not state.relu_between else ""]
    out += explained_view.verdict_lines(state.layers_seed, not state.relu_between)
    run = explained_view.output_run()
    out += ["", "No ReLU on the output layer"]
    out += page.plot(explained_view.output_figure(run), page.width, page.height).splitlines()
    out += [explained_view.output_text(run), ""]
    out += explained_view.ways_text(state.highlighted)
    return [line.rstrip() for line in out]


SECTIONS: dict[str, Callable[[ActivationsState, Page], list[str]]] = {
    "table": table_section,
    "compare": compare_section,
    "why": why_section,
    "linear": linear_section,
    "explained": explained_section,
}
"""Each view's printout."""

DEFAULT_VIEWS = ("table", "compare", "why", "linear")
"""What `--print activations` prints without `--view`."""
