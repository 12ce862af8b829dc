"""`relu-tui serve`: options, the missing extra, who may connect, the TTY rule under serve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from relu_tui.base.parse import InputError
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


# --- who may connect: the address really bound ---------------------------------------------


def test_host_0_is_named_as_the_address_it_binds() -> None:
    """`--host 0` binds 0.0.0.0, and the warning says 0.0.0.0, not '0'."""
    warning = exposure_warning("0", 8000)
    assert warning is not None
    assert "0.0.0.0" in warning and "reach 0 " not in warning
    assert "any of its network addresses" in warning
    assert serve.bind_addresses("0", 8000) == ["0.0.0.0"]
    assert exposure_warning("127.1", 8000) is None  # 127.0.0.1 by another name


def test_an_unknown_host_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A host name that resolves to nothing is refused before serving."""
    pytest.importorskip("textual_serve")
    args = _args()
    args.host = "no-such-host.invalid"
    assert serve.run(args, []) == 2
    assert capsys.readouterr().err.strip().startswith("relu-tui: --host: cannot find")


# --- sizes a browser may ask for --------------------------------------------------------------


def test_terminal_sizes_are_clamped_and_junk_takes_the_default() -> None:
    """Whole numbers clamp to 1..400 x 1..200; text, floats, booleans, None give 80x24."""
    pytest.importorskip("textual_serve")
    from relu_tui.cli.web_limits import MAX_HEIGHT, MAX_WIDTH, clamp_size

    assert (MAX_WIDTH, MAX_HEIGHT) == (400, 200)
    assert clamp_size("3000", "1500") == (400, 200)
    assert clamp_size(20000, 20000) == (400, 200)
    assert clamp_size(-5, 0) == (1, 1)
    assert clamp_size("120", 40) == (120, 40)
    assert clamp_size("abc", None) == (80, 24)
    assert clamp_size(True, 1e308) == (80, 24)
    assert clamp_size("1e9", [1]) == (80, 24)


# --- class mode: the data folder and --data ---------------------------------------------------


def test_class_files_are_names_in_the_folder_only(tmp_path: Path) -> None:
    """A name in the folder is found; paths, ~, .., hidden names, symlinks out and folders are
    refused with a message naming only what was typed and the folder's own files."""
    from relu_tui.base.classmode import class_file

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ok.csv").write_text("x,y\n")
    (folder / "sub").mkdir()
    outside = tmp_path / "secret.csv"
    outside.write_text("user,uid\nalice,1000\n")
    (folder / "link.csv").symlink_to(outside)
    assert class_file(" ok.csv ", folder) == folder.resolve() / "ok.csv"
    for typed in (
        str(outside),
        "../secret.csv",
        "..",
        "~/secret.csv",
        "~nosuchuser/x.csv",
        ".hidden",
        "sub",
        "sub/ok.csv",
        "link.csv",
        "missing.csv",
        "",
        "a\x00b",
    ):
        with pytest.raises(InputError) as refused:
            class_file(typed, folder, suffix=".csv")
        message = str(refused.value)
        assert "ok.csv" in message and "alice" not in message and str(tmp_path) not in message
        assert "\n" not in message


