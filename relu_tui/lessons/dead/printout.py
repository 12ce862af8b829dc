"""`relu-tui --print dead [any Dead neurons setting] [--export FILE.py]`: a headless run.

Trains the Dead neurons screen's network (by default two spirals, 3×16, He normal, Adam,
batch 32) with the given settings (the same as the screen's: `lessons/dead/lesson.py`) and
prints the dead fraction per layer, the loss, the unit grid and the model's output (with
--view maps, weights or regions: that view). Progress goes to stderr while it trains: one line
redrawn on a terminal, a line every few seconds otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.lessons.dead import figures
from relu_tui.lessons.dead.dying import (
    DeadSettings,
    final_dead_fraction,
    layer_stats,
)
from relu_tui.lessons.dead.insight_views import MAPS_HELP
from relu_tui.lessons.dead.lesson import VIEW
from relu_tui.lessons.dead.maps import map_layout, unit_maps, window_of
from relu_tui.lessons.dead.output_map import output_map
from relu_tui.lessons.dead.regions_view import (
    PRINT_GRID,
    count_figure,
    read_regions,
    region_rows,
    regions_help,
)
from relu_tui.lessons.dead.settings import settings_from
from relu_tui.lessons.dead.state import VIEW_LIST, VIEWS
from relu_tui.lessons.dead.weight_matrix import weights_text
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.export import ExportModel, sample_inputs, torch_script, write_script
from relu_tui.nn.network import TrainReport
from relu_tui.plotting.render import plot_text

_TITLES = {view.name: view.title for view in VIEW_LIST}
"""Each view's title, as the screen's view bar names it."""
CHUNK_SECONDS = 0.05
"""Epochs are trained in chunks of about this long between progress updates."""


class Progress:
    """Training progress on stderr: one line redrawn in place on a terminal, a plain line
    every LOG_SECONDS otherwise (a log file or a pipe gets a few lines, not thousands)."""

    LIVE_SECONDS = 0.1
    LOG_SECONDS = 5.0

    def __init__(
        self, stream: TextIO, total: int, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.stream, self.total, self.clock = stream, total, clock
        self.live = stream.isatty()
        self.start = self.shown = clock()
        self.written = False

    def due(self) -> bool:
        """Time for another line."""
        return self.clock() - self.shown >= (self.LIVE_SECONDS if self.live else self.LOG_SECONDS)

    def show(self, epoch: int, loss: float) -> None:
        now = self.shown = self.clock()
        speed = epoch / max(now - self.start, 1e-9)
        line = f"training: epoch {epoch}/{self.total}  loss {fmt(loss)}  {speed:,.0f} epochs/s"
        self.stream.write(f"\r{line} " if self.live else f"{line}\n")
        self.stream.flush()
        self.written = True

    def close(self) -> None:
        if self.live and self.written:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()


def train(settings: DeadSettings, data: Dataset, progress: Progress) -> TrainReport:
    """Train `settings` for its epochs in chunks of about CHUNK_SECONDS, showing progress."""
    trainer = settings.trainer(data)
    chunk, remaining = 1, settings.epochs
    while remaining > 0 and not trainer.diverged:
        start = time.perf_counter()
        trainer.advance(min(chunk, remaining))
        took = time.perf_counter() - start
        remaining = settings.epochs - trainer.epoch
        if progress.due():
            progress.show(trainer.epoch, trainer.report().loss)
        chunk = max(1, int(chunk * CHUNK_SECONDS / took)) if took > 0 else 2 * chunk
    progress.close()
    return trainer.report(done=True)


def _held_out(report: TrainReport, settings: DeadSettings) -> str:
    """The held-out line: test loss, accuracies, and the weights' size and penalty."""
    parts = []
    if report.test_loss is not None:
        parts.append(f"test loss: {fmt(report.test_loss)}")
    if report.accuracy is not None:
        test = "" if report.test_accuracy is None else f", test {100 * report.test_accuracy:.0f}%"
        parts.append(f"accuracy: {100 * report.accuracy:.0f}%{test}")
    size = sum(float((w * w).sum()) for w in report.network.weights)
    penalty = settings.penalty
    parts.append(
        f"sum w^2: {fmt(size)}"
        + (f" (L1 {fmt(penalty.l1)}, L2 {fmt(penalty.l2)})" if penalty.active else "")
    )
    return "    ".join(parts)


def train_counting(
    settings: DeadSettings, data: Dataset, progress: Progress, points: int = 20
) -> tuple[TrainReport, tuple[int, ...], tuple[int, ...]]:
    """Train as `train` does, counting the exact linear regions at `points` epochs along
    the way (the Regions view's count-against-epochs plot)."""
    trainer = settings.trainer(data)
    marks = sorted({round(settings.epochs * k / points) for k in range(points + 1)})
    epochs: list[int] = []
    counts: list[int] = []
    for mark in marks:
        if mark > trainer.epoch and not trainer.diverged:
            trainer.advance(mark - trainer.epoch)
            if progress.due():
                progress.show(trainer.epoch, trainer.report().loss)
        if trainer.diverged:
            break
        count = read_regions(trainer.report().network, data).count
        if count is not None:
            epochs.append(trainer.epoch)
            counts.append(count)
    progress.close()
    return trainer.report(done=True), tuple(epochs), tuple(counts)


