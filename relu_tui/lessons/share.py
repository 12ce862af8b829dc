"""Settings you can share: a screen's settings <-> the `relu-tui SCREEN --option ...` line.

No Textual here. `command_line(options)` gives the line that reopens a setup, and its
`--print` twin; the options are written from the screen's lesson description, so every
setting the lesson has is on the line (`relu_tui.cli.parser.parse_command` reads such a
line back). Reading the settings off a running screen is in `relu_tui.ui.classroom`.
"""

from __future__ import annotations

import shlex

from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import LaunchOptions

PROGRAM = "relu-tui"


def option_args(options: LaunchOptions) -> list[str]:
    """`--option value` for every setting in `options` (the lesson's order), then --ascii."""
    lesson = SCREENS.get(options.screen)
    args = lesson.command_args(options.settings) if lesson is not None else []
    if options.ascii:
        args.append("--ascii")
    return args


def command_line(options: LaunchOptions) -> str:
    """The shell line that opens the app on `options.screen` with these settings."""
    return shlex.join([PROGRAM, options.screen, *option_args(options)])


def print_line(options: LaunchOptions) -> str:
    """The `--print` twin: the same settings as static text."""
    return shlex.join([PROGRAM, "--print", options.screen, *option_args(options)])
