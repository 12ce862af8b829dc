"""`relu-tui serve` against clients that are not browsers: the raw websocket protocol.

A loopback server with a cap of 3 is driven through textual-serve's protocol (JSON text
messages `["stdin", ...]`, `["resize", {...}]`, binary frames back) by aiohttp's client:
- the cap counts app processes, whatever the clients do (huge sizes, dropping the
  connection, being killed);
- a session's memory stays bounded at any size a client asks for, and under a resize flood;
- every process is gone within 5 s of its websocket closing;
- junk messages do not hurt the server; a file saved in a session arrives as a download and
  nothing is written on the server.
Every loop here is bounded in count and in time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="serving needs the web extra (textual-serve)")
aiohttp = pytest.importorskip("aiohttp")

pytestmark = pytest.mark.slow  # a real server and its sessions

ROOT = Path(__file__).parents[2]
CAP = 3
MEMORY_MB = 400
"""--session-memory for the server under test."""
BOUND_MB = 300
"""What a session may reach at the largest size, well under MEMORY_MB (about 70 MB idle)."""
END_SECONDS = 5.0
"""A session's process must be gone this long after its websocket closed."""


@dataclass
class Served:
    url: str
    ws_url: str
    process: subprocess.Popen[bytes]
    folder: Path
    log: Path

    def sessions(self) -> list[int]:
        """Process ids of the server's app processes (its children)."""
        return children(self.process.pid)


def children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != b"Z":
            found.append(int(entry))
    return found


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll `check` until true; returns the seconds it took (fails after `seconds`)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    """`relu-tui serve dead` on a free loopback port, cap 3, with a class data folder."""
    port = _free_port()
    folder = tmp_path / "run"
    folder.mkdir()
    data = tmp_path / "class-data"
    data.mkdir()
    (data / "line.csv").write_text("x,y\n" + "".join(f"{i},{2 * i}\n" for i in range(20)))
    (tmp_path / "tmp").mkdir()  # the server's temporary folders, gone with the test's
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONUNBUFFERED="1")
    env["TMPDIR"] = str(tmp_path / "tmp")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "relu_tui", "serve", "dead"),
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--max-sessions", str(CAP), "--session-memory", str(MEMORY_MB)),
                *("--data-dir", str(data)),
            ],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    server = Served(url, f"{url}/ws", process, folder, log)
    try:
        _wait_for(
            lambda: _status(url + "/")[0] == 200 or process.poll() is not None, 30, "the server"
        )
        assert process.poll() is None, log.read_text()
        yield server
    finally:
        for pid in server.sessions():
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _read(ws: object, seconds: float, until: Callable[[bytes, list[str]], bool]) -> bytes:
    """What a websocket sends for up to `seconds`, or until `until(binary, texts)`."""
    binary = b""
    texts: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until(binary, texts):
        try:
            message = await asyncio.wait_for(
                ws.receive(),  # type: ignore[attr-defined]
                max(0.01, deadline - time.monotonic()),
            )
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            binary += message.data
        elif message.type == aiohttp.WSMsgType.TEXT:
            texts.append(message.data)
            _read.texts.append(message.data)  # type: ignore[attr-defined]
        else:
            break
    return binary


_read.texts = []  # type: ignore[attr-defined]


def _has(text: bytes) -> Callable[[bytes, list[str]], bool]:
    return lambda binary, texts: text in binary


def test_the_cap_counts_processes_whatever_clients_do(served: Served) -> None:
    """Six connections at 3000x1500 from a client that is then killed: never more than 3 app
    processes, each bounded in memory, all gone within 5 s; then the places are free."""
    client = textwrap.dedent(
        f"""
        import asyncio, json, aiohttp
        async def main():
            async with aiohttp.ClientSession() as http:
                sockets = [await http.ws_connect("{served.ws_url}?width=3000&height=1500")
                           for _ in range(6)]
                for _ in range(40):
                    for ws in sockets:
                        if not ws.closed:
                            await ws.send_str(json.dumps(
                                ["resize", {{"width": 20000, "height": 20000}}]))
                            await ws.send_str(json.dumps(["stdin", "t"]))
                    await asyncio.sleep(0.1)
                await asyncio.sleep(60)
        asyncio.run(main())
        """
    )
    attacker = subprocess.Popen([sys.executable, "-c", client])
    try:
        peak_count, peak_mb = 0, 0.0
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline:  # bounded: 12 s of samples
            pids = served.sessions()
            peak_count = max(peak_count, len(pids))
            peak_mb = max([peak_mb, *(rss_mb(pid) for pid in pids)])
            time.sleep(0.2)
        assert 1 <= peak_count <= CAP, f"{peak_count} app processes for a cap of {CAP}"
        assert peak_mb < BOUND_MB, f"a session reached {peak_mb:.0f} MB"
        status, body = _status(served.url + "/")
        assert status == 503 and "full" in body
    finally:
        attacker.send_signal(signal.SIGKILL)  # the client dies without closing anything
        attacker.wait(timeout=10)
    took = _wait_for(lambda: not served.sessions(), END_SECONDS + 1, "the sessions to end")
    assert took <= END_SECONDS
    _wait_for(lambda: _status(served.url + "/")[0] == 200, 5, "the places to free up")


