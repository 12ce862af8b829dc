"""Pins every Textual behaviour relu-tui relies on beyond the public API (ui/compat.py).

A Textual upgrade that changes one of them fails here first, with the reason in the name.
"""

from __future__ import annotations

from textual import events
from textual.command import CommandList, CommandPalette
from textual.screen import Screen

from relu_tui.ui.app import ReluApp


async def test_palette_list_pages_before_its_first_layout() -> None:
    """PageDown/PageUp on the palette's list between its options arriving and its first
    layout do nothing (Textual 8.2.8 raised KeyError: 0 in OptionList._move_page)."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Screen())
        commands = CommandList(classes="--visible")
        await app.screen.mount(commands)  # empty: height 0, so no lines are measured
        commands.add_options(["Help", "Quit", "Reset"])
        commands.highlighted = 0
        commands.action_page_down()  # before any layout: the list has no page yet
        commands.action_page_up()
        assert commands.highlighted == 0
        await pilot.pause()
        commands.action_page_down()  # once laid out, paging works as before
        assert commands.highlighted == 2
        assert app.is_running


async def test_palette_and_pagedown_in_one_burst_keep_the_app_running() -> None:
    """ctrl+p then pagedown/pageup posted together (as tmux send-keys does) open the palette."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("ctrl+p", "pagedown", "pageup", "pagedown"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert app.is_running
