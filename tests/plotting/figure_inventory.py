"""Every plot the app draws: each figure function of each lesson, on the states a learner
meets (the defaults, every Dosage stage, every Puzzle level, deep and regression Dead runs).

Shared by the plot checks (zero line, ASCII markers, legends, ticks)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import numpy as np

from relu_tui.lessons.activations import figures as activation_figures
from relu_tui.lessons.activations.why_relu import profile_of
from relu_tui.lessons.approx import figures as approx_figures
from relu_tui.lessons.approx.state import FitState
from relu_tui.lessons.approx.training import TrainConfig, TrainState, train_pair
from relu_tui.lessons.dead import figures as dead_figures
from relu_tui.lessons.dead.dying import RunHistory, layer_stats
from relu_tui.lessons.dead.settings import DeadSettings
from relu_tui.lessons.dead.vanishing import born_dead, gradient_norms
from relu_tui.lessons.dosage import figures as dosage_figures
from relu_tui.lessons.dosage.stages import stages
from relu_tui.lessons.dosage.state import DosageState
from relu_tui.lessons.puzzle import figures as puzzle_figures
from relu_tui.lessons.puzzle.levels import LEVELS
from relu_tui.lessons.puzzle.state import PuzzleState
from relu_tui.plotting.spec import PlotSpec


def _dosage(ascii_only: bool) -> Iterator[tuple[str, PlotSpec]]:
    state = DosageState()
    for stage in stages(state.activation):
        yield (
            f"dosage stage {stage.number}",
            dosage_figures.stage_figure(state, stage, ascii_only=ascii_only),
        )
    for number, spec in enumerate(dosage_figures.overview_figures(state, ascii_only=ascii_only)):
        yield f"dosage grid {number + 1}", spec


def _puzzle() -> Iterator[tuple[str, PlotSpec]]:
    for index, level in enumerate(LEVELS):
        state = PuzzleState.of(level)
        yield f"puzzle level {index + 1} fit", puzzle_figures.fit_figure(state)
        for unit, spec in enumerate(puzzle_figures.unit_figures(state)):
            yield f"puzzle level {index + 1} unit {unit + 1}", spec


def _activations() -> Iterator[tuple[str, PlotSpec]]:
    for name in ("relu", "leaky_relu", "sigmoid", "gelu"):
        yield f"activation {name}", activation_figures.activation_figure(name, {}, -5.0, 5.0)
    for grad in (False, True):
        for index, spec in enumerate(activation_figures.comparison_figures(grad)):
            yield f"comparison {index + 1} grad={grad}", spec
    profiles = (profile_of("sigmoid"), profile_of("relu"))
    for layers in (3, 12, 50):
        yield f"why relu N={layers}", activation_figures.layers_figure(profiles, layers)


@cache
def _approx_train() -> TrainState:
    state = TrainState.initial(epochs=400)
    for report in train_pair(TrainConfig(seed=42, epochs=400), state.experiment, every=200):
        state = state.with_report(report, 1.0)
    return state


def _approx() -> Iterator[tuple[str, PlotSpec]]:
    for units in (2, 10):
        fit_state = FitState.initial(n=units)
        yield f"approx fit n={units}", approx_figures.fit_figure(fit_state.fit)
        yield (
            f"approx error n={units}",
            approx_figures.error_figure(fit_state.sweep, fit_state.fit),
        )
    state = _approx_train()
    yield "approx training fit", approx_figures.training_fit_figure(state)
    yield "approx extrapolation", approx_figures.extrapolation_figure(state)
    yield "approx loss", approx_figures.loss_figure(state)


@cache
def _dead_run(depth: int, dataset: str, epochs: int) -> tuple[object, RunHistory, object]:
    settings = DeadSettings().with_values(depth=depth, dataset=dataset, epochs=epochs)
    data = settings.dataset()
    trainer = settings.trainer(data)
    history = RunHistory.empty(depth)
    for _ in range(5):
        trainer.advance(max(1, epochs // 5))
        history = history.add(trainer.report())
    report = trainer.report(done=True)
    return data, history, report


def _dead() -> Iterator[tuple[str, PlotSpec]]:
    for depth, dataset in ((3, "spirals"), (8, "spirals"), (2, "sin")):
        data, history, report = _dead_run(depth, dataset, 60)
        name = f"dead depth {depth} {dataset}"
        yield f"{name} dead fraction", dead_figures.dead_figure(history)
        yield f"{name} loss", dead_figures.loss_figure(history)
        stats = layer_stats(report.network, data.x)  # type: ignore[attr-defined]
        yield f"{name} histogram", dead_figures.histogram_figure(stats[0], 0)
        if data.task == "regression":  # type: ignore[attr-defined]
            yield f"{name} regression", dead_figures.regression_figure(data, report.network)  # type: ignore[arg-type,attr-defined]
    rng = np.random.default_rng(0)
    yield (
        "dead vanishing",
        dead_figures.vanishing_figure(gradient_norms(rng, depth=20, trials=2, samples=16)),
    )
    yield (
        "dead born dead",
        dead_figures.born_dead_figure(born_dead(np.random.default_rng(0), max_depth=20, trials=40)),
    )


def every_figure(*, ascii_only: bool = False) -> list[tuple[str, PlotSpec]]:
    """(name, spec) for every figure function of every lesson."""
    return [
        *_dosage(ascii_only),
        *_puzzle(),
        *_activations(),
        *_approx(),
        *_dead(),
    ]
