"""Lesson: the one description of a lesson, from which the rest of the app is derived.

A lesson's `lessons/<name>/lesson.py` holds `LESSON = Lesson(...)`: its name, key, title,
every setting (a `base.params.Param`, or a `TextSetting` for free text such as an
expression or a file), its views (declared beside its state), how settings build its state
(`state_from`) and how its state reads back into settings (`settings_of`), and where its
screen and `--print` module live (module paths, imported only when used).

The command line's options and `--help`, `LaunchOptions`, *Copy settings as command*, the
demo, exercise start states and `--print` all read these descriptions: adding a setting to
a lesson is one edit, in its settings.

No Textual and no NumPy here, nor in any `lessons/<name>/lesson.py`: the command line reads
the descriptions before anything heavy loads. Settings, state and screen load lazily.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from relu_tui.base.params import Param
from relu_tui.base.parse import InputError

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The `relu_tui` package folder, where each screen's stylesheet path starts."""

SettingValue = float | int | str
"""A setting's value: a number (int for whole-number settings), a choice's name, a text."""

Settings = Mapping[str, SettingValue]
"""A lesson's settings by name (a partial mapping means "defaults for the rest")."""


@dataclass(frozen=True)
class TextSetting:
    """A setting typed as free text (an expression, a list of numbers, a file path).

    The lesson's `state_from` checks it (and says what is wrong in one line).
    """

    name: str
    help: str
    default: str = ""
    metavar: str = "TEXT"
    flag: str = ""
    """The command-line option, `--flag` (default: the name, `_` as `-`)."""

    @property
    def option(self) -> str:
        """The command-line option's name, without `--`."""
        return self.flag or self.name.replace("_", "-")


Setting = Param | TextSetting


def default_value(setting: Setting) -> SettingValue:
    """The setting's default value, typed as settings hold it."""
    if isinstance(setting, TextSetting):
        return setting.default
    return param_value(setting.reset())


def param_value(param: Param) -> SettingValue:
    """A Param's value as settings hold it: the choice's name, an int, or a float."""
    if param.choices:
        return param.choice
    return int(round(param.value)) if param.integer else float(param.value)


def parse_setting(setting: Setting, text: str) -> SettingValue:
    """The typed value of `text` for `setting`: the panel's own check (`Param.with_text`).

    A choice may be written with `-` for `_` (`Leaky-ReLU` is `leaky_relu`).

    Raises:
        InputError: not a value the setting accepts.
    """
    if isinstance(setting, TextSetting):
        return text
    if setting.choices:
        wanted = text.strip().lower()
        for choice in setting.choices:
            if wanted in (choice.lower(), choice.lower().replace("_", "-")):
                return choice
        raise InputError(f"'{text.strip()}' is not one of: {', '.join(setting.choices)}")
    return param_value(setting.with_text(text))


def setting_text(value: SettingValue) -> str:
    """A value as the command line writes it (whole floats without `.0`, exact repr)."""
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def setting_help(setting: Setting) -> str:
    """One `--help` line: what it sets, its range or choices, its default."""
    if isinstance(setting, TextSetting):
        default = f" (default {setting.default})" if setting.default else ""
        return f"{setting.help}{default}"
    if setting.choices:
        return f"{setting.help}: {', '.join(setting.choices)} (default {setting.reset().choice})"
    low = int(setting.low) if setting.integer else setting.low
    high = int(setting.high) if setting.integer else setting.high
    return f"{setting.help}, {low:g} to {high:g} (default {setting.reset().display})"


@dataclass(frozen=True)
class View:
    """One of a lesson screen's views.

    Attributes:
        name: the view's id (the screen's state and CSS use it).
        key: the key that opens it ("" when only the view keys cycle to it).
        title: what the view bar calls it.
        short: a shorter title, for a view bar that is short of room ("" : the title).
        min_rows: terminal rows the view needs to show everything at 80 columns (0: the
            lesson screen's own minimum is enough).
    """

    name: str
    key: str
    title: str
    short: str = ""
    min_rows: int = 0

    @property
    def short_title(self) -> str:
        """`short`, or the title when there is no shorter one."""
        return self.short or self.title


def entry(path: str) -> Callable[..., Any]:
    """The function at `module:name`, imported on its first call (as entry points are).

    A description names its lesson's code this way, so reading it imports nothing of the
    lesson and no import runs back up the tree.
    """
    module, _, name = path.partition(":")

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args)

    call.__qualname__ = call.__name__ = name
    return call


def views_at(path: str) -> Callable[[], tuple[View, ...]]:
    """The views declared at `module:NAME` (a sequence of `View`), read when asked."""
    module, _, name = path.partition(":")

    def views() -> tuple[View, ...]:
        return tuple(getattr(importlib.import_module(module), name))

    return views


