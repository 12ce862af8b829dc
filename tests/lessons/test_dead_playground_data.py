"""Dead neurons on the playground's own data: its units make its features work, and its
2-D regression sets train with MSE and a held-out loss."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.lessons.dead.dying import RunHistory, final_dead_fraction, run_settings
from relu_tui.lessons.dead.figures import loss_figure
from relu_tui.lessons.dead.settings import DATA_SIZE, DATASET_NAMES, DeadSettings
from relu_tui.lessons.dead.state import DeadState


def test_sin_features_let_one_hidden_layer_solve_the_spirals() -> None:
    """On the [-6, 6] square sin x1, sin x2 turn with the arms: one layer of 8 ReLU units
    separates the spirals with them, and does not without them."""
    one_layer = DeadSettings().with_widths((8,)).with_values(epochs=300)
    with_sin = run_settings(one_layer.with_features(("x1", "x2", "sin1", "sin2")), 0)
    plain = run_settings(one_layer, 0)
    assert with_sin.test_accuracy is not None and plain.test_accuracy is not None
    assert with_sin.test_accuracy >= 0.95
    assert plain.test_accuracy <= 0.8


@pytest.mark.parametrize(("name", "bound"), [("plane", 0.01), ("gauss", 0.05)])
def test_2d_regression_trains_with_mse_and_a_test_loss(name: str, bound: float) -> None:
    """plane and gauss are datasets of the control; a 2-D input, one output, MSE, a test
    loss beside the training loss, no accuracy."""
    assert name in DATASET_NAMES
    settings = DeadSettings().with_values(dataset=name, epochs=150)
    data = settings.dataset()
    assert data.task == "regression" and data.x.shape == (DATA_SIZE, 2) and data.loss == "mse"
    assert settings.network(data).arch.sizes[0] == 2 and settings.network(data).arch.sizes[-1] == 1
    start = settings.trainer(data).report()
    report = run_settings(settings, 0)
    assert report.accuracy is None and report.test_accuracy is None
    assert report.test_loss is not None and np.isfinite(report.test_loss)
    assert report.loss < bound < start.loss
    assert report.test_loss < 2 * bound


def test_2d_regression_state_builds_for_the_screen() -> None:
    """The screen's state for a 2-D regression: the data over the playground's square."""
    state = DeadState(settings=DeadSettings().with_values(dataset="gauss"))
    assert state.data.domain == ((-6.0, 6.0), (-6.0, 6.0))
    assert state.data.n_in == 2 and state.data.task == "regression"


def test_default_samples_are_the_playgrounds() -> None:
    """500 samples, as TensorFlow Playground draws for its classes; split 350/150."""
    settings = DeadSettings()
    assert settings.samples == 500 == len(settings.dataset().x)
    split = settings.split(settings.dataset())
    assert split.train_index.size == 350 and split.test_index.size == 150


def test_the_learning_rate_help_holds_on_the_spirals() -> None:
    """The lr help says most units die at 0.1 on the spirals; at the default rate the run
    converges with fewer dead."""
    assert "at 0.1 most die" in DeadSettings().params[1].help
    fast = run_settings(DeadSettings().with_values(lr=0.1), 0)
    default = run_settings(DeadSettings(), 0)
    assert final_dead_fraction(fast) > 0.5 > final_dead_fraction(default)
    assert default.test_accuracy is not None and default.test_accuracy >= 0.95


def test_the_loss_plot_shows_train_and_test_for_2d_regression() -> None:
    """A plane run's history: the loss plot has a train and a test curve."""
    settings = DeadSettings().with_values(dataset="plane", epochs=40)
    trainer = settings.trainer()
    history = RunHistory.empty(len(settings.hidden)).add(trainer.report())
    for report in trainer.run(40, every=10):
        history = history.add(report)
    spec = loss_figure(history)
    assert [s.label for s in spec.series] == ["train", "test"]
    assert spec.series[1].y.size >= 4 and np.all(np.isfinite(spec.series[1].y))
