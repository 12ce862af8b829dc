"""`relu-tui serve`: the app in web browsers through textual-serve (the `web` extra).

No Textual and no textual-serve at import time: the CLI imports this to answer `--help`
and errors first. Each browser tab runs `python -m relu_tui SCREEN ...` as its own process
under Textual's web driver; at most `--max-sessions` run at once (cli/web.py keeps each on a
leash: size, memory, its end). Sessions run in class mode (base/classmode.py): files go to the
browser, and typed file names are looked up only in `--data-dir`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from relu_tui.base import classmode
from relu_tui.base.parse import InputError
from relu_tui.base.text import printable

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in TEXTUAL_DRIVER for every app process it starts."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 20
"""Each session is one app process (~70 MB): 20 is ~1.4 GB, a class on a small server."""

DEFAULT_SESSION_MEMORY = 600
"""MB a session's process may reach before it is ended (one is ~70-150 MB)."""

SERVE_OPTIONS = ("--host", "--port", "--max-sessions", "--data-dir", "--session-memory")
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


def bind_addresses(host: str, port: int) -> list[str]:
    """The addresses listening on `host` will really bind (what the operating system makes of
    it: `0` is 0.0.0.0, `localhost` is 127.0.0.1 and ::1); [] if it names nothing."""
    try:
        found = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (OSError, UnicodeError):
        return []
    addresses: list[str] = []
    for *_, sockaddr in found:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def _unspecified(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """A one-line warning saying who can reach the server, or None on loopback only.

    It names the addresses `host` really binds, so `--host 0` says 0.0.0.0.
    """
    addresses = bind_addresses(host, port) or [host]
    if is_loopback(host) or all(is_loopback(address) for address in addresses):
        return None
    shown = ", ".join(addresses)
    if any(_unspecified(address) for address in addresses):
        who = "anyone who can reach this machine on any of its network addresses"
    else:
        who = f"anyone who can reach {shown}"
    return printable(
        f"relu-tui: warning: serving on {shown} port {port}: {who} can open sessions "
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


def served_at(addresses: list[str], port: int) -> str:
    """Where the server can be opened, for its first line: URLs, or what 0.0.0.0 means."""
    shown = []
    for address in addresses:
        if _unspecified(address):
            shown.append(f"{address} port {port} (every network address of this machine)")
        else:
            shown.append(
                f"http://[{address}]:{port}" if ":" in address else f"http://{address}:{port}"
            )
    return ", ".join(shown)


def session_command(argv: list[str]) -> str:
    """The command each browser session runs, as one shell line (for people to read)."""
    return shlex.join(session_command_argv(argv))


def session_command_argv(argv: list[str]) -> list[str]:
    """The command each browser session runs: this Python, `-m relu_tui`, the screen options."""
    return [sys.executable, "-m", "relu_tui", *session_argv(argv)]


def with_data_file(argv: list[str], path: str) -> list[str]:
    """`argv` with the value of `--data` replaced by `path`."""
    out: list[str] = []
    replace_next = False
    for token in argv:
        if replace_next:
            out.append(path)
            replace_next = False
        elif token == "--data":
            out.append(token)
            replace_next = True
        elif token.startswith("--data="):
            out.append(f"--data={path}")
        else:
            out.append(token)
    return out


def class_environment(data_dir: str | None) -> tuple[dict[str, str], str | None]:
    """The class-mode variables every session gets, or an error line for a bad --data-dir."""
    environment = {classmode.SERVED_ENV: "1"}
    if data_dir is None:
        return environment, None
    folder = Path(data_dir).expanduser()
    if not folder.is_dir():
        return environment, f"--data-dir: {printable(data_dir)} is not a folder"
    environment[classmode.DATA_DIR_ENV] = str(folder.resolve())
    return environment, None


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
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the folder students may open CSV files from, by name only (Dead neurons' o); "
        "--data names a file in it. Without it, sessions open no files",
    )
    group.add_argument(
        "--session-memory",
        type=whole(100, 100_000),
        default=DEFAULT_SESSION_MEMORY,
        metavar="MB",
        help="a session whose process grows past this is ended "
        f"(default: {DEFAULT_SESSION_MEMORY})",
    )


def _data_option(args: argparse.Namespace) -> str | None:
    """The `--data` file named on the command line, if any (a screen option)."""
    settings = getattr(args, "settings", None)
    value = settings.get("data") if isinstance(settings, dict) else getattr(args, "data", None)
    return None if value is None else str(value)


def run(args: argparse.Namespace, argv: list[str]) -> int:
    """Serve until ctrl+c; returns the exit status."""
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        sys.stderr.write("relu-tui: serving needs the web extra: pip install 'relu-tui[web]'\n")
        return 2
    data_dir = getattr(args, "data_dir", None)
    environment, problem = class_environment(data_dir)
    data = _data_option(args)
    if problem is None and data is not None:
        if classmode.DATA_DIR_ENV not in environment:
            problem = "--data under serve needs --data-dir DIR (the file is looked up there)"
        else:
            try:
                found = classmode.class_file(
                    data, Path(environment[classmode.DATA_DIR_ENV]), suffix=".csv"
                )
            except InputError as error:
                problem = f"--data: {error}"
            else:
                argv = with_data_file(argv, str(found))
    if problem:
        sys.stderr.write(f"relu-tui: {problem}\n")
        return 2
    addresses = bind_addresses(args.host, args.port)
    if not addresses:
        sys.stderr.write(f"relu-tui: --host: cannot find the address {printable(args.host)}\n")
        return 2
    warning = exposure_warning(args.host, args.port)
    if warning:
        sys.stderr.write(warning + "\n")
    from relu_tui.cli.web import CappedServer

    server = CappedServer(
        session_command_argv(argv),
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        environment=environment,
        memory_mb=getattr(args, "session_memory", DEFAULT_SESSION_MEMORY),
        shown_address=served_at(addresses, args.port),
    )
    try:
        server.serve()
    except OSError as error:
        sys.stderr.write(
            f"relu-tui: cannot serve on {args.host}:{args.port}: {error.strerror or error}\n"
        )
        return 1
    return 0
