"""Where relu-tui relies on Textual beyond its public API: every such use is in this module.

Each function here names the private attribute it touches and why no public API does the
job; `tests/ui/test_compat.py` pins each behaviour relied on, so a Textual upgrade that
changes one fails there first, not somewhere in a screen.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.css.stylesheet import Stylesheet
from textual.strip import Strip
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey

from relu_tui.ui.frame_diff import FrameDiff

if TYPE_CHECKING:
    from textual.app import App
    from textual.await_complete import AwaitComplete
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.events import Key
    from textual.screen import Screen


def guard_option_list_paging() -> None:
    """Make PageUp/PageDown on an option list that has not been laid out yet a no-op.

    Textual 8.2.8's `OptionList._move_page` looks up the highlighted option's line in a
    cache that is filled only once the list has a size; an empty list has height 0, so a
    command palette whose results arrive together with a PageDown (`ctrl+p pagedown` in
    one burst) raised `KeyError: 0` and ended the app. Until the list is laid out there is
    no page to move by: the key is dropped, as keys are while a list is loading. The
    guard wraps the method on OptionList itself (the palette's list is created inside
    Textual's CommandPalette.compose, out of reach of a subclass). Idempotent.
    """
    original = OptionList._move_page
    if getattr(original, "_relu_tui_guarded", False):
        return

    def _move_page(self: OptionList, direction: int) -> None:
        if self._options and (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)  # type: ignore[arg-type]

    _move_page._relu_tui_guarded = True  # type: ignore[attr-defined]
    _move_page.__wrapped__ = original  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


def guard_zero_width_wrap() -> None:
    """Make wrapping text into zero (or fewer) columns fold it into one column instead.

    On a terminal resized to a few columns, Textual 8.2.8 lays out an option list (the
    command palette's, the Puzzle's level chooser) at its width less its padding: with the
    palette open at width 4 (6 after typing), or the chooser at widths 1-5, that is 0, and
    `rich._wrap.divide_line` calls `chop_cells(word, width=0)`, whose `range(0, n, 0)`
    raised ValueError and ended the app. A bare Textual app does the same. The guard wraps
    the name `divide_line` looks up (rich's `_wrap.chop_cells`, a private module; no public
    API sets a minimum wrap width). Idempotent.
    """
    import rich._wrap

    original = rich._wrap.chop_cells  # type: ignore[attr-defined]  # private: not re-exported
    if getattr(original, "_relu_tui_guarded", False):
        return

    def chop_cells(text: str, width: int, *args: Any, **kwargs: Any) -> list[str]:
        return original(text, max(int(width), 1), *args, **kwargs)

    chop_cells._relu_tui_guarded = True  # type: ignore[attr-defined]
    chop_cells.__wrapped__ = original  # type: ignore[attr-defined]
    rich._wrap.chop_cells = chop_cells  # type: ignore[attr-defined]


def guard_stale_dismiss() -> None:
    """Make `Screen.dismiss` on a screen that is no longer in front a no-op.

    Keys go to the focused widget's own queue, so a burst reaches a modal screen (the
    command palette, help, a picker) after its first key already dismissed it: in Textual
    8.2.8 the palette's `down enter enter` dismissed it twice and the second `pop_screen`
    raised ScreenStackError ("there must be at least one screen on the stack"), ending the
    app; after a mode switch the stale dismiss would pop another mode's screen. A screen
    that is not `app.screen` has nothing to dismiss: the call returns an empty
    AwaitComplete. Idempotent.
    """
    from textual.await_complete import AwaitComplete
    from textual.screen import Screen

    original = Screen.dismiss
    if getattr(original, "_relu_tui_guarded", False):
        return

    def dismiss(self: Screen[object], result: object | None = None) -> AwaitComplete:
        if self.app.screen is not self:
            return AwaitComplete()
        return original(self, result)

    dismiss._relu_tui_guarded = True  # type: ignore[attr-defined]
    Screen.dismiss = dismiss  # type: ignore[assignment,method-assign]


def split_escape_prefix(event: Key) -> list[Key] | None:
    """`escape` then the key, for a key that arrived as alt+<character>.

    A terminal sends Escape as one byte, ESC, and Alt+q as ESC q; Textual 8.2.8's input
    parser reads ESC followed within ESCDELAY (100 ms) by a character as alt+<character>
    (`_xterm_parser.py`, `process_alt`). So Escape then q typed quickly, or sent in one
    write (`tmux send-keys Escape q`), became alt+q: help stayed open and q did not quit.
    relu-tui binds no alt keys, so such a key is read as the two keys it was typed as.
    Returns None for every other key.
    """
    from textual import events
    from textual.keys import _character_to_key

    character = event.character
    if not event.key.startswith("alt+") or character is None or len(character) != 1:
        return None
    if not character.isprintable():
        return None
    name = character if character.isalnum() else _character_to_key(character)
    return [events.Key("escape", "\x1b"), events.Key(name, character)]


def guard_command_palette_teardown() -> None:
    """Let the command palette's search finish quietly after the palette has closed.

    Textual 8.2.8's CommandPalette gathers hits in a worker; when keys close the palette
    while a search runs (`ctrl+p`, typing, `enter` or `escape` in one burst), the worker's
    last step sets `_list_visible`/`_show_busy`, whose watchers `query_one(CommandList)` on
    a palette whose children are gone: NoMatches, and the worker's error ended the app.
    The search (`_gather_commands`, rebuilt from its undecorated body with the same
    `@work` arguments) and those two watchers now stop quietly once the list is gone.
    Idempotent.
    """
    from textual import work
    from textual.command import CommandList, CommandPalette
    from textual.css.query import NoMatches

    if getattr(CommandPalette._watch__list_visible, "_relu_tui_guarded", False):
        return
    list_visible = CommandPalette._watch__list_visible
    show_busy = CommandPalette._watch__show_busy
    gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]

    def _watch__list_visible(self: CommandPalette) -> None:
        try:
            list_visible(self)
        except NoMatches:
            return

    async def _watch__show_busy(self: CommandPalette) -> None:
        try:
            await show_busy(self)
        except NoMatches:
            return

    async def _gather_commands(self: CommandPalette, search_value: str) -> None:
        if not self.is_attached or not self.query(CommandList):
            return
        try:
            await gather(self, search_value)
        except NoMatches:  # the palette closed while the search ran
            return

    _watch__list_visible._relu_tui_guarded = True  # type: ignore[attr-defined]
    CommandPalette._watch__list_visible = _watch__list_visible  # type: ignore[method-assign]
    CommandPalette._watch__show_busy = _watch__show_busy  # type: ignore[method-assign]
    CommandPalette._gather_commands = work(  # type: ignore[method-assign]
        exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP
    )(_gather_commands)


def guard_palette_typing() -> None:
    """Keep typing into the command palette linear in the number of characters.

    Each change of the palette's search field cancels the running search and starts a new
    one (a worker). A terminal without bracketed paste delivers pasted or fast-typed text
    as one key per character, all queued at once, so the cancelled searches pile up in the
    app's WorkerManager before any of them gets to run and leave it; Textual 8.2.8's
    `CommandPalette._cancel_gather_commands` calls `WorkerManager.cancel_group`, which walks
    every worker of the app and cancels each one in the group again (an Event set per
    worker per key): 2,000 characters took seconds, 10,000 minutes. The cancelled searches
    now leave the manager at once (they are cancelled; their tasks end on their own), so
    each key finds only the one search still running. Relies on the manager's `_workers`
    set and `_remove_worker` (pinned in test_compat). Idempotent.
    """
    from textual.command import CommandPalette

    if getattr(CommandPalette._cancel_gather_commands, "_relu_tui_guarded", False):
        return
    group = CommandPalette._GATHER_COMMANDS_GROUP

    def _cancel_gather_commands(self: CommandPalette) -> None:
        manager = self.workers
        for worker in [w for w in manager._workers if w.group == group and w.node is self]:
            if not worker.is_cancelled:
                worker.cancel()
            manager._remove_worker(worker)

    _cancel_gather_commands._relu_tui_guarded = True  # type: ignore[attr-defined]
    CommandPalette._cancel_gather_commands = _cancel_gather_commands  # type: ignore[method-assign]


class CachingStylesheet(Stylesheet):
    """Textual's stylesheet, keeping what it parsed while the variables stay the same.

    Textual refreshes the CSS whenever a mode's screen is first shown: it sets the
    variables (which empties the parse cache, even when they have not changed) and
    re-parses every source in a fresh stylesheet, whose cache is then dropped. At
    start-up that parsed all of relu-tui's CSS three times (~40 ms of ~400 ms). Relies on
    `set_variables` and `reparse` being how App applies a theme (pinned in test_compat).
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._applied: dict[str, str] = dict(variables or {})
        self._stale = False
        """Whether the variables changed since the rules were last parsed."""

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._applied:
            self._applied = dict(variables)
            self._stale = True
            super().set_variables(variables)

    def reparse(self) -> None:
        if self._stale:
            super().reparse()
            self._stale = False
        else:  # same variables: the rules cached per source are current
            self.parse()


