"""The Dosage network lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from typing import Any

from relu_tui.lessons.lesson import Lesson, Setting, Settings, SettingValue


def _settings() -> tuple[Setting, ...]:
    from relu_tui.lessons.dosage.settings import setting_list

    return setting_list()


def _state_from(values: Settings) -> Any:
    from relu_tui.lessons.dosage.settings import state_from

    return state_from(values)


def _settings_of(state: Any) -> dict[str, SettingValue]:
    from relu_tui.lessons.dosage.settings import values_of

    return values_of(state)


LESSON = Lesson(
    name="dosage",
    key="2",
    title="Dosage network",
    summary="A 1-2-1 ReLU network on drug dosage, built up in seven plotted stages",
    screen="relu_tui.lessons.dosage.screen:DosageScreen",
    printout="relu_tui.lessons.dosage.printout",
    settings=_settings,
    state_from=_state_from,
    settings_of=_settings_of,
)
