"""ReluApp: the screens (five lessons and the exercises) as modes, global keys, help and the
command palette."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input

from relu_tui.lessons.catalog import SCREENS, available_screens
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui import startup
from relu_tui.ui.classroom import ClassroomApp
from relu_tui.ui.compat import (
    CachingStylesheet,
    DiffedDisplay,
    FullFrames,
    guard_command_palette_teardown,
    guard_option_list_paging,
    guard_palette_typing,
    guard_stale_dismiss,
    guard_zero_width_wrap,
    replace_mode_screen,
    split_escape_prefix,
)
from relu_tui.ui.first_frame import Cells, FrameCache, FrameScreen
from relu_tui.ui.help import HelpScreen, bindings_table
from relu_tui.ui.key_gate import KEYS

_HERE = Path(__file__).parent


def _text_fields() -> tuple[type, ...]:
    """Input, and TextArea if anything imported it: one never imported cannot have the
    focus, and importing it costs start-up ~12 ms (its documents, syntax and themes)."""
    text_area = sys.modules.get("textual.widgets._text_area")
    return (Input,) if text_area is None else (Input, text_area.TextArea)


_ASCII_KEYS = {"left": "<-", "right": "->", "up": "^", "down": "v"}
"""Key names shown under `--ascii` where Textual draws an arrow; others keep their name."""


class ReluApp(FullFrames, DiffedDisplay, ClassroomApp):
    """relu-tui: a terminal explorer that teaches the ReLU activation."""

    TITLE = "relu-tui"
    CSS_PATH = [_HERE / "relu_tui.tcss"]
    BINDINGS = [
        *(
            Binding(info.key, f"open_screen('{name}')", info.title, show=False, id=f"screen-{name}")
            for name, info in SCREENS.items()
        ),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    """Global keys: 1-6 screens (each screen's key, from its description), ? help (F1 too,
    see ClassroomApp), q quit; ctrl+p opens the command palette.

    Each carries an id, so a keymap (`App.set_keymap`) can move it to another key."""

    def __init__(
        self,
        start: str | None = None,
        *,
        ascii_only: bool | None = None,
        launch_options: LaunchOptions | None = None,
        theme: str | None = None,
        save_dir: str | None = None,
        frame_cache: Path | None = None,
    ) -> None:
        options = launch_options or LaunchOptions()
        if start is not None:
            options = replace(options, screen=start)
        if ascii_only is not None:
            options = replace(options, ascii=ascii_only)
        self.launch_options = options
        """What the command line asked for: each screen reads its own options on mount."""
        self.screen_names: tuple[str, ...] = tuple(self.MODES) or tuple(available_screens())
        """The screens offered, in key order (a subclass may set MODES to its own)."""
        if options.screen not in self.screen_names:
            raise ValueError(f"unknown screen {options.screen!r}")
        self.DEFAULT_MODE = options.screen  # type: ignore[misc]  # App.__init__ reads it
        self._frame_folder = frame_cache
        """Where the start screen's first frame is kept between launches (None: not kept;
        see `ui.first_frame`)."""
        self._frame_cache: FrameCache | None = None
        self._held_keys: list[events.Key] | None = None
        """Keys typed while the cached first frame stands in for the start screen."""
        startup.freeze_heap("app")
        guard_option_list_paging()
        guard_stale_dismiss()
        guard_zero_width_wrap()
        guard_palette_typing()
        guard_command_palette_teardown()
        super().__init__(theme=theme, save_dir=save_dir)
        self.stylesheet = CachingStylesheet(variables=self.get_css_variables())
        self.set_class(options.ascii, "-ascii")
        if not self.MODES:
            for name in self.screen_names:
                self.add_mode(name, partial(self._build_screen, name))

    @property
    def ascii_only(self) -> bool:
        """Plain ASCII plot markers and frames, for fonts without braille (`--ascii`)."""
        return self.launch_options.ascii

    def format_title(self, title: str, sub_title: str) -> Content:
        """Textual's header line, with a plain " - " between title and sub-title under
        `--ascii` (Textual joins them with an em dash)."""
        if self.ascii_only and sub_title:
            return Content.assemble(
                Content(title), (" - ", "dim"), Content(sub_title).stylize("dim")
            )
        return super().format_title(title, sub_title)

    def get_key_display(self, binding: Binding) -> str:
        """As Textual shows keys (⏎, ←), or their names under `--ascii` (enter, left)."""
        shown = super().get_key_display(binding)
        if self.ascii_only and not shown.isascii():
            modifiers, key = binding.parse_key()
            return "+".join([*modifiers, _ASCII_KEYS.get(key, key)])
        return shown

    def _build_screen(self, name: str) -> Screen[Any]:
        """The screen `name`; for the start screen, its first frame from the last launch
        that drew the same one (`ui.first_frame`), when there is one, while it loads.

        The collector is held off until the start screen's first frame.
        """
        first = startup.first_frame_pending()
        if first:
            startup.pause_gc_until_first_frame()
        if self._frame_folder is not None and name == self.launch_options.screen:
            cells = self._cached_first_frame(self._frame_folder)
            self._frame_folder = None  # the start screen's frame only, once
            if cells is not None:
                self._held_keys = []
                return FrameScreen(cells, partial(self._replace_frame_screen, name))
        return self._load_screen(name, first=first)

    def _load_screen(self, name: str, *, first: bool) -> Screen[Any]:
        """Import and build the screen `name`, reading its stylesheet first.

        Only the start screen's module and stylesheet are loaded at start-up. Every rule in
        a screen's stylesheet begins with that screen's class (or a modal it opens), so
        reading it later changes nothing on the screens already built. (Textual's own
        `Screen.CSS_PATH` would restyle the whole app once more when the screen first
        shows.)
        """
        path = SCREENS[name].stylesheet_path
        if path.exists() and not self.stylesheet.has_source(str(path), ""):
            self.stylesheet.read(path)
        screen: Screen[Any] = SCREENS[name].load_screen()()
        if first:
            screen.call_after_refresh(startup.first_frame)
        return screen

    def _cached_first_frame(self, folder: Path) -> Cells | None:
        """The start screen's first frame kept in `folder` for this launch, if any; from
        here on the real screen's first frame is recorded (see `full_frame_shown`)."""
        if self._startup_notes:  # a warning joins the first frames: not worth keeping
            return None
        display = {
            "size": tuple(self.size),
            "theme": self.theme,
            "color_system": self.console.color_system,
            "no_color": self.no_color,
            "ansi_color": self.ansi_color,
        }
        self._frame_cache = FrameCache.for_launch(folder, self.launch_options, display)
        if self._frame_cache is None:
            return None
        self.watch_full_frames = True
        self._frame_cache.shown = self._frame_cache.load()
        return self._frame_cache.shown

    async def _replace_frame_screen(self, name: str) -> None:
        """The cached frame is on the terminal: build the real start screen, put it in its
        place, then hand it the keys typed meanwhile, in order."""
        screen = self._load_screen(name, first=startup.first_frame_pending())
        await replace_mode_screen(self, screen)
        held, self._held_keys = self._held_keys or [], None
        for key in held:
            self.post_message(events.Key(key.key, key.character))

    def full_frame_shown(self, screen: Any, strips: list[Strip]) -> None:
        """The real start screen's first whole frame: kept for the next launch."""
        if isinstance(screen, FrameScreen) or self._frame_cache is None:
            return
        self.watch_full_frames = False
        self._frame_cache.recorded(strips, (self.size.width, self.size.height))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.watch_full_frames = False  # a frame after input is not a first frame to keep
        if isinstance(event, events.Key) and self._held_keys is not None:
            self._held_keys.append(event)  # for the start screen, once it replaces its frame
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            KEYS.key_arrived()  # training stands aside until the key's frame is shown
            keys = split_escape_prefix(event)  # Escape then q typed fast arrive as alt+q
            if keys is not None:
                for key in keys:
                    await super().on_event(key)
                return
        await super().on_event(event)

    def frame_shown(self) -> None:
        KEYS.frame_shown()  # a key's frame is out: training goes on (ui/key_gate.py)

    def on_mount(self) -> None:
        # A suspended app's terminal was drawn over: its next frame sends every cell.
        self.app_suspend_signal.subscribe(self, lambda _app: self.forget_frame())
        self.app_resume_signal.subscribe(self, lambda _app: self.forget_frame())

    def on_unmount(self) -> None:
        startup.resume_gc()  # the app stopped before its first frame (see _build_screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_screen":
            (name,) = parameters
            if name not in self.screen_names or self.expects_text():
                return False
            if name == self.current_mode:
                return None
        return True

    def expects_text(self) -> bool:
        """Whether the focused widget is waiting for typed text (a value, an expression).

        Then digits are text, never screen keys: "200" typed into a prompt whose field
        has not taken focus yet must not open screen 2.
        """
        focused = self.screen.focused
        return focused is not None and (
            isinstance(focused, _text_fields()) or focused.has_class("-typing")
        )

    def action_open_screen(self, name: str) -> None:
        """Switch to the screen `name`, keeping every screen's state."""
        if name in self.screen_names and name != self.current_mode:
            self.switch_mode(name)

    def action_help(self) -> None:
        """Open help for the screen in front."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        info = SCREENS.get(self.current_mode)
        title = info.title if info else "relu-tui"
        text = str(getattr(screen, "HELP", ""))  # a lesson's paragraph (LessonScreen.HELP)
        self.push_screen(
            HelpScreen(title, text or (info.summary if info else ""), bindings_table(screen))
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name in self.screen_names:
            info = SCREENS[name]
            yield SystemCommand(
                f"Screen: {info.title}",
                f"({info.key}) {info.summary}",
                partial(self.action_open_screen, name),
            )
        yield SystemCommand(
            "Help", "Keys and explanation for this screen (? or F1)", self.action_help
        )
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if (
                not binding.description
                or binding.action in seen
                or active.node is self
                or not active.enabled
            ):
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key: {self.get_key_display(binding)}",
                partial(self.run_action, binding.action, active.node),
            )
