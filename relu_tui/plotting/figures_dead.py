"""Dead neurons figures: curves as PlotSpecs, and the unit grid and decision map as text.

The text blocks are lists of (text, kind) runs per row, so the screen can colour them by kind
and `--print` can join them plainly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from relu_tui.core.datasets import Dataset
from relu_tui.core.dying import (
    BornDead,
    ExperimentProgress,
    GradientNorms,
    LayerStats,
    NeuronResult,
    RunHistory,
)
from relu_tui.core.fmt import fmt
from relu_tui.core.network import Network
from relu_tui.plotting.spec import PlotSpec, Series

LAYER_COLORS = ("blue", "orange", "green", "magenta", "cyan", "red", "gray", "blue")
CURVE_POINTS = 200


# --------------------------------------------------------------------------- curves


def dead_figure(history: RunHistory) -> PlotSpec:
    """Dead fraction of each hidden layer against epoch, 0-1."""
    series = []
    x = history.epochs if history.epochs.size else np.array([0.0])
    for layer in range(history.dead.shape[1]):
        y = history.dead[:, layer] if history.epochs.size else np.array([0.0])
        series.append(Series(x, y, label=f"layer {layer + 1}",
                             color=LAYER_COLORS[layer % len(LAYER_COLORS)]))
    high = max(1.0, float(x[-1]))
    return PlotSpec(tuple(series), title="dead fraction", xlabel="epoch",
                    ylim=(0.0, 1.0), xlim=(0.0, high))


def loss_figure(history: RunHistory) -> PlotSpec:
    """Loss on the whole dataset against epoch, log scale."""
    keep = np.isfinite(history.loss) & (history.loss > 0)
    x, y = history.epochs[keep], history.loss[keep]
    if x.size == 0:
        return PlotSpec((), title="loss (log scale)", xlabel="epoch")
    return PlotSpec((Series(x, y, label="loss", color="red"),), title="loss (log scale)",
                    xlabel="epoch", yscale="log", xlim=(0.0, max(1.0, float(x[-1]))))


def histogram_figure(stats: LayerStats, layer: int, bins: int = 24) -> PlotSpec:
    """Pre-activations z of one layer over all samples and units, as a step outline.

    The part at z <= 0 (where ReLU outputs 0) is drawn apart from z > 0, and z = 0 is marked.
    """
    z = stats.z.ravel()
    z = z[np.isfinite(z)]
    title = f"layer {layer + 1}: z over all samples ({fmt(100 * stats.dead_fraction, 3)}% dead)"
    if z.size == 0:
        return PlotSpec((), title=title)
    low, high = float(z.min()), float(z.max())
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)
    if low < 0 < high:  # put an edge exactly at 0 so no bin straddles the kink
        edges = np.unique(np.append(edges, 0.0))
    counts, edges = np.histogram(z, bins=edges)
    share = counts / z.size
    series = []
    for mask, label, color in ((edges[1:] <= 0, "z <= 0: ReLU gives 0", "gray"),
                               (edges[:-1] >= 0, "z > 0", "blue")):
        if not mask.any():
            continue
        lo_edges, hi_edges, y = edges[:-1][mask], edges[1:][mask], share[mask]
        xs = np.column_stack([lo_edges, lo_edges, hi_edges, hi_edges]).ravel()
        ys = np.column_stack([np.zeros_like(y), y, y, np.zeros_like(y)]).ravel()
        series.append(Series(xs, ys, label=label, color=color))
    return PlotSpec(tuple(series), title=title, xlabel="z", ylabel="share",
                    xlim=(low, high), ylim=(0.0, max(float(share.max()) * 1.1, 1e-3)),
                    vlines=(0.0,) if low < 0 < high else ())


def regression_figure(dataset: Dataset, network: Network) -> PlotSpec:
    """The data and the network's fitted curve over the input domain."""
    lo, hi = dataset.domain[0]
    grid = np.linspace(lo, hi, CURVE_POINTS)
    fitted = network.predict(grid)
    y = np.asarray(dataset.y, dtype=np.float64)
    span = float(y.max() - y.min()) or 1.0
    # the window: the data plus up to one data-span beyond it; a wild network is clipped
    # to the window's edge (plotext cannot place points far outside it)
    window = (float(y.min()) - span, float(y.max()) + span)
    shown = np.clip(np.nan_to_num(fitted, nan=window[0], posinf=window[1], neginf=window[0]),
                    *window)
    low, high = min(float(y.min()), float(shown.min())), max(float(y.max()), float(shown.max()))
    pad = 0.08 * (high - low) if high > low else 1.0
    return PlotSpec(
        (Series(dataset.x[:, 0], y, label=f"data: {dataset.label}", color="green", kind="scatter"),
         Series(grid, shown, label="network", color="orange")),
        title=f"network output on {dataset.label}", xlim=(lo, hi),
        ylim=(low - pad, high + pad))


