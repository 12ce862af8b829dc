"""Puzzle core: the lab's level, the solver check, every level solvable on the step grid."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.puzzle.levels import LEVELS, level_by_key, random_level
from relu_tui.lessons.puzzle.state import PuzzleState, grid
from relu_tui.lessons.puzzle.units import LIMIT, Level, on_grid, snap, switch_text

LAB = {"w1": 1.0, "b1": -1.0, "w2": 2.0, "b2": -4.0}


def lab_answer(state: PuzzleState) -> PuzzleState:
    for name, value in LAB.items():
        state = state.with_param(name, value)
    return state


def nudge(state: PuzzleState, name: str, steps: int) -> PuzzleState:
    """As the arrow keys do: Param.nudged one step at a time."""
    for _ in range(abs(steps)):
        param = next(p for p in state.params if p.name == name)
        state = state.with_param(name, param.nudged(1 if steps > 0 else -1).value)
    return state


def test_level_one_target_is_the_labs_three_segments() -> None:
    """−2x+2 on [0,1], x−1 on [1,2], 3x−5 on [2,3]: 2 → 0 → 1 → 4."""
    x = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
    expected = np.array([2.0, 1.0, 0.0, 0.5, 1.0, 2.5, 4.0])
    np.testing.assert_allclose(LEVELS[0].target(x), expected, atol=1e-12)
    assert LEVELS[0].target_text() == (
        "y = -2x + 2 on [0, 1]; y = x - 1 on [1, 2]; y = 3x - 5 on [2, 3]"
    )


def test_level_one_opens_with_w1_first_all_at_zero() -> None:
    """Parameters w1, b1, w2, b2 in that order, at 0, step 0.1 over [−4, 4]; unit 0 fixed."""
    state = PuzzleState()
    assert [p.name for p in state.params] == ["w1", "b1", "w2", "b2"]
    assert all(p.value == 0 and p.step == 0.1 and (p.low, p.high) == (-4, 4) for p in state.params)
    assert state.units()[0] == (-2.0, 2.0, 1.0)
    assert state.presses == 0 and not state.solved


def test_the_labs_solution_gives_exactly_zero_error() -> None:
    """w1 = 1, b1 = −1, w2 = 2, b2 = −4 is on the grid and matches exactly, typed or nudged."""
    typed = lab_answer(PuzzleState())
    assert typed.score().max_error == 0.0 and typed.solved
    nudged = nudge(nudge(nudge(nudge(PuzzleState(), "w1", 10), "b1", -10), "w2", 20), "b2", -40)
    assert nudged.units() == typed.units()
    assert nudged.score().max_error == 0.0 and nudged.score().mean_error == 0.0
    assert nudged.solved and nudged.presses == 80


@pytest.mark.parametrize(
    ("name", "off"),
    [(name, off) for name in LAB for off in (-0.1, 0.1) if abs(LAB[name] + off) <= LIMIT],
)
def test_one_step_off_is_not_solved(name: str, off: float) -> None:
    """Any one parameter a single step off the answer leaves a gap above 0.05 (b2 = −4.1 is
    out of range and clamps back to −4)."""
    state = lab_answer(PuzzleState()).with_param(name, LAB[name] + off)
    assert state.score().max_error > 0.05
    assert not state.solved


def test_a_bias_one_step_off_leaves_a_gap_of_one_step() -> None:
    """b2 = −3.9 lifts the last segment by 0.1 at x = 3."""
    state = lab_answer(PuzzleState()).with_param("b2", -3.9)
    assert state.score().max_error == pytest.approx(0.1)


def test_values_snap_to_the_step_grid() -> None:
    """Typed or fine-nudged values land on multiples of 0.1; a no-op costs no key press."""
    state = PuzzleState()
    assert state.with_param("w1", 0.01) is state
    moved = state.with_param("w1", 0.96)
    assert moved.units()[1][0] == 1.0 and moved.presses == 1
    assert moved.with_param("w1", 9.0).units()[1][0] == 4.0
    assert snap(0.1 + 0.2) == 0.3 and on_grid(0.3) and not on_grid(0.25)


def test_reveal_is_marked_not_solved() -> None:
    """A revealed solution matches but does not count as solved, even after more moves."""
    state = PuzzleState().revealed_solution()
    assert state.score().max_error == 0.0
    assert state.revealed and not state.solved
    assert not state.with_param("w1", 1.1).with_param("w1", 1.0).solved


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.key)
def test_every_level_is_solved_by_its_solution_on_the_grid(level: Level) -> None:
    """Each built-in solution lies in [−4, 4] on the 0.1 grid, gives zero error, and the
    level does not open solved."""
    for value in level.solution().values():
        assert -LIMIT <= value <= LIMIT and on_grid(value)
    start = PuzzleState.of(level)
    assert start.score().max_error > 0.05
    solved = start
    for name, value in level.solution().items():
        solved = solved.with_param(name, value)
    assert solved.score().max_error == 0.0 and solved.solved


def test_levels_cover_what_the_issue_asks() -> None:
    """4 and 5 segments; a unit switching off (negative w); slope falling after rising
    (negative output weight); free levels where unit 0 moves."""
    counts = {len(level.segments()) for level in LEVELS}
    assert {3, 4, 5} <= counts
    assert any(value < 0 for name, value in level_by_key("4").solution().items() if name[0] == "w")
    slopes = [piece.slope for piece in level_by_key("5").segments()]
    assert slopes[0] > 0 > slopes[-1]
    free = [level for level in LEVELS if "w0" in level.solution()]
    assert len(free) >= 2
    assert len({level.key for level in LEVELS}) == len(LEVELS)


@pytest.mark.parametrize("seed", range(400))
def test_random_levels_are_always_solvable_on_the_grid(seed: int) -> None:
    """Every generated level's solution is on the grid, in range, exact, and bends at least once."""
    level = random_level(seed)
    for value in level.solution().values():
        assert -LIMIT <= value <= LIMIT and on_grid(value)
    state = PuzzleState.of(level).revealed_solution()
    assert state.score().max_error == 0.0
    assert len(level.segments()) >= 2
    assert not PuzzleState.of(level).solved


