"""Settings you can share: LaunchOptions <-> the `relu-tui SCREEN --option ...` line.

No Textual here. `command_line(options)` gives the line that reopens a setup, and its
`--print` twin (`relu_tui.cli.parser.parse_command` reads such a line back). Reading the
options off a running screen is in `relu_tui.ui.classroom`.
"""

from __future__ import annotations

import shlex

from relu_tui.lessons.launch import LaunchOptions

PROGRAM = "relu-tui"

SCREEN_OPTIONS: dict[str, tuple[str, ...]] = {
    "activations": (),
    "dosage": ("stage",),
    "puzzle": ("level", "seed"),
    "dead": ("activation", "lr", "epochs", "seed", "data", "test_fraction", "noise", "l1", "l2"),
    "approx": ("target", "units", "seed"),
}
"""Which LaunchOptions fields each screen reads, in the order they are written."""


def _text(value: object) -> str:
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else str(int(value))
    return str(value)


def option_args(options: LaunchOptions) -> list[str]:
    """`--name value` for every screen option set on `options` (screen order), then --ascii."""
    args: list[str] = []
    given = options.given()
    for name in SCREEN_OPTIONS.get(options.screen, ()):
        if name in given:
            args += [f"--{name.replace('_', '-')}", _text(given[name])]
    if options.ascii:
        args.append("--ascii")
    return args


def command_line(options: LaunchOptions) -> str:
    """The shell line that opens the app on `options.screen` with these settings."""
    return shlex.join([PROGRAM, options.screen, *option_args(options)])


def print_line(options: LaunchOptions) -> str:
    """The `--print` twin: the same settings as static text."""
    return shlex.join([PROGRAM, "--print", options.screen, *option_args(options)])
