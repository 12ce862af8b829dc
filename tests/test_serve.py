"""`relu-tui serve`: options, the missing extra, who may connect, the TTY rule under serve."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from relu_tui.cli import main as cli
from relu_tui.cli import serve
from relu_tui.cli.serve import (
    WEB_DRIVER,
    exposure_warning,
    session_argv,
    session_command,
    under_web_driver,
)


def test_the_web_driver_is_recognised_only_by_textual_serve_s_exact_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TEXTUAL_DRIVER as textual-serve sets it, and nothing else, counts as the web driver."""
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not under_web_driver()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert not under_web_driver()
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    assert under_web_driver()


def test_tty_refusal_is_lifted_under_the_web_driver_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a terminal the app is refused, unless textual-serve started it."""
    started: list[str] = []
    monkeypatch.setattr(cli, "_run_app", lambda name, args: started.append(name) or 0)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert cli.main(["dosage"]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    assert cli.main(["dosage"]) == 0
    assert started == ["dosage"]


def test_serve_options_stay_with_the_server() -> None:
    """Each session gets the screen and its options, never --host/--port/--max-sessions."""
    argv = ["puzzle", "--host", "0.0.0.0", "--port=8080", "--level", "3", "--max-sessions", "5"]
    assert session_argv(argv) == ["puzzle", "--level", "3"]
    command = session_command(argv)
    assert command.endswith("-m relu_tui puzzle --level 3")
    assert sys.executable in command


def test_loopback_needs_no_warning_other_addresses_say_who_can_reach_them() -> None:
    """127.0.0.1, localhost and ::1 are quiet; 0.0.0.0 and a LAN address warn in one line."""
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert exposure_warning(host, 8000) is None
    everywhere = exposure_warning("0.0.0.0", 8000)
    assert everywhere is not None and "anyone who can reach this machine" in everywhere
    lan = exposure_warning("192.0.2.10", 9000)
    assert lan is not None and "192.0.2.10" in lan and "\n" not in lan


def test_without_the_web_extra_serve_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No textual-serve: one line naming the extra, status 2, no traceback."""
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert cli.main(["serve", "dosage"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["relu-tui: serving needs the web extra: pip install 'relu-tui[web]'"]


def test_serve_refuses_unknown_screens_and_themes_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad names are refused before a port is opened."""
    assert cli.main(["serve", "nope"]) == 2
    assert "unknown screen 'nope'" in capsys.readouterr().err
    assert cli.main(["serve", "dosage", "--theme", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown theme 'nope'" in err[0] and "nord" in err[0]


def test_serve_rejects_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    """--port 70000 is a one-line usage error."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--port", "70000"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    """`relu-tui serve --help` shows --host, --port and --max-sessions."""
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--max-sessions"):
        assert option in out


def test_a_busy_port_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An address already in use ends with one line, status 1."""
    pytest.importorskip("textual_serve")
    import relu_tui.cli.web

    def refuse(self: object) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(relu_tui.cli.web.CappedServer, "serve", refuse)
    assert serve.run(_args(), []) == 1
    assert "Address already in use" in capsys.readouterr().err


def _args() -> Any:
    import argparse

    return argparse.Namespace(host="127.0.0.1", port=8000, max_sessions=2)
