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


async def test_escape_then_q_sent_together_closes_help_and_quits() -> None:
    """`tmux send-keys Escape q` (or typing them within 100 ms) arrives as alt+q: it closed
    nothing and did not quit. Now it is read as escape, then q."""
    from textual import events

    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_help()
        await pilot.pause()
        assert len(app.screen_stack) == 2
        event = events.Key("alt+q", "q")
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
        for _ in range(20):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running and app.return_code == 0


def test_split_escape_prefix_keeps_other_keys() -> None:
    """Only alt+<printable character> is split; named keys and plain keys are left alone."""
    from textual import events

    from relu_tui.ui.compat import split_escape_prefix

    keys = split_escape_prefix(events.Key("alt+left_square_bracket", "["))
    assert keys is not None and [k.key for k in keys] == ["escape", "left_square_bracket"]
    assert split_escape_prefix(events.Key("q", "q")) is None
    assert split_escape_prefix(events.Key("alt+up", None)) is None


async def test_palette_search_ending_after_the_palette_closed() -> None:
    """A palette search that finishes after its list is gone (keys closed the palette
    mid-search) ended the app with NoMatches from the palette's watchers."""
    from textual.command import CommandList

    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.query_one(CommandList).remove()
        palette._list_visible = not palette._list_visible  # the worker's last step
        palette._show_busy = True
        await pilot.pause()
        assert app.is_running and app._exception is None
        palette._gather_commands("scr")  # a search whose worker starts after the list is gone
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app._exception is None
