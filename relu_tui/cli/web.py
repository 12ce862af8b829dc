"""CappedServer: textual-serve's Server with a cap on concurrent sessions.

Imported only by `relu-tui serve` once textual-serve is known to be installed.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from aiohttp import web
from textual_serve.server import Server

log = logging.getLogger("textual-serve")

FULL_TITLE = "relu-tui: this class is full"


def full_page(active: int, limit: int) -> str:
    """The page a browser gets when every session is taken."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{FULL_TITLE}</title>
<meta http-equiv="refresh" content="15"></head>
<body style="background:#0c181f;color:#eee;font-family:monospace;padding:3em">
<h1>{FULL_TITLE}</h1>
<p id="full">All {limit} sessions are in use ({active} open). This page tries again every
15 seconds; a session frees up when someone presses q or closes their tab.</p>
<p>{html.escape("Or run it yourself: pip install relu-tui && relu-tui")}</p>
</body></html>
"""


class CappedServer(Server):
    """Serves relu-tui, one app process per browser tab, at most `max_sessions` at once."""

    def __init__(self, command: str, *, host: str, port: int, max_sessions: int) -> None:
        super().__init__(command, host=host, port=port, title="relu-tui")
        self.max_sessions = max_sessions
        """How many app processes may run at once."""
        self.active = 0
        """App processes running now (one per open websocket)."""

    def full(self) -> bool:
        """Whether a new session would exceed the cap."""
        return self.active >= self.max_sessions

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            f"relu-tui: serving on {self.public_url} "
            f"(at most {self.max_sessions} sessions at once); "
            "ctrl+c stops",
            highlight=False,
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

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.full():
            websocket = web.WebSocketResponse()
            await websocket.prepare(request)
            await websocket.send_bytes(
                f"\r\n  {FULL_TITLE}: all {self.max_sessions} sessions are in use.\r\n"
                "  Reload the page when someone has quit.\r\n".encode()
            )
            await websocket.close()
            log.info("session refused: %d of %d in use", self.active, self.max_sessions)
            return websocket
        self.active += 1
        log.info("session opened: %d of %d in use", self.active, self.max_sessions)
        try:
            return await super().handle_websocket(request)
        finally:
            self.active -= 1
            log.info("session closed: %d of %d in use", self.active, self.max_sessions)
