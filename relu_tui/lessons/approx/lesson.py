"""The Approximation lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from typing import Any

from relu_tui.lessons.lesson import Lesson, Setting, Settings, SettingValue, View


def _views() -> tuple[View, ...]:
    from relu_tui.lessons.approx.screen_state import VIEW_LIST

    return tuple(VIEW_LIST)


def _settings() -> tuple[Setting, ...]:
    from relu_tui.lessons.approx.settings import setting_list

    return setting_list()


def _state_from(values: Settings) -> Any:
    from relu_tui.lessons.approx.settings import state_from

    return state_from(values)


def _settings_of(state: Any) -> dict[str, SettingValue]:
    from relu_tui.lessons.approx.settings import values_of

    return values_of(state)


LESSON = Lesson(
    name="approx",
    key="5",
    title="Approximation",
    summary="Sums of shifted ReLUs approximate any curve; a network trained with and without ReLU",
    screen="relu_tui.lessons.approx.screen:ApproxScreen",
    printout="relu_tui.lessons.approx.printout",
    settings=_settings,
    state_from=_state_from,
    settings_of=_settings_of,
    exports=True,
    views=_views,
)
