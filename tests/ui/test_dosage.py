"""Dosage screen, driven with the keyboard."""

from __future__ import annotations

from relu_tui.core.dosage import DosageState
from relu_tui.ui.app import ReluApp
from relu_tui.ui.screens.dosage import DosageScreen
from relu_tui.ui.widgets.param_panel import ParamPanel


async def test_n_and_p_step_through_stages() -> None:
    """n goes forward to stage 7 and stops; p and pageup go back."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DosageScreen)
        await pilot.press(*["n"] * 8)
        assert screen.state.stage == 7
        assert "0.470" in str(screen.query_one("#stage-heading").render())
        await pilot.press("p", "pageup")
        assert screen.state.stage == 5


async def test_overview_toggle_and_activation_toggle() -> None:
    """o shows the grid of seven plots; a swaps ReLU for Softplus."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("o")
        assert screen.state.overview and screen.has_class("-overview")
        assert all(screen.query_one(f"#overview-{n}").spec is not None for n in range(1, 8))
        await pilot.press("o", "a")
        assert not screen.state.overview
        assert screen.state.activation == "softplus"


async def test_probe_moves_with_comma_and_full_stop() -> None:
    """'.' moves the probe right by 0.01 and ',' back; the readout follows."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("full_stop", "full_stop", "comma")
        assert screen.state.probe == 0.51
        assert "probe x = 0.51" in str(screen.query_one("#dosage-probe").render())


async def test_editing_a_weight_and_a_bad_typed_value() -> None:
    """right nudges w1 by 0.1; typing 'abc' for b1 keeps −0.85 with a message; r restores."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("right")
        assert screen.state.weights["w1"] == 1.8
        await pilot.press("down", "enter", "ctrl+a", "ctrl+k", *"abc", "enter")
        panel = screen.query_one(ParamPanel)
        assert "not a number" in panel.message
        assert screen.state.weights["b1"] == -0.85
        await pilot.press("escape", "r")
        assert screen.state.weights == DosageState().weights


async def test_empty_dosage_range_is_refused_in_the_panel() -> None:
    """Typing x from = 2 (above x to = 1) is refused and the range kept."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press(*["down"] * 7, "enter", "ctrl+a", "ctrl+k", "2", "enter")
        assert screen.state.x_range == (0.0, 1.0)
        assert "x from < x to" in screen.query_one(ParamPanel).message
