"""Sums of shifted ReLUs fitted by least squares: checked against an independent solve."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relu_tui.base.parse import InputError
from relu_tui.lessons.approx.state import (
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
    np.testing.assert_allclose(
        fit.model.c + fit.model.m * fit.target.x + terms.sum(axis=0), fit.fitted, atol=1e-12
    )


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
def test_hat_solve_equals_lstsq_for_any_spread_knots(
    knots: list[float], coefficients: list[float]
) -> None:
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
        ("x", 999.9995, 1000.0, "is too narrow: make it at least 0.001 wide"),
        ("x", -5000.0, 1.0, "within [-1000, 1000]"),
        ("x", math.nan, 1.0, "must be finite"),
        ("__import__('os')", -1.0, 1.0, "not an allowed function"),
    ],
)
def test_unusable_targets_are_refused_with_a_reason(
    text: str, lo: float, hi: float, message: str
) -> None:
    """make_target names what is wrong: the expression, where it fails, or the interval."""
    with pytest.raises(InputError) as caught:
        make_target(text, lo, hi)
    assert message in str(caught.value)


def test_an_interval_exactly_0_001_wide_is_not_called_empty() -> None:
    """[999.999, 1000] is 0.001 wide up to rounding: a usable interval, not "empty"."""
    target = make_target("x**2", 999.999, 1000.0)
    assert (target.lo, target.hi) == (999.999, 1000.0)


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
