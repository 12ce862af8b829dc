"""Cold start: relu-tui to its first painted frame, against a bare Textual app showing one label.

Each run is a fresh interpreter (`python -c ...`) that builds the app and runs it headless.
The moment Textual hands its first rendered frame to the display (`App._display`, called
after every compositor update, headless or not), the child prints the wall-clock time and
exits; the parent subtracts the time it launched the child. So both kinds of run stop at
the same point, the first frame, not after the app's mount event plus another refresh
(relu-tui's app mounts after its first frame, the bare app's before, so that end point
counted a different amount of later work for each) and not after tearing the app down.

The two kinds of run alternate so machine noise hits both alike. Both import this
checkout's relu_tui (the children run in the repository root) with bytecode caches, as an
installed package has them: a first warm-up run writes relu_tui's `__pycache__` even when
PYTHONDONTWRITEBYTECODE is set (it was, in the sandbox this was written in, where every
run otherwise compiled relu_tui's sources again, ~40 ms). `--no-bytecode` keeps that
setting, to see the cost of a run from sources. Prints medians in ms and the ratio in
percent (goal: <= 130%).

    python benchmarks/bench_startup.py [--runs 15] [--screen activations] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The first frame: the first update Textual renders for a screen (the same hook for both
# apps; `_display` returns without writing when headless, after the frame is rendered).
FIRST_FRAME = """
import os, time
def _display(self, screen, renderable):
    if renderable is not None:
        print(time.time(), flush=True)
        os._exit(0)
"""

BARE = (
    FIRST_FRAME
    + """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    _display = _display
    def compose(self):
        yield Label("relu")
Bare().run(headless=True, size=(120, 40))
"""
)

RELU = (
    FIRST_FRAME
    + """
from relu_tui.ui.app import ReluApp
class Timed(ReluApp):
    _display = _display
Timed(start={screen!r}).run(headless=True, size=(120, 40))
"""
)


def _once(code: str, env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT, env=env
    )
    return float(done.stdout.split()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--screen", default="activations")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE (relu_tui compiled on every run)",
    )
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    relu_code = RELU.format(screen=args.screen)
    _once(BARE, env), _once(relu_code, env)  # warm the OS file cache (and bytecode) for both
    bare, relu = [], []
    for _ in range(args.runs):
        bare.append(_once(BARE, env))
        relu.append(_once(relu_code, env))
    b, r = statistics.median(bare), statistics.median(relu)
    print(f"cold start to first frame, median of {args.runs} (screen: {args.screen})")
    print(f"  bare Textual app : {round(b * 1000)} ms")
    print(f"  relu-tui         : {round(r * 1000)} ms")
    print(f"  ratio            : {round(100 * r / b)}%  (goal <= 130%)")


if __name__ == "__main__":
    main()
