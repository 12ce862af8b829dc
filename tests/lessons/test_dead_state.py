"""The Dead neurons state: pure transitions, live versus fresh-run settings, stale reports."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.dead.dying import single_neuron
from relu_tui.lessons.dead.settings import settings_from
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
