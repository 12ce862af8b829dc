"""The Dead neurons state: pure transitions, live versus fresh-run settings, stale reports."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.lessons.dead.dying import single_neuron
from relu_tui.lessons.dead.settings import DeadSettings, settings_from
from relu_tui.lessons.dead.state import LIVE_SETTINGS, DeadState


@pytest.fixture(scope="module")
def state() -> DeadState:
    return DeadState()


@pytest.mark.parametrize("name", sorted(LIVE_SETTINGS))
def test_live_settings_keep_the_run(state: DeadState, name: str) -> None:
    """lr, optimizer, batch size and epochs change the settings, not the run."""
    param = {p.name: p for p in state.settings.params}[name]
    moved = param.nudged(-1) if param.nudged(-1) != param else param.nudged(1)  # L1/L2 start at 0
    new = state.with_setting(name, moved.value)
    assert new.settings != state.settings
    assert new.run is state.run
    assert "next update" in new.message


@pytest.mark.parametrize(
    "name", ["activation", "init", "bias", "depth", "width", "dataset", "seed"]
)
def test_other_settings_start_a_fresh_run(state: DeadState, name: str) -> None:
    """Every other setting: a new generation at epoch 0, built from the new settings."""
    param = {p.name: p for p in state.settings.params}[name]
    new = state.with_setting(name, param.nudged(1).value)
    assert new.snapshot.generation == state.snapshot.generation + 1
    assert new.snapshot.report.epoch == 0
    assert len(new.snapshot.stats) == new.settings.depth
    assert new.data.name == new.settings.dataset_name


def test_a_setting_that_does_not_change_is_no_transition(state: DeadState) -> None:
    """Nudging epochs past its top (100000) returns the same state."""
    top = state.with_setting("epochs", 100_000)
    assert top.with_setting("epochs", 200_000) is top


def test_reports_of_an_older_run_are_dropped(state: DeadState) -> None:
    """A report carrying a replaced generation changes nothing."""
    started = state.started()
    fresh = started.with_setting("seed", 7)
    stale = fresh.with_report(
        started.snapshot.generation,
        started.snapshot.report,
        started.snapshot.stats,
        100.0,
        finished=True,
    )
    assert stale is fresh and fresh.running


def test_start_refuses_at_the_epoch_limit_and_after_divergence(state: DeadState) -> None:
    """Space at the limit says so; the run stays stopped."""
    limited = state.with_setting("epochs", 1)
    report = limited.snapshot.report
    at_limit = limited.with_report(
        limited.snapshot.generation,
        type(report)(1, report.loss, np.empty(0), report.dead_fraction, report.network),
        limited.snapshot.stats,
        10.0,
        finished=True,
    )
    refused = at_limit.started()
    assert not refused.running and "Already at 1 epochs" in refused.message


def test_starting_from_a_non_run_view_brings_the_training_view(state: DeadState) -> None:
    assert state.view == "neuron"
    assert state.started().view == "train"
    assert state.with_view("units").started().view == "units"


def test_experiment_start_pauses_the_run_and_stop_ignores_late_reports(state: DeadState) -> None:
    running = state.started()
    exp = running.experiment_started()
    assert not exp.running and exp.experiment.running and exp.view == "experiment"
    stopped = exp.experiment_stopped()
    assert not stopped.experiment.running


def test_settings_apply_and_bad_ones_name_the_setting() -> None:
    """lr 0.3, leaky_relu, 50 epochs, seed 3 all land in the settings; a value out of its
    range names the setting."""
    settings = settings_from({"lr": 0.3, "activation": "leaky_relu", "epochs": 50, "seed": 3})
    assert (settings.lr, settings.activation, settings.epochs, settings.seed) == (
        0.3,
        "leaky_relu",
        50,
        3,
    )
    with pytest.raises(InputError, match="epochs: must be between 1 and 100000"):
        settings_from({"epochs": 200_000})
    with pytest.raises(InputError, match="activation: 'nope' is not one of"):
        settings_from({"activation": "nope"})


def test_the_seed_neuron_is_dead_with_relu_and_learns_with_leaky_relu() -> None:
    """-5, -3, -2 on 1, 1, 1: ReLU gradient 0 (dead); Leaky ReLU gradient 0.01 (seed 004)."""
    relu = single_neuron((-5.0, -3.0, -2.0))
    leaky = single_neuron((-5.0, -3.0, -2.0), activation="leaky_relu")
    assert relu.dead and relu.slope == 0 and relu.output == 0
    assert not leaky.dead and leaky.slope == pytest.approx(0.01)
    assert leaky.output == pytest.approx(-0.1)
    assert leaky.weight_grads == pytest.approx((0.01, 0.01, 0.01))


def test_experiment_note_describes_the_runs_on_screen_penalty_and_noise_included() -> None:
    """With L2 = 0.01 the note names L2 and the noise, and when the penalty shrank the weights
    the reading blames the penalty, not lost capacity."""
    from relu_tui.lessons.dead import figures
    from relu_tui.lessons.dead.dying import ExperimentProgress, ExperimentRow, experiment
    from relu_tui.lessons.dead.state import ExperimentState

    settings = DeadSettings().with_values(l2=0.01, epochs=3)
    progress = list(experiment(settings, seeds=1))[-1]
    current, reference = progress.rows
    assert current.sizes.size == 1 and reference.sizes.size == 1
    note = figures.experiment_note(
        ExperimentState(settings=settings, progress=progress), settings.dataset(), ascii_only=True
    )
    assert "L2 0.01" in note and f"noise {fmt(settings.noise)}" in note
    assert "3 epochs" in note
    shrunk = ExperimentRow(
        "current", settings, np.full(3, 0.9), np.full(3, 0.7), 0, np.full(3, 1e-93)
    )
    alive = ExperimentRow("reference", settings.reference(), np.full(3, 0.1), np.full(3, 0.1))
    reading = figures.experiment_reading(ExperimentProgress(6, 6, (shrunk, alive)))
    assert "L2 0.01" in reading and "penalty" in reading
    assert "can no longer help fit" not in reading


def test_status_first_row_holds_loss_test_loss_accuracy_and_dead_share() -> None:
    """The one status row shown at 80x24 has the run's numbers, computed by the core."""
    from relu_tui.lessons.dead import figures
    from relu_tui.lessons.dead.dying import final_dead_fraction

    state = DeadState()
    report = state.snapshot.report
    rows = ["".join(run.text for run in row) for row in figures.status_rows(state, ascii_only=True)]
    head = "  ".join(rows[: figures.STATUS_ROWS])
    assert f"loss {fmt(report.loss)}" in head
    assert report.test_loss is not None and f"test {fmt(report.test_loss)}" in head
    assert report.accuracy is not None and f"accuracy {100 * report.accuracy:.0f}%" in head
    assert f"dead {100 * final_dead_fraction(report):.1f}%" in head
    assert all(len(row) <= 32 for row in rows[: figures.STATUS_ROWS])
    assert any("10-20%" in row for row in rows)
