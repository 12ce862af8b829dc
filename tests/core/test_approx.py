"""Sums of shifted ReLUs fitted by least squares: checked against an independent solve."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.core.approx import (
    MAX_UNITS,
    PRESETS,
    SWEEP_UNITS,
    TARGET_CHOICES,
    TOUR,
    FitState,
    curvature_knots,
    error_sweep,
    even_knots,
    fit_relu_sum,
    fit_target,
    make_target,
    preset_target,
    tour_next,
)
from relu_tui.core.parse import InputError


def relu_design(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Columns 1, x, ReLU(x − hᵢ): the model written out directly."""
    return np.column_stack([np.ones_like(x), x, np.maximum(x[:, None] - knots[None, :], 0.0)])


def preset(name: str):
    return preset_target(next(p for p in PRESETS if p.name == name))


@pytest.mark.parametrize("name", [p.name for p in PRESETS])
@pytest.mark.parametrize("placement", ["even", "curvature"])
@pytest.mark.parametrize("n", [1, 7, 50, MAX_UNITS])
def test_fit_matches_an_independent_lstsq(name: str, placement: str, n: int) -> None:
    """The hat-basis solve gives the same fit as np.linalg.lstsq on the raw ReLU columns."""
    target = preset(name)
    fit = fit_target(target, n, placement)  # type: ignore[arg-type]
    design = relu_design(target.x, fit.model.knots)
    coef, *_ = np.linalg.lstsq(design, target.y, rcond=None)
    scale = max(1.0, float(np.max(np.abs(target.y))))
    np.testing.assert_allclose(fit.fitted, design @ coef, atol=1e-9 * scale)
    residual = target.y - design @ coef
    assert fit.rmse == pytest.approx(math.sqrt(np.mean(residual**2)), rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("n", [1, 10, MAX_UNITS])
def test_relu_sum_reproduces_the_fitted_values(n: int) -> None:
    """c + m·x + Σ wᵢ ReLU(x − hᵢ), evaluated term by term, is the fitted curve."""
    fit = fit_target(preset("x²"), n)
    np.testing.assert_allclose(fit.model(fit.target.x), fit.fitted, atol=1e-12)
    terms = fit.model.terms(fit.target.x)
    assert terms.shape == (n, fit.target.x.size)
    np.testing.assert_allclose(fit.model.c + fit.model.m * fit.target.x + terms.sum(axis=0),
                               fit.fitted, atol=1e-12)


def test_puzzle_target_is_exact_with_two_even_knots() -> None:
    """On [0, 3], N = 2 puts knots at 1 and 2: y = 2 − 2x + 3·ReLU(x − 1) + 2·ReLU(x − 2)."""
    fit = fit_target(preset("puzzle"), 2, "even")
    np.testing.assert_allclose(fit.model.knots, [1.0, 2.0])
    np.testing.assert_allclose(fit.model.weights, [3.0, 2.0], atol=1e-10)
    assert fit.model.m == pytest.approx(-2.0)
    assert fit.model.c == pytest.approx(2.0)
    assert fit.max_error < 1e-12


def test_abs_is_exact_with_one_knot_at_zero() -> None:
    """|x| on [−2, 2] is −x + 2·ReLU(x): one unit suffices."""
    fit = fit_target(preset("|x|"), 1)
    assert fit.model.knots[0] == 0.0
    assert fit.model.weights[0] == pytest.approx(2.0)
    assert fit.model.m == pytest.approx(-1.0)
    assert fit.max_error < 1e-12


def test_sin_rmse_falls_with_n_as_reported() -> None:
    """sin on [−π, π], even knots: RMSE 0.126, 0.0318, 0.00889, 0.000102 at N = 2, 5, 10, 100."""
    target = preset("sin x")
    rmse = {n: fit_target(target, n).rmse for n in (2, 5, 10, 100)}
    assert 0.12 < rmse[2] < 0.13
    assert 0.030 < rmse[5] < 0.033
    assert 0.0085 < rmse[10] < 0.0093
    assert 9.5e-5 < rmse[100] < 1.1e-4
    # Piecewise-linear fits of a smooth function: error ∝ N⁻², so ×10 units ≈ ÷100 error.
    assert rmse[10] / rmse[100] > 50


@pytest.mark.parametrize("name", ["x²", "sin x"])
def test_error_sweep_falls_monotonically_for_smooth_targets(name: str) -> None:
    """More units never make the fit of a smooth target worse (RMSE and max error)."""
    sweep = error_sweep(preset(name), "even")
    assert sweep.units.tolist() == list(SWEEP_UNITS)
    assert np.all(np.diff(sweep.rmse) < 0)
    assert np.all(np.diff(sweep.max_error) < 0)
    assert np.all(sweep.max_error >= sweep.rmse)


def test_curvature_knots_help_where_curvature_is_uneven() -> None:
    """Quantile knots beat even ones on sin (N = 10) and by far on a step (N = 5)."""
    assert fit_target(preset("sin x"), 10, "curvature").rmse < fit_target(preset("sin x"), 10).rmse
    step_even = fit_target(preset("step"), 5, "even").rmse
    step_curv = fit_target(preset("step"), 5, "curvature").rmse
    assert step_curv < step_even / 5


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, MAX_UNITS),
    text=st.sampled_from(["step(x)", "x**2", "exp(3*x)", "abs(x - 0.3)", "sin(8*x)", "x"]),
)
def test_curvature_knots_are_ordered_inside_and_apart(n: int, text: str) -> None:
    """Quantile knots are strictly increasing, inside the interval, ≥ two grid steps apart."""
    target = make_target(text, -1.0, 1.0)
    knots = curvature_knots(target.x, target.y, n)
    step = 2.0 / (target.x.size - 1)
    gaps = np.diff(np.concatenate(([-1.0], knots, [1.0])))
    assert knots.size == n
    assert np.all(gaps >= 2 * step * (1 - 1e-9))


