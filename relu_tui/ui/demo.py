"""`relu-tui demo`: a self-running lesson through the five screens, driven by their own actions.

The lesson is data (`STEPS`): each step names a screen, a caption, a `setup` run at once (it
puts the screen in a known state, so n and p can jump anywhere) and `moves` played at a
readable pace. Every move is one of the screen's (or a parameter panel's, or the app's)
key-binding actions, run through `App.run_action`: real state changes on the real screens,
never canned frames. tests/ui/test_demo.py checks every action against those BINDINGS.

Keys while it runs: space pauses and resumes, n and p step, escape hands the app to the
person on the same state (q still quits). A caption line replaces each screen's header.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.actions import SkipAction
from textual.app import App
from textual.widgets import Header, Static

from relu_tui.base import progress
from relu_tui.base.params import Param
from relu_tui.ui.compat import bind_priority_key, merged_bindings, mode_screens

DEFAULT_PACE = 6.0
"""Seconds a step stays on screen once its moves are played."""

STYLESHEET = Path(__file__).parent / "demo.tcss"
"""The caption line's style (not in styles/: those are one per screen)."""


Actions = str | tuple[str, ...]
"""One action as written in a BINDINGS entry, or alternatives: the first one bound is run
(screens being reworked rename actions; the test says when none is bound any more)."""


def alternatives(actions: Actions) -> tuple[str, ...]:
    return (actions,) if isinstance(actions, str) else actions


def bound_actions(node: Any) -> set[str]:
    """Every action string in `node`'s class BINDINGS (its bases' included)."""
    cls = node if isinstance(node, type) else type(node)
    merged = merged_bindings(cls)
    if merged is None:
        return set()
    return {binding.action for bindings in merged.key_to_bindings.values() for binding in bindings}


def choose(actions: Actions, node: Any) -> str:
    """The first of `actions` bound on `node`.

    Raises:
        LookupError: none of them is (the screen no longer has that key).
    """
    bound = bound_actions(node)
    for action in alternatives(actions):
        if action in bound:
            return action
    raise LookupError(f"none of {alternatives(actions)} is bound on {type(node).__name__}")


@dataclass(frozen=True)
class Act:
    """Run `action` (as written in a BINDINGS entry) on the screen, the app or a widget."""

    action: Actions
    target: str = "screen"
    """"screen", "app", or a CSS id ("#fit-params") of a widget on the screen."""


@dataclass(frozen=True)
class Until:
    """Run `action` on the screen until `screen.<attr>` equals `value` (at most 8 times).

    `attr` may be dotted ("state.level.key"); a screen that keeps it in its `state` is read
    there too."""

    action: Actions
    attr: str
    value: object


@dataclass(frozen=True)
class SetParam:
    """Select `name` in the ParamPanel `panel` and nudge it to `value` (panel keys only)."""

    panel: str
    name: str
    value: float | str


Move = Act | Until | SetParam


@dataclass(frozen=True)
class Step:
    """One caption on one screen."""

    screen: str
    caption: str
    moves: tuple[Move, ...] = ()
    setup: tuple[Move, ...] = ()


def _puzzle_values(*names_values: tuple[str, float]) -> tuple[Move, ...]:
    return tuple(SetParam("#units", name, value) for name, value in names_values)


_DOSAGE_START = (Act("reset"),)
_PUZZLE_START = (Until("level(-1)", "state.level.key", "1"), Act("reset"))
_DEAD_TRAIN = (Act("reset"), Until("next_view", "view", "train"))
_TO_FIT = ("view('fit-view')", "toggle_view")
_TO_TRAIN = ("view('train-view')", "toggle_view")
_FIT_START = (Until(_TO_FIT, "view", "fit-view"), Act("reset"))

