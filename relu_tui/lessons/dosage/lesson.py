"""The Dosage network lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from relu_tui.lessons.lesson import Lesson, entry

LESSON = Lesson(
    name="dosage",
    key="2",
    title="Dosage network",
    summary="A 1-2-1 ReLU network on drug dosage, built up in seven plotted stages",
    screen="relu_tui.lessons.dosage.screen:DosageScreen",
    printout="relu_tui.lessons.dosage.printout",
    quantities="relu_tui.lessons.dosage.quantities",
    settings=entry("relu_tui.lessons.dosage.settings:setting_list"),
    state_from=entry("relu_tui.lessons.dosage.settings:state_from"),
    settings_of=entry("relu_tui.lessons.dosage.settings:values_of"),
)
