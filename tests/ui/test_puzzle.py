"""Puzzle screen solved with the keyboard only; hints, reveal, levels; saved progress."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events

from relu_tui.base import progress
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.puzzle.levels import LEVELS
from relu_tui.lessons.puzzle.screen import PuzzleScreen
from relu_tui.ui.app import ReluApp
from tests.ui.puzzle_keys import LEVEL_1_TYPED

SOLVE = (
    ["right"] * 10 + ["down"] + ["left"] * 10 + ["down"] + ["right"] * 20 + ["down"] + ["left"] * 40
)
"""w1 = 1, b1 = −1, w2 = 2, b2 = −4 from the start: 80 moves and 3 selections."""
TYPED = LEVEL_1_TYPED
"""The same answer typed: 4 values and 3 selections, 7 key presses."""


def text(app: ReluApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def solve_level_one(size: tuple[int, int]) -> None:
    app = ReluApp(start="puzzle")
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, PuzzleScreen)
        assert screen.query_one("#units").has_focus
        assert "Solved!" not in text(app, "#score")
        await pilot.press(*SOLVE[:-1])
        assert not screen.state.solved and "Solved!" not in text(app, "#score")
        assert "Solved" not in app.export_screenshot()  # nowhere on screen until it is
        assert "max error 0.1" in text(app, "#score")
        await pilot.press(SOLVE[-1])
        assert screen.state.solved
        assert [p.value for p in screen.state.params] == [1.0, -1.0, 2.0, -4.0]
        assert "max error 0\nmean error 0\n" in text(app, "#score")
        assert "Solved! 83 key presses, best 83" in text(app, "#score")
        assert "Solved!" in app.export_screenshot()  # and visible, not clipped


async def test_level_one_solved_with_keys_only_at_80x24() -> None:
    """From the start state, arrows alone reach the lab's solution and the banner appears."""
    await solve_level_one((80, 24))


async def test_level_one_solved_with_keys_only_at_120x40() -> None:
    await solve_level_one((120, 40))


async def test_a_burst_of_arrow_keys_moves_once_per_key() -> None:
    """Ten 'right's sent at once (a held key) move w1 ten steps, not one."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(10):
            app.post_message(events.Key("right", None))
        app.post_message(events.Key("down", None))
        for _ in range(10):
            app.post_message(events.Key("left", None))
        await pilot.pause()
        await pilot.pause()
        assert [p.value for p in app.screen.state.params] == [1.0, -1.0, 0.0, 0.0]
        assert app.screen.state.presses == 21


async def test_typed_values_snap_to_the_grid() -> None:
    """enter 0.96 enter sets w1 to 1 and says so; 'abc' keeps the value with a message."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"0.96", "enter")
        assert app.screen.state.params[0].value == 1.0
        assert "rounded to 1" in app.screen.query_one("#units").message
        await pilot.press("enter", *"abc", "enter")
        assert app.screen.state.params[0].value == 1.0
        assert "not a number" in app.screen.query_one("#units").message


async def test_a_bias_one_step_off_shows_no_banner() -> None:
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TYPED[:-3], *"-3.9", "enter")
        assert app.screen.state.params[3].value == -3.9
        assert not app.screen.state.solved
        assert "Solved!" not in text(app, "#score")


async def test_hints_arrive_in_the_labs_order() -> None:
    """Each i shows one more hint, in order, the newest always whole; at 120x40 all five fit;
    after the last, i changes nothing."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(120, 40)) as pilot:
        hints = LEVELS[0].hints
        for shown in range(1, len(hints) + 1):
            await pilot.press("i")
            body = " ".join(text(app, "#hints").split())
            assert f"Hint {shown}/{len(hints)}: {hints[shown - 1]}" in body
            positions = [body.index(hint) for hint in hints[:shown]]
            assert positions == sorted(positions)
        await pilot.press("i")
        assert app.screen.state.hints_shown == len(hints)
        assert "Start with w₁ and b₁" in text(app, "#hints")


async def test_hints_never_show_part_of_a_hint_at_80x24() -> None:
    """At 80x24 the newest hints that fit are shown whole, each starting with 'Hint n/5:';
    no stray tail of an older hint (the box does not scroll)."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        hints = LEVELS[0].hints
        await pilot.press(*["i"] * len(hints))
        await pilot.pause()
        shown = text(app, "#hints")
        body = " ".join(shown.split())
        assert body.startswith("Hint ") and body.endswith(hints[-1])
        numbers = [int(part.split("/")[0]) for part in body.split("Hint ")[1:]]
        assert numbers == list(range(numbers[0], len(hints) + 1)) and len(numbers) >= 2
        for number in numbers:
            assert hints[number - 1] in body
        assert len(shown.splitlines()) <= app.screen.query_one("#hints").size.height