STEPS: tuple[Step, ...] = (
    # 1. Activations ("ReLU Explained", the lab, the linearity notebook)
    Step(
        "activations",
        "ReLU(x) = max(0, x): 5 and 2 pass through, -3 and -10 become 0",
        setup=(Act("reset"), Act("view('table')")),
    ),
    Step(
        "activations",
        "Its gradient: 1 where x > 0, 0 where x <= 0 (ReLU'(0) = 0, like torch)",
        moves=(Until(("show_grad(True)", "toggle_grad"), "state.show_grad", True),),
        setup=(Act("reset"), Act("view('table')")),
    ),
    Step(
        "activations",
        "The 2x2 comparison: ReLU, Leaky ReLU, sigmoid and tanh",
        setup=(Act("reset"), Act("view('compare')")),
    ),
    Step(
        "activations",
        "Why ReLU: sigmoid's gradient is at most 0.25 and vanishes; ReLU's is 1",
        setup=(Act("reset"), Act("view('why')")),
    ),
    Step(
        "activations",
        "Is ReLU linear? No: it fails homogeneity and additivity",
        setup=(Act("reset"), Act("view('linear')")),
    ),
    # 2. Dosage: the 1-2-1 network, stage by stage
    Step(
        "dosage",
        "Dosage stage 1: a1 = ReLU(1.70x - 0.85), 0 until the dosage passes 0.5",
        setup=_DOSAGE_START,
    ),
    Step(
        "dosage",
        "Stages 2-3: the top path times w3 = -40.8; the bottom node's ReLU",
        moves=(Act("step(1)"), Act("step(1)")),
        setup=_DOSAGE_START,
    ),
    Step(
        "dosage",
        "Stages 4-5: the bottom path times w4 = 2.70; add the two paths",
        moves=(Act("step(1)"), Act("step(1)")),
        setup=(*_DOSAGE_START, Act("step(1)"), Act("step(1)")),
    ),
    Step(
        "dosage",
        "Stages 6-7: add b3 = -16, apply ReLU: a bump, highest at dosage 0.5",
        moves=(Act("step(1)"), Act("step(1)")),
        setup=(*_DOSAGE_START, *(Act("step(1)"),) * 4),
    ),
    # 3. The lab's puzzle, solved value by value
    Step(
        "puzzle",
        "The lab's puzzle: unit 0 is fixed; set units 1 and 2 to fit the target",
        setup=_PUZZLE_START,
    ),
    Step(
        "puzzle",
        "Unit 1: slope w1 = 1 and bias b1 = -1 turn it on at x = 1",
        moves=_puzzle_values(("w1", 1.0), ("b1", -1.0)),
        setup=_PUZZLE_START,
    ),
    Step(
        "puzzle",
        "Unit 2: w2 = 2 and b2 = -4 bend the sum again at x = 2: solved",
        moves=_puzzle_values(("w2", 2.0), ("b2", -4.0)),
        setup=(*_PUZZLE_START, *_puzzle_values(("w1", 1.0), ("b1", -1.0))),
    ),
    # 4. Dead neurons
    Step(
        "dead",
        "Dead neuron: weights -5, -3, -2 on inputs 1, 1, 1: z = -10, gradient 0",
        setup=(Act("reset"), Until("next_view", "view", "neuron")),
    ),
    Step(
        "dead",
        "Training at learning rate 1: big steps push ReLU units dead for good",
        moves=(SetParam("#dead-params", "lr", 1.0), Act("toggle_run")),
        setup=_DEAD_TRAIN,
    ),
    Step(
        "dead",
        "The cure: Leaky ReLU keeps a slope of 0.01 below 0: no unit gets stuck",
        moves=(
            SetParam("#dead-params", "activation", "leaky_relu"),
            SetParam("#dead-params", "lr", 1.0),
            Act("toggle_run"),
        ),
        setup=_DEAD_TRAIN,
    ),
    # 5. Approximation: sums of shifted ReLUs; the 1-8-8-1 network
    Step(
        "approx",
        "One shifted ReLU and a line: the slope changes at one point",
        moves=(SetParam("#fit-params", "n", 1),),
        setup=_FIT_START,
    ),
    Step(
        "approx",
        "2, then 5 shifted ReLUs: a curve, piece by piece",
        moves=(Act("tour"), Act("tour")),
        setup=(*_FIT_START, SetParam("#fit-params", "n", 1)),
    ),
    Step(
        "approx",
        "10, 20, then 100 units: the piecewise-linear sum looks smooth",
        moves=(Act("tour"), Act("tour"), Act("tour")),
        setup=(*_FIT_START, SetParam("#fit-params", "n", 5)),
    ),
    Step(
        "approx",
        "1-8-8-1 net on y = x^2: no ReLU gives a line, ReLU follows the curve",
        moves=(Until(_TO_TRAIN, "view", "train-view"),),
        setup=_FIT_START,
    ),
    Step(
        "approx",
        "Beyond the data (x = 100-199) the ReLU net goes on in straight lines",
        setup=(Until(_TO_TRAIN, "view", "train-view"),),
    ),
)
"""The lesson, from the five source texts relu-tui is built on (their examples and numbers)."""

