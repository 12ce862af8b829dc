"""Command line: `relu-tui [SCREEN]`, `relu-tui --print SCREEN`, `--help`, `--version`.

Everything that can be answered without the UI (help, version, names, `--print`) is answered
before `relu_tui.ui` is imported, so those paths never load Textual.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from typing import NoReturn

from relu_tui import __version__
from relu_tui.core.parse import InputError, parse_number
from relu_tui.launch import LaunchOptions
from relu_tui.registry import SCREENS, available_screens

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"relu-tui: {message} (see relu-tui --help)\n")


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
    screens = "\n".join(f"  {info.key}  {name:<12} {info.title}: {info.summary}"
                        for name, info in SCREENS.items())
    parser = _Parser(
        prog="relu-tui",
        description="A terminal explorer that teaches the ReLU activation.",
        epilog=f"screens (keys 1-5 in the app):\n{screens}\n\n"
        "examples:\n  relu-tui dosage\n  relu-tui puzzle --level random --seed 7\n"
        "  relu-tui --print activations --width 100 --ascii",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("screen", nargs="?", metavar="SCREEN",
                        help=f"screen to open: {names} (default: activations)")
    parser.add_argument("--print", dest="print_screen", metavar="SCREEN",
                        help="print a static text version of SCREEN to stdout and exit")
    parser.add_argument("--lessons", action="store_true",
                        help="print the lessons of 'ReLU Explained' (two linear layers are one, "
                        "no ReLU on the output, ReLU in PyTorch four ways) and exit")
    parser.add_argument("--width", type=_whole(40, 400), metavar="N",
                        help="width of --print output in columns (default: terminal width, or 100)")
    parser.add_argument("--height", type=_whole(10, 200), metavar="N",
                        help="height of plots in --print output (default: 20)")
    parser.add_argument("--ascii", action="store_true",
                        help="ASCII plot markers and frames instead of braille and box drawing")
    parser.add_argument("--version", action="version", version=f"relu-tui {__version__}")
    parser.add_argument("--theme", metavar="NAME",
                        help="colour theme, e.g. textual-dark, nord, gruvbox (default: the last "
                        "one picked with ctrl+p, Theme)")
    parser.add_argument("--save-dir", metavar="DIR",
                        help="where ctrl+s saves screenshots (default: the current directory)")
    extras = parser.add_argument_group("screen options")
    extras.add_argument("--stage", type=_whole(1, 7), metavar="N", help="dosage: one stage, 1-7")
    extras.add_argument("--level", metavar="L", help="puzzle: level number, or 'random'")
    extras.add_argument("--seed", type=_whole(0, 2**32 - 1), metavar="S",
                        help="random seed (puzzle random level, training)")
    extras.add_argument("--lr", type=_number(1e-4, 10.0), metavar="X", help="dead: learning rate")
    extras.add_argument("--activation", metavar="NAME", help="dead: activation name")
    extras.add_argument("--epochs", type=_whole(1, 10_000_000), metavar="N",
                        help="dead: epochs; approx --export: epochs to train the pair")
    extras.add_argument("--data", metavar="FILE.csv",
                        help="dead: train on a CSV file: x,y (regression) or x1,x2,label")
    extras.add_argument("--test-fraction", type=_number(0.0, 0.9), metavar="X",
                        help="dead: share of the data held out for testing, 0-0.9")
    extras.add_argument("--noise", type=_number(0.0, 0.5), metavar="X",
                        help="dead: noise in the built-in datasets, 0-0.5")
    extras.add_argument("--l1", type=_number(0.0, 1.0), metavar="X",
                        help="dead: L1 penalty strength, 0 (off) to 1")
    extras.add_argument("--l2", type=_number(0.0, 1.0), metavar="X",
                        help="dead: L2 penalty strength (weight decay), 0 (off) to 1")
    extras.add_argument("--export", metavar="FILE.py",
                        help="dead, approx, with --print: also write the trained network(s) "
                        "as a PyTorch script")
    extras.add_argument("--target", metavar="EXPR", help="approx: target expression in x")
    extras.add_argument("--units", type=_whole(1, 200), metavar="N",
                        help="approx: number of ReLU units")
    return parser


def _unknown(name: str) -> str:
    offered = available_screens()
    return f"relu-tui: unknown screen '{name}'; choose one of: {', '.join(offered)}\n"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("serve",):
        from relu_tui import subcommands

        return subcommands.main(argv[0], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    offered = available_screens()
    if args.lessons:
        if args.screen is not None or args.print_screen is not None:
            parser.error("--lessons prints on its own; give no SCREEN or --print")
        return _print(args)
    if args.export is not None and args.print_screen not in ("dead", "approx"):
        parser.error("--export writes a script with --print dead or --print approx")
    if args.print_screen is not None:
        if args.screen is not None:
            parser.error("give either SCREEN or --print SCREEN, not both")
        if args.print_screen not in offered:
            sys.stderr.write(_unknown(args.print_screen))
            return EXIT_USAGE
        return _print(args)
    name = args.screen or "activations"
    if name not in offered:
        sys.stderr.write(_unknown(name))
        return EXIT_USAGE
    from relu_tui.serve import under_web_driver

    if not under_web_driver() and not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.write("relu-tui: the app needs a terminal; use --print SCREEN for text output\n")
        return EXIT_USAGE
    return _run_app(name, args)


def _print(args: argparse.Namespace) -> int:
    args.width = args.width or min(max(shutil.get_terminal_size((100, 30)).columns, 40), 400)
    args.height = args.height or 20
    args.color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    try:
        if args.lessons:
            from relu_tui.printout import lessons as printout
        else:
            printout = SCREENS[args.print_screen].load_printout()
        text = printout.render(args)
    except InputError as error:
        sys.stderr.write(f"relu-tui: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("relu-tui: interrupted\n")
        return 130
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _run_app(name: str, args: argparse.Namespace) -> int:
    from relu_tui.subcommands import theme_problem

    if problem := theme_problem(args.theme):
        sys.stderr.write(problem + "\n")
        return EXIT_USAGE
    from relu_tui.ui.app import ReluApp

    options = LaunchOptions.from_namespace(args, screen=name)
    app = ReluApp(start=name, ascii_only=args.ascii, launch_options=options,
                  theme=args.theme, save_dir=args.save_dir)
    try:
        app.run()
    except KeyboardInterrupt:
        return 130
    return app.return_code or 0
