"""Command line: `relu-tui [SCREEN]`, `relu-tui --print SCREEN`, `--help`, `--version`.

Everything that can be answered without the UI (help, version, names, `--print`) is answered
before `relu_tui.ui` is imported, so those paths never load Textual.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from relu_tui import __version__
from relu_tui.base.ascii import ascii_text
from relu_tui.base.parse import InputError, parse_number
from relu_tui.base.text import printable, terminal_safe
from relu_tui.lessons.catalog import SCREENS, available_screens
from relu_tui.lessons.launch import SCREEN_OPTIONS, LaunchOptions, ScreenOption

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command stopped with Ctrl-C."""


class _Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one line and exit status 2, and a screen option
    is accepted only for a screen it applies to."""

    def error(self, message: str) -> NoReturn:
        _say(f"{message} (see relu-tui --help)")
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


def _number(low: float | None = None, high: float | None = None) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            return parse_number(text, low=low, high=high)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _whole(low: int, high: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = parse_number(text, low=low, high=high)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if value != int(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
        return int(value)

    return convert


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
        type=_whole(40, 400),
        metavar="N",
        help="width of --print output in columns (default: terminal width, or 100)",
    )
    parser.add_argument(
        "--height",
        type=_whole(10, 200),
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


def _unknown(name: str) -> str:
    offered = available_screens()
    return f"unknown screen '{name}'; choose one of: {', '.join(offered)}"


def _say(message: str) -> None:
    """One line on stderr, `relu-tui: ` first, outside text's control characters escaped;
    a closed or full stderr is ignored (there is nowhere left to say it)."""
    try:
        sys.stderr.write(f"relu-tui: {printable(message)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # AttributeError: started with 2>&-
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status (130 after Ctrl-C)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("serve", "demo"):
        from relu_tui.cli import subcommands

        return subcommands.main(argv[0], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    offered = available_screens()
    if args.lessons:
        if args.screen is not None or args.print_screen is not None:
            parser.error("--lessons prints on its own; give no SCREEN or --print")
        return _print(args)
    if args.export is not None and args.print_screen is None:
        parser.error("--export writes a script with --print dead or --print approx")
    if args.force and args.export is None:
        parser.error("--force goes with --export FILE")
    if args.print_screen is not None:
        if args.screen is not None:
            parser.error("give either SCREEN or --print SCREEN, not both")
        if args.print_screen not in offered:
            _say(_unknown(args.print_screen))
            return EXIT_USAGE
        return _print(args)
    name = args.screen or "activations"
    if name not in offered:
        _say(_unknown(name))
        return EXIT_USAGE
    from relu_tui.cli.serve import under_web_driver

    if not under_web_driver() and not (_is_tty(sys.stdin) and _is_tty(sys.stdout)):
        _say("the app needs a terminal; use --print SCREEN for text output")
        return EXIT_USAGE
    return _run_app(name, args)


def _print(args: argparse.Namespace) -> int:
    """Render `--print SCREEN` and write it to stdout.

    The text fits `--width` (long lines are wrapped), is ASCII with `--ascii` or when stdout
    cannot encode Unicode (said once on stderr), has colour only on a terminal that is not
    `TERM=dumb` and without NO_COLOR. A closed pipe ends quietly with status 0 (the reader
    has what it wanted); any other write error is one line and status 1.
    """
    args.width = args.width or min(max(shutil.get_terminal_size((100, 30)).columns, 40), 400)
    args.height = args.height or 20
    args.color = _color_wanted(sys.stdout)
    if not args.ascii and not _can_encode(sys.stdout, _UNICODE_PROBE):
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        _say(f"the output encoding ({encoding}) cannot show Unicode; printing as with --ascii")
        args.ascii = True
    try:
        if args.lessons:
            from relu_tui.lessons.activations import explained_printout as printout
        else:
            printout = SCREENS[args.print_screen].load_printout()
        text = printout.render(args)
    except InputError as error:
        _say(str(error))
        return EXIT_USAGE
    if args.ascii:
        text = ascii_text(text)
    text = terminal_safe(fit_width(text, args.width), keep_colour=args.color)
    return _write_out(text if text.endswith("\n") else text + "\n")


_UNICODE_PROBE = "≈·Σᵢ−×²◂⠿─│"
"""Characters `--print` draws without --ascii (symbols, braille plots, box drawing)."""

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _is_tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _color_wanted(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (not empty) or TERM is dumb."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
    return tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _can_encode(stream: TextIO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fit_width(text: str, width: int) -> str:
    """Every line at most `width` columns: a longer line (prose, a table row) is wrapped,
    its continuation indented two more spaces than the line. Lines with colour escapes are
    plots, already drawn to the width, and are kept."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or _ANSI.search(line):
            out.append(line)
            continue
        indent = " " * min(len(line) - len(line.lstrip(" ")), width // 2)
        out += textwrap.wrap(
            line.strip(),
            width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_on_hyphens=False,
        ) or [""]
    return "\n".join(out)


def _write_out(text: str) -> int:
    """Write and flush stdout; after a failure stdout points at /dev/null, so the
    interpreter's final flush cannot fail (and print a traceback) again."""
    stdout = sys.stdout
    if stdout is None:  # started with >&-: Python gives no sys.stdout at all
        _say("cannot write the output: standard output is closed")
        return EXIT_FAILURE
    try:
        if hasattr(stdout, "reconfigure"):
            stdout.reconfigure(errors="replace")  # an encoding the probe missed: '?', no error
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        _detach_stdout()
        return 0
    except OSError as error:
        _detach_stdout()
        _say(f"cannot write the output: {error.strerror or error}")
        return EXIT_FAILURE
    return 0


def _detach_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run_app(name: str, args: argparse.Namespace) -> int:
    from relu_tui.cli.subcommands import theme_problem

    if problem := theme_problem(args.theme):
        _say(problem.removeprefix("relu-tui: "))
        return EXIT_USAGE
    from relu_tui.ui.app import ReluApp

    app = ReluApp(
        launch_options=LaunchOptions.from_namespace(args, screen=name),
        theme=args.theme,
        save_dir=args.save_dir,
    )
    app.run()
    return app.return_code or 0
