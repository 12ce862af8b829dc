"""Every number in a built-in exercise's title, statement, hints and answer is the core's:
each number is extracted from the text and compared with the value the core computes (or,
for a number the exercise poses, found in its own check or start)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pytest

from relu_tui.exercises import quantities as qty
from relu_tui.exercises.course import Exercise, builtin_course
from relu_tui.lessons.activations.explained_view import layers_lesson
from relu_tui.lessons.activations.quantities import quantities as activations_quantities
from relu_tui.lessons.approx.state import FitState
from relu_tui.lessons.dead.dying import SEED_WEIGHTS, final_dead_fraction
from relu_tui.lessons.dead.quantities import DeadSnapshot
from relu_tui.lessons.dead.quantities import quantities as dead_quantities
from relu_tui.lessons.dosage.quantities import quantities as dosage_quantities
from relu_tui.lessons.dosage.state import DosageState
from relu_tui.lessons.puzzle.figures import network_kinks, unit_switches
from relu_tui.lessons.puzzle.levels import level_by_key
from relu_tui.lessons.puzzle.state import TOLERANCE, PuzzleState
from relu_tui.lessons.puzzle.units import X_RANGE
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.model import Network
from relu_tui.nn.regions import max_regions

NUMBER = re.compile(r"(?<![\w.^])-?\d+(?:\.\d+)?(?:e-?\d+)?%?|(?<=\^)-?\d+")
"""A number as texts write it: -3, 0.0316, 1e-6, 87.5%, the -5 of e^-5; not the digits of
names such as w1, relu6 or log2."""

GIVEN = object()
"""A number the exercise poses: it must appear in the exercise's check or start."""

Fact = Callable[[], float] | object


def act(name: str, x: float) -> float:
    activation = ACTIVATIONS[name]
    return float(activation(np.array([x]), **activation.defaults)[0])


def grad(name: str, x: float) -> float:
    activation = ACTIVATIONS[name]
    return float(activation.grad(np.array([x]), **activation.defaults)[0])


def with_weights(state: DosageState, weights: dict[str, float]) -> DosageState:
    for name, value in weights.items():
        state = state.with_param(name, value)
    return state


def dosage(field: str, x: float, **weights: float) -> float:
    state = with_weights(DosageState(), weights)
    return float(dosage_quantities(state)[field](x))


def weight(name: str) -> float:
    return float(DosageState().weights[name])


@cache
def dead_run(**settings: float | str) -> dict[str, float]:
    """The Dead neurons quantities after the exercise's 200 epochs (seed 0, no test share)."""
    start = qty.start_state("dead", {"epochs": 200, "seed": 0, "test_fraction": 0})
    chosen = start.settings.with_values(**settings)
    trainer = chosen.trainer()
    report = trainer.report(trainer.advance(200), done=True)
    snapshot = DeadSnapshot(chosen, start.weights, report)
    values = dead_quantities(snapshot)
    assert values["dead_fraction"] == final_dead_fraction(report)
    return values


def fit(target: str, units: int, placement: int = 0) -> FitState:
    return qty.start_state("approx", {"target": target, "units": units}).with_param(
        "placement", placement
    )


def bump_peak_x(**weights: float) -> float:
    state = with_weights(replace(DosageState(), stage=7), weights)
    return float(dosage_quantities(state)["bump_peak_x"])


def z3_top(b3: float) -> float:
    return dosage("z3_at", 0.5, b3=b3)


def largest_gelu_negative() -> float:
    """The most negative x (to 0.1) with GELU(x) < 0 in float64."""
    xs = np.round(np.arange(-45.0, 0.0, 0.1), 1)
    below = xs[[act("gelu", float(x)) < 0 for x in xs]]
    return float(below.min())


