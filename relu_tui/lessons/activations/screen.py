"""Activations screen: values and gradients of ReLU and its family, a plot of one with its
derivative, the seed's 2x2 comparison, "Why ReLU" and "Is it linear?"."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import AwaitMount, Widget
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import get_current_worker

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.lessons.activations import figures
from relu_tui.lessons.activations.state import VIEW_LIST, VIEWS, ActivationsState
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.ui.lesson_screen import LessonScreen
from relu_tui.ui.widgets.inline_prompt import InlinePrompt
from relu_tui.ui.widgets.param_panel import ParamPanel
from relu_tui.ui.widgets.picker import PickerScreen
from relu_tui.ui.widgets.plot_view import PlotView
from relu_tui.ui.widgets.row_table import RowTable
from relu_tui.ui.widgets.view_bar import ViewBar

TIMING_DELAY = 1.0
"""Seconds after the screen opens before the per-element costs are measured."""
WHY_BASE = ("sigmoid", "relu")
"""The seed's comparison: Sigmoid vs ReLU (the highlighted activation joins as a third)."""
SCREEN_ACTIONS = frozenset(
    {
        "show_grad",
        "pick",
        "edit_inputs",
        "next_view",
        "view",
        "move",
        "reset",
        "relu_between",
        "new_layers",
    }
)
"""The screen's own keys: none of them acts while the inputs field is open."""
VIEW_ACTIONS = {
    "show_grad": ("table", "compare"),
    "pick": ("table", "linear"),
    "edit_inputs": ("table",),
    "move": ("table", "why", "linear", "explained"),
    "new_layers": ("explained",),
    "relu_between": ("explained",),
}
"""The views where each key does something; elsewhere it is hidden from the footer."""
EXPLAINED_HELP = (
    "ReLU Explained (x): seed 004's last lessons, computed. Top: two nn.Linear layers "
    "stacked equal the one layer W = W2 W1, b = W2 b1 + b2 (an affine map sends midpoints "
    "to midpoints; the gap printed is rounding). b inserts ReLU between them: the midpoint "
    "test breaks, no single layer exists, and that is why networks need a non-linearity. "
    "n draws new layers. Bottom left: y = sin x trained with and without a ReLU on the "
    "output: with it, every negative target is stuck at 0 (the ReLU's gradient there is 0). "
    "Bottom right: three ways to use the highlighted activation in PyTorch ([ and ] pick "
    "it), with the tensors torch prints, reproduced by relu-tui's core."
)
"""Help for the ReLU Explained view (its panels come from `explained_view`, imported when
the view first shows: its core trains networks and is not needed for the first frame)."""
RESET_NOTE = "reset to the defaults"
LINEAR_LOWER_ROWS = 14
"""Lines of the notebook layer block under the checks table in Is it linear?."""


