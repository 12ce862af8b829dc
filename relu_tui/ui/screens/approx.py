"""Approximation screen: curves from sums of shifted ReLUs, and a network trained with and without ReLU."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Input, Static

from relu_tui.core.approx import MAX_UNITS, FitState, tour_caption, tour_next
from relu_tui.core.fmt import fmt
from relu_tui.core.parse import InputError
from relu_tui.plotting import figures_approx as figures
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

FIT, TRAIN = "fit-view", "train-view"
UNITS = Binding.Group("Units")


class ApproxScreen(LessonScreen):
    """Mode 1: fit any curve with N shifted ReLUs. Mode 2: train the notebook's network."""

    TITLE = "Approximation"
    HELP = (
        "A ReLU network's output is a weighted sum of differently shifted ReLUs: "
        "f(x) ≈ c + m·x + Σ wᵢ·ReLU(x − hᵢ). Each term bends the line at its knot hᵢ; "
        "with more terms the bends get smaller and the piecewise-linear sum looks smooth.\n\n"
        "Fit (mode 1): pick a target in the panel or type your own expression in x with e "
        "(numbers, x, pi, e, + - * / ** %, and sin cos tan exp log sqrt abs tanh relu step "
        "min max …). N shifted ReLUs are fitted by least squares; knots sit evenly or where f "
        "curves most. The lower plot shows RMSE and max error against N on log scales. "
        "+ and - change N by one, * and / double or halve it, s steps through the article's "
        "sequence (1, 2, 5, 10, 20, 100 units).\n\n"
        "r resets the fit."
    )
    BINDINGS = [
        Binding("plus,equals_sign", "units(1)", "More units", group=UNITS),
        Binding("minus", "units(-1)", "Fewer units", group=UNITS),
        Binding("asterisk", "scale_units(2)", "Double units", show=False),
        Binding("slash", "scale_units(0.5)", "Halve units", show=False),
        Binding("s", "tour", "Tour"),
        Binding("e", "edit_expression", "f(x)"),
        Binding("escape", "cancel_expression", "Cancel expression", show=False),
    ]
    """Mode 1 keys; r (reset) comes from LessonScreen."""

    fit_state: reactive[FitState] = reactive(FitState.initial, always_update=True)
    """Mode 1: the target, N, knot placement and interval."""

    view: reactive[str] = reactive(FIT)
    """Which mode is in front: FIT or TRAIN."""

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial=FIT, id="approx-switcher"):
            with Horizontal(id=FIT):
                with Vertical(id="fit-side"):
                    yield ParamPanel(self.fit_state.params, title="Fit", id="fit-params")
                    yield Input(id="expr-input", placeholder="f(x) = … e.g. sin(3*x) + x**2/4",
                                max_length=10_000, compact=True)
                    yield Static(id="expr-message", markup=False)
                    yield Static(id="fit-stats", markup=False)
                with Vertical(id="fit-plots"):
                    yield PlotView(id="fit-plot")
                    yield PlotView(id="error-plot")

    def on_mount(self) -> None:
        options = self.app.launch_options
        if "target" in options or "units" in options:
            try:
                self.fit_state = FitState.from_spec(options.get("target"), options.get("units"))
            except InputError as error:
                self.notify_error(f"--target: {error}; showing sin x instead")
        self._show_fit(self.fit_state)
        self.query_one("#fit-params", ParamPanel).focus()

    def watch_fit_state(self, state: FitState) -> None:
        if self.is_mounted:
            self._show_fit(state)

    def _show_fit(self, state: FitState) -> None:
        fit = state.fit
        self.query_one("#fit-params", ParamPanel).params = state.params
        self.query_one("#fit-plot", PlotView).spec = figures.fit_figure(fit)
        self.query_one("#error-plot", PlotView).spec = figures.error_figure(state.sweep, fit)
        self.query_one("#fit-stats", Static).update(self._fit_stats(state))

    @staticmethod
    def _fit_stats(state: FitState) -> Text:
        fit, target, model = state.fit, state.target, state.fit.model
        text = Text()
        text.append(f"f(x) = {target.text}\n", style="bold")
        text.append(f"on [{fmt(target.lo)}, {fmt(target.hi)}]\n")
        text.append(f"N = {fit.units} units, {fit.placement} knots\n")
        text.append(f"RMSE {fmt(fit.rmse, 6)}\nmax error {fmt(fit.max_error, 6)}\n")
        text.append(f"c = {fmt(model.c)}  m = {fmt(model.m)}\n")
        caption = tour_caption(fit.units)
        if caption:
            text.append(caption, style="italic")
        return text

    @on(ParamPanel.Changed, "#fit-params")
    def _apply_fit_param(self, event: ParamPanel.Changed) -> None:
        panel = self.query_one("#fit-params", ParamPanel)
        try:
            self.fit_state = self.fit_state.with_param(event.name, event.value)
        except InputError as error:
            panel.message = f"{error}; kept the previous target"
            panel.params = self.fit_state.params

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        editing = self.query_one("#expr-input", Input).has_class("-open") if self.is_mounted else False
        if action == "cancel_expression":
            return editing
        if action in ("units", "scale_units", "tour", "edit_expression"):
            if editing:
                return False
            if action == "units":
                (delta,) = parameters
                at_limit = self.fit_state.units == (MAX_UNITS if delta > 0 else 1)  # type: ignore[operator]
                return None if at_limit else True
        return True

    def action_units(self, delta: int) -> None:
        """Change N by delta."""
        self._set_units(self.fit_state.units + delta)

    def action_scale_units(self, factor: float) -> None:
        """Multiply N by factor (×2 or ÷2), rounding, staying in 1…200."""
        self._set_units(max(1, round(self.fit_state.units * factor)))

    def action_tour(self) -> None:
        """Jump to the next N of the article's sequence."""
        units, caption = tour_next(self.fit_state.units)
        self._set_units(units)
        self.query_one("#fit-params", ParamPanel).message = f"N = {units}: {caption}"

    def _set_units(self, units: int) -> None:
        new = self.fit_state.with_units(units)
        if new.units != self.fit_state.units:
            self.fit_state = new
        else:
            self.query_one("#fit-params", ParamPanel).message = f"N is at its limit ({new.units})"
        self.refresh_bindings()

    def action_edit_expression(self) -> None:
        """Open the expression field with the last typed expression."""
        field = self.query_one("#expr-input", Input)
        field.value = self.fit_state.typed_text
        field.add_class("-open")
        self.query_one("#expr-message", Static).update(
            "type f(x), enter to fit, escape to cancel")
        field.focus()
        self.refresh_bindings()

    def action_cancel_expression(self) -> None:
        """Close the expression field; nothing changes."""
        self._close_expression()

    def _close_expression(self) -> None:
        self.query_one("#expr-input", Input).remove_class("-open")
        self.query_one("#expr-message", Static).update("")
        self.query_one("#fit-params", ParamPanel).focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#expr-input")
    def _apply_expression(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.fit_state = self.fit_state.with_expression(event.value)
        except InputError as error:
            self.query_one("#expr-message", Static).update(
                f"{error}; kept f(x) = {self.fit_state.target.text}")
            return
        self._close_expression()

    def action_reset(self) -> None:
        """Back to sin x with 10 even knots."""
        self.fit_state = FitState.initial()
        self.query_one("#fit-params", ParamPanel).message = "reset to sin x, N = 10"
        self.refresh_bindings()
