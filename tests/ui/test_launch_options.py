"""Settings given on the command line apply when the app opens on their screen, and the
screen shows them (issue 9): in a panel's row when the setting is a panel's Param,
otherwise in the screen's text. (Every setting of every lesson round-trips through the
copied command in tests/ui/test_every_setting.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.view_bar import ViewBar

CSV = "<a CSV file>"

CASES = [
    # (screen, option, value, a panel row's name or None, text the screen shows)
    ("dosage", "stage", 7, None, "7/7"),
    ("puzzle", "level", "3", None, "Level 3"),
    ("puzzle", "seed", 7, None, "seed 7"),  # with --level random (see _check)
    ("dead", "lr", 0.3, "lr", "0.3"),
    ("dead", "activation", "leaky_relu", "activation", "leaky_relu"),
    ("dead", "epochs", 50, "epochs", "50"),
    ("dead", "seed", 3, "seed", "3"),
    ("dead", "test_fraction", 0.5, "test_fraction", "0.5"),
    ("dead", "noise", 0.2, "noise", "0.2"),
    ("dead", "l2", 0.001, "l2", "0.001"),
    ("dead", "l1", 0.0001, "l1", "0.0001"),
    ("dead", "data", CSV, "dataset", "points.csv"),
    ("dead", "view", "regions", None, ""),  # the view bar draws it; read back (see _check)
    ("approx", "units", 25, "n", "25"),
    ("approx", "target", "x**2 on [-2, 2]", None, "x**2"),
    ("approx", "seed", 3, None, ""),  # the Train view's (hidden at first): see _check
    ("exercises", "course", "missing-course.toml", None, "missing-course.toml"),
]


def _screen_text(app: ReluApp) -> str:
    texts = [str(static.render()) for static in app.screen.query(Static) if static.display]
    texts += [str(bar.render()) for bar in app.screen.query(ViewBar)]
    return "\n".join(texts)


def _row(app: ReluApp, name: str) -> str | None:
    for panel in app.screen.query(ParamPanel):
        for param in panel.params:
            if param.name == name:
                return param.display
    return None


async def _check(
    screen: str, option: str, value: object, row: str | None, shown: str, tmp_path: Path
) -> None:
    if value == CSV:
        value = tmp_path / "points.csv"
        value.write_text(
            "x1,x2,label\n" + "".join(f"{i % 5},{i // 5},{i % 2}\n" for i in range(20)),
            encoding="utf-8",
        )
        value = str(value)
    given: dict[str, object] = {option: value}
    if (screen, option) == ("puzzle", "seed"):
        given["level"] = "random"  # the seed draws the random level
    options = LaunchOptions(screen=screen, settings=given)  # type: ignore[arg-type]
    app = ReluApp(launch_options=options)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if row is not None:
            assert _row(app, row) == shown, (option, _row(app, row))
        assert shown in _screen_text(app), (option, shown)
        if screen != "exercises":  # the course file is not a setting the screen shows back
            assert app.screen.current_settings()[option] == value


@pytest.mark.parametrize(
    ("screen", "option", "value", "row", "shown"), CASES, ids=lambda value: str(value)
)
async def test_launch_option_shows_on_its_screen(
    screen: str, option: str, value: object, row: str | None, shown: str, tmp_path: Path
) -> None:
    """The option's value is in effect and on screen when the app opens."""
    await _check(screen, option, value, row, shown, tmp_path)
