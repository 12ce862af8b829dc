"""The app frame, independent of any lesson: keys, help, palette, too-small, ParamPanel."""

from __future__ import annotations

import numpy as np
import pytest
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Input, Static

from relu_tui.base.params import Param, params_by_name, replace_param
from relu_tui.lessons.catalog import available_screens
from relu_tui.plotting.spec import PlotSpec, Series
from relu_tui.ui.app import ReluApp
from relu_tui.ui.classroom import ClassroomApp
from relu_tui.ui.help import HelpScreen
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView


class DemoScreen(LessonScreen):
    """A minimal lesson: two params and a plot."""

    TITLE = "Demo"
    HELP = "A demo lesson used to test the frame."

    def __init__(self) -> None:
        super().__init__()
        self.params = (
            Param("w", "w", 0.0, 0.1, -4, 4, help="the weight"),
            Param("b", "b", 1.0, 0.1, -4, 4),
        )

    def compose_body(self) -> ComposeResult:
        yield ParamPanel(self.params, id="panel")
        x = np.linspace(-1, 1, 50)
        yield PlotView(PlotSpec((Series.of(x, x, label="line"),)), id="plot")

    def on_mount(self) -> None:
        self.query_one(ParamPanel).focus()

    def action_reset(self) -> None:
        self.params = tuple(p.reset() for p in self.params)
        self.query_one(ParamPanel).params = self.params

    @on(ParamPanel.Changed)
    def apply(self, event: ParamPanel.Changed) -> None:
        new = params_by_name(self.params)[event.name].with_value(event.value)
        self.params = replace_param(self.params, new)
        self.query_one(ParamPanel).params = self.params


class OtherScreen(DemoScreen):
    TITLE = "Other"


class DemoApp(ReluApp):
    MODES = {"activations": DemoScreen, "dosage": OtherScreen}


async def test_arrows_nudge_and_select() -> None:
    """right nudges the selected param by its step; down then left moves the second."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "l", "down", "left", "shift+left")
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        assert [p.value for p in screen.params] == [0.3, 0.89]


async def test_typed_bad_values_keep_the_old_value_with_a_message() -> None:
    """abc, empty, nan, inf, 1e999 and out-of-range each leave the value alone."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(ParamPanel)
        expected = {
            "abc": "not a number",
            "": "enter a value",
            "nan": "not a number you can use",
            "inf": "finite",
            "1e999": "too large",
            "7": "between -4 and 4",
        }
        for text, fragment in expected.items():
            await pilot.press("enter")
            await pilot.press("ctrl+a", "ctrl+k", *text, "enter")
            assert fragment in panel.message
            assert panel.params[0].value == 0.0
            await pilot.press("escape")
        await pilot.press("enter", "ctrl+a", "ctrl+k", *"2.5", "enter")
        assert panel.params[0].value == 2.5
        assert not panel.typing


async def test_reset_restores_defaults() -> None:
    """r puts every param back."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "r")
        assert app.screen.params[0].value == 0.0


async def test_number_keys_switch_screens_and_keep_state() -> None:
    """2 opens the second screen; 1 returns to the first with its values intact."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")
        await pilot.press("2")
        assert app.current_mode == "dosage"
        await pilot.press("1")
        assert app.current_mode == "activations"
        assert app.screen.params[0].value == 0.1


async def test_help_lists_bindings_of_the_screen() -> None:
    """? opens help with the screen's HELP text and its keys, escape closes it."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "demo lesson" in text
        keys = app.screen._keys
        descriptions = set(keys.columns[1]._cells)
        assert {"Decrease", "Increase", "Type", "Reset", "Help", "Quit"} <= descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, DemoScreen)


async def test_palette_offers_screens_and_actions() -> None:
    """The command palette lists each screen and the screen's actions."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screen: Dosage network" in titles
        assert "Reset" in titles and "Type" in titles


async def test_too_small_terminal_shows_a_notice_and_recovers() -> None:
    """Below 80×24 the body hides behind a message; resizing back restores it with state."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.has_class("-too-small")
        assert "at least 80×24" in str(app.screen.query_one("#too-small").render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.has_class("-too-small")
        assert app.screen.params[0].value == 0.1


async def test_plot_view_draws_at_its_size() -> None:
    """The plot widget's rendered text matches its content size."""
    app = DemoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(PlotView)
        lines = view.render().plain.split("\n")
        assert len(lines) == view.content_size.height


