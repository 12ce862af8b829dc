"""At 80×24 every screen and view keeps `q` and `?` in the footer (issue 9)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from relu_tui.lessons.catalog import available_screens
from relu_tui.ui.app import ReluApp
from relu_tui.ui.lesson_screen import LessonScreen

VIEW_KEYS = {
    "activations": ["v", "v", "v", "v"],
    "dosage": ["o", "o", "n"],
    "puzzle": ["o", "escape", "i"],
    "dead": ["v", "v", "v", "v", "v"],
    "approx": ["m", "m"],
    "exercises": [],
}
"""Keys that walk through each screen's views (and back to the first)."""


def _visible_keys(app: ReluApp) -> set[str]:
    """Keys whose footer entry lies wholly inside the terminal's width."""
    width = app.size.width
    return {
        key.key
        for key in app.screen.query(FooterKey)
        if key.region.width and key.region.x >= 0 and key.region.right <= width
    }


@pytest.mark.parametrize("name", available_screens())
async def test_help_and_quit_show_on_every_view_at_80x24(name: str) -> None:
    """The footer of each view shows `?` and `q` whole, however many keys the view has."""
    app = ReluApp(start=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in [None, *VIEW_KEYS[name]]:
            if key is not None:
                await pilot.press(key)
                await pilot.pause()
            if not isinstance(app.screen, LessonScreen):
                continue  # a modal (the puzzle's level list) has no footer
            visible = _visible_keys(app)
            assert {"question_mark", "q"} <= visible, (name, key, visible)
