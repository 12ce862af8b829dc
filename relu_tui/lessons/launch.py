"""LaunchOptions: what the command line says about how to open the app or `--print`.

No Textual here. The CLI builds one `LaunchOptions`: the screen, the display choices, and
that screen's settings by name (as its lesson describes them, `lessons/<name>/lesson.py`).
The app hands the settings to the start screen, which builds its state from them with its
lesson's `state_from`; a lesson's `--print` module does the same with the same settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from relu_tui.lessons.lesson import SettingValue


@dataclass(frozen=True)
class LaunchOptions:
    """How to open relu-tui: the start screen, display choices and the screen's settings."""

    screen: str = "activations"
    """The screen to open (or to print with `--print`)."""
    ascii: bool = False
    """Plain ASCII markers and frames instead of braille and box drawing."""
    color: bool = True
    """Colour in `--print` output (the app follows NO_COLOR through Textual)."""
    width: int | None = None
    """`--print` width in columns (`--columns`)."""
    height: int | None = None
    """`--print` plot height in rows."""
    export: str | None = None
    """With `--print dead` or `--print approx`: write the trained network(s) as a PyTorch
    script to this file."""
    force: bool = False
    """With `--export`: replace an existing file (otherwise FILE-2.py is written beside it)."""
    settings: Mapping[str, SettingValue] = field(default_factory=dict)
    """The screen's settings given on the command line, by setting name (the others keep
    their defaults)."""

    def setting(self, name: str, default: SettingValue | None = None) -> SettingValue | None:
        """One setting given on the command line, or `default`."""
        return self.settings.get(name, default)
