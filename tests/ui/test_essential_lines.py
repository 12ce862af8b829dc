"""Every view of every screen, at 80x24 and 120x40, shows its essential lines whole.

Each view declares what a learner must be able to read in it (`ESSENTIAL`: the widget and the
text, computed from the screen's state by the core): the run's numbers, the whole target, the
newest hint, the stage's sentence and table rows. The test finds each text in the screen
region of its widget (rows joined, spaces collapsed): cut, pushed off screen or covered, it
is not there. Every table shows each row or says how many are out of sight, and every plot
on screen gets at least 6 data rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest
from textual.widget import Widget

from relu_tui.base.ascii import ascii_text
from relu_tui.base.fmt import fmt
from relu_tui.lessons.dosage.figures import plain
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.plot_view import PlotView
from relu_tui.ui.widgets.row_table import RowTable
from tests.ui.test_legibility import _seed_zero, screen_text

SIZES = [(80, 24), (120, 40)]

Essential = list[tuple[str, str]]
"""(widget selector, text that must show whole in it)."""


def _puzzle(screen: object) -> Essential:
    state = screen.state  # type: ignore[attr-defined]
    level = state.level
    lines = [("#level-title", f"Target {level.target_text(compact=True)}")]
    score = state.score()
    lines += [("#score", f"max error {fmt(score.max_error)}")]
    if state.solved:
        lines.append(("#hints", level.lesson))
    elif state.hints_shown:
        lines.append(("#hints", level.hints[state.hints_shown - 1]))
    else:
        lines.append(("#hints", level.story))
    return lines


def _dead_map(screen: object) -> Essential:
    """The run's numbers, and the output map's key: which end of the shade is which class,
    and whether the held-out samples are drawn."""
    from relu_tui.lessons.dead.output_map import ramp

    settings = screen.state.settings  # type: ignore[attr-defined]
    levels = 2 if settings.discretize else None
    chars = ramp(ascii_only=screen._ascii, levels=levels)  # type: ignore[attr-defined]
    shade = f"[{chars[-1]}] predicts x" if settings.discretize else f"P(x) 0 [{chars}] 1"
    test = "O X: test" if settings.show_test else "(t: test)"
    return [*_dead_status(screen), ("#output-map", shade), ("#output-map", test)]


def _dead_status(screen: object) -> Essential:
    report = screen.state.snapshot.report  # type: ignore[attr-defined]
    lines = [("#dead-status", f"loss {fmt(report.loss)}")]
    if report.test_loss is not None:
        lines.append(("#dead-status", f"test {fmt(report.test_loss)}"))
    if report.accuracy is not None:
        lines.append(("#dead-status", f"{100 * report.accuracy:.0f}%"))
    from relu_tui.lessons.dead.dying import final_dead_fraction

    lines.append(("#dead-status", f"dead {100 * final_dead_fraction(report):.1f}%"))
    return lines


def _dead_weights(screen: object) -> Essential:
    """The status, the selected weight in full and the note of the last edit."""
    from relu_tui.lessons.dead import weights_view
    from relu_tui.lessons.dead.weight_matrix import weight_label

    state = screen.state  # type: ignore[attr-defined]
    layer, unit, source = weights_view.selected(state)
    label = weight_label(state.snapshot.network, layer, unit, source)
    value = fmt(weights_view.selected_value(state), 6)
    lines = [*_dead_status(screen), ("#weights-grid", f"{label} = {value}")]
    if state.message:
        lines.append(("#weights-grid", state.message))
    return lines


def _dosage(screen: object) -> Essential:
    from relu_tui.lessons.dosage.stages import explanation, stages

    state = screen.state  # type: ignore[attr-defined]
    if state.overview:
        return []
    stage = stages(state.activation)[state.stage - 1]
    return [
        ("#stage-heading", f"{stage.number}/7 {stage.title}"),
        ("#stage-heading", stage.formula),
        ("#stage-heading", explanation(state, stage)),
    ]


def _nothing(screen: object) -> Essential:
    return []


def _trained(screen: object) -> None:
    """Approximation's run, stepped 2,000 epochs: every series of the Train view is drawn."""
    screen.runner.step(2000)  # type: ignore[attr-defined]


Step = str | Callable[[object], None]
"""A key to press, or something done to the screen (training stepped)."""

