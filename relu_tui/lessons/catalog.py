"""The screens: the five lessons' descriptions and the exercises course, in key order.

No Textual at import time, and no import of any screen or lesson state: each description
names its screen class and its `--print` module by module path (as entry points do), and
loads its settings only when asked, so start-up loads one screen and nothing below imports
back up into a lesson.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relu_tui.lessons.activations.lesson import LESSON as ACTIVATIONS
from relu_tui.lessons.approx.lesson import LESSON as APPROX
from relu_tui.lessons.dead.lesson import LESSON as DEAD
from relu_tui.lessons.dosage.lesson import LESSON as DOSAGE
from relu_tui.lessons.lesson import PACKAGE_ROOT, Lesson, Setting, SettingValue, TextSetting
from relu_tui.lessons.puzzle.lesson import LESSON as PUZZLE

ScreenInfo = Lesson
"""A screen's description (the exercises course is described as a lesson without state)."""


def _course_settings() -> tuple[Setting, ...]:
    return (
        TextSetting(
            "course", "add the exercises of a course file (TOML, see the README)", metavar="FILE"
        ),
    )


def _course_of(state: Any) -> dict[str, SettingValue]:
    return dict(state) if isinstance(state, Mapping) else {}


EXERCISES = Lesson(
    name="exercises",
    key="6",
    title="Exercises",
    summary="A course of checkable exercises on every screen; a teacher can add more",
    screen="relu_tui.exercises.screen:ExercisesScreen",
    printout="relu_tui.exercises.printout",
    settings=_course_settings,
    settings_of=_course_of,
    stylesheet="exercises/exercises.tcss",
    exercises=False,
)

SCREENS: dict[str, Lesson] = {
    lesson.name: lesson for lesson in (ACTIVATIONS, DOSAGE, PUZZLE, DEAD, APPROX, EXERCISES)
}
"""Every screen, in key order."""

LESSONS: dict[str, Lesson] = {name: lesson for name, lesson in SCREENS.items() if lesson.exercises}
"""The five lessons (the screens exercises run on), in key order."""

__all__ = ["LESSONS", "PACKAGE_ROOT", "SCREENS", "ScreenInfo", "available_screens"]


def available_screens() -> list[str]:
    """Names of the screens, in key order."""
    return list(SCREENS)
