"""CappedServer: textual-serve's Server with each session's process kept on a leash.

Imported only by `relu-tui serve` once textual-serve is known to be installed.

What textual-serve alone leaves open, and what this adds:
- **The cap counts processes.** A place is taken before a session's process starts and
  given back only when that process has exited, however its websocket ended (a client that
  errors, a cancelled handler, an app that hangs).
- **A process ends within `END_GRACE + KILL_WAIT` seconds of its websocket closing**: it is
  asked to quit, and after `END_GRACE` seconds its whole process group gets SIGKILL (a busy
  app may never see SIGTERM or the quit message).
- **The terminal size is clamped** to `MAX_WIDTH` x `MAX_HEIGHT`, in the query string and in
  `["resize", ...]` messages, and resizes are applied at most every `RESIZE_INTERVAL`
  seconds (the latest one wins, so a window dragged to its final size still gets it).
- **Memory is watched**: a session whose process grows past `memory_mb` is ended, with
  one line to its browser saying why.
- **Each session saves into its own state folder** (XDG_STATE_HOME), removed when it ends:
  no progress, record or setting passes between students.
- **Messages are checked**: anything but a well-formed JSON list of a known kind is ignored,
  and a message over `MAX_MESSAGE` bytes closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from relu_tui.cli.web_limits import (
    FULL_TITLE,
    Resizer,
    clamp_size,
    cpu_seconds,
    die_with_parent,
    full_page,
    rss_mb,
    set_niceness,
)

log = logging.getLogger("textual-serve")


END_GRACE = 1.5
"""Seconds a session's process has to quit after its websocket closes, before SIGKILL."""
KILL_WAIT = 2.0
"""Seconds to wait for the process to be reaped after SIGKILL."""
WATCH_EVERY = 1.0
"""Seconds between two looks at every session's memory."""
MAX_MESSAGE = 256 * 1024
"""Largest websocket message accepted from a browser (a big paste fits)."""
BUSY_SHARE = 0.5
"""A session using more than this share of a core, second after second, is busy (training)."""
BUSY_NICENESS = 5
"""The niceness a busy session runs at, so an idle session's key is answered first."""
DEFAULT_MEMORY_MB = 600
"""A session's process is ended beyond this resident size (a session is ~70-150 MB)."""


class Session(AppService):
    """One browser tab's app process: started without a shell in a process group of its own
    (so SIGKILL reaches everything it started), with the class-mode environment."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        *,
        state_parent: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.state_home = tempfile.mkdtemp(prefix="session-", dir=state_parent)
        """The session's own XDG_STATE_HOME (saved progress, records, settings), removed
        when it ends: one student's progress never shows in another's session, and
        nothing a session saves stays on the server."""
        self.argv = list(argv)
        """The session's command, run directly (no shell)."""
        self.extra_environment = dict(environment)
        """Added to textual-serve's environment (class mode, the data folder)."""
        self.ended = asyncio.Event()
        """Set once the process has exited and been reaped."""
        self.why_ended: str | None = None
        """Set when the server ended the session itself (memory), for the log."""

    _cpu: tuple[float, float] | None = None
    """The last (CPU seconds, clock) seen by `pace`."""
    niceness = 0
    """What `pace` set: BUSY_NICENESS while the session keeps a core busy."""

    def pace(self, cpu: float | None, now: float) -> None:
        """Lower a busy session's priority (a training run takes what is left over) and
        restore it once it is idle again, where the system allows raising it back."""
        if cpu is None or self.pid is None:
            return
        last, self._cpu = self._cpu, (cpu, now)
        if last is None or now <= last[1]:
            return
        share = (cpu - last[0]) / (now - last[1])
        if share > BUSY_SHARE and self.niceness == 0:
            if set_niceness(self.pid, BUSY_NICENESS):
                self.niceness = BUSY_NICENESS
        elif share < BUSY_SHARE / 4 and self.niceness != 0 and set_niceness(self.pid, 0):
            self.niceness = 0

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def alive(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.extra_environment)
        environment["XDG_STATE_HOME"] = self.state_home
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        width, height = clamp_size(width, height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def set_terminal_size(self, width: int, height: int) -> None:
        width, height = clamp_size(width, height)
        await super().set_terminal_size(width, height)

    def kill(self) -> None:
        """SIGKILL the session's whole process group (nothing it started survives)."""
        pid = self.pid
        if pid is None or self._process is None or self._process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()

    async def end(self, grace: float = END_GRACE) -> None:
        """Ask the app to quit; after `grace` seconds kill it; return once it is reaped."""
        process = self._process
        try:
            if process is not None and process.returncode is None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.stop(), grace)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(process.wait(), 0.05)
                if process.returncode is None:
                    self.kill()
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(process.wait(), KILL_WAIT)
            if self._task is not None:
                self._task.cancel()
                with contextlib.suppress(BaseException):
                    await self._task
                self._task = None
        finally:
            shutil.rmtree(self.state_home, ignore_errors=True)
            self.ended.set()


