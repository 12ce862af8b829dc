"""Dead neurons figures: curves as PlotSpecs; the unit grid and the status panel as text.

The text blocks are lists of (text, kind) runs per row, so the screen can colour them by kind
and `--print` can join them plainly. The Train view's output map is `output_map.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dead.dying import (
    ExperimentProgress,
    ExperimentRow,
    LayerStats,
    NeuronResult,
    RunHistory,
    final_dead_fraction,
)
from relu_tui.lessons.dead.state import DeadState, ExperimentState
from relu_tui.lessons.dead.vanishing import BornDead, GradientNorms
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.features import FEATURES
from relu_tui.nn.network import Network, TrainReport
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
        series.append(
            Series(x, y, label=f"layer {layer + 1}", color=LAYER_COLORS[layer % len(LAYER_COLORS)])
        )
    high = max(1.0, float(x[-1]))
    return PlotSpec(
        tuple(series), title="dead fraction", xlabel="epoch", ylim=(0.0, 1.0), xlim=(0.0, high)
    )


LOSS_DRAWN_UP_TO = 1e12
"""Losses above this (a net that starts or ends far off) are left out of the curve and named
in the title instead: a log axis from 1e-3 to 1e16 shows nothing a learner can read."""


def loss_figure(history: RunHistory) -> PlotSpec:
    """Training loss (and the held-out samples' loss, when there are any) against epoch, log
    scale: a test curve that turns up while training goes down is over-fitting."""
    finite = np.isfinite(history.loss) & (history.loss > 0)
    keep = finite & (history.loss <= LOSS_DRAWN_UP_TO)
    x, y = history.epochs[keep], history.loss[keep]
    title = "loss (log scale)"
    if np.any(finite & ~keep):
        title = f"loss (log; above {fmt(LOSS_DRAWN_UP_TO)} left out)"
    if x.size == 0:
        largest = history.loss[finite]
        if largest.size:
            title = f"loss {fmt(float(largest.max()), 2)}: too large to draw"
        return PlotSpec((), title=title, xlabel="epoch")
    series = [Series(x, y, label="train", color="red")]
    test = history.test_loss
    shown = np.isfinite(test) & (test > 0) & (test <= LOSS_DRAWN_UP_TO)
    if np.any(shown):
        series.append(Series(history.epochs[shown], test[shown], label="test", color="blue"))
    return PlotSpec(
        tuple(series), title=title, xlabel="epoch", yscale="log", xlim=(0.0, max(1.0, float(x[-1])))
    )


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
    for mask, label, color in (
        (edges[1:] <= 0, "z <= 0: ReLU gives 0", "gray"),
        (edges[:-1] >= 0, "z > 0", "blue"),
    ):
        if not mask.any():
            continue
        lo_edges, hi_edges, y = edges[:-1][mask], edges[1:][mask], share[mask]
        xs = np.column_stack([lo_edges, lo_edges, hi_edges, hi_edges]).ravel()
        ys = np.column_stack([np.zeros_like(y), y, y, np.zeros_like(y)]).ravel()
        series.append(Series(xs, ys, label=label, color=color))
    return PlotSpec(
        tuple(series),
        title=title,
        xlabel="z",
        ylabel="share",
        xlim=(low, high),
        ylim=(0.0, max(float(share.max()) * 1.1, 1e-3)),
        vlines=(0.0,) if low < 0 < high else (),
    )


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
    shown = np.clip(
        np.nan_to_num(fitted, nan=window[0], posinf=window[1], neginf=window[0]), *window
    )
    low, high = min(float(y.min()), float(shown.min())), max(float(y.max()), float(shown.max()))
    pad = 0.08 * (high - low) if high > low else 1.0
    return PlotSpec(
        (
            Series(
                dataset.x[:, 0], y, label=f"data: {dataset.label}", color="green", kind="scatter"
            ),
            Series(grid, shown, label="network", color="orange"),
        ),
        title=f"network output on {dataset.label}",
        xlim=(lo, hi),
        ylim=(low - pad, high + pad),
    )


def vanishing_figure(norms: GradientNorms) -> PlotSpec:
    """log10 of the gradient norm reaching each layer at initialisation, one line per activation.

    Drawn as log10 on a linear axis: the norms span tens of orders of magnitude, and plain
    exponents read better than long tick labels.
    """
    colors = {"sigmoid": "red", "tanh": "magenta", "relu": "blue"}
    series = tuple(
        Series(
            norms.layers.astype(np.float64),
            np.log10(np.maximum(values, 1e-300)),
            label=f"{name}, {norms.inits[name]}",
            color=colors.get(name, "green"),
        )
        for name, values in norms.norms.items()
    )
    return PlotSpec(
        series,
        title="log10 |dL/dW| by layer, at init",
        xlabel="layer",
        xlim=(1.0, float(norms.layers[-1])),
    )


def born_dead_figure(result: BornDead) -> PlotSpec:
    """Fraction of initialisations with a constant output, against depth, per width."""
    series = tuple(
        Series(
            result.depths.astype(np.float64),
            values,
            label=f"width {width}",
            color=LAYER_COLORS[i % len(LAYER_COLORS)],
        )
        for i, (width, values) in enumerate(result.fraction.items())
    )
    return PlotSpec(
        series,
        title=f"share born dead ({result.trials} seeds)",
        xlabel="depth",
        ylim=(0.0, 1.0),
        xlim=(1.0, float(result.depths[-1])),
    )


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


def unit_grid(
    stats: list[LayerStats], width: int, *, ascii_only: bool, selected: int | None = None
) -> list[Row]:
    """Every hidden unit: dead, never positive, or a bar as tall as its firing fraction.

    A dead unit (its activation's gradient is 0 on every sample: ReLU with z <= 0) is told
    apart from a unit that is never positive but still learns through its slope (Leaky
    ReLU, ELU with z <= 0 everywhere). One line per layer (wrapped when wider than
    `width`), with its dead count, then the key.
    """
    dead_char = "x" if ascii_only else "✗"
    flat_char = "-"
    rows: list[Row] = []
    any_flat = False
    for layer, st in enumerate(stats):
        mark = ">" if layer == selected else " "
        head = f"{mark}L{layer + 1} {int(st.dead.sum()):>3}/{st.dead.size:<3} dead "
        room = max(8, width - len(head))
        cells = []
        for dead, firing in zip(st.dead, st.firing, strict=True):
            if dead:
                cells.append(Run(dead_char, "dead"))
            elif firing == 0:
                any_flat = True
                cells.append(Run(flat_char, "flat"))
            else:
                cells.append(Run(firing_char(firing, ascii_only=ascii_only), "fire"))
        for start in range(0, len(cells), room):
            prefix = head if start == 0 else " " * len(head)
            rows.append((Run(prefix, "label"), *_merge(cells[start : start + room])))
    long_key = (
        f"key: {dead_char} dead (gradient 0 on every sample); bar = share of samples with z > 0"
    )
    short_key = f"{dead_char} dead; bar = share of samples with z > 0"
    rows.append((Run(long_key if width >= len(long_key) else short_key, "label"),))
    if any_flat:
        flat_key = (
            f"{flat_char} never positive, not dead: z <= 0 everywhere, still learns "
            "through the slope"
        )
        rows.append(
            (
                Run(
                    flat_key
                    if width >= len(flat_key)
                    else f"{flat_char} never positive, still learns",
                    "label",
                ),
            )
        )
    return rows


def _merge(cells: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for cell in cells:
        if merged and merged[-1].kind == cell.kind:
            merged[-1] = Run(merged[-1].text + cell.text, cell.kind)
        else:
            merged.append(cell)
    return merged


def plain(rows: list[Row]) -> str:
    """Rows as plain text lines."""
    return "\n".join("".join(run.text for run in row) for row in rows)


def neuron_intro(activation: str) -> str:
    """What the Neuron view is about, for the chosen activation."""
    base = "A dead neuron ('ReLU Explained'): weights -5, -3, -2 on inputs 1, 1, 1 give z = -10. "
    if activation == "relu":
        return base + (
            "ReLU outputs 0 for it and its gradient is 0, so it never learns. Edit "
            "the weights to revive it. In training, large learning rates push units "
            "here; smaller steps, He init and Leaky ReLU help."
        )
    name = ACTIVATIONS[activation].display
    return base + (
        f"The activation setting is {name}: the same weights, worked through "
        f"with {name} below. Choose relu in the settings to see the dead one."
    )


def neuron_text(
    weights: tuple[float, ...], inputs: tuple[float, ...], result: NeuronResult, *, ascii_only: bool
) -> str:
    """The seed's single neuron worked through: z, f(z), and its gradients."""
    arrow = "->" if ascii_only else "→"
    act = ACTIVATIONS[result.activation]
    name = act.display.replace(" ", "")
    terms = " + ".join(f"({fmt(w)})·{fmt(x)}" for w, x in zip(weights, inputs, strict=True))
    grads = ", ".join(fmt(g) for g in result.weight_grads)
    formula = "max(0, z)" if result.activation == "relu" else act.formula.replace("x", "z")
    if result.dead:
        verdict = (
            f"DEAD: {name}'(z) = 0, so every gradient is 0 -- "
            "no update can ever change these weights."
        )
    elif result.z <= 0:
        verdict = (
            f"not dead: it still learns. z <= 0, but {name}'(z) = {fmt(result.slope)} "
            f"is not 0, so each weight's gradient is {fmt(result.slope)}·x."
        )
    else:
        verdict = f"alive: z > 0, {name}'(z) = {fmt(result.slope)}: every weight learns."
    text = "\n".join(
        [
            f"z = w·x = {terms} = {fmt(result.z)}",
            f"{name}(z) = {formula} = {fmt(result.output)}",
            f"{name}'(z) = {fmt(result.slope)}  {arrow}  d{name}/dw = {name}'(z)·x = ({grads})",
            verdict,
        ]
    )
    return text.replace("·", "*") if ascii_only else text


def vanishing_note(norms: GradientNorms) -> str:
    """The gradient at layer 1 as a share of the gradient at the last layer, per activation."""
    depth = int(norms.layers[-1])
    shares = ", ".join(f"{name} {fmt(norms.ratio(name), 2)}" for name in norms.norms)
    return (
        f"Layer 1's gradient as a share of layer {depth}'s, at init ({depth} layers of "
        f"width 32): {shares}. Sigmoid's slope is at most 0.25, so the gradient shrinks "
        "on its way back; ReLU passes it on where z > 0."
    )


def born_note(born: BornDead) -> str:
    """The share of nets born dead at depths 10 and 50, for three widths."""
    parts = ", ".join(
        f"width {w}: {fmt(100 * v[9], 3)}% at depth 10, {fmt(100 * v[-1], 3)}% at 50"
        for w, v in born.fraction.items()
        if w in (2, 4, 10)
    )
    return (
        "He-initialised ReLU nets on [-1, 1]: the share born dead (constant output "
        f"before any training). {parts}."
    )


SHRUNK = 1e-6
"""A network whose squared weights sum below this was flattened by its penalty."""


def experiment_reading(progress: ExperimentProgress) -> str:
    """What the dead-fraction/loss pair of the two rows means, once both have results; it
    speaks of the runs on screen: a penalty that shrank the weights is named as the cause."""
    current, reference = progress.rows
    if not (current.dead.size and reference.dead.size):
        return ""
    penalty = current.settings.penalty
    if penalty.active and current.sizes.size and float(np.median(current.sizes)) < SHRUNK:
        terms = ", ".join(
            f"{name} {fmt(value)}"
            for name, value in (("L1", penalty.l1), ("L2", penalty.l2))
            if value
        )
        return (
            f"The penalty ({terms}) shrank every weight towards 0 (median sum w^2 "
            f"{fmt(float(np.median(current.sizes)), 2)}): the units are dead because the "
            "penalty flattened the network, not because a step pushed them off. Set the "
            "penalty to 0 to see what the learning rate alone does."
        )
    cur_loss, ref_loss = _median_loss(current), _median_loss(reference)
    if current.mean > reference.mean + 0.02 and cur_loss < ref_loss:
        return (
            "More dead units and yet a lower loss: dead units do not help. The current "
            "settings take bigger steps, so in these epochs they fit faster than the "
            "reference's lr 1e-3, with fewer live units left; every dead unit is capacity "
            "the net has lost for good. Compare at the same learning rate, or use Leaky "
            "ReLU, to see the same speed without the deaths."
        )
    if current.mean > reference.mean + 0.02:
        return (
            "More dead units and a higher loss than the reference: the units that died "
            "can no longer help fit the data."
        )
    if current.mean < reference.mean - 0.02:
        return "Fewer dead units than the reference with these settings."
    return "About as many dead units as the reference: these settings kill no more units."


def _median_loss(row: ExperimentRow) -> float:
    finite = row.losses[np.isfinite(row.losses)]
    return float(np.median(finite)) if finite.size else math.inf


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
    text = "\n".join(lines)
    return text.replace("×", "x") if ascii_only else text


def progress_bar(done: int, total: int, width: int, *, ascii_only: bool) -> str:
    """[#####.....] 12/20"""
    width = max(4, width)
    filled = 0 if total <= 0 else int(round(width * done / total))
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    return f"[{full * filled}{empty * (width - filled)}] {done}/{total}"


# --------------------------------------------------------------------------- screen text


ARTICLE_DEAD = "10-20%"
"""'ReLU Explained': "In practice, 10-20% of neurons can die during training"."""


STATUS_ROWS = 3
"""The status panel's first rows, each at most 32 characters: phase and dead share, loss and
test loss, accuracy. They hold what a run is read by, and show at any terminal size."""
STATUS_WIDTH = 32
"""Characters a status row has at 80 columns."""


def status_rows(state: DeadState, *, ascii_only: bool) -> list[Row]:
    """The run's status panel: first the STATUS_ROWS rows a learner reads a run by (phase,
    epoch, dead %, loss, test loss, accuracy), then PReLU slopes, speed and weights, dead by
    layer beside the article's figure, progress, the experiment's count and the last
    message."""
    run, report, epochs = state.snapshot, state.snapshot.report, state.settings.epochs
    speed = f"{run.epochs_per_second:,.0f}" if run.epochs_per_second else "-"
    accuracy = "accuracy -"
    if report.accuracy is not None:
        test = "" if report.test_accuracy is None else f"  test {100 * report.test_accuracy:.0f}%"
        accuracy = f"accuracy {100 * report.accuracy:.0f}%{test}"
    rows: list[Row] = [
        (
            Run(
                f"{state.phase} {report.epoch}/{epochs}  dead "
                f"{100 * final_dead_fraction(report):.1f}%",
                "head",
            ),
        ),
        (Run(_loss_line(report)),),
        (Run(_with_room(accuracy, f"layers {_widths(state)}")),),
    ]
    slopes = report.network.slopes
    if slopes is not None:  # second: the one row under the panel at 80x24
        rows.append(
            (
                Run(
                    "PReLU slopes "
                    + " ".join(fmt(v, 2) for v in slopes)
                    + " (learned; Leaky ReLU's: 0.01)"
                ),
            )
        )
    rows += [(Run(line),) for line in _net_lines(state)]
    size = sum(float(np.vdot(w, w)) for w in report.network.weights)
    penalty = f"  penalty {fmt(report.penalty)}" if report.penalty else ""
    dead = " ".join(f"{100 * d:.0f}%" for d in report.dead_fraction)
    rows += [
        (Run(f"dead by layer: {dead}"),),
        (Run(f"{speed} epochs/s"),),
        (Run(f"sum w^2 {fmt(size)}{penalty}"),),
        (Run(f"('ReLU Explained': {ARTICLE_DEAD} die)"),),
        (Run(progress_bar(min(report.epoch, epochs), epochs, 16, ascii_only=ascii_only)),),
    ]
    progress = state.experiment.progress
    if state.experiment.running and progress is not None:
        rows.append((Run(f"experiment {progress.done}/{progress.total}"),))
    if state.message:
        rows.append((Run(state.message, "alert" if report.diverged else "note"),))
    return rows


def _widths(state: DeadState) -> str:
    """The hidden layers' widths as the widths setting writes them: '16,16,16'."""
    return ",".join(map(str, state.settings.hidden))


def _with_room(row: str, extra: str) -> str:
    """`row`, and `extra` after it when both fit in a status row."""
    joined = f"{row}  {extra}"
    return joined if len(joined) <= STATUS_WIDTH else row


def _net_lines(state: DeadState) -> list[str]:
    """The network's shape: its widths, then (a 2-D task) its input features, wrapped at
    commas to the status width."""
    lines = [f"layers {_widths(state)}"]
    if state.data.n_in == 2:
        words = state.settings.features
        line = "inputs "
        for index, word in enumerate(words):
            piece = word + ("," if index < len(words) - 1 else "")
            if len(line) + len(piece) > STATUS_WIDTH and line.strip():
                lines.append(line.rstrip())
                line = "  "
            line += piece
        lines.append(line)
    return lines


PANEL_CAPTION = 28
"""Characters the settings panel's bottom border has room for at 80 columns."""


def inputs_caption(state: DeadState, width: int = PANEL_CAPTION) -> str:
    """The network's inputs in a few words, for the settings panel's bottom border (the
    features are typed with f, so no panel row shows them): 'inputs x1,x2,sin1', or their
    count when the list is longer than `width`; '' for a 1-D task."""
    if state.data.n_in != 2:
        return ""
    features = state.settings.features
    for text in (f"inputs {','.join(features)}", ",".join(features)):
        if len(text) <= width:
            return text
    every = "all " if len(features) == len(FEATURES) else ""
    return f"{every}{len(features)} inputs (f lists them)"


def _loss_line(report: TrainReport) -> str:
    """'loss 0.12  test 0.34': the training samples' loss, then the held-out samples'."""
    test = "" if report.test_loss is None else f"  test {fmt(report.test_loss)}"
    return f"loss {fmt(report.loss)}{test}"


def experiment_note(exp: ExperimentState, dataset: Dataset, *, ascii_only: bool) -> str:
    """Under the experiment's table: progress, what each run is, and how to read it."""
    progress = exp.progress
    if progress is None or exp.settings is None:
        return ""
    bar = progress_bar(progress.done, progress.total, 30, ascii_only=ascii_only)
    phase = "running" if exp.running else ("done" if progress.done == progress.total else "stopped")
    settings = exp.settings
    extras = [f"noise {fmt(settings.noise)}"] if settings.custom is None else []
    penalty = settings.penalty
    extras += [f"{name} {fmt(v)}" for name, v in (("L1", penalty.l1), ("L2", penalty.l2)) if v]
    if settings.test_fraction:
        extras.append(f"{fmt(settings.test_fraction)} held out")
    return (
        f"{bar} runs, {phase}. Each run: {settings.summary()}, {settings.epochs} epochs on "
        f"{dataset.label} ({', '.join(extras) or 'no noise'}); the reference differs only in "
        f"He normal init, Adam, lr 1e-3.\n" + experiment_reading(progress)
    )
