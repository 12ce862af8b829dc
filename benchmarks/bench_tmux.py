"""Start-up as a person sees it: relu-tui in a real terminal (tmux, 120x40) until its screen
shows real content, against a bare Textual app showing one label.

Each checkout given is installed the regular way (`pip install --no-deps --target DIR`,
bytecode compiled, not editable) into a temporary folder, and run from there with this
interpreter's Textual, NumPy and plotext. A run starts `python -m relu_tui SCREEN` in a
new detached tmux session and polls `tmux capture-pane` every few ms until the pane shows
the screen's drawn content (for the default Activations screen: braille plot dots and
the footer's quit key), then kills the session. The bare app counts until its label shows.
Runs alternate (bare, then each checkout) so machine noise hits all alike. Prints medians
in ms and each checkout's ratio to the bare app (goal: <= 150%, moonshot 130%).

    python benchmarks/bench_tmux.py [--runs 10] [--screen activations] CHECKOUT [CHECKOUT ...]

e.g. `python benchmarks/bench_tmux.py --runs 10 . ../perf-base` (this checkout and a
baseline one side by side).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("relu bare label")
Bare().run()
"""

READY = {
    "bare": lambda pane: "relu bare label" in pane,
    "activations": lambda pane: any("\u2800" < c <= "\u28ff" for c in pane) and "Quit" in pane,
    "dosage": lambda pane: any("\u2800" < c <= "\u28ff" for c in pane) and "Quit" in pane,
    "puzzle": lambda pane: any("\u2800" < c <= "\u28ff" for c in pane) and "Quit" in pane,
    "approx": lambda pane: any("\u2800" < c <= "\u28ff" for c in pane) and "Quit" in pane,
    "dead": lambda pane: "DEAD" in pane and "Quit" in pane,
}
"""When a pane shows real content: plot dots drawn (not a skeleton), the footer there."""

SESSION = f"bench-tmux-{os.getpid()}"


def _install(checkout: Path, into: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(into)]
        + [str(checkout)],
        check=True,
        capture_output=True,
    )


def _pane() -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
    )
    return done.stdout


def _once(command: str, ready: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from starting `command` in tmux to the pane showing real content."""
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command],
        check=True,
        env=env,
    )
    try:
        while time.perf_counter() - start < timeout:
            if READY[ready](_pane()):
                return time.perf_counter() - start
            time.sleep(0.003)
        raise RuntimeError(f"{command!r} showed no content in {timeout} s:\n{_pane()}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--screen", default="activations")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    with tempfile.TemporaryDirectory(prefix="bench-tmux-") as folder:
        env = dict(os.environ, TERM="xterm-256color")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_file = Path(folder) / "bare.py"
        bare_file.write_text(BARE)
        commands = {"bare Textual label app": (f"{sys.executable} {bare_file}", "bare")}
        for index, checkout in enumerate(args.checkouts):
            target = Path(folder) / f"site-{index}"
            _install(checkout.resolve(), target)
            # The installed copy first on the path (not this checkout's, nor an editable one).
            commands[f"relu-tui {checkout}"] = (
                # The first-frame cache in a folder of this run (the warm-up run fills it, as
                # any earlier launch would); set in the command, since a running tmux server
                # starts sessions with its own environment, not this process's.
                f"cd {folder} && XDG_CACHE_HOME={folder}/cache-{index} PYTHONPATH={target} "
                f"{sys.executable} -m relu_tui {args.screen}",
                args.screen,
            )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command, ready in commands.values():
            _once(command, ready, env)  # warm the file cache
        for _ in range(args.runs):
            for name, (command, ready) in commands.items():
                times[name].append(_once(command, ready, env))
    bare = statistics.median(times["bare Textual label app"])
    print(f"tmux 120x40 to real content, median of {args.runs} (screen: {args.screen})")
    for name, samples in times.items():
        took = statistics.median(samples)
        ratio = "" if took == bare else f"  = {100 * took / bare:.0f}% of bare (goal <= 150%)"
        print(f"  {name:<40}: {1000 * took:5.0f} ms{ratio}")


if __name__ == "__main__":
    main()