@dataclass(frozen=True)
class Lesson:
    """Everything the app needs to know about one lesson (or the exercises course)."""

    name: str
    """One name everywhere: folder, CLI argument, app mode, CSS id."""
    key: str
    title: str
    summary: str
    screen: str
    """`module:Class` of the lesson's Textual screen."""
    printout: str
    """Module path of its `--print` module, which has `render(options) -> str`."""
    settings: Callable[[], tuple[Setting, ...]] = tuple
    """Every setting, in panel and command-line order (imports the lesson's state)."""
    state_from: Callable[[Settings], Any] = dict
    """Settings (defaults for any not given) -> the lesson's state.

    Raises InputError naming what cannot apply."""
    settings_of: Callable[[Any], dict[str, SettingValue]] = dict
    """The lesson's state -> its full settings (copy-command, exercises, demo)."""
    views: Callable[[], tuple[View, ...]] = tuple
    """The screen's views (declared beside its state, `VIEW_LIST`; loaded when asked)."""
    stylesheet: str = ""
    """The screen's `.tcss`, relative to the package folder (default
    `lessons/<name>/<name>.tcss`)."""
    exercises: bool = True
    """Whether the exercises course runs exercises on this lesson."""
    exports: bool = False
    """Whether `--print` of this lesson can write its trained network(s) (`--export`)."""
    quantities: str = ""
    """Module path of what exercise checks may read on the screen: `QUANTITIES` (the
    names, each a `lessons.quantity.Quantity`), `quantities(state, start)` (their values),
    and, where the checks see another state than the screen's, `check_state(state)`."""
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # ---------------------------------------------------------------- loading

    def load_screen(self) -> type:
        """Imports and returns the screen's Textual class."""
        module, _, name = self.screen.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type)
        return cls

    def load_printout(self) -> ModuleType:
        """Imports and returns the `--print` module."""
        return importlib.import_module(self.printout)

    def load_quantities(self) -> ModuleType:
        """Imports and returns the module of its exercise quantities (see `quantities`)."""
        return importlib.import_module(self.quantities)

    @property
    def stylesheet_path(self) -> Path:
        """The screen's stylesheet on disk."""
        return PACKAGE_ROOT / (self.stylesheet or f"lessons/{self.name}/{self.name}.tcss")

    # ---------------------------------------------------------------- settings

    def setting_list(self) -> tuple[Setting, ...]:
        """Every setting (built once)."""
        if "settings" not in self._cache:
            self._cache["settings"] = tuple(self.settings())
        found: tuple[Setting, ...] = self._cache["settings"]
        return found

    def setting(self, name: str) -> Setting:
        """The setting called `name`.

        Raises:
            KeyError: the lesson has no such setting.
        """
        for setting in self.setting_list():
            if setting.name == name:
                return setting
        raise KeyError(name)

    def by_option(self) -> dict[str, Setting]:
        """Every setting by its command-line option (without `--`)."""
        return {setting.option: setting for setting in self.setting_list()}

    def defaults(self) -> dict[str, SettingValue]:
        """Every setting at its default."""
        return {setting.name: default_value(setting) for setting in self.setting_list()}

    def full(self, given: Settings) -> dict[str, SettingValue]:
        """`given` completed with the defaults, in settings order.

        Raises:
            InputError: a name that is not one of this lesson's settings.
        """
        defaults = self.defaults()
        unknown = [name for name in given if name not in defaults]
        if unknown:
            raise InputError(
                f"'{unknown[0]}' is not a setting of {self.name} "
                f"(it has: {', '.join(defaults) or 'none'})"
            )
        return {name: given.get(name, value) for name, value in defaults.items()}

    def changed(self, settings: Settings, start: Settings) -> list[str]:
        """The names of the settings that differ between `settings` and `start`, in order."""
        return [
            name
            for name in self.defaults()
            if name in settings and name in start and settings[name] != start[name]
        ]

    def command_args(self, settings: Settings) -> list[str]:
        """`--option value` for every one of `settings` this lesson has, in settings order
        (a text setting left empty is not written; a value starting with `-` that is not a
        number is written `--option=value`, so it is not read as an option)."""
        args: list[str] = []
        for setting in self.setting_list():
            if setting.name not in settings:
                continue
            value = settings[setting.name]
            if isinstance(setting, TextSetting) and value == "":
                continue
            text = setting_text(value)
            if text.startswith("-") and not isinstance(value, int | float):
                args.append(f"--{setting.option}={text}")
            else:
                args += [f"--{setting.option}", text]
        return args
