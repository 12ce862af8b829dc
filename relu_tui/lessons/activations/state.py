"""The Activations screen's state: inputs, chosen activations, their parameters, the view.

Pure and frozen: every transition returns a new state, so "keep the last good value" is
simply not assigning the new one. Shared by the screen and `--print activations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from relu_tui.base.params import Param, replace_param
from relu_tui.base.parse import InputError, parse_number_list
from relu_tui.base.types import FloatArray
from relu_tui.lessons.lesson import View
from relu_tui.nn.activations import ACTIVATIONS, Activation

DEFAULT_INPUTS = (5.0, 2.0, 0.0, -3.0, -10.0)
"""The seeds' table ("ReLU Explained": 5, 2, 0, -3, -10)."""

DEFAULT_SELECTED = (
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "gelu",
    "silu",
    "sigmoid",
    "tanh",
    "softplus",
)
"""The issue's default columns, in registry order."""

VIEW_LIST = (
    View("table", "t", "Table"),
    View("compare", "c", "Compare 2x2", short="Compare"),
    View("why", "w", "Why ReLU"),
    View("linear", "i", "Is it linear?", short="Linear?"),
    View("explained", "x", "ReLU Explained", short="Explained"),
)
"""The screen's views, in the view bar's order."""
VIEWS = tuple(view.name for view in VIEW_LIST)
"""The screen's views: values table and plot, 2x2 comparison, Why ReLU, Is it linear?"""

MAX_INPUTS = 32
INPUT_LIMIT = 1e6
"""Typed inputs must lie in [-1e6, 1e6]: beyond, every table cell is the same asymptote."""

X_MIN = Param(
    "x_min", "x from", -5.0, step=1.0, low=-50.0, high=49.0, help="left end of the plot's x range"
)
X_MAX = Param(
    "x_max", "x to", 5.0, step=1.0, low=-49.0, high=50.0, help="right end of the plot's x range"
)
LAYERS = Param(
    "layers",
    "layers N",
    10.0,
    step=1.0,
    low=1.0,
    high=100.0,
    integer=True,
    help="gradient left after N layers = (max gradient)^N",
)

_DEFAULT_PARAMS = MappingProxyType({name: act.params for name, act in ACTIVATIONS.items()})