class KeysFooter(Footer):
    """Textual's Footer, shown in the first frame and rebuilt only when its keys change.

    Footer rebuilds its key widgets (~20 ms at 120 columns) every time the screen's
    bindings may have changed: on focus changes and on every `refresh_bindings()`, which
    screens call after keys that enable or dim others. Most of those calls change
    nothing on the footer; this one skips the rebuild then. The keys that must never
    scroll out of sight at 80 columns (help and quit, `PINNED`) are docked at the right
    with the palette key (`#pinned-keys`); the screen's own keys fill the rest in their
    order, and a key that does not fit is cut, never these.

    Private parts used: `Footer._bindings_ready` (set so the first compose shows the keys
    rather than waiting for the first bindings change) and `FooterKey` (the key widget,
    not exported by textual.widgets).
    """

    PINNED = frozenset({"app.help", "app.quit", "help", "quit"})
    """Actions whose keys stay visible at any width (docked right in `#pinned-keys`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None

    def _signature(self) -> tuple[object, ...]:
        """Everything the footer draws: each active key as shown, enabled or dimmed."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (
                key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._signature()
        pinned: list[FooterKey] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A FooterKey sets its `compact` once mounted (the class default, True),
                # then Footer's binding sets the footer's (False): two class changes, each
                # restyling the key (~1 ms per key at start-up). Start each key with the
                # value it ends with; both steps then change nothing. Footer binds every
                # key but the command palette's, which stays compact.
                bound = not widget.has_class("-command-palette")
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                if widget.action in self.PINNED or widget.has_class("-command-palette"):
                    pinned.append(widget)
                    continue
            yield widget
        if pinned:
            with HorizontalGroup(id="pinned-keys"):
                yield from pinned

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._signature() == self._shown:
            return
        await super().recompose()
        prune_watchers(self)


