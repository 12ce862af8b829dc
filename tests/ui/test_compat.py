"""Pins every Textual behaviour relu-tui relies on beyond the public API (ui/compat.py).

A Textual upgrade that changes one of them fails here first, with the reason in the name.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets._footer import FooterKey

from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import (
    CachingStylesheet,
    KeysFooter,
    bind_priority_key,
    guard_option_list_paging,
    merged_bindings,
    mode_screens,
    screen_text,
)
from tests.waiting import until


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
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette open")
        await pilot.pause()
        assert app.is_running
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


def test_merged_bindings_holds_a_class_and_its_bases_keys() -> None:
    """Textual merges BINDINGS per class into `_merged_bindings` when the class is made."""

    class Base(Screen[None]):
        BINDINGS = [Binding("a", "base", "Base")]

    class Child(Base):
        BINDINGS = [Binding("b", "child", "Child")]

    merged = merged_bindings(Child)
    assert merged is not None
    assert {"a", "b"} <= set(merged.key_to_bindings)
    assert [b.action for b in merged.key_to_bindings["b"]] == ["child"]


async def test_a_priority_key_bound_on_the_app_runs_before_the_screens_own() -> None:
    """`app._bindings.bind(..., priority=True)` makes a key the app's before the screen's
    binding of the same key (the demo's space, n, p and escape)."""
    hits: list[str] = []

    class Own(Screen[None]):
        BINDINGS = [Binding("n", "own", "Own")]

        def action_own(self) -> None:
            hits.append("screen")

    class Probe(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Own())

        def action_hit(self) -> None:
            hits.append("app")

    app = Probe()
    bind_priority_key(app, "n", "hit", "Hit")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert hits == ["app"]


async def test_mode_screens_finds_a_mode_that_is_not_in_front() -> None:
    """`_screen_stacks` keeps every opened mode's stack by name; `screen_stack` only the
    current one's."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        assert app.current_mode == "dosage"
        behind = mode_screens(app, "activations")
        assert [type(s).__name__ for s in behind] == ["ActivationsScreen"]
        assert behind[0] is not app.screen
        assert mode_screens(app, "no-such-mode") == []


async def test_screen_text_reads_the_screen_and_what_a_modal_covers() -> None:
    """The compositor renders the screen as text, with the screens under a modal."""

    class Note(ModalScreen[None]):
        DEFAULT_CSS = "Note { align: right bottom; } Note Static { width: 6; height: 1; }"

        def compose(self) -> ComposeResult:
            yield Static("modal")

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("underneath text")

    app = Probe()
    async with app.run_test(size=(30, 5)) as pilot:
        assert screen_text(app).splitlines()[0] == "underneath text"
        await app.push_screen(Note())
        await pilot.pause()
        text = screen_text(app)
        assert "underneath text" in text and "modal" in text
        assert len(text.splitlines()) == 5


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


async def test_rebuilding_the_footer_leaves_no_old_keys_behind() -> None:
    """Each FooterKey watches its footer's `compact`; Textual drops the watchers of removed
    keys only when `compact` changes, so every rebuild kept the old keys alive (the demo's
    memory grew each loop). After 10 rebuilds the footer watches only its current keys."""
    import gc

    from textual.widgets._footer import FooterKey

    from relu_tui.ui.app import ReluApp
    from relu_tui.ui.compat import KeysFooter

    app = ReluApp(start="dosage")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        for _ in range(10):
            footer._shown = None  # as after a change of keys
            footer.call_next(footer.recompose)
            await pilot.pause()
            await pilot.pause()
        keys = len(footer.query(FooterKey))
        watchers = getattr(footer, "__watchers", {}).get("compact", [])
        assert keys > 0 and len(watchers) <= keys + 2, (len(watchers), keys)
        gc.collect()
        detached = [o for o in gc.get_objects() if isinstance(o, FooterKey) and not o.is_attached]
        assert len(detached) <= 2 * keys, len(detached)
