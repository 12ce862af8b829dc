"""Where relu-tui relies on Textual beyond its public API: every such use is in this module.

Each function here names the private attribute it touches and why no public API does the
job; `tests/ui/test_compat.py` pins each behaviour relied on, so a Textual upgrade that
changes one fails there first, not somewhere in a screen.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.css.stylesheet import Stylesheet
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey


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
            (key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
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
