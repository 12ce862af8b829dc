"""Every setting of every lesson, changed, copied as a command and reopened (issue 17).

For each lesson every setting is moved off its default; the app opens on that command
line, *Copy settings as command* runs (the real code path: the palette's action and the
clipboard), a fresh app opens from the copied line, and both show the same settings and
state. Its `--print` twin parses to the same settings and prints.
"""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from relu_tui.base.params import Param
from relu_tui.cli.main import main
from relu_tui.cli.parser import parse_command
from relu_tui.lessons.catalog import LESSONS
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.lesson import Lesson, SettingValue, TextSetting, param_value
from relu_tui.lessons.share import command_line, print_line
from relu_tui.ui.app import ReluApp

TEXTS: dict[tuple[str, str], str] = {
    ("activations", "inputs"): "1, -2, 3.5",
    ("activations", "selected"): "relu,gelu,tanh",
    ("approx", "target"): "x**3 on [-1, 2]",
    ("dead", "features"): "x1,x2,x1*x2,sin1",
    ("dead", "widths"): "8,8,4,4",  # as many layers as the moved depth
}
"""A value for each free-text setting (a CSV file for `data` is written by the test)."""

CHOSEN: dict[tuple[str, str], SettingValue] = {
    ("puzzle", "level"): "random",  # the seed only matters on a random level
    ("dead", "dataset"): "circles",
    ("dead", "epochs"): 7,  # short, for the --print twin
}


def _moved(param: Param) -> SettingValue:
    """A value off the default, inside the range."""
    start = param.reset()
    moved = start.nudged(1)
    if param_value(moved) == param_value(start):
        moved = start.nudged(-1)
    return param_value(moved)


def non_defaults(lesson: Lesson, tmp_path: Path) -> dict[str, SettingValue]:
    """Every setting of `lesson` at a value other than its default."""
    values: dict[str, SettingValue] = {}
    for setting in lesson.setting_list():
        key = (lesson.name, setting.name)
        if key in CHOSEN:
            values[setting.name] = CHOSEN[key]
        elif isinstance(setting, TextSetting):
            if key == ("dead", "data"):
                continue  # a file replaces the dataset control: see test_a_loaded_csv_file...
            values[setting.name] = TEXTS[key]
        else:
            values[setting.name] = _moved(setting)
    return values


MEASURED = ("costs",)
"""State fields measured on this machine (timings), not set by any setting."""


def _same_state(lesson: Lesson, a: Any, b: Any) -> None:
    assert lesson.settings_of(a) == lesson.settings_of(b)
    if lesson.name in ("activations", "dosage", "puzzle"):  # frozen dataclasses with ==
        unmeasured = {name: () for name in MEASURED if hasattr(a, name)}
        assert replace(a, **unmeasured) == replace(b, **unmeasured)


async def _round_trip(name: str, line: str) -> dict[str, SettingValue]:
    """Open `line`, copy the settings as a command, reopen that: the settings shown."""
    lesson = LESSONS[name]
    app = ReluApp(launch_options=parse_command(line))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = app.screen.current_settings()
        first = app.screen.lesson_state()
        app.action_copy_settings()
        copied = app._clipboard
    assert copied is not None
    reopened = ReluApp(launch_options=parse_command(copied))
    async with reopened.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert reopened.screen.current_settings() == shown
        _same_state(lesson, reopened.screen.lesson_state(), first)
    return shown


@pytest.mark.parametrize("name", list(LESSONS))
async def test_every_setting_changed_survives_copy_and_reopen(name: str, tmp_path: Path) -> None:
    """Each setting off its default is in effect, copied, and back after reopening."""
    lesson = LESSONS[name]
    given = non_defaults(lesson, tmp_path)
    line = command_line(LaunchOptions(screen=name, settings=given))
    shown = await _round_trip(name, line)
    defaults = lesson.defaults()
    for setting, value in given.items():
        assert shown[setting] != defaults[setting], (setting, value)
        if not isinstance(value, str) or setting in ("level", "dataset"):
            assert shown[setting] == value, setting


async def test_a_loaded_csv_file_survives_copy_and_reopen(tmp_path: Path) -> None:
    """Dead neurons' --data: the file trains, is copied as its path and reloads."""
    path = tmp_path / "points.csv"
    path.write_text(
        "x1,x2,label\n" + "".join(f"{i % 5},{i // 5},{i % 2}\n" for i in range(20)),
        encoding="utf-8",
    )
    line = command_line(LaunchOptions(screen="dead", settings={"data": str(path), "width": 5}))
    shown = await _round_trip("dead", line)
    assert shown["data"] == str(path) and shown["width"] == 5


@pytest.mark.parametrize("name", list(LESSONS))
def test_every_setting_has_a_print_twin(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `--print` line of every setting changed parses to the same settings and prints."""
    lesson = LESSONS[name]
    options = LaunchOptions(screen=name, settings=non_defaults(lesson, tmp_path))
    line = print_line(options)
    assert parse_command(line) == options
    for setting in lesson.setting_list():
        if setting.name in options.settings:
            assert f"--{setting.option}" in line
    assert main([*shlex.split(line)[1:], "--columns", "80"]) == 0
    assert capsys.readouterr().out.strip()
