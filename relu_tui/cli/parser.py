"""The argument parser of `relu-tui`, shared by the main command, `serve` and `demo`."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Sequence
from typing import NoReturn

from relu_tui import __version__
from relu_tui.base.parse import InputError
from relu_tui.cli.options import EXIT_USAGE, say, whole
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import SCREEN_OPTIONS, LaunchOptions, ScreenOption
from relu_tui.lessons.share import PROGRAM


class _Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one line and exit status 2, and a screen option
    is accepted only for a screen it applies to."""

    def error(self, message: str) -> NoReturn:
        say(f"{message} (see relu-tui --help)")
        self.exit(EXIT_USAGE)

    def parse_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: None = None,
    ) -> argparse.Namespace:
        parsed = super().parse_args(args, namespace)
        screen = parsed.print_screen or parsed.screen or "activations"
        for option in SCREEN_OPTIONS:
            if getattr(parsed, option.name, None) is not None and screen not in option.screens:
                flag = option.name.replace("_", "-")
                self.error(f"--{flag} is an option of {' and '.join(option.screens)}, not {screen}")
        return parsed

    def format_help(self) -> str:
        # Screen options describe themselves from the core's Params, imported only now.
        for action in self._actions:
            option = _OPTIONS.get(action.dest)
            if option is not None:
                action.help = option.help()
        return super().format_help()


_OPTIONS = {option.name: option for option in SCREEN_OPTIONS}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and `--help`)."""
    names = ", ".join(SCREENS)
    screens = "\n".join(
        f"  {info.key}  {name:<12} {info.title}: {info.summary}" for name, info in SCREENS.items()
    )
    parser = _Parser(
        prog="relu-tui",
        description="A terminal explorer that teaches the ReLU activation.",
        epilog=f"screens (keys 1-{len(SCREENS)} in the app):\n{screens}\n\n"
        "examples:\n  relu-tui dosage\n  relu-tui puzzle --level random --seed 7\n"
        "  relu-tui --print activations --width 100 --ascii\n"
        "  relu-tui exercises --course my-course.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
        "no ReLU on the output, ReLU in PyTorch four ways) and exit",
    )
    parser.add_argument(
        "--width",
        type=whole(40, 400),
        metavar="N",
        help="width of --print output in columns (default: terminal width, or 100)",
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
        "--force",
        action="store_true",
        help="with --export: replace an existing file (default: write FILE-2.py beside it)",
    )
    extras = parser.add_argument_group(
        "screen options", "each for the screens it names; the panel shows the value given"
    )
    for option in SCREEN_OPTIONS:
        extras.add_argument(
            f"--{option.name.replace('_', '-')}",
            dest=option.name,
            type=_checked(option),
            metavar=option.metavar,
            help=option.what,
        )  # the full line comes from the Param (format_help)
    return parser


def _checked(option: ScreenOption) -> Callable[[str], object]:
    """argparse's converter for `option`: its Param's value, or a one-line usage error."""

    def convert(text: str) -> object:
        try:
            return option.convert(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    convert.__name__ = option.name  # argparse names the converter in some messages
    return convert


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
    return LaunchOptions.from_namespace(args, screen=screen)
