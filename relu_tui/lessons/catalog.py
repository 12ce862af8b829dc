"""The screens: one name each, used by the CLI, the app's modes and `--print`.

No Textual at import time, and no import of any screen: each entry names its screen class
and its `--print` module by module path (as entry points do), and `load_screen` /
`load_printout` import them by that path only when the screen is opened or printed, so
start-up loads one screen and nothing below imports back up into a lesson.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The `relu_tui` package folder, where each screen's stylesheet path starts."""


@dataclass(frozen=True)
class ScreenInfo:
    """What a screen is called, its key, and where its screen, printout and styles live."""

    name: str
    key: str
    title: str
    summary: str
    screen: str
    """`module:Class` of the screen's Textual class."""
    printout: str
    """Module path of the `--print` module, which has `render(options) -> str`."""
    stylesheet: str
    """The screen's `.tcss`, relative to the package folder."""

    def load_screen(self) -> type:
        """Imports and returns the screen's Textual class."""
        module, _, name = self.screen.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type)
        return cls

    def load_printout(self) -> ModuleType:
        """Imports and returns the `--print` module."""
        return importlib.import_module(self.printout)

    @property
    def stylesheet_path(self) -> Path:
        """The screen's stylesheet on disk."""
        return PACKAGE_ROOT / self.stylesheet


def _lesson(name: str, key: str, title: str, summary: str, cls: str) -> ScreenInfo:
    """A lesson laid out the usual way: `lessons/<name>/{screen,printout}.py, <name>.tcss`."""
    package = f"relu_tui.lessons.{name}"
    return ScreenInfo(
        name,
        key,
        title,
        summary,
        f"{package}.screen:{cls}",
        f"{package}.printout",
        f"lessons/{name}/{name}.tcss",
    )


SCREENS: dict[str, ScreenInfo] = {
    info.name: info
    for info in (
        _lesson(
            "activations",
            "1",
            "Activations",
            "ReLU and its family: values, gradients, why ReLU wins, why it is non-linear",
            "ActivationsScreen",
        ),
        _lesson(
            "dosage",
            "2",
            "Dosage network",
            "A 1-2-1 ReLU network on drug dosage, built up in seven plotted stages",
            "DosageScreen",
        ),
        _lesson(
            "puzzle",
            "3",
            "Puzzle",
            "Set ReLU units with the keyboard until the network matches a target",
            "PuzzleScreen",
        ),
        _lesson(
            "dead",
            "4",
            "Dead neurons",
            "Watch ReLU units die in training; Leaky ReLU as the cure; vanishing gradients",
            "DeadScreen",
        ),
        _lesson(
            "approx",
            "5",
            "Approximation",
            "Sums of shifted ReLUs approximate any curve; a network trained with and without ReLU",
            "ApproxScreen",
        ),
        ScreenInfo(
            "exercises",
            "6",
            "Exercises",
            "A course of checkable exercises on every screen; a teacher can add more",
            "relu_tui.exercises.screen:ExercisesScreen",
            "relu_tui.exercises.printout",
            "exercises/exercises.tcss",
        ),
    )
}
"""Every screen, in key order."""


def available_screens() -> list[str]:
    """Names of the screens, in key order."""
    return list(SCREENS)
