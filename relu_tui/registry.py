"""The screens: one name each, used by the CLI, the app's modes and `--print`.

No Textual here: the CLI reads this to validate names before it imports the UI.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScreenInfo:
    """Where a screen lives and how it is reached."""

    name: str
    key: str
    title: str
    summary: str
    screen: str
    """`module:Class` of the Textual screen."""
    printout: str
    """Module with `render(args) -> str` for `--print`."""

    def available(self) -> bool:
        """Whether the screen's module is installed (a screen is offered once it exists)."""
        module = self.screen.partition(":")[0]
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            return False

    def load_screen(self) -> Any:
        """Import and return the screen class."""
        module, _, cls = self.screen.partition(":")
        return getattr(importlib.import_module(module), cls)

    def load_printout(self) -> Any:
        """Import and return the `--print` module."""
        return importlib.import_module(self.printout)


def _info(name: str, key: str, title: str, summary: str, cls: str) -> ScreenInfo:
    return ScreenInfo(name, key, title, summary, f"relu_tui.ui.screens.{name}:{cls}",
                      f"relu_tui.printout.{name}")


SCREENS: dict[str, ScreenInfo] = {
    info.name: info
    for info in (
        _info("activations", "1", "Activations",
              "ReLU and its family: values, gradients, why ReLU wins, why it is non-linear",
              "ActivationsScreen"),
        _info("dosage", "2", "Dosage network",
              "A 1-2-1 ReLU network on drug dosage, built up in seven plotted stages",
              "DosageScreen"),
        _info("puzzle", "3", "Puzzle",
              "Set ReLU units with the keyboard until the network matches a target",
              "PuzzleScreen"),
        _info("dead", "4", "Dead neurons",
              "Watch ReLU units die in training; Leaky ReLU as the cure; vanishing gradients",
              "DeadScreen"),
        _info("approx", "5", "Approximation",
              "Sums of shifted ReLUs approximate any curve; "
              "a network trained with and without ReLU",
              "ApproxScreen"),
        _info("exercises", "6", "Exercises",
              "A course of checkable exercises on every screen; a teacher can add more",
              "ExercisesScreen"),
    )
}


def available_screens() -> list[str]:
    """Names of the screens this installation offers, in key order."""
    return [name for name, info in SCREENS.items() if info.available()]
