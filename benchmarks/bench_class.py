"""A class on one server: N `relu-tui serve` sessions driven through the real websocket
protocol on loopback, some training, the rest pressing a key a second.

Starts `relu-tui serve dead` on a free 127.0.0.1 port and opens the sessions the way a
browser does (textual-serve's protocol: `["stdin", keys]`, `["resize", ...]` text messages
out, the app's output as binary frames back; aiohttp's client, as textual-serve itself
uses). `--training` sessions press space (Dead neurons' Run: it trains 100,000 epochs, sending
frames as it goes);
every other session presses a key a second (alternately right and left: a setting nudged
up and down, each a fresh run and a redraw) and times each key to the first frame that
comes back. At the end every session types its own token into the command palette, and the
token must show in that session's frames and in no other's (nothing crossed).

First a baseline: one session alone, pressing keys the same way; then the class. Prints the
key-to-frame times (median, p95, worst), keys without a frame (lost), the server's
resident memory (the server plus its app processes; per session), its CPU (in cores, over
the class's run) and the machine's load before the run, and the ratio class / alone.

    python benchmarks/bench_class.py [--sessions 20] [--training 5] [--seconds 30]

Goal (issue 21): p95 <= 150 ms for 20 sessions, 5 training, on 2 cores, nothing lost or
crossed. Only 127.0.0.1 is contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
KEY_TIMEOUT = 5.0
"""A key without a frame within this many seconds is counted lost."""
KEYS = ("\x1b[C", "\x1b[D")
"""Right and left: the focused setting nudged up, then back down."""
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Session:
    index: int
    training: bool
    ws: aiohttp.ClientWebSocketResponse | None = None
    received: bytearray = field(default_factory=bytearray)
    frames: int = 0
    waiting_since: float | None = None
    got_frame: asyncio.Event = field(default_factory=asyncio.Event)
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    reader: asyncio.Task[None] | None = None

    @property
    def token(self) -> str:
        return f"zq{self.index:02d}k"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    if int(handle.read().rsplit(b")", 1)[1].split()[1]) == parent:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE / 2**20
    except OSError:
        return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and of its reaped children."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


class Server:
    """`relu-tui serve dead` on a free loopback port, stopped on exit."""

    def __init__(self, sessions: int) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bench-class-"))
        env = dict(os.environ, XDG_STATE_HOME=str(self.folder / "state"))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.log = (self.folder / "serve.log").open("w")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "relu_tui", "serve", "dead"),
                *("--host", "127.0.0.1", "--port", str(self.port)),
                *("--max-sessions", str(sessions)),
                *("--epochs", "100000"),  # training runs through the whole measurement
            ],
            cwd=self.folder,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not answer within 30 s")

    def pids(self) -> list[int]:
        return [self.process.pid, *children(self.process.pid)]

    def rss(self) -> tuple[float, list[float]]:
        """The server's own MB and each app process's MB."""
        return rss_mb(self.process.pid), [rss_mb(pid) for pid in children(self.process.pid)]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def stop(self) -> None:
        for pid in children(self.process.pid):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


async def reader(session: Session) -> None:
    """Collects a session's frames; times the frame that answers a pending key."""
    assert session.ws is not None
    async for message in session.ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            now = time.monotonic()
            session.frames += 1
            if session.waiting_since is not None:
                session.latencies.append(now - session.waiting_since)
                session.waiting_since = None
                session.got_frame.set()
            if len(session.received) < 8_000_000:
                session.received += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            break


async def send(session: Session, keys: str) -> None:
    assert session.ws is not None
    await session.ws.send_str(json.dumps(["stdin", keys]))


async def open_session(http: aiohttp.ClientSession, url: str, session: Session) -> None:
    session.ws = await http.ws_connect(f"{url}/ws?width=100&height=30", max_msg_size=0)
    deadline = time.monotonic() + 60
    session.reader = asyncio.create_task(reader(session))
    while b"Dead neurons" not in session.received and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    if b"Dead neurons" not in session.received:
        raise SystemExit(f"session {session.index} did not show Dead neurons within 60 s")
    await asyncio.sleep(0.5)
    if session.training:
        await send(session, " ")  # space: Run


async def run_class(sessions: int, training: int, seconds: float) -> dict[str, object]:
    server = Server(sessions)
    try:
        async with aiohttp.ClientSession() as http:
            class_ = [Session(i, training=i < training) for i in range(sessions)]
            started = time.monotonic()
            for session in class_:  # opened one after another, as students arrive
                await open_session(http, server.url, session)
            opened_in = time.monotonic() - started
            await asyncio.sleep(2.0)
            load = os.getloadavg()[0]
            cpu_before, clock_before = server.cpu(), time.monotonic()
            pressing = [s for s in class_ if not s.training]
            frames_before = sum(s.frames for s in class_ if s.training)
            peak_rss: tuple[float, list[float]] = server.rss()
            sampler_done = asyncio.Event()

            async def sample() -> None:
                nonlocal peak_rss
                while not sampler_done.is_set():
                    now = server.rss()
                    if now[0] + sum(now[1]) > peak_rss[0] + sum(peak_rss[1]):
                        peak_rss = now
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(sampler_done.wait(), 1.0)

            sampler = asyncio.create_task(sample())
            await asyncio.gather(*(key_loop(s, seconds) for s in pressing))
            sampler_done.set()
            await sampler
            cpu = (server.cpu() - cpu_before) / (time.monotonic() - clock_before)
            training_frames = sum(s.frames for s in class_ if s.training) - frames_before
            crossed = await check_tokens(class_)
            for session in class_:
                if session.ws is not None:
                    await session.ws.close()
        latencies = [x for s in pressing for x in s.latencies]
        return {
            "sessions": sessions,
            "training": training,
            "latencies": latencies,
            "lost": sum(s.lost for s in pressing),
            "keys": sum(len(s.latencies) + s.lost for s in pressing),
            "crossed": crossed,
            "server_mb": peak_rss[0],
            "session_mb": peak_rss[1],
            "cpu_cores": cpu,
            "load_before": load,
            "opened_in": opened_in,
            "training_fps": training_frames / seconds / max(training, 1),
        }
    finally:
        server.stop()


