"""Dead neurons' output map: the model's output over the input square as character cells.

The output is shaded continuously, as the browser playground's heat map: the class-1
probability of a classifier, the predicted value of a 2-D regression. The shade is a density
ramp of characters (braille cells with 0 to 8 dots, or ` .:-=+*#%@` in ASCII), so the map
reads the same with no colour; colour only adds the side of the middle a cell is on. The data
is drawn on top, the axes beside, and a key that says which end of the ramp is which.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dead.figures import Row, Run
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.network import Network

RAMP_UNICODE = " ⠁⠑⠕⠝⠟⠿⡿⣿"
"""Nine levels: braille cells with 0 to 8 dots, so a higher value is a denser cell."""
RAMP_ASCII = " .:-=+*#%@"
"""Ten levels in plain ASCII, from blank to the densest character."""
NOT_FINITE = "?"
"""A cell whose output is nan (a diverged network)."""

CLASS_MARKS = "oxvaesz"
"""One letter per class (training samples; held-out samples in capitals): told apart with
no colour and in plain ASCII, for any number of classes up to seven."""

VALUE_MARKS = "0123456789"
"""A 2-D regression's samples: the tenth of the value range their target falls in."""


def ramp(*, ascii_only: bool, levels: int | None = None) -> str:
    """The shade characters from the lowest value to the highest.

    Args:
        ascii_only: the ASCII ramp (nothing above U+007F) instead of braille.
        levels: how many shades (2 or more); None for every character of the ramp. Fewer
            levels take evenly spaced characters, always both ends.
    """
    chars = RAMP_ASCII if ascii_only else RAMP_UNICODE
    if levels is None or levels >= len(chars):
        return chars
    if levels < 2:
        raise ValueError("a ramp has at least 2 levels")
    picks = np.round(np.linspace(0, len(chars) - 1, levels)).astype(int)
    return "".join(chars[i] for i in picks)


def shade_levels(
    values: npt.ArrayLike, lo: float, hi: float, *, levels: int
) -> npt.NDArray[np.intp]:
    """The ramp level of each value: [lo, hi] cut into `levels` equal bins.

    Values below `lo` take level 0 and above `hi` the top level (a wild network is
    clipped, not hidden); a value that is not finite (nan) gets -1. When hi <= lo every
    finite value takes the middle level.

    Returns:
        Integer levels in 0..levels-1 (or -1), the shape of `values`.
    """
    v = np.asarray(values, dtype=np.float64)
    known = ~np.isnan(v)  # +-inf clip to an end; only nan is unknown
    if hi > lo:
        with np.errstate(invalid="ignore", over="ignore"):
            t = (np.where(known, v, lo) - lo) / (hi - lo)
        index = np.floor(np.clip(t, 0.0, 1.0) * levels).astype(np.intp)
        index = np.minimum(index, levels - 1)
    else:
        index = np.full(v.shape, levels // 2, dtype=np.intp)
    return np.where(known, index, -1)


def shade_map(
    values: npt.ArrayLike,
    lo: float,
    hi: float,
    *,
    levels: int | None = None,
    ascii_only: bool,
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_]]:
    """Shade characters for a grid of output values, and the kind of each cell.

    Args:
        values: the output at each cell (any shape), float.
        lo, hi: the values at the ramp's two ends.
        levels: how many shades; None for the whole ramp (9 braille, 10 ASCII), 2 for a
            discretized output (below the middle of [lo, hi], or not).
        ascii_only: the ASCII ramp.

    Returns:
        (characters, kinds), both the shape of `values`. A kind is 'c0' below the middle of
        the ramp, 'c1' above it, '' in the middle or where the value is nan ('?').
    """
    chars = ramp(ascii_only=ascii_only, levels=levels)
    n = len(chars)
    level = shade_levels(values, lo, hi, levels=n)
    table = np.array([*chars, NOT_FINITE], dtype="<U1")
    kinds_table = np.array([*(_level_kind(i, n) for i in range(n)), ""], dtype="<U2")
    return table[level], kinds_table[level]  # level -1 picks the last entry: '?', ''


