"""The Unit maps and Linear regions views of the Dead neurons screen: their drawing steps.

The text and figures are built by `maps.py` and `regions_view.py`; these two functions hand
them to the screen's widgets (a RowsView's `builder`, a PlotView's `spec`, found by id), so
they need no Textual import and the screen only calls them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from relu_tui.lessons.dead.maps import unit_maps, window_of
from relu_tui.lessons.dead.regions_view import (
    cached_regions,
    count_figure,
    read_regions,
    region_rows,
)
from relu_tui.lessons.dead.state import DeadState
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.network import Network

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


def show_maps(screen: Any, state: DeadState, *, ascii_only: bool) -> None:
    """Draw the Maps view of `state` on `screen`."""
    network = state.snapshot.network
    stats = state.snapshot.stats
    layer = min(state.layer, len(stats) - 1)
    dead = stats[layer].dead
    data = state.data
    window = window_of(data.domain) if len(data.domain) >= 2 else (0.0, 1.0, 0.0, 1.0)
    view = screen.query_one("#maps-view")
    view.builder = lambda w, h: unit_maps(
        network, window, layer, state.unit, w, h, dead=dead, ascii_only=ascii_only
    )


_COUNTING: set[int] = set()
"""Screens (by id) with a region count running on a worker thread: one at a time each."""


def show_regions(screen: Any, state: DeadState, *, ascii_only: bool) -> DeadState:
    """Draw the Regions view of `state` on `screen`; returns the state with this epoch's
    exact count recorded for the count-against-epochs plot.

    The exact cut of a new network (tens of ms for 3 x 16, more for wide deep nets) runs
    on a worker thread, one at a time: until it is done the view keeps the last map it
    drew, then it redraws from the screen's latest state. A redraw itself only draws."""
    network = state.snapshot.network
    reading = cached_regions(network, state.data)
    if reading is None:
        if id(screen) not in _COUNTING:
            _COUNTING.add(id(screen))
            screen.run_worker(
                partial(_count, screen, network, state.data, ascii_only),
                thread=True,
                group="regions",
                description="exact linear regions",
            )
        return state
    count = reading.count
    if count is not None:
        state = state.with_region_count(
            state.snapshot.generation, state.snapshot.report.epoch, count
        )
    layer = state.layer
    view = screen.query_one("#regions-map")
    view.builder = lambda w, h: region_rows(
        reading, network, w, h, ascii_only=ascii_only, upto=layer
    )
    epochs = tuple(e for e, _ in state.region_counts)
    counts = tuple(c for _, c in state.region_counts)
    plot = screen.query_one("#regions-plot")
    plot.spec = count_figure(epochs, counts)
    return state


def _count(screen: Any, network: Network, data: Dataset, ascii_only: bool) -> None:
    """On a worker thread: cut the window exactly, then redraw on the UI thread."""
    try:
        read_regions(network, data)
    finally:
        screen.app.call_from_thread(_counted, screen, ascii_only)


def _counted(screen: Any, ascii_only: bool) -> None:
    _COUNTING.discard(id(screen))
    if screen.is_mounted and screen.state.view == "regions":
        screen.state = show_regions(screen, screen.state, ascii_only=ascii_only)