def prune_watchers(obj: Any) -> None:
    """Drop `obj`'s reactive watchers whose watching node has closed.

    Each FooterKey binds itself to its footer's `compact` (`data_bind`), which adds a
    watcher to the footer; Textual 8.2.8 drops watchers of closed nodes only when the
    watched value changes, and `compact` never does. So every rebuild of the footer (each
    screen switch with other keys) kept all the old keys alive through that list: in
    `demo --loop` about 30 widgets a loop, with their styles and rendered lines. Private
    part used: the `__watchers` dict Textual's `reactive._watch` keeps on the object
    (pinned in test_compat).
    """
    watchers = getattr(obj, "__watchers", None)
    if not isinstance(watchers, dict):
        return
    for entries in watchers.values():
        entries[:] = [
            (node, callback)
            for node, callback in entries
            if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
        ]


class DiffedDisplay:
    """App mixin: each frame sends only the cells that changed (see `ui.frame_diff`).

    Private parts used: `App._display(screen, renderable)` (where Textual hands each
    compositor update to the driver; no public hook sees the update) and the compositor's
    update classes `LayoutUpdate` (`strips`, `region`) and `ChopsUpdate` (`chops`, `spans`,
    `chop_ends`) from `textual._compositor`, read as their `render_segments` reads them.
    """

    def _display(self, screen: Any, renderable: Any) -> None:
        app: Any = self
        lines = None
        if not app.is_headless and not app.is_inline:
            lines = _update_lines(renderable)
        if lines is not None:
            diff = _frame_diff_of(app)
            renderable = _Diffed(diff, lines, (app.size.width, app.size.height))
        elif renderable is not None and not app.is_headless:
            _frame_diff_of(app).forget()  # drawn some other way: trust nothing kept
        super()._display(screen, renderable)  # type: ignore[misc]
        if renderable is not None:
            self.frame_shown()

    def frame_shown(self) -> None:
        """A frame has gone to the terminal (a hook for the app; nothing by default)."""

    def forget_frame(self) -> None:
        """The terminal was drawn over (suspended, resized): the next frame sends it all."""
        _frame_diff_of(self).forget()


