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
relu-tui keeps the start screen's first frame in its cache folder (`ui/first_frame.py`):
here a folder of this run's own, filled by the warm-up run as by any earlier launch alike
(`--cache warm`), or none at all (`--cache off`, a first launch).

    python benchmarks/bench_tmux.py [--runs 10] [--screen activations] CHECKOUT [CHECKOUT ...]

e.g. `python benchmarks/bench_tmux.py --runs 10 . ../perf-base` (this checkout and a
baseline one side by side).

With `--keys`, the time from a key to the pane showing its change instead: each checkout's
screen is started once per size (`--size 120x40`, repeatable; 120x40 and 80x24 by default),
and keys that change what it shows (`KEYS`: nudging each setting up and back, moving to the
next) are sent one at a time with
`tmux send-keys`; after each, `tmux capture-pane -e` (characters and colours) is polled
every few ms until the pane differs from before the key. The checkouts take turns key by
key, so machine noise hits all alike. Prints the median and 90th percentile per screen and
size (goal: median <= 15 ms), and each checkout's median as a ratio to the first one's.
Polling costs a subprocess (~2 ms), which every checkout pays alike.

    python benchmarks/bench_tmux.py --keys [--presses 24] [--screen dosage] CHECKOUT ...
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


KEYS: dict[str, tuple[str, ...]] = {
    "activations": ("]", "g", "[", "g"),
    "dosage": ("Right", "Left", "Down"),
    "puzzle": ("Right", "Left", "Down"),
    "dead": ("Right", "Left", "Down"),
    "approx": ("Right", "Left", "Down"),
}
"""Per screen, keys that change the pane, in turn (tmux key names); `PREPARE_KEYS` first."""

PREPARE_KEYS: dict[str, tuple[str, ...]] = {"dead": ("v",)}
"""Dead neurons: its settings panel in front (as bench_bytes), not training."""


def _capture(session: str) -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-e", "-p", "-t", session], capture_output=True, text=True
    )
    return done.stdout


def _settled(session: str, quiet: float = 0.3, timeout: float = 10.0) -> str:
    """The pane once it has not changed for `quiet` seconds."""
    start = last_change = time.perf_counter()
    pane = _capture(session)
    while time.perf_counter() - start < timeout:
        time.sleep(0.02)
        now = _capture(session)
        if now != pane:
            pane, last_change = now, time.perf_counter()
        elif time.perf_counter() - last_change >= quiet:
            break
    return pane


