"""Cold start: relu-tui to its first painted frame, against a bare Textual app showing one label.

Each run is a fresh interpreter (`python -c ...`) that builds the app, runs it headless and
exits right after the first refresh; the two kinds of run alternate so machine noise hits
both alike. Prints medians in ms and the ratio in percent (goal: ≤ 130%).

    python benchmarks/bench_startup.py [--runs 15] [--screen activations]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BARE = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("relu")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True, size=(120, 40))
"""

RELU = """
from relu_tui.ui.app import ReluApp
class Timed(ReluApp):
    def on_mount(self):
        self.call_after_refresh(self.exit)
Timed(start={screen!r}).run(headless=True, size=(120, 40))
"""


def _once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--screen", default="activations")
    args = parser.parse_args()
    relu_code = RELU.format(screen=args.screen)
    _once(BARE), _once(relu_code)  # warm the OS file cache for both
    bare, relu = [], []
    for _ in range(args.runs):
        bare.append(_once(BARE))
        relu.append(_once(relu_code))
    b, r = statistics.median(bare), statistics.median(relu)
    print(f"cold start to first frame, median of {args.runs} (screen: {args.screen})")
    print(f"  bare Textual app : {round(b * 1000)} ms")
    print(f"  relu-tui         : {round(r * 1000)} ms")
    print(f"  ratio            : {round(100 * r / b)}%  (goal <= 130%)")


if __name__ == "__main__":
    main()
