"""One small adapter per screen: read its core state, open it in a state, put it back.

All the coupling between exercises and the screens' internals is here: checks themselves
only see core state objects (`exercises.quantities`). When a screen is reshaped, this is the
file to follow it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.screen import Screen

from relu_tui.exercises.quantities import DeadSnapshot


class Adapter:
    """Reads and sets a screen's core state. `saved` is whatever `capture` returned."""

    def read(self, screen: Screen[Any]) -> Any:
        """The core state checks are judged on."""
        return screen.state  # type: ignore[attr-defined]

    def capture(self, screen: Screen[Any]) -> Any:
        """What to put back when the exercise ends."""
        return self.read(screen)

    async def open(self, screen: Screen[Any], state: Any) -> None:
        """Show the exercise's starting state (built by `exercises.quantities.start_state`)."""
        screen.state = state  # type: ignore[attr-defined]

    async def restore(self, screen: Screen[Any], saved: Any) -> None:
        """Put back what `capture` took."""
        await self.open(screen, saved)

    def reveal(self, screen: Screen[Any]) -> bool:
        """Show the solution on the screen itself, if the screen has one (False: it has not)."""
        return False


class ActivationsAdapter(Adapter):
    async def open(self, screen: Screen[Any], state: Any) -> None:
        view = state.view
        current = screen.state  # type: ignore[attr-defined]
        screen.state = replace(state, view=current.view, costs=current.costs)  # type: ignore[attr-defined]
        if view != screen.state.view:  # type: ignore[attr-defined]
            await screen.action_view(view)  # type: ignore[attr-defined]


class PuzzleAdapter(Adapter):
    async def open(self, screen: Screen[Any], state: Any) -> None:
        screen.state = state  # type: ignore[attr-defined]

    def reveal(self, screen: Screen[Any]) -> bool:
        screen.action_reveal()  # type: ignore[attr-defined]
        return True


class ApproxAdapter(Adapter):
    def read(self, screen: Screen[Any]) -> Any:
        return screen.fit_state  # type: ignore[attr-defined]

    def capture(self, screen: Screen[Any]) -> Any:
        return (screen.fit_state, screen.view)  # type: ignore[attr-defined]

    async def open(self, screen: Screen[Any], state: Any) -> None:
        from relu_tui.lessons.approx.screen import FIT

        if screen.view != FIT:  # type: ignore[attr-defined]
            screen.action_toggle_view()  # type: ignore[attr-defined]
        screen.fit_state = state  # type: ignore[attr-defined]

    async def restore(self, screen: Screen[Any], saved: Any) -> None:
        state, view = saved
        screen.fit_state = state  # type: ignore[attr-defined]
        if screen.view != view:  # type: ignore[attr-defined]
            screen.action_toggle_view()  # type: ignore[attr-defined]


class DeadAdapter(Adapter):
    """The Dead neurons screen: one frozen `DeadState` (settings, the neuron's weights, a run)."""

    def read(self, screen: Screen[Any]) -> Any:
        state = screen.state  # type: ignore[attr-defined]
        return DeadSnapshot(state.settings, tuple(state.weights), state.snapshot.report)

    def capture(self, screen: Screen[Any]) -> Any:
        return screen.state  # type: ignore[attr-defined]

    @staticmethod
    def _still(state: Any) -> Any:
        """`state` with its run paused and its experiment stopped, without a note."""
        return state.paused("").experiment_stopped("")

    @staticmethod
    def _show_weights(screen: Screen[Any]) -> None:
        from relu_tui.lessons.dead.dying import neuron_params
        from relu_tui.ui.widgets.param_panel import ParamPanel

        weights = screen.state.weights  # type: ignore[attr-defined]
        screen.query_one("#neuron-params", ParamPanel).params = neuron_params(weights)

    async def open(self, screen: Screen[Any], state: Any) -> None:
        current = self._still(screen.state)  # type: ignore[attr-defined]
        current = current.with_settings(state.settings)
        for index, weight in enumerate(state.weights):
            current = current.with_weight(f"w{index + 1}", weight)
        screen.state = current  # type: ignore[attr-defined]
        self._show_weights(screen)

    async def restore(self, screen: Screen[Any], saved: Any) -> None:
        screen.state = self._still(saved)  # type: ignore[attr-defined]
        self._show_weights(screen)


ADAPTERS: dict[str, Adapter] = {
    "activations": ActivationsAdapter(),
    "dosage": Adapter(),
    "puzzle": PuzzleAdapter(),
    "dead": DeadAdapter(),
    "approx": ApproxAdapter(),
}
"""The adapter of each screen exercises run on."""