class FullFrames:
    """App mixin: while `watch_full_frames` is set, `full_frame_shown(screen, strips)` sees
    every update that redraws the whole screen, just before it goes to the terminal.

    Private parts used: `App._display(screen, renderable)` and `LayoutUpdate` (`region`,
    `strips`), as in `DiffedDisplay`.
    """

    watch_full_frames = False
    """Whether whole-screen updates are handed to `full_frame_shown`."""

    def full_frame_shown(self, screen: Any, strips: list[Strip]) -> None:
        """A whole-screen update of `screen` is about to be shown, one strip per row."""

    def _display(self, screen: Any, renderable: Any) -> None:
        if self.watch_full_frames and isinstance(renderable, LayoutUpdate):
            region = renderable.region
            width, height = self.size  # type: ignore[attr-defined]
            if (region.x, region.y, region.width, region.height) == (0, 0, width, height):
                self.full_frame_shown(
                    screen, [Strip.join(list(line)) for line in renderable.strips]
                )
        super()._display(screen, renderable)  # type: ignore[misc]


def _frame_diff_of(app: Any) -> FrameDiff:
    diff = app.__dict__.get("_relu_frame_diff")
    if not isinstance(diff, FrameDiff):
        diff = app.__dict__["_relu_frame_diff"] = FrameDiff()
    return diff


def _update_lines(renderable: Any) -> list[tuple[int, int, Strip]] | None:
    """The (y, x, strip) pieces of a compositor update, or None for any other renderable."""
    if isinstance(renderable, LayoutUpdate):
        x = renderable.region.x
        return [
            (y, x, Strip.join(list(line)))
            for y, line in enumerate(renderable.strips, renderable.region.y)
        ]
    if isinstance(renderable, ChopsUpdate):
        lines = []
        for y, x1, x2 in renderable.spans:
            for end, (x, strip) in zip(
                renderable.chop_ends[y], renderable.chops[y].items(), strict=False
            ):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, min(end, x2) - x)
                lines.append((y, x, strip))
        return lines
    return None


class _Diffed(CompositorUpdate):
    """A compositor update as `FrameDiff` renders it."""

    def __init__(
        self, diff: FrameDiff, lines: list[tuple[int, int, Strip]], size: tuple[int, int]
    ) -> None:
        self.diff, self.lines, self.size = diff, lines, size

    def render_segments(self, console: Any) -> str:
        return self.diff.render(self.lines, self.size, console._color_system)


def merged_bindings(cls: type[DOMNode]) -> BindingsMap | None:
    """A class's BINDINGS merged with its bases', key -> bindings (None before Textual has
    merged them).

    Textual keeps the merged map in the private class attribute `_merged_bindings` (set in
    `DOMNode.__init_subclass__`); the public `active_bindings` needs a mounted screen, and
    the exercise keys and the demo's checks work on classes.
    """
    return cls._merged_bindings


def bind_priority_key(app: App[Any], key: str, action: str, description: str) -> None:
    """Bind `key` on the app as a hidden priority binding (it runs before any widget's).

    The public `App.bind` has no `priority` argument, so this calls the app's private
    `_bindings` map (a BindingsMap) as `App.bind` itself does.
    """
    app._bindings.bind(key, action, description, show=False, priority=True)


def mode_screens(app: App[Any], mode: str) -> list[Screen[Any]]:
    """The screen stack of `mode` (empty if the mode was never opened), in front or not.

    The public `screen_stack` is only the current mode's; the others are in the private
    `_screen_stacks` (mode name -> stack).
    """
    return list(app._screen_stacks.get(mode) or [])


def replace_mode_screen(app: App[Any], screen: Screen[Any]) -> AwaitComplete:
    """Put `screen` in place of the current mode's only screen (the one the mode was
    built with), as `App.switch_screen` does for a pushed screen.

    `switch_screen` drops the replaced screen's result callback, which only pushed screens
    have (a mode's first screen has none: IndexError); so one is added first, through the
    private `Screen._push_result_callback` that `push_screen` itself calls.
    """
    app.screen._push_result_callback(app.screen, None)
    return app.switch_screen(screen)


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, one line per row, trailing spaces trimmed.

    Textual's public screenshot is SVG; the text comes from the screen's private
    compositor (`_compositor.render_update`, with the private `_background_screens` under
    a modal), as `export_screenshot` itself renders it.
    """
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    render = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(render)
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"
