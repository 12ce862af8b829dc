"""LaunchOptions as the CLI hands them to a lesson's `--print` render()."""

from __future__ import annotations

from relu_tui.lessons.launch import LaunchOptions

DISPLAY = {"width", "height", "ascii", "color", "export"}
"""Fields of LaunchOptions itself; every other name is a lesson setting."""


def launch_options(screen: str, values: dict[str, object]) -> LaunchOptions:
    """Display fields as given, and the settings given (None means "not on the command line")."""
    settings = {k: v for k, v in values.items() if k not in DISPLAY and v is not None}
    fields = {k: v for k, v in values.items() if k in DISPLAY}
    return LaunchOptions(screen=screen, settings=settings, **fields)  # type: ignore[arg-type]
