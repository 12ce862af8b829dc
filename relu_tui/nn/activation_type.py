"""The Activation type of the `nn.activations` registry: a function with its derivative,
formula, output range and keyword parameters, and the helpers for output ranges."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.base.params import Param
from relu_tui.base.types import FloatArray


def _as_float(x: npt.ArrayLike) -> FloatArray:
    """x as a float array: float arrays as they are, anything else as float64."""
    array = np.asarray(x)
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    return array


@dataclass(frozen=True)
class OutputRange:
    """The set of values an activation can produce, e.g. [0, inf) or (0, 1)."""

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    @property
    def text(self) -> str:
        """ASCII interval notation: '[0, inf)', '(-1, 1)'."""
        left = "[" if self.low_closed and math.isfinite(self.low) else "("
        right = "]" if self.high_closed and math.isfinite(self.high) else ")"
        return f"{left}{fmt(self.low)}, {fmt(self.high)}{right}"


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation: call it on an array, `.grad` for its derivative.

    Keyword parameters (torch's names) are accepted by the call, `.grad` and
    `.output_range`; `params` lists them with ranges and steps for a ParamPanel.
    """

    name: str
    """torch.nn.functional's name, e.g. 'leaky_relu'."""
    display: str
    """Name as people write it, e.g. 'Leaky ReLU'."""
    formula: str
    """The definition, ASCII."""
    when_to_use: str
    """One line of advice."""
    fn: Callable[..., FloatArray]
    grad_fn: Callable[..., FloatArray]
    range_fn: Callable[..., OutputRange]
    params: tuple[Param, ...] = ()
    """The keyword parameters at their defaults (choice params hold an index)."""

    def __call__(self, x: npt.ArrayLike, **kwargs: Any) -> FloatArray:
        """The activation's values, same shape and float dtype as x."""
        return self.fn(_as_float(x), **kwargs)

    def grad(self, x: npt.ArrayLike, **kwargs: Any) -> FloatArray:
        """The derivative with respect to x, same shape and float dtype as x."""
        return self.grad_fn(_as_float(x), **kwargs)

    def output_range(self, **kwargs: Any) -> OutputRange:
        """The output range for these parameters (defaults when none given)."""
        return self.range_fn(**{**self.defaults, **kwargs})

    @property
    def defaults(self) -> dict[str, Any]:
        """Default keyword arguments (torch's defaults)."""
        return self.kwargs(self.params)

    def kwargs(self, params: tuple[Param, ...] | Mapping[str, Param]) -> dict[str, Any]:
        """Keyword arguments from (edited) params: choice params become their string.

        Params of other names are ignored, so a screen can pass all its params.
        """
        items = params.values() if isinstance(params, Mapping) else params
        own = {p.name for p in self.params}
        out: dict[str, Any] = {}
        for param in items:
            if param.name in own:
                out[param.name] = param.choice if param.choices else float(param.value)
        return out


INF = math.inf


def fixed_range(
    low: float, high: float, low_closed: bool, high_closed: bool
) -> Callable[..., OutputRange]:
    def range_fn(**_: Any) -> OutputRange:
        return OutputRange(low, high, low_closed, high_closed)

    return range_fn


def leaky_range(slope: float) -> OutputRange:
    if slope > 0:
        return OutputRange(-INF, INF, False, False)
    if slope == 0:
        return OutputRange(0.0, INF, True, False)
    return OutputRange(0.0, INF, True, False)  # negative slope: both sides go up


def unbounded_range(**_: Any) -> OutputRange:
    return OutputRange(-INF, INF, False, False)


def elu_range(alpha: float = 1.0, **_: Any) -> OutputRange:
    return OutputRange(-alpha, INF, False, False)


def hardtanh_range(min_val: float = -1.0, max_val: float = 1.0, **_: Any) -> OutputRange:
    return OutputRange(min_val, max_val, True, True)


def softplus_range(beta: float = 1.0, **_: Any) -> OutputRange:
    if beta > 0:
        return OutputRange(0.0, INF, False, False)
    return OutputRange(-INF, 0.0, False, False)
