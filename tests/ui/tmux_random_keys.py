"""Random keys against the real app in tmux (manual driver, not collected by pytest).

    PYTHONPATH=$PWD python tests/ui/tmux_random_keys.py --seeds 0-4 --size 80x24

Each seed opens `python -m relu_tui SCREEN` in a detached tmux session, sends bursts of keys
(the same kinds as tests/ui/test_random_keys.py) with `tmux send-keys`, resizes the window
now and then, and after every burst checks that the pane is alive and shows no traceback. At
the end it sends escapes and `q` and checks the app exits within 2 s. A failing seed prints
its key sequence and the last screen.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The checkout whose code runs (tmux sessions do not inherit this shell's PYTHONPATH)."""
SCREENS = ["activations", "dosage", "puzzle", "dead", "approx"]
MOVES = [
    "Up",
    "Down",
    "Left",
    "Right",
    "S-Up",
    "S-Down",
    "S-Left",
    "S-Right",
    "PPage",
    "NPage",
    "Home",
    "End",
    "Tab",
    "BTab",
    "Enter",
    "Escape",
    "Space",
    "BSpace",
    "DC",
]
LETTERS = list("abcdefghijklmnoprstuvwxyz[]?+-.,AT") + ["F1"]
JUNK = [
    "1e309",
    "-0",
    "nan",
    "inf",
    "[/]",
    "[@click=app.bell]x[/]",
    "1e-310*x",
    "x**x**x",
    "((((",
    "0.1",
    "-4",
    "999999999999",
    "sin(x)",
    ",,,",
    "[b]",
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def exited(session: str) -> int | None:
    """The app's exit status once its pane is dead, else None."""
    dead, _, status = (
        tmux("display-message", "-p", "-t", session, "#{pane_dead} #{pane_dead_status}")
        .strip()
        .partition(" ")
    )
    return int(status or 0) if dead == "1" else None


def bursts(seed: int, count: int) -> list[list[tuple[str, str]]]:
    """(kind, value) steps: ('key', tmux key), ('text', literal), ('size', 'WxH')."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        burst: list[tuple[str, str]] = []
        for _ in range(rng.randint(3, 25)):
            roll = rng.random()
            if roll < 0.12:
                burst.append(("key", str(rng.randint(1, 5))))
            elif roll < 0.50:
                burst.append(("key", rng.choice(MOVES)))
            elif roll < 0.80:
                burst.append(("key", rng.choice(LETTERS)))
            elif roll < 0.84:
                burst.append(("key", "C-p"))
            elif roll < 0.94:
                burst.append(("text", rng.choice(JUNK)))
            else:
                burst.append(("size", f"{rng.randint(20, 200)}x{rng.randint(5, 60)}"))
        out.append(burst)
    return out


KEEP = False
"""--keep: leave a failed seed's tmux session open for a look."""


def run_seed(seed: int, size: str, count: int, python: str) -> bool:
    session = f"robust-keys-{seed}"
    width, height = size.split("x")
    screen = SCREENS[seed % len(SCREENS)]
    tmux("kill-session", "-t", session)
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        width,
        "-y",
        height,
        f"env PYTHONPATH={shlex.quote(str(ROOT))} {python} "
        f"{os.environ.get('RELU_TUI_TMUX_RUN', '-m relu_tui')} {screen}",
        ";",
        "set-option",
        "-t",
        session,
        "remain-on-exit",
        "on",
    )
    time.sleep(2.0)
    sent: list[str] = []
    ok = True
    for burst in bursts(seed, count):
        sent.append("|")
        for kind, value in burst:
            sent.append(value)
            if kind == "key":
                tmux("send-keys", "-t", session, value)
            elif kind == "text":
                tmux("send-keys", "-t", session, "-l", value)
            else:
                w, h = value.split("x")
                tmux("resize-window", "-t", session, "-x", w, "-y", h)
        time.sleep(0.15)
        if exited(session) is not None:
            ok = False
            print(f"stopped in burst {sent.count('|')} with status {exited(session)}")
            break
    if ok:
        tmux("resize-window", "-t", session, "-x", width, "-y", height)
        for _ in range(3):
            tmux("send-keys", "-t", session, "Escape")
            time.sleep(0.2)
        tmux("send-keys", "-t", session, "q")
        start = time.monotonic()
        while time.monotonic() < start + 10.0 and exited(session) is None:
            time.sleep(0.05)
        took = time.monotonic() - start
        ok = exited(session) == 0 and took < 2.0
        print(f"q: status {exited(session)} after {took:.2f} s")
    if not ok:
        print(f"seed {seed} on {screen} at {size}: FAILED\nkeys: {' '.join(sent)}")
        print(tmux("capture-pane", "-p", "-S", "-200", "-t", session))
    else:
        print(f"seed {seed} on {screen} at {size}: ok ({len(sent)} steps)")
    if ok or not KEEP:
        tmux("kill-session", "-t", session)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4", help="a range like 0-4")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--bursts", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep a failed seed's session")
    args = parser.parse_args()
    global KEEP
    KEEP = args.keep
    lo, _, hi = args.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    results = [run_seed(seed, args.size, args.bursts, sys.executable) for seed in seeds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