def test_serve_data_needs_a_data_dir_and_a_name_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--data without --data-dir, a missing --data-dir, a path out of it: one line, status 2;
    a name in it reaches the sessions as that file, with class mode on."""
    pytest.importorskip("textual_serve")
    import relu_tui.cli.web

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "mine.csv").write_text("x,y\n")
    started: list[Any] = []

    def fake_init(self: Any, argv: list[str], **kwargs: Any) -> None:
        started.append((argv, kwargs))

    monkeypatch.setattr(relu_tui.cli.web.CappedServer, "__init__", fake_init)
    monkeypatch.setattr(relu_tui.cli.web.CappedServer, "serve", lambda self: None)
    assert cli.main(["serve", "dead", "--data", "mine.csv"]) == 2
    assert "needs --data-dir" in capsys.readouterr().err
    assert cli.main(["serve", "dead", "--data-dir", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    outside = tmp_path / "x.csv"
    outside.write_text("x,y\n")
    assert cli.main(["serve", "dead", "--data-dir", str(folder), "--data", str(outside)]) == 2
    assert "not a path" in capsys.readouterr().err
    assert started == []
    assert cli.main(["serve", "dead", "--data-dir", str(folder), "--data", "mine.csv"]) == 0
    ((argv, kwargs),) = started
    assert argv[-3:] == ["dead", "--data", str(folder.resolve() / "mine.csv")]
    assert "--data-dir" not in argv
    assert kwargs["environment"] == {
        "RELU_TUI_SERVED": "1",
        "RELU_TUI_DATA_DIR": str(folder.resolve()),
    }


# --- class mode in the app: files go to the browser, typed names stay in the folder ------------


def _served(monkeypatch: pytest.MonkeyPatch, data_dir: Path | None) -> list[tuple[str, str]]:
    """Class mode on; the app's deliveries recorded instead of sent (there is no browser)."""
    from relu_tui.ui.classroom import ClassroomApp

    monkeypatch.setenv("RELU_TUI_SERVED", "1")
    if data_dir is None:
        monkeypatch.delenv("RELU_TUI_DATA_DIR", raising=False)
    else:
        monkeypatch.setenv("RELU_TUI_DATA_DIR", str(data_dir))
    delivered: list[tuple[str, str]] = []

    def deliver_text(self: Any, file: Any, *, save_filename: str, **kwargs: Any) -> str:
        delivered.append((save_filename, file.read()))
        return "key"

    monkeypatch.setattr(ClassroomApp, "deliver_text", deliver_text)
    return delivered


async def test_served_export_and_screenshot_are_downloads_never_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x and ctrl+s in a served session deliver to the browser; nothing appears in the
    current folder or in --save-dir."""
    from relu_tui.ui.app import ReluApp

    delivered = _served(monkeypatch, None)
    save = tmp_path / "save"
    save.mkdir()
    app = ReluApp(start="dead", save_dir=str(save))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    names = [name for name, _ in delivered]
    assert names[0] == "relu_tui_model.py" and "nn.Sequential(" in delivered[0][1]
    assert names[1].endswith(".svg") and names[2].endswith(".txt")
    assert "Dead neurons" in delivered[2][1]
    assert list(save.iterdir()) == [] and list(Path.cwd().iterdir()) == []
    assert any("download" in m for m in messages)


async def test_served_o_is_off_without_a_data_dir_and_folder_bound_with_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No --data-dir: o says loading is off. With one: a path elsewhere on the server is
    refused without a word of its content; a name from the folder loads."""
    from relu_tui.lessons.dead.screen import DeadScreen
    from relu_tui.ui.app import ReluApp
    from relu_tui.ui.widgets.inline_prompt import InlinePrompt

    secret = tmp_path / "secret.csv"
    secret.write_text("user,uid\nalice,1000\nbob,1001\n")
    _served(monkeypatch, None)
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert not app.screen.query_one("#data-prompt", InlinePrompt).is_open
        assert any("loading files is off" in n.message.lower() for n in app._notifications)

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "line.csv").write_text("x,y\n" + "".join(f"{i},{2 * i}\n" for i in range(20)))
    _served(monkeypatch, folder)
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DeadScreen)
        prompt = screen.query_one("#data-prompt", InlinePrompt)
        await pilot.press("o")
        assert prompt.is_open
        for typed in (str(secret), "../secret.csv", "~/.bashrc", "/etc/passwd"):
            prompt.value = typed
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert prompt.is_open and "line.csv" in prompt.note
            assert "alice" not in prompt.note and "not a number" not in prompt.note
            assert "column" not in prompt.note
        assert screen.state.data.label == "two spirals"
        prompt.value = "line.csv"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not prompt.is_open
        assert screen.state.data.label == "line.csv" and len(screen.state.data.x) == 20


