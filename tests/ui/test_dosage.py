"""Dosage screen, driven with the keyboard."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from textual import events
from textual.widgets import Static

from relu_tui.lessons.dosage.screen import DosageScreen
from relu_tui.lessons.dosage.state import DosageState
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView
from tests.waiting import until


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


async def test_overview_titles_fit_at_80x24_with_either_activation() -> None:
    """Every small plot in the grid shows its stage title, with ReLU and with Softplus."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        for keys in (("o",), ("a",)):
            await pilot.press(*keys)
            await pilot.pause()
            for number in range(1, 8):
                drawn = screen.query_one(f"#overview-{number}", PlotView).render()
                assert isinstance(drawn, Text)
                assert drawn.plain.lstrip().startswith(f"{number} "), (keys, number)


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


async def test_a_burst_of_arrows_moves_w1_once_per_key() -> None:
    """Five 'right's sent at once (a held key over SSH) move w1 from 1.7 to 2.2."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            app.post_message(events.Key("right", None))
        await until(pilot, lambda: app.screen.state.weights["w1"] >= 2.2, "five steps of w1")
        await pilot.pause()  # and no sixth
        assert app.screen.state.weights["w1"] == 2.2
        assert app.screen.query_one(ParamPanel).params[0].value == 2.2


async def test_empty_dosage_range_is_refused_in_the_panel() -> None:
    """Typing x from = 2 (above x to = 1) is refused and the range kept."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press(*["down"] * 7, "enter", "ctrl+a", "ctrl+k", "2", "enter")
        assert screen.state.x_range == (0.0, 1.0)
        assert "x from < x to" in screen.query_one(ParamPanel).message


def _lit_columns(plot: PlotView) -> set[int]:
    """Columns drawn in reverse video (the probe) over the plot area."""
    drawing = plot.drawing
    assert drawing is not None and drawing.area is not None
    _, top, _, rows = drawing.area
    columns = set()
    for y in range(top, top + rows):
        at = 0
        for segment in plot.render_line(y):
            if segment.style is not None and segment.style.reverse:
                columns.add(at)
            at += segment.cell_length
    return columns


async def test_probe_column_moves_with_the_probe() -> None:
    """The probe is one lit column on the stage plot; ten presses of '.' move it right."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(120, 40)) as pilot:
        plot = app.screen.query_one("#stage-plot", PlotView)
        (before,) = _lit_columns(plot)
        await pilot.press(*["full_stop"] * 10)
        assert app.screen.state.probe == 0.6
        (after,) = _lit_columns(plot)
        assert after > before


async def test_stage_table_shows_the_articles_numbers() -> None:
    """Stage 1's table on screen reads -0.85, -0.51, 0.17, 0.85 and 0, 0, 0.17, 0.85."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#stage-table", Static).content
        lines = [line.split() for line in _plain(app, table).splitlines()[1:]]
        assert lines == [
            ["0", "-0.85", "0"],
            ["0.2", "-0.51", "0"],
            ["0.6", "0.17", "0.17"],
            ["1", "0.85", "0.85"],
        ]


async def test_editing_b3_rewrites_stage_seven() -> None:
    """Typing b3 = -20 makes the sum negative everywhere: stage 7 says y = 0 everywhere."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["n"] * 6, *["down"] * 6, "enter", *"-20", "enter")
        assert app.screen.state.weights["b3"] == -20.0
        heading = str(app.screen.query_one("#stage-heading", Static).render())
        assert "never rises above 0" in heading


async def test_overview_takes_the_keys_from_the_hidden_panel() -> None:
    """In the grid the parameter panel is hidden: right changes nothing; n returns to a stage."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "right")
        assert app.screen.state.overview
        assert app.screen.state.weights == DosageState().weights
        await pilot.press("n")
        assert not app.screen.state.overview and app.screen.state.stage == 2
        await pilot.press("right")
        assert app.screen.state.weights["w1"] == 1.8


async def test_reset_restores_everything() -> None:
    """r after edits, Softplus, the grid and a moved probe: the article's network, stage 1."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "n", "n", "a", "comma", "o", "r")
        assert app.screen.state == DosageState()
        assert not app.screen.has_class("-overview")


async def test_ascii_mode_shows_plain_labels() -> None:
    """--ascii: the panel, diagram and plot are plain ASCII."""
    app = ReluApp(start="dosage", ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "n")
        screen = app.screen
        for selector in ("#stage-diagram", "#stage-heading", "#dosage-probe"):
            assert _plain(app, screen.query_one(selector, Static).content).isascii(), selector
        assert all(p.label.isascii() for p in screen.query_one(ParamPanel).params)
        plot = screen.query_one("#stage-plot", PlotView).render()
        assert isinstance(plot, Text) and plot.plain.strip() and plot.plain.isascii()


def _plain(app: ReluApp, renderable: object) -> str:
    """A Static's content as plain text."""
    console = Console(width=200, no_color=True, file=io.StringIO())
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_probe_column_is_where_a_vertical_line_at_that_dosage_is_drawn() -> None:
    """The column the drawing gives a dosage is the column of a reference line there."""
    import dataclasses

    from relu_tui.lessons.dosage.figures import stage_figure
    from relu_tui.lessons.dosage.stages import stages
    from relu_tui.plotting.render import draw

    base = stage_figure(DosageState(), stages()[0])
    assert base.xlim == (0.0, 1.0)
    for probe in (0.0, 0.13, 0.29, 0.5, 0.77, 1.0):
        spec = dataclasses.replace(base, series=(), vlines=(probe,))
        drawing = draw(spec, 85, 28, color=False)
        assert drawing.area is not None
        _, top, _, _ = drawing.area
        row = drawing.text(color=False).split("\n")[top + 1]
        assert [i for i, ch in enumerate(row) if ch == "│"][1:-1] == [drawing.column(probe)]


async def test_launch_stage_opens_that_stage() -> None:
    """`relu-tui dosage --stage 7` opens on stage 7, and its heading says so."""
    from relu_tui.lessons.launch import LaunchOptions

    app = ReluApp(
        start="dosage", launch_options=LaunchOptions(screen="dosage", settings={"stage": 7})
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DosageScreen)
        assert screen.state.stage == 7
        assert str(screen.query_one("#stage-heading").render()).startswith("7/7")


async def test_activation_key_names_what_it_switches_to() -> None:
    """a reads Softplus while ReLU is on, and ReLU while Softplus is on."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:

        def label() -> str:
            return app.screen.active_bindings["a"].binding.description

        assert label() == "Softplus"
        await pilot.press("a")
        assert app.screen.state.activation == "softplus" and label() == "ReLU"
        await pilot.press("a")
        assert app.screen.state.activation == "relu" and label() == "Softplus"


async def test_stage_seven_shows_the_bump_in_table_and_plot() -> None:
    """Stage 7's table lists y = 1.01 at the peak, and its plot is framed on the bump."""
    app = ReluApp(start="dosage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["n"] * 6)
        await pilot.pause()
        screen = app.screen
        table = str(screen.query_one("#stage-table").render())
        assert "1.01" in table and "0.485" in table
        spec = screen.query_one("#stage-plot", PlotView).spec
        assert spec.xlim is not None and spec.xlim[1] - spec.xlim[0] < 0.25
        assert "zoomed on the bump" in spec.xlabel
