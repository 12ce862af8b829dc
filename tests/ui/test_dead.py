"""The Dead neurons screen driven by keys: the intro neuron, stepping, running, pausing,
divergence, fresh runs, the experiment and the views (short runs only)."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dead import figures as figures_dead
from relu_tui.lessons.dead.dying import SEED_WEIGHTS, DeadSettings
from relu_tui.lessons.dead.output_map import CLASS_MARKS, output_map
from relu_tui.lessons.dead.screen import DeadScreen
from relu_tui.nn.datasets import make_dataset
from relu_tui.nn.network import Architecture, init_network
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView
from tests.waiting import until

ROW = {param.name: index for index, param in enumerate(DeadSettings().params)}


def screen_of(app: ReluApp) -> DeadScreen:
    screen = app.screen
    assert isinstance(screen, DeadScreen)
    return screen


async def settle(app: ReluApp, pilot: object) -> None:
    """Let running workers finish (or end, cancelled) and their messages arrive."""
    await until(
        pilot,  # type: ignore[arg-type]
        lambda: not any(worker.is_running for worker in app.workers),
        "every worker finished",
    )
    await pilot.pause()  # type: ignore[attr-defined]


async def train(pilot: object, screen: DeadScreen, epochs: int) -> None:
    """Train `epochs` more epochs (stepped, on the test's thread) and fold the report in."""
    runner = screen._runner
    assert runner is not None
    runner.step(epochs)
    await pilot.pause()  # type: ignore[attr-defined]


async def type_setting(pilot: object, screen: DeadScreen, name: str, text: str) -> None:
    """Focus the settings panel, move to `name`, type `text`."""
    panel = screen.query_one("#dead-params", ParamPanel)
    panel.focus()
    panel.cursor = ROW[name]
    await pilot.press("enter")  # type: ignore[attr-defined]
    field = panel.query_one("#param-input")
    field.value = text  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_opens_on_the_seed_neuron_and_its_weights_are_editable() -> None:
    """Intro: -5, -3, -2 on 1, 1, 1 is dead; raising w1 to 11 makes z = 6 and revives it."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        assert screen.state.view == "neuron" and screen.state.weights == SEED_WEIGHTS
        assert "= -10" in str(screen.query_one("#neuron-result").render())
        await pilot.press("right")
        assert screen.state.weights[0] == -4.5
        panel = screen.query_one("#neuron-params", ParamPanel)
        await pilot.press("enter")
        panel.query_one("#param-input").value = "abc"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert screen.state.weights[0] == -4.5 and "not a number" in panel.message
        panel.query_one("#param-input").value = "10"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert screen.state.weights == (10.0, -3.0, -2.0)
        text = str(screen.query_one("#neuron-result").render())
        assert "= 5" in text and "alive" in text


async def test_s_trains_exactly_one_epoch() -> None:
    """s: one epoch, the training view comes to the front, the history grows by one point."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        before = screen.state.snapshot.report.network.theta.copy()
        await pilot.press("s")
        assert screen.state.snapshot.report.epoch == 1 and screen.state.view == "train"
        assert screen.state.snapshot.history.epochs.tolist() == [0.0, 1.0]
        assert not np.array_equal(before, screen.state.snapshot.report.network.theta)
        await pilot.pause()
        assert screen.query_one("#dead-plot", PlotView).spec is not None


async def test_space_runs_to_the_epoch_limit_and_reports_speed() -> None:
    """With epochs = 30, space trains in a worker to epoch 30 and stops, showing epochs/s."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await type_setting(pilot, screen, "epochs", "30")
        assert screen.state.settings.epochs == 30
        await pilot.press("space")
        await settle(app, pilot)
        run = screen.state.snapshot
        assert run.report.epoch == 30 and not run.running
        assert run.epochs_per_second > 0
        assert "done" in screen.state.message
        await pilot.press("space")  # at the limit: says so, does not train
        assert screen.state.snapshot.report.epoch == 30 and "epochs" in screen.state.message


@pytest.mark.usefixtures("stepped_training")
async def test_space_pauses_a_running_run() -> None:
    """A long run stops when space is pressed again; no more epochs arrive afterwards."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await type_setting(pilot, screen, "epochs", "100000")
        await pilot.press("space")
        assert screen.state.snapshot.running
        await train(pilot, screen, 25)
        assert screen.state.snapshot.report.epoch == 25
        await pilot.press("space")
        assert not screen.state.snapshot.running and "paused" in screen.state.message
        await train(pilot, screen, 25)  # paused: the run is home, nothing trains it
        assert screen.state.snapshot.report.epoch == 25
        await pilot.press("space")  # and space goes on from there
        await train(pilot, screen, 5)
        assert screen.state.snapshot.running and screen.state.snapshot.report.epoch == 30


@pytest.mark.usefixtures("stepped_training")
async def test_lr_10_diverges_keeps_last_good_state_and_lower_lr_goes_on() -> None:
    """SGD at lr 10 on x² (full batch) diverges: message, finite parameters kept, space
    refuses; a new learning rate starts a fresh run."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        for name, text in (
            ("dataset", "x2"),
            ("optimizer", "sgd"),
            ("batch", "200"),
            ("epochs", "3000"),
            ("lr", "10"),
        ):
            await type_setting(pilot, screen, name, text)
        assert screen.state.settings.lr == 10.0
        await pilot.press("space")
        await train(pilot, screen, 3000)
        report = screen.state.snapshot.report
        assert report.diverged and "diverged" in screen.state.message
        assert np.all(np.isfinite(report.network.theta)) and np.isfinite(report.loss)
        await pilot.press("space")
        assert not screen.state.snapshot.running
        assert screen.state.snapshot.report is report  # still showing the last good state
        await type_setting(pilot, screen, "lr", "0.001")
        assert not screen.state.snapshot.report.diverged and screen.state.snapshot.report.epoch == 0
        await pilot.press("s")
        assert not screen.state.snapshot.report.diverged and screen.state.snapshot.report.epoch == 1


async def test_structural_change_starts_a_fresh_run() -> None:
    """Changing depth after a step: epoch 0 again, with the new number of layers."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("s", "s")
        assert screen.state.snapshot.report.epoch == 2
        await type_setting(pilot, screen, "depth", "5")
        assert screen.state.snapshot.report.epoch == 0
        assert len(screen.state.snapshot.report.dead_fraction) == 5
        assert screen.state.snapshot.history.epochs.size == 1


async def test_experiment_runs_ten_seeds_against_the_reference() -> None:
    """e: 20 short runs in a worker; the table has both rows, 10 seeds each."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await type_setting(pilot, screen, "epochs", "2")
        await type_setting(pilot, screen, "width", "4")
        await pilot.press("e")
        assert screen.state.view == "experiment"
        await settle(app, pilot)
        progress = screen.state.experiment.progress
        assert progress is not None and progress.done == progress.total == 20
        current, reference = progress.rows
        assert current.dead.size == reference.dead.size == 10
        assert reference.settings.lr == 1e-3 and reference.settings.init == "he_normal"
        assert "reference" in str(screen.query_one("#exp-table").render())


async def test_v_cycles_views_and_analyses_are_computed() -> None:
    """v walks all nine views; the vanishing and born-dead figures appear."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        seen = []
        for _ in range(9):
            seen.append(screen.state.view)
            await pilot.press("v")
            await settle(app, pilot)
        assert seen == [
            "neuron",
            "train",
            "units",
            "maps",
            "weights",
            "regions",
            "vanishing",
            "born",
            "experiment",
        ]
        assert screen.state.view == "neuron"
        assert screen.state.norms is not None and screen.state.born is not None
        assert screen.state.norms.ratio("sigmoid") < 1e-10


async def test_brackets_pick_the_histogram_layer_on_the_units_view() -> None:
    """] and [ move the layer (wrapping), only on the Units view."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("right_square_bracket")
        assert screen.state.layer == 0  # not on the units view
        await pilot.press("v", "v")
        assert screen.state.view == "units"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.state.layer == 2
        spec = screen.query_one("#hist-plot", PlotView).spec
        assert spec is not None and spec.title.startswith("layer 3")
        await pilot.press("right_square_bracket")
        assert screen.state.layer == 0


async def test_r_resets_settings_weights_and_run() -> None:
    """r: default settings, the seed's weights, epoch 0."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("right", "s")
        await type_setting(pilot, screen, "width", "8")
        await pilot.press("s")
        await pilot.press("r")
        assert screen.state.weights == SEED_WEIGHTS
        assert screen.state.settings.width == 16 and screen.state.snapshot.report.epoch == 0


async def test_works_at_120_by_40_in_ascii() -> None:
    """At 120×40 with --ascii the training view draws without braille."""
    app = ReluApp(start="dead", ascii_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = screen_of(app)
        map_text = str(screen.query_one("#output-map").render())
        assert "o" in map_text and "x" in map_text
        assert all(not "\u2800" <= ch <= "\u28ff" for ch in map_text)


def test_decision_map_ends_with_its_key() -> None:
    """The map has x2's range down its left side and x1's along the bottom; its last rows
    say, whole, what the shades and letters mean."""
    data = make_dataset("spirals", np.random.default_rng(0))
    network = init_network(Architecture((2, 8, 2)), np.random.default_rng(0))
    rows = output_map(data, network, 60, 12, ascii_only=True)
    lines = figures_dead.plain(rows).split("\n")
    assert len(lines) == 12
    assert lines[-1] == "P(x) 0 [ .:-=+*#%@] 1  o x: the data"
    (x_lo, x_hi), (y_lo, y_hi) = data.domain
    assert lines[0].lstrip().startswith(fmt(y_hi, 2))
    assert lines[-3].lstrip().startswith(fmt(y_lo, 2))
    assert lines[-2].split() == [fmt(x_lo, 2), "x1", fmt(x_hi, 2)]
    assert all(len(line) == 60 for line in lines[:-1])


def test_decision_map_key_is_whole_when_narrow_and_marks_every_class() -> None:
    """At 30 columns the key wraps instead of losing a piece; three classes get three
    letters, each named in the key."""
    from relu_tui.nn.datasets import Dataset

    rng = np.random.default_rng(0)
    centres = np.array([[-0.6, -0.6], [0.6, -0.6], [0.0, 0.6]])
    labels = np.repeat(np.arange(3), 20)
    points = centres[labels] + 0.1 * rng.standard_normal((60, 2))
    data = Dataset("csv", "three blobs", points, labels, "classification", ((-1, 1), (-1, 1)))
    assert data.n_classes == 3
    network = init_network(Architecture((2, 8, data.n_classes)), np.random.default_rng(0))
    rows = output_map(data, network, 30, 14, ascii_only=True)
    text = figures_dead.plain(rows)
    marks = CLASS_MARKS[: data.n_classes]
    assert "P(v) 0 [ .:-=+*#%@] 1" in text
    assert f"{' '.join(marks)}: the data" in text.replace("\n", "  ")
    body = "\n".join(text.split("\n")[:-3])
    assert all(mark in body for mark in marks)


async def test_launch_options_apply_and_show_in_the_panel() -> None:
    """relu-tui dead --lr 0.3 --activation leaky_relu --epochs 50 --seed 3: all four apply."""
    from relu_tui.lessons.launch import LaunchOptions

    settings = {"lr": 0.3, "activation": "leaky_relu", "epochs": 50, "seed": 3}
    options = LaunchOptions(screen="dead", settings=settings)
    app = ReluApp(start="dead", launch_options=options)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        settings = screen.state.settings
        assert (settings.lr, settings.activation, settings.epochs, settings.seed) == (
            0.3,
            "leaky_relu",
            50,
            3,
        )
        rows = str(screen.query_one("#dead-params #param-rows").render())
        for shown in ("leaky_relu", "0.3", "50", "3"):
            assert shown in rows
        assert screen.state.snapshot.network.arch.activation == "leaky_relu"


async def test_a_launch_option_out_of_range_is_one_line_error_and_defaults_stay() -> None:
    """--epochs 200000 is above the panel's 100000: a one-line error, nothing applied."""
    from relu_tui.lessons.launch import LaunchOptions

    options = LaunchOptions(screen="dead", settings={"epochs": 200_000})
    app = ReluApp(start="dead", launch_options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.state.settings.epochs == 500
        messages = [n.message for n in app._notifications]
        expected = "epochs: must be between 1 and 100000; opened with the defaults"
        assert any(m == expected for m in messages)
        assert all("\n" not in m for m in messages)


async def test_neuron_view_follows_leaky_relu() -> None:
    """With leaky_relu the seed's neuron is not dead: gradient 0.01, it still learns."""
    app = ReluApp(start="dead")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = screen_of(app)
        await type_setting(pilot, screen, "activation", "leaky_relu")
        await pilot.press("tab")
        text = str(screen.query_one("#neuron-result").render())
        assert "DEAD" not in text and "not dead: it still learns" in text
        assert "LeakyReLU'(z) = 0.01" in text


def test_unit_grid_tells_never_positive_from_dead() -> None:
    """A Leaky unit with z <= 0 everywhere is '-', not the dead mark, and the key says so."""
    from relu_tui.lessons.dead.dying import LayerStats

    stats = [
        LayerStats(np.full((4, 3), -1.0), np.array([0.0, 0.5, 0.0]), np.array([True, False, False]))
    ]
    text = figures_dead.plain(figures_dead.unit_grid(stats, 80, ascii_only=True))
    assert text.splitlines()[0].endswith("x+-")  # dead, half firing, never positive
    assert "- never positive, not dead" in text


def test_loss_too_large_to_draw_is_named_not_plotted() -> None:
    """Issue 11 crash 3(b): normal init, 8×256 on x² starts at loss ~4e16; the loss figure
    draws nothing on a log axis and says why, and the drawing layer gets a drawable spec."""
    from relu_tui.lessons.dead.state import DeadState
    from relu_tui.plotting.render import plot_runs

    state = (
        DeadState()
        .with_setting("init", 5)
        .with_setting("depth", 8)
        .with_setting("width", 256)
        .with_setting("dataset", 0)
    )
    assert state.snapshot.report.loss > 1e12
    spec = figures_dead.loss_figure(state.snapshot.history)
    assert spec.series == () and "too large to draw" in spec.title
    assert plot_runs(spec, 60, 15, ascii_only=True, color=False)


def test_experiment_says_why_more_dead_units_can_come_with_a_lower_loss() -> None:
    """Issue 9: a 36.7%-dead current row with a lower loss than the 6.5%-dead reference
    gets a sentence saying that dead units do not help."""
    from relu_tui.lessons.dead.dying import DeadSettings, ExperimentProgress, ExperimentRow

    settings = DeadSettings()
    current = ExperimentRow("current", settings, np.full(10, 0.367), np.full(10, 0.05))
    reference = ExperimentRow(
        "reference", settings.reference(), np.full(10, 0.065), np.full(10, 0.3)
    )
    text = figures_dead.experiment_reading(ExperimentProgress(20, 20, (current, reference)))
    assert "dead units do not help" in text and "bigger steps" in text


def test_vanishing_sentence_puts_layer_1_over_the_last_layer() -> None:
    """The share is layer 1's gradient over layer 50's: tiny for sigmoid, not ×4.7e+31."""
    from relu_tui.lessons.dead.vanishing import gradient_norms

    norms = gradient_norms(np.random.default_rng(0), depth=12, trials=2)
    text = figures_dead.vanishing_note(norms)
    assert "Layer 1's gradient as a share of layer 12's" in text
    assert f"sigmoid {figures_dead.fmt(norms.ratio('sigmoid'), 2)}" in text
    assert norms.ratio("sigmoid") < 1e-3 and "×" not in text
