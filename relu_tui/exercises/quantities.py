"""What each screen exposes to exercise checks: named quantities computed from its core state.

Pure functions of the core state objects (`ActivationsState`, `DosageState`, `PuzzleState`,
`DeadSnapshot`, `FitState`), never of what a screen draws. Every setting of the lesson (its
description, `lessons/<name>/lesson.py`) is a quantity too, with `changed_settings`, so a
check can pin what the exercise does not ask to change. An exercise's start is the
lesson's full settings, and its state is built by the lesson's own `state_from`
(`start_state`), so a course's exercises can be judged, and tested, without any UI.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np

from relu_tui.base.parse import InputError
from relu_tui.lessons.catalog import LESSONS
from relu_tui.lessons.lesson import Setting, TextSetting, parse_setting, setting_text
from relu_tui.nn.activations import ACTIVATIONS

SCREENS = tuple(LESSONS)
"""The screens exercises run on (the lessons), in the course's order."""


@dataclass(frozen=True)
class Quantity:
    """A name a check may use: a number, a text, a flag (yes/no) or a function of numbers."""

    name: str
    kind: str
    """'number', 'text', 'flag' or 'function'."""
    doc: str
    arity: int = 0


def _q(kind: str, entries: str) -> tuple[Quantity, ...]:
    """Quantities from lines 'name: what it is'."""
    out = []
    for line in entries.strip().splitlines():
        name, _, doc = line.partition(":")
        out.append(Quantity(name.strip(), kind, doc.strip()))
    return tuple(out)


def _f(arity: int, entries: str) -> tuple[Quantity, ...]:
    return tuple(Quantity(q.name, "function", q.doc, arity) for q in _q("function", entries))


FUNCTIONS: tuple[Quantity, ...] = (
    *(Quantity(name, "function", f"{name}(x) with torch's defaults", 1) for name in ACTIVATIONS),
    *(
        Quantity(f"{name}_grad", "function", f"the gradient of {name} at x", 1)
        for name in ACTIVATIONS
    ),
    *_f(1, "abs: |x|\nsqrt: the square root"),
    *_f(2, "min: the smaller of two numbers\nmax: the larger of two numbers"),
)
"""Functions every screen's checks may call."""

