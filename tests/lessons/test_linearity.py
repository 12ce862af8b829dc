"""Linearity checks, the affine layer of notebook 003, and the "Why ReLU" numbers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from relu_tui.base.fmt import fmt
from relu_tui.lessons.activations.linearity import (
    SEED_LAYER_BIAS,
    SEED_LAYER_WEIGHT,
    additivity,
    affine_demo,
    check_activation,
    homogeneity,
    relu_after_layer,
)
from relu_tui.lessons.activations.why_relu import gradient_profile, measure_cost_ns, why_relu_rows
from relu_tui.nn.activations import ACTIVATIONS

TABLE = (5.0, 2.0, 0.0, -3.0, -10.0)
"""The seeds' table inputs."""


def test_identity_passes_every_check() -> None:
    """The identity is linear: both homogeneity checks and additivity hold."""
    report = check_activation(ACTIVATIONS["identity"], TABLE)
    assert report.linear
    assert [c.cases for c in report.checks] == [5, 5, 10]
    assert "passed every check" in report.verdict


def test_relu_fails_with_the_first_counterexample_in_numbers() -> None:
    """ReLU keeps f(2a) = 2f(a) but fails c = -2 at a = 5 and additivity at 5 + -3."""
    report = check_activation(ACTIVATIONS["relu"], TABLE)
    c2, cm2, add = report.checks
    assert c2.holds
    assert cm2.counterexample is not None and add.counterexample is not None
    assert cm2.counterexample.text == "f(-2 * 5) = 0 but -2 * f(5) = -10"
    assert add.counterexample.text == "f(5 + -3) = 2 but f(5) + f(-3) = 5"
    assert not report.linear
    assert report.verdict == "ReLU is not linear: 2 of 3 checks fail."


def test_leaky_relu_counterexample_uses_its_parameter() -> None:
    """With negative_slope = 0.5, f(-2 * 5) = -5 but -2 f(5) = -10."""
    report = check_activation(ACTIVATIONS["leaky_relu"], TABLE, negative_slope=0.5)
    assert report.checks[1].counterexample is not None
    assert report.checks[1].counterexample.lhs == -5.0
    assert report.checks[1].counterexample.rhs == -10.0


def test_relu_on_positive_inputs_only_looks_linear() -> None:
    """On inputs that are all positive ReLU passes additivity and c = 2 (not c = -2)."""
    report = check_activation(ACTIVATIONS["relu"], (1.0, 2.0, 3.5))
    assert report.checks[0].holds and report.checks[2].holds
    assert not report.checks[1].holds


def test_sigmoid_fails_even_c_equal_two() -> None:
    """sigmoid(2*5) != 2*sigmoid(5)."""
    check = homogeneity(ACTIVATIONS["sigmoid"], TABLE, 2.0)
    assert check.counterexample is not None
    assert check.counterexample.lhs == pytest.approx(1 / (1 + np.exp(-10.0)))


def test_additivity_with_a_single_input_has_no_pairs() -> None:
    """One input gives zero pairs: nothing to contradict."""
    check = additivity(ACTIVATIONS["relu"], (3.0,))
    assert check.cases == 0 and check.holds


def test_huge_inputs_do_not_warn() -> None:
    """1e308 doubled overflows on both sides alike: no RuntimeWarning, still checked."""
    report = check_activation(ACTIVATIONS["relu"], (1e308, -1e308, 1.0))
    assert not report.linear


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "gelu", "softplus", "elu"])
def test_nonlinear_activations_fail(name: str) -> None:
    """Every activation with a bend fails on the seed's table."""
    assert not check_activation(ACTIVATIONS[name], TABLE).linear


# ------------------------------------------------------------------ the affine layer


def r4(values: np.ndarray) -> list[float]:
    """Round as torch prints: 4 decimals."""
    return [round(float(v), 4) + 0.0 for v in values]


def test_seed_layer_weights_print_as_the_notebook() -> None:
    """The refined weights round to the notebook's printed 4-decimal weights and bias."""
    assert [r4(row) for row in SEED_LAYER_WEIGHT] == [
        [0.5120, -0.4466],
        [0.2942, -0.1407],
        [0.2281, -0.0761],
        [-0.5581, 0.6117],
    ]
    assert r4(SEED_LAYER_BIAS) == [-0.3678, -0.3932, 0.4398, 0.2615]


def test_affine_layer_reproduces_the_notebook_numbers() -> None:
    """Notebook 003: L([1, 2]), L(2x) and 2L(x), every printed figure."""
    demo = affine_demo()
    assert r4(demo.out) == [-0.7489, -0.3803, 0.5158, 0.9267]
    assert r4(demo.out_cx) == [-1.1300, -0.3675, 0.5917, 1.5919]
    assert r4(demo.c_out) == [-1.4978, -0.7607, 1.0316, 1.8534]
    assert demo.affine_fails_homogeneity
    assert demo.linear_without_bias


def test_the_gap_is_exactly_the_bias_doing() -> None:
    """L(cx) - cL(x) = (1 - c) b."""
    for c in (2.0, -2.0, 0.5):
        demo = affine_demo(c)
        np.testing.assert_allclose(demo.gap, (1 - c) * demo.bias, atol=1e-15)