FACTS: dict[str, dict[str, Fact]] = {
    "relu-slope-negative": {"-3": GIVEN, "0": lambda: grad("relu", -3)},
    "sigmoid-five": {
        "5": GIVEN,
        "1": lambda: 1.0,  # the formula's own 1s
        "-5": lambda: -5.0,
        "3": lambda: 3.0,  # decimals asked for, matched by the check's ± 0.0005
        "0.0067": lambda: math.exp(-5),
        "1.0067": lambda: 1 + math.exp(-5),
        "0.993": lambda: act("sigmoid", 5),
    },
    "relu-passes-unchanged": {
        "5": GIVEN,
        "2": GIVEN,
        "0": lambda: act("relu", 0),
        "-3": GIVEN,
        "-10": GIVEN,
        "3": lambda: float(
            activations_quantities(qty.start_state("activations", _START["relu-passes-unchanged"]))[
                "relu_unchanged"
            ]
        ),
    },
    "gelu-below-zero": {
        "0": lambda: 0.0,
        "-38.5": largest_gelu_negative,
        "-1": lambda: -1.0,
        "-0.159": lambda: act("gelu", -1),
        "-0.0": lambda: act("gelu", -38.6),
    },
    "relu-not-homogeneous": {
        "0": lambda: act("relu", -1),
        "-1": lambda: -1 * act("relu", 1),
        "1": lambda: 1.0,
    },
    "leaky-at-minus-ten": {
        "-10": GIVEN,
        "0": lambda: 0.0,
        "0.01": lambda: ACTIVATIONS["leaky_relu"].defaults["negative_slope"],
        "-0.1": lambda: act("leaky_relu", -10),
    },
    "sigmoid-steepest": {
        "0": lambda: 0.0,
        "1": lambda: 1.0,
        "0.5": lambda: act("sigmoid", 0),
        "0.25": lambda: grad("sigmoid", 0),
        "4": lambda: 1 / grad("sigmoid", 0),
    },
    "zero-gradient-negatives": {
        "0": lambda: max(abs(grad("relu", -3)), abs(grad("relu", -10))),
        "-3": GIVEN,
        "-10": GIVEN,
        "0.01": lambda: grad("leaky_relu", -3),
    },
    "dosage-stage-sum": {
        "2": lambda: 2.0,
        "4": lambda: 4.0,
        "5": lambda: _stage_of_sum(),
        "1": GIVEN,
    },
    "dosage-output-06": {
        "0.6": GIVEN,
        "0": lambda: dosage("output_at", 0.6),
        "-2.524": lambda: dosage("z3_at", 0.6),
    },
    "dosage-z3-05": {
        "0.5": GIVEN,
        "2": lambda: 2.0,  # decimals asked for
        "1.7": lambda: weight("w1"),
        "-0.85": lambda: weight("b1"),
        "0.85": lambda: -weight("b1"),
        "0": lambda: dosage("a1_at", 0.5),
        "12.6": lambda: weight("w2"),
        "6.3": lambda: dosage("a2_at", 0.5),
        "17.01": lambda: weight("w4") * dosage("a2_at", 0.5),
        "1.01": lambda: dosage("z3_at", 0.5),
        "2.7": lambda: weight("w4"),
        "-16": lambda: weight("b3"),
        "16": lambda: -weight("b3"),
    },
    "dosage-a2-02": {
        "0.2": GIVEN,
        "2": lambda: 2.0,  # decimals asked for
        "12.6": lambda: weight("w2"),
        "0": lambda: weight("b2"),
        "2.52": lambda: dosage("a2_at", 0.2),
    },
    "dosage-zero-output-a2-on": {
        "0": lambda: 0.0,
        "12.6": lambda: weight("w2"),
        "0.5": lambda: bump_peak_x(),
        "0.4703": lambda: _zero_edge(0.0, 0.5),
        "0.5286": lambda: _zero_edge(1.0, 0.5),
        "0.2": lambda: 0.2 if dosage("output_at", 0.2) == 0 < dosage("a2_at", 0.2) else math.nan,
    },
    "dosage-bump-07": {
        "0.7": GIVEN,
        "0.01": GIVEN,
        "0.5": lambda: bump_peak_x(),
        "-1.2": lambda: -1.2,
        "0.706": lambda: bump_peak_x(b1=-1.2),
        "1.2": lambda: 1.2,
        "0.708": lambda: bump_peak_x(w1=1.2),
    },
    "dosage-flatten-b3": {
        "0": lambda: max(dosage("output_at", x, b3=-17.01) for x in np.linspace(0, 1, 201)),
        "1": lambda: 1.0,
        "1.01": lambda: z3_top(weight("b3")),
        "0.5": lambda: bump_peak_x(),
        "-17.01": lambda: weight("b3") - z3_top(weight("b3")),
        "-17.1": lambda: -17.1,
        "-0.09": lambda: z3_top(-17.1),
    },
    "dosage-positive-at-one": {
        "1.0": GIVEN,
        "1": GIVEN,
        "-40.8": lambda: weight("w3"),
        "0.85": lambda: act("relu", weight("w1") + weight("b1")),
        "2.7": lambda: weight("w4"),
        "12.6": lambda: weight("w2"),
        "-16": lambda: weight("b3"),
        "16": lambda: -weight("b3"),
        "0": lambda: 0.0,
        "-16.66": lambda: dosage("z3_at", 1.0),
        "0.7": lambda: 0.7 if dosage("output_at", 1.0, b3=0.7) > 0 else math.nan,
        "0.04": lambda: dosage("z3_at", 1.0, b3=0.7),
        "4.0222": lambda: _root(lambda w4: dosage("z3_at", 1.0, w4=w4), 2.7, 10.0),
        "-1.2583": lambda: _root(lambda b1: dosage("z3_at", 1.0, b1=b1), -5.0, -0.85),
    },
    "dead-neuron-z": {
        "-5": GIVEN,
        "-3": GIVEN,
        "-2": GIVEN,
        "1": GIVEN,
        "-10": lambda: float(dead_quantities(qty.start_state("dead", {}))["neuron_z"]),
        "0": lambda: grad("relu", -10),
    },
    "dead-revive": {
        "-5": GIVEN,
        "-3": GIVEN,
        "-2": GIVEN,
        "0": lambda: grad("relu", 0),
        "1": GIVEN,
        "5.5": lambda: 5.5,
        "5": lambda: -SEED_WEIGHTS[0],
        "0.5": lambda: 5.5 + sum(SEED_WEIGHTS[1:]),
    },
    "dead-lr-kills-half": {
        "200": GIVEN,
        "0": GIVEN,
        "3.16": lambda: math.sqrt(10),
        "0.1": lambda: 0.1,
        "58.3%": lambda: dead_run(lr=0.1)["dead_fraction"],
        "0.0316": lambda: 0.0316,
        "31.2%": lambda: dead_run(lr=0.0316)["dead_fraction"],
    },
    "dead-spirals-alive": {
        "0.1": GIVEN,
        "200": GIVEN,
        "0": GIVEN,
        "0.01": lambda: grad("leaky_relu", -1),
        "0.0316": lambda: 0.0316,
        "0.0104": lambda: dead_run(lr=0.0316, activation="leaky_relu")["loss"],
        "0.0101": lambda: dead_run(lr=0.01, activation="leaky_relu")["loss"],
    },
    "approx-sin-fewest": {
        "0.01": GIVEN,
        "10": GIVEN,
        "0.0089": lambda: fit("sin x", 10).fit.rmse,
        "0.0071": lambda: fit("sin x", 10, 1).fit.rmse,
        "9": lambda: 9.0,
        "0.0108": lambda: fit("sin x", 9).fit.rmse,
    },
    "approx-square-max-error": {
        "-2": lambda: fit("x²", 16).target.lo,
        "2": lambda: fit("x²", 16).target.hi,
        "0.01": GIVEN,
        "4": lambda: fit("x²", 8).fit.max_error / fit("x²", 16).fit.max_error,
        "10": lambda: 10.0,
        "20": lambda: 20.0,
        "16": GIVEN,
        "0.0092": lambda: fit("x²", 16).fit.max_error,
        "15": lambda: 15.0 if fit("x²", 15).fit.max_error >= 0.01 else math.nan,
    },
    "approx-one-unit-exact": {
        "1": GIVEN,
        "1e-6": lambda: 1e-6,
        "-2": lambda: fit("|x|", 1).target.lo,
        "2": lambda: fit("|x|", 1).target.hi,
        "0": lambda: (fit("|x|", 1).target.lo + fit("|x|", 1).target.hi) / 2,
    },
    "explained-one-layer": {
        "2": lambda: float(layers_lesson(0).w.shape[0]),
        "3": lambda: float(layers_lesson(0).w1.shape[0]),
        "1": lambda: 1.0,  # the names W1, b1 as written with a space-free index
        "6": lambda: activations_quantities(qty.start_state("activations", {}))[
            "single_layer_params"
        ],
        "4": lambda: float(layers_lesson(0).w.size),
    },
    "explained-break-the-midpoint": {
        "1": lambda: 1.0,
        "2": lambda: 2.0,  # the midpoint's /2
        "0.08": lambda: layers_lesson(0).midpoint_gap[1],
    },
    "maps-pick-a-dead-unit": {"200": GIVEN, "0.1": GIVEN, "0": GIVEN},
    "maps-read-the-line": {
        "50": GIVEN,
        "1": GIVEN,
        "0": GIVEN,
        "2": lambda: 2.0,  # decimals asked for, matched by the check's ± 0.01
    },
    "regions-through-the-origin": {
        "6": GIVEN,
        "0": lambda: float(np.abs(_dead_start("regions-through-the-origin").biases[0]).max()),
        "2": lambda: _dead_quantity("regions-through-the-origin", "regions") / 6,
        "12": lambda: _dead_quantity("regions-through-the-origin", "regions"),
        "22": lambda: _dead_quantity("regions-through-the-origin", "regions_max"),
    },
    "regions-most-for-six": {
        "6": GIVEN,
        "1": lambda: 1.0,  # the formula's own 1s and 2
        "2": lambda: 2.0,
        "22": lambda: _dead_quantity("regions-most-for-six", "regions_max"),
        "15": lambda: math.comb(6, 2),
    },
    "regions-depth-beats-width": {
        "12": GIVEN,
        "79": lambda: max_regions(2, (12,)),
        "4": lambda: 316 / max_regions(2, (12,)),
        "6": lambda: 6.0,
        "2": lambda: 2.0,
        "3": lambda: 3.0,
        "484": lambda: max_regions(2, (6, 6)),
        "1331": lambda: max_regions(2, (4, 4, 4)),
        "1024": lambda: max_regions(2, (3, 3, 3, 3)),
    },
    "kinks-three-switches-two-bends": {  # each number's other uses: see the test below
        "7": GIVEN,
        "0": lambda: X_RANGE[0],
        "3": lambda: network_kinks(_level_7_solved()).pieces,
        "1": lambda: _level_7_switch(0),
        "2": lambda: network_kinks(_level_7_solved()).in_range.size,
    },
    "kinks-sum-pieces": {
        "7": GIVEN,
        "2": lambda: fit("x²", 7).target.hi,
        "-2": lambda: fit("x²", 7).target.lo,
        "1": lambda: 1.0,
        "8": lambda: fit("x²", 7).fit.kinks.pieces,
        "0": lambda: float(np.sort(fit("sin x", 7).fit.model.knots)[3]),
    },
    "kinks-hinges-that-bend-nothing": {
        "10": GIVEN,
        "0": lambda: float(np.abs(_line_fit().model.weights).max()),
        "1": lambda: _line_fit().kinks.pieces,
        "2": lambda: _line_fit().kinks.tail[0],
    },
}
"""Each built-in exercise's numbers, as written, and where the core says they come from."""


