"""What every command-line entry shares: argument converters, the one-line error, exit codes.

`cli.main` (relu-tui, --print) and `cli.subcommands` (serve, demo) both use these; neither
imports the other for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from relu_tui.base.parse import InputError, parse_number
from relu_tui.base.text import printable
from relu_tui.lessons.catalog import available_screens

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command stopped with Ctrl-C."""


def number(low: float | None = None, high: float | None = None) -> Callable[[str], float]:
    """argparse's converter for a finite number in [low, high] (a one-line usage error)."""

    def convert(text: str) -> float:
        try:
            return parse_number(text, low=low, high=high)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def whole(low: int, high: int) -> Callable[[str], int]:
    """argparse's converter for a whole number in [low, high]."""

    def convert(text: str) -> int:
        try:
            value = parse_number(text, low=low, high=high)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        if value != int(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
        return int(value)

    return convert


def unknown_screen(name: str) -> str:
    """The message for a screen name relu-tui does not have, listing the ones it has."""
    return f"unknown screen '{name}'; choose one of: {', '.join(available_screens())}"


def say(message: str) -> None:
    """One line on stderr, `relu-tui: ` first, outside text's control characters escaped;
    a closed or full stderr is ignored (there is nowhere left to say it)."""
    try:
        sys.stderr.write(f"relu-tui: {printable(message)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # AttributeError: started with 2>&-
        pass


def theme_problem(name: str | None) -> str | None:
    """A one-line error for a theme name Textual does not know, else None."""
    if name is None:
        return None
    from textual.theme import BUILTIN_THEMES

    if name in BUILTIN_THEMES:
        return None
    return f"relu-tui: unknown theme '{name}'; choose one of: {', '.join(sorted(BUILTIN_THEMES))}"