async def test_unserved_saves_never_replace_a_file(tmp_path: Path) -> None:
    """Outside class mode x writes into --save-dir; a second x takes a new name."""
    from relu_tui.ui.app import ReluApp

    (tmp_path / "relu_tui_model.py").write_text("mine\n")
    app = ReluApp(start="dead", save_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "x")
        await pilot.pause()
    assert (tmp_path / "relu_tui_model.py").read_text() == "mine\n"
    assert "nn.Sequential(" in (tmp_path / "relu_tui_model-2.py").read_text()
    assert (tmp_path / "relu_tui_model-3.py").exists()


def test_a_busy_session_yields_and_gets_its_priority_back_when_idle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Over half a core second after second: niceness 5; idle again: back to 0."""
    pytest.importorskip("textual_serve")
    from relu_tui.cli import web

    set_to: list[tuple[int, int]] = []
    monkeypatch.setattr(web, "set_niceness", lambda pid, n: set_to.append((pid, n)) or True)
    session = web.Session(["true"], {}, state_parent=str(tmp_path), **_service_callbacks())
    monkeypatch.setattr(web.Session, "pid", property(lambda self: 42))
    session.pace(10.0, 100.0)
    session.pace(10.1, 101.0)  # 0.1 of a core: nothing
    assert set_to == [] and session.niceness == 0
    session.pace(11.0, 102.0)  # 0.9 of a core: busy
    session.pace(11.9, 103.0)
    assert set_to == [(42, web.BUSY_NICENESS)] and session.niceness == web.BUSY_NICENESS
    session.pace(11.95, 104.0)  # idle
    assert set_to[-1] == (42, 0) and session.niceness == 0


def _service_callbacks() -> dict[str, Any]:
    async def nothing(*args: Any) -> None:
        return None

    from textual_serve.download_manager import DownloadManager

    return {
        "write_bytes": nothing,
        "write_str": nothing,
        "close": nothing,
        "download_manager": DownloadManager(),
    }


def test_a_session_past_its_memory_limit_is_ended_and_told_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The watcher kills a session whose process is over --session-memory, once, and tells
    its browser in one line; sessions under the limit are left alone."""
    pytest.importorskip("textual_serve")
    import asyncio

    from relu_tui.cli import web

    class Fake:
        def __init__(self, pid: int) -> None:
            self.pid, self.why_ended, self.killed, self.said = pid, None, 0, b""

        def alive(self) -> bool:
            return True

        def pace(self, cpu: object, now: object) -> None:
            return None

        def kill(self) -> None:
            self.killed += 1

        async def remote_write_bytes(self, data: bytes) -> None:
            self.said += data

    sizes = {1: 900.0, 2: 80.0}
    monkeypatch.setattr(web, "rss_mb", lambda pid: sizes[pid])
    monkeypatch.setattr(web, "WATCH_EVERY", 0.01)
    server = web.CappedServer(["true"], host="127.0.0.1", port=1, max_sessions=2, memory_mb=600)
    big, small = Fake(1), Fake(2)
    server.sessions = {big, small}  # type: ignore[assignment]

    async def watch_briefly() -> None:
        watcher = asyncio.create_task(server._watch())
        await asyncio.sleep(0.1)
        watcher.cancel()

    asyncio.run(watch_briefly())
    assert big.killed == 1 and small.killed == 0
    assert b"900 MB" in big.said and b"600 MB" in big.said and b"reload" in big.said


def test_serve_options_must_be_spelled_in_full(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--max-sess 3` would reach every session's app and stop it: refused at once."""
    monkeypatch.setattr(serve, "run", lambda args, argv: 0)  # never a real server here
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "dead", "--max-sess", "3"])
    assert exit_info.value.code == 2
    assert "--max-sess" in capsys.readouterr().err
