"""Build time of the Train view's output map, against the same map in a baseline checkout.

The Train view rebuilds its output map from every new network while a run trains (at most
every 0.4 s) and on every resize. This times the rows the map widget draws, at the widget
sizes of 80x24 (46 x 18) and 120x40 (86 x 19), for the default run's network (two spirals,
3 x 16 ReLU, Adam) after 300 epochs: continuous, discretized, with the held-out samples.
With `--baseline PATH` the same network is drawn by PATH's map (its `decision_map` or
`output_map`) in a subprocess, side by side, and the ratio is printed.

    python benchmarks/bench_output_map.py [--baseline /path/to/checkout] [--repeats 200]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app sets it (ui/startup.py)

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

SIZES = ((46, 18), (86, 19))
"""The map widget's (width, height) at 80x24 and 120x40."""


def measure(repeats: int) -> dict[str, float]:
    """The fastest ms per map build, by case, with the checkout on sys.path (the least
    disturbed by other processes on a shared machine; the median is printed beside it)."""
    from relu_tui.lessons.dead.dying import DeadSettings

    settings = DeadSettings()
    data = settings.dataset()
    trainer = settings.trainer(data)
    trainer.advance(300)
    network = trainer.report().network
    test = settings.split(data).test_index
    try:
        from relu_tui.lessons.dead.output_map import output_map

        cases = {
            "continuous": lambda w, h: output_map(data, network, w, h, ascii_only=False, test=test),
            "discretized": lambda w, h: output_map(
                data, network, w, h, ascii_only=False, test=test, discretize=True
            ),
            "with test shown": lambda w, h: output_map(
                data, network, w, h, ascii_only=False, test=test, show_test=True
            ),
        }
    except ImportError:  # a checkout before the continuous map: its three-level map
        from relu_tui.lessons.dead.figures import decision_map

        old = lambda w, h: decision_map(data, network, w, h, ascii_only=False, test=test)  # noqa: E731
        cases = {"continuous": old, "discretized": old, "with test shown": old}
    medians = {}
    for name, build in cases.items():
        for width, height in SIZES:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                build(width, height)
                times.append(1000 * (time.perf_counter() - start))
            medians[f"{name} {width}x{height}"] = min(times)
            medians[f"{name} {width}x{height} median"] = statistics.median(times)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a checkout to compare with")
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    mine = measure(args.repeats)
    if args.json:
        print(json.dumps(mine))
        return
    base: dict[str, float] = {}
    if args.baseline:
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--repeats", str(args.repeats)],
            env={**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())},
            capture_output=True,
            text=True,
            check=True,
        )
        base = json.loads(out.stdout.strip().splitlines()[-1])
    for case, ms in mine.items():
        line = f"{case:<33}{ms:7.2f} ms"
        if case in base:
            line += f"   baseline {base[case]:6.2f} ms   {100 * ms / base[case]:5.0f}%"
        print(line)


if __name__ == "__main__":
    main()