def render(args: LaunchOptions) -> str:
    """Train headless and describe the result as text (with --view maps or regions: that
    view of the trained network)."""
    settings = settings_from({k: v for k, v in args.settings.items() if k != VIEW})
    given = args.settings.get(VIEW)
    view = None if given is None else str(given)
    if view is not None and view not in VIEWS:
        raise InputError(f"--view: '{view}' is not one of: {', '.join(VIEWS)}")
    data = settings.dataset()
    if view == "regions":
        report, epochs, counts = train_counting(
            settings, data, Progress(sys.stderr, settings.epochs)
        )
        return _insight_text(args, settings, data, report, "regions", (epochs, counts))
    report = train(settings, data, Progress(sys.stderr, settings.epochs))
    if view == "weights":
        text = (
            f"Dead neurons, {_TITLES[view]}: {settings.summary()} on {data.label}, seed "
            f"{settings.seed}, after {report.epoch} epochs (loss {fmt(report.loss)})\n\n"
            + weights_text(report.network, args.width or 100, ascii_only=bool(args.ascii))
        )
        return text.replace("×", "x") if args.ascii else text
    if view == "maps":
        return _insight_text(args, settings, data, report, "maps", ((), ()))
    width = args.width or 100
    height = args.height or 20
    ascii_only = bool(args.ascii)
    split = settings.split(data)
    stats = layer_stats(report.network, split.train.x)
    lines = [
        f"Dead neurons: {settings.summary()} on {data.label} ({len(data.x)} samples, "
        f"{split.test_index.size} held out), batch {settings.batch_size}, seed {settings.seed}",
        "A unit is dead when its pre-activation z <= 0 for every sample: output 0, gradient 0.",
        "",
        f"epochs trained: {report.epoch} of {settings.epochs}    loss: {fmt(report.loss)}    "
        f"dead overall: {100 * final_dead_fraction(report):.1f}% "
        f"('ReLU Explained': {figures.ARTICLE_DEAD} of neurons can die in practice)",
        _held_out(report, settings),
    ]
    if report.diverged:
        lines.append(report.message)
    lines.append("")
    lines.append("dead fraction per layer:")
    for layer, st in enumerate(stats):
        lines.append(
            f"  layer {layer + 1}: {int(st.dead.sum())}/{st.dead.size} dead "
            f"({100 * st.dead_fraction:.1f}%)"
        )
    lines += [
        "",
        "units:",
        figures.plain(figures.unit_grid(stats, width, ascii_only=ascii_only)),
        "",
    ]
    if data.n_in == 2:
        lines.append("decision regions:" if data.task == "classification" else "output:")
        rows = max(8, height)  # a terminal cell is about twice as tall as wide
        lines.append(
            figures.plain(
                output_map(
                    data,
                    report.network,
                    min(width, 2 * rows),
                    rows,
                    ascii_only=ascii_only,
                    test=split.test_index,
                    show_test=settings.show_test,
                    discretize=settings.discretize,
                )
            )
        )
    else:
        lines.append(
            plot_text(
                figures.regression_figure(data, report.network),
                width,
                height,
                ascii_only=ascii_only,
                color=args.color,
            )
        )
    path = args.export
    if path:
        model = ExportModel("model", report.network)
        written = write_script(
            path,
            torch_script([model], sample_inputs(data), title=f"Dead neurons: {settings.summary()}"),
            replace=args.force,
        )
        lines += [
            "",
            f"Wrote {written}: this network as torch.nn.Sequential; run it with: python {written}",
        ]
    text = "\n".join(lines)
    return text.replace("×", "x").replace("²", "^2") if ascii_only else text


def _insight_text(
    args: LaunchOptions,
    settings: DeadSettings,
    data: Dataset,
    report: TrainReport,
    view: str,
    history: tuple[tuple[int, ...], tuple[int, ...]],
) -> str:
    """The Unit maps or the Linear regions view of the trained network, as text."""
    width = args.width or 100
    height = args.height or 20
    ascii_only = bool(args.ascii)
    network = report.network
    lines = [
        f"Dead neurons, {_TITLES[view]}: {settings.summary()} on {data.label}, "
        f"seed {settings.seed}, after {report.epoch} epochs (loss {fmt(report.loss)})",
        "",
    ]
    if view == "maps":
        stats = layer_stats(network, settings.split(data).train.x)
        window = window_of(data.domain) if len(data.domain) >= 2 else (0.0, 1.0, 0.0, 1.0)
        lines.append(MAPS_HELP)
        for layer, st in enumerate(stats):
            units = st.dead.size
            map_width = min(width, 98)
            rows = 20
            while map_layout(map_width, rows).shown < units:  # every unit on one page
                rows += 1
            lines += ["", f"layer {layer + 1}:"]
            lines.append(
                figures.plain(
                    unit_maps(
                        network,
                        window,
                        layer,
                        0,
                        map_width,
                        rows,
                        dead=st.dead,
                        ascii_only=ascii_only,
                    )
                )
            )
    else:
        reading = read_regions(network, data, grid=PRINT_GRID)
        lines.append(
            figures.plain(
                region_rows(
                    reading, network, width, max(height, 12) + 4, ascii_only=ascii_only, keys=False
                )
            )
        )
        lines += [
            "",
            plot_text(
                count_figure(*history),
                width,
                max(8, height // 2),
                ascii_only=ascii_only,
                color=args.color,
            ),
            "",
            regions_help(),
        ]
    text = "\n".join(lines)
    return text.replace("×", "x").replace("²", "^2") if ascii_only else text
