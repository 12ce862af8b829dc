"""The course: the check language, the TOML loader, and every built-in exercise judged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from relu_tui.exercises import quantities as qty
from relu_tui.exercises.attempt import judge
from relu_tui.exercises.check_language import MAX_CHECK_LENGTH, MAX_DEPTH, CheckError, parse_check
from relu_tui.exercises.course import (
    Course,
    builtin_course,
    load_course_file,
    parse_course,
)
from relu_tui.lessons.dead.dying import DeadSettings, layer_stats, run_settings
from relu_tui.lessons.dead.quantities import DeadSnapshot
from relu_tui.lessons.puzzle.levels import LEVELS

APPROX = qty.names("approx")
DEAD = qty.names("dead")

# --------------------------------------------------------------------------- the check language


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("rmse < 0.01 and units <= 12", {"rmse": 0.009, "units": 12.0}, True),
        ("rmse < 0.01 and units <= 12", {"rmse": 0.009, "units": 13.0}, False),
        ("rmse < 0.01 or units <= 12", {"rmse": 0.5, "units": 3.0}, True),
        ("not (units > 3)", {"units": 3.0}, True),
        ("units == 2 * 5 - 1", {"units": 9.0}, True),
        ("units ** 2 == 81", {"units": 9.0}, True),
        ("-units == -9", {"units": 9.0}, True),
        ('target == "sin x"', {"target": "sin x"}, True),
        ('target != "sin x"', {"target": "sin x"}, False),
        ("rmse == 0.7 ± 0.01", {"rmse": 0.709}, True),
        ("rmse == 0.7 +/- 0.01", {"rmse": 0.711}, False),
        ("rmse != 0.7 ± 0.01", {"rmse": 0.72}, True),
        ("rmse == 0.3", {"rmse": 0.1 + 0.2}, True),
        ("rmse − 1 ≤ 0", {"rmse": 1.0}, True),
        ("relu(units - 10) == 0", {"units": 9.0}, True),
        ("max(units, 3) == 9 and min(lo, hi) == -1", {"units": 9.0, "lo": -1.0, "hi": 1.0}, True),
    ],
)
def test_checks_evaluate_like_their_arithmetic(
    text: str, values: dict[str, Any], expected: bool
) -> None:
    """Comparisons, ±, and/or/not, arithmetic and functions give the expected truth."""
    check = parse_check(text, APPROX)
    full = qty.quantities("approx", _approx_start({}), None) | values
    assert check.evaluate(full) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rmse < ", "ends too early"),
        ("rmsee < 0.1", "unknown name 'rmsee'; did you mean rmse"),
        ("__import__('os')", "'__import__' is not an allowed function"),
        ("rmse.real < 1", "attributes like '.real' are not allowed"),
        ("units", "is a number, not a condition"),
        ('target < "a"', "compare it with == or !="),
        ("target == 3", "cannot compare the text"),
        ("0 < units < 5", "chained comparison"),
        ("units < 5 ± 1", "± goes with == or !="),
        ("relu < 1", "is a function: write relu(x)"),
        ("relu(1, 2) < 1", "relu() takes 1 argument, not 2"),
        ("units(3) < 1", "is a number, not a function"),
        ("rmse < 0.1 units < 3", "join conditions with and / or"),
        ('target == "unfinished', "unfinished quoted text"),
        ("", "empty"),
        ("rmse < 1e999", "too large"),
        ("units and rmse < 1", "'units' is a number; 'and' joins conditions"),
    ],
)
def test_bad_checks_are_refused_with_a_reason(text: str, message: str) -> None:
    """Every refused check says what is wrong."""
    with pytest.raises(
        CheckError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace(".", r"\.")
        .replace("*", r"\*"),
    ):
        parse_check(text, APPROX)


def test_length_and_depth_are_limited() -> None:
    """A long or deeply nested check is refused before any evaluation."""
    with pytest.raises(CheckError, match="too long"):
        parse_check("units < 1 or " * 40 + "units < 1", APPROX)
    with pytest.raises(CheckError, match="too long"):
        parse_check("u" * (MAX_CHECK_LENGTH + 1), APPROX)
    with pytest.raises(CheckError, match="nested too deeply"):
        parse_check("(" * (MAX_DEPTH + 1) + "units < 1" + ")" * (MAX_DEPTH + 1), APPROX)


def test_division_by_zero_is_a_check_error_not_a_crash() -> None:
    """Arithmetic that is undefined for the current values says so."""
    check = parse_check("1 / (units - 3) > 0", APPROX)
    with pytest.raises(CheckError, match="divides by zero"):
        check.evaluate({"units": 3.0})


# --------------------------------------------------------------------------- the loader

TEACHER = """
[[exercise]]
id = "good-one"
screen = "approx"
kind = "achieve"
statement = "Fit |x| exactly with one unit."
check = "units == 1 and rmse < 1e-6"
start = { target = "|x|", units = 3 }
hints = ["N = 1"]