def _key_times(
    commands: dict[str, tuple[str, str]],
    env: dict[str, str],
    size: tuple[int, int],
    screen: str,
    presses: int,
) -> dict[str, list[float]]:
    """Seconds from each key to the pane changing, per checkout, keys sent in turn."""
    tag = f"{screen}-{size[0]}x{size[1]}"
    sessions = {name: f"{SESSION}-{tag}-{index}" for index, name in enumerate(commands)}
    times: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for name, (command, ready) in commands.items():
            session = sessions[name]
            new = ["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y"]
            for attempt in range(5):  # the last session's end may still be stopping the server
                if subprocess.run(new + [str(size[1]), command], env=env).returncode == 0:
                    break
                if attempt == 4:
                    raise RuntimeError(f"tmux could not start {name}")
                time.sleep(0.3)
            start = time.perf_counter()
            while not READY[ready](_capture(session)):
                if time.perf_counter() - start > 30:
                    raise RuntimeError(f"{name} showed no content:\n{_capture(session)}")
                time.sleep(0.02)
            for key in PREPARE_KEYS.get(screen, ()):
                subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
            _settled(session)
        keys = KEYS[screen]
        for index in range(presses):
            key = keys[index % len(keys)]
            for name in commands:
                session = sessions[name]
                before = _settled(session, quiet=0.15)
                start = time.perf_counter()
                subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
                while time.perf_counter() - start < 5.0:
                    if _capture(session) != before:
                        times[name].append(time.perf_counter() - start)
                        break
                    time.sleep(0.002)
    finally:
        for session in sessions.values():
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return times


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _main_keys(args: argparse.Namespace, folder: str, env: dict[str, str]) -> None:
    commands: dict[str, tuple[str, str]] = {}
    for index, checkout in enumerate(args.checkouts):
        target = Path(folder) / f"site-{index}"
        _install(checkout.resolve(), target)
        commands[f"relu-tui {checkout}"] = (f"PYTHONPATH={target} {sys.executable} -m relu_tui", "")
    screens = args.screen_list or list(KEYS)
    print(
        f"tmux: key -> pane changed, ms (median / p90 of {args.presses} presses; goal median <= 15)"
    )
    for text in args.size or ["120x40", "80x24"]:
        width, height = (int(part) for part in text.split("x"))
        print(f"{width}x{height}")
        for screen in screens:
            runs = {
                name: (f"cd {folder} && {command} {screen}", screen)
                for name, (command, _) in commands.items()
            }
            times = _key_times(runs, env, (width, height), screen, args.presses)
            first = None
            parts = []
            for name, samples in times.items():
                if not samples:
                    parts.append(f"{name}: no change seen")
                    continue
                median = statistics.median(samples)
                first = median if first is None else first
                ratio = "" if median is first else f" = {100 * median / first:.0f}% of the first"
                parts.append(
                    f"{name}: {1000 * median:4.0f} / {1000 * _percentile(samples, 0.9):4.0f}{ratio}"
                )
            print(f"  {screen:<12} " + "  |  ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--screen", default=None, help="start-up: activations; keys: all")
    parser.add_argument("--keys", action="store_true", help="time keys, not start-up")
    parser.add_argument("--presses", type=int, default=24)
    parser.add_argument("--size", action="append", help="keys: WxH, repeatable (120x40, 80x24)")
    parser.add_argument(
        "--cache",
        choices=("warm", "off"),
        default="warm",
        help="start-up: the first-frame cache filled by the warm-up run (warm), or a cache "
        "folder that cannot exist (off: a first launch, less its ~2 ms write)",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    if args.keys:
        args.screen_list = [args.screen] if args.screen else []
        with tempfile.TemporaryDirectory(prefix="bench-tmux-") as folder:
            env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            _main_keys(args, folder, env)
        return
    args.screen = args.screen or "activations"
    with tempfile.TemporaryDirectory(prefix="bench-tmux-") as folder:
        env = dict(os.environ, TERM="xterm-256color")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_file = Path(folder) / "bare.py"
        bare_file.write_text(BARE)
        commands = {"bare Textual label app": (f"{sys.executable} {bare_file}", "bare")}

        def cache_home(index: int) -> str:
            return f"{folder}/cache-{index}" if args.cache == "warm" else "/dev/null/no-cache"

        for index, checkout in enumerate(args.checkouts):
            target = Path(folder) / f"site-{index}"
            _install(checkout.resolve(), target)
            # The installed copy first on the path (not this checkout's, nor an editable one).
            commands[f"relu-tui {checkout}"] = (
                # The first-frame cache in a folder of this run (the warm-up run fills it, as
                # any earlier launch would); set in the command, since a running tmux server
                # starts sessions with its own environment, not this process's.
                f"cd {folder} && XDG_CACHE_HOME={cache_home(index)} PYTHONPATH={target} "
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
    print(
        f"tmux 120x40 to real content, median of {args.runs} (screen: {args.screen}, "
        f"first-frame cache: {args.cache}, load {os.getloadavg()[0]:.1f})"
    )
    for name, samples in times.items():
        took = statistics.median(samples)
        ratio = "" if took == bare else f"  = {100 * took / bare:.0f}% of bare (goal <= 150%)"
        print(f"  {name:<40}: {1000 * took:5.0f} ms{ratio}")


if __name__ == "__main__":
    main()