async def key_loop(session: Session, seconds: float) -> None:
    """A key a second for `seconds` (bounded), each timed to its first frame."""
    await asyncio.sleep(random.random())  # out of step, as a class is
    end = time.monotonic() + seconds
    for count in range(int(seconds) + 1):
        if time.monotonic() >= end:
            break
        sent = time.monotonic()
        session.got_frame.clear()
        session.waiting_since = sent
        await send(session, KEYS[count % 2])
        try:
            await asyncio.wait_for(session.got_frame.wait(), KEY_TIMEOUT)
        except TimeoutError:
            session.waiting_since = None
            session.lost += 1
        await asyncio.sleep(max(0.0, sent + 1.0 - time.monotonic()))


async def check_tokens(class_: list[Session]) -> list[str]:
    """Each session types its token in the palette; it must show there and nowhere else."""
    marks = [len(s.received) for s in class_]
    for session in class_:
        await send(session, "\x10")  # ctrl+p: the command palette
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # typed keys go to the palette once it is open
        if all(b"Search for" in s.received[m:] for s, m in zip(class_, marks, strict=True)):
            break
        await asyncio.sleep(0.2)
    for session in class_:
        await send(session, session.token)
    await asyncio.sleep(1.0)
    for session in class_:  # a new size: the whole screen is drawn again, token and all
        assert session.ws is not None
        await session.ws.send_str(json.dumps(["resize", {"width": 101, "height": 30}]))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if all(s.token.encode() in s.received[m:] for s, m in zip(class_, marks, strict=True)):
            break
        await asyncio.sleep(0.2)
    problems = []
    for session, mark in zip(class_, marks, strict=True):
        seen = bytes(session.received[mark:])
        if session.token.encode() not in seen:
            problems.append(f"session {session.index}: its own token never shown")
        for other in class_:
            if other is not session and other.token.encode() in seen:
                problems.append(f"session {session.index} showed session {other.index}'s token")
    for session in class_:
        await send(session, "\x1b")
    return problems


def summary(label: str, result: dict[str, object]) -> tuple[float, float, float]:
    latencies = sorted(result["latencies"])  # type: ignore[arg-type]
    if not latencies:
        print(f"{label}: no key was answered")
        return (float("nan"),) * 3  # type: ignore[return-value]
    median = statistics.median(latencies) * 1000
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000
    worst = latencies[-1] * 1000
    sessions_mb = result["session_mb"]  # type: ignore[assignment]
    per_session = statistics.median(sessions_mb) if sessions_mb else 0.0  # type: ignore[arg-type]
    total = result["server_mb"] + sum(sessions_mb)  # type: ignore[operator, arg-type]
    print(
        f"{label}: {result['sessions']} sessions, {result['training']} training; "
        f"{result['keys']} keys: median {median:.0f} ms, p95 {p95:.0f} ms, worst {worst:.0f} ms; "
        f"lost {result['lost']}; crossed {len(result['crossed'])}"  # type: ignore[arg-type]
    )
    print(
        f"  memory: server {result['server_mb']:.0f} MB + sessions {per_session:.0f} MB each "
        f"(median) = {total:.0f} MB; CPU {result['cpu_cores']:.2f} cores; "
        f"load before {result['load_before']:.1f} on {os.cpu_count()} cores; "
        f"opened in {result['opened_in']:.1f} s; "
        f"training frames/s per session {result['training_fps']:.1f}"
    )
    for problem in result["crossed"]:  # type: ignore[attr-defined]
        print(f"  crossed: {problem}")
    return median, p95, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--training", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 200 or not 0 <= args.training < args.sessions:
        parser.error("need 1 <= sessions <= 200 and 0 <= training < sessions")
    if not 5 <= args.seconds <= 600:
        parser.error("--seconds between 5 and 600")
    random.seed(1)
    base = None
    if not args.no_baseline:
        base = summary("alone", asyncio.run(run_class(1, 0, args.seconds)))
    result = asyncio.run(run_class(args.sessions, args.training, args.seconds))
    median, p95, worst = summary("class", result)
    if base is not None:
        print(
            f"class / alone: median {median / base[0]:.1f}x, p95 {p95 / base[1]:.1f}x, "
            f"worst {worst / base[2]:.1f}x"
        )
    print(f"goal p95 <= 150 ms: {'met' if p95 <= 150 else 'NOT met'}")


if __name__ == "__main__":
    main()