END_CAPTION = "End of the demo: escape to explore from here, q to quit"


def nudges_to(param: Param, target: float) -> list[float]:
    """The panel nudges (±1, ±0.1) that bring `param` closest to `target`, in order."""
    steps: list[float] = []
    current = param
    for _ in range(200):
        best: tuple[float, float] | None = None
        for amount in (1.0, -1.0, 0.1, -0.1):
            moved = current.nudged(amount)
            gap = abs(moved.value - target)
            if gap < abs(current.value - target) - 1e-12 and (best is None or gap < best[1]):
                best = (amount, gap)
        if best is None:
            break
        steps.append(best[0])
        current = current.nudged(best[0])
    return steps


def _read(obj: Any, dotted: str) -> Any:
    try:
        return _path(obj, dotted)
    except AttributeError:
        return _path(obj, f"state.{dotted}")


def _path(obj: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        obj = getattr(obj, name)
    return obj


class DemoCaption(Static):
    """The demo's caption line, in place of the screen's header."""


class DemoDriver:
    """Plays STEPS on a ReluApp; the app's `demo` action hands it the person's keys."""

    KEYS = (("space", "pause"), ("n", "next"), ("p", "previous"), ("escape", "stop"))

    def __init__(
        self,
        app: App[Any],
        *,
        pace: float = DEFAULT_PACE,
        loop: bool = False,
        steps: tuple[Step, ...] = STEPS,
    ) -> None:
        self.app = app
        self.pace = pace
        self.loop = loop
        self.steps = steps
        self.index = 0
        """The step being shown."""
        self.paused = False
        self.running = False
        """True from start until escape (or the last step without --loop)."""
        self.visited: list[str] = []
        """Screens shown so far, in order (for tests and the final check)."""
        self.error: str | None = None
        """Why the demo stopped by itself, if a step failed."""
        self._forcing = False
        """True while a step's own moves play (they play even when paused: n, p)."""
        self.settled = False
        """True once the current step's moves are all played."""
        self.on_step: Callable[[int], None] | None = None
        """Called when a step's moves are done (tests wait on it)."""

    # wiring ------------------------------------------------------------------------

    def attach(self) -> DemoDriver:
        """Hook into the app before it runs: keys, stylesheet, start on mount."""
        app = self.app
        app.demo_driver = self  # type: ignore[attr-defined]
        progress.hold_writes()  # the demo never writes the person's saved progress
        for key, command in self.KEYS:
            bind_priority_key(app, key, f"demo('{command}')", f"Demo: {command}")
        if STYLESHEET.exists():
            app.stylesheet.read(STYLESHEET)
        app.call_later(self.start)
        return self

    def start(self) -> None:
        self.running = True
        self._play(self.index)
        self.app.notify(
            "Demo: space pauses, n and p step, escape hands you the controls.",
            timeout=max(4.0, self.pace),
        )

    def command(self, name: str) -> None:
        """A demo key: pause, next, previous or stop. Outside the demo the key passes on."""
        if not self.running or self.app.screen is not self._screen():
            raise SkipAction()  # a modal (help, palette) in front takes its own keys
        if name == "pause":
            self.paused = not self.paused
            self._show_caption()
        elif name == "next":
            self._play(
                min(self.index + 1, len(self.steps) - 1)
                if not self.loop
                else (self.index + 1) % len(self.steps)
            )
        elif name == "previous":
            self._play(max(self.index - 1, 0))
        elif name == "stop":
            self.stop()

    def stop(self) -> None:
        """Hand the app to the person: captions go, headers come back, keys are theirs."""
        self.running = False
        self.app.workers.cancel_group(self.app, "demo")
        for screen in self._lesson_screens():
            for caption in screen.query(DemoCaption):
                caption.remove()
            for header in screen.query(Header):
                header.display = True
        self.app.notify("The demo has stopped: the app is yours (? for help, q quits).", timeout=5)

    # playing -------------------------------------------------------------------------

    def _play(self, index: int) -> None:
        """Play from step `index`. While paused, the step is still shown in full and the
        lesson then stays paused: n and p step through it."""
        self.index = index
        self.app.run_worker(self._guarded(index), group="demo", exclusive=True, exit_on_error=False)

    async def _guarded(self, index: int) -> None:
        """Play from `index`; a step that fails stops the demo with a message, not the app."""
        try:
            await self._run_from(index)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a reworked screen must not take the lesson down with it
            if not self.app.is_running:
                return  # the app is closing: its screens are going away under the step
            self.error = f"step {self.index + 1} ({self.steps[self.index].screen}): {error!r}"
            self.app.log.error("demo", self.error)
            self.stop()
            self.app.notify(
                f"The demo could not play {self.error}; the app is yours.",
                severity="error",
                timeout=10,
                markup=False,
            )

    async def _run_from(self, index: int) -> None:
        while True:
            self.index = index
            self.settled = False
            self._forcing = True
            try:
                await self._step(self.steps[index])
            finally:
                self._forcing = False
            self.settled = True
            if self.on_step is not None:
                self.on_step(index)
            await self._sleep(self.pace)
            index += 1
            if index == len(self.steps):
                if not self.loop:
                    self._caption(END_CAPTION)
                    return
                index = 0

    async def _step(self, step: Step) -> None:
        await self._open(step.screen)
        self._show_caption()
        for move in step.setup:
            await self._do(move, animate=False)
        for move in step.moves:
            await self._sleep(min(1.0, self.pace / 6))
            await self._do(move, animate=True)

    async def _open(self, name: str) -> None:
        app = self.app
        if app.current_mode != name:
            await app.run_action(f"open_screen('{name}')")
            await asyncio.sleep(0.05)  # let a newly shown screen finish its first frame
        for _ in range(200):  # the first visit builds the screen
            screen = self._screen()
            if app.current_mode == name and screen.is_mounted and screen.is_attached:
                break
            await asyncio.sleep(0.02)
        if name not in self.visited:
            self.visited.append(name)

    async def _do(self, move: Move, *, animate: bool) -> None:
        screen = self._screen()
        if isinstance(move, Act):
            await self._run(move.action, move.target)
        elif isinstance(move, Until):
            for _ in range(8):
                if _read(screen, move.attr) == move.value:
                    break
                await self._run(move.action, "screen")
        else:
            await self._set_param(move, animate=animate)

    async def _run(self, actions: Actions, target: str) -> None:
        screen = self._screen()
        node = (
            self.app
            if target == "app"
            else screen
            if target == "screen"
            else screen.query_one(target)
        )
        await self.app.run_action(choose(actions, node), node)
        await asyncio.sleep(0)

    async def _nudge(self, panel: Any, action: str) -> None:
        """A panel's select or nudge, with the amount computed (the test checks the names)."""
        await self.app.run_action(action, panel)
        await asyncio.sleep(0)

    async def _set_param(self, move: SetParam, *, animate: bool) -> None:
        panel = self._screen().query_one(move.panel)
        names = [p.name for p in panel.params]
        delta = names.index(move.name) - panel.cursor
        if delta:
            await self._nudge(panel, f"select({delta})")
        param = panel.params[names.index(move.name)]
        target = (
            float(param.choices.index(move.value))
            if isinstance(move.value, str)
            else float(move.value)
        )
        nudges = nudges_to(param, target)
        pause = min(0.25, 1.5 / max(len(nudges), 1)) * min(1.0, self.pace / DEFAULT_PACE)
        for amount in nudges:
            await self._nudge(panel, f"nudge({amount})")
            if animate:
                await self._sleep(pause)

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds` of unpaused time."""
        left = seconds
        while left > 0 or (self.paused and not self._forcing):
            await asyncio.sleep(0.05)
            if self._forcing or not self.paused:
                left -= 0.05

    # captions ------------------------------------------------------------------------

    def _screen(self) -> Any:
        stack = self.app.screen_stack
        return stack[0] if stack else self.app.screen

    def _lesson_screens(self) -> list[Any]:
        screens = []
        for name in self.visited:
            screens.extend(mode_screens(self.app, name)[:1])
        return screens

    def caption_text(self) -> str:
        """`3/20 caption`; paused, the keys instead of the caption."""
        where = f"{self.index + 1}/{len(self.steps)}"
        if self.paused:
            return f"{where} PAUSED: space resumes, n/p step, escape takes over, q quits"
        return f"{where} {self.steps[self.index].caption}"

    def _show_caption(self) -> None:
        self._caption(self.caption_text())

    def _caption(self, text: str) -> None:
        if not self.running:
            return
        screen = self._screen()
        for header in screen.query(Header):
            header.display = False
        captions = list(screen.query(DemoCaption))
        if captions:
            captions[0].update(text)
        else:
            screen.mount(DemoCaption(text, id="demo-caption", markup=False))
        self.shown_caption = text