async def test_no_color_plots_carry_no_colour(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With NO_COLOR set, plots are drawn without colour spans."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = DemoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color
        rendered = app.screen.query_one(PlotView).render()
        assert rendered.plain.strip()
        assert not [span for span in rendered.spans if span.style]


async def test_ascii_option_draws_plots_in_ascii() -> None:
    """ascii_only swaps braille and box drawing for plain ASCII in the widget."""
    app = DemoApp(ascii_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        plain = app.screen.query_one(PlotView).render().plain
        assert plain.strip() and plain.isascii()


async def test_a_burst_of_keys_keeps_its_order_and_never_leaks_to_the_app() -> None:
    """'down enter 1 . 5 enter' sent in one burst types 1.5 into the second param.

    The '1' must not reach the app (where it would switch screens).
    """
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [
            ("down", None),
            ("enter", "\r"),
            ("1", "1"),
            ("full_stop", "."),
            ("5", "5"),
            ("enter", "\r"),
        ]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert app.current_mode == "activations"
        assert [p.value for p in app.screen.params] == [0.0, 1.5]


class DirectScreen(DemoScreen):
    """The demo lesson with its requests handed over at once (`apply`)."""

    def compose_body(self) -> ComposeResult:
        yield ParamPanel(self.params, id="panel", apply=self.apply)


class DirectApp(ReluApp):
    MODES = {"activations": DirectScreen, "dosage": OtherScreen}


async def test_with_apply_a_burst_of_arrows_moves_once_per_key() -> None:
    """Ten 'right's, 'down', seven 'left's sent at once (a held key over SSH) all count."""
    app = DirectApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ["right"] * 10 + ["down"] + ["left"] * 7:
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert [p.value for p in app.screen.params] == [1.0, 0.3]
        assert [p.value for p in app.screen.query_one(ParamPanel).params] == [1.0, 0.3]


def test_help_is_bound_once() -> None:
    """`?` and F1 are the app's keys alone (`?` was bound on the app and on every screen)."""
    declared = [
        binding
        for cls in (ClassroomApp, ReluApp, LessonScreen, ParamPanel)
        for binding in Binding.make_bindings(cls.BINDINGS)
        if "help" in binding.action
    ]
    assert sorted(binding.key for binding in declared) == ["f1", "question_mark"]


async def test_palette_lists_help_once() -> None:
    """The command palette offers "Help" once."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Help") == 1


def test_every_frame_binding_has_an_id() -> None:
    """Bindings carry ids, so Textual's keymap can move them."""
    for cls in (ClassroomApp, ReluApp, LessonScreen, ParamPanel, HelpScreen):
        for binding in Binding.make_bindings(cls.BINDINGS):
            assert binding.id, f"{cls.__name__}: {binding.key} -> {binding.action}"


async def test_a_keymap_moves_app_and_panel_keys() -> None:
    """set_keymap({'help': 'f2', 'panel-increase': 'x'}): f2 opens help, x nudges."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"panel-increase": "x", "help": "f2"})
        await pilot.press("x")
        assert app.screen.params[0].value == 0.1
        await pilot.press("f2")
        assert isinstance(app.screen, HelpScreen)


async def test_the_base_on_mount_runs_once_per_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual calls each class's on_mount; screens no longer call super().on_mount() too."""
    calls: list[str] = []
    original = LessonScreen.on_mount

    def counting(self: LessonScreen) -> None:
        calls.append(type(self).__name__)
        original(self)

    monkeypatch.setattr(LessonScreen, "on_mount", counting)
    for name in available_screens():
        calls.clear()
        app = ReluApp(start=name)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        assert len(calls) == 1, (name, calls)


def _rows(panel: ParamPanel) -> str:
    return str(panel.query_one("#param-rows", Static).render())


class TwoPanels(DemoScreen):
    def compose_body(self) -> ComposeResult:
        yield ParamPanel(self.params, id="panel")
        yield ParamPanel(self.params, id="other")


class TwoPanelApp(ReluApp):
    MODES = {"activations": TwoPanels, "dosage": OtherScreen}


async def test_only_the_focused_panel_shows_the_cursor() -> None:
    """The ▸ cursor is drawn in the focused panel alone; tab moves it with the focus."""
    app = TwoPanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = app.screen.query(ParamPanel)
        assert "▸" in _rows(first) and "▸" not in _rows(second)
        await pilot.press("tab")
        assert second.has_focus
        assert "▸" in _rows(second) and "▸" not in _rows(first)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def _contrast(a: Color, b: Color) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_panel_borders_contrast_in_every_theme(theme: str) -> None:
    """Both panels' frames stand out from the background, and the focused one is heavier
    and differs in colour from the other (WCAG contrast ratios)."""
    app = TwoPanelApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        first, second = app.screen.query(ParamPanel)
        background = first.background_colors[0]
        (focused_type, focused), (other_type, other) = (
            first.styles.border_top,
            second.styles.border_top,
        )
        focused, other = background + focused, background + other
        assert focused_type == "heavy" and other_type == "round"
        assert _contrast(focused, background) >= 3.0, theme
        assert _contrast(other, background) >= 1.5, theme
        assert focused != other


async def test_focus_comes_back_after_the_too_small_notice() -> None:
    """Shrink below 80×24, enlarge again: the arrows still move the panel's value."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.press("right")
        assert app.screen.params[0].value == 0.1


async def test_digits_typed_into_a_value_never_switch_screens() -> None:
    """enter, then "200" key by key: the digits go into the field, the screen stays."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "0", "0")
        assert app.current_mode == "activations"
        panel = app.screen.query_one(ParamPanel)
        assert panel.typing and panel.query_one(Input).value == "200"


async def test_screen_keys_wait_while_a_panel_is_typing() -> None:
    """While a value is being typed, 1-5 are not screen keys even if the panel itself has
    focus (the field takes it a moment later)."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(ParamPanel)
        panel.add_class("-typing")
        assert app.check_action("open_screen", ("dosage",)) is False
        panel.remove_class("-typing")
        assert app.check_action("open_screen", ("dosage",)) is True
        await pilot.pause()
