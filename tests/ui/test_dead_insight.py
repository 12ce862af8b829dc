"""The Unit maps and Linear regions views of the Dead neurons screen, driven by keys."""

from __future__ import annotations

from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.lessons.dead.state import VIEWS
from relu_tui.nn.regions import linear_regions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.plot_view import PlotView
from relu_tui.ui.widgets.rows_view import RowsView


def _screen(app: ReluApp) -> DeadScreen:
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    return screen


def _text(view: RowsView) -> str:
    return str(view.render())


async def test_maps_view_moves_between_units_and_layers() -> None:
    """On the Maps view . and , move the unit, ] the layer; the big map's heading follows."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _screen(app)
        await pilot.press("full_stop")
        assert screen.state.unit == 0  # not on the maps view
        await pilot.press("v", "v", "v")
        assert screen.state.view == "maps"
        await pilot.press("full_stop", "full_stop")
        await pilot.pause()
        assert screen.state.unit == 2
        text = _text(screen.query_one("#maps-view", RowsView))
        assert "L1 unit 3 of 16" in text
        assert "u8" in text and "pgdn" in text  # 8 maps of 16 and how to page on
        await pilot.press("comma", "comma", "comma")
        assert screen.state.unit == 15  # wraps
        await pilot.press("pagedown")
        assert screen.state.unit == 7
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.state.layer == 1
        assert "L2 unit 8 of 16" in _text(screen.query_one("#maps-view", RowsView))


async def test_regions_view_counts_exactly_and_plots_the_count_while_training() -> None:
    """The Regions view's count is the core's exact count; a step adds a point to the plot."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _screen(app)
        await pilot.press(*("v",) * VIEWS.index("regions"))
        await app.workers.wait_for_complete()  # the exact cut runs on a worker thread
        for _ in range(3):
            await pilot.pause()
        assert screen.state.view == "regions"
        state = screen.state
        exact = linear_regions(
            state.snapshot.network, (*state.data.domain[0], *state.data.domain[1])
        )
        assert f"exact regions: {exact.count}" in _text(screen.query_one("#regions-map", RowsView))
        assert state.region_counts == ((0, exact.count),)
        await pilot.press("s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert screen.state.view == "regions"
        assert [e for e, _ in screen.state.region_counts] == [0, 1]
        spec = screen.query_one("#regions-plot", PlotView).spec
        assert spec is not None and "at epoch 1" in spec.title
