"""The Dead neurons lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relu_tui.base.params import Param
from relu_tui.base.parse import InputError
from relu_tui.lessons.lesson import Lesson, Setting, Settings, SettingValue, views_at

if TYPE_CHECKING:
    from relu_tui.lessons.dead.state import DeadState


VIEW = "view"
"""The view setting: the one the screen opens on, or the one `--print` prints."""


def _settings() -> tuple[Setting, ...]:
    from relu_tui.lessons.dead.settings import setting_list
    from relu_tui.lessons.dead.state import VIEWS

    view = Param(
        VIEW,
        "view",
        0,
        choices=VIEWS,
        help="the view to open on (with --print: maps and regions print that view)",
    )
    return (*setting_list(), view)


def state_from(values: Settings) -> DeadState:
    """The screen's state with these settings: the seed's neuron and a fresh, stopped run,
    on the view named.

    Raises:
        InputError: a value out of range, or what is wrong with the CSV file.
    """
    from relu_tui.lessons.dead.settings import settings_from
    from relu_tui.lessons.dead.state import DeadState

    settings = {name: value for name, value in values.items() if name != VIEW}
    state = DeadState(settings=settings_from(settings))
    view = str(values.get(VIEW, state.view))
    try:
        return state.with_view(view)
    except ValueError as error:
        raise InputError(str(error)) from None


def settings_of(state: Any) -> dict[str, SettingValue]:
    """Every setting of a `DeadState` (or of anything holding its `settings`: the view is
    then the first)."""
    from relu_tui.lessons.dead.settings import values_of

    return {**values_of(state.settings), VIEW: str(getattr(state, VIEW, "neuron"))}


LESSON = Lesson(
    name="dead",
    key="4",
    title="Dead neurons",
    summary="Watch ReLU units die in training; Leaky ReLU as the cure; vanishing gradients",
    screen="relu_tui.lessons.dead.screen:DeadScreen",
    printout="relu_tui.lessons.dead.printout",
    quantities="relu_tui.lessons.dead.quantities",
    settings=_settings,
    state_from=state_from,
    settings_of=settings_of,
    exports=True,
    views=views_at("relu_tui.lessons.dead.state:VIEW_LIST"),
)
