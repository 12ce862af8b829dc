"""One small adapter per screen: read its core state, open it in a state, put it back.

All the coupling between exercises and the screens' internals is here: checks themselves
only see core state objects (`core.quantities`). When a screen is reshaped, this is the
file to follow it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.screen import Screen

from relu_tui.core.quantities import DeadSnapshot


class Adapter:
    """Reads and sets a screen's core state. `saved` is whatever `capture` returned."""

    def read(self, screen: Screen[Any]) -> Any:
        """The core state checks are judged on."""
        return screen.state  # type: ignore[attr-defined]

    def capture(self, screen: Screen[Any]) -> Any:
        """What to put back when the exercise ends."""
        return self.read(screen)

    async def open(self, screen: Screen[Any], state: Any) -> None:
        """Show the exercise's starting state (built by `core.quantities.start_state`)."""
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
        screen.state = replace(state, view=screen.state.view)  # type: ignore[attr-defined]
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
        from relu_tui.ui.screens.approx import FIT

        if screen.view != FIT:  # type: ignore[attr-defined]
            screen.action_toggle_view()  # type: ignore[attr-defined]
        screen.fit_state = state  # type: ignore[attr-defined]

    async def restore(self, screen: Screen[Any], saved: Any) -> None:
        state, view = saved
        screen.fit_state = state  # type: ignore[attr-defined]
        if screen.view != view:  # type: ignore[attr-defined]
            screen.action_toggle_view()  # type: ignore[attr-defined]


class DeadAdapter(Adapter):
    """The Dead neurons screen keeps settings, the neuron's weights and a run."""

    def read(self, screen: Screen[Any]) -> Any:
        s: Any = screen
        return DeadSnapshot(s.settings, tuple(s.weights), s.run_state.report)

    def capture(self, screen: Screen[Any]) -> Any:
        s: Any = screen
        return (s.settings, s.weights, s._trainer, s._dataset, s.run_state, s.view)

    def _stop(self, s: Any) -> None:
        if s.run_state.running:
            s._pause("")
        if s.exp_running:
            s._stop_experiment("")

    def _set_weights(self, s: Any, weights: tuple[float, ...]) -> None:
        from relu_tui.ui.screens.dead import _neuron_params
        from relu_tui.ui.widgets.param_panel import ParamPanel

        s.weights = tuple(weights)
        s.query_one("#neuron-params", ParamPanel).params = _neuron_params(s.weights)

    async def open(self, screen: Screen[Any], state: Any) -> None:
        s: Any = screen
        self._stop(s)
        s.settings = state.settings
        self._set_weights(s, state.weights)
        s._new_trainer()
        s.status_message = ""
        s._show_all()

    async def restore(self, screen: Screen[Any], saved: Any) -> None:
        s: Any = screen
        self._stop(s)
        settings, weights, trainer, dataset, run_state, view = saved
        s._token += 1  # reports of the exercise's run are dropped
        s.settings = settings
        self._set_weights(s, weights)
        s._trainer, s._dataset = trainer, dataset
        s.run_state = replace(run_state, running=False)
        s.view = view
        s.status_message = ""
        s._show_all()


ADAPTERS: dict[str, Adapter] = {
    "activations": ActivationsAdapter(),
    "dosage": Adapter(),
    "puzzle": PuzzleAdapter(),
    "dead": DeadAdapter(),
    "approx": ApproxAdapter(),
}
"""The adapter of each screen exercises run on."""