def vanishing_figure(norms: GradientNorms) -> PlotSpec:
    """log10 of the gradient norm reaching each layer at initialisation, one line per activation.

    Drawn as log10 on a linear axis: the norms span tens of orders of magnitude, and plain
    exponents read better than long tick labels.
    """
    colors = {"sigmoid": "red", "tanh": "magenta", "relu": "blue"}
    series = tuple(
        Series(norms.layers.astype(np.float64), np.log10(np.maximum(values, 1e-300)),
               label=f"{name}, {norms.inits[name]}", color=colors.get(name, "green"))
        for name, values in norms.norms.items())
    return PlotSpec(series, title="log10 |dL/dW| per layer at init (1 = input side)",
                    short_title="log10 |dL/dW| per layer",
                    xlabel="layer", xlim=(1.0, float(norms.layers[-1])))


def born_dead_figure(result: BornDead) -> PlotSpec:
    """Fraction of initialisations with a constant output, against depth, per width."""
    series = tuple(
        Series(result.depths.astype(np.float64), values, label=f"width {width}",
               color=LAYER_COLORS[i % len(LAYER_COLORS)])
        for i, (width, values) in enumerate(result.fraction.items()))
    return PlotSpec(series, title=f"born dead: constant output at init ({result.trials} seeds)",
                    short_title=f"born dead ({result.trials} seeds)",
                    xlabel="depth", ylim=(0.0, 1.0), xlim=(1.0, float(result.depths[-1])))


# --------------------------------------------------------------------------- text blocks


@dataclass(frozen=True)
class Run:
    """A run of characters of one kind: 'dead', 'fire', 'label', 'c0', 'c1', 'p0', 'p1', ''."""

    text: str
    kind: str = ""


Row = tuple[Run, ...]

_RAMP_UNICODE = " ▁▂▃▄▅▆▇█"
_RAMP_ASCII = " .:-=+*#%@"


def firing_char(fraction: float, *, ascii_only: bool) -> str:
    """A bar whose height is the fraction of samples on which the unit fires (z > 0)."""
    ramp = _RAMP_ASCII if ascii_only else _RAMP_UNICODE
    if not math.isfinite(fraction):
        return "?"
    index = 1 + int(round(fraction * (len(ramp) - 2)))
    return ramp[min(max(index, 1), len(ramp) - 1)]


def unit_grid(stats: list[LayerStats], width: int, *, ascii_only: bool,
              selected: int | None = None) -> list[Row]:
    """Every hidden unit: 'x' dead, else a bar as tall as its firing fraction.

    One line per layer (wrapped when wider than `width`), with its dead count.
    """
    dead_char = "x" if ascii_only else "✗"
    rows: list[Row] = []
    for layer, st in enumerate(stats):
        mark = ">" if layer == selected else " "
        head = f"{mark}L{layer + 1} {int(st.dead.sum()):>3}/{st.dead.size:<3} dead "
        room = max(8, width - len(head))
        cells = [Run(dead_char, "dead") if d else Run(firing_char(f, ascii_only=ascii_only), "fire")
                 for d, f in zip(st.dead, st.firing, strict=True)]
        for start in range(0, len(cells), room):
            prefix = head if start == 0 else " " * len(head)
            rows.append((Run(prefix, "label"), *_merge(cells[start:start + room])))
    key = (f"key: {dead_char} dead (z <= 0 on every sample); bar = share of samples with z > 0"
           if width >= 62 else f"{dead_char} dead; bar = share of samples with z > 0")
    rows.append((Run(key, "label"),))
    return rows


