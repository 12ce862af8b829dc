"""At 80x24 the exercise task bar shows the whole task, every hint, the answer and the
success message: wrapped, never cut, never covered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from relu_tui.exercises.attempt import Attempt
from relu_tui.exercises.course import builtin_course
from relu_tui.exercises.screen import ExercisesScreen
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.task_bar import TaskBar

pytestmark = pytest.mark.slow  # every text of every exercise drawn

EXERCISES = [e for e in builtin_course().exercises if e.level is None]


def _messages(attempt: Attempt) -> list[str]:
    """Every text the bar shows during an attempt: task, hints, answer, success."""
    shown = [attempt.exercise.statement]
    step = attempt
    for _ in range(len(attempt.exercise.hints) + 1):
        step = step.with_hint()
        shown.append(step.message)
    shown.append("solved in 123 key presses; esc returns to the course")
    return shown


def _visible(app: ReluApp) -> str:
    """The task text as the terminal shows it, lines joined."""
    widget = app.screen.query_one("#task-text")
    region = widget.region
    strips = app.screen._compositor.render_strips()
    lines = ["".join(s.text for s in strip) for strip in strips]
    rows = lines[region.y : region.y + region.height]
    return " ".join(row[region.x : region.x + region.width].strip() for row in rows)


@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
async def test_every_text_of_every_exercise_shows_whole_at_80x24(ascii_only: bool) -> None:
    app = ReluApp(start="exercises", ascii_only=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        course = app.screen
        assert isinstance(course, ExercisesScreen)
        await pilot.press("enter")  # the first exercise opens its screen with the bar
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one(TaskBar)
        footer_top = screen.query_one("KeysFooter").region.y
        for exercise in EXERCISES:
            attempt = Attempt(exercise, None)
            for message in _messages(attempt):
                bar.attempt = replace(attempt, message=message)
                await pilot.pause()
                shown = " ".join(_visible(app).split())
                expected = " ".join(message.split())
                if ascii_only:
                    from relu_tui.base.ascii import ascii_text

                    expected = " ".join(ascii_text(message).split())
                assert shown == expected, (exercise.id, shown)
                assert bar.region.bottom <= footer_top


async def test_a_hint_opens_no_pop_up_over_the_bar() -> None:
    """i shows the hint in the bar itself; no notification covers it."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert "hint 1/" in str(app.screen.query_one("#task-text").render())
        assert not app._notifications
