"""Exercises screen: the course list, exercises run on their screens, records that last."""

from __future__ import annotations

import json
from pathlib import Path

from relu_tui.base import progress
from relu_tui.exercises import records
from relu_tui.exercises.screen import ExercisesScreen
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.task_bar import TaskBar
from tests.ui.puzzle_keys import LEVEL_1_TYPED


def _go_to(screen: ExercisesScreen, exercise_id: str) -> None:
    listing = screen.query_one("#course-list")
    index = next(
        i
        for i in range(listing.option_count)  # type: ignore[attr-defined]
        if listing.get_option_at_index(i).id == exercise_id
    )  # type: ignore[attr-defined]
    listing.highlighted = index  # type: ignore[attr-defined]


def _bar(app: ReluApp) -> str:
    return str(app.screen.query_one("#task-text").render())


async def test_the_course_lists_every_screen_with_statuses() -> None:
    """Key 6's screen lists >= 20 exercises with their status, grouped by screen."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert len(screen.course.exercises) >= 20
        listing = screen.query_one("#course-list")
        headings = [
            listing.get_option_at_index(i).id  # type: ignore[attr-defined]
            for i in range(listing.option_count)  # type: ignore[attr-defined]
            if listing.get_option_at_index(i).disabled
        ]  # type: ignore[attr-defined]
        assert headings == ["-activations", "-dosage", "-puzzle", "-dead", "-approx"]
        assert "new" in app.export_screenshot()


async def test_a_predict_exercise_is_answered_checked_and_left_with_keys_only() -> None:
    """enter opens ReLU'(-3) on Activations; c, a wrong answer, c, the right one: solved;
    escape puts the screen back and the course shows it solved."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        course = app.screen
        assert isinstance(course, ExercisesScreen)
        _go_to(course, "relu-slope-negative")
        await pilot.press("enter")
        screen = app.screen
        assert app.current_mode == "activations"
        assert screen.has_class("-exercise")
        assert screen.query_one(TaskBar).display
        assert "c check" in str(screen.query_one("#task-keys").render())
        before_view = screen.state.view  # type: ignore[attr-defined]
        await pilot.press("c", "1", "enter")
        assert _bar(app).startswith("not yet")
        await pilot.press("c")
        field = screen.query_one("#task-answer")
        assert field.has_focus
        await pilot.press("backspace", "0", "enter")
        assert _bar(app).startswith("solved")
        assert screen.state.view == before_view  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert app.current_mode == "exercises"
        assert not screen.has_class("-exercise")
        saved, _ = records.load_records()
        assert saved["relu-slope-negative"].solved
        assert "solved" in app.export_screenshot()


async def test_an_achieve_exercise_starts_in_its_state_and_escape_restores_the_screen() -> None:
    """The bump exercise opens Dosage at stage 7 with the article's weights; the person's own
    weights and stage come back on escape."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        dosage = app.screen
        await pilot.press("n", "n", "right", "right")  # stage 3, w1 raised two steps
        mine = dosage.state  # type: ignore[attr-defined]
        assert mine.stage == 3 and mine.weights["w1"] != 1.7
        await pilot.press("6")
        _go_to(app.screen, "dosage-bump-07")  # type: ignore[arg-type]
        await pilot.press("enter")
        assert app.screen is dosage
        assert dosage.state.stage == 7 and dosage.state.weights["w1"] == 1.7  # type: ignore
        await pilot.press("c")
        assert _bar(app).startswith("not yet: bump_peak_x == 0.7")
        await pilot.press("down", "enter", *"-1.2", "enter", "c")  # b1 = -1.2, typed
        assert _bar(app).startswith("solved"), _bar(app)
        await pilot.press("escape")
        assert dosage.state == mine  # type: ignore[attr-defined]


async def test_hints_then_the_answer_mark_it_revealed_not_solved() -> None:
    """i shows each hint, then the answer; a correct check after that is not counted."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "dosage-stage-sum")  # type: ignore[arg-type]
        await pilot.press("enter")
        await pilot.press("i")
        assert _bar(app).startswith("hint 1/2")
        await pilot.press("i", "i")
        assert _bar(app).startswith("answer (revealed, not solved)")
        await pilot.press("n", "n", "n", "n", "c")
        assert "not counted" in _bar(app)
        saved, _ = records.load_records()
        assert saved["dosage-stage-sum"].status == "revealed"


async def test_keys_go_back_to_the_screen_when_no_exercise_runs() -> None:
    """Without an exercise, c and i are the Activations screen's own view keys."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert app.screen.state.view == "compare"  # type: ignore[attr-defined]
        assert not app.screen.query_one(TaskBar).display


async def test_a_puzzle_level_solved_as_an_exercise_is_the_puzzles_record() -> None:
    """Level 1 typed in through the course: one record, in the Puzzle's own file."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "puzzle-1")  # type: ignore[arg-type]
        await pilot.press("enter")
        assert app.current_mode == "puzzle"
        await pilot.press(*LEVEL_1_TYPED, "c")
        assert _bar(app).startswith("solved in 7 key presses"), _bar(app)
    saved = json.loads((progress.state_dir() / "puzzle.json").read_text())
    assert saved["data"]["levels"]["1"] == {"solved": True, "best": 7}
    assert records.load_records(["puzzle-1"])[0]["puzzle-1"].best == 7


