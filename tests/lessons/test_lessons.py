"""Seed 004's lessons: the printed tensors, two linear layers as one, no ReLU on the output."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.lessons.activations.explained import (
    SCRATCH,
    SEED_INPUT,
    WHEN_NOT,
    output_relu_experiment,
    three_ways,
    torch_str,
    two_linear_layers,
)
from relu_tui.nn.activations import ACTIVATIONS, SELU_ALPHA, SELU_SCALE


def test_seed_printouts_are_reproduced() -> None:
    """ "ReLU Explained": ReLU -> [0., 0., 0., 1., 2.]; Leaky -> [-0.0200, -0.0100, ...]."""
    relu = three_ways("relu")
    assert relu.printed == "tensor([0., 0., 0., 1., 2.])"
    assert relu.module == "nn.ReLU()" and relu.functional == "F.relu(x)"
    assert relu.torch_fn == "torch.relu(x)"
    assert relu.scratch[0] == (
        "torch.maximum(x, torch.zeros_like(x))",
        "tensor([0., 0., 0., 1., 2.])",
    )
    leaky = three_ways("leaky_relu")
    assert leaky.printed == "tensor([-0.0200, -0.0100,  0.0000,  1.0000,  2.0000])"
    assert leaky.module == "nn.LeakyReLU(negative_slope=0.01)"


def test_x_times_mask_prints_signed_zeros() -> None:
    """x * (x > 0) gives -0. for negative x (torch prints it so; the article shows 0.)."""
    assert three_ways("relu").scratch[1] == ("x * (x > 0)", "tensor([-0., -0., 0., 1., 2.])")


@pytest.mark.parametrize(
    "values",
    [[0.0, 0.0], [1e-5, 1.0], [1e9, 2.0], [np.inf, 1.0], [np.nan, 0.5, -3.25], [-1.0, 10.0, 100.0]],
)
def test_torch_str_matches_torch(values: list[float]) -> None:
    """The formatter agrees with torch's print for int, fixed, scientific and non-finite."""
    torch = pytest.importorskip("torch")
    assert torch_str(np.float32(values)) == str(torch.tensor(values, dtype=torch.float32))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_way_prints_what_torch_prints(name: str) -> None:
    """For each registry activation: the module, the function, torch.<name> and each
    from-scratch expression, run in torch on the seed's x, print the core's tensors."""
    torch = pytest.importorskip("torch")
    from torch import nn
    from torch.nn import functional as F  # noqa: N812

    ways = three_ways(name)
    x = torch.tensor(SEED_INPUT)
    scope = {
        "torch": torch,
        "nn": nn,
        "F": F,
        "x": x,
        "a": torch.tensor(0.25),
        "scale": SELU_SCALE,
        "alpha": SELU_ALPHA,
    }
    with torch.no_grad():  # nn.PReLU's learned weight would add a grad_fn to the print
        assert str(eval(ways.module, scope)(x)) == ways.printed  # noqa: S307
    assert str(eval(ways.functional.split("  #")[0], scope)) == ways.printed  # noqa: S307
    if ways.torch_fn:
        assert str(eval(ways.torch_fn, scope)) == ways.printed  # noqa: S307
    assert len(ways.scratch) == len(SCRATCH[name])
    for code, printed in ways.scratch:
        assert str(eval(code.split("  #")[0], scope)) == printed, code  # noqa: S307


def test_two_linear_layers_are_one() -> None:
    """W2(W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2); with ReLU between, midpoints break."""
    lesson = two_linear_layers(np.random.default_rng(0))
    np.testing.assert_allclose(lesson.w, lesson.w2 @ lesson.w1)
    np.testing.assert_allclose(lesson.b, lesson.w2 @ lesson.b1 + lesson.b2)
    assert lesson.w.shape == (2, 2) and lesson.max_difference < 1e-12
    linear_gap, relu_gap = lesson.midpoint_gap
    assert linear_gap < 1e-12 and relu_gap > 1e-3


def test_seed_shapes_10_20_5() -> None:
    """The seed's nn.Linear(10, 20) then nn.Linear(20, 5) is one nn.Linear(10, 5)."""
    lesson = two_linear_layers(np.random.default_rng(1), (10, 20, 5))
    assert lesson.w.shape == (5, 10) and lesson.b.shape == (5,)
    assert lesson.max_difference < 1e-12


def test_relu_on_the_output_is_stuck_at_zero_below_the_axis() -> None:
    """sin x: without an output ReLU the fit is close; with it, every negative target gets 0."""
    run = output_relu_experiment()
    plain, capped = run.loss
    assert plain < 0.01
    assert run.stuck == 1.0 and np.all(run.capped >= 0) and not run.all_zero
    assert capped > 0.2  # the half below the axis: mean of sin^2 there is 0.25
    assert np.max(np.abs(run.plain[run.y < 0] - run.y[run.y < 0])) < 0.2


def test_when_not_to_use_relu_points_somewhere() -> None:
    """Five pieces of advice, each tied to a place in relu-tui."""
    assert len(WHEN_NOT) == 5 and all(advice and where for advice, where in WHEN_NOT)
