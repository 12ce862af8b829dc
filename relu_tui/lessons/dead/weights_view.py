"""The Weights view of the Dead neurons screen: its cursor moves, its edits and its drawing.

Any weight of the run on screen can be set while the run is paused, as the Neuron view sets
its three: the engine makes the edited network (`Network.with_weight`, a pure function), the
paused trainer goes on from it (`Trainer.load`), and the state takes the trainer's report on
it, so the map, the loss and the unit maps are the edited network's. While training, an edit
is refused with a one-line reason (space pauses first); a reset or a fresh run discards the
edits with the run. No Textual import: the screen hands these functions its state, its
trainer and itself for drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from relu_tui.base.fmt import fmt
from relu_tui.lessons.dead.dying import layer_stats
from relu_tui.lessons.dead.output_map import output_map
from relu_tui.lessons.dead.state import DeadState
from relu_tui.lessons.dead.weight_matrix import (
    COARSE_STEP,
    FINE_STEP,
    FIXED_ROWS,
    WEIGHT_LIMIT,
    layer_count,
    layer_matrix,
    matrix_layout,
    matrix_rows,
    parse_weight,
    weight_label,
)
from relu_tui.nn.network import Trainer

__all__ = [
    "MAP_HEIGHT",
    "WEIGHTS_HELP",
    "edit_weight",
    "moved",
    "nudge",
    "paged",
    "refusal",
    "parse_weight",
    "selected",
    "selected_value",
    "show_weights",
    "typed",
    "typing_hint",
]

WEIGHTS_HELP = (
    "Weights: every weight of the chosen layer as a matrix, TensorFlow Playground's edges "
    "as numbers: a row per unit of the layer, a column per input (the input features for "
    "layer 1, the previous layer's units after it) and the bias b. Each value is printed "
    "with its sign, and a glyph gives its size against the layer's largest |w|; a unit "
    "dead on the data has '!' after its name (no gradient reaches its row: raise its "
    "bias, or a weight from an input that is on, to revive it). [ and ] "
    "pick the layer (the output layer too). While the run is paused any weight can be "
    "set: the arrows move the cursor, + and - add or take "
    f"{COARSE_STEP:g}, shift with an arrow {FINE_STEP:g}, enter types a value; the map, "
    "the loss and the unit maps follow at once, and training goes on from the edited "
    "network. A reset or a fresh run discards the edits."
)

MAP_HEIGHT = 36
"""From this many terminal rows the view also draws the output map under the matrix, so an
edit shows on the map at once (at 80x24 the matrix needs the rows: v goes to the Train
view's map)."""

PAUSE_FIRST = "training: press space to pause, then edit the weights"
"""Why an edit is refused while the run trains."""


def selected(state: DeadState) -> tuple[int, int, int]:
    """The Weights view's (layer, unit, input) on the network on screen, each in range."""
    network = state.snapshot.network
    layer = min(state.layer, layer_count(network) - 1)
    rows, cols = layer_matrix(network, layer).shape
    unit, source = state.weight_cell
    return layer, min(unit, rows - 1), min(source, cols - 1)


def moved(state: DeadState, rows: int, cols: int) -> DeadState:
    """The cursor moved by `rows` and `cols`, stopping at the matrix's edges."""
    layer, unit, source = selected(state)
    n_rows, n_cols = layer_matrix(state.snapshot.network, layer).shape
    return state.with_weight_cell(
        max(0, min(unit + rows, n_rows - 1)), max(0, min(source + cols, n_cols - 1))
    )


def paged(state: DeadState, pages: int, width: int, height: int) -> DeadState:
    """The cursor moved by `pages` pages of rows as the view shows them at width x height."""
    layer, _, _ = selected(state)
    per_page = matrix_layout(state.snapshot.network, layer, width, height).rows
    return moved(state, pages * per_page, 0)


def selected_value(state: DeadState) -> float:
    """The selected weight's value on screen."""
    layer, unit, source = selected(state)
    return float(layer_matrix(state.snapshot.network, layer)[unit, source])


def refusal(state: DeadState, trainer: Trainer | None) -> str | None:
    """Why no weight can be set now (training, diverged, the run still stopping), or None."""
    if state.running:
        return PAUSE_FIRST
    if state.snapshot.report.diverged:
        return "the run diverged: r starts a fresh one"
    if trainer is None:
        return "the run is still stopping: try again"
    return None


def edit_weight(
    state: DeadState, trainer: Trainer | None, change: Callable[[float], float]
) -> tuple[DeadState, str | None]:
    """Set the selected weight to `change(its value)` while the run is paused.

    The paused trainer's parameters are the base (after a pause they may be a few epochs
    past the last report on screen); it goes on from the edited network, and the returned
    state shows its report on it.

    Returns:
        The new state, and None; or the state unchanged and why not (training, diverged,
        a run still stopping, a value out of range).
    """
    reason = refusal(state, trainer)
    if reason is not None:
        return state, reason
    assert trainer is not None
    layer, unit, source = selected(state)
    network = trainer.network
    old = float(layer_matrix(network, layer)[unit, source])
    new = change(old)
    if not abs(new) <= WEIGHT_LIMIT:
        return state, f"a weight must be between -{WEIGHT_LIMIT:g} and {WEIGHT_LIMIT:g}"
    edited = network.with_weight(layer, unit, source, new)
    old_loss = trainer.report().loss  # the trainer's: it may be past the report on screen
    trainer.load(edited)
    report = trainer.report()
    stats = tuple(layer_stats(report.network, trainer.x))
    note = (
        f"{weight_label(network, layer, unit, source)}: {fmt(old, 4)} -> {fmt(new, 4)}; "
        f"loss {fmt(old_loss)} -> {fmt(report.loss)}"
    )
    return state.edited(report, stats, note), None


def typed(text: str) -> Callable[[float], float]:
    """The change a typed value asks for (raises InputError: not a number, out of range)."""
    value = parse_weight(text)
    return lambda _old: value


def nudge(steps: float) -> Callable[[float], float]:
    """The change + and - ask for: `steps` coarse steps (0.1 of one is a fine step)."""
    step = COARSE_STEP * steps
    return lambda old: old + step


def typing_hint(state: DeadState) -> str:
    """The line under the typed-value field."""
    layer, unit, source = selected(state)
    label = weight_label(state.snapshot.network, layer, unit, source)
    return f"{label}: -{WEIGHT_LIMIT:g} to {WEIGHT_LIMIT:g}, enter sets"


def show_weights(screen: Any, state: DeadState, *, ascii_only: bool) -> None:
    """Draw the Weights view of `state` on `screen`."""
    network = state.snapshot.network
    layer, unit, source = selected(state)
    stats = state.snapshot.stats
    dead = tuple(stats[layer].dead.tolist()) if layer < len(stats) else None
    grid = screen.query_one("#weights-grid")
    grid.builder = lambda w, h: matrix_rows(
        network,
        layer,
        unit,
        source,
        w,
        h,
        ascii_only=ascii_only,
        message=state.message,
        dead=dead,
    )
    output = screen.query_one("#weights-map")
    data, settings = state.data, state.settings
    tall = data.n_in == 2 and screen.has_class("-tall")
    # Tall, the matrix takes the rows its layer needs (the CSS caps them) and the map the
    # rest; set only when they change, as a new height lays the screen out again.
    rows = layer_matrix(network, layer).shape[0] + FIXED_ROWS + 3 if tall else None
    height = grid.styles.height
    if (height.cells if height is not None else None) != rows:
        grid.styles.height = rows
    if not tall:
        output.builder = None
        return
    test = settings.split(data).test_index
    output.builder = lambda w, h: output_map(
        data,
        network,
        w,
        h,
        ascii_only=ascii_only,
        test=test,
        show_test=settings.show_test,
        discretize=settings.discretize,
    )
