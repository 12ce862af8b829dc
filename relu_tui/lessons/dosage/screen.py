"""Dosage screen: the seven-stage walk-through of a 1→2→1 ReLU network on drug dosage."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from relu_tui.base.ascii import ascii_params
from relu_tui.base.fmt import fmt
from relu_tui.lessons.dosage import figures
from relu_tui.lessons.dosage.stages import explanation, stages, table, table_dosages
from relu_tui.lessons.dosage.state import TABLE_DOSAGES, DosageState, probe_values
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.plot_view import PlotView

PROBE_STEP = 0.01
"""The probe moves in hundredths of a dose (',' and '.')."""

STAGE_KEYS = Binding.Group("Stage", compact=True)


HEADING_ROWS = 5
"""#stage-heading's height (dosage.tcss)."""
PLOT_MIN_ROWS = 11
"""The stage plot's rows for 6 data rows: legend, frame, tick labels and axis label."""


class DosageScreen(LessonScreen):
    """Build the dosage network's output stage by stage, with the article's numbers."""

    TITLE = "Dosage network"
    LESSON = "dosage"
    HELP = (
        "A 1→2→1 network on drug dosage x, from 'Understanding ReLU Through Visual Python "
        "Examples'. The top node computes a₁ = ReLU(w₁·x + b₁), the bottom node "
        "a₂ = ReLU(w₂·x + b₂), and the output y = ReLU(w₃·a₁ + w₄·a₂ + b₃). Seven stages build "
        "y up plot by plot: bend, flip and scale, add, shift, bend again. Each stage's table "
        "lists the node values at dosages 0, 0.2, 0.6 and 1.0; stage 1 reproduces the article's "
        "table, and stage 7 adds the dosages inside the output's bump and zooms its plot on "
        "the bump. Earlier curves stay faint behind the current one, and the diagram lights "
        "the part of the network the stage is about.\n\n"
        "The grid shows all seven stages at once. Softplus (the activation of the articles "
        "before this one) can replace ReLU in every node. The dosage probe is the lit column "
        "on the plot; every node's value there is listed under the diagram. Edit any weight, "
        "bias or the dosage range in the panel; the stage sentences and stage 7's account of "
        "the output bump are computed from them."
    )
    BINDINGS = [
        Binding("n", "step(1)", "Next stage", group=STAGE_KEYS),
        Binding("p", "step(-1)", "Previous stage", group=STAGE_KEYS),
        # The page keys apart and hidden: in the group they would show run together
        # with n and p ("pgdnpgup Stage").
        Binding("pagedown", "step(1)", "Next stage", show=False),
        Binding("pageup", "step(-1)", "Previous stage", show=False),
        Binding("o", "overview", "Grid"),
        Binding("a", "activation('softplus')", "Softplus"),
        Binding("a", "activation('relu')", "ReLU"),
        Binding("full_stop", "probe(1)", "Probe right", show=False),
        Binding("comma", "probe(-1)", "Probe left", show=False),
    ]
    """Stage stepping, overview, activation toggle and the dosage probe."""

    state: var[DosageState] = var(DosageState, always_update=True)
    """Parameters, current stage, activation, overview flag and probe."""

    def __init__(self) -> None:
        super().__init__()
        self._warm_timer: Timer | None = None
        self._warmed: tuple[object, ...] | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="dosage-main"):
            with Vertical(id="dosage-side"):
                yield ParamPanel(
                    self.state.params,
                    title="Parameters",
                    id="dosage-params",
                    apply=self._apply_param,
                )
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
        launched = self.launch_state()  # the command line's settings (the lesson's state_from)
        if launched is not None:
            self.state = launched
        self.query_one(ParamPanel).focus()
        self._show(self.state)

    def watch_state(self, state: DosageState) -> None:
        if self.is_mounted:
            self._show(state)

    def _show(self, state: DosageState) -> None:
        ascii_only = self.display_options.ascii_only
        self.set_class(state.overview, "-overview")
        panel = self.query_one(ParamPanel)
        shown = ascii_params(state.params) if ascii_only else state.params
        if panel.params is not shown:
            panel.params = shown
        act = stages(state.activation)
        if state.overview:
            specs = figures.overview_figures(state, ascii_only=ascii_only)
            for number, spec in enumerate(specs, 1):
                view = self.query_one(f"#overview-{number}", PlotView)
                view.spec = spec
                view.mark_x = state.probe
            self.update_static(
                "#overview-note",
                (state.params, state.activation, state.probe),
                lambda _: self._overview_note(state, ascii_only),
                layout=False,
            )
            return
        stage = act[state.stage - 1]
        # These Statics have fixed sizes: an update needs no new layout.
        show = partial(self.update_static, layout=False)
        show(
            "#stage-heading",
            (state.stage, explanation(state, stage), ascii_only),
            lambda key: self._heading(stage, key[1], ascii_only),
        )
        show(
            "#stage-diagram",
            (state.stage, state.activation, ascii_only),
            lambda _: self._diagram(state, ascii_only),
        )
        show(
            "#dosage-probe",
            (state.params, state.activation, state.probe, ascii_only),
            lambda _: self._probe_text(state, ascii_only),
        )
        dosages = table_dosages(state, stage)  # stage 7 adds the bump's dosages
        keep = self._table_rows(dosages)
        show(
            "#stage-table",
            (state.params, state.activation, state.stage, ascii_only, keep),
            lambda _: self._table(state, stage, ascii_only, keep),
        )
        rows = 1 + len(keep) + (len(keep) < len(dosages))
        table_box = self.query_one("#stage-table")
        if table_box.styles.height is None or table_box.styles.height.value != rows:
            table_box.styles.height = rows
        plot = self.query_one("#stage-plot", PlotView)
        plot.spec = figures.stage_figure(state, stage, ascii_only=ascii_only)
        plot.mark_x = state.probe
        self._warm_stages(state)

    def _warm_stages(self, state: DosageState) -> None:
        """Once per parameter set, draw the other stages ahead while the keys pause, nearest
        first, one per timer tick (a drawing takes ~10 ms, so a key arriving meanwhile waits
        at most that long). Stepping through the stages then only shows kept drawings."""
        key = (state.params, state.activation)
        if key == self._warmed:
            return
        self._warmed = key
        if self._warm_timer is not None:
            self._warm_timer.stop()
        order = sorted(range(1, 8), key=lambda n: (abs(n - state.stage), n < state.stage))
        self._warm_timer = self.set_timer(0.3, lambda: self._warm(state, tuple(order[1:])))

    def _warm(self, state: DosageState, numbers: tuple[int, ...]) -> None:
        self._warm_timer = None
        current = self.state
        if not numbers or (current.params, current.activation) != (state.params, state.activation):
            return
        if not current.overview:
            ascii_only = self.display_options.ascii_only
            stage = stages(state.activation)[numbers[0] - 1]
            self.query_one("#stage-plot", PlotView).prefetch(
                figures.stage_figure(state, stage, ascii_only=ascii_only)
            )
        self._warm_timer = self.set_timer(0.02, lambda: self._warm(state, numbers[1:]))

    @staticmethod
    def _heading(stage: Any, sentence: str, ascii_only: bool) -> Text:
        heading = Text()
        heading.append(figures.plain(f"{stage.number}/7 {stage.title}\n", ascii_only), style="bold")
        heading.append(figures.plain(stage.formula, ascii_only) + "\n", style="bold italic")
        heading.append(figures.plain(sentence, ascii_only))
        return heading

    @staticmethod
    def _diagram(state: DosageState, ascii_only: bool) -> Text:
        diagram = Text(no_wrap=True, overflow="crop")
        for piece, lit in figures.diagram(state, ascii_only=ascii_only):
            diagram.append(piece, style="bold reverse" if lit else "dim")
        return diagram

    def _table_rows(self, dosages: tuple[float, ...]) -> tuple[int, ...]:
        """Which table rows to list: all where the plot keeps PLOT_MIN_ROWS rows; else the
        ones that fit beside a "more" line: the bump's own dosages first, then the range's
        ends (the others read y = 0, and the probe reads any dosage)."""
        room = self.app.size.height - 2 - HEADING_ROWS - PLOT_MIN_ROWS - 1
        if room >= len(dosages):
            return tuple(range(len(dosages)))
        article = set(TABLE_DOSAGES)
        ends = {0, len(dosages) - 1}
        order = sorted(range(len(dosages)), key=lambda i: (dosages[i] in article, i not in ends, i))
        return tuple(sorted(order[: max(2, room - 1)]))

    @staticmethod
    def _table(
        state: DosageState, stage: Any, ascii_only: bool, keep: tuple[int, ...] | None = None
    ) -> Text:
        """Right-aligned columns, two spaces apart, headings bold (a Text, cheaper to draw
        than a Rich Table); only the rows `keep` names, then a line naming the others."""
        headings, rows = table(state, stage)
        left_out = []
        if keep is not None and len(keep) < len(rows):
            left_out = [rows[i][0] for i in range(len(rows)) if i not in keep]
            rows = tuple(rows[i] for i in keep)
        headings = tuple(figures.plain(heading, ascii_only) for heading in headings)
        widths = [max(len(row[i]) for row in (headings, *rows)) for i in range(len(headings))]
        grid = Text(no_wrap=True, overflow="crop")
        grid.append(
            "  ".join(h.rjust(w) for h, w in zip(headings, widths, strict=True)), style="bold"
        )
        for row in rows:
            grid.append("\n" + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
        if left_out:
            grid.append(
                f"\n... {', '.join(left_out)} left out (probe: , .)",
                style="dim",
            )
        return grid

    @staticmethod
    def _probe_text(state: DosageState, ascii_only: bool) -> Text:
        """Every node's value at the probe, three decimals, one line per path (cropped, never
        wrapped, so the box keeps its height)."""
        v = {name: fmt(value, 3) for name, value in probe_values(state).items()}
        act = "ReLU" if state.activation == "relu" else "Softplus"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"probe x = {fmt(state.probe)}", style="bold")
        text.append("  (, . move)\n")
        text.append(f"z₁ {v['z1']}  a₁ {v['a1']}  ×w₃ {v['top']}\n")
        text.append(f"z₂ {v['z2']}  a₂ {v['a2']}  ×w₄ {v['bottom']}\n")
        text.append(f"sum {v['combined']}  sum+b₃ {v['z3']}\n")
        text.append(f"y = {act}(sum+b₃) = {v['y']}", style="bold")
        if ascii_only:
            text = Text(
                figures.plain(text.plain, True), spans=text.spans, no_wrap=True, overflow="ellipsis"
            )
        return text

    @staticmethod
    def _overview_note(state: DosageState, ascii_only: bool) -> Text:
        final = stages(state.activation)[6]
        note = Text("Grid (o: back)\n", style="bold")
        note.append(figures.plain(explanation(state, final), ascii_only))
        values = probe_values(state)
        note.append(f"\nAt x = {fmt(state.probe)}: y = {fmt(values['y'])}")
        return note

    def action_step(self, delta: int) -> None:
        """Next or previous stage (leaves the overview)."""
        was_overview = self.state.overview
        self.state = replace(self.state, overview=False).stepped(delta)
        if was_overview:
            self._after_overview_change(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "activation":
            return parameters[0] != self.state.activation  # the key names what it switches to
        if action == "step" and not self.state.overview:
            (delta,) = parameters
            target = self.state.stage + int(delta)  # type: ignore[call-overload]
            return True if 1 <= target <= 7 else None
        return True

    def action_overview(self) -> None:
        """All seven stages in a grid, or back to one."""
        self.state = self.state.toggled_overview()
        self._after_overview_change(self.state.overview)

    def _after_overview_change(self, overview: bool) -> None:
        """The parameter panel is hidden in the overview: it gives up the keys there."""
        panel = self.query_one(ParamPanel)
        if overview:
            self.set_focus(None)
        elif not panel.has_focus:
            panel.focus()
        self.refresh_bindings()

    def action_activation(self, name: str) -> None:
        """ReLU or Softplus in both hidden nodes and the output."""
        if name != self.state.activation:
            self.state = self.state.toggled_activation()

    def action_probe(self, direction: int) -> None:
        """Move the dosage probe by 0.01."""
        self.state = self.state.probed(direction * PROBE_STEP)

    def action_reset(self) -> None:
        """The article's values, stage 1, ReLU."""
        overview = self.state.overview
        self.state = DosageState()
        self.query_one(ParamPanel).message = "restored the article's values"
        if overview:
            self._after_overview_change(False)

    def _apply_param(self, event: ParamPanel.Changed) -> None:
        try:
            self.state = self.state.with_param(event.name, event.value)
        except ValueError as error:
            event.panel.message = f"{error}; kept the old range"
