"""The Approximation lesson, described once (see `relu_tui.lessons.lesson`)."""

from __future__ import annotations

from relu_tui.lessons.lesson import Lesson, entry, views_at

LESSON = Lesson(
    name="approx",
    key="5",
    title="Approximation",
    summary="Sums of shifted ReLUs approximate any curve; a network trained with and without ReLU",
    screen="relu_tui.lessons.approx.screen:ApproxScreen",
    printout="relu_tui.lessons.approx.printout",
    quantities="relu_tui.lessons.approx.quantities",
    settings=entry("relu_tui.lessons.approx.settings:setting_list"),
    state_from=entry("relu_tui.lessons.approx.settings:state_from"),
    settings_of=entry("relu_tui.lessons.approx.settings:values_of"),
    exports=True,
    views=views_at("relu_tui.lessons.approx.screen_state:VIEW_LIST"),
)
