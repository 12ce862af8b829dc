"""ViewBar: every lesson's views in one line, the one in front highlighted, fitted to width."""

from __future__ import annotations

import pytest

from relu_tui.lessons.activations.state import VIEW_LIST as ACTIVATIONS_VIEWS
from relu_tui.lessons.dead.state import VIEW_LIST as DEAD_VIEWS
from relu_tui.lessons.lesson import View
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.view_bar import CURRENT_STYLE, ViewBar, view_bar_text

VIEWS = (View("a", "x", "Alpha", short="A"), View("b", "y", "Beta", short="B"))


def _highlighted(text: object) -> list[str]:
    assert hasattr(text, "spans") and hasattr(text, "plain")
    return [text.plain[s.start : s.end] for s in text.spans if s.style == CURRENT_STYLE]


def test_wide_enough_every_view_shows_key_and_title() -> None:
    """With room, each view reads ' key Title ', the one in front highlighted."""
    text = view_bar_text(VIEWS, "b", 80)
    assert text.plain == " x Alpha   y Beta "
    assert _highlighted(text) == [" y Beta "]


def test_short_of_room_the_others_shorten_first() -> None:
    """The view in front keeps its full title; the others drop to short, then to no key."""
    assert view_bar_text(VIEWS, "a", 16).plain == " x Alpha   y B "
    assert view_bar_text(VIEWS, "a", 12).plain == " x Alpha  B"


@pytest.mark.parametrize("views", [ACTIVATIONS_VIEWS, DEAD_VIEWS])
def test_each_lesson_declares_distinct_views_and_keys(views: tuple[View, ...]) -> None:
    """Names are unique; keys too where a view has one; titles are ASCII (for --ascii)."""
    names = [view.name for view in views]
    keys = [view.key for view in views if view.key]
    assert len(set(names)) == len(names) and len(set(keys)) == len(keys)
    assert all(view.title.isascii() and view.short_title.isascii() for view in views)


@pytest.mark.parametrize(
    ("start", "key", "view"), [("activations", "c", "compare"), ("dead", "v", "train")]
)
async def test_the_bar_follows_the_view_keys(start: str, key: str, view: str) -> None:
    """A view key moves the highlight on the screen's one ViewBar."""
    app = ReluApp(start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(ViewBar)
        first = bar.current
        await pilot.press(key)
        await pilot.pause()
        assert first != view and bar.current == view
        titles = {v.name: v.title for v in bar.views}
        assert titles[view] in str(bar.render())
