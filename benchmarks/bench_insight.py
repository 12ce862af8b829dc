"""Redraw cost of the Unit maps and Linear regions views at 120x40 while a run trains.

While the Dead neurons screen trains, every report (about 5 a second) brings a new network,
and the view in front is rebuilt from it: the Maps view's rows (every small map and the large
one with its zero line), the Regions view's exact partition (no cache can help: the network
is new), its boundary map, its sentences and the count-against-epochs plot drawn by plotext.
This benchmark trains the screen's default run (two spirals, 3 x 16 ReLU, Adam) and, at each
of `--reports` points along it, times those builds at the widget sizes the 120x40 layout
gives them; the baseline is the Units view's build (unit grid and histogram) on the same
networks, side by side. Goal: every Maps and Regions redraw within 50 ms (the median, and the
worst printed beside it).

    python benchmarks/bench_insight.py [--reports 30] [--epochs 500] [--width 16 --depth 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from relu_tui.lessons.dead import figures
from relu_tui.lessons.dead.dying import DeadSettings, layer_stats
from relu_tui.lessons.dead.maps import unit_maps, window_of
from relu_tui.lessons.dead.regions_view import count_figure, read_regions, region_rows
from relu_tui.nn.network import Network
from relu_tui.plotting.render import plot_text

VIEW_W, VIEW_H = 84, 37
"""The view's content area at 120x40: 120 - 34 (settings) - 2 (padding) wide; 40 - header,
footer and the view bar tall."""
PLOT_H = 9
"""The Regions view's count plot (dead.tcss)."""
GOAL_MS = 50.0


def _time(build: Callable[[], object]) -> float:
    start = time.perf_counter()
    build()
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
    times: dict[str, list[float]] = {"units (baseline)": [], "maps": [], "regions": []}
    counts: list[int] = []
    epochs: list[int] = []
    for _ in range(args.reports):
        trainer.advance(step)
        report = trainer.report()
        network: Network = report.network
        stats = layer_stats(network, data.x)

        def units(stats: list = stats, network: Network = network) -> None:  # type: ignore[type-arg]
            figures.unit_grid(stats, VIEW_W, ascii_only=False, selected=0)
            plot_text(
                figures.histogram_figure(stats[0], 0),
                VIEW_W,
                VIEW_H - 6,
                ascii_only=False,
                color=True,
            )

        def maps(stats: list = stats, network: Network = network) -> None:  # type: ignore[type-arg]
            unit_maps(network, window, 0, 0, VIEW_W, VIEW_H, dead=stats[0].dead, ascii_only=False)

        def regions(network: Network = network) -> None:
            reading = read_regions(network, data)
            region_rows(reading, network, VIEW_W, VIEW_H - PLOT_H, ascii_only=False, upto=0)
            if reading.count is not None:
                epochs.append(report.epoch)
                counts.append(reading.count)
            plot_text(
                count_figure(tuple(epochs), tuple(counts)),
                VIEW_W,
                PLOT_H,
                ascii_only=False,
                color=True,
            )

        times["units (baseline)"].append(_time(units))
        times["maps"].append(_time(maps))
        times["regions"].append(_time(regions))
    print(
        f"Dead neurons at 120x40, {settings.summary()} on {data.label}, "
        f"{args.reports} reports over {trainer.epoch} epochs; last count {counts[-1] if counts else '-'}"
    )
    base = statistics.median(times["units (baseline)"])
    for name, samples in times.items():
        median, worst = statistics.median(samples), max(samples)
        verdict = (
            "" if name.startswith("units") else ("  ok" if median <= GOAL_MS else "  OVER 50 ms")
        )
        print(
            f"  {name:<17} median {median:6.1f} ms  worst {worst:6.1f} ms  "
            f"{100 * median / base:5.0f}% of baseline{verdict}"
        )


if __name__ == "__main__":
    main()