def test_random_levels_repeat_by_seed_and_vary_across_seeds() -> None:
    x = grid()
    np.testing.assert_array_equal(random_level(7).target(x), random_level(7).target(x))
    targets = {random_level(seed).target_text() for seed in range(30)}
    assert len(targets) > 20


def test_hints_follow_the_lab_in_order() -> None:
    """Level 1's hints: w1/b1 first, unit 1's slope, its bias, unit 2's slope, its bias."""
    hints = LEVELS[0].hints
    assert len(hints) == 5
    assert "w₁ and b₁" in hints[0] and "unit 2 at zero" in hints[0]
    assert "unit 0 is off" in hints[1] and "slope" in hints[1]
    assert "x = 1" in hints[2] and "b₁" in hints[2]
    assert "w₁ + w₂" in hints[3] and "3" in hints[3]
    assert "x = 2" in hints[4] and "b₂" in hints[4]
    state = PuzzleState()
    for shown in range(1, len(hints) + 2):
        state = state.with_hint()
        assert state.hints_shown == min(shown, len(hints))


def test_built_hints_give_the_slope_a_unit_adds() -> None:
    """Level 4's unit 1 has w = −2: it lowers the slope while on (before x = 1)."""
    hints = " ".join(level_by_key("4").hints)
    assert "x = 1; it is on before" in hints and "adds -2 to the output's slope" in hints


def test_switch_text() -> None:
    assert switch_text(-2, 2) == "on for x < 1"
    assert switch_text(1, -1) == "on for x > 1"
    assert switch_text(0, 0) == "always off"
    assert switch_text(1, 0) == "always on"


def test_unknown_level_is_refused() -> None:
    with pytest.raises(InputError, match="unknown level"):
        level_by_key("99")
    assert level_by_key(" random ", 3).key == "random-3"


def test_level_seven_lesson_agrees_with_its_target() -> None:
    """Level 7's lesson: the floor at x = 1 is 0 with every unit off (a negative-weight unit
    switches off there, another on), and from x = 2 two units' slopes add."""
    from relu_tui.lessons.puzzle.levels import LEVELS
    from relu_tui.lessons.puzzle.units import segments

    level = LEVELS[6]
    assert "x = 1" in level.lesson and "x = 2" in level.lesson
    assert "cancelling" not in level.lesson
    units = tuple((u.w, u.b, u.v) for u in level.units)
    assert float(level.target(np.array([1.0]))[0]) == 0.0
    assert all(w * 1.0 + b <= 0 for w, b, _ in units)
    switches_off = [u for u in level.units if u.w < 0 and -u.b / u.w == 1.0]
    switches_on = [u for u in level.units if u.w > 0 and -u.b / u.w == 1.0]
    assert switches_off and switches_on
    last = segments(units)[-1]
    on_there = [w * v for w, b, v in units if w * 2.5 + b > 0]
    assert last.start == 2.0 and len(on_there) == 2 and last.slope == pytest.approx(sum(on_there))
