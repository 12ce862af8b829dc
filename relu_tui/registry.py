"""The screens: one name each, used by the CLI, the app's modes and `--print`.

No Textual at import time: the CLI reads this to validate names before it imports the UI.
Each screen's Textual class and `--print` module are imported by a function of their
own, only when that screen is opened or printed, so start-up loads one screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relu_tui.ui.screens.base import LessonScreen


@dataclass(frozen=True)
class ScreenInfo:
    """What a screen is called, its key, and how to load it."""

    name: str
    key: str
    title: str
    summary: str
    load_screen: Callable[[], type[LessonScreen]]
    """Imports and returns the screen's Textual class."""
    load_printout: Callable[[], ModuleType]
    """Imports and returns the `--print` module, which has `render(args) -> str`."""


def _activations() -> type[LessonScreen]:
    from relu_tui.ui.screens.activations import ActivationsScreen

    return ActivationsScreen


def _dosage() -> type[LessonScreen]:
    from relu_tui.ui.screens.dosage import DosageScreen

    return DosageScreen


def _puzzle() -> type[LessonScreen]:
    from relu_tui.ui.screens.puzzle import PuzzleScreen

    return PuzzleScreen


def _dead() -> type[LessonScreen]:
    from relu_tui.ui.screens.dead import DeadScreen

    return DeadScreen


def _approx() -> type[LessonScreen]:
    from relu_tui.ui.screens.approx import ApproxScreen

    return ApproxScreen


def _exercises() -> type[LessonScreen]:
    from relu_tui.ui.screens.exercises import ExercisesScreen

    return ExercisesScreen


def _print_activations() -> ModuleType:
    from relu_tui.printout import activations

    return activations


def _print_dosage() -> ModuleType:
    from relu_tui.printout import dosage

    return dosage


def _print_puzzle() -> ModuleType:
    from relu_tui.printout import puzzle

    return puzzle


def _print_dead() -> ModuleType:
    from relu_tui.printout import dead

    return dead


def _print_approx() -> ModuleType:
    from relu_tui.printout import approx

    return approx


def _print_exercises() -> ModuleType:
    from relu_tui.printout import exercises

    return exercises


SCREENS: dict[str, ScreenInfo] = {
    info.name: info
    for info in (
        ScreenInfo("activations", "1", "Activations",
                   "ReLU and its family: values, gradients, why ReLU wins, why it is non-linear",
                   _activations, _print_activations),
        ScreenInfo("dosage", "2", "Dosage network",
                   "A 1-2-1 ReLU network on drug dosage, built up in seven plotted stages",
                   _dosage, _print_dosage),
        ScreenInfo("puzzle", "3", "Puzzle",
                   "Set ReLU units with the keyboard until the network matches a target",
                   _puzzle, _print_puzzle),
        ScreenInfo("dead", "4", "Dead neurons",
                   "Watch ReLU units die in training; Leaky ReLU as the cure; "
                   "vanishing gradients",
                   _dead, _print_dead),
        ScreenInfo("approx", "5", "Approximation",
                   "Sums of shifted ReLUs approximate any curve; "
                   "a network trained with and without ReLU",
                   _approx, _print_approx),
        ScreenInfo("exercises", "6", "Exercises",
                   "A course of checkable exercises on every screen; a teacher can add more",
                   _exercises, _print_exercises),
    )
}
"""Every screen, in key order."""


def available_screens() -> list[str]:
    """Names of the screens, in key order."""
    return list(SCREENS)
