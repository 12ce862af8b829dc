"""Redraw cost of the Unit maps and Linear regions views at 120x40 while a run trains.

While the Dead neurons screen trains, every report (about 5 a second) brings a new network,
and the view in front is rebuilt from it: the Maps view's rows (every small map and the large
one with its zero line), the Regions view's exact partition (no cache can help: the network
is new), its boundary map, its sentences and the count-against-epochs plot drawn by plotext.
This benchmark trains the screen's default run (two spirals, 3 x 16 ReLU, Adam) and, at each
of `--reports` points along it, times those builds at the widget sizes the 120x40 layout
gives them; the baseline is the Units view's build (unit grid and histogram) on the same
networks, side by side. The screen cuts a new network's regions on a worker thread (timed
apart, "regions cut"); the redraw on the UI thread draws the map, sentences and plot from it.
Goal: the Maps and Regions redraws within 50 ms (median; the worst printed beside it).

    python benchmarks/bench_insight.py [--reports 30] [--epochs 500] [--width 16 --depth 3]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app sets it (ui/startup.py)

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from relu_tui.lessons.dead import figures  # noqa: E402
from relu_tui.lessons.dead.dying import DeadSettings, layer_stats  # noqa: E402
from relu_tui.lessons.dead.maps import unit_maps, window_of  # noqa: E402
from relu_tui.lessons.dead.regions_view import count_figure, read_regions, region_rows  # noqa: E402
from relu_tui.nn.network import Network  # noqa: E402
from relu_tui.plotting.render import plot_text  # noqa: E402

VIEW_W, VIEW_H = 84, 37
"""The view's content area at 120x40: 120 - 34 (settings) - 2 (padding) wide; 40 - header,
footer and the view bar tall."""
PLOT_H = 9
"""The Regions view's count plot (dead.tcss)."""
GOAL_MS = 50.0


def _ms(start: float) -> float:
    return 1000 * (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--depth", type=int, default=3)
    args = parser.parse_args()
    settings = DeadSettings().with_values(width=args.width, depth=args.depth)
    data = settings.dataset()
    window = window_of(data.domain)
    trainer = settings.trainer(data)
    step = max(1, args.epochs // args.reports)
    times: dict[str, list[float]] = {
        "units (baseline)": [],
        "maps": [],
        "regions redraw": [],
        "regions cut (worker)": [],
    }
    counts: list[int] = []
    epochs: list[int] = []
    for _ in range(args.reports):
        trainer.advance(step)
        report = trainer.report()
        network: Network = report.network
        stats = layer_stats(network, data.x)
        start = time.perf_counter()
        figures.unit_grid(stats, VIEW_W, ascii_only=False, selected=0)
        histogram = figures.histogram_figure(stats[0], 0)
        plot_text(histogram, VIEW_W, VIEW_H - 6, ascii_only=False, color=True)
        times["units (baseline)"].append(_ms(start))
        start = time.perf_counter()
        unit_maps(network, window, 0, 0, VIEW_W, VIEW_H, dead=stats[0].dead, ascii_only=False)
        times["maps"].append(_ms(start))
        start = time.perf_counter()
        reading = read_regions(network, data)  # the screen does this on a worker thread
        times["regions cut (worker)"].append(_ms(start))
        start = time.perf_counter()
        region_rows(reading, network, VIEW_W, VIEW_H - PLOT_H, ascii_only=False, upto=0)
        if reading.count is not None:
            epochs.append(report.epoch)
            counts.append(reading.count)
        figure = count_figure(tuple(epochs), tuple(counts))
        plot_text(figure, VIEW_W, PLOT_H, ascii_only=False, color=True)
        times["regions redraw"].append(_ms(start))
    last = counts[-1] if counts else "-"
    print(
        f"Dead neurons at 120x40, {settings.summary()} on {data.label}, "
        f"{args.reports} reports over {trainer.epoch} epochs; last count {last}"
    )
    base = statistics.median(times["units (baseline)"])
    for name, samples in times.items():
        median, worst = statistics.median(samples), max(samples)
        verdict = ""
        if name in ("maps", "regions redraw"):
            verdict = "  ok" if median <= GOAL_MS else "  OVER 50 ms"
        print(
            f"  {name:<21} median {median:6.1f} ms  worst {worst:6.1f} ms  "
            f"{100 * median / base:5.0f}% of baseline{verdict}"
        )


if __name__ == "__main__":
    main()