def test_records_merge_with_what_a_second_instance_saved() -> None:
    """Two instances saving different exercises, and worse records, lose nothing."""
    records.save_record("a", records.Record().with_solve(9))
    records.save_record("b", records.Record(tried=True))
    records.save_record("a", records.Record().with_solve(12))  # a worse solve elsewhere
    records.save_record("a", records.Record(tried=True, revealed=True))
    saved, messages = records.load_records()
    assert messages == []
    assert saved["a"] == records.Record(tried=True, solved=True, revealed=True, best=9)
    assert saved["a"].status == "solved"
    assert saved["b"].status == "tried"


async def test_records_survive_a_restart() -> None:
    """A solve saved by one app shows in the next one's course."""
    records.save_record("sigmoid-five", records.Record().with_solve(4))
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)):
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert screen.records["sigmoid-five"].best == 4
        assert "1 of" in str(screen.query_one("#course-summary").render())


async def test_a_teachers_course_file_adds_exercises_and_reports_the_broken_ones(
    tmp_path: Path,
) -> None:
    """--course adds the good exercises after the built-in ones; errors are notified."""
    path = tmp_path / "course.toml"
    path.write_text(
        '[[exercise]]\nid = "mine"\nscreen = "approx"\nkind = "achieve"\n'
        'statement = "N = 3"\ncheck = "units == 3"\n\n[[exercise]]\nid = "bad"\n'
        'screen = "approx"\nkind = "achieve"\nstatement = "s"\ncheck = "unitz"\n',
        encoding="utf-8",
    )
    app = ReluApp(
        start="exercises",
        launch_options=LaunchOptions(screen="exercises", settings={"course": str(path)}),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert screen.course.exercises[-1].id == "mine"
        assert len(screen.course.errors) == 1 and "line 13, key check" in screen.course.errors[0]
        assert "Problems in the course file" in screen.HELP
        _go_to(screen, "mine")
        await pilot.press("enter", "minus", "c")
        assert app.current_mode == "approx"
        assert _bar(app).startswith("not yet"), _bar(app)


async def test_the_dead_neuron_is_revived_with_keys_and_the_screen_comes_back() -> None:
    """dead-revive on the Dead neurons screen: w1 raised to 5.5 with arrows revives the
    neuron; escape puts back the weights the person had."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        dead = app.screen
        await pilot.press("right")  # the person's own w1: -4.5
        mine = tuple(dead.state.weights)  # type: ignore[attr-defined]
        await pilot.press("6")
        _go_to(app.screen, "dead-revive")  # type: ignore[arg-type]
        await pilot.press("enter")
        assert app.screen is dead
        assert tuple(dead.state.weights) == (-5.0, -3.0, -2.0)  # type: ignore[attr-defined]
        await pilot.press(*["right"] * 20, "c")
        assert _bar(app).startswith("not yet: not neuron_dead"), _bar(app)
        await pilot.press("right", "c")
        assert _bar(app).startswith("solved in 21 key presses"), _bar(app)
        await pilot.press("escape")
        assert tuple(dead.state.weights) == mine  # type: ignore[attr-defined]


async def test_the_fewest_units_for_sin_are_reached_with_minus() -> None:
    """approx-sin-fewest opens at N = 20; ten '-' reach N = 10, which is solved."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "approx-sin-fewest")  # type: ignore[arg-type]
        await pilot.press("enter")
        screen = app.screen
        assert screen.fit_state.units == 20  # type: ignore[attr-defined]
        await pilot.press(*["minus"] * 11, "c")
        assert _bar(app) == "not yet: rmse < 0.01 (now rmse = 0.010831)", _bar(app)
        await pilot.press("plus", "c")
        assert _bar(app).startswith("solved"), _bar(app)


async def test_the_puzzles_own_reveal_marks_the_level_revealed() -> None:
    """s (the Puzzle's Solution) during a level exercise: the check is not counted."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "puzzle-1")  # type: ignore[arg-type]
        await pilot.press("enter", "s", "c")
        assert "not counted" in _bar(app) or _bar(app).startswith("not yet"), _bar(app)
        saved, _ = records.load_records(["puzzle-1"])
        assert saved["puzzle-1"].status == "revealed"


async def test_key_presses_follow_the_puzzles_rule_in_exercises() -> None:
    """Move the bump's peak: a selection move, a typed value (six keys, counted once) and
    c count 2, as the Puzzle would count them; a nudge that changes nothing is free."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "dosage-bump-07")  # type: ignore[arg-type]
        await pilot.press("enter")
        await pilot.press("down", "enter", *"-1.2", "enter", "c")
        assert _bar(app).startswith("solved in 2 key presses"), _bar(app)


async def test_view_switches_and_training_are_not_key_presses() -> None:
    """Dead neurons: views (v) and training (space) are free; each lr nudge counts one."""
    app = ReluApp(start="exercises")
    async with app.run_test(size=(80, 24)) as pilot:
        _go_to(app.screen, "dead-revive")  # type: ignore[arg-type]
        await pilot.press("enter")
        run = app.screen.exercise_run  # type: ignore[attr-defined]
        await pilot.press("v", "v", "v", "v", "v", "v")
        assert run.attempt.presses == 0
        await pilot.press(*["right"] * 21)
        assert run.attempt.presses == 21


def test_the_rule_is_in_both_helps() -> None:
    """One sentence, in the Puzzle's help and the course's."""
    from relu_tui.lessons.puzzle.screen import PuzzleScreen
    from relu_tui.lessons.puzzle.state import PRESS_RULE

    assert PRESS_RULE in PuzzleScreen.HELP
    assert PRESS_RULE in ExercisesScreen.HELP