def test_a_resize_flood_is_clamped_and_the_process_ends_with_its_socket(served: Served) -> None:
    """500 resizes to 20000x20000 in ~2.5 s: the session stays under the memory bound, the
    size it draws at is at most 400 columns, and it is gone soon after the socket closes."""

    async def attack() -> tuple[float, bytes]:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{served.ws_url}?width=80&height=24")
            await _read(ws, 20, _has(b"Dead neurons"))
            (pid,) = served.sessions()
            peak = rss_mb(pid)
            for step in range(500):
                size = {"width": 20000 - step, "height": 20000 - step}
                await ws.send_str(json.dumps(["resize", size]))
                if step % 50 == 0:
                    peak = max(peak, rss_mb(pid))
                    await asyncio.sleep(0.25)
            drawn = await _read(ws, 6, lambda binary, texts: False)
            peak = max(peak, rss_mb(pid))
            await ws.close()
            return peak, drawn

    peak, drawn = asyncio.run(attack())
    assert peak < BOUND_MB, f"the session reached {peak:.0f} MB"
    # The widest row drawn after the flood: cursor moves name columns up to 400 at most.
    assert b"\x1b[" in drawn
    columns = [int(c) for c in _columns(drawn)]
    assert columns and max(columns) <= 400
    took = _wait_for(lambda: not served.sessions(), END_SECONDS + 1, "the session to end")
    assert took <= END_SECONDS


def _columns(drawn: bytes) -> list[bytes]:
    import re

    return re.findall(rb"\x1b\[\d+;(\d+)H", drawn)


def test_junk_messages_do_not_hurt_the_server(served: Served) -> None:
    """Not JSON, wrong shapes, wrong types, a message over the size limit: the server keeps
    serving and no process is left behind."""

    async def attack() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(served.ws_url + "?width=abc&height=-5")
            await _read(ws, 20, _has(b"Dead neurons"))
            for junk in (
                "not json",
                "{}",
                "[]",
                "[1, 2]",
                '["resize", "big"]',
                '["resize", {"width": "1e9", "height": null}]',
                '["resize", {"width": true, "height": 1e308}]',
                '["stdin", 5]',
                '["ping", {"a": 1}]',
                '["unknown"]',
                "[" * 200_000,
                '["resize", {"width": ' + "9" * 4000 + ', "height": 30}]',
            ):
                await ws.send_str(junk)
            await ws.send_bytes(b"\x00" * 1000)
            await ws.send_str(json.dumps(["ping", "still here"]))
            texts: list[str] = []
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any("still here" in t for t in texts):
                message = await asyncio.wait_for(ws.receive(), 10)
                if message.type == aiohttp.WSMsgType.TEXT:
                    texts.append(message.data)
                elif message.type != aiohttp.WSMsgType.BINARY:
                    break
            assert any("still here" in t for t in texts)
            await ws.send_str(json.dumps(["stdin", "x" * 400_000]))  # over the limit: closed
            closing = await asyncio.wait_for(ws.receive(), 10)
            while closing.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                closing = await asyncio.wait_for(ws.receive(), 10)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)

    asyncio.run(attack())
    _wait_for(lambda: not served.sessions(), END_SECONDS + 1, "the session to end")
    assert _status(served.url + "/")[0] == 200


def test_an_export_is_a_download_and_nothing_is_written_on_the_server(served: Served) -> None:
    """x in a session: a download announced on the socket, fetched over HTTP, holding the
    script; nothing is written where the server runs."""

    async def session() -> str:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(served.ws_url + "?width=100&height=30")
            await _read(ws, 20, _has(b"Dead neurons"))
            _read.texts.clear()  # type: ignore[attr-defined]
            await ws.send_str(json.dumps(["stdin", "x"]))
            await _read(ws, 10, lambda b, texts: any("deliver_file_start" in t for t in texts))
            (announcement,) = [t for t in _read.texts if "deliver_file_start" in t]  # type: ignore[attr-defined]
            key = json.loads(announcement)[1]
            async with http.get(f"{served.url}/download/{key}") as response:
                script = await response.text()
                disposition = response.headers["Content-Disposition"]
            assert "relu_tui_model.py" in disposition
            await ws.close()
            return script

    script = asyncio.run(session())
    assert "nn.Sequential(" in script and "import torch" in script
    assert list(served.folder.iterdir()) == []  # nothing written where the server runs


def test_sessions_die_with_a_killed_server(served: Served) -> None:
    """SIGKILL to the server (no chance to clean up): its app processes go too."""

    async def open_one() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(served.ws_url)
            await _read(ws, 20, _has(b"Dead neurons"))
            pids = served.sessions()
            assert len(pids) == 1
            served.process.kill()
            served.process.wait(timeout=10)
            _wait_for(
                lambda: all(not os.path.exists(f"/proc/{pid}") or _zombie(pid) for pid in pids),
                END_SECONDS,
                "the session to die with its server",
            )

    asyncio.run(open_one())


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True


def test_each_session_has_its_own_state_folder_removed_at_its_end(served: Served) -> None:
    """Two sessions: class mode on, each its own XDG_STATE_HOME (no progress shared between
    students), both removed once the sessions end."""

    async def two() -> list[dict[str, str]]:
        async with aiohttp.ClientSession() as http:
            sockets = [await http.ws_connect(served.ws_url) for _ in range(2)]
            for ws in sockets:
                await _read(ws, 20, _has(b"Dead neurons"))
            environments = [_environment(pid) for pid in served.sessions()]
            for ws in sockets:
                await ws.close()
            return environments

    environments = asyncio.run(two())
    assert len(environments) == 2
    homes = [env["XDG_STATE_HOME"] for env in environments]
    assert homes[0] != homes[1] and all(env["RELU_TUI_SERVED"] == "1" for env in environments)
    _wait_for(lambda: not served.sessions(), END_SECONDS + 1, "the sessions to end")
    _wait_for(lambda: not any(os.path.exists(home) for home in homes), 2, "the folders to go")


def _environment(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as handle:
        pairs = handle.read().split(b"\0")
    return dict(p.decode().split("=", 1) for p in pairs if b"=" in p)
