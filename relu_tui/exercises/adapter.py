"""One small adapter per screen: read its core state, open it in a state, put it back.

All the coupling between exercises and the screens is here, and it is typed: each adapter
names what it needs from its screen as a `Protocol` (`StateHost`, `ViewHost`, `RevealHost`,
`DeadHost`, `FitHost`), and `bind` hands a screen over only after an `isinstance` check
against the screen's own class, so mypy checks that the class has every member the
protocol names. A screen that renames an action the adapter calls is a type error, not a
crash in front of a class. Checks themselves only see core state objects
(`exercises.quantities`). When a screen is reshaped, this is the file to follow it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from relu_tui.exercises.hold import Adapter, ScreenAdapter, StateT
from relu_tui.lessons.activations.state import ActivationsState
from relu_tui.lessons.approx.state import FitState
from relu_tui.lessons.dead.quantities import DeadSnapshot
from relu_tui.lessons.dead.state import DeadState
from relu_tui.lessons.dosage.state import DosageState
from relu_tui.lessons.puzzle.state import PuzzleState
from relu_tui.ui.lesson_screen import LessonScreen

if TYPE_CHECKING:
    from textual.widget import Widget

    W = TypeVar("W", bound=Widget)


class StateHost(Protocol[StateT]):
    """A screen that shows one frozen core state, read and replaced whole."""

    state: StateT


class ViewHost(StateHost[ActivationsState], Protocol):
    """Activations: the state, and the action that switches views (it lays panels out)."""

    async def action_view(self, view: str) -> None: ...


class RevealHost(StateHost[PuzzleState], Protocol):
    """The Puzzle: the state, and its own reveal of the solution."""

    def action_reveal(self) -> None: ...


class DeadHost(StateHost[DeadState], Protocol):
    """Dead neurons: the state, and the neuron's weight panel (not drawn from the state)."""

    def query_one(self, selector: str, expect_type: type[W]) -> W: ...


class FitHost(Protocol):
    """Approximation: the Fit mode's state and which mode is in front."""

    fit_state: FitState

    @property
    def view(self) -> str: ...

    def action_view(self, view: str) -> None: ...


class DosageAdapter(Adapter[StateHost[DosageState], DosageState, DosageState]):
    """Dosage: the whole state is set, and put back."""

    state_type = DosageState

    def bind(self, screen: LessonScreen) -> StateHost[DosageState] | None:
        from relu_tui.lessons.dosage.screen import DosageScreen

        return screen if isinstance(screen, DosageScreen) else None

    def read(self, screen: StateHost[DosageState]) -> object:
        return screen.state

    def capture(self, screen: StateHost[DosageState]) -> DosageState:
        return screen.state

    async def open(self, screen: StateHost[DosageState], state: DosageState) -> None:
        screen.state = state

    async def restore(self, screen: StateHost[DosageState], saved: DosageState) -> None:
        screen.state = saved


class ActivationsAdapter(Adapter[ViewHost, ActivationsState, ActivationsState]):
    """Activations: the state is set with the view switched by the screen's own action,
    which also lays out the view's panels."""

    state_type = ActivationsState

    def bind(self, screen: LessonScreen) -> ViewHost | None:
        from relu_tui.lessons.activations.screen import ActivationsScreen

        return screen if isinstance(screen, ActivationsScreen) else None

    def read(self, screen: ViewHost) -> object:
        return screen.state

    def capture(self, screen: ViewHost) -> ActivationsState:
        return screen.state

    async def open(self, screen: ViewHost, state: ActivationsState) -> None:
        view = state.view
        screen.state = replace(state, view=screen.state.view, costs=screen.state.costs)
        if view != screen.state.view:
            await screen.action_view(view)

    async def restore(self, screen: ViewHost, saved: ActivationsState) -> None:
        await self.open(screen, saved)

    def counts(self, old: object, new: object) -> bool:
        """A view switch, or new timings, is no key press."""
        if isinstance(old, ActivationsState) and isinstance(new, ActivationsState):
            return replace(old, view=new.view, costs=new.costs) != new
        return super().counts(old, new)


