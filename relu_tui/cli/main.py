"""Command line: `relu-tui [SCREEN] [settings]`, `relu-tui --print SCREEN`, `--help`, `--version`.

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
from dataclasses import replace
from typing import TextIO

from relu_tui.base.ascii import ascii_text
from relu_tui.base.parse import InputError
from relu_tui.base.text import terminal_safe
from relu_tui.cli.options import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    say,
    theme_problem,
    unknown_screen,
)
from relu_tui.cli.parser import build_parser, launch_options, settings_needed
from relu_tui.lessons.catalog import SCREENS, available_screens


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status (130 after Ctrl-C)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("serve", "demo"):
        from relu_tui.cli import subcommands

        return subcommands.main(argv[0], argv[1:])
    needed = settings_needed(argv)
    parser = build_parser(with_settings=bool(needed), lessons=needed)
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
            say(unknown_screen(args.print_screen))
            return EXIT_USAGE
        return _print(args)
    name = args.screen or "activations"
    if name not in offered:
        say(unknown_screen(name))
        return EXIT_USAGE
    from relu_tui.cli.serve import under_web_driver

    if not under_web_driver() and not (_is_tty(sys.stdin) and _is_tty(sys.stdout)):
        say("the app needs a terminal; use --print SCREEN for text output")
        return EXIT_USAGE
    return _run_app(name, args)


def _print(args: argparse.Namespace) -> int:
    """Render `--print SCREEN` and write it to stdout.

    The text fits `--width` (long lines are wrapped), is ASCII with `--ascii` or when stdout
    cannot encode Unicode (said once on stderr), has colour only on a terminal that is not
    `TERM=dumb` and without NO_COLOR. A closed pipe ends quietly with status 0 (the reader
    has what it wanted); any other write error is one line and status 1.
    """
    ascii_only = bool(args.ascii)
    if not ascii_only and not _can_encode(sys.stdout, _UNICODE_PROBE):
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        say(f"the output encoding ({encoding}) cannot show Unicode; printing as with --ascii")
        ascii_only = True
    options = replace(
        launch_options(args, args.print_screen or "activations"),
        ascii=ascii_only,
        color=_color_wanted(sys.stdout),
        width=args.width or min(max(shutil.get_terminal_size((100, 30)).columns, 40), 400),
        height=args.height or 20,
    )
    try:
        if args.lessons:
            from relu_tui.lessons.activations import explained_printout as printout
        else:
            printout = SCREENS[args.print_screen].load_printout()
        text = printout.render(options)
    except InputError as error:
        say(str(error))
        return EXIT_USAGE
    if options.ascii:
        text = ascii_text(text)
    text = terminal_safe(fit_width(text, options.width or 100), keep_colour=options.color)
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
        say("cannot write the output: standard output is closed")
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
        say(f"cannot write the output: {error.strerror or error}")
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
    if problem := theme_problem(args.theme):
        say(problem.removeprefix("relu-tui: "))
        return EXIT_USAGE
    from relu_tui.cli.serve import under_web_driver
    from relu_tui.ui.app import ReluApp
    from relu_tui.ui.first_frame import cache_folder

    app = ReluApp(
        launch_options=launch_options(args, name),
        theme=args.theme,
        save_dir=args.save_dir,
        # A browser's size arrives after start-up: its first frame is not kept.
        frame_cache=None if under_web_driver() else cache_folder(),
    )
    app.run()
    return app.return_code or 0
