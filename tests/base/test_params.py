"""Param: nudging on a clean grid, typing, ranges, choices, log scale."""

from __future__ import annotations

import pytest

from relu_tui.base.params import Param, replace_param
from relu_tui.base.parse import InputError


def weight() -> Param:
    return Param("w1", "w1", 0.0, step=0.1, low=-4.0, high=4.0)


def test_ten_nudges_land_exactly_on_one() -> None:
    """Steps of 0.1 accumulate without floating drift (0.1*10 == 1.0 exactly)."""
    param = weight()
    for _ in range(10):
        param = param.nudged(1)
    assert param.value == 1.0


def test_fine_nudge_moves_a_tenth_of_a_step() -> None:
    """shift+arrow moves by step/10 and snaps to that finer grid."""
    assert weight().nudged(0.1).value == 0.01
    assert weight().nudged(-0.1).nudged(-0.1).value == -0.02


def test_nudge_clamps_at_the_range() -> None:
    """Nudging past a bound stops at the bound."""
    param = Param("w", "w", 3.95, step=0.1, low=-4.0, high=4.0)
    assert param.nudged(1).value == 4.0
    assert param.nudged(1).nudged(1).value == 4.0


def test_typed_value_out_of_range_is_refused_and_old_value_kept() -> None:
    """with_text raises; the original param is unchanged (it is frozen)."""
    param = weight()
    with pytest.raises(InputError, match="between -4 and 4"):
        param.with_text("5")
    assert param.value == 0.0
    assert param.with_text("-1.5").value == -1.5


def test_log_param_moves_by_decades() -> None:
    """A log-scaled learning rate steps by a factor of 10**step."""
    lr = Param("lr", "lr", 1e-3, step=1.0, low=1e-4, high=10.0, scale="log")
    assert lr.nudged(1).value == pytest.approx(1e-2)
    assert lr.nudged(-1).nudged(-1).value == pytest.approx(1e-4)
    with pytest.raises(InputError):
        lr.with_text("0")


def test_choice_param_cycles_and_accepts_names() -> None:
    """Choices wrap around with arrows and can be typed by name."""
    opt = Param("opt", "optimiser", 0, choices=("sgd", "momentum", "adam"))
    assert opt.nudged(-1).choice == "adam"
    assert opt.with_text("Adam").choice == "adam"
    with pytest.raises(InputError, match="not one of: sgd, momentum, adam"):
        opt.with_text("rmsprop")


def test_integer_param_refuses_fractions() -> None:
    """Whole-number params say so when given 2.5."""
    depth = Param("depth", "depth", 3, step=1, low=1, high=8, integer=True)
    assert depth.nudged(1).value == 4
    assert depth.nudged(0.1).value == 4
    with pytest.raises(InputError, match="not a whole number"):
        depth.with_text("2.5")


def test_reset_and_replace() -> None:
    """reset() returns to the creation value; replace_param swaps by name."""
    moved = weight().nudged(1).nudged(1)
    assert moved.reset().value == 0.0
    params = (weight(), Param("b1", "b1", 0.0))
    swapped = replace_param(params, moved)
    assert swapped[0].value == pytest.approx(0.2)
    assert swapped[1] is params[1]


def test_log_param_with_zero_steps_off_and_on() -> None:
    """A strength on a log scale with 0 allowed: 0 -> floor -> x sqrt(10) ...; down to 0."""
    strength = Param("l2", "L2", 0.0, step=0.5, low=0.0, high=1.0, scale="log", floor=1e-5)
    assert strength.nudged(-1).value == 0.0
    up = strength.nudged(1)
    assert up.value == 1e-5
    assert up.nudged(2).value == pytest.approx(1e-4)
    assert up.nudged(-1).value == 0.0
    assert strength.with_text("0").value == 0.0
    assert strength.with_text("0.003").value == 0.003
    with pytest.raises(InputError, match="between 0 and 1"):
        strength.with_text("-1")
