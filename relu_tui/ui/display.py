"""DisplayOptions: how the app draws (ASCII only, colour), read the same way everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode


@dataclass(frozen=True)
class DisplayOptions:
    """The app-wide drawing choices every screen and widget follows."""

    ascii_only: bool = False
    """Plain ASCII markers, frames and symbols (`--ascii`): nothing above U+007F."""
    color: bool = True
    """Colour in plots and text; False under NO_COLOR."""


def display_options(node: DOMNode) -> DisplayOptions:
    """The display options of the app `node` belongs to.

    Any Textual app works (tests and benchmarks mount widgets in bare apps): an app
    without relu-tui's `ascii_only` draws with braille and box drawing.
    """
    app = node.app
    return DisplayOptions(
        ascii_only=bool(getattr(app, "ascii_only", False)), color=not app.no_color
    )