[[exercise]]
id = "bad-check"
screen = "approx"
kind = "achieve"
statement = "A typo in the check."
check = "rmse < 0.01 and unitz <= 12"

[[exercise]]
id = "bad-start"
screen = "dosage"
kind = "predict"
statement = "A start option the screen does not take."
check = "answer == output_at(0.6)"
start = { lr = 0.1 }
"""


def test_a_teachers_course_keeps_the_good_and_names_each_bad_line_and_key(tmp_path: Path) -> None:
    """Three exercises, two broken: one loads, two errors name their line and key."""
    path = tmp_path / "course.toml"
    path.write_text(TEACHER, encoding="utf-8")
    course = load_course_file(str(path))
    assert [e.id for e in course.exercises] == ["good-one"]
    assert len(course.errors) == 2
    assert course.errors[0].startswith(f"{path} line 16, key check: unknown name 'unitz'")
    assert course.errors[1].startswith(
        f"{path} line 24, key start: 'lr' is not a starting option of the dosage screen"
    )


def test_a_broken_course_loses_nothing_of_the_built_in_one(tmp_path: Path) -> None:
    """Extending the built-in course with a broken file keeps every built-in exercise."""
    path = tmp_path / "broken.toml"
    path.write_text("[[exercise]\nid = ", encoding="utf-8")
    builtin = builtin_course()
    extended = builtin.extended(load_course_file(str(path)))
    assert extended.exercises == builtin.exercises
    assert len(extended.errors) == 1
    assert "not valid TOML" in extended.errors[0] and "line 1" in extended.errors[0]


def test_a_teachers_id_that_clashes_with_the_built_in_course_is_refused() -> None:
    """An id already in the course is an error on that line, and the built-in one stays."""
    text = TEACHER.replace('id = "good-one"', 'id = "sigmoid-five"')
    builtin = builtin_course()
    extended = builtin.extended(parse_course(text, "t.toml"))
    assert extended.by_id("sigmoid-five") == builtin.by_id("sigmoid-five")
    assert any(
        "t.toml line 3, key id: 'sigmoid-five' is already in the course" in error
        for error in extended.errors
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'id = "x"\nscreen = "nowhere"\nkind = "achieve"\nstatement = "s"\ncheck = "units < 1"',
            "line 4, key screen: unknown screen 'nowhere'",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "guess"\nstatement = "s"\ncheck = "units < 1"',
            "line 5, key kind: unknown kind 'guess'",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "achieve"\ncheck = "units < 1"',
            "line 2, key statement: missing",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "achieve"\nstatement = "s"\ncheck = "units < 1"\n'
            'hint = ["a"]',
            "line 8, key hint: unknown key; did you mean hints?",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "find"\nstatement = "s"\ncheck = "units < 1"',
            "key ask: a find exercise needs the names to type",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "predict"\nstatement = "s"\ncheck = "units < 1"',
            "key check: never uses the typed answer",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "achieve"\nstatement = "s"\ncheck = "units < 1"\n'
            'start = { target = "log(x) on [-1, 1]" }',
            "key start: log(x) is undefined",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "achieve"\nstatement = "s"\ncheck = "units < 1"\n'
            'start = { units = "many" }',
            "key start: units must be a whole number",
        ),
        (
            'id = "Bad Id"\nscreen = "approx"\nkind = "achieve"\n'
            'statement = "s"\ncheck = "units < 1"',
            "line 3, key id: 'Bad Id' must be lower-case",
        ),
        (
            'id = "x"\nscreen = "approx"\nkind = "achieve"\nstatement = 3\ncheck = "units < 1"',
            "line 6, key statement: must be a quoted text",
        ),
    ],
)
def test_each_broken_exercise_names_its_line_and_key(table: str, message: str) -> None:
    """Problems in one exercise are reported as FILE line N, key K: what."""
    course = parse_course("# a course\n[[exercise]]\n" + table + "\n", "f.toml")
    assert course.exercises == ()
    assert len(course.errors) == 1
    assert message in course.errors[0], course.errors[0]
    assert course.errors[0].startswith("f.toml line ")


def test_an_unreadable_file_is_one_error(tmp_path: Path) -> None:
    """A missing or non-UTF-8 file is reported, not raised."""
    assert "cannot read it" in load_course_file(str(tmp_path / "none.toml")).errors[0]
    path = tmp_path / "latin.toml"
    path.write_bytes(b"\xff\xfe[[exercise]]")
    assert load_course_file(str(path)).errors == (f"{path} line 1: not UTF-8 text",)


# --------------------------------------------------------------------------- the built-in course

BUILTIN: Course = builtin_course()


def test_the_built_in_course_loads_cleanly_with_at_least_20_exercises_on_every_screen() -> None:
    """No errors, >= 20 exercises besides the Puzzle's levels, every screen represented."""
    assert BUILTIN.errors == ()
    own = [e for e in BUILTIN.exercises if e.level is None]
    assert len(own) >= 20
    assert {e.screen for e in BUILTIN.exercises} == set(qty.SCREENS)
    assert {e.kind for e in BUILTIN.exercises} == {"predict", "find", "achieve"}
    assert [e.level for e in BUILTIN.exercises if e.level] == [level.key for level in LEVELS]
    assert all(e.hints and e.answer for e in BUILTIN.exercises)