@dataclass(frozen=True)
class ActivationsState:
    """Everything the Activations screen shows, as values."""

    inputs: tuple[float, ...] = DEFAULT_INPUTS
    selected: tuple[str, ...] = DEFAULT_SELECTED
    cursor: int = 0
    """Index into `selected` of the highlighted activation."""
    show_grad: bool = False
    """True shows gradients in the table, False values."""
    act_params: MappingProxyType[str, tuple[Param, ...]] = field(
        default_factory=lambda: _DEFAULT_PARAMS
    )
    """Each activation's own parameters (ELU's alpha and CELU's alpha are separate)."""
    x_range: tuple[Param, Param] = (X_MIN, X_MAX)
    layers: Param = LAYERS
    view: str = "table"
    layers_seed: int = 0
    """The ReLU Explained view's two layers are drawn from this seed (n draws new ones)."""
    relu_between: bool = False
    """The ReLU Explained view puts ReLU between its two layers (b toggles)."""
    costs: tuple[tuple[str, float], ...] = ()
    """Measured nanoseconds per value, by activation name, as the timing worker reports
    them (a property of the machine: kept by reset)."""

    # ------------------------------------------------------------------ reading

    @property
    def highlighted(self) -> str:
        """Name of the highlighted activation."""
        return self.selected[min(self.cursor, len(self.selected) - 1)]

    def activation(self, name: str | None = None) -> Activation:
        """The registry entry (the highlighted one by default)."""
        return ACTIVATIONS[name or self.highlighted]

    def kwargs(self, name: str | None = None) -> dict[str, Any]:
        """Call keywords for `name` (default: highlighted) from its current params."""
        name = name or self.highlighted
        return ACTIVATIONS[name].kwargs(self.act_params[name])

    @property
    def panel_params(self) -> tuple[Param, ...]:
        """What the parameter panel shows: the highlighted activation's params, x range."""
        return self.act_params[self.highlighted] + self.x_range

    @property
    def x_limits(self) -> tuple[float, float]:
        """The plot's (x_min, x_max)."""
        return self.x_range[0].value, self.x_range[1].value

    def matrix(self, grad: bool | None = None) -> FloatArray:
        """Values (or gradients) as float64, shape (len(selected), len(inputs))."""
        use_grad = self.show_grad if grad is None else grad
        x = np.asarray(self.inputs, dtype=np.float64)
        rows = []
        for name in self.selected:
            act = ACTIVATIONS[name]
            rows.append((act.grad if use_grad else act)(x, **self.kwargs(name)))
        return np.vstack(rows) if rows else np.empty((0, x.size))

    # ------------------------------------------------------------------ transitions

    def with_inputs_text(self, text: str) -> ActivationsState:
        """Parse a typed comma-separated list of inputs.

        Raises:
            InputError: naming the first bad entry; the caller keeps this state.
        """
        values = parse_number_list(text, low=-INPUT_LIMIT, high=INPUT_LIMIT, max_items=MAX_INPUTS)
        return replace(self, inputs=tuple(v + 0.0 for v in values))

    def moved(self, delta: int) -> ActivationsState:
        """Highlight the next (delta=1) or previous (-1) activation, wrapping around."""
        return replace(self, cursor=(self.cursor + delta) % len(self.selected))

    def highlight(self, name: str) -> ActivationsState:
        """Highlight `name` if it is selected."""
        if name not in self.selected:
            return self
        return replace(self, cursor=self.selected.index(name))

    def toggled_grad(self) -> ActivationsState:
        """Values <-> gradients."""
        return replace(self, show_grad=not self.show_grad)

    def with_new_layers(self) -> ActivationsState:
        """The ReLU Explained view's next two random layers."""
        return replace(self, layers_seed=self.layers_seed + 1)

    def toggled_relu_between(self) -> ActivationsState:
        """ReLU between the ReLU Explained view's two layers, or nothing."""
        return replace(self, relu_between=not self.relu_between)

    def with_view(self, view: str) -> ActivationsState:
        """Show another view."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}")
        return replace(self, view=view)

    def with_selection(self, names: tuple[str, ...] | list[str]) -> ActivationsState:
        """Choose the table's columns (kept in registry order); the highlight follows.

        Raises:
            InputError: no activation chosen, or an unknown name.
        """
        unknown = [n for n in names if n not in ACTIVATIONS]
        if unknown:
            raise InputError(
                f"unknown activation {unknown[0]!r}; choose from {', '.join(ACTIVATIONS)}"
            )
        ordered = tuple(n for n in ACTIVATIONS if n in names)
        if not ordered:
            raise InputError("choose at least one activation")
        current = self.highlighted
        cursor = ordered.index(current) if current in ordered else 0
        return replace(self, selected=ordered, cursor=cursor)

    def with_param(self, name: str, value: float) -> ActivationsState:
        """Set a panel parameter: the highlighted activation's, x range, or layers N.

        Raises:
            InputError: an x range whose ends would cross.
            KeyError: a name the panel does not hold.
        """
        if name == "layers":
            return replace(self, layers=self.layers.with_value(value))
        if name in ("x_min", "x_max"):
            lo, hi = self.x_range
            lo = lo.with_value(value) if name == "x_min" else lo
            hi = hi.with_value(value) if name == "x_max" else hi
            if lo.value >= hi.value:
                raise InputError(f"x from ({lo.display}) must be less than x to ({hi.display})")
            return replace(self, x_range=(lo, hi))
        own = self.act_params[self.highlighted]
        param = next((p for p in own if p.name == name), None)
        if param is None:
            raise KeyError(name)
        params = dict(self.act_params)
        params[self.highlighted] = replace_param(own, param.with_value(value))
        return replace(self, act_params=MappingProxyType(params))

    def with_cost(self, name: str, ns: float) -> ActivationsState:
        """One more (or a newer) measured cost per value of `name`."""
        return replace(self, costs=tuple(dict(self.costs, **{name: ns}).items()))

    def reset(self) -> ActivationsState:
        """Back to the defaults, staying on the same view (the measured costs kept)."""
        return ActivationsState(view=self.view, costs=self.costs)
