"""Exercises pin their start: each built-in exercise's known loophole fails (issue 17).

An exercise starts from its lesson's full settings, and its check sees every setting it
depends on (each setting is a quantity, with `changed_settings`), so a solution that
reaches the goal by moving a setting the exercise does not offer is "not yet".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from relu_tui.exercises import quantities as qty
from relu_tui.exercises.attempt import judge
from relu_tui.exercises.course import builtin_course
from relu_tui.lessons.catalog import LESSONS
from relu_tui.lessons.dead.dying import run_settings
from relu_tui.lessons.dead.quantities import DeadSnapshot

BUILTIN = builtin_course()


def _train(snapshot: DeadSnapshot, **values: Any) -> DeadSnapshot:
    settings = snapshot.settings.with_values(**values)
    return DeadSnapshot(settings, snapshot.weights, run_settings(settings, settings.seed))


def _dosage(**values: float) -> Callable[[Any], Any]:
    def change(state: Any) -> Any:
        for name, value in values.items():
            state = state.with_param(name, value)
        return state

    return change


LOOPHOLES: dict[str, tuple[Callable[[Any], Any], str]] = {
    # exercise id -> (the loophole, through the core's own transitions; the pin it meets)
    "dead-lr-kills-half": (lambda s: _train(s, bias="-1"), "changed_settings"),
    "dead-spirals-alive": (
        lambda s: _train(s, activation="leaky_relu", seed=3),
        "changed_settings",
    ),
    "approx-square-max-error": (
        lambda s: s.with_units(1).with_param("lo", -0.2).with_param("hi", 0.2),
        "lo == -2",
    ),
    "dosage-bump-07": (_dosage(b1=-1.3, x_max=0.7), "x_max == 1"),
    "dosage-flatten-b3": (_dosage(b3=-16.1, x_min=0.7), "x_min == 0"),
}


@pytest.mark.parametrize("exercise_id", list(LOOPHOLES))
def test_the_known_loophole_is_not_a_solution(exercise_id: str) -> None:
    """Reaching the goal by moving a setting the exercise pins is "not yet", naming it."""
    exercise = BUILTIN.by_id(exercise_id)
    assert exercise is not None
    start = qty.start_state(exercise.screen, exercise.start)
    move, pin = LOOPHOLES[exercise_id]
    verdict = judge(exercise, move(start), start)
    assert not verdict.solved
    assert pin in verdict.message


def test_the_dead_loophole_would_otherwise_kill_half() -> None:
    """Bias init -1 at the starting lr does kill more than half: only the pin refuses it."""
    exercise = BUILTIN.by_id("dead-lr-kills-half")
    assert exercise is not None
    start = qty.start_state("dead", exercise.start)
    values = exercise.quantities(_train(start, bias="-1"), start)
    assert values["dead_fraction"] > 0.5 and values["changed_settings"] == "bias"


@pytest.mark.parametrize("exercise", BUILTIN.exercises, ids=lambda e: e.id)
def test_every_exercise_starts_from_its_lessons_full_settings(exercise: Any) -> None:
    """The start names every setting of the lesson (defaults pinned where not given)."""
    if exercise.level is not None:
        return  # the Puzzle's levels are the Puzzle's own
    assert set(exercise.start) == set(LESSONS[exercise.screen].defaults())


@pytest.mark.parametrize("screen", list(LESSONS))
def test_every_setting_is_a_quantity_checks_can_read(screen: str) -> None:
    """Each setting is a name a check may use (unless the lesson's own quantity has it)."""
    names = qty.names(screen)
    assert "changed_settings" in names
    for setting in LESSONS[screen].setting_list():
        assert setting.name in names
