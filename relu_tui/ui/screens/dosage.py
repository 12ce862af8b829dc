"""Dosage screen: the seven-stage walk-through of a 1→2→1 ReLU network on drug dosage."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from relu_tui.core.dosage import DosageState, explanation, probe_values, stages, table
from relu_tui.core.fmt import fmt
from relu_tui.plotting import figures_dosage as figures
from relu_tui.ui.screens.base import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

PROBE_STEP = 0.01


class DosageScreen(LessonScreen):
    """Build the dosage network's output stage by stage, with the article's numbers."""

    TITLE = "Dosage network"
    HELP = (
        "A 1→2→1 network on drug dosage x, from 'Understanding ReLU Through Visual Python "
        "Examples'. The top node computes a₁ = ReLU(w₁·x + b₁), the bottom node "
        "a₂ = ReLU(w₂·x + b₂), and the output y = ReLU(w₃·a₁ + w₄·a₂ + b₃). Seven stages build "
        "y up plot by plot: bend, flip and scale, add, shift, bend again. Each stage's table "
        "lists the node values at dosages 0, 0.2, 0.6 and 1.0; stage 1 reproduces the article's "
        "table. Earlier curves stay faint behind the current one.\n\n"
        "n/p step through the stages, o shows all seven at once, a swaps ReLU for Softplus (the "
        "activation of the articles before this one), ',' and '.' move the dosage probe, whose "
        "node values are listed under the parameters. Edit any weight, bias or the dosage range "
        "in the panel; stage 7's description of the output bump is recomputed from them. r "
        "restores the article's values."
    )
    BINDINGS = [
        Binding("n,pagedown", "step(1)", "Next stage"),
        Binding("p,pageup", "step(-1)", "Prev stage"),
        Binding("o", "overview", "Overview"),
        Binding("a", "toggle_activation", "ReLU/Softplus"),
        Binding("full_stop", "probe(1)", "Probe right", show=False),
        Binding("comma", "probe(-1)", "Probe left", show=False),
    ]
    """Stage stepping, overview, activation toggle and the dosage probe."""

    state: reactive[DosageState] = reactive(DosageState, always_update=True)
    """Parameters, current stage, activation, overview flag and probe."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dosage-main"):
            with Vertical(id="dosage-side"):
                yield ParamPanel(self.state.params, title="Parameters", id="dosage-params")
                yield Static(id="stage-diagram")
                yield Static(id="dosage-probe")
            with Vertical(id="dosage-stage"):
                yield Static(id="stage-heading")
                yield PlotView(id="stage-plot")
                yield Static(id="stage-table")
            with Grid(id="dosage-overview"):
                for number in range(1, 8):
                    yield PlotView(id=f"overview-{number}")
                yield Static(id="overview-note")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ParamPanel).focus()
        self._show(self.state)

    def watch_state(self, state: DosageState) -> None:
        if self.is_mounted:
            self._show(state)

    def _show(self, state: DosageState) -> None:
        self.set_class(state.overview, "-overview")
        self.query_one(ParamPanel).params = state.params
        self.query_one("#dosage-probe", Static).update(self._probe_text(state))
        if state.overview:
            for number, spec in enumerate(figures.overview_figures(state), start=1):
                self.query_one(f"#overview-{number}", PlotView).spec = spec
            self.query_one("#overview-note", Static).update(
                Text("All seven stages.\n" + explanation(state, stages(state.activation)[6])
                     + "\n\no returns to one stage."))
            return
        stage = stages(state.activation)[state.stage - 1]
        heading = Text()
        heading.append(f"{stage.number}/7 {stage.title}: ", style="bold")
        heading.append(f"{stage.formula}\n", style="bold italic")
        heading.append(explanation(state, stage))
        self.query_one("#stage-heading", Static).update(heading)
        diagram = Text(no_wrap=True, overflow="crop")
        for piece, lit in figures.diagram(state, ascii_only=self.app.ascii_only):
            diagram.append(piece, style="bold reverse" if lit else "dim")
        self.query_one("#stage-diagram", Static).update(diagram)
        self.query_one("#stage-plot", PlotView).spec = figures.stage_figure(state, stage)
        headings, rows = table(state, stage)
        grid = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for heading_text in headings:
            grid.add_column(heading_text, justify="right")
        for row in rows:
            grid.add_row(*row)
        self.query_one("#stage-table", Static).update(grid)

    def _probe_text(self, state: DosageState) -> Text:
        values = probe_values(state)
        act = "ReLU" if state.activation == "relu" else "Softplus"
        text = Text()
        text.append(f"probe x = {fmt(state.probe)}", style="bold")
        text.append("  (, . move)\n")
        text.append(f"z₁ {fmt(values['z1'])}  a₁ {fmt(values['a1'])}  w₃a₁ {fmt(values['top'])}\n")
        text.append(f"z₂ {fmt(values['z2'])}  a₂ {fmt(values['a2'])}  w₄a₂ {fmt(values['bottom'])}\n")
        text.append(f"sum+b₃ {fmt(values['z3'])}  y = {act} = {fmt(values['y'])}")
        return text

    def action_step(self, delta: int) -> None:
        """Next or previous stage (leaves the overview)."""
        self.state = DosageState(**{**self.state.__dict__, "overview": False}).stepped(delta)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and not self.state.overview:
            (delta,) = parameters
            target = self.state.stage + int(delta)  # type: ignore[call-overload]
            return True if 1 <= target <= 7 else None
        return True

    def action_overview(self) -> None:
        """All seven stages in a grid, or back to one."""
        self.state = self.state.toggled_overview()

    def action_toggle_activation(self) -> None:
        """ReLU ↔ Softplus in both hidden nodes and the output."""
        self.state = self.state.toggled_activation()
        act = "Softplus" if self.state.activation == "softplus" else "ReLU"
        self.notify(f"Activation: {act}", timeout=2)

    def action_probe(self, direction: int) -> None:
        """Move the dosage probe by 0.01."""
        self.state = self.state.probed(direction * PROBE_STEP)

    def action_reset(self) -> None:
        """The article's values, stage 1."""
        self.state = DosageState()
        self.query_one(ParamPanel).message = "restored the article's values"

    @on(ParamPanel.Changed)
    def _apply_param(self, event: ParamPanel.Changed) -> None:
        try:
            self.state = self.state.with_param(event.name, event.value)
        except ValueError as error:
            event.panel.message = f"{error}; kept the old range"