QUANTITIES: dict[str, tuple[Quantity, ...]] = {
    "activations": (
        *_q(
            "text",
            """
            highlighted: the highlighted activation's name (e.g. "relu")
            view: the view in front: "table", "compare", "why", "linear" or "explained"
        """,
        ),
        *_q(
            "flag",
            """
            show_grad: the table shows gradients (g)
            relu_between: ReLU sits between the ReLU Explained view's two layers (b)
        """,
        ),
        *_q(
            "number",
            """
            midpoint_gap: the ReLU Explained layers' largest midpoint-test gap, as composed now
            single_layer_params: weights and biases of the one layer two stacked layers equal
        """,
        ),
        *_q(
            "number",
            """
            inputs_count: how many inputs the table has
            negative_inputs: how many of the inputs are below 0
            min_input: the smallest input
            max_input: the largest input
            min_output: the highlighted activation's smallest value on the inputs
            max_output: the highlighted activation's largest value on the inputs
            min_grad: the highlighted activation's smallest gradient on the inputs
            max_grad: the highlighted activation's largest gradient on the inputs
            neg_grad_max: the highlighted activation's largest |gradient| on negative inputs
            relu_unchanged: how many inputs ReLU passes unchanged (ReLU(x) = x)
        """,
        ),
    ),
    "dosage": (
        *_q(
            "text",
            """
            activation: "relu" or "softplus"
            changed: the weights that differ from the start, e.g. "b1" or "w1 b3"
        """,
        ),
        *_q(
            "number",
            """
            stage: the stage shown, 1-7
            probe: the probe's dosage
            probe_y: the output at the probe
            probe_a2: a2 at the probe
            w1: top node's weight
            b1: top node's bias
            w2: bottom node's weight
            b2: bottom node's bias
            w3: weight from the top node to the output
            w4: weight from the bottom node to the output
            b3: output bias
            bump_peak_x: the dosage where the output is highest (on the range)
            bump_peak_y: the highest output on the range
            bump_width: how long the dosage range is where the output is above 0
            changed_weights: how many of w1 b1 w2 b2 w3 w4 b3 differ from the start
        """,
        ),
        *_f(
            1,
            """
            output_at: the output y at a dosage
            a1_at: the top node's a1 at a dosage
            a2_at: the bottom node's a2 at a dosage
            z3_at: the summed signal before the last activation at a dosage
        """,
        ),
    ),
    "puzzle": (
        *_q(
            "flag",
            """
            solved: the target is matched (max error <= 0.05), not revealed
            revealed: the solution was shown
        """,
        ),
        *_q("text", "level: the level's key"),
        *_q(
            "number",
            """
            max_error: the largest gap between output and target
            presses: key presses on this level
            hints_shown: hints shown on this level
            kinks: where the network's output bends inside [0, 3], counted
            switching: units that switch inside [0, 3] (two at one x count 2)
            pieces: the network's linear pieces on [0, 3]
            tail_slope: the network's slope beyond its last kink
        """,
        ),
    ),
    "dead": (
        *_q(
            "flag",
            """
            neuron_dead: the Neuron view's neuron is dead (z <= 0)
            diverged: the run diverged
        """,
        ),
        *_q(
            "text",
            """
            activation: the hidden activation (torch name)
            optimizer: "sgd", "momentum" or "adam"
            dataset: the task's name
        """,
        ),
        *_q(
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
        *_q(
            "flag",
            """
            unit_dead: the unit the Unit maps view draws large is dead on the data
        """,
        ),
        *_q("text", 'view: the view in front: "neuron", "train", "units", "maps", "regions", ...'),
    ),
    "approx": (
        *_q(
            "text",
            """
            target: the target's name (a preset such as "sin x", or the typed expression)
            placement: "even" or "curvature"
        """,
        ),
        *_q(
            "number",
            """
            units: N, the number of shifted ReLUs
            lo: the interval's left end
            hi: the interval's right end
            rmse: root-mean-square error of the fit
            max_error: largest error of the fit
            hinges: hinges (kinks) of the ReLU sum inside the interval
            pieces: linear pieces of the ReLU sum on the interval
        """,
        ),
    ),
}
"""What each screen exposes to checks, with a line on each (shown in the README and help)."""


def _setting_kind(setting: Setting) -> type:
    if isinstance(setting, TextSetting) or setting.choices:
        return str
    return int if setting.integer else float


def start_keys(screen: str) -> dict[str, type]:
    """The settings an exercise's start may name on `screen` (its lesson's), with their type."""
    return {s.name: _setting_kind(s) for s in LESSONS[screen].setting_list()}


@lru_cache(maxsize=8)
def _setting_quantities(screen: str) -> tuple[Quantity, ...]:
    """Every setting of the lesson as a quantity (where the lesson has no quantity of that
    name), and `changed_settings`."""
    own = {q.name for q in QUANTITIES[screen]}
    out = [
        Quantity(
            s.name,
            "text" if _setting_kind(s) is str else "number",
            f"the {s.name} setting (--{s.option}): {s.help}",
        )
        for s in LESSONS[screen].setting_list()
        if s.name not in own
    ]
    out.append(
        Quantity(
            "changed_settings",
            "text",
            'the settings that differ from the start, in the lesson\'s order, e.g. "lr" or '
            '"activation lr" ("" when none)',
        )
    )
    return tuple(out)


@lru_cache(maxsize=8)
def names(screen: str) -> dict[str, Quantity]:
    """Every name a check on `screen` may use: its quantities, its settings and the
    functions."""
    return {q.name: q for q in (*QUANTITIES[screen], *_setting_quantities(screen), *FUNCTIONS)}


def check_start(screen: str, start: Mapping[str, Any]) -> dict[str, Any]:
    """Validate an exercise's start for `screen` and pin it: every setting of the lesson,
    the ones not named at their defaults (so a later change of a default cannot change
    what an exercise asks). The state is built once, to be sure.

    Raises:
        InputError: a setting the lesson does not have, of the wrong type, or unusable.
    """
    allowed = start_keys(screen)
    lesson = LESSONS[screen]
    clean: dict[str, Any] = {}
    for key, value in start.items():
        if key not in allowed:
            raise InputError(
                f"'{key}' is not a starting option of the {screen} screen "
                f"(it takes: {', '.join(allowed)})"
            )
        kind = allowed[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = setting_text(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            what = {int: "a whole number", float: "a number", str: "a quoted text"}[kind]
            raise InputError(f"{key} must be {what}")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"{key} must be finite")
        setting = lesson.setting(key)
        if not isinstance(setting, TextSetting):
            try:
                text = value if isinstance(value, str) else setting_text(cast(float, value))
                value = parse_setting(setting, text)
            except InputError as error:
                raise InputError(f"{key}: {error}") from None
        clean[key] = value
    pinned = lesson.full(clean)
    try:
        start_state(screen, pinned)
    except (KeyError, ValueError) as error:
        message = str(error) if isinstance(error, InputError) else f"unusable: {error}"
        raise InputError(message) from None
    return pinned


# --------------------------------------------------------------------------- starting states


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


def start_state(screen: str, start: Mapping[str, Any]) -> Any:
    """The core state `screen` opens in with these settings (defaults where absent), built
    by the lesson's own `state_from`, as checks see it.

    Raises:
        InputError: a setting value the lesson refuses (unknown level, bad target...).
    """
    state = LESSONS[screen].state_from(start)
    if screen == "dead":
        return DeadSnapshot(state.settings, tuple(state.weights), state.snapshot.report, state.view)
    if screen == "approx":
        return state.fit
    return state


# --------------------------------------------------------------------------- quantities


def _scalar(function: Callable[..., Any], **kwargs: Any) -> Callable[[float], float]:
    def at(x: float) -> float:
        with np.errstate(all="ignore"):
            return float(np.asarray(function(np.array([float(x)]), **kwargs))[0])

    return at


@lru_cache(maxsize=1)
def _functions() -> dict[str, Callable[..., float]]:
    table: dict[str, Callable[..., float]] = {}
    for name, act in ACTIVATIONS.items():
        table[name] = _scalar(act, **act.defaults)
        table[f"{name}_grad"] = _scalar(act.grad, **act.defaults)
    table["abs"] = abs
    table["sqrt"] = _sqrt
    table["min"] = min
    table["max"] = max
    return table


def _sqrt(x: float) -> float:
    if x < 0:
        raise InputError(f"sqrt of a negative number ({x:g})")
    return math.sqrt(x)


def quantities(screen: str, state: Any, start: Any) -> dict[str, Any]:
    """Every quantity of `screen` for its current core `state`, and the functions.

    Args:
        screen: one of SCREENS.
        state: the screen's core state (see the module docstring for the type per screen).
        start: the state the exercise started from (for "changed" counts).
    """
    values: dict[str, Any] = dict(_functions())
    lesson = LESSONS[screen]
    settings = lesson.settings_of(state)
    before = lesson.settings_of(start) if start is not None else settings
    own = {q.name for q in QUANTITIES[screen]}
    for name, value in settings.items():
        if name not in own:
            values[name] = value if isinstance(value, str) else float(value)
    values["changed_settings"] = " ".join(lesson.changed(settings, before))
    values.update(_QUANTITIES[screen](state, start))
    return values


def activations(state: Any, start: Any = None) -> dict[str, Any]:
    """The Activations screen: the highlighted activation on the table's inputs."""
    x = np.asarray(state.inputs, dtype=np.float64)
    act = state.activation()
    kwargs = state.kwargs()
    with np.errstate(all="ignore"):
        y = act(x, **kwargs)
        g = act.grad(x, **kwargs)
    negative = x < 0
    return {
        "highlighted": state.highlighted,
        "view": state.view,
        "show_grad": bool(state.show_grad),
        "inputs_count": float(x.size),
        "negative_inputs": float(np.sum(negative)),
        "min_input": float(np.min(x)),
        "max_input": float(np.max(x)),
        "min_output": float(np.min(y)),
        "max_output": float(np.max(y)),
        "min_grad": float(np.min(g)),
        "max_grad": float(np.max(g)),
        "neg_grad_max": float(np.max(np.abs(g[negative]))) if negative.any() else 0.0,
        "relu_unchanged": float(np.sum(np.maximum(x, 0.0) == x)),
        **_explained(state),
    }


def _explained(state: Any) -> dict[str, Any]:
    """The ReLU Explained view's two layers as composed now."""
    from relu_tui.lessons.activations.explained_view import layers_lesson

    lesson = layers_lesson(state.layers_seed)
    linear_gap, relu_gap = lesson.midpoint_gap
    return {
        "relu_between": bool(state.relu_between),
        "midpoint_gap": relu_gap if state.relu_between else linear_gap,
        "single_layer_params": float(lesson.w.size + lesson.b.size),
    }


def dosage(state: Any, start: Any = None) -> dict[str, Any]:
    """The Dosage screen: weights, the bump over the dosage range, the probe."""
    from relu_tui.lessons.dosage.state import WEIGHT_NAMES, find_bump, forward, probe_values

    weights = state.weights
    low, high = state.x_range
    bump = find_bump(weights, low, high, state.activation)
    before = start.weights if start is not None else weights
    changed = [name for name in WEIGHT_NAMES if weights[name] != before[name]]
    probe = probe_values(state)

    def node(field: str) -> Callable[[float], float]:
        def at(x: float) -> float:
            nodes = forward(weights, np.array([float(x)]), state.activation)
            return float(getattr(nodes, field)[0])

        return at

    return {
        **{name: weights[name] for name in WEIGHT_NAMES},
        "activation": state.activation,
        "stage": float(state.stage),
        "probe": state.probe,
        "probe_y": probe["y"],
        "probe_a2": probe["a2"],
        "bump_peak_x": bump.peak_x,
        "bump_peak_y": max(bump.peak_y, 0.0),
        "bump_width": float(sum(b - a for a, b in bump.intervals)),
        "changed_weights": float(len(changed)),
        "changed": " ".join(changed),
        "output_at": node("y"),
        "a1_at": node("a1"),
        "a2_at": node("a2"),
        "z3_at": node("z3"),
    }


def puzzle(state: Any, start: Any = None) -> dict[str, Any]:
    """The Puzzle screen: solved, revealed, the error, key presses."""
    return {
        "solved": bool(state.solved),
        "revealed": bool(state.revealed),
        "level": state.level.key,
        "max_error": state.score().max_error,
        "presses": float(state.presses),
        "hints_shown": float(state.hints_shown),
        **_puzzle_kinks(state),
    }


def _puzzle_kinks(state: Any) -> dict[str, Any]:
    from relu_tui.lessons.puzzle.figures import network_kinks, unit_switches

    found = network_kinks(state)
    return {
        "kinks": float(found.in_range.size),
        "switching": float(unit_switches(state).size),
        "pieces": float(found.pieces),
        "tail_slope": found.tail[0],
    }


def dead(state: DeadSnapshot, start: DeadSnapshot | None = None) -> dict[str, Any]:
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


def approx(state: Any, start: Any = None) -> dict[str, Any]:
    """The Approximation screen's fit mode: target, N, knots and the fit's errors."""
    fit = state.fit
    return {
        "target": state.target.name,
        "placement": state.placement,
        "units": float(state.units),
        "lo": state.target.lo,
        "hi": state.target.hi,
        "rmse": fit.rmse,
        "max_error": fit.max_error,
        "hinges": float(fit.kinks.in_range.size),
        "pieces": float(fit.kinks.pieces),
    }


_QUANTITIES: dict[str, Callable[[Any, Any], dict[str, Any]]] = {
    "activations": activations,
    "dosage": dosage,
    "puzzle": puzzle,
    "dead": dead,
    "approx": approx,
}