def _approx_start(start: dict[str, Any]) -> Any:
    return qty.start_state("approx", start)


def _train(snapshot: DeadSnapshot, **values: Any) -> DeadSnapshot:
    settings: DeadSettings = snapshot.settings.with_values(**values)
    return replace(snapshot, settings=settings, report=run_settings(settings, settings.seed))


def _on_dead_unit(snapshot: DeadSnapshot, dead: bool) -> DeadSnapshot:
    """Trained as the exercise says, on the Unit maps view, a dead (or a live) unit large."""
    trained = _train(snapshot)
    stats = layer_stats(trained.report.network, trained.settings.dataset().x)
    layer, unit = next(
        (layer, int(u))
        for layer, st in enumerate(stats)
        for u in range(st.dead.size)
        if bool(st.dead[u]) == dead
    )
    return replace(trained, view="maps", layer=layer, unit=unit)


def _shape(snapshot: DeadSnapshot, depth: int, width: int) -> DeadSnapshot:
    settings = snapshot.settings.with_values(depth=depth, width=width)
    return replace(snapshot, settings=settings, report=settings.trainer().report())


def _dosage(**weights: float) -> Callable[[Any], Any]:
    def change(state: Any) -> Any:
        for name, value in weights.items():
            state = state.with_param(name, value)
        return state

    return change


def _neuron(*weights: float) -> Callable[[Any], Any]:
    return lambda s: replace(s, weights=tuple(weights))


def _puzzle_solution(level_key: str, near: bool) -> Callable[[Any], Any]:
    def solve(state: Any) -> Any:
        answer = state.level.solution()
        names = list(answer)
        for name in names:
            state = state.with_param(name, answer[name])
        if near:  # one step off on the last free parameter
            last = names[-1]
            state = state.with_param(
                last, answer[last] + 0.1 if answer[last] < 4 else answer[last] - 0.1
            )
        return state

    return solve


