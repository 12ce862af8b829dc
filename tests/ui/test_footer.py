"""At 80×24 every screen and view keeps `q` and `?` in the footer (issue 9)."""

from __future__ import annotations

import pytest

from relu_tui.lessons.catalog import available_screens
from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import FooterKey
from relu_tui.ui.lesson_screen import LessonScreen
from tests.views import walk

pytestmark = pytest.mark.usefixtures("stepped_training")  # runs train when told


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
        async for step in walk(pilot, app, name):
            if step.escape or not isinstance(app.screen, LessonScreen):
                continue  # an open field types q and ?; a modal has no footer
            visible = _visible_keys(app)
            assert {"question_mark", "q"} <= visible, (name, step.name, visible)
