"""The Puzzle lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from typing import Any

from relu_tui.base.params import Param
from relu_tui.lessons.lesson import Lesson, Setting, Settings, SettingValue

RANDOM = "random"


def _settings() -> tuple[Setting, ...]:
    from relu_tui.lessons.puzzle.levels import LEVELS

    return (
        Param(
            "level",
            "level",
            0,
            choices=(*(level.key for level in LEVELS), RANDOM),
            help="the level to open",
        ),
        Param(
            "seed",
            "seed",
            0,
            step=1,
            low=0,
            high=99_999,
            integer=True,
            help="the random level's seed",
        ),
    )


def state_from(values: Settings) -> Any:
    """The level these settings name, as it opens.

    Raises:
        InputError: an unknown level.
    """
    from relu_tui.lessons.puzzle.levels import level_by_key
    from relu_tui.lessons.puzzle.state import PuzzleState

    level = str(values.get("level", "1"))
    return PuzzleState.of(level_by_key(level, int(values.get("seed", 0))))


def settings_of(state: Any) -> dict[str, SettingValue]:
    """The level shown (a random level is `random` and its seed)."""
    key = str(state.level.key)
    if key.startswith(f"{RANDOM}-"):
        return {"level": RANDOM, "seed": int(key.removeprefix(f"{RANDOM}-"))}
    return {"level": key, "seed": 0}


LESSON = Lesson(
    name="puzzle",
    key="3",
    title="Puzzle",
    summary="Set ReLU units with the keyboard until the network matches a target",
    screen="relu_tui.lessons.puzzle.screen:PuzzleScreen",
    printout="relu_tui.lessons.puzzle.printout",
    quantities="relu_tui.lessons.puzzle.quantities",
    settings=_settings,
    state_from=state_from,
    settings_of=settings_of,
)