Move = Callable[[Any], Any]
Answer = tuple[float, ...]
# exercise id -> (solution, near miss): each a change to the starting core state (through the
# core's own transitions) and/or typed answers.
SOLUTIONS: dict[str, tuple[tuple[Move | None, Answer], tuple[Move | None, Answer]]] = {
    "relu-slope-negative": ((None, (0,)), (None, (1,))),
    "sigmoid-five": ((None, (0.993,)), (None, (0.992,))),
    "relu-passes-unchanged": ((None, (3,)), (None, (2,))),
    "gelu-below-zero": ((None, (-1,)), (None, (0,))),
    "relu-not-homogeneous": ((None, (-1, 1)), (None, (2, 1))),
    "leaky-at-minus-ten": ((None, (-0.1,)), (None, (-0.01,))),
    "sigmoid-steepest": ((None, (0.25,)), (None, (0.5,))),
    "zero-gradient-negatives": (
        (lambda s: s.toggled_grad().highlight("relu"), ()),
        (lambda s: s.toggled_grad(), ()),
    ),
    "explained-one-layer": ((None, (6,)), (None, (9,))),
    "explained-break-the-midpoint": (
        (lambda s: s.with_view("explained").toggled_relu_between(), ()),
        (lambda s: s.with_view("explained"), ()),
    ),
    "dosage-stage-sum": ((lambda s: replace(s, stage=5), ()), (lambda s: replace(s, stage=4), ())),
    "dosage-output-06": ((None, (0,)), (None, (-2.524,))),
    "dosage-z3-05": ((None, (1.01,)), (None, (1.02,))),
    "dosage-a2-02": ((None, (2.52,)), (None, (2.51,))),
    "dosage-zero-output-a2-on": ((None, (0.2,)), (None, (0.5,))),
    "dosage-bump-07": ((_dosage(b1=-1.2), ()), (_dosage(b1=-1.1), ())),
    "dosage-flatten-b3": ((_dosage(b3=-17.1), ()), (_dosage(b3=-17.0), ())),
    "dosage-positive-at-one": ((_dosage(b3=0.7), ()), (_dosage(b3=0.6), ())),
    "dead-neuron-z": ((None, (-10,)), (None, (-9,))),
    "dead-revive": ((_neuron(5.5, -3.0, -2.0), ()), (_neuron(5.0, -3.0, -2.0), ())),
    "dead-lr-kills-half": ((lambda s: _train(s, lr=0.1), ()), (lambda s: _train(s), ())),
    "dead-spirals-alive": (
        (lambda s: _train(s, activation="leaky_relu"), ()),
        (lambda s: _train(s), ()),
    ),
    "maps-pick-a-dead-unit": (
        (lambda s: _on_dead_unit(s, True), ()),
        (lambda s: _on_dead_unit(s, False), ()),
    ),
    "maps-read-the-line": ((_train, (1.42,)), (_train, (1.44,))),
    "regions-through-the-origin": ((None, (12,)), (None, (22,))),
    "regions-most-for-six": ((None, (22,)), (None, (21,))),
    "regions-depth-beats-width": (
        (lambda s: _shape(s, 2, 6), ()),
        (lambda s: _shape(s, 2, 5), ()),
    ),
    "kinks-three-switches-two-bends": (
        (_puzzle_solution("7", False), ()),
        (lambda s: _puzzle_solution("7", False)(s).with_param("b1", -0.6), ()),
    ),
    "kinks-sum-pieces": ((None, (8,)), (None, (7,))),
    "kinks-hinges-that-bend-nothing": (
        (lambda s: s.with_expression("2*x + 1"), ()),
        (lambda s: s.with_expression("x**2"), ()),
    ),
    "approx-sin-fewest": ((lambda s: s.with_units(10), ()), (lambda s: s.with_units(9), ())),
    "approx-square-max-error": ((lambda s: s.with_units(16), ()), (lambda s: s.with_units(15), ())),
    "approx-one-unit-exact": (
        (lambda s: s.with_param("target", 2), ()),
        (lambda s: s.with_param("target", 3), ()),
    ),
    **{
        f"puzzle-{level.key}": (
            (_puzzle_solution(level.key, False), ()),
            (_puzzle_solution(level.key, True), ()),
        )
        for level in LEVELS
    },
}


def test_every_built_in_exercise_has_a_solution_and_a_near_miss_here() -> None:
    """The parametrized test below covers the whole built-in course."""
    assert sorted(SOLUTIONS) == sorted(e.id for e in BUILTIN.exercises)


@pytest.mark.parametrize("exercise_id", [e.id for e in BUILTIN.exercises])
def test_built_in_exercise_is_solvable_and_refuses_a_near_miss(exercise_id: str) -> None:
    """From its starting state: not solved yet; the solution is solved; one step off is not."""
    exercise = BUILTIN.by_id(exercise_id)
    assert exercise is not None
    start = qty.start_state(exercise.screen, exercise.start)
    (solve, answer), (near, near_answer) = SOLUTIONS[exercise_id]
    if exercise.kind == "achieve":
        assert not judge(exercise, start, start).solved
    solved_state = solve(start) if solve else start
    verdict = judge(exercise, solved_state, start, tuple(float(a) for a in answer))
    assert verdict.solved, verdict.message
    near_state = near(start) if near else start
    miss = judge(exercise, near_state, start, tuple(float(a) for a in near_answer))
    assert not miss.solved
    assert miss.message.startswith("not yet")


def test_a_not_yet_says_which_condition_fails_with_the_current_values() -> None:
    """An achieve check names the first failing condition and the values it reads."""
    exercise = BUILTIN.by_id("approx-sin-fewest")
    assert exercise is not None
    start = qty.start_state("approx", exercise.start)
    verdict = judge(exercise, start, start)
    assert verdict.message == "not yet: units <= 10 (now units = 20)"


def test_a_predict_asks_for_its_answer_before_judging() -> None:
    """Without a typed value the verdict says what to type."""
    exercise = BUILTIN.by_id("relu-not-homogeneous")
    assert exercise is not None
    start = qty.start_state("activations", exercise.start)
    assert judge(exercise, start, start).message == "type c and x first"
    assert judge(exercise, start, start, (2.0, 1.0)).message == "not yet: c = 2, x = 1 is not it"


def test_the_puzzle_levels_are_the_puzzles_own() -> None:
    """Level exercises keep the level's hints and are judged by PuzzleState.solved."""
    exercise = BUILTIN.by_id("puzzle-1")
    assert exercise is not None
    assert exercise.hints == LEVELS[0].hints
    start = qty.start_state("puzzle", exercise.start)
    revealed = start.revealed_solution()
    assert not judge(exercise, revealed, start).solved
