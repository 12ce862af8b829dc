"""The argument parser of `relu-tui`, shared by the main command, `serve` and `demo`.

The screens' settings options come from the lesson descriptions (`lessons/<name>/lesson.py`):
every setting of every lesson is an option, converted and range-checked by its own Param
once the screen is known, and listed in `--help` under its lesson. Loading the settings
imports the lessons' state modules, so a command line that names no setting (`relu-tui
dosage`, `--version`) builds the parser without them.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from typing import NoReturn

from relu_tui import __version__
from relu_tui.base.parse import InputError
from relu_tui.cli.options import EXIT_USAGE, say, whole
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.lesson import Lesson, Setting, SettingValue, TextSetting, parse_setting
from relu_tui.lessons.share import PROGRAM

GLOBAL_OPTIONS = frozenset(
    (
        "--print",
        "--lessons",
        "--columns",
        "--height",
        "--ascii",
        "--version",
        "--theme",
        "--save-dir",
        "--export",
        "--force",
    )
)
"""The options every screen takes; a command line with any other builds the settings too."""

_SETTING = "setting:"
"""Prefix of the argparse destination of a lesson setting's option (its text, unconverted)."""


def wants_settings(argv: Sequence[str]) -> bool:
    """Whether `argv` names an option beyond GLOBAL_OPTIONS (a setting, --width, --help)."""
    return any(
        word.startswith("-") and word.partition("=")[0] not in GLOBAL_OPTIONS
        for word in argv
        if word != "-"
    )


def settings_needed(argv: Sequence[str]) -> tuple[str, ...]:
    """The lessons whose settings the parser for `argv` declares: none when it names no
    setting, the one screen it names (or activations, the default) when it names one, every
    lesson's for `--help` or when it names several. Each lesson's settings import its
    state, so `relu-tui dead --lr 0.1` loads Dead neurons' only."""
    if not wants_settings(argv):
        return ()
    everything = tuple(SCREENS)
    if any(word in ("-h", "--help") for word in argv):
        return everything
    named = {word for word in argv if word in SCREENS}
    named |= {word.partition("=")[2] for word in argv if word.startswith("--print=")}
    if len(named) > 1:
        return everything
    return (named.pop() if named else "activations",)


def _metavar(setting: Setting) -> str:
    if isinstance(setting, TextSetting):
        return setting.metavar
    if setting.choices:
        return "NAME"
    return "N" if setting.integer else "X"


def _setting_lines(lesson: Lesson) -> str:
    from relu_tui.lessons.lesson import setting_help

    lines = []
    for setting in lesson.setting_list():
        flag = f"--{setting.option} {_metavar(setting)}"
        lines.append(f"  {flag:<24}{setting_help(setting)}")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one line and exit status 2, and a setting's
    option is accepted only for a screen whose lesson has it."""

    with_settings = True
    partial = False
    """Only some lessons' settings are declared: an error is checked again with them all
    (so another screen's setting is named as such, not as an unknown option)."""
    _argv: Sequence[str] | None = None

    def error(self, message: str) -> NoReturn:
        if self.partial and self._argv is not None:
            build_parser().parse_args(self._argv)  # exits with the full parser's message
        say(f"{message} (see relu-tui --help)")
        self.exit(EXIT_USAGE)

    def parse_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: None = None,
    ) -> argparse.Namespace:
        self._argv = list(args) if args is not None else None
        parsed = super().parse_args(args, namespace)
        screen = parsed.print_screen or parsed.screen or "activations"
        parsed.settings = self._settings(parsed, SCREENS.get(screen), screen)
        return parsed

    def _settings(
        self, parsed: argparse.Namespace, lesson: Lesson | None, screen: str
    ) -> dict[str, SettingValue]:
        """The given options' values, each converted by its setting in the screen's lesson;
        `--width` is the lesson's setting where it has one, else the `--print` width."""
        given = {
            name.removeprefix(_SETTING): text
            for name, text in vars(parsed).items()
            if name.startswith(_SETTING) and text is not None
        }
        width = parsed.width_text
        parsed.width = parsed.columns
        if width is not None:
            if lesson is not None and "width" in lesson.by_option():
                given["width"] = width
            else:
                try:
                    parsed.width = whole(40, 400)(width)
                except argparse.ArgumentTypeError as error:
                    self.error(f"argument --width: {error}")
        settings: dict[str, SettingValue] = {}
        if lesson is None:
            return settings  # an unknown screen: the caller says so
        if parsed.export is not None and not lesson.exports:
            owners = [n for n, other in SCREENS.items() if other.exports]
            self.error(f"--export is an option of {' and '.join(owners)}, not {screen}")
        if not given:
            return settings  # none to read: the lesson's settings (and state) stay unloaded
        options = lesson.by_option()
        for option, text in given.items():
            setting = options.get(option)
            if setting is None:
                owners = [n for n, other in SCREENS.items() if option in other.by_option()]
                self.error(f"--{option} is a setting of {' and '.join(owners)}, not {screen}")
            try:
                settings[setting.name] = parse_setting(setting, text)
            except InputError as error:
                self.error(f"argument --{option}: {error}")
        return settings

    def format_help(self) -> str:
        text = super().format_help()
        if not self.with_settings:
            return text
        sections = [
            f"settings of {name} ({lesson.title}; also with --print {name}):\n"
            f"{_setting_lines(lesson)}"
            for name, lesson in SCREENS.items()
            if lesson.setting_list()
        ]
        return text.rstrip("\n") + "\n\n" + "\n\n".join(sections) + "\n"


