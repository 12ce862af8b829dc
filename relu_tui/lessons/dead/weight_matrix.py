"""The Weights view as text: every weight of one layer as a signed matrix, paged to fit.

Rows are the layer's units, columns its inputs (the input features by name for layer 1,
the previous layer's units after that) and the bias. Each cell is the signed value to 2
decimals, a minus sign always printed and a plus sign too, then a size glyph from the
layer's largest |w|: sign and size read without colour, and ASCII under --ascii. The
selected cell is bracketed. Pure text building: the screen and `--print dead --view
weights` draw the same rows.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import parse_number
from relu_tui.base.types import FloatArray
from relu_tui.lessons.dead.figures import Row, Run
from relu_tui.nn.network import Network

__all__ = [
    "COARSE_STEP",
    "DEAD_MARK",
    "FINE_STEP",
    "WEIGHT_LIMIT",
    "MatrixLayout",
    "cell_text",
    "column_names",
    "layer_count",
    "layer_matrix",
    "layer_name",
    "matrix_layout",
    "matrix_rows",
    "parse_weight",
    "row_names",
    "weight_label",
    "weights_text",
]

COARSE_STEP = 0.1
"""What + and - add to the selected weight."""
FINE_STEP = 0.01
"""What shift+arrows add (the last printed decimal)."""
WEIGHT_LIMIT = 100.0
"""A typed weight lies within +-WEIGHT_LIMIT (a larger one saturates every unit after it)."""

SIZE_UNICODE = "▁▂▃▄▅▆▇█"
SIZE_ASCII = ".:=o*O#@"
"""|w| against the layer's largest, from small to largest (no glyph: exactly 0)."""

DEAD_MARK = "!"
"""After the name of a unit dead on the data (ASCII: the label column has room for it)."""

CELL = 8
"""A cell's width: '[', a 5-character value, the size glyph, ']'."""
FIXED_ROWS = 4
"""The heading, the column names, the paging note and the selected weight (the last note
and the keys take the rows they wrap to)."""


def layer_count(network: Network) -> int:
    """Weight matrices in the network: the hidden layers and the output layer."""
    return len(network.arch.sizes) - 1


def layer_name(network: Network, layer: int) -> str:
    """'L2' for a hidden layer, 'output' for the last."""
    return "output" if layer == layer_count(network) - 1 else f"L{layer + 1}"


def column_names(network: Network, layer: int) -> tuple[str, ...]:
    """The inputs of `layer` by name, then 'b': the input features (x1, x2, sin1, ...) or
    'x' for layer 1, the previous layer's units u1, u2, ... after that."""
    arch = network.arch
    if layer == 0:
        n = arch.sizes[0]
        names = arch.features or (("x",) if n == 1 else tuple(f"x{i + 1}" for i in range(n)))
    else:
        names = tuple(f"u{i + 1}" for i in range(arch.sizes[layer]))
    return (*names, "b")


def row_names(network: Network, layer: int) -> tuple[str, ...]:
    """The units of `layer`: u1, u2, ... for a hidden layer, out1, out2, ... (one class's
    logit each; 'out' for one output) for the output layer."""
    n = network.arch.sizes[layer + 1]
    if layer == layer_count(network) - 1:
        return ("out",) if n == 1 else tuple(f"out{i + 1}" for i in range(n))
    return tuple(f"u{i + 1}" for i in range(n))


def layer_matrix(network: Network, layer: int) -> FloatArray:
    """The layer's weights (units, inputs) with the bias as a last column: (units, inputs + 1)."""
    return np.column_stack([network.weights[layer], network.biases[layer]])


def weight_label(network: Network, layer: int, row: int, col: int) -> str:
    """'L1 u3 <- x2' (the weight from x2 into unit 3 of layer 1), or 'L1 u3 bias'."""
    rows, cols = row_names(network, layer), column_names(network, layer)
    into = f"{layer_name(network, layer)} {rows[row]}"
    return f"{into} bias" if col == len(cols) - 1 else f"{into} <- {cols[col]}"


def parse_weight(text: str) -> float:
    """A typed weight: a finite number within +-WEIGHT_LIMIT (InputError otherwise)."""
    return parse_number(text, low=-WEIGHT_LIMIT, high=WEIGHT_LIMIT)


def _value(value: float) -> str:
    """Five characters, the sign always printed: '+0.53', '-9.99', '+12.3' (one decimal
    from 10 on), '+1e3' (from 100 on), '  nan'."""
    if not math.isfinite(value):
        return fmt(value).rjust(5)
    text = f"{value:+.2f}"
    if len(text) > 5:
        text = f"{value:+.1f}"
    if len(text) > 5:
        mantissa, exponent = f"{value:+.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.rjust(5)


def cell_text(value: float, largest: float, *, ascii_only: bool) -> str:
    """One weight as 6 characters: the signed value to 2 decimals and a size glyph
    (|value| against `largest`, the layer's largest |w|; a blank for exactly 0)."""
    ramp = SIZE_ASCII if ascii_only else SIZE_UNICODE
    if not math.isfinite(value) or not math.isfinite(largest):
        glyph = "?"
    elif value == 0 or largest <= 0:
        glyph = " "
    else:
        level = math.ceil(abs(value) / largest * len(ramp)) - 1
        glyph = ramp[min(max(level, 0), len(ramp) - 1)]
    return _value(value) + glyph


@dataclass(frozen=True)
class MatrixLayout:
    """How much of a matrix fits: rows and columns per page, and the label width."""

    label: int
    rows: int
    cols: int