async def test_reveal_shows_the_solution_marked_revealed() -> None:
    """s sets the answer, says 'revealed', never 'Solved!', and saves nothing."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert [p.value for p in screen.state.params] == [1.0, -1.0, 2.0, -4.0]
        assert screen.state.revealed and not screen.state.solved
        assert "Revealed, not solved" in text(app, "#score")
        assert "Solved!" not in text(app, "#score")
        await pilot.press("r")
        assert not screen.state.revealed and screen.state.params[0].value == 0.0
    assert not (progress.state_dir() / "puzzle.json").exists()


async def test_every_level_opens_and_is_solved_by_reveal_at_80x24() -> None:
    """] walks through every built level; each one's revealed answer matches; [ goes back."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        for index, level in enumerate(LEVELS):
            assert screen.state.level.key == level.key
            assert f"Level {index + 1}/{len(LEVELS)}" in text(app, "#level-title")
            shown = [view for view in screen.query(".unit-plot") if view.display]
            assert not shown  # at 24 lines a unit plot would be a smear: its numbers instead
            listing = text(app, "#unit-window")
            assert all(f"Unit {i}" in listing for i in range(len(level.units)))
            await pilot.press("s")
            assert screen.state.score().max_error == 0.0
            await pilot.press("right_square_bracket")
        assert screen.state.level.key == LEVELS[-1].key
        await pilot.press("left_square_bracket")
        assert screen.state.level.key == LEVELS[-2].key
        assert screen.state.presses == 0 and not screen.state.revealed