def _dead_start(exercise_id: str) -> Network:
    start = next(e.start for e in builtin_course().exercises if e.id == exercise_id)
    return qty.start_state("dead", start).report.network


def _dead_quantity(exercise_id: str, name: str) -> float:
    start = next(e.start for e in builtin_course().exercises if e.id == exercise_id)
    return float(dead_quantities(qty.start_state("dead", start))[name])


def _level_7_solved() -> PuzzleState:
    state = PuzzleState.of(level_by_key("7"))
    for name, value in state.level.solution().items():
        state = state.with_param(name, value)
    return state


def _level_7_switch(unit: int) -> float:
    w, b, _ = _level_7_solved().units()[unit]
    return -b / w


def _line_fit() -> Any:
    return fit("sin x", 10).with_expression("2*x + 1").fit


_START = {e.id: dict(e.start) for e in builtin_course().exercises}


def _stage_of_sum() -> float:
    from relu_tui.lessons.dosage.stages import stages

    return float(next(s.number for s in stages() if s.title == "Add the two paths"))


def _root(function: Callable[[float], float], low: float, high: float) -> float:
    """Where `function` crosses 0 between low and high (bisection)."""
    f_low = function(low)
    for _ in range(80):
        middle = (low + high) / 2
        if (function(middle) > 0) == (f_low > 0):
            low, f_low = middle, function(middle)
        else:
            high = middle
    return (low + high) / 2


