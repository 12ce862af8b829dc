"""The Activations screen's ReLU Explained view, driven by keys."""

from __future__ import annotations

from relu_tui.lessons.activations.explained_view import layers_lesson, output_run
from relu_tui.lessons.activations.screen import ActivationsScreen
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.plot_view import PlotView


def _text(app: ReluApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_x_shows_the_one_equivalent_layer_and_b_breaks_the_midpoint_test() -> None:
    """x opens the view: the one layer W = W2 W1 is printed; b inserts ReLU and the midpoint
    gap the core computes is shown as broken; n draws new layers."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ActivationsScreen)
        await pilot.press("x")
        await pilot.pause()
        assert screen.state.view == "explained"
        lesson = layers_lesson(0)
        text = _text(app, "#explained-layers")
        assert "one layer: W = W2 W1" in text and f"{lesson.w[0, 0]:7.3f}" in text
        await pilot.press("b")
        await pilot.pause()
        assert screen.state.relu_between
        text = _text(app, "#explained-layers")
        assert "BROKEN" in text and "one layer:" not in text
        await pilot.press("n")
        await pilot.pause()
        assert screen.state.layers_seed == 1 and "layers #1" in _text(app, "#explained-layers")


async def test_the_output_relu_regression_and_three_ways_follow_the_core() -> None:
    """The regression is trained once in a worker; the ways panel follows [ and ]."""
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        run = output_run()
        assert f"{100 * run.stuck:.0f}% of the" in _text(app, "#explained-output")
        assert app.screen.query_one("#explained-plot", PlotView).spec is not None
        assert "nn.ReLU()(x)" in _text(app, "#explained-ways")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "ReLU6" in _text(app, "#explained-ways") or "Leaky" in _text(app, "#explained-ways")