async def test_progress_survives_a_restart() -> None:
    """Solving saves the best key count; a new app shows it."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TYPED)
        assert app.screen.state.solved
    saved, message = progress.load_json("puzzle", {})
    assert message is None and saved["levels"]["1"] == {"solved": True, "best": 7}
    again = ReluApp(start="puzzle")
    async with again.run_test(size=(80, 24)):
        assert "best 7" in text(again, "#score")
        assert "(solved, best 7)" in text(again, "#level-title")


async def test_a_better_solve_lowers_the_best_and_a_worse_one_keeps_it() -> None:
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "up", *TYPED)  # two wasted presses first: 9
        assert "Solved! 9 key presses, best 9" in text(app, "#score")
        await pilot.press("r", *TYPED)
        assert "Solved! 7 key presses, best 7" in text(app, "#score")
        await pilot.press("r", "down", "up", *TYPED)
        assert "Solved! 9 key presses, best 7" in text(app, "#score")
    saved, _ = progress.load_json("puzzle", {})
    assert saved["levels"]["1"]["best"] == 7


async def test_corrupt_progress_file_gives_a_message_and_is_kept(_isolated_state: Path) -> None:
    """Garbage in puzzle.json: one notification, a fresh start, the old file kept aside."""
    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_text("{not json")
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert len([m for m in messages if "unreadable" in m]) == 1
        assert "best -" in text(app, "#score")
        await pilot.press(*TYPED)
    assert (folder / "puzzle.json.corrupt").read_text() == "{not json"
    saved, message = progress.load_json("puzzle", {})
    assert message is None and saved["levels"]["1"]["best"] == 7


async def test_truncated_progress_file_gives_a_message(_isolated_state: Path) -> None:
    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    whole = json.dumps({"version": progress.SCHEMA_VERSION, "data": {"levels": {}}})
    (folder / "puzzle.json").write_text(whole[:10])
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("unreadable" in str(n.message) for n in app._notifications)
    assert (folder / "puzzle.json.corrupt").read_text() == whole[:10]


async def test_random_level_from_launch_options() -> None:
    """`relu-tui puzzle --level random --seed 7` opens that seeded level; g opens the next seed."""
    app = ReluApp(
        start="puzzle", launch_options=LaunchOptions(settings={"level": "random", "seed": 7})
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.state.level.key == "random-7"
        assert "Level random-7" in text(app, "#level-title")
        await pilot.press("g")
        assert app.screen.state.level.key == "random-8"
        await pilot.press("s")
        assert app.screen.state.score().max_error == 0.0


async def test_bad_level_option_opens_level_one_with_a_message() -> None:
    app = ReluApp(start="puzzle", launch_options=LaunchOptions(settings={"level": "42"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.state.level.key == "1"
        assert any("unknown level '42'" in str(n.message) for n in app._notifications)


async def test_level_list_opens_the_chosen_level_and_shows_records() -> None:
    """o lists every level (solved ones with their best); enter opens one, escape keeps the
    current level."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*TYPED)
        await pilot.press("o")
        listing = app.screen.query_one("#level-list")
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(rows) == len(LEVELS) + 1
        assert rows[0].startswith("1  The lab's exercise")
        assert rows[0].endswith("best 7 key presses")
        assert "best" not in rows[1] and "random" in rows[-1]
        await pilot.press("escape")
        assert isinstance(app.screen, PuzzleScreen) and app.screen.state.level.key == "1"
        await pilot.press("o", "down", "down", "enter")
        assert isinstance(app.screen, PuzzleScreen)
        assert app.screen.state.level.key == "3" and app.screen.state.presses == 0
        await pilot.press("o", "end", "enter")
        assert app.screen.state.level.key == "random-1"


async def test_unit_plots_follow_the_selection_when_not_all_fit() -> None:
    """At 120x40 a five-unit level shows the two unit plots that get 10 rows each, always
    including the unit of the selected parameter, and says which; at 80x24, where a unit
    plot would be a smear, each unit's switch is listed as text instead."""
    app = ReluApp(start="puzzle", launch_options=LaunchOptions(settings={"level": "3"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen

        def shown() -> list[str]:
            return [view.id for view in screen.query(".unit-plot") if view.display]

        assert shown() == ["unit-0", "unit-1"]
        assert "Units 0-1 of 0-4" in text(app, "#unit-window")
        await pilot.press(*["down"] * 6)  # w4
        assert shown() == ["unit-3", "unit-4"]
        await pilot.press("up", "up")  # w3: still in view, nothing moves
        assert shown() == ["unit-3", "unit-4"]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert shown() == []
        listing = text(app, "#unit-window")
        assert "Unit 0 fixed: on x < 0.5" in listing and "Unit 4: always off" in listing


async def test_a_burst_after_o_reaches_the_level_list() -> None:
    """'o down enter' sent at once opens level 2, as it would when typed slowly."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [("o", "o"), ("down", None), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PuzzleScreen)
        assert screen.state.level.key == "2"


async def test_after_solving_n_opens_the_next_level_and_the_lesson_is_shown() -> None:
    """Solved: one line says what the level taught, and n (offered only now) opens level 2."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "n" not in app.screen.active_bindings
        await pilot.press(*TYPED)
        assert app.screen.state.solved
        assert app.screen.active_bindings["n"].binding.description == "Next level"
        lesson = " ".join(text(app, "#hints").split())
        assert "What this level shows" in lesson and LEVELS[0].lesson in lesson
        await pilot.press("n")
        assert app.screen.state.level.key == "2"
        assert "n" not in app.screen.active_bindings


def test_every_level_says_what_it_teaches() -> None:
    """Each built level has a one-line lesson for when it is solved."""
    assert all(level.lesson for level in LEVELS)
