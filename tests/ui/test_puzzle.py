"""Puzzle screen, solved with the keyboard only; progress saved and recovered."""

from __future__ import annotations

import json
from pathlib import Path

from relu_tui.core import progress
from relu_tui.ui.app import ReluApp
from relu_tui.ui.screens.puzzle import PuzzleScreen

SOLVE = ["right"] * 10 + ["down"] + ["left"] * 10 + ["down"] + ["right"] * 20 + ["down"] + ["left"] * 40


async def test_level_one_solved_with_keys_only_at_80x24() -> None:
    """From the start state, arrows alone reach the lab's solution and the banner appears."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PuzzleScreen)
        assert "Solved!" not in str(screen.query_one("#score").render())
        await pilot.press(*SOLVE)
        assert screen.state.solved
        score = str(screen.query_one("#score").render())
        assert "Solved! in 80 key presses" in score


async def test_progress_survives_a_restart() -> None:
    """Solving saves the best key count; a new app shows it."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*SOLVE)
    saved, message = progress.load_json("puzzle", {})
    assert message is None and saved["levels"]["1"] == {"solved": True, "best": 80}
    again = ReluApp(start="puzzle")
    async with again.run_test(size=(80, 24)):
        assert "best 80" in str(again.screen.query_one("#score").render())


async def test_corrupt_progress_file_gives_a_message_and_is_kept(_isolated_state: Path) -> None:
    """Garbage in puzzle.json: a notification, a fresh start, the old file kept aside."""
    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_text("{not json")
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("unreadable" in str(n.message) for n in app._notifications)
        assert "best -" in str(app.screen.query_one("#score").render())
    assert (folder / "puzzle.json.corrupt").read_text() == "{not json"


async def test_hints_reveal_and_level_select() -> None:
    """i adds hints in order; s reveals (not solved); ] opens level 2."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("i", "i")
        assert screen.state.hints_shown == 2
        assert "1. Start with w₁ and b₁" in str(screen.query_one("#hints").render())
        await pilot.press("s")
        assert screen.state.revealed and not screen.state.solved
        assert "revealed" in str(screen.query_one("#score").render())
        await pilot.press("right_square_bracket")
        assert screen.state.level.key == "2"


async def test_random_level_from_launch_options() -> None:
    """`relu-tui puzzle --level random --seed 7` opens that seeded level."""
    app = ReluApp(start="puzzle", launch_options={"level": "random", "seed": 7})
    async with app.run_test(size=(80, 24)):
        assert app.screen.state.level.key == "random-7"


def test_saved_file_is_json_with_a_version(tmp_path: Path) -> None:
    """The progress file is plain versioned JSON (readable, diffable)."""
    path = progress.save_json("puzzle", {"levels": {"1": {"solved": True, "best": 3}}})
    assert json.loads(path.read_text())["version"] == progress.SCHEMA_VERSION
