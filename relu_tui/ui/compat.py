"""Where relu-tui relies on Textual beyond its public API: every such use is in this module.

Each function here names the private attribute it touches and why no public API does the
job; `tests/ui/test_compat.py` pins each behaviour relied on, so a Textual upgrade that
changes one fails there first, not somewhere in a screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import OptionList

if TYPE_CHECKING:
    from textual.events import Key


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
    OptionList._move_page = _move_page  # type: ignore[method-assign]


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
