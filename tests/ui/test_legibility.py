"""Every view of every screen at 80×24 and 120×40 obeys rules a machine can check (issue 9).

Pilot only reaches each view (the shared table and walk of tests/views.py, fields and
modals included); the plot rules are then checked on the drawings the
drawing layer reports (`PlotView.drawing`), each plot drawn again by pure render calls in
colour, NO_COLOR and --ascii at the size the layout gave it:

- no legend cell over a data cell;
- every tick label at most 8 characters;
- every plot keeps its title;
- under --ascii, no character above U+007F anywhere on the screen.
"""

from __future__ import annotations

import pytest

from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.plotting.axes import MAX_LABEL
from relu_tui.plotting.render import Drawing, draw
from relu_tui.plotting.spec import PlotSpec
from relu_tui.ui.app import ReluApp
from relu_tui.ui.compat import screen_text
from relu_tui.ui.widgets.plot_view import PlotView
from tests.views import VIEWS, walk

SIZES = [(80, 24), (120, 40)]

# every view of every screen, each plot drawn three more times; runs train only
# when told
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("stepped_training")]


def plot_problems(spec: PlotSpec, drawing: Drawing, where: str) -> list[str]:
    """The rules one drawing breaks, each as a line naming the plot and the rule."""
    problems = []
    if drawing.legend_cells & drawing.data_cells:
        cells = sorted(drawing.legend_cells & drawing.data_cells)[:3]
        problems.append(f"{where}: legend over data at {cells}")
    long = [label for label in drawing.tick_labels if len(label) > MAX_LABEL]
    if long:
        problems.append(f"{where}: tick labels over {MAX_LABEL} characters: {long}")
    if spec.title and drawing.rows and not drawing.title:
        problems.append(f"{where}: title {spec.title!r} lost")
    return problems


def _seed_zero(name: str) -> dict[str, int]:
    """Seed 0 on the screens whose lesson has a seed setting."""
    return {"seed": 0} if "seed" in SCREENS[name].defaults() else {}


def _visible_plots(app: ReluApp) -> list[PlotView]:
    return [
        plot
        for plot in app.screen.query(PlotView)
        if plot.spec is not None and plot.region.area and plot.display and plot.visible
    ]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(VIEWS))
async def test_every_view_is_legible(name: str, size: tuple[int, int]) -> None:
    """Plot rules in colour, NO_COLOR and --ascii, and a 7-bit screen under --ascii."""
    app = ReluApp(
        start=name,
        ascii_only=True,
        launch_options=LaunchOptions(settings=_seed_zero(name), ascii=True),
    )
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        async for step in walk(pilot, app, name):
            where = f"{name} {step.name} {size[0]}x{size[1]}"
            wide = sorted({ch for ch in screen_text(app) if ord(ch) > 0x7F})
            if wide:
                problems.append(f"{where} --ascii: {''.join(wide)!r} on screen")
            for plot in _visible_plots(app):
                spec = plot.spec
                assert spec is not None
                width, height = plot.content_size
                shown = plot.drawing
                assert shown is not None
                problems += plot_problems(spec, shown, f"{where} #{plot.id} --ascii")
                for mode, color in (("colour", True), ("NO_COLOR", False)):
                    drawing = draw(spec, width, height, color=color)
                    problems += plot_problems(spec, drawing, f"{where} #{plot.id} {mode}")
    assert not problems, "\n".join(problems)