class PuzzleAdapter(Adapter[RevealHost, PuzzleState, PuzzleState]):
    """The Puzzle: the level's state; `s`'s reveal is the exercise's answer."""

    state_type = PuzzleState

    def bind(self, screen: LessonScreen) -> RevealHost | None:
        from relu_tui.lessons.puzzle.screen import PuzzleScreen

        return screen if isinstance(screen, PuzzleScreen) else None

    def read(self, screen: RevealHost) -> object:
        return screen.state

    def capture(self, screen: RevealHost) -> PuzzleState:
        return screen.state

    async def open(self, screen: RevealHost, state: PuzzleState) -> None:
        screen.state = state

    async def restore(self, screen: RevealHost, saved: PuzzleState) -> None:
        screen.state = saved

    def reveal(self, screen: RevealHost) -> bool:
        screen.action_reveal()
        return True

    def own_presses(self, screen: RevealHost) -> int | None:
        """The Puzzle counts its own key presses, under the same rule."""
        return screen.state.presses


class ApproxAdapter(Adapter[FitHost, FitState, tuple[FitState, str]]):
    """Approximation: exercises run in the Fit mode; the mode in front is put back."""

    state_type = FitState
    watched = "fit_state"

    def bind(self, screen: LessonScreen) -> FitHost | None:
        from relu_tui.lessons.approx.screen import ApproxScreen

        return screen if isinstance(screen, ApproxScreen) else None

    def read(self, screen: FitHost) -> object:
        return screen.fit_state

    def capture(self, screen: FitHost) -> tuple[FitState, str]:
        return (screen.fit_state, screen.view)

    async def open(self, screen: FitHost, state: FitState) -> None:
        from relu_tui.lessons.approx.screen_state import FIT

        if screen.view != FIT:
            screen.action_view(FIT)
        screen.fit_state = state

    async def restore(self, screen: FitHost, saved: tuple[FitState, str]) -> None:
        state, view = saved
        screen.fit_state = state
        if screen.view != view:
            screen.action_view(view)


class DeadAdapter(Adapter[DeadHost, DeadSnapshot, DeadState]):
    """Dead neurons: one frozen `DeadState` (settings, the neuron's weights, a run); an
    exercise opens with its settings and weights, the run paused."""

    state_type = DeadSnapshot

    def bind(self, screen: LessonScreen) -> DeadHost | None:
        from relu_tui.lessons.dead.screen import DeadScreen

        return screen if isinstance(screen, DeadScreen) else None

    def read(self, screen: DeadHost) -> object:
        state = screen.state
        return DeadSnapshot(
            state.settings,
            tuple(state.weights),
            state.snapshot.report,
            state.view,
            state.layer,
            state.unit,
        )

    def capture(self, screen: DeadHost) -> DeadState:
        return screen.state

    @staticmethod
    def _still(state: DeadState) -> DeadState:
        """`state` with its run paused and its experiment stopped, without a note."""
        return state.paused("").experiment_stopped("")

    @staticmethod
    def _show_weights(screen: DeadHost) -> None:
        from relu_tui.lessons.dead.dying import neuron_params
        from relu_tui.ui.widgets.param_panel import ParamPanel

        panel = screen.query_one("#neuron-params", ParamPanel)
        panel.params = neuron_params(screen.state.weights)

    async def open(self, screen: DeadHost, state: DeadSnapshot) -> None:
        current = self._still(screen.state).with_settings(state.settings)
        for index, weight in enumerate(state.weights):
            current = current.with_weight(f"w{index + 1}", weight)
        if state.view != "neuron":
            current = current.with_view(state.view)
        screen.state = current
        self._show_weights(screen)

    async def restore(self, screen: DeadHost, saved: DeadState) -> None:
        screen.state = self._still(saved)
        self._show_weights(screen)

    def counts(self, old: object, new: object) -> bool:
        """Only the settings and the neuron's weights: views, runs and reports are not
        key presses."""
        if isinstance(old, DeadState) and isinstance(new, DeadState):
            return (old.settings, old.weights) != (new.settings, new.weights)
        return super().counts(old, new)


ADAPTERS: dict[str, ScreenAdapter] = {
    "activations": ActivationsAdapter(),
    "dosage": DosageAdapter(),
    "puzzle": PuzzleAdapter(),
    "dead": DeadAdapter(),
    "approx": ApproxAdapter(),
}
"""The adapter of each screen exercises run on."""
