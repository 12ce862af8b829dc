"""Why ReLU: each activation's gradient facts on a fine grid (its largest gradient, the
range for x > 0 and x <= 0, what is left after n layers), its cost per value timed on this
machine, and the rows of the Why ReLU table built from them."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.nn.activations import ACTIVATIONS, Activation

_POSITIVE = np.linspace(1e-6, 50.0, 50_001)


_NEGATIVE = -_POSITIVE[::-1]


_ALL = np.concatenate([_NEGATIVE, [0.0], _POSITIVE])


_LIMITS = np.array([1e-300, 1e300])
"""Where the gradient for x > 0 takes its limits at 0+ and at infinity."""


_ZERO = np.zeros(1)


@dataclass(frozen=True)
class GradientProfile:
    """Gradient facts for one activation, measured on a fine grid over [-50, 50]."""

    name: str
    display: str
    positive_min: float
    """Infimum of the gradient over x > 0 (its limit at 0 or at infinity where not reached)."""
    positive_max: float
    """Supremum of the gradient over x > 0."""
    max_grad: float
    """Largest |gradient| anywhere on the grid."""
    zero_for_negative: bool
    """True when the gradient is exactly 0 for every x <= 0 (neurons can die)."""
    output_range: str
    min_reached: bool = True
    """Whether some x > 0 has the gradient positive_min (sigmoid only tends to 0)."""
    max_reached: bool = True
    """Whether some x > 0 has the gradient positive_max (sigmoid's 0.25 is its value at 0)."""

    def after_layers(self, layers: int) -> float:
        """The largest gradient left after `layers` such activations: max_grad ** layers."""
        with np.errstate(over="ignore", under="ignore"):
            return float(np.float64(self.max_grad) ** layers)

    @property
    def positive_text(self) -> str:
        """'always 1', or the interval of the gradient over x > 0: '(0, 0.25)' for sigmoid
        (neither end is reached), '(0.5, 1.129]' for GELU (its peak is)."""
        if self.positive_min == self.positive_max:
            return f"always {fmt(self.positive_max)}"
        left = "[" if self.min_reached else "("
        right = "]" if self.max_reached else ")"
        return f"{left}{fmt(self.positive_min)}, {fmt(self.positive_max)}{right}"


def gradient_profile(activation: Activation, **kwargs: object) -> GradientProfile:
    """Measure an activation's gradient for positive inputs, its maximum and dead zone."""
    g_pos = activation.grad(_POSITIVE, **kwargs)
    g_neg = activation.grad(_NEGATIVE, **kwargs)
    g_all = activation.grad(_ALL, **kwargs)
    # The limits at x -> 0+ and x -> infinity bound the range too; an end equal to one of
    # them (and not met inside the grid first) is not reached by any x > 0.
    limits = [float(v) for v in activation.grad(_LIMITS, **kwargs)]
    inner_min, inner_max = float(g_pos.min()), float(g_pos.max())
    low, high = min(inner_min, *limits), max(inner_max, *limits)

    def reached(end: float, inner: float) -> bool:
        at_limit = any(math.isclose(end, v, rel_tol=1e-9, abs_tol=1e-12) for v in limits)
        return not at_limit or (inner == end and not np.isclose(inner, limits).any())

    return GradientProfile(
        name=activation.name,
        display=activation.display,
        positive_min=low,
        positive_max=high,
        max_grad=float(np.abs(g_all).max()),
        zero_for_negative=bool(
            np.all(g_neg == 0) and np.all(activation.grad(_ZERO, **kwargs) == 0)
        ),
        output_range=activation.output_range(**kwargs).text,
        min_reached=reached(low, inner_min),
        max_reached=reached(high, inner_max),
    )


@lru_cache(maxsize=128)
def _cached_profile(name: str, frozen: tuple[tuple[str, object], ...]) -> GradientProfile:
    return gradient_profile(ACTIVATIONS[name], **dict(frozen))


def profile_of(name: str, **kwargs: object) -> GradientProfile:
    """gradient_profile by registry name, cached (a screen redraws it on every key)."""
    return _cached_profile(name, tuple(sorted(kwargs.items())))


def measure_cost_ns(
    activation: Activation,
    *,
    size: int = 200_000,
    repeats: int = 5,
    clock: Callable[[], float] = time.perf_counter,
    **kwargs: object,
) -> float:
    """Time the activation with NumPy on this machine: nanoseconds per element.

    The best of `repeats` runs on `size` float64 values in [-5, 5] (best, because the
    other runs only add noise from the rest of the machine). Call it when a screen opens,
    in a worker: it takes a few milliseconds per activation. `clock` is injectable so tests
    and snapshots get fixed numbers.
    """
    x = np.linspace(-5.0, 5.0, size)
    best = math.inf
    for _ in range(max(1, repeats)):
        start = clock()
        activation(x, **kwargs)
        best = min(best, clock() - start)
    return best / size * 1e9


@dataclass(frozen=True)
class WhyRow:
    """One row of the comparison table: a feature and one cell per activation."""

    feature: str
    cells: tuple[str, ...]


def why_relu_rows(
    names: Sequence[str],
    layers: int,
    costs_ns: dict[str, float] | None = None,
    params: dict[str, dict[str, object]] | None = None,
) -> tuple[WhyRow, ...]:
    """The seed's Sigmoid-vs-ReLU table ("ReLU Explained"), every cell computed.

    Args:
        names: activation names, one column each (e.g. ('sigmoid', 'relu')).
        layers: N, for the gradient left after N layers (max_grad ** N).
        costs_ns: measured ns/element per name (from measure_cost_ns); missing names
            show 'measuring...'.
        params: keyword parameters per name.
    """
    params = params or {}
    costs_ns = costs_ns or {}
    profiles = [profile_of(n, **params.get(n, {})) for n in names]
    fastest = min((costs_ns[n] for n in names if n in costs_ns), default=None)

    def cost(n: str) -> str:
        if n not in costs_ns:
            return "measuring..."
        ratio = costs_ns[n] / fastest if fastest else 1.0
        return f"{fmt(costs_ns[n], 1)} ns/value ({round(ratio)}x)"

    def after(p: GradientProfile) -> str:
        return f"{fmt(p.max_grad)}^{layers} = {fmt(p.after_layers(layers))}"

    def vanishing(p: GradientProfile) -> str:
        left = p.after_layers(layers)
        return "yes, severe" if left < 1e-3 else ("some" if left < 0.5 else "no")

    return (
        WhyRow("Gradient for x > 0", tuple(p.positive_text for p in profiles)),
        WhyRow("Maximum gradient", tuple(fmt(p.max_grad) for p in profiles)),
        WhyRow("Output range", tuple(p.output_range for p in profiles)),
        WhyRow(f"Gradient after {layers} layers", tuple(after(p) for p in profiles)),
        WhyRow("Vanishing gradients?", tuple(vanishing(p) for p in profiles)),
        WhyRow(
            "Dead neurons?",
            tuple("yes (grad 0 for x <= 0)" if p.zero_for_negative else "no" for p in profiles),
        ),
        WhyRow("Cost on this machine", tuple(cost(n) for n in names)),
    )
