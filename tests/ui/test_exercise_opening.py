"""Every exercise opens on its screen: the README's courses, and from every view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relu_tui.exercises.course import load_course_file
from relu_tui.exercises.screen import ExercisesScreen
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.lesson_screen import LessonScreen

# every view of every screen; runs train only when told
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("stepped_training")]

README = Path(__file__).resolve().parents[2] / "README.md"

VIEWS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "activations": [
        ("table", ()),
        ("compare", ("c",)),
        ("compare derivatives", ("g",)),
        ("why", ("w",)),
        ("linear", ("i",)),
    ],
    "dosage": [("stage 1", ()), ("stage 4", ("n", "n", "n")), ("overview", ("o",))],
    "puzzle": [("level 1", ()), ("solution", ("s",)), ("level 5", ("right_square_bracket",) * 4)],
    "dead": [
        ("neuron", ()),
        ("train", ("v",)),
        ("units", ("v",)),
        ("vanishing", ("v",)),
        ("born dead", ("v",)),
        ("experiment", ("v",)),
    ],
    "approx": [("fit", ()), ("train", ("m",))],
}
"""Each screen's views, reached in turn by the keys given (after the previous view's)."""


def readme_courses() -> list[str]:
    """Every ```toml block of the README."""
    text = README.read_text(encoding="utf-8")
    return re.findall(r"^```toml\n(.*?)^```", text, flags=re.S | re.M)


def _highlight(screen: ExercisesScreen, exercise_id: str) -> None:
    listing = screen.query_one("#course-list")
    for index in range(listing.option_count):  # type: ignore[attr-defined]
        if listing.get_option_at_index(index).id == exercise_id:  # type: ignore[attr-defined]
            listing.highlighted = index  # type: ignore[attr-defined]
            return
    raise AssertionError(f"{exercise_id} is not listed")


def test_the_readme_has_a_course() -> None:
    """The README shows at least one course, so the test below reads something."""
    assert readme_courses()


@pytest.mark.parametrize("block", range(len(readme_courses())))
async def test_every_readme_course_loads_and_opens_each_exercise(
    block: int, tmp_path: Path
) -> None:
    """The README's course loads without a problem; each of its exercises opens on its
    screen with the task bar, and escape returns to the course."""
    path = tmp_path / "course.toml"
    path.write_text(readme_courses()[block], encoding="utf-8")
    course = load_course_file(str(path))
    assert course.errors == ()
    assert course.exercises
    app = ReluApp(
        start="exercises",
        launch_options=LaunchOptions(screen="exercises", settings={"course": str(path)}),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen
        assert isinstance(listing, ExercisesScreen)
        headings = [
            option.id
            for option in listing.query_one("#course-list")._options  # type: ignore[attr-defined]
            if option.disabled
        ]
        assert len(headings) == len(set(headings))
        for exercise in course.exercises:
            _highlight(listing, exercise.id)
            await pilot.press("enter")
            await pilot.pause()
            assert app.current_mode == exercise.screen
            assert app.screen.has_class("-exercise")
            await pilot.press("escape")
            await pilot.pause()
            assert app.current_mode == "exercises"


@pytest.mark.parametrize("screen", list(VIEWS))
async def test_an_exercise_opens_from_every_view_of_every_screen(screen: str) -> None:
    """From each view of a screen, 6 then an exercise of that screen (and of another)
    opens with the task bar; escape goes back to the course, enter again reopens it."""
    app = ReluApp(start=screen)
    async with app.run_test(size=(80, 24)) as pilot:
        for view, keys in VIEWS[screen]:
            await pilot.press("1" if screen == "activations" else "2", screen_key(screen))
            await pilot.press(*keys)
            await pilot.pause()
            lesson = app.screen
            await pilot.press("6")
            course = app.screen
            assert isinstance(course, ExercisesScreen)
            for exercise in course.course.exercises:
                if exercise.screen != screen:
                    continue
                _highlight(course, exercise.id)
                await pilot.press("enter")
                await pilot.pause()
                assert app.screen is lesson, view
                assert isinstance(lesson, LessonScreen)
                assert lesson.has_class("-exercise"), view
                await pilot.press("escape")
                await pilot.pause()
                assert app.current_mode == "exercises", view
                break
            await pilot.press(screen_key(screen))
            assert not app.screen.has_class("-exercise"), view


def screen_key(screen: str) -> str:
    """The digit that switches to `screen`."""
    from relu_tui.lessons.catalog import SCREENS

    return SCREENS[screen].key


async def test_leaving_an_exercise_from_another_view_puts_the_view_back() -> None:
    """An Approximation exercise opened from Fit, then m (Train) and escape: the course
    comes back and Approximation shows Fit again, as it did before."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(80, 24)) as pilot:
        approx = app.screen
        await pilot.press("6")
        course = app.screen
        assert isinstance(course, ExercisesScreen)
        _highlight(course, "approx-sin-fewest")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        assert approx.view == "train-view"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "exercises"
        assert approx.view == "fit-view"  # type: ignore[attr-defined]