def build_parser(
    *, with_settings: bool = True, lessons: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and `--help`).

    Args:
        with_settings: add the lessons' settings' options (imports each lesson's state
            module); without, a setting's option is refused as unknown.
        lessons: only these lessons' settings (`settings_needed`); None: every lesson's.
    """
    names = ", ".join(SCREENS)
    screens = "\n".join(
        f"  {info.key}  {name:<12} {info.title}: {info.summary}" for name, info in SCREENS.items()
    )
    parser = _Parser(
        prog="relu-tui",
        description="A terminal explorer that teaches the ReLU activation.",
        epilog=f"screens (keys 1-{len(SCREENS)} in the app):\n{screens}\n\n"
        "examples:\n  relu-tui dosage\n  relu-tui puzzle --level random --seed 7\n"
        "  relu-tui dead --width 20 --depth 4 --dataset circles --optimizer sgd\n"
        "  relu-tui --print activations --width 100 --ascii\n"
        "  relu-tui exercises --course my-course.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    every = lessons is None or set(lessons) >= set(SCREENS)
    parser.with_settings = with_settings and every
    parser.partial = not (with_settings and every)
    parser.add_argument(
        "screen",
        nargs="?",
        metavar="SCREEN",
        help=f"screen to open: {names} (default: activations)",
    )
    parser.add_argument(
        "--print",
        dest="print_screen",
        metavar="SCREEN",
        help="print a static text version of SCREEN to stdout and exit",
    )
    parser.add_argument(
        "--lessons",
        action="store_true",
        help="print the lessons of 'ReLU Explained' (two linear layers are one, "
        "no ReLU on the output, three ways to use ReLU in PyTorch) and exit",
    )
    parser.add_argument(
        "--columns",
        type=whole(40, 400),
        metavar="N",
        help="width of --print output in columns (default: terminal width, or 100)",
    )
    parser.add_argument(
        "--width",
        dest="width_text",
        metavar="N",
        help="the same as --columns, except on a screen with a width setting (dead: units "
        "per hidden layer)",
    )
    parser.add_argument(
        "--height",
        type=whole(10, 200),
        metavar="N",
        help="height of plots in --print output (default: 20)",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="ASCII plot markers and frames instead of braille and box drawing",
    )
    parser.add_argument("--version", action="version", version=f"relu-tui {__version__}")
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme, e.g. textual-dark, nord, gruvbox (default: the last "
        "one picked with ctrl+p, Theme)",
    )
    parser.add_argument(
        "--save-dir",
        metavar="DIR",
        help="where ctrl+s saves screenshots (default: the current directory)",
    )
    parser.add_argument(
        "--export",
        metavar="FILE.py",
        help="with --print dead or --print approx: also write the trained network(s) as a "
        "PyTorch script",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --export: replace an existing file (default: write FILE-2.py beside it)",
    )
    if with_settings:
        declared = {"width"}
        chosen = SCREENS if lessons is None else {name: SCREENS[name] for name in lessons}
        for lesson in chosen.values():
            for setting in lesson.setting_list():
                if setting.option in declared:
                    continue
                declared.add(setting.option)
                parser.add_argument(
                    f"--{setting.option}",
                    dest=f"{_SETTING}{setting.option}",
                    metavar=_metavar(setting),
                    help=argparse.SUPPRESS,  # listed by lesson (format_help)
                )
    return parser


def launch_options(args: argparse.Namespace, screen: str) -> LaunchOptions:
    """The LaunchOptions a parsed command line asks for, on `screen`."""
    return LaunchOptions(
        screen=screen,
        ascii=bool(args.ascii),
        width=args.width,
        height=args.height,
        export=args.export,
        force=bool(args.force),
        settings=dict(args.settings),
    )


def parse_command(line: str) -> LaunchOptions:
    """Read a `relu-tui SCREEN ...` or `relu-tui --print SCREEN ...` line back.

    Raises:
        ValueError: a line that is not a relu-tui command or that the CLI would refuse.
    """
    words = shlex.split(line)
    if not words or words[0] != PROGRAM:
        raise ValueError(f"not a {PROGRAM} command: {line!r}")
    parser = build_parser()
    try:
        args = parser.parse_args(words[1:])
    except SystemExit as error:
        raise ValueError(f"{PROGRAM} would refuse: {line!r}") from error
    screen = args.print_screen or args.screen or "activations"
    return launch_options(args, screen)