def matrix_layout(
    network: Network, layer: int, width: int, height: int, *, extra: int = 3
) -> MatrixLayout:
    """Rows and columns of `layer` that fit width x height beside the fixed rows and
    `extra` rows of notes (the screen keeps 3: the keys and a note of up to 2 rows, so the
    matrix stays put when a note comes): at 80x24 (44 x 19 in the view) 5 columns of 12
    rows."""
    label = max(len(name) for name in row_names(network, layer)) + 1
    cols = max(1, (width - label) // CELL)
    rows = max(1, height - FIXED_ROWS - extra)
    return MatrixLayout(label, rows, cols)


def _notes(message: str, keys: bool, width: int, *, ascii_only: bool) -> list[Row]:
    """The last note (wrapped to at most 2 rows) and the keys (one row)."""
    rows: list[Row] = [(Run(line, "alert"),) for line in textwrap.wrap(message, max(20, width))[:2]]
    if keys:
        glyphs = SIZE_ASCII if ascii_only else SIZE_UNICODE
        hint = f"+ - {COARSE_STEP:g}  shift+arrows {FINE_STEP:g}  enter types"
        wide = f"arrows move  {hint}  [ ] layer  {glyphs[0]}..{glyphs[-1]}: |w| small..largest"
        rows.append((Run((wide if len(wide) <= width else hint)[:width], "note"),))
    return rows


def _page(index: int, per_page: int) -> int:
    return index // per_page * per_page


def matrix_rows(
    network: Network,
    layer: int,
    row: int,
    col: int,
    width: int,
    height: int,
    *,
    ascii_only: bool,
    keys: bool = True,
    message: str = "",
    dead: Sequence[bool] | None = None,
) -> list[Row]:
    """The matrix of `layer` with the page holding the selected cell (`row`, `col`, clamped),
    the paging note, the selected weight in full, and the keys that edit it.

    Args:
        network: any network; layer 0 is the first hidden layer, the last the output.
        row, col: the selected cell (col = the fan-in: the bias).
        width, height: the area in cells.
        ascii_only: ASCII glyphs and marks.
        keys: the cursor, the selected weight in full and the keys that move and edit it
            (the screen; not --print).
        message: the last action's note (an edit and its effect on the loss, or why not).
        dead: per unit of a hidden layer, dead on the data: its row is marked '!' (its
            weights get no gradient; raising its bias or a weight into it revives it).
    """
    layer = max(0, min(layer, layer_count(network) - 1))
    matrix = layer_matrix(network, layer)
    n_rows, n_cols = matrix.shape
    row, col = max(0, min(row, n_rows - 1)), max(0, min(col, n_cols - 1))
    names_r, names_c = row_names(network, layer), column_names(network, layer)
    notes = _notes(message, keys, width, ascii_only=ascii_only)
    lay = matrix_layout(network, layer, width, height, extra=3 if keys else len(notes))
    first_r, first_c = _page(row, lay.rows), _page(col, lay.cols)
    last_r, last_c = min(n_rows, first_r + lay.rows), min(n_cols, first_c + lay.cols)
    finite = np.abs(matrix[np.isfinite(matrix)])
    largest = float(finite.max()) if finite.size else 0.0
    head = (
        f"{layer_name(network, layer)} weights: {n_rows} x {n_cols - 1} + bias, "
        f"max |w| {fmt(largest, 3)}"
    )
    rows: list[Row] = [(Run(head[:width], "head"),)]
    header = " " * lay.label + "".join(f" {name[:5]:>5}  " for name in names_c[first_c:last_c])
    rows.append((Run(header.rstrip()[:width], "label"),))
    for r in range(first_r, last_r):
        is_dead = dead is not None and r < len(dead) and bool(dead[r])
        label = (names_r[r] + DEAD_MARK if is_dead else names_r[r]).ljust(lay.label)
        runs = [Run(label, "dead" if is_dead else "label")]
        for c in range(first_c, last_c):
            text = cell_text(float(matrix[r, c]), largest, ascii_only=ascii_only)
            if keys and r == row and c == col:
                runs.append(Run(f"[{text}]", "current"))
            else:
                runs.append(Run(f" {text} ", "neg" if matrix[r, c] < 0 else "pos"))
        rows.append(tuple(runs))
    if (n_rows, n_cols) == (last_r - first_r, last_c - first_c):
        note = f"all {n_rows} x {n_cols} weights"
    else:
        note = f"rows {first_r + 1}-{last_r}/{n_rows} cols {first_c + 1}-{last_c}/{n_cols}"
        if keys:  # the page is the one holding the cursor
            note += ": pgdn pgup arrows"
    rows.append((Run(note[:width], "note"),))
    if keys:
        label = weight_label(network, layer, row, col)
        line = f"{label} = {fmt(float(matrix[row, col]), 6)}"
        if dead is not None and row < len(dead) and bool(dead[row]):
            line += f" ({names_r[row]}{DEAD_MARK} dead)"
        rows.append((Run(line[:width]),))
    return rows + notes


def weights_text(network: Network, width: int, *, ascii_only: bool) -> str:
    """Every layer's whole matrix for `--print dead --view weights`: all rows, the columns
    in as many blocks as the width needs."""
    blocks: list[str] = []
    for layer in range(layer_count(network)):
        n_rows, n_cols = layer_matrix(network, layer).shape
        per = matrix_layout(network, layer, width, n_rows + FIXED_ROWS, extra=0).cols
        for first in range(0, n_cols, per):
            rows = matrix_rows(
                network,
                layer,
                n_rows,
                first,
                width,
                n_rows + FIXED_ROWS,
                ascii_only=ascii_only,
                keys=False,
            )
            blocks.append("\n".join("".join(run.text for run in row).rstrip() for row in rows))
    return "\n\n".join(blocks)
