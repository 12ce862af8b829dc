"""The Activations lesson's settings: the table's inputs and columns, the highlighted
activation, the plot's x range, the Why ReLU view's layer count and the view."""

from __future__ import annotations

from relu_tui.base.params import Param
from relu_tui.base.parse import InputError
from relu_tui.lessons.activations.state import (
    DEFAULT_INPUTS,
    DEFAULT_SELECTED,
    LAYERS,
    VIEWS,
    X_MAX,
    X_MIN,
    ActivationsState,
)
from relu_tui.lessons.lesson import Setting, Settings, SettingValue, TextSetting, setting_text
from relu_tui.nn.activations import ACTIVATIONS


def _inputs_text(inputs: tuple[float, ...]) -> str:
    return ", ".join(setting_text(float(x)) for x in inputs)


VIEW = "view"
"""The view setting: the one the screen opens on, or the one `--print` prints."""


def setting_list() -> tuple[Setting, ...]:
    """Inputs, columns, the highlighted activation, x range, layers, view."""
    names = tuple(ACTIVATIONS)
    return (
        TextSetting(
            "inputs",
            "the table's inputs, comma-separated",
            default=_inputs_text(DEFAULT_INPUTS),
            metavar="X,...",
        ),
        TextSetting(
            "selected",
            "the table's activations (torch names, comma-separated)",
            default=",".join(DEFAULT_SELECTED),
            metavar="NAME,...",
        ),
        Param(
            "activation",
            "activation",
            names.index(DEFAULT_SELECTED[0]),
            choices=names,
            help="the highlighted activation (added to the table if missing)",
        ),
        X_MIN,
        X_MAX,
        LAYERS,
        Param(
            VIEW,
            "view",
            0,
            choices=VIEWS,
            help="the view to open on (with --print: only that view is printed)",
        ),
    )


def state_from(values: Settings) -> ActivationsState:
    """The screen's state with these settings (defaults for any not given).

    Raises:
        InputError: a bad input list, an unknown activation, crossing x range ends.
    """
    state = ActivationsState()
    if "inputs" in values:
        state = state.with_inputs_text(str(values["inputs"]))
    if "selected" in values:
        names = [n.strip().lower().replace("-", "_") for n in str(values["selected"]).split(",")]
        state = state.with_selection([n for n in names if n])
    name = str(values.get("activation", state.highlighted))
    if name not in ACTIVATIONS:
        raise InputError(f"unknown activation '{name}'; choose one of: {', '.join(ACTIVATIONS)}")
    if name not in state.selected:
        state = state.with_selection((*state.selected, name))
    state = state.highlight(name)
    low = float(values.get("x_min", state.x_limits[0]))
    high = float(values.get("x_max", state.x_limits[1]))
    if low >= high:
        raise InputError(f"x from ({low:g}) must be less than x to ({high:g})")
    for key, value in (
        (("x_max", high), ("x_min", low))
        if low < state.x_limits[0]
        else (
            ("x_min", low),
            ("x_max", high),
        )
    ):
        state = state.with_param(key, value)
    if "layers" in values:
        state = state.with_param("layers", float(values["layers"]))
    view = str(values.get(VIEW, state.view))
    if view not in VIEWS:
        raise InputError(f"unknown view '{view}'; choose one of: {', '.join(VIEWS)}")
    return state.with_view(view)


def values_of(state: ActivationsState) -> dict[str, SettingValue]:
    """Every setting of the state."""
    low, high = state.x_range
    return {
        "inputs": _inputs_text(state.inputs),
        "selected": ",".join(state.selected),
        "activation": state.highlighted,
        "x_min": float(low.value),
        "x_max": float(high.value),
        "layers": int(state.layers.value),
        VIEW: state.view,
    }
