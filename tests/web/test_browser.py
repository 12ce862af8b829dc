"""`relu-tui serve` in a real browser: headless Chromium through Playwright.

Starts the server on a free loopback port with one session allowed, opens it, presses keys
and reads what the page's terminal was sent (the app's output over the websocket, escape
codes stripped) and compares screenshots; a second tab gets the 'full' page; ctrl+q ends
the session and frees its place.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="serving needs the web extra (textual-serve)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

_CANDIDATES = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
CHROMIUM = next((path for path in _CANDIDATES if path and os.path.exists(path)), None)
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (apt-get install chromium)"),
    pytest.mark.slow,  # a server, app processes and headless Chromium per test
]

ESCAPES = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(
    check: Callable[[], bool],
    seconds: float,
    what: str,
    pause: Callable[[], object] = lambda: time.sleep(0.1),
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        pause()
    raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """`relu-tui serve dosage` on a free loopback port, one session at most."""
    port = _free_port()
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parents[2]), env.get("PYTHONPATH")])
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "relu_tui",
            "serve",
            "dosage",
            "--port",
            str(port),
            "--max-sessions",
            "1",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(
            lambda: _status(url)[0] == 200 or process.poll() is not None, 20, "the server to answer"
        )
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_keys_in_the_browser_drive_the_app_and_ctrl_q_ends_the_session(server: str) -> None:
    """Stage key, a nudge and a screen key change what the page shows; the cap holds; ctrl+q
    ends the session and frees its place."""
    received: list[str] = []

    def on_websocket(ws: object) -> None:
        def on_frame(payload: str | bytes) -> None:
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
            received.append(ESCAPES.sub("", text))

        ws.on("framereceived", on_frame)  # type: ignore[attr-defined]

    def shown_since(mark: int, text: str) -> Callable[[], bool]:
        return lambda: text in "".join(received[mark:])

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})

            def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
                # the sync API delivers websocket frames only while it is called
                _wait_for(check, seconds, what, lambda: page.wait_for_timeout(100))

            page.on("websocket", on_websocket)
            page.goto(server)
            wait_for(shown_since(0, "Dosage network"), 20, "the dosage screen in the page")
            wait_for(shown_since(0, "1/7"), 10, "stage 1 of 7")
            page.click("#terminal")
            focused = "document.activeElement?.classList.contains('xterm-helper-textarea')"
            wait_for(lambda: bool(page.evaluate(focused)), 10, "the terminal to take keys")
            before = page.screenshot()

            mark = len(received)
            page.keyboard.press("n")
            wait_for(lambda: len(received) > mark, 10, "the stage key's frame")
            # Only changed cells are sent (the "2" of "2/7"); a new window size redraws them all.
            page.wait_for_timeout(300)
            mark = len(received)
            page.set_viewport_size({"width": 1050, "height": 700})
            wait_for(shown_since(mark, "2/7"), 10, "stage 2 after n")

            mark = len(received)
            page.keyboard.press("ArrowRight")  # w1: 1.7 -> 1.8
            wait_for(lambda: len(received) > mark, 10, "the nudge's frame")
            # Only changed cells are sent (the "8"); a new window size redraws them all.
            page.wait_for_timeout(300)
            mark = len(received)
            page.set_viewport_size({"width": 1000, "height": 700})
            wait_for(shown_since(mark, "1.8"), 10, "w1 nudged to 1.8")
            page.wait_for_timeout(500)
            assert page.screenshot() != before

            mark = len(received)
            page.keyboard.press("4")
            wait_for(lambda: len(received) > mark, 20, "the screen key's frame")
            page.wait_for_timeout(1000)  # the new screen settles; then all of it is redrawn
            mark = len(received)
            page.set_viewport_size({"width": 1100, "height": 700})
            wait_for(shown_since(mark, "Dead neurons"), 20, "the dead neurons screen")

            status, body = _status(server)  # the one session is taken
            assert status == 503 and "full" in body

            page.keyboard.press("Control+q")
            wait_for(
                lambda: bool(page.evaluate("document.body.classList.contains('-closed')")),
                15,
                "the session to end",
            )
            wait_for(lambda: _status(server)[0] == 200, 15, "the session's place to free up")
        finally:
            browser.close()