def _merge(cells: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for cell in cells:
        if merged and merged[-1].kind == cell.kind:
            merged[-1] = Run(merged[-1].text + cell.text, cell.kind)
        else:
            merged.append(cell)
    return merged


def decision_map(dataset: Dataset, network: Network, width: int, height: int, *,
                 ascii_only: bool) -> list[Row]:
    """The playground's picture in character cells: predicted class regions, data on top.

    Cells are shaded by the network's class-1 probability at the cell centre (a blank band
    where it is between 0.35 and 0.65); data points are 'o' (class 0) and 'x' (class 1). The
    last of the `height` rows is the key.
    """
    width, height = max(4, width), max(2, height - 1)
    (x_lo, x_hi), (y_lo, y_hi) = dataset.domain
    xs = x_lo + (np.arange(width) + 0.5) * (x_hi - x_lo) / width
    ys = y_hi - (np.arange(height) + 0.5) * (y_hi - y_lo) / height
    gx, gy = np.meshgrid(xs, ys)
    logits = network.forward(np.column_stack([gx.ravel(), gy.ravel()]))
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged net's logits may be inf
        diff = np.clip(logits[:, 1] - logits[:, 0], -700, 700)
        p1 = (1.0 / (1.0 + np.exp(-diff))).reshape(height, width)
    shade0, shade1 = ("-", "+") if ascii_only else ("░", "▒")
    cells = np.full((height, width), " ", dtype="<U1")
    kinds = np.full((height, width), "", dtype="<U2")
    cells[p1 < 0.35], kinds[p1 < 0.35] = shade0, "c0"
    cells[p1 > 0.65], kinds[p1 > 0.65] = shade1, "c1"
    col = np.clip(((dataset.x[:, 0] - x_lo) / (x_hi - x_lo) * width).astype(int), 0, width - 1)
    row = np.clip(((y_hi - dataset.x[:, 1]) / (y_hi - y_lo) * height).astype(int), 0, height - 1)
    for r, c, label in zip(row, col, dataset.y, strict=True):
        cells[r, c], kinds[r, c] = ("x", "p1") if label == 1 else ("o", "p0")
    rows: list[Row] = [tuple(_merge([Run(str(ch), str(k))
                                     for ch, k in zip(cells[r], kinds[r], strict=True)]))
                       for r in range(height)]
    key = f"{shade1} predicts x  {shade0} predicts o  blank: unsure  o x: the data"
    rows.append((Run(key if len(key) <= width else key.replace("  blank: unsure", ""),
                     "label"),))
    return rows


def plain(rows: list[Row]) -> str:
    """Rows as plain text lines."""
    return "\n".join("".join(run.text for run in row) for row in rows)


def neuron_text(weights: tuple[float, ...], inputs: tuple[float, ...], result: NeuronResult,
                *, ascii_only: bool) -> str:
    """The seed's single neuron worked through: z, ReLU(z), and its gradients."""
    arrow = "->" if ascii_only else "→"
    terms = " + ".join(f"({fmt(w)})·{fmt(x)}" for w, x in zip(weights, inputs, strict=True))
    grads = ", ".join(fmt(g) for g in result.weight_grads)
    verdict = ("DEAD: z <= 0, so the output is 0 and every gradient is 0 -- "
               "no update can ever change these weights."
               if result.dead else
               "alive: z > 0, the output is z and each weight's gradient is its input.")
    text = "\n".join([
        f"z = w·x = {terms} = {fmt(result.z)}",
        f"ReLU(z) = max(0, {fmt(result.z)}) = {fmt(result.output)}",
        f"ReLU'(z) = {fmt(result.slope)}  {arrow}  dReLU/dw = ReLU'(z)·x = ({grads})",
        verdict,
    ])
    return text.replace("·", "*") if ascii_only else text


def experiment_table(progress: ExperimentProgress, *, ascii_only: bool) -> str:
    """Mean ± sd of the final dead fraction, current settings vs the reference."""
    pm = "+/-" if ascii_only else "±"
    lines = [f"{'':<10}{'dead at the end':>17}{'loss':>9}{'seeds':>6}"]
    for row in progress.rows:
        if row.dead.size:
            dead = f"{100 * row.mean:5.1f}% {pm} {100 * row.sd:4.1f}%"
            finite = row.losses[np.isfinite(row.losses)]
            loss = fmt(float(np.median(finite)), 3) if finite.size else "nan"
        else:
            dead, loss = "-", "-"
        lines.append(f"{row.label:<10}{dead:>17}{loss:>9}{row.dead.size:>6}")
    lines.append("")
    for row in progress.rows:
        div = f" ({row.diverged} diverged)" if row.diverged else ""
        lines.append(f"{row.label}: {row.settings.summary()}{div}")
    lines.append("(mean over seeds; loss is the median final loss)")
    return "\n".join(lines)


def progress_bar(done: int, total: int, width: int, *, ascii_only: bool) -> str:
    """[#####.....] 12/20"""
    width = max(4, width)
    filled = 0 if total <= 0 else int(round(width * done / total))
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    return f"[{full * filled}{empty * (width - filled)}] {done}/{total}"