class ActivationsScreen(LessonScreen):
    """ReLU and its family as numbers, curves and comparisons, all from the core."""

    TITLE = "Activations"
    LESSON = "activations"
    HELP = (
        "ReLU(x) = max(0, x): positive numbers pass through, negative ones become 0. Its "
        "gradient is 1 for x > 0 and 0 for x <= 0 (ReLU'(0) = 0, as in PyTorch).\n\n"
        "Table: one row per activation, one column per input, values or gradients; the "
        "inputs are a comma-separated list you can type, and you pick which activations are "
        "rows. The plot shows the highlighted activation and its derivative (named in its "
        "key), and the panel beside it holds that activation's parameters and the x range.\n\n"
        "Compare: the 2x2 figure of 'ReLU Explained'. Why ReLU: sigmoid's gradient is at "
        "most 0.25, so after N layers at most 0.25^N is left; ReLU keeps 1. Costs are measured "
        "on this machine when the screen opens. Is it linear?: a linear f has f(c*a) = c*f(a) "
        "and f(a+b) = f(a)+f(b); the checks run on the table's inputs, and the notebook's "
        "layer shows that a bias alone already breaks linearity.\n\n" + EXPLAINED_HELP
    )
    BINDINGS = [
        Binding("g", "show_grad(True)", "Gradients"),
        Binding("g", "show_grad(False)", "Values"),
        Binding("a", "pick", "Pick"),
        # priority: runs as the key arrives, so the keys typed right after it (a burst over SSH)
        # already go to the field; check_action lets it through to any open text field.
        Binding("e", "edit_inputs", "Inputs", priority=True),
        Binding("v", "next_view", "View"),
        Binding("t", "view('table')", "Table view", show=False),
        Binding("c", "view('compare')", "Compare view", show=False),
        Binding("w", "view('why')", "Why ReLU view", show=False),
        Binding("i", "view('linear')", "Is it linear? view", show=False),
        Binding("x", "view('explained')", "ReLU Explained view", show=False),
        Binding("b", "relu_between", "ReLU between"),
        Binding("n", "new_layers", "New layers", show=False),
        Binding("right_square_bracket", "move(1)", "Next activation", show=False),
        Binding("left_square_bracket", "move(-1)", "Previous activation", show=False),
    ]
    """Screen keys; r (reset) and ? (help) come from LessonScreen."""

    CLOCK: Callable[[], float] = staticmethod(time.perf_counter)
    """The clock used to time activations (tests and snapshots inject a fake one)."""

    TIMING_SIZE = 100_000
    """Values per timing run (tests shrink it)."""

    state: reactive[ActivationsState] = reactive(
        ActivationsState, always_update=True, repaint=False
    )
    """Inputs, chosen activations and their parameters, view."""

    @dataclass
    class CostMeasured(Message):
        """The timing worker measured one activation."""

        name: str
        ns: float

    def compose_body(self) -> ComposeResult:
        yield ViewBar(VIEW_LIST, id="view-bar")
        with ContentSwitcher(initial="table", id="views"), Vertical(id="table"):
            yield RowTable(id="values")
            yield InlinePrompt(
                self._apply_inputs, placeholder="inputs, e.g. 5, 2, 0, -3, -10", id="inputs"
            )
            with Horizontal(id="table-lower"):
                yield PlotView(id="act-plot")
                with Vertical(id="table-side"):
                    yield ParamPanel(
                        title="Parameters (tab)", id="act-params", apply=self._apply_param
                    )
                    yield Static(id="act-info", markup=False)

    def _later_views(self) -> list[Widget]:
        """The compare, why and linear views, hidden until asked for (see `_mount_views`)."""
        return [
            Grid(*(PlotView(id=f"cmp-{index}") for index in range(4)), id="compare"),
            Vertical(
                Static(id="why-table", markup=False),
                Horizontal(
                    ParamPanel(title="Layers", id="layers-panel", apply=self._apply_param),
                    PlotView(id="layers-plot"),
                    id="why-lower",
                ),
                id="why",
            ),
            Vertical(
                RowTable(id="linear-table"),
                Static(id="linear-identity", markup=False),
                Horizontal(
                    Static(id="linear-detail", markup=False),
                    Static(id="linear-affine", markup=False),
                    id="linear-lower",
                ),
                id="linear",
            ),
            Vertical(
                Static(id="explained-layers", markup=False),
                Horizontal(
                    Vertical(
                        PlotView(id="explained-plot"),
                        Static(id="explained-output", markup=False),
                        id="explained-left",
                    ),
                    Static(id="explained-ways", markup=False),
                    id="explained-lower",
                ),
                id="explained",
            ),
        ]

    def __init__(self) -> None:
        super().__init__()
        # Timing competes with drawing for the interpreter: start it once the screen has
        # settled, or at once when the Why ReLU view asks for it.
        self._timing_started = False
        self._views_mount: AwaitMount | None = None
        self._views_ready = False
        """The views other than the table are mounted (see `_mount_views`)."""
        self._noted: ActivationsState | None = None
        """The state the reset note describes (the note goes once the state changes)."""

    def on_mount(self) -> None:
        launched = self.launch_state()  # the command line's settings (the lesson's state_from)
        if launched is not None:
            self.state = launched
        self._show(self.state)
        self.query_one("#values", RowTable).focus()
        self._tab_hint(self.state.view)
        self.call_after_refresh(self._mount_views)
        self.set_timer(TIMING_DELAY, self._start_timing)

    async def _mount_views(self) -> None:
        """Mount the hidden views once the first frame is on screen.

        Only the table is composed with the screen: the other views are 19 of its 51
        widgets, and composing, styling and mounting them delayed the first frame for
        nothing on screen. A view key pressed before they are mounted (the first few ms)
        waits for them (`action_view`), so the keys after it reach the view. For the same reason
        `lessons.activations.linearity`, which only these views and the timing use, is
        imported where they use it (~5 ms of imports).
        """
        if self._views_mount is not None:
            await self._views_mount
            return
        views = self._later_views()
        for view in views:
            view.display = False  # as ContentSwitcher leaves every view but the current one
        self._views_mount = self.query_one("#views", ContentSwitcher).mount_all(views)
        await self._views_mount
        self._views_ready = True
        if self.state.view != "table":
            self._show(self.state)

    def _start_timing(self) -> None:
        if not self._timing_started:
            self._timing_started = True
            self.measure_costs()

    # ------------------------------------------------------------------ drawing

    def watch_state(self, state: ActivationsState) -> None:
        if self.is_mounted:
            self._show(state)

    def _show(self, state: ActivationsState) -> None:
        """Update the view bar and only the view in front (the others update on switch)."""
        self.query_one("#view-bar", ViewBar).current = state.view
        if state.view != "table" and not self._views_ready:
            self.call_later(self._mount_views)  # shown once mounted
            return
        switcher = self.query_one("#views", ContentSwitcher)
        if switcher.current != state.view:
            switcher.current = state.view
        {
            "table": self._show_table,
            "compare": self._show_compare,
            "why": self._show_why,
            "linear": self._show_linear,
            "explained": self._show_explained,
        }[state.view](state)

    def _show_explained(self, state: ActivationsState) -> None:
        from relu_tui.lessons.activations import explained_view  # see EXPLAINED_HELP

        self.update_static(
            "#explained-layers",
            "\n".join(explained_view.layers_text(state.layers_seed, state.relu_between)),
        )
        self.update_static(
            "#explained-ways", "\n".join(explained_view.ways_text(state.highlighted))
        )
        if explained_view.output_run.cache_info().currsize:
            self._show_output()
        else:
            self.update_static("#explained-output", "training both regressions ...")
            self._train_output()

    @work(thread=True, exclusive=True, group="explained")
    def _train_output(self) -> None:
        from relu_tui.lessons.activations import explained_view  # see EXPLAINED_HELP

        explained_view.output_run()  # ~1 s of training, once; cached for every later show
        self.app.call_from_thread(self._show_output)

    def _show_output(self) -> None:
        from relu_tui.lessons.activations import explained_view  # see EXPLAINED_HELP

        run = explained_view.output_run()
        self.query_one("#explained-plot", PlotView).spec = explained_view.output_figure(run)
        self.update_static("#explained-output", explained_view.output_text(run))

    def action_relu_between(self) -> None:
        """Insert ReLU between the ReLU Explained view's two layers, or take it out."""
        self.state = self.state.toggled_relu_between()

    def action_new_layers(self) -> None:
        """Draw the ReLU Explained view's next two random layers."""
        self.state = self.state.with_new_layers()

    def _show_table(self, state: ActivationsState) -> None:
        table = self.query_one("#values", RowTable)
        matrix = state.matrix()
        kind = "f'(x)" if state.show_grad else "f(x)"
        table.header = (f"{kind}  x =",) + tuple(fmt(x) for x in state.inputs)
        table.rows = tuple(
            (ACTIVATIONS[name].display, tuple(fmt(v) for v in matrix[row]))
            for row, name in enumerate(state.selected)
        )
        table.cursor = state.cursor
        act = state.activation()
        x_min, x_max = state.x_limits
        self.query_one("#act-plot", PlotView).spec = figures.activation_figure(
            act.name, state.kwargs(), x_min, x_max
        )
        panel = self.query_one("#act-params", ParamPanel)
        if panel.params != state.panel_params:
            panel.params = state.panel_params
        if panel.message == RESET_NOTE and state is not self._noted:
            panel.message = ""
        title = f"{act.display} (tab)"
        if panel.border_title != title:
            panel.border_title = title
        info = Text(no_wrap=False)
        info.append(f"{act.display} = {act.formula}\n", style="bold")
        info.append(f"range {act.output_range(**state.kwargs()).text}\n")
        info.append(act.when_to_use, style="italic")
        self.update_static("#act-info", info)

    def _show_compare(self, state: ActivationsState) -> None:
        specs = figures.comparison_figures(state.show_grad)
        for index, spec in enumerate(specs):
            self.query_one(f"#cmp-{index}", PlotView).spec = spec

    def _why_names(self, state: ActivationsState) -> tuple[str, ...]:
        extra = state.highlighted
        return WHY_BASE + (() if extra in WHY_BASE else (extra,))

    def _show_why(self, state: ActivationsState) -> None:
        from relu_tui.lessons.activations.why_relu import (
            profile_of,
            why_relu_rows,
        )  # see _mount_views

        self._start_timing()
        names = self._why_names(state)
        layers = int(state.layers.value)
        params = {n: state.kwargs(n) for n in names}
        rows = why_relu_rows(names, layers, dict(state.costs), params)
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, expand=False)
        table.add_column("", no_wrap=True)
        for name in names:
            table.add_column(ACTIVATIONS[name].display, header_style="bold")
        for row in rows:
            table.add_row(row.feature, *row.cells)
        self.query_one("#why-table", Static).update(table)
        self.query_one("#layers-panel", ParamPanel).params = (state.layers,)
        profiles = tuple(profile_of(n, **params[n]) for n in names)
        self.query_one("#layers-plot", PlotView).spec = figures.layers_figure(profiles, layers)

    def _fit(self, width: int, height: int) -> None:
        super()._fit(width, height)
        if self._views_ready:
            self._size_linear(height)

    def _size_linear(self, height: int) -> None:
        """The checks table gets what the notebook block (14 lines) leaves: the whole table
        at 40 lines, a window that follows the highlight at 24."""
        table = self.query_one("#linear-table", RowTable)
        table.styles.max_height = max(4, height - LINEAR_LOWER_ROWS - 5)

    def _show_linear(self, state: ActivationsState) -> None:
        from relu_tui.lessons.activations.linearity import check_activation  # see _mount_views

        self._size_linear(self.app.size.height)

        reports = [
            check_activation(ACTIVATIONS[n], state.inputs, **state.kwargs(n))
            for n in state.selected
        ]
        table = self.query_one("#linear-table", RowTable)
        table.header = ("checks on inputs", "f(2a)", "f(-2a)", "f(a+b)", "linear?")
        table.rows = tuple(
            (
                r.name,
                tuple("ok" if c.holds else "FAILS" for c in r.checks)
                + ("yes" if r.linear else "no",),
            )
            for r in reports
        )
        table.cursor = state.cursor
        identity = check_activation(ACTIVATIONS["identity"], state.inputs)
        self.update_static(
            "#linear-identity",
            f"Identity {'passes' if identity.linear else 'fails'} all {len(identity.checks)} "
            f"checks on inputs {', '.join(fmt(x) for x in state.inputs)}",
        )
        report = reports[min(state.cursor, len(reports) - 1)]
        failed = sum(not check.holds for check in report.checks)
        detail = Text()
        detail.append(
            f"{report.name}: "
            + (
                f"not linear ({failed} of {len(report.checks)} fail)"
                if failed
                else "linear on these inputs"
            )
            + "\n",
            style="bold",
        )
        for check in report.checks:
            detail.append("ok     " if check.holds else "FAILS  ")
            detail.append(f"{check.statement}\n")
            counter = check.counterexample
            if counter is not None:
                detail.append(
                    f"  {counter.lhs_text} = {fmt(counter.lhs)}\n"
                    f"  but {counter.rhs_text} = {fmt(counter.rhs)}\n"
                )
        self.update_static("#linear-detail", detail)
        self.update_static("#linear-affine", _notebook_layer_text())

    # ------------------------------------------------------------------ timing

    @work(thread=True, exclusive=True, group="timing")
    def measure_costs(self) -> None:
        """Time every activation once, sigmoid and ReLU first (a few ms each)."""
        from relu_tui.lessons.activations.why_relu import measure_cost_ns

        worker = get_current_worker()
        order = list(WHY_BASE) + [n for n in ACTIVATIONS if n not in WHY_BASE]
        for name in order:
            if worker.is_cancelled:
                return
            ns = measure_cost_ns(
                ACTIVATIONS[name], size=self.TIMING_SIZE, repeats=7, clock=self.CLOCK
            )
            self.post_message(self.CostMeasured(name, ns))

    @on(CostMeasured)
    def _store_cost(self, event: CostMeasured) -> None:
        # Only the Why ReLU view shows costs: the new state is stored without the watcher,
        # so a measurement redraws that view alone, and only when it is in front.
        state = self.state.with_cost(event.name, event.ns)
        self.set_reactive(ActivationsScreen.state, state)
        if self.is_mounted and state.view == "why" and self._views_ready:
            self._show_why(state)

    # ------------------------------------------------------------------ keys

    def _typing(self) -> bool:
        return self.is_mounted and self.query_one("#inputs", InlinePrompt).is_open

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing on the view in front are hidden; the letters typed into the
        inputs field only type."""
        if self._typing() and action in SCREEN_ACTIONS:
            return False
        if action == "edit_inputs" and isinstance(self.focused, Input):
            return False  # 'e' typed into a parameter's value field (1e-3)
        view = self.state.view
        if action in VIEW_ACTIONS and view not in VIEW_ACTIONS[action]:
            return False
        if action == "show_grad":
            return parameters[0] != self.state.show_grad
        if action == "view" and parameters and parameters[0] == view:
            return None
        return True

    def action_show_grad(self, grad: bool) -> None:
        """Gradients or values (table and comparison)."""
        if grad != self.state.show_grad:
            self.state = self.state.toggled_grad()

    async def action_view(self, view: str) -> None:
        """Show a view; focus its main control."""
        self.state = self.state.with_view(view)
        if view != "table" and not self._views_ready:
            await self._mount_views()
        focus = {"table": "#values", "why": "#layers-panel", "linear": "#linear-table"}
        if view in focus:
            self.query_one(focus[view]).focus()
        self._tab_hint(view)
        self.refresh_bindings()

    def _tab_hint(self, view: str) -> None:
        """The header names what tab moves between, in the views with two panels."""
        panels = {"table": "table/parameters"}
        hint = f", tab: {panels[view]}" if view in panels else ""
        self.sub_title = LessonScreen.SUB_TITLE + hint

    async def action_next_view(self) -> None:
        """Cycle table, compare, why, linear."""
        await self.action_view(VIEWS[(VIEWS.index(self.state.view) + 1) % len(VIEWS)])

    def action_move(self, delta: int) -> None:
        """Highlight the next or previous activation."""
        self.state = self.state.moved(delta)

    @on(RowTable.Moved)
    def _table_moved(self, event: RowTable.Moved) -> None:
        self.action_move(event.delta)

    def action_pick(self) -> None:
        """Open the picker of activations."""
        choices = [(name, f"{act.display:<12} {act.formula}") for name, act in ACTIVATIONS.items()]
        picker = PickerScreen(
            "Activations in the table (space ticks, enter applies, escape cancels)",
            choices,
            self.state.selected,
        )
        self.app.push_screen(picker, self._picked)

    def _picked(self, chosen: tuple[str, ...] | None) -> None:
        if chosen is None:
            return
        try:
            self.state = self.state.with_selection(chosen)
        except InputError as error:
            self.notify_error(f"{error}; kept the previous columns")

    def action_edit_inputs(self) -> None:
        """Type the table's inputs as a comma-separated list."""
        self.query_one("#inputs", InlinePrompt).open(
            ", ".join(fmt(x, 12) for x in self.state.inputs),
            "comma-separated (enter applies, escape cancels)",
        )

    def _apply_inputs(self, text: str) -> str | None:
        """The typed list becomes the inputs, or the reason it cannot (inputs kept)."""
        try:
            self.state = self.state.with_inputs_text(text)
        except InputError as error:
            return f"{error}; kept {', '.join(fmt(x) for x in self.state.inputs)}"
        return None

    @on(InlinePrompt.Closed, "#inputs")
    def _inputs_closed(self) -> None:
        self.query_one("#values", RowTable).focus()

    def _apply_param(self, event: ParamPanel.Changed) -> None:
        try:
            self.state = self.state.with_param(event.name, event.value)
        except InputError as error:
            event.panel.message = f"{error}; kept"

    def action_reset(self) -> None:
        """Defaults: the seeds' inputs, the nine activations, torch's parameters."""
        self.query_one("#inputs", InlinePrompt).close()
        self.state = self.state.reset()
        self._noted = self.state
        self.query_one("#act-params", ParamPanel).message = RESET_NOTE


def _notebook_layer_text() -> Text:
    """Notebook 003's layer: L(2x) != 2 L(x) because of the bias; ReLU on its output."""
    from relu_tui.lessons.activations.linearity import notebook_layer_lines  # see _mount_views

    heading, *lines = notebook_layer_lines()
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(heading + "\n", style="bold")
    text.append("\n".join(lines))
    return text