def _zero_edge(outside: float, inside: float) -> float:
    return _root(lambda x: dosage("z3_at", x), outside, inside)


def _texts(exercise: Exercise) -> str:
    return " ".join((exercise.title, exercise.statement, *exercise.hints, exercise.answer))


def _posed(exercise: Exercise) -> set[float]:
    numbers = {float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", exercise.check.text)}
    for value in exercise.start.values():
        if isinstance(value, int | float):
            numbers.add(float(value))
        elif isinstance(value, str):
            numbers |= {float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", value)}
    if exercise.screen == "dead":  # the Neuron view's seed weights and inputs
        from relu_tui.lessons.dead.dying import SEED_INPUTS, SEED_WEIGHTS

        numbers |= {float(w) for w in SEED_WEIGHTS} | {float(x) for x in np.ravel(SEED_INPUTS)}
    return numbers


def _agrees(written: str, value: float) -> bool:
    """`value` shown as `written` is (to the decimals written, percent as written)."""
    text = written.rstrip("%")
    if written.endswith("%"):
        value *= 100
    if "e" in text:
        return math.isclose(float(text), value, rel_tol=1e-12)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(value - float(text)) <= 0.5 * 10.0**-decimals + 1e-12


BUILT_IN = [e for e in builtin_course().exercises if e.level is None]


def test_every_built_in_exercise_has_its_numbers_checked() -> None:
    assert {e.id for e in BUILT_IN} == set(FACTS)


@pytest.mark.parametrize("exercise", BUILT_IN, ids=lambda e: e.id)
def test_every_number_in_the_texts_is_the_cores(exercise: Exercise) -> None:
    """Each number written is known, and the core's value shows as written; a number the
    exercise poses is in its check or start."""
    facts = FACTS[exercise.id]
    written = NUMBER.findall(_texts(exercise))
    unknown = sorted(set(written) - set(facts))
    assert not unknown, f"{exercise.id}: numbers not checked against the core: {unknown}"
    posed = _posed(exercise)
    for number in set(written):
        fact = facts[number]
        if fact is GIVEN:
            assert float(number.rstrip("%")) in posed, f"{exercise.id}: {number} is not posed"
            continue
        value = float(fact())  # type: ignore[operator]
        assert _agrees(number, value), f"{exercise.id}: text says {number}, core {value!r}"


def test_the_puzzle_levels_state_the_puzzles_tolerance() -> None:
    """The Puzzle levels' statements give the tolerance the Puzzle judges with."""
    for exercise in builtin_course().exercises:
        if exercise.level is not None:
            assert f"max error <= {TOLERANCE:g}" in exercise.statement


def test_the_five_activations_the_answer_names_are_exactly_those_with_zero_gradient() -> None:
    """zero-gradient-negatives: every activation whose gradient is 0 at -3 and -10."""
    exercise = next(e for e in BUILT_IN if e.id == "zero-gradient-negatives")
    zero = {n for n in ACTIVATIONS if grad(n, -3) == 0 and grad(n, -10) == 0}
    named = set(re.findall(r"[a-z_0-9]+", exercise.answer)) & set(ACTIVATIONS)
    assert named == zero


def _judged(exercise_id: str, state: object, answers: tuple[float, ...] = ()) -> bool:
    from relu_tui.exercises.attempt import judge

    exercise = next(e for e in BUILT_IN if e.id == exercise_id)
    start = qty.start_state(exercise.screen, exercise.start)
    return judge(exercise, state, start, answers).solved


def test_the_gelu_answer_gives_the_edge_the_check_sees() -> None:
    """'from -38.5 up to 0': -38.5 is accepted, -38.6 (GELU = -0.0) and 0 are not."""
    state = qty.start_state("activations", _START["gelu-below-zero"])
    assert _judged("gelu-below-zero", state, (-38.5,))
    assert not _judged("gelu-below-zero", state, (-38.6,))
    assert not _judged("gelu-below-zero", state, (0.0,))


def test_the_flatten_hint_is_right_at_its_edge() -> None:
    """'b3 at or below -17.01': -17.01 itself flattens the output, -17 does not."""
    start = qty.start_state("dosage", _START["dosage-flatten-b3"])
    assert _judged("dosage-flatten-b3", start.with_param("b3", -17.01))
    assert not _judged("dosage-flatten-b3", start.with_param("b3", -17.0))


def test_the_three_switches_answer_is_level_7s_solution() -> None:
    """'units 0 and 1 at x = 1 and unit 2 at x = 2, so 2 kinks and 3 pieces' on [0, 3]:
    the solution's switches, kinks and pieces as the core finds them."""
    solved = _level_7_solved()
    assert X_RANGE == (0.0, 3.0)
    assert [_level_7_switch(unit) for unit in range(3)] == [1.0, 1.0, 2.0]
    assert unit_switches(solved).tolist() == [1.0, 1.0, 2.0]
    found = network_kinks(solved)
    assert found.in_range.tolist() == [1.0, 2.0] and found.pieces == 3
    assert _judged("kinks-three-switches-two-bends", solved)
