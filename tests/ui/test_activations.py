"""Activations screen: keys change the state, and what is drawn follows it."""

from __future__ import annotations

import itertools
import os

import pytest
from textual import events
from textual.widgets import ContentSwitcher, Static

from relu_tui.lessons.activations.screen import ActivationsScreen
from relu_tui.lessons.activations.state import DEFAULT_INPUTS, DEFAULT_SELECTED
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.picker import PickerScreen
from relu_tui.ui.widgets.plot_view import PlotView
from relu_tui.ui.widgets.row_table import RowTable


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing reads a clock that advances 1 ms per reading: fixed numbers, no waiting."""
    ticks = itertools.count()
    monkeypatch.setattr(ActivationsScreen, "CLOCK", staticmethod(lambda: next(ticks) * 1e-3))
    monkeypatch.setattr(ActivationsScreen, "TIMING_SIZE", 1000)


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (rendered at its width for rich tables)."""
    from rich.console import Console

    console = Console(
        width=max(widget.size.width, 40),
        record=True,
        color_system=None,
        file=open(os.devnull, "w"),  # noqa: SIM115
    )
    console.print(widget.content)
    return console.export_text()


async def test_starts_on_the_seed_table() -> None:
    """Inputs 5, 2, 0, -3, -10, nine activations, ReLU highlighted, values shown."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        state = app.screen.state
        assert state.inputs == DEFAULT_INPUTS and state.selected == DEFAULT_SELECTED
        table = app.screen.query_one("#values", RowTable)
        assert table.rows[0] == ("ReLU", ("5", "2", "0", "0", "0"))
        assert table.header[0].startswith("f(x)")
        assert app.focused is table


async def test_down_highlights_the_next_activation_and_its_plot() -> None:
    """down moves the highlight to Leaky ReLU; the plot and panel follow."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.state.highlighted == "leaky_relu"
        assert app.screen.query_one("#act-plot", PlotView).spec.title.startswith("Leaky ReLU")
        assert app.screen.query_one("#act-params", ParamPanel).params[0].name == "negative_slope"
        await pilot.press("up", "up")
        assert app.screen.state.highlighted == "softplus"  # wraps around


async def test_g_toggles_values_and_gradients() -> None:
    """g shows gradients: ReLU's row becomes 1, 1, 0, 0, 0 (ReLU'(0) = 0)."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        table = app.screen.query_one("#values", RowTable)
        assert app.screen.state.show_grad
        assert table.header[0].startswith("f'(x)")
        assert table.rows[0][1] == ("1", "1", "0", "0", "0")
        await pilot.press("g")
        assert not app.screen.state.show_grad


async def test_typed_inputs_replace_the_list() -> None:
    """e, a new list, enter: the table has the new columns."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"-1, 0.5", "enter")
        await pilot.pause()
        assert app.screen.state.inputs == (-1.0, 0.5)
        assert app.screen.query_one("#values", RowTable).rows[0][1] == ("0", "0.5")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1, abc", "entry 2: 'abc' is not a number"),
        ("", "enter at least one number"),
        ("nan", "nan is not a number you can use"),
        ("1e999", "1e999 is too large"),
        ("inf", "inf is not allowed"),
    ],
)
async def test_bad_inputs_keep_the_old_list(typed: str, message: str) -> None:
    """A bad list gets a specific message and the previous inputs stay."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *typed, "enter")
        await pilot.pause()
        assert app.screen.state.inputs == DEFAULT_INPUTS
        note = app.screen.query_one("#inputs", InlinePrompt).note
        assert message in note and "kept 5, 2, 0, -3, -10" in note
        await pilot.press("escape")
        assert app.screen.state.inputs == DEFAULT_INPUTS


async def test_parameters_are_edited_with_the_controls_idiom() -> None:
    """Highlight Leaky ReLU, tab to its panel, right: negative_slope 0.01 -> 0.02."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "tab", "right")
        await pilot.pause()
        assert app.screen.state.kwargs("leaky_relu") == {"negative_slope": 0.02}
        row = app.screen.query_one("#values", RowTable).rows[1]
        assert row == ("Leaky ReLU", ("5", "2", "0", "-0.06", "-0.2"))
        assert app.screen.state.kwargs("prelu") == {"weight": 0.25}  # others unchanged


async def test_x_range_cannot_cross() -> None:
    """Typing x from = 6 (above x to = 5) is refused with a message; -5 stays."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("ctrl+u", "6", "enter")
        await pilot.pause()
        assert app.screen.state.x_limits == (-5.0, 5.0)
        assert "must be less than" in app.screen.query_one("#act-params", ParamPanel).message


async def test_x_range_nudge_changes_the_plot() -> None:
    """right on 'x from' moves it to -4 and the plot's x limits follow."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "right")
        await pilot.pause()
        assert app.screen.state.x_limits == (-4.0, 5.0)
        assert app.screen.query_one("#act-plot", PlotView).spec.xlim == (-4.0, 5.0)


