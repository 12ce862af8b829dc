"""The Activations lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from typing import Any

from relu_tui.lessons.lesson import Lesson, Setting, Settings, SettingValue, View


def _views() -> tuple[View, ...]:
    from relu_tui.lessons.activations.state import VIEW_LIST

    return tuple(VIEW_LIST)


def _settings() -> tuple[Setting, ...]:
    from relu_tui.lessons.activations.settings import setting_list

    return setting_list()


def _state_from(values: Settings) -> Any:
    from relu_tui.lessons.activations.settings import state_from

    return state_from(values)


def _settings_of(state: Any) -> dict[str, SettingValue]:
    from relu_tui.lessons.activations.settings import values_of

    return values_of(state)


LESSON = Lesson(
    name="activations",
    key="1",
    title="Activations",
    summary="ReLU and its family: values, gradients, why ReLU wins, why it is non-linear",
    screen="relu_tui.lessons.activations.screen:ActivationsScreen",
    printout="relu_tui.lessons.activations.printout",
    settings=_settings,
    state_from=_state_from,
    settings_of=_settings_of,
    views=_views,
)
