"""Dead neurons' output map through the real keys: z discretizes, t shows the held-out
samples, and w's widths show in the settings panel and the status."""

from __future__ import annotations

from relu_tui.lessons.dead.output_map import RAMP_ASCII
from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.rows_view import RowsView


def _screen(app: ReluApp) -> DeadScreen:
    assert isinstance(app.screen, DeadScreen)
    return app.screen


def _map_cells(screen: DeadScreen) -> str:
    """The map's cells (its side labels, axis and key left out)."""
    lines = str(screen.query_one("#output-map", RowsView).render()).split("\n")
    body = [line for line in lines if not line.startswith(("P(", "[", "o x", "   -6"))]
    return "\n".join(line[3:] for line in body)


async def test_z_discretizes_the_map_and_keeps_the_run() -> None:
    """z: two shades instead of the ramp, the same run; z again: the ramp is back."""
    app = ReluApp(start="dead", ascii_only=True, launch_options=LaunchOptions("dead"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        await pilot.press("v", "s", "s")
        await pilot.pause()
        generation, epoch = screen.state.snapshot.generation, screen.state.snapshot.report.epoch
        shades = set(_map_cells(screen)) & set(RAMP_ASCII)
        assert len(shades) >= 4
        await pilot.press("z")
        await pilot.pause(0.2)
        assert screen.state.settings.discretize
        assert screen.state.snapshot.generation == generation
        assert screen.state.snapshot.report.epoch == epoch
        assert set(_map_cells(screen)) & set(RAMP_ASCII) <= {" ", "@"}
        assert "[@] predicts x" in str(screen.query_one("#output-map", RowsView).render())
        await pilot.press("z")
        await pilot.pause(0.2)
        assert not screen.state.settings.discretize
        assert set(_map_cells(screen)) & set(RAMP_ASCII) == shades


async def test_t_shows_and_hides_the_held_out_samples() -> None:
    """Off by default (the playground's default): no capitals; t: O and X appear."""
    app = ReluApp(start="dead", ascii_only=True, launch_options=LaunchOptions("dead"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        await pilot.press("v")
        await pilot.pause(0.2)
        assert not screen.state.settings.show_test
        assert not {"O", "X"} & set(_map_cells(screen))
        await pilot.press("t")
        await pilot.pause(0.2)
        assert screen.state.settings.show_test
        assert {"O", "X"} <= set(_map_cells(screen))
        assert "held-out samples shown" in screen.state.message


async def test_the_map_options_open_from_the_command_line() -> None:
    """--discretize on --show-test on: both in effect when the screen opens."""
    options = LaunchOptions(
        "dead", settings={"discretize": "on", "show_test": "on", "view": "train"}
    )
    app = ReluApp(start="dead", ascii_only=True, launch_options=options)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        await pilot.pause(0.2)
        cells = _map_cells(screen)
        assert set(cells) & set(RAMP_ASCII) <= {" ", "@"}
        assert {"O", "X"} <= set(cells)


async def test_typed_widths_show_in_the_panel_and_the_status() -> None:
    """w, 8,8,4, enter: the panel's width row reads 8,8,4 and the status names the layers."""
    app = ReluApp(start="dead", launch_options=LaunchOptions("dead"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _screen(app)
        screen.query_one("#dead-params").focus()
        await pilot.press("w")
        prompt = screen.query_one("#shape-prompt", InlinePrompt)
        assert prompt.is_open
        prompt.value = "8,8,4"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.state.settings.widths == (8, 8, 4)
        rows = str(screen.query_one("#dead-params #param-rows").render())
        assert "8,8,4" in rows
        status = screen.query_one("#dead-status").render()
        assert "layers 8,8,4" in str(status)


async def test_the_panel_border_names_the_inputs() -> None:
    """--features x1,x2,sin1: the settings panel's bottom border says so; all seven are
    counted instead (the border has no room for their names)."""
    options = LaunchOptions("dead", settings={"features": "x1,x2,sin1"})
    app = ReluApp(start="dead", launch_options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _screen(app)
        await pilot.pause()
        panel = screen.query_one("#dead-params")
        assert panel.border_subtitle == "inputs x1,x2,sin1"
        await pilot.press("f")
        prompt = screen.query_one("#shape-prompt", InlinePrompt)
        prompt.value = "x1,x2,x1^2,x2^2,x1*x2,sin1,sin2"
        await pilot.press("enter")
        await pilot.pause()
        assert panel.border_subtitle == "all 7 inputs (f lists them)"


async def test_a_2d_regression_task_gets_the_shaded_map_not_a_curve() -> None:
    """A plane y = (x1 + x2) / 2 as the data: the Train view draws the map with the value
    ramp and its range (the 1-D curve stays hidden); z discretizes it too."""
    import numpy as np

    from relu_tui.base.fmt import fmt
    from relu_tui.nn.datasets import Dataset
    from relu_tui.ui.widgets.plot_view import PlotView

    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (120, 2))
    plane = Dataset("csv", "plane", x, (x[:, 0] + x[:, 1]) / 2, "regression", ((-1, 1),) * 2)
    app = ReluApp(start="dead", ascii_only=True, launch_options=LaunchOptions("dead"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        screen.state = screen.state.with_settings(screen.state.settings.with_custom(plane))
        await pilot.press("v")
        await pilot.pause(0.2)
        output_map = screen.query_one("#output-map", RowsView)
        assert output_map.display and not screen.query_one("#output-plot", PlotView).display
        text = str(output_map.render())
        low, high = fmt(float(plane.y.min()), 2), fmt(float(plane.y.max()), 2)
        assert f"value {low} [ .:-=+*#%@] {high}" in text
        await pilot.press("z")
        await pilot.pause(0.2)
        assert "] above " in str(output_map.render())


async def test_z_and_t_redraw_the_weights_views_map_too() -> None:
    """On a tall terminal the Weights view shows the output map: z and t redraw it."""
    app = ReluApp(start="dead", ascii_only=True, launch_options=LaunchOptions("dead"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        screen.state = screen.state.with_view("weights")
        await pilot.pause(0.3)
        weights_map = screen.query_one("#weights-map", RowsView)
        before = str(weights_map.render())
        assert "P(x) 0 [" in before and "(t: test)" in before
        await pilot.press("z", "t")
        await pilot.pause(0.3)
        after = str(weights_map.render())
        assert "[@] predicts x" in after and "O X: test" in after
