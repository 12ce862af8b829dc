"""Screenshots anywhere, settings as a command, the remembered theme, F1 (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relu_tui.cli.parser import parse_command
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.share import command_line, print_line
from relu_tui.ui.app import ReluApp


def _messages(app: ReluApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_ctrl_s_saves_svg_and_text_in_the_current_folder_without_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A HOME with no Downloads folder: ctrl+s still saves, into the current folder."""
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        svgs, texts = list(work.glob("*.svg")), list(work.glob("*.txt"))
        assert len(svgs) == 1 and len(texts) == 1
        assert svgs[0].read_text().lstrip().startswith("<svg")
        text = texts[0].read_text()
        assert "Dosage network" in text and "1/7" in text
        assert any(str(svgs[0]) in message for message in _messages(app))
    assert not (home / "Downloads").exists()


async def test_save_dir_is_used_and_a_missing_one_is_a_message(tmp_path: Path) -> None:
    """--save-dir DIR receives the files; a folder that does not exist gets a message and
    the screen's state is untouched."""
    app = ReluApp(start="dosage", save_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        assert len(list(tmp_path.glob("relu-tui-dosage-*.svg"))) == 1
    missing = tmp_path / "nope"
    app = ReluApp(start="dosage", save_dir=str(missing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        assert not missing.exists()
        assert any("not saved" in m and str(missing) in m for m in _messages(app))
        assert app.screen.state.stage == 2


async def test_a_full_disk_is_a_message_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails (a full disk) is reported; no 0-byte or temporary file is left."""
    import errno

    from relu_tui.base import progress

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", full)
    app = ReluApp(start="dosage", save_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("No space left" in m for m in _messages(app))
    assert list(tmp_path.iterdir()) == []


async def test_screenshots_never_replace_a_file(tmp_path: Path) -> None:
    """Two screenshots in the same second: the second gets a number, the first is kept."""
    app = ReluApp(start="dosage", save_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.save_screenshots()
        second = app.save_screenshots()
        await pilot.pause()
    assert first and second and first[0] != second[0] and first[1] != second[1]
    assert len(list(tmp_path.glob("*.svg"))) == 2 and len(list(tmp_path.glob("*.txt"))) == 2


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / ("d" * 300), "too long"),
        (lambda tmp: tmp / "afile", "afile is a file, not a folder"),
        (lambda tmp: "~nosuchuser/shots", "no home folder for user 'nosuchuser'"),
    ],
)
async def test_a_bad_save_dir_is_a_message_not_a_crash(
    tmp_path: Path, make: object, expected: str
) -> None:
    """A 300-character --save-dir, a file, an unknown user's home: ctrl+s and x say why."""
    (tmp_path / "afile").write_text("")
    save_dir = str(make(tmp_path))  # type: ignore[operator]
    for screen, key in (("dosage", "ctrl+s"), ("dead", "x")):
        app = ReluApp(start=screen, save_dir=save_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert any(expected in m for m in _messages(app)), _messages(app)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


async def test_export_key_never_replaces_the_script(tmp_path: Path) -> None:
    """x twice: relu_tui_model.py then relu_tui_model-2.py; a file already there is kept."""
    (tmp_path / "relu_tui_model.py").write_text("mine\n")
    app = ReluApp(start="dead", save_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
    assert (tmp_path / "relu_tui_model.py").read_text() == "mine\n"
    assert "nn.Sequential" in (tmp_path / "relu_tui_model-2.py").read_text()


async def test_palette_screenshot_is_ours_not_textual_s_downloads_one() -> None:
    """The palette offers one Screenshot (ours) and Copy settings as command."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Screenshot") == 1
        assert "Copy settings as command" in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        assert "ctrl+s" in command.help


@pytest.mark.parametrize(
    ("screen", "keys", "expected"),
    [
        ("dosage", ("n", "n"), {"stage": 3}),
        ("puzzle", ("right_square_bracket",), {"level": "2"}),
        ("approx", ("plus",), {"units": 11}),
        ("activations", (), {}),
    ],
)
async def test_copied_command_reopens_the_same_setup(
    screen: str, keys: tuple[str, ...], expected: dict[str, object]
) -> None:
    """The command shown (and copied) parses back to exactly the current LaunchOptions."""
    app = ReluApp(start=screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        options = app.current_launch_options()
        for name, value in expected.items():
            assert options.settings[name] == value
        app.action_copy_settings()
        await pilot.pause()
        line = command_line(options)
        assert app._clipboard == line
        assert parse_command(line) == options
        assert parse_command(print_line(options)) == options
        assert any(line in m and "--print" in m for m in _messages(app))
    reopened = ReluApp(start=screen, launch_options=parse_command(line))
    async with reopened.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert reopened.current_launch_options() == options


async def test_dead_settings_are_shared_with_lr_and_activation() -> None:
    """The dead neurons screen shares its activation, learning rate, epochs and seed."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.current_launch_options()
        assert options.settings["activation"] == "relu" and options.settings["lr"] > 0
        assert parse_command(command_line(options)) == options


def test_ascii_and_quoting_survive_the_round_trip() -> None:
    """A typed target with spaces and brackets is quoted; --ascii is kept."""
    settings = {"target": "x**2 on [-1, 2]", "units": 40, "seed": 3}
    options = LaunchOptions(screen="approx", ascii=True, settings=settings)
    line = command_line(options)
    assert line == "relu-tui approx --target 'x**2 on [-1, 2]' --units 40 --seed 3 --ascii"
    assert parse_command(line) == options


async def test_theme_picked_is_remembered_and_theme_option_is_not(tmp_path: Path) -> None:
    """A theme chosen in the app is saved at exit and used next time; --theme is not saved."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)):
        app.theme = "nord"
    app = ReluApp(start="dosage")
    assert app.theme == "nord"
    app = ReluApp(start="dosage", theme="gruvbox")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "gruvbox"
    assert ReluApp(start="dosage").theme == "nord"


async def test_a_corrupt_settings_file_is_set_aside_with_a_message(_isolated_state: Path) -> None:
    """Garbage in settings.json: default theme, the file kept as .corrupt, one message."""
    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text("{not json")
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("unreadable" in m for m in _messages(app))
    assert (folder / "settings.json.corrupt").exists()


@pytest.mark.parametrize("theme", [["nord"], {"name": "nord"}, 7, None, True])
async def test_a_setting_of_the_wrong_type_is_a_message_not_a_crash(
    _isolated_state: Path, theme: object
) -> None:
    """settings.json with {"theme": ["nord"]} (or an object, ...): the app starts with the
    default theme, says what is wrong, and leaves the file as it is."""
    import json

    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    text = json.dumps({"version": 1, "data": {"theme": theme}})
    (folder / "settings.json").write_text(text)
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("theme is" in m and "not a theme name" in m for m in _messages(app))
    assert (folder / "settings.json").read_text() == text


async def test_f1_opens_help_like_question_mark() -> None:
    """F1 shows the help screen."""
    from relu_tui.ui.help import HelpScreen

    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_dev_mode_watches_every_stylesheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `textual run --dev` (TEXTUAL=debug) every screen's stylesheet is watched, not
    only the app's: they are read lazily, when a screen is first built."""
    monkeypatch.setenv("TEXTUAL", "debug,devtools")
    app = ReluApp(start="dosage")
    assert app.css_monitor is not None
    watched = {Path(path).name for path in app.css_monitor._paths}
    styles = Path(__file__).parents[2] / "relu_tui" / "ui"
    expected = {p.name for p in (styles / "styles").glob("*.tcss")} | {"relu_tui.tcss", "demo.tcss"}
    assert expected <= watched
