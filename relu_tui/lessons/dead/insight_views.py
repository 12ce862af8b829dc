"""The Unit maps and Linear regions views of the Dead neurons screen: their drawing steps.

The text and figures are built by `maps.py` and `regions_view.py`; these two functions hand
them to the screen's widgets (a RowsView's `builder`, a PlotView's `spec`, found by id), so
they need no Textual import and the screen only calls them.
"""

from __future__ import annotations

from relu_tui.lessons.dead.maps import unit_maps, window_of
from relu_tui.lessons.dead.regions_view import count_figure, read_regions, region_rows
from relu_tui.lessons.dead.state import DeadState

__all__ = ["MAPS_HELP", "show_maps", "show_regions"]

MAPS_HELP = (
    "Unit maps: every unit of the chosen layer as a small picture of its activation over "
    "the input plane (blank: its lowest value, full: its highest), the way TensorFlow "
    "Playground draws neurons. Dead units (gradient 0 on every sample) are crossed out: "
    "they compute nothing. The chosen unit is drawn large with its zero line z = 0 "
    "(/ - | \\ through the cells it crosses); for layer 1 that is the straight line "
    "w1 x1 + w2 x2 + b = 0, written out below the map, and deeper units bend it where "
    "earlier units switch. [ and ] pick the layer, < and > (comma, full stop) the unit, "
    "page down and page up jump by 8; the maps follow training live."
)


def show_maps(screen: object, state: DeadState, *, ascii_only: bool) -> None:
    """Draw the Maps view of `state` on `screen`."""
    network = state.snapshot.network
    stats = state.snapshot.stats
    layer = min(state.layer, len(stats) - 1)
    dead = stats[layer].dead
    data = state.data
    window = window_of(data.domain) if len(data.domain) >= 2 else (0.0, 1.0, 0.0, 1.0)
    view = screen.query_one("#maps-view")  # type: ignore[attr-defined]
    view.builder = lambda w, h: unit_maps(
        network, window, layer, state.unit, w, h, dead=dead, ascii_only=ascii_only
    )


def show_regions(screen: object, state: DeadState, *, ascii_only: bool) -> DeadState:
    """Draw the Regions view of `state` on `screen`; returns the state with this epoch's
    exact count recorded for the count-against-epochs plot."""
    network = state.snapshot.network
    reading = read_regions(network, state.data)
    count = reading.count
    if count is not None:
        state = state.with_region_count(
            state.snapshot.generation, state.snapshot.report.epoch, count
        )
    layer = state.layer
    view = screen.query_one("#regions-map")  # type: ignore[attr-defined]
    view.builder = lambda w, h: region_rows(
        reading, network, w, h, ascii_only=ascii_only, upto=layer
    )
    epochs = tuple(e for e, _ in state.region_counts)
    counts = tuple(c for _, c in state.region_counts)
    plot = screen.query_one("#regions-plot")  # type: ignore[attr-defined]
    plot.spec = count_figure(epochs, counts)
    return state
