"""Dying ReLUs: the seed's neuron, settings, and the simulator's claims over 10 seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from relu_tui.lessons.dead.dying import (
    SEED_WEIGHTS,
    DeadSettings,
    experiment,
    final_dead_fraction,
    layer_stats,
    run_settings,
    single_neuron,
)
from relu_tui.lessons.dead.vanishing import born_dead, gradient_norms
from relu_tui.nn.network import Architecture, Network

SEEDS = range(10)
CLAIM_EPOCHS = 100  # the default task (two spirals, 3×16 ReLU, He normal, Adam, batch 32)


def _dead_over_seeds(settings: DeadSettings) -> np.ndarray:
    data = settings.dataset()
    return np.array([final_dead_fraction(run_settings(settings, seed, data)) for seed in SEEDS])


@pytest.fixture(scope="module")
def default_task() -> DeadSettings:
    return DeadSettings().with_values(epochs=CLAIM_EPOCHS)


@pytest.fixture(scope="module")
def small_lr_dead(default_task: DeadSettings) -> np.ndarray:
    return _dead_over_seeds(default_task.with_values(lr=1e-3))


def test_seed_neuron_is_dead() -> None:
    """'ReLU Explained': weights -5, -3, -2 on inputs 1, 1, 1 → z = -10, output 0, gradient 0."""
    result = single_neuron(SEED_WEIGHTS)
    assert result.z == -10.0
    assert result.output == 0.0
    assert result.slope == 0.0 and result.weight_grads == (0.0, 0.0, 0.0)
    assert result.dead


def test_positive_sum_revives_the_neuron() -> None:
    """Weights summing above zero give output z and gradient x_i = 1 for every weight."""
    result = single_neuron((5.0, -3.0, -1.0))
    assert result.z == 1.0 and result.output == 1.0
    assert result.weight_grads == (1.0, 1.0, 1.0) and not result.dead
    assert single_neuron((0.0, 0.0, 0.0)).dead  # z = 0: ReLU'(0) = 0, still dead


def test_large_lr_kills_clearly_more_relu_units(
    default_task: DeadSettings, small_lr_dead: np.ndarray
) -> None:
    """Claim: lr 0.1 leaves most units dead (mean >= 50%), lr 1e-3 few; every seed agrees."""
    large = _dead_over_seeds(default_task.with_values(lr=0.1))
    assert large.mean() >= 0.5
    assert large.mean() - small_lr_dead.mean() >= 0.4
    assert large.min() > small_lr_dead.max()


def test_he_init_with_small_lr_keeps_dead_fraction_low(small_lr_dead: np.ndarray) -> None:
    """Claim: He init + Adam at lr 1e-3: mean dead fraction below 15% over 10 seeds."""
    assert small_lr_dead.mean() < 0.15


def test_leaky_relu_never_has_dead_units(default_task: DeadSettings) -> None:
    """Claim: Leaky ReLU at the unit-killing lr 0.1 has no dead unit in any of 10 seeds."""
    leaky = _dead_over_seeds(default_task.with_values(lr=0.1, activation="leaky_relu"))
    assert np.all(leaky == 0.0)


def test_born_dead_fraction_grows_with_depth_for_narrow_nets() -> None:
    """Claim: width 2-3 ReLU nets are rarely constant at depth 2 and mostly so at depth 30."""
    result = born_dead(np.random.default_rng(0), widths=(2, 3, 10), trials=400)
    for width in (2, 3):
        curve = result.fraction[width]
        assert np.all(np.diff(curve) >= 0)
        assert curve[29] - curve[1] >= 0.5
    assert result.fraction[10][1] == 0.0  # wide enough: never born dead at depth 2
    assert result.fraction[2][49] > result.fraction[10][49]


def test_born_dead_counts_constant_outputs_exactly() -> None:
    """Width 2, bias -1, He weights w ~ N(0, 2) on [-1, 1]: a unit is dead iff |w| <= 1, so a
    depth-1 net is constant with probability P(|w| <= 1)² = erf(1/2)² = 0.2709."""
    result = born_dead(np.random.default_rng(1), widths=(2,), max_depth=1, trials=4000, bias=-1.0)
    assert result.fraction[2][0] == pytest.approx(math.erf(0.5) ** 2, abs=0.03)


def test_sigmoid_gradient_vanishes_and_relu_with_he_does_not() -> None:
    """Claim: over 50 layers sigmoid's gradient shrinks by > 1e10, ReLU's (He) by < 10×."""
    norms = gradient_norms(np.random.default_rng(0), depth=50, width=32, trials=4)
    assert norms.norms["sigmoid"][-1] / norms.norms["sigmoid"][0] > 1e10
    assert 0.1 < norms.ratio("relu") < 10
    assert norms.ratio("tanh") > norms.ratio("sigmoid")
    assert norms.inits["relu"] == "he_normal"


def test_layer_stats_firing_and_dead() -> None:
    """Firing = fraction of samples with z > 0; a unit with z = x - 2 on [-1, 1] is dead."""
    arch = Architecture((1, 2, 1))
    net = Network.from_layers(
        arch,
        [np.array([[1.0], [1.0]]), np.array([[1.0, 1.0]])],
        [np.array([0.0, -2.0]), np.array([0.0])],
    )
    (stats,) = layer_stats(net, np.linspace(-1, 1, 5))
    np.testing.assert_allclose(stats.firing, [0.4, 0.0])
    assert stats.dead.tolist() == [False, True]
    assert stats.dead_fraction == 0.5


def test_settings_transitions_and_reference() -> None:
    """Controls change by pure transitions; the reference is He, Adam, lr 1e-3."""
    settings = DeadSettings()
    assert settings.activation == "relu" and settings.dataset_name == "spirals"
    assert settings.lr == pytest.approx(10**-1.5)
    changed = settings.with_values(optimizer="sgd", init="normal", lr=0.5, depth=5)
    assert (changed.optimizer_name, changed.init, changed.depth) == ("sgd", "normal", 5)
    assert settings.optimizer_name == "adam"  # the original is untouched
    reference = changed.reference()
    assert (reference.init, reference.optimizer_name, reference.lr) == ("he_normal", "adam", 1e-3)
    assert reference.depth == 5
    assert settings.with_param("depth", 99).depth == 8  # clamped to the range


def test_lr_nudges_move_by_root_ten() -> None:
    """From the default 10^-1.5 a nudge up gives 0.1 and two down give 0.00316."""
    settings = DeadSettings()
    lr = next(p for p in settings.params if p.name == "lr")
    assert lr.nudged(1).value == pytest.approx(0.1)
    assert lr.nudged(-1).nudged(-1).value == pytest.approx(10**-2.5)


def test_bias_choices() -> None:
    """Bias init: constants as numbers, "init's rule" as None."""
    settings = DeadSettings()
    assert settings.bias == 0.0
    assert settings.with_values(bias="-1").bias == -1.0
    assert settings.with_values(bias="init's rule").bias is None
    net = settings.with_values(bias="-1").network(settings.dataset())
    assert all(np.all(b == -1.0) for b in net.biases[:-1])


def test_run_is_determined_by_seed() -> None:
    """The same settings and seed give the same final network; another seed does not."""
    settings = DeadSettings().with_values(epochs=5)
    a, b = run_settings(settings, 3), run_settings(settings, 3)
    np.testing.assert_array_equal(a.network.theta, b.network.theta)
    assert not np.array_equal(a.network.theta, run_settings(settings, 4).network.theta)


def test_experiment_reports_every_run_and_summarises() -> None:
    """2 × seeds runs, progress after each; rows hold one dead fraction per finished seed."""
    settings = DeadSettings().with_values(epochs=3, width=4, depth=2)
    steps = list(experiment(settings, seeds=3))
    assert [p.done for p in steps] == list(range(7))
    assert all(p.total == 6 for p in steps)
    current, reference = steps[-1].rows
    assert current.label == "current" and reference.label == "reference"
    assert current.dead.size == reference.dead.size == 3
    assert current.mean == pytest.approx(float(np.mean(current.dead)))
    assert current.sd == pytest.approx(float(np.std(current.dead, ddof=1)))
    assert math.isnan(steps[0].rows[0].mean)


def test_diverging_settings_are_counted_not_raised() -> None:
    """SGD at lr 10 on x² diverges: the run stops with a report that says so."""
    settings = DeadSettings().with_values(
        dataset="x2", optimizer="sgd", lr=10.0, epochs=50, batch=200
    )
    report = run_settings(settings, 0)
    assert report.diverged and "learning rate" in report.message
    assert np.all(np.isfinite(report.network.theta))


def test_loaded_csv_is_the_dataset_until_another_is_chosen() -> None:
    """with_custom: the file trains (its label the dataset control's last choice); nudging the
    control back to a built-in dataset drops the file."""
    from relu_tui.base.params import params_by_name
    from relu_tui.nn.csvdata import parse_csv

    data = parse_csv("".join(f"{i % 5},{i % 3},{i % 2}\n" for i in range(40)), "mine.csv")
    settings = DeadSettings().with_custom(data)
    assert settings.dataset() is data and settings.dataset_name == "csv"
    assert params_by_name(settings.params)["dataset"].choice == "mine.csv"
    trainer = settings.trainer()
    assert len(trainer.x) == 28  # 0.3 of 40 held out, per class
    back = settings.with_param("dataset", 0.0)
    assert (
        back.custom is None
        and back.dataset_name == DeadSettings().with_param("dataset", 0.0).dataset_name
    )


def test_noise_and_split_reach_the_trainer() -> None:
    """noise redraws the data; the trainer trains on the training part and reports the test."""
    base = DeadSettings()
    noisy = base.with_values(noise=0.4)
    assert not np.array_equal(base.dataset().x, noisy.dataset().x)
    trainer = base.with_values(test_fraction=0.5).trainer()
    assert len(trainer.x) == base.samples // 2
    report = trainer.report()
    assert report.test_loss is not None and report.test_accuracy is not None
    assert base.with_values(test_fraction=0.0).trainer().report().test_loss is None
