"""`relu-tui serve`: the app in web browsers through textual-serve (the `web` extra).

No Textual and no textual-serve at import time: the CLI imports this to answer `--help`
and errors first. Each browser tab runs `python -m relu_tui SCREEN ...` as its own process
under Textual's web driver; at most `--max-sessions` run at once.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from typing import Any

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in TEXTUAL_DRIVER for every app process it starts."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 20
"""Each session is one app process (~70 MB): 20 is ~1.4 GB, a class on a small server."""

SERVE_OPTIONS = ("--host", "--port", "--max-sessions")
"""The options `serve` keeps for itself; every other one is handed to each session's app."""


def under_web_driver() -> bool:
    """Whether this process was started by textual-serve (its pipes stand in for a terminal)."""
    return os.environ.get("TEXTUAL_DRIVER", "") == WEB_DRIVER


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """A one-line warning saying who can reach the server, or None on loopback."""
    if is_loopback(host):
        return None
    if host in ("0.0.0.0", "::", ""):
        who = "anyone who can reach this machine on any of its network addresses"
    else:
        who = f"anyone who can reach {host}"
    return (
        f"relu-tui: warning: serving on {host}:{port}: {who} can open sessions "
        "(there is no password); use the default 127.0.0.1 to keep it on this machine"
    )


def session_argv(argv: list[str]) -> list[str]:
    """`argv` without serve's own options: what each browser session's app is given."""
    kept: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in SERVE_OPTIONS:
            skip = True
            continue
        if token.split("=", 1)[0] in SERVE_OPTIONS and "=" in token:
            continue
        kept.append(token)
    return kept


def session_command(argv: list[str]) -> str:
    """The shell command textual-serve runs for each browser session."""
    return shlex.join([sys.executable, "-m", "relu_tui", *session_argv(argv)])


def add_serve_options(parser: argparse.ArgumentParser, whole: Any) -> None:
    """`--host`, `--port`, `--max-sessions` (whole: the CLI's whole-number converter)."""
    group = parser.add_argument_group("serve options")
    group.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="ADDR",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    group.add_argument(
        "--port",
        type=whole(1, 65535),
        default=DEFAULT_PORT,
        metavar="N",
        help="port to listen on (default: 8000)",
    )
    group.add_argument(
        "--max-sessions",
        type=whole(1, 1000),
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help="browser tabs served at once; more get a 'full' page "
        f"(default: {DEFAULT_MAX_SESSIONS}; each is an app process, ~70 MB)",
    )


def run(args: argparse.Namespace, argv: list[str]) -> int:
    """Serve until ctrl+c; returns the exit status."""
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        sys.stderr.write("relu-tui: serving needs the web extra: pip install 'relu-tui[web]'\n")
        return 2
    warning = exposure_warning(args.host, args.port)
    if warning:
        sys.stderr.write(warning + "\n")
    from relu_tui.cli.web import CappedServer

    server = CappedServer(
        session_command(argv), host=args.host, port=args.port, max_sessions=args.max_sessions
    )
    try:
        server.serve()
    except OSError as error:
        sys.stderr.write(
            f"relu-tui: cannot serve on {args.host}:{args.port}: {error.strerror or error}\n"
        )
        return 1
    return 0
