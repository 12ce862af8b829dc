"""Puzzle core: the lab's level, the solver check, every level solvable on the step grid."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.core.parse import InputError
from relu_tui.core.puzzle import LEVELS, PuzzleState, grid, level_by_key, random_level


def lab_answer(state: PuzzleState) -> PuzzleState:
    for name, value in {"w1": 1.0, "b1": -1.0, "w2": 2.0, "b2": -4.0}.items():
        state = state.with_param(name, value)
    return state


def test_level_one_target_is_the_labs_three_segments() -> None:
    """−2x+2 on [0,1], x−1 on [1,2], 3x−5 on [2,3]: 2 → 0 → 1 → 4."""
    x = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
    expected = np.array([2.0, 1.0, 0.0, 0.5, 1.0, 2.5, 4.0])
    np.testing.assert_allclose(LEVELS[0].target(x), expected, atol=1e-12)


def test_level_one_opens_with_w1_first_all_at_zero() -> None:
    """Parameters w1, b1, w2, b2 in that order, at 0, step 0.1 over [−4, 4]."""
    params = PuzzleState().params
    assert [p.name for p in params] == ["w1", "b1", "w2", "b2"]
    assert all(p.value == 0 and p.step == 0.1 and (p.low, p.high) == (-4, 4) for p in params)


def test_the_labs_solution_gives_zero_error_and_is_solved() -> None:
    """w1 = 1, b1 = −1, w2 = 2, b2 = −4 is on the grid and matches exactly."""
    state = lab_answer(PuzzleState())
    assert state.score().max_error < 1e-12
    assert state.solved


def test_a_bias_one_step_off_is_not_solved() -> None:
    """b2 = −3.9 leaves a 0.1 gap at x = 3: not solved."""
    state = lab_answer(PuzzleState()).with_param("b2", -3.9)
    assert state.score().max_error == pytest.approx(0.1)
    assert not state.solved


def test_reveal_is_marked_not_solved() -> None:
    """A revealed solution matches but does not count as solved."""
    state = PuzzleState().revealed_solution()
    assert state.score().max_error < 1e-12
    assert state.revealed and not state.solved


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.key)
def test_every_level_is_solved_by_its_solution_on_the_grid(level) -> None:  # type: ignore[no-untyped-def]
    """Each built-in solution lies in [−4, 4] on the 0.1 grid and gives zero error."""
    for value in level.solution().values():
        assert -4 <= value <= 4
        assert abs(value * 10 - round(value * 10)) < 1e-9
    assert PuzzleState.of(level).revealed_solution().score().max_error < 1e-12


def test_random_levels_are_always_solvable_and_reproducible() -> None:
    """200 seeds: every generated level is solvable on the grid; a seed repeats its target."""
    x = grid()
    for seed in range(200):
        level = random_level(seed)
        state = PuzzleState.of(level).revealed_solution()
        assert state.score().max_error < 1e-12
        np.testing.assert_array_equal(level.target(x), random_level(seed).target(x))


def test_special_levels_need_what_they_say() -> None:
    """Level 4 needs a negative weight; level 5 a negative output weight; level 6 frees unit 0."""
    assert level_by_key("4").solution()["w1"] < 0
    assert level_by_key("5").solution()["v1"] < 0
    assert "w0" in level_by_key("6").solution()


def test_hints_follow_the_lab_in_order() -> None:
    """Level 1's hints start with w1 and b1 and end with unit 2's bias."""
    hints = LEVELS[0].hints
    assert "w₁ and b₁" in hints[0] and "x = 2" in hints[-1]
    state = PuzzleState()
    for shown in range(1, len(hints) + 2):
        state = state.with_hint()
        assert state.hints_shown == min(shown, len(hints))


def test_unknown_level_is_refused() -> None:
    with pytest.raises(InputError, match="unknown level"):
        level_by_key("99")