def _level_kind(level: int, levels: int) -> str:
    """'c0' for a level below the ramp's middle, 'c1' above it, '' at the middle."""
    twice = 2 * level + 1
    return "c0" if twice < levels else "c1" if twice > levels else ""


def _key_rows(pieces: list[str], width: int) -> list[str]:
    """The key's pieces, two spaces apart, wrapped to `width` (none is ever dropped)."""
    rows: list[str] = []
    line = ""
    for piece in pieces:
        if line and len(line) + 2 + len(piece) > width:
            rows.append(line)
            line = piece
        else:
            line = f"{line}  {piece}" if line else piece
    rows.append(line)
    return [row[:width] for row in rows]


def _row_runs(chars: npt.NDArray[np.str_], kinds: npt.NDArray[np.str_]) -> Row:
    """One row of cells as runs: consecutive cells of one kind become one run."""
    line = "".join(chars.tolist())
    cuts = [0, *(np.flatnonzero(kinds[1:] != kinds[:-1]) + 1).tolist(), len(line)]
    return tuple(Run(line[a:b], str(kinds[a])) for a, b in zip(cuts[:-1], cuts[1:], strict=True))


def _class_output(
    logits: npt.NDArray[np.floating[Any]], *, discretize: bool
) -> npt.NDArray[np.float64]:
    """The last class's softmax probability per row of logits; discretized, 1 where the
    last class is the prediction (the largest logit) and 0 elsewhere."""
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged net's logits may be inf
        if discretize:
            top = np.argmax(np.nan_to_num(logits, nan=-np.inf), axis=1) == logits.shape[1] - 1
            out = top.astype(np.float64)
            out[np.isnan(logits).any(axis=1)] = np.nan
            return np.asarray(out, dtype=np.float64)
        z = logits - np.max(logits, axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e[:, -1] / e.sum(axis=1), dtype=np.float64)