class CappedServer(Server):
    """Serves relu-tui, one app process per browser tab, at most `max_sessions` at once."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        host: str,
        port: int,
        max_sessions: int,
        environment: Mapping[str, str] | None = None,
        memory_mb: float = DEFAULT_MEMORY_MB,
        shown_address: str | None = None,
    ) -> None:
        super().__init__(" ".join(argv), host=host, port=port, title="relu-tui")
        self.argv = list(argv)
        """Each session's command."""
        self.environment = dict(environment or {})
        """Added to each session's environment."""
        self.max_sessions = max_sessions
        """How many app processes may run at once."""
        self.memory_mb = memory_mb
        """A session's process is ended beyond this many MB resident."""
        self.sessions: set[Session] = set()
        """Every session whose process may still be running (a place in the cap each)."""
        self.shown_address = shown_address or f"{host}:{port}"
        self.state_parent: str | None = None
        """Holds each session's state folder (made at start-up, removed at shutdown)."""
        self._watcher: asyncio.Task[None] | None = None
        self._endings: set[asyncio.Task[None]] = set()

    @property
    def active(self) -> int:
        """Places taken: sessions starting, running, or not yet reaped."""
        return len(self.sessions)

    def full(self) -> bool:
        """Whether a new session would exceed the cap."""
        return self.active >= self.max_sessions

    async def on_startup(self, app: web.Application) -> None:
        self.state_parent = tempfile.mkdtemp(prefix="relu-tui-serve-")
        self._watcher = asyncio.create_task(self._watch())
        self.console.print(
            f"relu-tui: serving on {self.shown_address} "
            f"(at most {self.max_sessions} sessions at once); ctrl+c stops",
            highlight=False,
        )

    async def on_shutdown(self, app: web.Application) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        for session in list(self.sessions):
            session.kill()
        await asyncio.gather(
            *(s.end(grace=0.0) for s in list(self.sessions)), return_exceptions=True
        )
        if self.state_parent is not None:
            shutil.rmtree(self.state_parent, ignore_errors=True)

    async def _watch(self) -> None:
        """Every WATCH_EVERY seconds: end any session past its memory limit, and let a
        session that keeps a core busy (training) yield to the others' keys."""
        while True:
            await asyncio.sleep(WATCH_EVERY)
            for session in list(self.sessions):
                pid = session.pid
                if pid is None or not session.alive():
                    continue
                session.pace(cpu_seconds(pid), time.monotonic())
                size = rss_mb(pid)
                if size is not None and size > self.memory_mb and session.why_ended is None:
                    session.why_ended = f"used {size:.0f} MB (the limit is {self.memory_mb:g} MB)"
                    log.warning("session %d ended: %s", pid, session.why_ended)
                    session.kill()
                    with contextlib.suppress(Exception):  # a client that reads nothing: skip
                        await asyncio.wait_for(
                            session.remote_write_bytes(
                                f"\r\n  relu-tui: this session {session.why_ended} and was "
                                "ended; reload the page to start again.\r\n".encode()
                            ),
                            0.5,
                        )

    async def handle_index(self, request: web.Request) -> Any:
        if self.full():
            return web.Response(
                status=503, text=full_page(self.active, self.max_sessions), content_type="text/html"
            )
        # The page connects back to the address the browser used, not the bind address
        # (0.0.0.0 is not somewhere a browser can connect to).
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def _refuse(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(
            f"\r\n  {FULL_TITLE}: all {self.max_sessions} sessions are in use.\r\n"
            "  Reload the page when someone has quit.\r\n".encode()
        )
        await websocket.close()
        log.info("session refused: %d of %d in use", self.active, self.max_sessions)
        return websocket

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.full():
            return await self._refuse(request)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        session = Session(
            self.argv,
            self.environment,
            state_parent=self.state_parent,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions.add(session)  # the place is taken before the process exists
        log.info("session opened: %d of %d in use", self.active, self.max_sessions)
        ending: asyncio.Task[None] | None = None
        try:
            await websocket.prepare(request)
            await session.start(width, height)
            watcher = asyncio.create_task(self._close_when_gone(session, websocket))
            try:
                await self._process_messages(websocket, session)
            finally:
                watcher.cancel()
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a broken client must not take the server down
            log.warning("session error: %s", error)
        finally:
            # Ending runs as its own task: if this handler is cancelled, the process is
            # still reaped and the place given back.
            ending = asyncio.create_task(self._end(session, websocket))
            self._endings.add(ending)
            ending.add_done_callback(self._endings.discard)
        with contextlib.suppress(BaseException):
            await asyncio.shield(ending)
        return websocket

    @staticmethod
    async def _close_when_gone(session: Session, websocket: web.WebSocketResponse) -> None:
        """Close the websocket once the app's output ends (it quit, crashed or was killed)."""
        task = session._task
        if task is not None:
            with contextlib.suppress(BaseException):
                await asyncio.shield(task)
        with contextlib.suppress(Exception):
            await websocket.close()

    async def _end(self, session: Session, websocket: web.WebSocketResponse) -> None:
        try:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(), 0.5)
            await session.end()
        finally:
            self.sessions.discard(session)
            log.info("session closed: %d of %d in use", self.active, self.max_sessions)

    async def _process_messages(  # type: ignore[override]
        self, websocket: web.WebSocketResponse, app_service: Session
    ) -> None:
        """Pass the browser's messages on: keys, (clamped, rate-limited) resizes, focus."""
        resizer = Resizer(app_service)
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = json.loads(message.data)
                except (ValueError, RecursionError):  # not JSON, or nested past any use
                    continue
                if not (isinstance(envelope, list) and envelope and isinstance(envelope[0], str)):
                    continue
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
                if kind == "stdin" and isinstance(data, str):
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    resizer.request(*clamp_size(data.get("width"), data.get("height")))
                elif kind == "ping" and isinstance(data, (str, int, float)):
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()
                if not app_service.alive():
                    break
        finally:
            resizer.cancel()
