"""`relu-tui --print puzzle [--level N] [--seed S]`: a level's target, current fit and units
(the settings are the screen's: `lessons/puzzle/lesson.py`)."""

from __future__ import annotations

from relu_tui.base.fmt import fmt
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.puzzle.figures import fit_figure, network_kinks
from relu_tui.lessons.puzzle.lesson import state_from
from relu_tui.lessons.puzzle.state import GRID, TOLERANCE
from relu_tui.lessons.puzzle.units import switch_text
from relu_tui.plotting.render import plot_text


def render(args: LaunchOptions) -> str:
    """The level as it opens (every free parameter at its start value).

    Raises:
        InputError: an unknown level.
    """
    state = state_from(args.settings)
    level = state.level
    score = state.score()
    out = [f"Puzzle level {level.key}: {level.title}", level.story, "", "Target:"]
    out += [f"  {piece.describe()}" for piece in level.segments()]
    out += ["", "Units (output = sum of v * ReLU(w*x + b)):"]
    for i, ((w, b, v), unit) in enumerate(zip(state.units(), level.units, strict=True)):
        free = ", ".join(unit.free)
        mark = f"you set {free}" if free else "fixed"
        out.append(
            f"  unit {i}: w = {fmt(w)}, b = {fmt(b)}, v = {fmt(v)}  ({mark}; {switch_text(w, b)})"
        )
    verdict = "solved" if score.solved else "not solved"
    found = network_kinks(state)
    out += [
        "",
        f"Current fit: max error {fmt(score.max_error)}, mean error {fmt(score.mean_error)}"
        f" ({verdict}: solved at max error <= {fmt(TOLERANCE)} on {GRID} points)",
        f"Network: {found.summary()} (marked on the plot); {found.extrapolation()}",
        f"Hints: {len(level.hints)} (press i on the puzzle screen)",
        "",
    ]
    out.append(
        plot_text(
            fit_figure(state),
            int(args.width or 100),
            int(args.height or 20),
            ascii_only=bool(args.ascii),
            color=bool(getattr(args, "color", False)),
        )
    )
    return "\n".join(out)
