"""An attempt at an exercise: its verdicts (`judge`), typed answers, hints, reveal and key
presses, as a frozen value the UI keeps."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from relu_tui.base.fmt import fmt
from relu_tui.exercises.check_language import CheckError
from relu_tui.exercises.course import Exercise


@dataclass(frozen=True)
class Verdict:
    """The answer to `c`: solved or not yet, and a sentence for the task bar."""

    solved: bool
    message: str


def judge(
    exercise: Exercise, state: Any, start_state: Any, answers: tuple[float, ...] = ()
) -> Verdict:
    """Check `state` (and typed answers) against the exercise; never raises for bad values."""
    if exercise.ask and len(answers) != len(exercise.ask):
        return Verdict(False, f"type {' and '.join(exercise.ask)} first")
    values = exercise.quantities(state, start_state, answers)
    try:
        if exercise.check.evaluate(values):
            return Verdict(True, "solved")
        if exercise.kind != "achieve":
            shown = ", ".join(
                f"{name} = {fmt(v)}" for name, v in zip(exercise.ask, answers, strict=True)
            )
            return Verdict(False, f"not yet: {shown} is not it")
        failing = exercise.check.failing_part(values)
    except CheckError as error:
        return Verdict(False, f"not yet: {error}")
    if failing is None:
        return Verdict(False, "not yet")
    now = ", ".join(
        f"{name} = {_show(values[name])}"
        for name in sorted(exercise.check.names())
        if name in values and name in failing
    )
    return Verdict(False, f"not yet: {failing}" + (f" (now {now})" if now else ""))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f'"{value}"'
    return fmt(float(value), 6)


@dataclass(frozen=True)
class Attempt:
    """One go at an exercise: typed answers, hints shown, reveal, key presses, last verdict.

    Pure and frozen like the screens' states; the UI keeps the current one.
    """

    exercise: Exercise
    start: Any = field(repr=False)
    """The core state the screen was opened in (for "changed" counts)."""
    answers: tuple[float, ...] = ()
    hints_shown: int = 0
    revealed: bool = False
    presses: int = 0
    solved: bool = False
    message: str = ""
    """The latest verdict, hint or reveal, for the task bar."""

    @property
    def hints_left(self) -> int:
        return len(self.exercise.hints) - self.hints_shown

    def with_press(self, count: int = 1) -> Attempt:
        return replace(self, presses=self.presses + count)

    def with_hint(self) -> Attempt:
        """The next hint; after the last one, the answer (marked revealed, not solved)."""
        hints = self.exercise.hints
        if self.hints_shown < len(hints):
            shown = self.hints_shown + 1
            return replace(
                self, hints_shown=shown, message=f"hint {shown}/{len(hints)}: {hints[shown - 1]}"
            )
        answer = self.exercise.answer or "no answer was written for this exercise"
        return replace(self, revealed=True, message=f"answer (revealed, not solved): {answer}")

    def next_hint_label(self) -> str:
        """What `i` does next: 'hint 2/3', or 'answer' once the hints are used up."""
        if self.hints_shown < len(self.exercise.hints):
            return f"hint {self.hints_shown + 1}/{len(self.exercise.hints)}"
        return "answer"

    def judged(self, state: Any, answers: tuple[float, ...] | None = None) -> Attempt:
        """Check `state` (and the typed answers, when given) and keep the verdict."""
        typed = self.answers if answers is None else answers
        verdict = judge(self.exercise, state, self.start, typed)
        message = verdict.message
        solved = verdict.solved and not self.revealed
        if verdict.solved and self.revealed:
            message = "right, but the answer was revealed: not counted as solved"
        elif solved:
            message = f"solved in {self.presses} key presses"
        return replace(self, answers=typed, solved=self.solved or solved, message=message)
