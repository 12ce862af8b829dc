"""The Activations lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from relu_tui.lessons.lesson import Lesson, entry, views_at

LESSON = Lesson(
    name="activations",
    key="1",
    title="Activations",
    summary="ReLU and its family: values, gradients, why ReLU wins, why it is non-linear",
    screen="relu_tui.lessons.activations.screen:ActivationsScreen",
    printout="relu_tui.lessons.activations.printout",
    quantities="relu_tui.lessons.activations.quantities",
    settings=entry("relu_tui.lessons.activations.settings:setting_list"),
    state_from=entry("relu_tui.lessons.activations.settings:state_from"),
    settings_of=entry("relu_tui.lessons.activations.settings:values_of"),
    views=views_at("relu_tui.lessons.activations.state:VIEW_LIST"),
)
