"""`relu-tui --print puzzle [--level N]`: the level's target, the current fit and the units."""

from __future__ import annotations

import argparse

from relu_tui.core.fmt import fmt
from relu_tui.core.puzzle import PuzzleState, level_by_key
from relu_tui.plotting.figures_puzzle import fit_figure
from relu_tui.plotting.render import plot_text


def render(args: argparse.Namespace) -> str:
    """The level as it opens (every free parameter at its start value)."""
    level = level_by_key(str(args.level or "1"), getattr(args, "seed", None))
    state = PuzzleState.of(level)
    score = state.score()
    out = [f"Puzzle level {level.key}: {level.title}", level.story, "",
           "Units (v·ReLU(w·x + b), summed):"]
    free = {p.name for p in state.params}
    for i, (w, b, v) in enumerate(state.units()):
        mark = "set by you" if any(name.endswith(str(i)) for name in free) else "fixed"
        out.append(f"  unit {i}: w = {fmt(w)}, b = {fmt(b)}, v = {fmt(v)}  ({mark})")
    out += ["", f"Current fit: max error {fmt(score.max_error)}, mean error {fmt(score.mean_error)} "
            f"(solved at max error <= 0.05 on 300 points)", ""]
    out.append(plot_text(fit_figure(state), int(args.width), int(args.height),
                         ascii_only=bool(args.ascii), color=bool(getattr(args, "color", False))))
    return "\n".join(out)
