"""Pins every Textual behaviour relu-tui relies on beyond the public API (ui/compat.py).

A Textual upgrade that changes one of them fails here first, with the reason in the name.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey

from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import CachingStylesheet, KeysFooter, guard_option_list_paging


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


def test_the_paging_guard_is_still_needed() -> None:
    """Textual's own OptionList._move_page still fails on a list with no layout.

    When this fails, Textual has fixed the bug: drop `guard_option_list_paging`.
    """
    guard_option_list_paging()
    guarded = OptionList._move_page
    original = guarded.__wrapped__  # type: ignore[attr-defined]
    listing = OptionList("a", "b")
    listing.highlighted = 0
    with pytest.raises(KeyError):
        original(listing, 1)
    guarded(listing, 1)  # the guard: nothing to page over yet
    assert listing.highlighted == 0


def test_footer_private_parts_exist() -> None:
    """KeysFooter sets Footer._bindings_ready (a reactive) and styles FooterKey widgets."""
    assert isinstance(Footer.__dict__.get("_bindings_ready"), Reactive)
    key = FooterKey("q", "q", "Quit", "app.quit")
    assert key.action == "app.quit"
    assert isinstance(FooterKey.__dict__.get("compact"), Reactive)


async def test_footer_keeps_help_and_quit_visible_at_80_columns() -> None:
    """With more keys than fit, `?` and `q` (docked right with the palette key) stay on
    screen and the screen's own keys are cut instead."""

    class Crowded(Screen[None]):
        BINDINGS = [
            Binding(key, f"app.bell('{key}')", f"Long description {key}") for key in "abcdefghij"
        ]

        def compose(self) -> ComposeResult:
            yield KeysFooter()

    class CrowdedApp(ReluApp):
        MODES = {"activations": Crowded}

    app = CrowdedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {key.key: key for key in app.screen.query(FooterKey)}
        for name in ("question_mark", "q", "ctrl+p"):
            region = shown[name].region
            assert region.width and region.x >= 0 and region.right <= 80, name


async def test_theme_change_reaches_the_caching_stylesheet() -> None:
    """Textual applies a theme through set_variables + reparse, which CachingStylesheet
    keys its cache on: a new theme restyles, the same variables parse nothing again."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.stylesheet, CachingStylesheet)
        before = app.screen.query_one(KeysFooter).styles.background
        app.theme = "textual-light"
        await pilot.pause()
        assert app.screen.query_one(KeysFooter).styles.background != before


def test_private_names_the_palette_and_wrap_guards_rely_on_exist() -> None:
    """guard_palette_typing uses WorkerManager._workers/_remove_worker and the palette's
    group name; guard_zero_width_wrap replaces rich._wrap.chop_cells."""
    import rich._wrap
    from textual.command import CommandPalette
    from textual.worker_manager import WorkerManager

    assert isinstance(CommandPalette._GATHER_COMMANDS_GROUP, str)
    assert callable(CommandPalette._cancel_gather_commands)
    assert callable(WorkerManager._remove_worker)
    assert isinstance(WorkerManager(None)._workers, set)  # type: ignore[arg-type]
    assert callable(rich._wrap.chop_cells)
