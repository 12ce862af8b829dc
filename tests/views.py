"""The one table of every screen's views, and the walk through them that the view-walking
tests share (footer at 80x24, legibility and --ascii at 80x24 and 120x40).

Views a lesson declares (`lessons/<name>/state.py: VIEW_LIST`) come from the declaration;
the table adds the states within a view worth a look (a field open, a puzzle solved).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from textual.pilot import Pilot

from relu_tui.lessons.activations.state import VIEW_LIST as ACTIVATIONS_VIEWS
from relu_tui.lessons.dead.state import VIEW_LIST as DEAD_VIEWS
from relu_tui.ui.app import ReluApp
from relu_tui.ui.widgets.plot_view import PlotView


@dataclass(frozen=True)
class Step:
    """One place to look at: reached by `keys` from the step before.

    Attributes:
        name: what the step shows.
        keys: pressed after the previous step (and its escape, if it had one).
        escape: the step opens a field or a modal that escape closes before the next one.
        wait_for: a plot a worker computes (its spec arrives a little later).
        train: epochs the screen's run trains once the step is reached (the walking tests
            train stepped, so every run shows the same epochs).
    """

    name: str
    keys: tuple[str, ...] = ()
    escape: bool = False
    wait_for: str | None = None
    train: int = 0


PUZZLE_TYPED_SOLVE = (
    *("enter", "1", "enter", "down"),
    *("enter", "-", "1", "enter", "down"),
    *("enter", "2", "enter", "down"),
    *("enter", "-", "4", "enter"),
)
"""Level 1 solved by typing w1 = 1, b1 = -1, w2 = 2, b2 = -4."""

_DEAD_WAITED = {"vanishing": "#vanish-plot", "born": "#born-plot"}
_DEAD_WITHIN = {
    "weights": (
        Step("weights, output layer edited", ("left_square_bracket", "down", "plus")),
        Step("weights, typing a value", ("enter",), escape=True),
    )
}
"""States within a Dead neurons view worth a look, right after it."""

VIEWS: dict[str, tuple[Step, ...]] = {
    "activations": (
        Step("table"),
        Step("inputs field", ("e",), escape=True),
        Step("table of gradients", ("g",)),
        *(Step(v.name, (v.key,)) for v in ACTIVATIONS_VIEWS if v.name in ("compare",)),
        Step("compare values", ("g",)),
        *(Step(v.name, (v.key,)) for v in ACTIVATIONS_VIEWS if v.name in ("why",)),
        Step("why, 40 layers", ("right",) * 30),
        *(Step(v.name, (v.key,)) for v in ACTIVATIONS_VIEWS if v.name in ("linear",)),
        Step("picker", ("a",), escape=True),
        Step("table again", ("t",)),
    ),
    "dosage": (
        Step("stage 1"),
        *(Step(f"stage {n}", ("n",)) for n in range(2, 8)),
        Step("softplus", ("a",)),
        Step("overview", ("o",)),
        Step("stages again", ("o",)),
    ),
    "puzzle": (
        Step("level 1"),
        Step("hints", ("i", "i", "i")),
        Step("solved by typing", PUZZLE_TYPED_SOLVE),
        Step("solution", ("s",)),
        Step("level list", ("o",), escape=True),
        Step("level 5", ("right_square_bracket",) * 4),
        Step("random level", ("g",)),
    ),
    "dead": tuple(
        step
        for index, view in enumerate(DEAD_VIEWS)
        for step in (
            Step(view.name, ("v",) if index else (), wait_for=_DEAD_WAITED.get(view.name)),
            *_DEAD_WITHIN.get(view.name, ()),
        )
    )
    + (Step("neuron again", ("v",)),),
    "approx": (
        Step("fit"),
        Step("abs", ("right",)),
        Step("expression field", ("e",), escape=True),
        Step("fit, N = 1", ("minus",) * 9),
        Step("train", ("m",), train=300),
        Step("fit again", ("m",)),
    ),
    "exercises": (Step("first exercise"),),
}
"""Every screen's steps, in order: each is reached from the one before."""


async def walk(pilot: Pilot[None], app: ReluApp, screen: str) -> AsyncIterator[Step]:
    """Reach each step of `screen` in turn and yield it while it is on screen."""
    for step in VIEWS[screen]:
        await pilot.press(*step.keys)
        await pilot.pause()
        if step.wait_for is not None:
            plot = app.screen.query_one(step.wait_for, PlotView)
            for _ in range(400):
                if plot.spec is not None and plot.spec.series:
                    break
                await pilot.pause(0.05)
        if step.train:
            app.screen.runner.step(step.train)  # type: ignore[attr-defined]
            await pilot.pause()
        yield step
        if step.escape:
            await pilot.press("escape")
            await pilot.pause()
