"""Bursts of keys that reach a screen after it has gone: found by the random-key runs."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from relu_tui.ui.app import ReluApp
from tests.ui.test_random_keys import Step, send_burst


@pytest.mark.parametrize("keys", [["down", "enter", "enter"], ["enter", "down", "enter"]])
async def test_two_selects_in_the_palette_in_one_burst(keys: list[str]) -> None:
    """ctrl+p, then `down enter enter` in one burst: the second enter reached the palette
    after the first had dismissed it, and its pop_screen raised ScreenStackError."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        await send_burst(app, [Step(key=key) for key in keys])
        for _ in range(5):
            await pilot.pause()
        assert app.is_running and app._exception is None
        assert not isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_a_stale_dismiss_does_not_close_the_screen_in_front() -> None:
    """A help screen dismissed twice closes itself once, not the level list below it."""
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        level_list = app.screen
        app.action_help()
        await pilot.pause()
        help_screen = app.screen
        assert help_screen is not level_list
        help_screen.dismiss()
        await pilot.pause()
        assert app.screen is level_list
        help_screen.dismiss()
        await pilot.pause()
        assert app.screen is level_list and app.is_running
