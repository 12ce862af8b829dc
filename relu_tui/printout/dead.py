"""`relu-tui --print dead [--lr X] [--activation NAME] [--epochs N] [--seed S]`: a headless run.

Trains the Dead neurons screen's default network (two spirals, 3×16, He normal, Adam, batch
32) with the given options and prints the dead fraction per layer, the loss, the unit grid
and the model's output. A progress line goes to stderr while it trains, when stderr is a
terminal.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from relu_tui.core.dying import (
    DeadSettings,
    final_dead_fraction,
    layer_stats,
    settings_with_options,
)
from relu_tui.core.fmt import fmt
from relu_tui.core.network import TrainReport
from relu_tui.plotting import figures_dead as figures
from relu_tui.plotting.render import plot_text


def settings_from_args(args: argparse.Namespace) -> DeadSettings:
    """The default settings with --lr, --activation, --epochs and --seed applied.

    Raises:
        InputError: a value outside the screen's ranges or an unknown activation.
    """
    return settings_with_options(DeadSettings(), lr=getattr(args, "lr", None),
                                 activation=getattr(args, "activation", None),
                                 epochs=getattr(args, "epochs", None),
                                 seed=getattr(args, "seed", None))


def _progress(stream: TextIO, report: TrainReport, total: int, start: float) -> None:
    elapsed = max(time.perf_counter() - start, 1e-9)
    stream.write(f"\rtraining: epoch {report.epoch}/{total}  loss {fmt(report.loss)}  "
                 f"{report.epoch / elapsed:,.0f} epochs/s ")
    stream.flush()


def render(args: argparse.Namespace) -> str:
    """Train headless and describe the result as text."""
    settings = settings_from_args(args)
    data = settings.dataset()
    trainer = settings.trainer(data)
    stream = sys.stderr
    live = stream.isatty()
    start = time.perf_counter()
    report = trainer.report()
    every = max(1, min(50, settings.epochs // 20 or 1))
    for report in trainer.run(settings.epochs, every=every):
        if live:
            _progress(stream, report, settings.epochs, start)
    if live:
        stream.write("\r" + " " * 70 + "\r")
        stream.flush()
    width = args.width or 100
    height = args.height or 20
    ascii_only = bool(args.ascii)
    stats = layer_stats(report.network, data.x)
    lines = [
        f"Dead neurons: {settings.summary()} on {data.label} ({len(data.x)} samples), "
        f"batch {settings.batch_size}, seed {settings.seed}",
        "A unit is dead when its pre-activation z <= 0 for every sample: output 0, gradient 0.",
        "",
        f"epochs trained: {report.epoch} of {settings.epochs}    loss: {fmt(report.loss)}    "
        f"dead overall: {100 * final_dead_fraction(report):.1f}%",
    ]
    if report.diverged:
        lines.append(report.message)
    lines.append("")
    lines.append("dead fraction per layer:")
    for layer, st in enumerate(stats):
        lines.append(f"  layer {layer + 1}: {int(st.dead.sum())}/{st.dead.size} dead "
                     f"({100 * st.dead_fraction:.1f}%)")
    lines += ["", "units:", figures.plain(figures.unit_grid(stats, width, ascii_only=ascii_only)),
              ""]
    if data.task == "classification":
        lines.append("decision regions:")
        rows = max(8, height)  # a terminal cell is about twice as tall as wide
        lines.append(figures.plain(figures.decision_map(data, report.network,
                                                        min(width, 2 * rows), rows,
                                                        ascii_only=ascii_only)))
    else:
        lines.append(plot_text(figures.regression_figure(data, report.network), width, height,
                               ascii_only=ascii_only, color=args.color))
    text = "\n".join(lines)
    return text.replace("×", "x").replace("²", "^2") if ascii_only else text
