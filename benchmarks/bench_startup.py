"""Cold start: relu-tui to its first painted frame, against a bare Textual app showing one label.

Each run is a fresh interpreter (`python -c ...`) that builds the app and runs it headless.
The moment Textual hands its first rendered frame to the display (`App._display`, called
after every compositor update, headless or not), the child prints the wall-clock time and
exits; the parent subtracts the time it launched the child. So both kinds of run stop at
the same point, the first frame, not after the app's mount event plus another refresh
(relu-tui's app mounts after its first frame, the bare app's before, so that end point
counted a different amount of later work for each) and not after tearing the app down.
The child also counts the braille plot cells in that first frame: the end point is a
frame that shows the screen's plot (said per checkout), not a skeleton.

relu-tui is built as the command line builds it: with its first-frame cache
(`relu_tui.ui.first_frame`) in a folder of this run's own. `--cache warm` (the default):
the warm-up run fills it, as any earlier launch with the same settings and terminal size
would; `--cache cold`: an empty folder every run (a first launch ever, which also writes the
cache); `--cache off`: no cache at all.

The kinds of run alternate so machine noise hits all alike. All import a checkout's
relu_tui (the children run in its root) with bytecode caches, as an installed package has
them: a first warm-up run writes relu_tui's `__pycache__` even when
PYTHONDONTWRITEBYTECODE is set (it was, in the sandbox this was written in, where every
run otherwise compiled relu_tui's sources again, ~40 ms). `--no-bytecode` keeps that
setting, to see the cost of a run from sources. `--baseline DIR` runs another checkout side
by side (e.g. the previous release). Prints medians in ms and the ratio in percent to the
bare app (goal: <= 150%, moonshot 130%).

    python benchmarks/bench_startup.py [--runs 15] [--screen activations] [--cache warm]
        [--baseline ../other-checkout] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The first frame: the first update Textual renders for a screen (the same hook for both
# apps; `_display` returns without writing when headless, after the frame is rendered).
# The app's own `_display` runs first (relu-tui records its first frame there).
FIRST_FRAME = """
import os, time
def _display(self, screen, renderable):
    super(type(self), self)._display(screen, renderable)
    if renderable is not None:
        from textual._compositor import LayoutUpdate
        dots = 0
        if isinstance(renderable, LayoutUpdate):
            dots = sum(
                "\u2800" < char <= "\u28ff"
                for line in renderable.strips
                for strip in line
                for text, _, _ in strip
                for char in text
            )
        print(time.time(), dots, flush=True)
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
from pathlib import Path
from relu_tui.ui.app import ReluApp
class Timed(ReluApp):
    _display = _display
options = {{}}
if {cache!r} and "frame_cache" in ReluApp.__init__.__code__.co_varnames:
    options["frame_cache"] = Path({cache!r})
Timed(start={screen!r}, **options).run(headless=True, size=(120, 40))
"""
)


def _once(code: str, env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Seconds to the first frame, and the braille plot cells it showed."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=cwd, env=env
    )
    stamp, dots = done.stdout.split()[-2:]
    return float(stamp) - start, int(dots)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--screen", default="activations")
    parser.add_argument("--cache", choices=("warm", "cold", "off"), default="warm")
    parser.add_argument("--baseline", type=Path, action="append", default=[])
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
    checkouts = [ROOT, *(path.resolve() for path in args.baseline)]
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:

        def relu_code(index: int, run: int) -> str:
            cache = ""
            if args.cache == "warm":
                cache = f"{folder}/cache-{index}"
            elif args.cache == "cold":
                cache = f"{folder}/cold-{index}-{run}"
            return RELU.format(screen=args.screen, cache=cache)

        def relu_env(checkout: Path) -> dict[str, str]:
            return dict(env, PYTHONPATH=str(checkout))  # this checkout's relu_tui, not another

        names = ["bare Textual app"] + [f"relu-tui {path}" for path in checkouts]
        _once(BARE, env, ROOT)  # warm the OS file cache (and bytecode, and a warm cache)
        for index, checkout in enumerate(checkouts):
            _once(relu_code(index, -1), relu_env(checkout), checkout)
        times: dict[str, list[float]] = {name: [] for name in names}
        plots: dict[str, int] = dict.fromkeys(names, 0)
        for run in range(args.runs):
            took, _ = _once(BARE, env, ROOT)
            times[names[0]].append(took)
            for index, checkout in enumerate(checkouts):
                took, dots = _once(relu_code(index, run), relu_env(checkout), checkout)
                times[names[index + 1]].append(took)
                plots[names[index + 1]] += dots > 0
    bare = statistics.median(times[names[0]])
    load = os.getloadavg()[0]
    print(
        f"cold start to first frame, median of {args.runs} (screen: {args.screen}, "
        f"first-frame cache: {args.cache}, load {load:.1f})"
    )
    for name in names:
        took = statistics.median(times[name])
        line = f"  {name:<40}: {1000 * took:5.0f} ms"
        if name != names[0]:
            line += f"  = {100 * took / bare:.0f}% of bare (goal <= 150%)"
            line += f"; plot in the first frame: {plots[name]}/{args.runs}"
        print(line)


if __name__ == "__main__":
    main()