VIEWS: dict[str, list[tuple[str, Sequence[Step], Callable[[object], Essential]]]] = {
    "activations": [
        ("table", (), _nothing),
        ("why", ("w",), _nothing),
        ("linear", ("i",), _nothing),
        ("table, inputs field open", ("t", "e"), _nothing),
    ],
    "dosage": [
        ("stage 1", (), _dosage),
        *((f"stage {n}", ("n",), _dosage) for n in range(2, 8)),
        ("overview", ("o",), _dosage),
        ("overview, Softplus", ("a",), _dosage),
    ],
    "approx": [
        ("fit", (), _nothing),
        ("train", ("m", _trained), _nothing),
    ],
    "puzzle": [
        ("level 1", (), _puzzle),
        ("level 3", ("right_square_bracket",) * 2, _puzzle),
        ("level 3, three hints", ("i",) * 3, _puzzle),
        ("level 7", ("right_square_bracket",) * 4, _puzzle),
        ("level 7, two hints", ("i",) * 2, _puzzle),
        ("level 7 solved", ("s",), _puzzle),
    ],
    "dead": [
        ("neuron", (), _dead_status),
        ("train", ("v",), _dead_map),
        ("train, discretized, test shown", ("z", "t"), _dead_map),
        ("weights", ("v",) * 3, _dead_weights),
        ("weights, output layer", ("left_square_bracket", "down", "right", "plus"), _dead_weights),
    ],
}
"""Each screen's views, reached in turn by the keys given, with what each must show."""


def _region_text(app: ReluApp, widget: Widget) -> str:
    """The text the screen shows inside the widget's region, rows joined, spaces collapsed."""
    rows = screen_text(app).split("\n")
    region = widget.region
    if not widget.display or not widget.visible or not region.area:
        return ""
    inside = [row[region.x : region.right] for row in rows[region.y : region.bottom]]
    return " ".join(" ".join(inside).split())


def _table_problems(app: ReluApp, where: str) -> list[str]:
    """A table shows every row, or says how many are out of sight."""
    problems = []
    for table in app.screen.query(RowTable):
        if not table.display or not table.region.area:
            continue
        shown = _region_text(app, table)
        visible = sum(1 for name, _ in table.rows if name in shown)
        hidden = sum(int(n) for n in re.findall(r"(\d+) more", shown))
        if visible + hidden < len(table.rows):
            problems.append(
                f"{where}: #{table.id} shows {visible} of {len(table.rows)} rows, "
                f"{hidden} said to be out of sight"
            )
    return problems


def _plot_problems(app: ReluApp, where: str) -> list[str]:
    """Every plot on screen has at least 6 data rows (fewer would be a smear)."""
    problems = []
    for plot in app.screen.query(PlotView):
        if plot.spec is None or not plot.display or not plot.region.area:
            continue
        drawing = plot.drawing
        if drawing is None or drawing.area is None:
            continue
        rows = drawing.area[3]
        if rows < 6:
            problems.append(f"{where}: #{plot.id} has {rows} data rows")
    return problems


@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(VIEWS))
async def test_every_view_shows_its_essential_lines_whole(
    name: str, size: tuple[int, int], ascii_only: bool, request: pytest.FixtureRequest
) -> None:
    """Essential lines whole in their widget, every table row or a count of those hidden,
    6 data rows for every plot."""
    if name == "approx":
        request.getfixturevalue("stepped_training")  # trained exactly as far as asked
    app = ReluApp(
        start=name,
        ascii_only=ascii_only,
        launch_options=LaunchOptions(settings=_seed_zero(name), ascii=ascii_only),
    )
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        for view, steps, essential in VIEWS[name]:
            for step in steps:
                if isinstance(step, str):
                    await pilot.press(step)
                else:
                    step(app.screen)
            await pilot.pause()
            where = f"{name} {view} {size[0]}x{size[1]}{' --ascii' if ascii_only else ''}"
            for selector, line in essential(app.screen):
                widget = app.screen.query_one(selector)
                shown = _region_text(app, widget)
                forms = {ascii_text(line), plain(line, True)} if ascii_only else {line}
                wanted = " ".join(min(forms).split())
                if not any(" ".join(form.split()) in shown for form in forms):
                    problems.append(f"{where}: {selector} lacks {wanted!r}; shows {shown!r}")
            problems += _table_problems(app, where)
            problems += _plot_problems(app, where)
    assert not problems, "\n".join(problems)
