"""What exercise checks may read on Dead neurons: the neuron, the controls, the current
run, its unit maps and regions.

Named by the lesson's description (`quantities=`), read by `exercises.quantities`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from relu_tui.lessons.quantity import Quantity, quantity_lines


@dataclass(frozen=True, eq=False)
class DeadSnapshot:
    """The Dead neurons screen's state, as checks see it.

    Attributes:
        settings: the simulator's controls.
        weights: the Neuron view's three weights.
        report: the current run's latest report (epoch, loss, dead fractions).
        view, layer, unit: the view in front, and the Unit maps view's layer and unit.
    """

    settings: Any
    weights: tuple[float, ...]
    report: Any
    view: str = "neuron"
    layer: int = 0
    unit: int = 0


def check_state(state: Any) -> DeadSnapshot:
    """The screen's `DeadState` as checks see it."""
    return DeadSnapshot(state.settings, tuple(state.weights), state.snapshot.report, state.view)


QUANTITIES: tuple[Quantity, ...] = (
    *quantity_lines(
        "flag",
        """
        neuron_dead: the Neuron view's neuron is dead (z <= 0)
        diverged: the run diverged
    """,
    ),
    *quantity_lines(
        "text",
        """
        activation: the hidden activation (torch name)
        optimizer: "sgd", "momentum" or "adam"
        dataset: the task's name
    """,
    ),
    *quantity_lines(
        "number",
        """
        neuron_z: the Neuron view's pre-activation z
        changed_weights: how many of the neuron's weights differ from the start
        lr: the learning rate
        depth: hidden layers
        width: units per hidden layer
        seed: the seed
        epoch_limit: the epochs setting
        epochs: epochs trained in the current run
        dead_fraction: the fraction of all hidden units that are dead now
        loss: the current run's loss
        regions: exact count of linear regions in the data's window (-1: not defined)
        regions_grid: distinct on/off patterns on a 120 x 120 grid (a lower bound; -1: none)
        regions_max: the most regions the architecture can make (Serra et al. 2018; -1: none)
        map_layer: the layer the Unit maps view shows (1 = first hidden layer)
        map_unit: the unit the Unit maps view draws large (1 = first)
        unit_x1_crossing: where the large map's layer-1 zero line crosses x2 = 0 (nan: none)
    """,
    ),
    *quantity_lines(
        "flag",
        """
        unit_dead: the unit the Unit maps view draws large is dead on the data
    """,
    ),
    *quantity_lines(
        "text", 'view: the view in front: "neuron", "train", "units", "maps", "regions", ...'
    ),
)
"""What checks on this screen may read, with a line on each (shown in the README and help)."""


def quantities(state: DeadSnapshot, start: DeadSnapshot | None = None) -> dict[str, Any]:
    """The Dead neurons screen: the neuron, the controls and the current run."""
    from relu_tui.lessons.dead.dying import SEED_INPUTS, final_dead_fraction, single_neuron

    settings, report = state.settings, state.report
    neuron = single_neuron(tuple(state.weights), SEED_INPUTS)
    before = start.weights if start is not None else state.weights
    changed = sum(1 for a, b in zip(state.weights, before, strict=True) if a != b)
    return {
        "neuron_z": neuron.z,
        "neuron_dead": bool(neuron.dead),
        "changed_weights": float(changed),
        "activation": settings.activation,
        "optimizer": settings.optimizer_name,
        "dataset": settings.dataset_name,
        "lr": settings.lr,
        "depth": float(settings.depth),
        "width": float(settings.width),
        "seed": float(settings.seed),
        "epoch_limit": float(settings.epochs),
        "epochs": float(report.epoch),
        "dead_fraction": final_dead_fraction(report),
        "loss": float(report.loss),
        "diverged": bool(report.diverged),
        "view": state.view,
        **_insight(state),
    }


def _insight(state: DeadSnapshot) -> dict[str, Any]:
    """The Unit maps and Linear regions quantities of the run's current network."""
    from relu_tui.lessons.dead.dying import layer_stats
    from relu_tui.lessons.dead.regions_view import read_regions

    network = state.report.network
    data = state.settings.dataset()
    reading = read_regions(network, data)
    stats = layer_stats(network, data.x)
    layer = min(state.layer, len(stats) - 1)
    unit = min(state.unit, stats[layer].dead.size - 1)
    crossing = math.nan
    if layer == 0 and network.arch.sizes[0] == 2 and not network.arch.features:
        w1 = float(network.weights[0][unit][0])
        if w1 != 0:
            crossing = -float(network.biases[0][unit]) / w1
    count = reading.regions.count if reading.regions is not None else -1
    return {
        "regions": float(count),
        "regions_grid": float(reading.sampled),
        "regions_max": float(reading.bound) if reading.bound is not None else -1.0,
        "map_layer": float(layer + 1),
        "map_unit": float(unit + 1),
        "unit_x1_crossing": crossing,
        "unit_dead": bool(stats[layer].dead[unit]),
    }
