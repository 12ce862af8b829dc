"""Dead neurons, beyond the playground: held-out data, noise, L1/L2, a CSV file typed in,
export to PyTorch, and their launch options (keyboard only, 80x24)."""

from __future__ import annotations

from pathlib import Path

from relu_tui.lessons.dead.dying import DeadSettings
from relu_tui.lessons.dead.screen import EXPORT_NAME, DeadScreen
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel

ROW = {param.name: index for index, param in enumerate(DeadSettings().params)}


def screen_of(app: ReluApp) -> DeadScreen:
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    return screen


async def test_l2_control_steps_from_off_on_a_log_scale() -> None:
    """right on L2: 0 -> 1e-05 -> 3.16e-05; left twice: back to 0, each a fresh run."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        panel = screen.query_one("#dead-params", ParamPanel)
        panel.focus()
        panel.cursor = ROW["l2"]
        generation = screen.state.snapshot.generation
        await pilot.press("right")
        assert screen.state.settings.penalty.l2 == 1e-5
        await pilot.press("right")
        assert abs(screen.state.settings.penalty.l2 - 10**-4.5) < 1e-12
        await pilot.press("left", "left")
        assert screen.state.settings.penalty.l2 == 0.0
        assert screen.state.snapshot.generation == generation + 4


async def test_test_share_and_noise_change_the_data_and_the_split() -> None:
    """test share 0.3 -> 0.4 holds out 200 of 500; noise up redraws the samples."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        panel = screen.query_one("#dead-params", ParamPanel)
        panel.focus()
        before = screen.state.data.x.copy()
        panel.cursor = ROW["test_fraction"]
        await pilot.press("right")
        assert screen.state.settings.test_fraction == 0.4
        assert screen.state.settings.split(screen.state.data).test_index.size == 200
        assert screen.state.snapshot.report.test_loss is not None
        panel.cursor = ROW["noise"]
        await pilot.press("right")
        assert screen.state.settings.noise == 0.1
        assert (screen.state.data.x != before).any()


async def test_typed_csv_loads_and_a_broken_one_keeps_the_data(tmp_path: Path) -> None:
    """o, a path, enter: the file trains; a broken file is named on the prompt's line and
    the previous dataset stays."""
    good = tmp_path / "mine.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(30)))
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        prompt = screen.query_one("#data-prompt", InlinePrompt)
        await pilot.press("o")
        assert prompt.is_open
        prompt.value = str(bad)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert prompt.is_open and "line 3, column 2 (y): 'abc' is not a number" in prompt.note
        assert "kept two spirals" in prompt.note
        assert screen.state.data.label == "two spirals"
        prompt.value = str(good)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not prompt.is_open
        assert screen.state.data.label == "mine.csv" and len(screen.state.data.x) == 30
        assert "loaded mine.csv: 30 rows, 2 classes" in screen.state.message


async def test_a_huge_comment_file_loads_in_the_background_and_is_refused(
    tmp_path: Path,
) -> None:
    """16 MB of '##' lines: the prompt says it is loading, the screen keeps answering, and
    the file is refused for its line count (comment lines count), data kept."""
    huge = tmp_path / "comments.csv"
    huge.write_text("##\n" * (16 * 2**20 // 3 - 16))
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        prompt = screen.query_one("#data-prompt", InlinePrompt)
        await pilot.press("o")
        assert screen._apply_data(str(huge)).startswith("loading")  # returns at once
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "more than 120,000 lines" in prompt.note and "kept two spirals" in prompt.note
        assert screen.state.data.label == "two spirals"


async def test_letters_typed_in_the_path_do_not_trigger_keys() -> None:
    """While the path field is open, v (view) and e (experiment) just type."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        view = screen.state.view
        await pilot.press("o", "v", "e")
        assert screen.state.view == view and not screen.state.experiment.running
        assert screen.query_one("#data-prompt", InlinePrompt).value == "ve"
        await pilot.press("escape")
        assert not screen.query_one("#data-prompt", InlinePrompt).is_open


async def test_x_exports_the_network_on_screen(tmp_path: Path) -> None:
    """x writes relu_tui_model.py into the save folder, holding the network on screen."""
    app = ReluApp(start="dead", save_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("x")
        source = (tmp_path / EXPORT_NAME).read_text()
        assert "model = nn.Sequential(" in source and "nn.Linear(2, 16)" in source
        first = repr(float(screen.state.snapshot.network.weights[0][0, 0]))
        assert first in source


async def test_launch_options_set_the_new_controls(tmp_path: Path) -> None:
    """--test-fraction, --noise, --l1, --l2 and --data reach the settings."""
    path = tmp_path / "r.csv"
    path.write_text("".join(f"{i},{i * i}\n" for i in range(10)))
    settings = {"test_fraction": 0.5, "noise": 0.2, "l1": 0.001, "l2": 0.01, "data": str(path)}
    options = LaunchOptions(screen="dead", settings=settings)
    app = ReluApp(start="dead", launch_options=options)
    async with app.run_test(size=(80, 24)):
        settings = screen_of(app).state.settings
        assert settings.test_fraction == 0.5 and settings.noise == 0.2
        assert settings.penalty.l1 == 0.001 and settings.penalty.l2 == 0.01
        assert screen_of(app).state.data.task == "regression"
        assert screen_of(app).current_settings()["data"] == str(path)
