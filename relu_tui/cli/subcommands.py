"""`relu-tui serve ...` and `relu-tui demo ...`: parsed here, before any Textual import.

Both reuse the main parser (SCREEN and every screen option), so a served session or the
demo accepts exactly what `relu-tui` does.
"""

from __future__ import annotations

import argparse
import sys

from relu_tui.cli import serve
from relu_tui.cli.options import EXIT_USAGE, number, say, theme_problem, unknown_screen, whole
from relu_tui.cli.parser import build_parser
from relu_tui.lessons.catalog import available_screens

SUBCOMMANDS = ("serve", "demo")
DEMO = "demo"


def add_demo_options(parser: argparse.ArgumentParser) -> None:
    """`--pace SECONDS` and `--loop`."""
    group = parser.add_argument_group("demo options")
    group.add_argument(
        "--pace",
        type=number(0.5, 600.0),
        default=None,
        metavar="SECONDS",
        help="seconds per demo step (default: 6)",
    )
    group.add_argument(
        "--loop", action="store_true", help="demo: start over after the last step (a kiosk)"
    )


def _parser(command: str) -> argparse.ArgumentParser:
    parser = build_parser()
    parser.prog = f"relu-tui {command}"
    if command == "serve":
        parser.description = (
            "Serve relu-tui to web browsers: each tab is its own session. "
            "SCREEN may also be 'demo' (with --pace, --loop)."
        )
        parser.usage = (
            "relu-tui serve [SCREEN|demo] [--host ADDR] [--port N] [--max-sessions N]\n"
            "                      [--data-dir DIR] [--session-memory MB] [options]"
        )
        serve.add_serve_options(parser, whole)
        # Options are handed on to each session by name, so they must be spelled in full.
        parser.allow_abbrev = False
    else:
        parser.description = "A self-running lesson through all five screens."
        parser.usage = "relu-tui demo [--pace SECONDS] [--loop] [options]"
    add_demo_options(parser)
    return parser


def main(command: str, argv: list[str]) -> int:
    """Run `relu-tui serve|demo ARGV`; returns the exit status."""
    parser = _parser(command)
    args = parser.parse_args(argv)
    if args.print_screen is not None:
        parser.error(f"--print does not go with {command}")
    if command == "demo":
        if args.screen is not None:
            parser.error("the demo visits every screen; give no SCREEN")
        return run_demo(args)
    name = args.screen or "activations"
    if name != DEMO and name not in available_screens():
        say(unknown_screen(name))
        return EXIT_USAGE
    if name != DEMO and (args.pace is not None or args.loop):
        parser.error("--pace and --loop go with 'serve demo'")
    problem = theme_problem(args.theme)
    if problem:
        say(problem.removeprefix("relu-tui: "))
        return EXIT_USAGE
    return serve.run(args, argv)


def run_demo(args: argparse.Namespace) -> int:
    """Open the app on the demo's first screen with the demo driving it."""
    if not serve.under_web_driver() and not (sys.stdin.isatty() and sys.stdout.isatty()):
        sys.stderr.write("relu-tui: the demo needs a terminal (or `relu-tui serve demo`)\n")
        return EXIT_USAGE
    problem = theme_problem(args.theme)
    if problem:
        sys.stderr.write(problem + "\n")
        return EXIT_USAGE
    from relu_tui.lessons.launch import LaunchOptions
    from relu_tui.ui.app import ReluApp
    from relu_tui.ui.demo import DEFAULT_PACE, DemoDriver

    options = LaunchOptions(screen="activations", ascii=args.ascii)
    app = ReluApp(
        start="activations",
        ascii_only=args.ascii,
        launch_options=options,
        theme=args.theme,
        save_dir=args.save_dir,
    )
    DemoDriver(app, pace=args.pace or DEFAULT_PACE, loop=args.loop).attach()
    try:
        app.run()
    except KeyboardInterrupt:
        return 130
    return app.return_code or 0
