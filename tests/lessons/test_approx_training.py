"""Mode 2 of the approximation screen: the notebook's experiment on the training core."""

from __future__ import annotations

import math

import numpy as np
import pytest

from relu_tui.lessons.approx.state import PRESETS, FitState, make_target, preset_target
from relu_tui.lessons.approx.training import (
    HISTORY_STRIDE,
    TrainConfig,
    TrainState,
    initial_networks,
    least_squares_line,
    mse,
    notebook_experiment,
    target_experiment,
    train_pair,
)


def preset(name: str):
    return preset_target(next(p for p in PRESETS if p.name == name))


def run(state: TrainState, every: int = 500) -> TrainState:
    for report in train_pair(state.config, state.experiment, every=every):
        state = state.with_report(report, 0.0)
    return state


def test_notebook_data_and_its_exact_line() -> None:
    """x = 1…99, y = x², tested on 100…199; the closed-form line is y = 100x − 1683.33."""
    data = notebook_experiment()
    assert data.x.tolist() == list(range(1, 100)) and np.array_equal(data.y, data.x**2)
    assert data.x_test.tolist() == list(range(100, 200))
    line = least_squares_line(data.x, data.y)
    slope, intercept = np.polyfit(data.x, data.y, 1)
    assert line.slope == pytest.approx(slope) == pytest.approx(100.0)
    assert line.intercept == pytest.approx(intercept) == pytest.approx(-5050 / 3)


def test_both_networks_start_from_the_same_torch_default_weights() -> None:
    """Same seed → identical parameters; each layer within ±1/sqrt(fan_in) (nn.Linear's rule)."""
    plain, relu = initial_networks(TrainConfig(seed=7))
    assert plain.arch.activation == "identity" and relu.arch.activation == "relu"
    np.testing.assert_array_equal(plain.theta, relu.theta)
    for w, b in zip(relu.weights, relu.biases, strict=True):
        bound = 1 / np.sqrt(w.shape[1])
        assert np.all(np.abs(w) <= bound) and np.all(np.abs(b) <= bound)
    assert [w.shape for w in relu.weights] == [(8, 1), (8, 8), (1, 8)]
    other = initial_networks(TrainConfig(seed=8))[1]
    assert not np.array_equal(other.theta, relu.theta)


@pytest.mark.parametrize("seed", [0, 42])
def test_no_relu_network_ends_on_the_exact_line_and_relu_goes_far_lower(seed: int) -> None:
    """After 3,000 epochs the affine network is the least-squares line (to 0.01% of the
    range of y); the ReLU network's MSE is over 50× lower than the line's."""
    state = run(TrainState.initial(seed, epochs=3000))
    data, report = state.experiment, state.report
    assert report is not None and report.epoch == 3000 and report.done
    assert report.loss[0] == pytest.approx(state.line_mse, rel=1e-4)
    gap = np.max(np.abs(report.train_pred[0] - state.line(data.x)))
    assert gap < 1e-4 * np.ptp(data.y)
    fitted = state.fitted_line()
    assert fitted is not None and fitted.slope == pytest.approx(100.0, rel=1e-3)
    assert report.loss[1] < state.line_mse / 50
    assert report.loss[1] == pytest.approx(mse(report.train_pred[1], data.y))


def test_extrapolation_errors_and_loss_curves_are_recorded() -> None:
    """Test RMSE on 100…199 for both nets and the line; one loss point per 100 epochs."""
    state = run(TrainState.initial(1, epochs=1000), every=300)
    assert state.history_epochs.tolist() == list(range(0, 1000, HISTORY_STRIDE))
    assert state.history_loss.shape == (10, 2) and np.all(np.isfinite(state.history_loss))
    errors = state.test_rmse()
    assert errors is not None
    line_error = np.sqrt(mse(state.line(state.experiment.x_test), state.experiment.y_test))
    assert errors[2] == pytest.approx(line_error)
    assert errors[1] < errors[0]


def test_relu_only_run_leaves_the_other_network_untouched() -> None:
    """both=False (the benchmark's mode) trains only the ReLU network."""
    reports = list(train_pair(TrainConfig(seed=3, epochs=200), both=False, every=100))
    assert reports[0].loss[0] == reports[-1].loss[0]
    assert reports[-1].loss[1] < reports[0].loss[1]


def test_a_mode_one_target_can_be_trained_with_or_without_extrapolation() -> None:
    """sin on [−π, π] trains with a test range beyond π; log(4 − x) on [0, 3] has none."""
    data = target_experiment(preset("sin x"))
    assert data.x.size == 99 and data.x_test[0] > math.pi and data.note == ""
    broken = target_experiment(make_target("log(4 - x)", 0.0, 3.0))
    assert broken.x_test.size == 0 and "no extrapolation" in broken.note
    state = run(TrainState.initial(0, broken, epochs=300))
    assert state.test_rmse() is None and state.report is not None


def test_training_matches_pytorch_epoch_for_epoch() -> None:
    """Oracle: the same initial weights trained by torch (float64) give the same losses."""
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    config = TrainConfig(seed=5, epochs=300)
    plain, relu = initial_networks(config)
    data = notebook_experiment()
    x = torch.tensor(data.x[:, None], dtype=torch.float64)
    y = x**2
    for index, net in enumerate((plain, relu)):
        layers = []
        for k, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
            layer = torch.nn.Linear(w.shape[1], w.shape[0]).double()
            with torch.no_grad():
                layer.weight.copy_(torch.tensor(np.array(w)))
                layer.bias.copy_(torch.tensor(np.array(b)))
            layers.append(layer)
            if index == 1 and k < 2:
                layers.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*layers)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
        expected = []
        for _ in range(config.epochs):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            expected.append(loss.item())
        reports = list(train_pair(config, data, every=100))
        ours = np.concatenate([r.history_loss[:, index] for r in reports])
        np.testing.assert_allclose(ours, np.array(expected)[::HISTORY_STRIDE], rtol=1e-6)


def test_states_with_the_same_target_and_n_share_one_fit() -> None:
    """Going back to an N gives the very same Fit (so its figure and drawing are reused)."""
    state = FitState.initial()
    again = state.with_units(11).with_units(10)
    assert again is not state
    assert again.fit is state.fit
    assert state.with_units(11).fit is not state.fit
