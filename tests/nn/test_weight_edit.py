"""Network.with_weight (one parameter replaced, a new network) and Trainer.load (a run goes
on from edited parameters)."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.nn.network import Architecture, Trainer, init_network


def _net(sizes: tuple[int, ...] = (2, 4, 3, 2)):
    return init_network(Architecture(sizes), np.random.default_rng(0))


def test_with_weight_sets_exactly_that_weight() -> None:
    """Weight (unit 2, input 1) of layer 1 takes the value; every other parameter is kept."""
    net = _net()
    edited = net.with_weight(1, 2, 1, 0.75)
    assert edited.weights[1][2, 1] == 0.75
    changed = np.flatnonzero(edited.theta != net.theta)
    assert changed.size == 1
    assert net.weights[1][2, 1] != 0.75  # the original is untouched


def test_with_weight_at_the_fan_in_sets_the_bias() -> None:
    """Source = fan-in is the unit's bias (the matrix's last column)."""
    net = _net()
    edited = net.with_weight(2, 1, 3, -1.5)
    assert edited.biases[2][1] == -1.5
    assert np.flatnonzero(edited.theta != net.theta).size == 1


def test_with_weight_changes_the_output_as_the_formula_says() -> None:
    """An output bias moved by d moves that output's logit by d at every input."""
    net = _net()
    x = np.random.default_rng(1).normal(size=(5, 2))
    edited = net.with_weight(2, 0, 3, float(net.biases[2][0]) + 2.0)
    np.testing.assert_allclose(edited.forward(x)[:, 0] - net.forward(x)[:, 0], 2.0)
    np.testing.assert_array_equal(edited.forward(x)[:, 1], net.forward(x)[:, 1])


@pytest.mark.parametrize(
    ("layer", "unit", "source"), [(3, 0, 0), (-1, 0, 0), (0, 4, 0), (0, 0, 3), (1, -1, 0)]
)
def test_with_weight_out_of_range_is_an_index_error(layer: int, unit: int, source: int) -> None:
    with pytest.raises(IndexError):
        _net().with_weight(layer, unit, source, 1.0)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_with_weight_refuses_a_value_that_is_not_finite(value: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        _net().with_weight(0, 0, 0, value)


def test_trainer_goes_on_from_loaded_parameters() -> None:
    """After load, the trainer's network and report are the edited network's, and training
    continues from it (the same as a trainer started on it, with the same moments)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(40, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(np.intp)
    net = _net()
    trainer = Trainer(net, x, y, loss="cross_entropy")
    edited = net.with_weight(0, 1, 0, 3.0)
    trainer.load(edited)
    np.testing.assert_array_equal(trainer.network.theta, edited.theta)
    report = trainer.report()
    assert report.loss == pytest.approx(edited.loss(x, y, "cross_entropy"))
    fresh = Trainer(edited, x, y, loss="cross_entropy")
    trainer.advance(3)
    fresh.advance(3)
    np.testing.assert_allclose(trainer.network.theta, fresh.network.theta)


def test_trainer_refuses_parameters_of_another_architecture() -> None:
    trainer = Trainer(_net(), np.zeros((4, 2)), np.zeros(4, dtype=np.intp), loss="cross_entropy")
    with pytest.raises(ValueError, match="architecture"):
        trainer.load(_net((2, 5, 2)))
