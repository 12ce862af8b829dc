"""Resident memory over time: `relu-tui demo --loop` and a random-key soak, in a real pty.

Each run starts relu-tui on a pseudo-terminal of the given size, reads (and discards) what it
draws, and samples its RSS (/proc/PID/status VmRSS) every few seconds. The soak sends a key
from a fixed, seeded list every 50 ms (screen switches, arrows, letters, the palette) and
resizes the terminal now and then. It reports the first minute's RSS (the baseline: the
median of the samples in the second half of minute one), the last sample, the peak, and the
least-squares slope after the first minute in MB per minute. The goal is a flat line: the
last sample within 10 MB of the first minute over a 30-minute run.

    python benchmarks/bench_memory.py [--mode demo|soak|both] [--minutes 5] [--pace 0.5]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import signal
import statistics
import struct
import sys
import termios
import time

KEYS = (
    ["1", "2", "3", "4", "5"]
    + ["up", "down", "left", "right", "tab", "enter", "escape", "space"]
    + list("nprtvgmuoeabcx[]+-,.")
    + ["ctrl+p", "escape", "?", "escape"]
)
SEQUENCES = {
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "tab": b"\t",
    "enter": b"\r",
    "escape": b"\x1b",
    "space": b" ",
    "ctrl+p": b"\x10",
}


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def run(argv: list[str], minutes: float, *, soak: bool, every: float = 5.0, seed: int = 1):
    """[(seconds since start, RSS MB)] for one run of `argv` in a 100x30 pty."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: relu-tui on the pty
        os.environ.pop("NO_COLOR", None)
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    set_size(fd, 100, 30)
    rng = random.Random(seed)
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    next_sample = started + 2.0
    next_key = started + 3.0
    end = started + minutes * 60
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.02)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
            now = time.monotonic()
            if soak and now >= next_key:
                key = rng.choice(KEYS)
                if key == "q":
                    continue
                os.write(fd, SEQUENCES.get(key, key.encode()))
                if rng.random() < 0.01:
                    set_size(fd, rng.randint(40, 200), rng.randint(12, 60))
                    os.kill(pid, signal.SIGWINCH)
                next_key = now + 0.05
            if now >= next_sample:
                rss = rss_mb(pid)
                if rss is None:
                    break
                samples.append((now - started, rss))
                next_sample = now + every
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass
        os.close(fd)
    return samples


def report(name: str, samples: list[tuple[float, float]]) -> None:
    if not samples:
        print(f"{name}: no samples (the app ended at once?)")
        return
    minute_one = [rss for t, rss in samples if 30 <= t <= 60] or [samples[0][1]]
    base = statistics.median(minute_one)
    later = [(t / 60, rss) for t, rss in samples if t > 60]
    slope = 0.0
    if len(later) >= 3:
        xs, ys = zip(*later, strict=True)
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = sum((x - mx) * (y - my) for x, y in later) / sum((x - mx) ** 2 for x in xs)
    last = samples[-1][1]
    peak = max(rss for _, rss in samples)
    print(
        f"{name}: first minute {base:.1f} MB, last {last:.1f} MB ({last - base:+.1f}), "
        f"peak {peak:.1f} MB, slope {slope:+.2f} MB/min over {samples[-1][0] / 60:.1f} min"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("demo", "soak", "both"), default="both")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--pace", type=float, default=0.5)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    parser.add_argument("--trace", action="store_true", help="print every sample")
    args = parser.parse_args()
    command = [sys.executable, "-m", "relu_tui"]
    runs = []
    if args.mode in ("demo", "both"):
        runs.append(("demo --loop", [*command, "demo", "--pace", str(args.pace), "--loop"], False))
    if args.mode in ("soak", "both"):
        runs.append(("random-key soak", [*command, "dead"], True))
    for name, argv, soak in runs:
        samples = run(argv, args.minutes, soak=soak, every=args.every)
        if args.trace:
            print(" ".join(f"{t:.0f}s:{rss:.1f}" for t, rss in samples))
        report(name, samples)


if __name__ == "__main__":
    main()