def output_map(
    dataset: Dataset,
    network: Network,
    width: int,
    height: int,
    *,
    ascii_only: bool,
    test: npt.NDArray[np.intp] | None = None,
    show_test: bool = False,
    discretize: bool = False,
) -> list[Row]:
    """The playground's picture in character cells: the output over the input square, the
    data on top, x2's range down the left, x1's along the bottom, and a complete key.

    Classification: each cell is shaded by the network's probability of the last class at
    the cell's centre (P(x) for two classes), with every level of the ramp; discretized, two
    shades: where the last class is predicted, and where another is. Each class's samples
    have a letter of their own (CLASS_MARKS: 'o', 'x', 'v', ...).

    Regression (2-D inputs): each cell is shaded by the predicted value, the ramp spanning
    the targets' range (predictions outside it take an end), which the key shows;
    discretized, above or below the middle of that range. Samples are the digit of the
    tenth of the range their target falls in (VALUE_MARKS).

    Held-out samples (indices `test`) are drawn only with `show_test` (as capitals for
    classes). The key takes the last rows, wrapped to the width, never cut.
    """
    (x_lo, x_hi), (y_lo, y_hi) = dataset.domain[:2]
    classify = dataset.task == "classification"
    held = np.zeros(len(dataset.x), dtype=bool)
    if test is not None:
        held[test] = True
    shown = ~held | show_test
    levels = 2 if discretize else None
    chars = ramp(ascii_only=ascii_only, levels=levels)
    if classify:
        classes = max(2, dataset.n_classes)
        marks = CLASS_MARKS[:classes] if classes <= len(CLASS_MARKS) else CLASS_MARKS
        top = marks[min(classes, len(marks)) - 1]
        others = marks[0] if classes == 2 else f"{marks[0]}-{marks[-2]}"
        lo, hi = 0.0, 1.0
        letters = " ".join(marks)
        if discretize:
            pieces = [f"[{chars[-1]}] predicts {top}", f"[{chars[0]}] predicts {others}"]
        else:
            pieces = [f"P({top}) 0 [{chars}] 1"]
        if not held.any():
            pieces.append(f"{letters}: the data")
        elif show_test:
            pieces.append(f"{letters}: train  {letters.upper()}: test")
        else:
            pieces.append(f"{letters}: train (t: test)")
    else:
        target = np.asarray(dataset.y, dtype=np.float64)
        target = target[np.isfinite(target)]
        lo, hi = (float(target.min()), float(target.max())) if target.size else (0.0, 1.0)
        if discretize:
            mid = fmt((lo + hi) / 2, 2)
            pieces = [f"[{chars[-1]}] above {mid}", f"[{chars[0]}] below"]
        else:
            pieces = [f"value {fmt(lo, 2)} [{chars}] {fmt(hi, 2)}"]
        hidden = held.any() and not show_test
        pieces.append(f"0-9: {'train' if hidden else 'data'} in tenths of the range")
        if hidden:
            pieces.append("(t: test)")
    labels = (fmt(y_hi, 2), "x2", fmt(y_lo, 2))
    margin = max(len(label) for label in labels) + 1
    width = max(4, width)
    key = _key_rows(pieces, width)
    map_width = max(4, width - margin)
    map_rows = max(2, height - 1 - len(key))
    xs = x_lo + (np.arange(map_width) + 0.5) * (x_hi - x_lo) / map_width
    ys = y_hi - (np.arange(map_rows) + 0.5) * (y_hi - y_lo) / map_rows
    gx, gy = np.meshgrid(xs, ys)
    out = network.forward(np.column_stack([gx.ravel(), gy.ravel()]))
    values = _class_output(out, discretize=discretize) if classify else out[:, 0]
    cells, kinds = shade_map(
        values.reshape(map_rows, map_width), lo, hi, levels=levels, ascii_only=ascii_only
    )
    col = np.clip(
        ((dataset.x[:, 0] - x_lo) / (x_hi - x_lo) * map_width).astype(int), 0, map_width - 1
    )
    row = np.clip(
        ((y_hi - dataset.x[:, 1]) / (y_hi - y_lo) * map_rows).astype(int), 0, map_rows - 1
    )
    if classify:
        labels_of = np.minimum(np.asarray(dataset.y, dtype=np.intp), len(marks) - 1)
        point_marks = np.array(list(marks), dtype="<U1")[labels_of]
        point_marks = np.where(held, np.char.upper(point_marks), point_marks)
        point_kinds = np.where(labels_of == len(marks) - 1, "p1", "p0")
    else:
        tenth = shade_levels(dataset.y, lo, hi, levels=len(VALUE_MARKS))
        point_marks = np.array([*VALUE_MARKS, NOT_FINITE], dtype="<U1")[tenth]
        point_kinds = np.where(tenth >= len(VALUE_MARKS) // 2, "p1", "p0")
    for order in (False, True):  # held-out marks drawn last, so none hides under a dot
        pick = shown & (held == order)
        cells[row[pick], col[pick]] = point_marks[pick]
        kinds[row[pick], col[pick]] = point_kinds[pick]
    side = {0: labels[0], map_rows // 2: labels[1], map_rows - 1: labels[2]}
    rows = [
        (Run(side.get(r, "").rjust(margin - 1) + " ", "label"), *_row_runs(cells[r], kinds[r]))
        for r in range(map_rows)
    ]
    left, right = fmt(x_lo, 2), fmt(x_hi, 2)
    axis = list(" " * width)
    for start, text in (
        (margin, left),
        (margin + map_width // 2 - 1, "x1"),
        (width - len(right), right),
    ):
        axis[start : start + len(text)] = text
    rows.append((Run("".join(axis)[:width], "label"),))
    shade_kind = {c: _level_kind(i, len(chars)) for i, c in enumerate(chars)}
    rows += [_key_runs(line, shade_kind) for line in key]
    return rows


def _key_runs(line: str, shade_kind: dict[str, str]) -> Row:
    """A key row as runs: the shade characters inside [brackets] take their cells' kind (so
    the key's ramp is coloured as the map is), the rest is a label."""
    runs: list[Run] = []
    inside = False
    for char in line:
        kind = shade_kind.get(char, "label") if inside and char != "]" else "label"
        inside = (inside or char == "[") and char != "]"
        if runs and runs[-1].kind == kind:
            runs[-1] = Run(runs[-1].text + char, kind)
        else:
            runs.append(Run(char, kind))
    return tuple(runs)
