"""The app frame, independent of any lesson: keys, help, palette, too-small, ParamPanel."""

from __future__ import annotations

import numpy as np
from textual import events, on
from textual.app import ComposeResult

from relu_tui.core.params import Param, params_by_name, replace_param
from relu_tui.plotting.spec import PlotSpec, Series
from relu_tui.ui.app import ReluApp
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.screens.help import HelpScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView


class DemoScreen(LessonScreen):
    """A minimal lesson: two params and a plot."""

    TITLE = "Demo"
    HELP = "A demo lesson used to test the frame."

    def __init__(self) -> None:
        super().__init__()
        self.params = (Param("w", "w", 0.0, 0.1, -4, 4, help="the weight"),
                       Param("b", "b", 1.0, 0.1, -4, 4))

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
        expected = {"abc": "not a number", "": "enter a value", "nan": "not a number you can use",
                    "inf": "finite", "1e999": "too large", "7": "between -4 and 4"}
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
        assert {"Decrease", "Increase", "Type value", "Reset", "Help", "Quit"} <= descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, DemoScreen)


async def test_palette_offers_screens_and_actions() -> None:
    """The command palette lists each screen and the screen's actions."""
    app = DemoApp()
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screen: Dosage network" in titles
        assert "Reset" in titles and "Type value" in titles


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
        for key, char in [("down", None), ("enter", "\r"), ("1", "1"), ("full_stop", "."),
                          ("5", "5"), ("enter", "\r")]:
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