def test_a_layer_without_bias_is_linear() -> None:
    """Zero bias: L(2x) = 2L(x), so the affine check no longer fails."""
    demo = affine_demo(2.0, bias=np.zeros(4))
    assert not demo.affine_fails_homogeneity


def test_relu_after_the_layer_reproduces_the_notebook() -> None:
    """relu(-2o) vs -2relu(o), relu(o + min o) vs relu(o) + relu(min o), as printed."""
    r = relu_after_layer()
    assert r4(r.relu_scaled) == [1.4978, 0.7607, 0.0, 0.0]
    assert r4(r.scaled_relu) == [0.0, 0.0, -1.0316, -1.8534]
    assert r4(r.relu_sum) == [0.0, 0.0, 0.0, 0.1778]
    assert r4(r.sum_relu) == [0.0, 0.0, 0.5158, 0.9267]


# ------------------------------------------------------------------ Why ReLU


def test_relu_gradient_profile() -> None:
    """ReLU: gradient always 1 for x > 0, max 1, 0 for all x < 0, range [0, inf)."""
    p = gradient_profile(ACTIVATIONS["relu"])
    assert (p.positive_min, p.positive_max, p.max_grad) == (1.0, 1.0, 1.0)
    assert p.zero_for_negative and p.output_range == "[0, inf)"
    assert p.positive_text == "always 1"
    assert p.after_layers(50) == 1.0


def test_sigmoid_gradient_profile() -> None:
    """Sigmoid: gradient in (0, 0.25) for x > 0 (0.25 is its value at 0, not reached for
    x > 0), max 0.25, never exactly 0, range (0, 1)."""
    p = gradient_profile(ACTIVATIONS["sigmoid"])
    assert p.positive_max == 0.25 and not p.max_reached
    assert p.positive_min == 0 and not p.min_reached
    assert p.max_grad == 0.25
    assert not p.zero_for_negative
    assert p.output_range == "(0, 1)"
    assert p.after_layers(10) == 0.25**10


def test_why_relu_table_for_the_seed_pair() -> None:
    """The table's cells come from the core: 0.25^10 vs 1, vanishing yes vs no, costs."""
    rows = {
        r.feature: r.cells
        for r in why_relu_rows(("sigmoid", "relu"), 10, {"sigmoid": 8.0, "relu": 1.0})
    }
    assert rows["Maximum gradient"] == ("0.25", "1")
    assert rows["Gradient after 10 layers"] == ("0.25^10 = 9.54e-07", "1^10 = 1")
    assert rows["Vanishing gradients?"] == ("yes, severe", "no")
    assert rows["Dead neurons?"][0] == "no" and rows["Dead neurons?"][1].startswith("yes")
    assert rows["Output range"] == ("(0, 1)", "[0, inf)")
    assert rows["Cost on this machine"] == ("8 ns/value (8x)", "1 ns/value (1x)")


def test_why_relu_layers_change_the_numbers() -> None:
    """N = 2 leaves 0.0625 of sigmoid's gradient: 'some' vanishing, not 'severe'."""
    rows = {r.feature: r.cells for r in why_relu_rows(("sigmoid", "relu"), 2)}
    assert rows["Gradient after 2 layers"][0] == "0.25^2 = 0.0625"
    assert rows["Vanishing gradients?"][0] == "some"
    assert rows["Cost on this machine"] == ("measuring...", "measuring...")


def test_measure_cost_uses_the_injected_clock() -> None:
    """With a clock that advances 1 ms per reading, cost is 1e6 ns / size per element."""
    ticks = itertools.count()
    ns = measure_cost_ns(
        ACTIVATIONS["relu"], size=1000, repeats=3, clock=lambda: next(ticks) * 1e-3
    )
    assert ns == pytest.approx(1000.0)


def test_why_relu_gradient_ranges_are_the_true_intervals_over_positive_x() -> None:
    """The 'Gradient for x > 0' cell gives the interval's true ends (limits at 0+ and at
    infinity, open where no x > 0 reaches them), not the sampling grid's edge values."""
    from relu_tui.lessons.activations.why_relu import profile_of
    from relu_tui.nn.activations import ACTIVATIONS

    sigmoid = profile_of("sigmoid")
    assert sigmoid.positive_text == "(0, 0.25)"
    x = np.array([0.01, 1.0, 30.0])
    grad = ACTIVATIONS["sigmoid"].grad(x)
    assert np.all((grad > 0) & (grad < 0.25))
    gelu = profile_of("gelu")
    peak = float(ACTIVATIONS["gelu"].grad(np.linspace(0.01, 5, 50_000)).max())
    assert gelu.positive_text == f"(0.5, {fmt(peak)}]"
    assert profile_of("relu").positive_text == "always 1"


def test_dead_neuron_row_states_the_x_le_0_convention() -> None:
    """ReLU's gradient is 0 at x = 0 too (torch's convention): the row says x <= 0."""
    from relu_tui.lessons.activations.why_relu import why_relu_rows
    from relu_tui.nn.activations import ACTIVATIONS

    assert ACTIVATIONS["relu"].grad(np.zeros(1))[0] == 0
    rows = {row.feature: row.cells for row in why_relu_rows(("sigmoid", "relu"), 10, {}, {})}
    assert rows["Dead neurons?"] == ("no", "yes (grad 0 for x <= 0)")