async def test_picker_adds_an_activation() -> None:
    """a, down, space, enter adds ReLU6 (registry order kept)."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "space", "enter")
        await pilot.pause()
        assert app.screen.state.selected[:2] == ("relu", "relu6")


async def test_picker_refuses_an_empty_selection_and_escape_cancels() -> None:
    """Unticking everything cannot be applied; escape leaves the columns as they were."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.chosen.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker
        assert "at least one" in _text(picker.query_one("#picker-message", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.state.selected == DEFAULT_SELECTED


@pytest.mark.parametrize(("key", "view"), [("c", "compare"), ("w", "why"), ("i", "linear")])
async def test_view_keys_switch_views(key: str, view: str) -> None:
    """c, w, i show their views; t comes back to the table; v cycles."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.screen.state.view == view
        assert app.screen.query_one("#views", ContentSwitcher).current == view
        await pilot.press("t", "v")
        assert app.screen.state.view == "compare"


async def test_compare_view_draws_the_seed_figure() -> None:
    """Four plots: ReLU, Leaky ReLU (slope 0.1), Sigmoid, Tanh; g draws derivatives."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        titles = [app.screen.query_one(f"#cmp-{i}", PlotView).spec.title for i in range(4)]
        assert titles == ["ReLU", "Leaky ReLU (slope 0.1)", "Sigmoid", "Tanh"]
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one("#cmp-0", PlotView).spec.title == "ReLU derivative"


async def test_why_view_numbers_and_layers() -> None:
    """Sigmoid keeps 0.25^10 = 9.54e-07 of its gradient, ReLU 1; right makes N = 11."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause(0.3)
        text = _text(app.screen.query_one("#why-table", Static))
        assert "0.25^10 = 9.54e-07" in text and "1^10 = 1" in text
        assert "ns/value" in text  # measured (with the injected clock) when the screen opened
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.state.layers.value == 11
        assert "0.25^11" in _text(app.screen.query_one("#why-table", Static))


async def test_linear_view_shows_the_counterexample() -> None:
    """ReLU fails f(-2a) = -2f(a) at a = 5 and additivity at 5 + -3; identity passes."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        detail = _text(app.screen.query_one("#linear-detail", Static))
        assert "f(-2 * 5) = 0" in detail and "-2 * f(5) = -10" in detail
        assert "f(5 + -3) = 2" in detail
        assert "Identity passes" in _text(app.screen.query_one("#linear-identity", Static))
        assert "[-1.13, -0.3675, 0.5917, 1.5919]" in _text(
            app.screen.query_one("#linear-affine", Static)
        )


async def test_reset_restores_the_defaults() -> None:
    """r brings back the seed inputs, the nine activations and torch's parameters."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "g", "tab", "right", "r")
        await pilot.pause()
        state = app.screen.state
        assert state.cursor == 0 and not state.show_grad
        assert state.kwargs("leaky_relu") == {"negative_slope": 0.01}


async def test_works_at_120_by_40_with_ascii() -> None:
    """At 120x40 with --ascii the plot has no braille."""
    app = ReluApp(start="activations", ascii_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#act-plot", PlotView)
        drawn = str(view.render())
        assert drawn and not any(0x2800 <= ord(ch) <= 0x28FF for ch in drawn)


async def test_long_tables_scroll_to_keep_the_highlight_visible() -> None:
    """With all 22 activations at 80x24 the table shows a window that follows the cursor."""
    from relu_tui.nn.activations import ACTIVATIONS

    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.state = app.screen.state.with_selection(tuple(ACTIVATIONS))
        await pilot.press("up")  # wraps to the last row, Identity
        await pilot.pause()
        drawn = str(app.screen.query_one("#values", RowTable).render())
        assert app.screen.state.highlighted == "identity"
        assert "Identity" in drawn and "ReLU6" not in drawn


async def test_a_burst_after_e_is_typed_into_the_inputs() -> None:
    """'e 1 , 2 enter' sent at once sets the inputs; the '1' and '2' switch no screen."""
    app = ReluApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, char in [("e", "e"), ("1", "1"), ("comma", ","), ("2", "2"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert app.current_mode == "activations"
        assert app.screen.state.inputs == (1.0, 2.0)


def _footer_keys(app: ReluApp) -> dict[str, str]:
    """Key -> description of every key the footer shows (enabled or dimmed)."""
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show
    }


@pytest.mark.parametrize("key", ["c", "w", "i"])
async def test_inputs_key_is_hidden_where_it_does_nothing(key: str) -> None:
    """e (the table's inputs) is offered on the table only, and does nothing elsewhere."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        assert _footer_keys(app).get("e") == "Inputs"
        await pilot.press(key)
        await pilot.pause()
        assert "e" not in _footer_keys(app)
        await pilot.press("e")
        assert not app.screen.query_one("#inputs", InlinePrompt).is_open


async def test_g_label_says_what_it_will_show() -> None:
    """The footer offers Gradients while values show, and Values while gradients show."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        assert _footer_keys(app)["g"] == "Gradients"
        await pilot.press("g")
        assert app.screen.state.show_grad
        assert _footer_keys(app)["g"] == "Values"
        await pilot.press("g")
        assert not app.screen.state.show_grad


async def test_reset_note_goes_once_the_state_changes() -> None:
    """'reset to the defaults' is shown after r, and gone after the next change."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", "r")
        panel = app.screen.query_one("#act-params", ParamPanel)
        assert panel.message == "reset to the defaults"
        await pilot.press("down")
        await pilot.pause()
        assert panel.message == ""


async def test_linear_view_shows_relu_on_the_notebook_layer() -> None:
    """Is it linear? shows the notebook's ReLU(-2 o) vs -2 ReLU(o) block, as --print does."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        text = _text(app.screen.query_one("#linear-affine", Static))
        assert "ReLU(-2 o)" in text and "-2 ReLU(o)" in text