@settings(max_examples=30, deadline=None)
@given(
    knots=st.lists(st.floats(-0.95, 0.95), min_size=1, max_size=12, unique=True),
    coefficients=st.lists(st.floats(-5, 5), min_size=4, max_size=4),
)
def test_hat_solve_equals_lstsq_for_any_spread_knots(knots: list[float],
                                                     coefficients: list[float]) -> None:
    """For any knots two samples apart, the fast solve is the least-squares solution."""
    x = np.linspace(-1.0, 1.0, 401)
    h = np.unique(np.round(np.array(knots) / 0.01) * 0.01)  # ≥ 2 samples per piece
    y = np.polyval(coefficients, x) + np.sin(5 * x)
    model, fitted = fit_relu_sum(x, y, h)
    coef, *_ = np.linalg.lstsq(relu_design(x, h), y, rcond=None)
    np.testing.assert_allclose(fitted, relu_design(x, h) @ coef, atol=1e-8)
    np.testing.assert_allclose([model.c, model.m, *model.weights], coef, rtol=1e-6, atol=1e-6)


def test_even_knots_are_interior_and_evenly_spaced() -> None:
    """N knots split [lo, hi] into N + 1 equal pieces."""
    np.testing.assert_allclose(even_knots(0.0, 3.0, 2), [1.0, 2.0])
    np.testing.assert_allclose(np.diff(even_knots(-1.0, 1.0, 9)), 0.2)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "message"),
    [
        ("log(x)", -1.0, 1.0, "log(x) is undefined (nan) at x = -1 (on [-1, 1])"),
        ("1/x", -1.0, 1.0, "1/x divides by zero at x = 0"),
        ("exp(40*x)", -1.0, 1.0, "keep |f| below 1e12"),
        ("x", 1.0, 1.0, "is empty: need lo < hi"),
        ("x", 2.0, 1.0, "is empty"),
        ("x", -5000.0, 1.0, "within [-1000, 1000]"),
        ("x", math.nan, 1.0, "must be finite"),
        ("__import__('os')", -1.0, 1.0, "not an allowed function"),
    ],
)
def test_unusable_targets_are_refused_with_a_reason(text: str, lo: float, hi: float,
                                                    message: str) -> None:
    """make_target names what is wrong: the expression, where it fails, or the interval."""
    with pytest.raises(InputError) as caught:
        make_target(text, lo, hi)
    assert message in str(caught.value)


def test_choosing_a_preset_moves_the_interval() -> None:
    """Selecting 'puzzle' fits on [0, 3]; selecting 'sin x' goes back to [−π, π]."""
    state = FitState.initial()
    puzzle = state.with_param("target", TARGET_CHOICES.index("puzzle"))
    assert (puzzle.target.lo, puzzle.target.hi) == (0.0, 3.0)
    assert (puzzle.value("lo"), puzzle.value("hi")) == (0.0, 3.0)
    back = puzzle.with_param("target", TARGET_CHOICES.index("sin x"))
    assert back.target.hi == pytest.approx(math.pi)


def test_bad_interval_keeps_the_previous_state() -> None:
    """Moving the interval where the typed target is undefined raises; the old state stands."""
    state = FitState.initial().with_param("lo", 0.0).with_expression("sqrt(x)")
    with pytest.raises(InputError, match="sqrt"):
        state.with_param("lo", -1.0)
    assert state.target.lo == 0.0 and state.target.text == "sqrt(x)"
    assert state.fit.rmse < 0.1


def test_typed_expression_becomes_the_typed_choice() -> None:
    """A typed expression is fitted on the current interval and remembered as 'typed'."""
    state = FitState.initial().with_expression("sin(3*x) + x**2/4")
    assert TARGET_CHOICES[int(state.value("target"))] == "typed"
    np.testing.assert_allclose(state.target.y, np.sin(3 * state.target.x) + state.target.x**2 / 4)
    other = state.with_param("target", 0).with_param("target", TARGET_CHOICES.index("typed"))
    assert other.target.text == "sin(3*x) + x**2/4"


def test_units_are_clamped_and_the_tour_follows_the_article() -> None:
    """N stays in 1…200; the tour visits 1, 2, 5, 10, 20, 100 and wraps."""
    state = FitState.initial()
    assert state.with_units(0).units == 1
    assert state.with_units(10_000).units == MAX_UNITS
    stops = []
    n = 0
    for _ in TOUR:
        n, _caption = tour_next(n)
        stops.append(n)
    assert stops == [1, 2, 5, 10, 20, 100]
    assert tour_next(100)[0] == 1
    assert tour_next(150)[0] == 1


# Mode 2: the notebook's experiment on the shared training core.

from relu_tui.core.approx import (  # noqa: E402
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
