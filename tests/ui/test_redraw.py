"""A key repaints what it changes and nothing else: unchanged plots are not drawn again, and
a panel whose size did not change does not lay the screen out again."""

from __future__ import annotations

from collections import Counter

from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView


def _count_repaints(app: ReluApp) -> Counter[str]:
    """Lines each PlotView renders, and the screen's layouts, counted from now on."""
    counts: Counter[str] = Counter()
    for plot in app.screen.query(PlotView):
        render_line = plot.render_line

        def counted(y: int, plot: PlotView = plot, render_line: object = render_line) -> object:
            counts[plot.id or ""] += 1
            return render_line(y)  # type: ignore[operator]

        plot.render_line = counted  # type: ignore[method-assign]
    screen = app.screen
    refresh_layout = screen._refresh_layout

    def layout(*args: object, **kwargs: object) -> None:
        counts["layout"] += 1
        refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = layout  # type: ignore[method-assign]
    return counts


async def test_moving_the_cursor_repaints_no_plot_and_lays_out_nothing() -> None:
    """Approximation: from 'From x' to 'To x' (one-line helps both) only the panel repaints."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down", "down")
        await pilot.pause(0.2)
        panel = app.screen.query_one("#fit-params", ParamPanel)
        assert panel.selected is not None and panel.selected.name == "lo"
        counts = _count_repaints(app)
        await pilot.press("down")
        await pilot.pause(0.2)
        assert panel.selected is not None and panel.selected.name == "hi"
        assert counts["fit-plot"] == 0 and counts["error-plot"] == 0
        assert counts["layout"] == 0


async def test_a_nudge_repaints_the_plots_it_changes() -> None:
    """Approximation: one more unit redraws the fit (the counter can see a repaint)."""
    app = ReluApp(start="approx")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        counts = _count_repaints(app)
        await pilot.press("plus")
        await pilot.pause(0.2)
        assert counts["fit-plot"] > 0


async def test_moving_the_probe_repaints_only_the_rows_it_crosses() -> None:
    """Dosage: the probe's column is lit across the plot area only; the plot's title and
    x-axis rows are not repainted."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        plot = app.screen.query_one("#stage-plot", PlotView)
        counts = _count_repaints(app)
        await pilot.press("full_stop")
        await pilot.pause(0.2)
        assert 0 < counts["stage-plot"] < plot.content_size.height


async def test_a_plot_repainted_row_by_row_shows_what_a_whole_repaint_shows() -> None:
    """After nudges and probe moves (rows repainted where they changed), repainting every
    plot whole changes nothing on screen."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right", "full_stop", "full_stop", "n", "left", "comma")
        await pilot.pause(0.3)
        shown = app.export_screenshot()
        for plot in app.screen.query(PlotView):
            plot.refresh()
        await pilot.pause(0.3)
        assert app.export_screenshot() == shown
