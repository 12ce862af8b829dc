"""Curves from shifted ReLUs: f ≈ c + m·x + Σ wᵢ·ReLU(x − hᵢ), fitted by least squares.

The approximation article's claim (a network's output is a weighted sum of differently
shifted ReLUs; more units, better fit) made exact and measurable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np

from relu_tui.base.expr import MAX_LENGTH, Expression, parse_expression
from relu_tui.base.fmt import fmt
from relu_tui.base.params import Param, replace_param
from relu_tui.base.parse import InputError, parse_number
from relu_tui.base.types import FloatArray
from relu_tui.nn.kinks import Kinks, relu_sum_kinks
from relu_tui.nn.relu_sum import ReluSum, curvature_knots, even_knots, fit_relu_sum

Placement = Literal["even", "curvature"]
PLACEMENTS: tuple[Placement, ...] = ("even", "curvature")
"""Knot placements: evenly spaced inside the interval, or at curvature-weighted quantiles."""

SAMPLES = 1001
"""Points of the uniform grid the least squares and the errors are computed on."""

MAX_UNITS = 200
"""Most ReLU terms in a fit."""

LIMIT = 1000.0
"""Interval ends must lie in [-LIMIT, LIMIT]."""

MAX_VALUE = 1e12
"""Largest |f| a target may reach on its interval (keeps squares far from overflow)."""

SWEEP_UNITS: tuple[int, ...] = (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200)
"""The N values of the error-against-N plot (roughly even on a log scale)."""


@dataclass(frozen=True)
class Preset:
    """A named target on its usual interval."""

    name: str
    text: str
    lo: float
    hi: float


PRESETS: tuple[Preset, ...] = (
    Preset("x²", "x**2", -2.0, 2.0),
    Preset("sin x", "sin(x)", -math.pi, math.pi),
    Preset("|x|", "abs(x)", -2.0, 2.0),
    Preset("step", "step(x)", -1.0, 1.0),
    # The course lab's regression target: y = -2x + 2 on [0, 1], x - 1 on [1, 2],
    # 3x - 5 on [2, 3]; written as a line plus two slope changes (-2 → 1 → 3).
    Preset("puzzle", "-2*x + 2 + 3*relu(x - 1) + 2*relu(x - 2)", 0.0, 3.0),
)
"""Target presets; the screen adds one more choice, "typed", for an expression of your own."""

TYPED = "typed"
DEFAULT_TYPED = "sin(3*x) + x**2/4"

TOUR: tuple[tuple[int, str], ...] = (
    (1, "a line plus one shifted ReLU: the slope changes at a point"),
    (2, "two shifted ReLUs: two bends"),
    (5, "each term shifted and scaled: a curve, piece by piece"),
    (10, "more ReLU terms, better approximation"),
    (20, "the bends get hard to see"),
    (100, "100 units: the piecewise-linear sum looks smooth"),
)
"""The approximation article's sequence of pictures, as (N, caption) stops."""


@dataclass(frozen=True, eq=False)
class Target:
    """A function to approximate on [lo, hi], checked finite on the sampling grid."""

    name: str
    expression: Expression
    lo: float
    hi: float
    x: FloatArray = field(repr=False)
    y: FloatArray = field(repr=False)

    @property
    def text(self) -> str:
        """The expression as typed."""
        return self.expression.text

    def __call__(self, x: FloatArray) -> FloatArray:
        """f(x) (raises InputError where f is not finite)."""
        return self.expression(x)


def make_target(text: str, lo: float, hi: float, *, name: str | None = None) -> Target:
    """Parse `text` and check it is finite and moderate on [lo, hi].

    Raises:
        InputError: a bad expression or interval, or f not finite (or beyond ±1e12) there.
    """
    check_interval(lo, hi)
    expression = parse_expression(text)
    x = np.linspace(lo, hi, SAMPLES)
    try:
        y = expression(x)
    except InputError as error:
        raise InputError(f"{error} (on [{fmt(lo)}, {fmt(hi)}])") from None
    peak = float(np.max(np.abs(y)))
    if peak > MAX_VALUE:
        raise InputError(f"f reaches {fmt(peak)} on [{fmt(lo)}, {fmt(hi)}]; keep |f| below 1e12")
    return Target(name or expression.text, expression, float(lo), float(hi), x, y)


def preset_target(preset: Preset) -> Target:
    """The preset as a Target on its own interval."""
    return make_target(preset.text, preset.lo, preset.hi, name=preset.name)


MIN_WIDTH = 1e-3
"""The narrowest interval a target may have."""


def check_interval(lo: float, hi: float) -> None:
    """Raises InputError unless -1000 ≤ lo < hi ≤ 1000 with a usable width."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError("the interval ends must be finite numbers")
    if lo < -LIMIT or hi > LIMIT:
        raise InputError(f"the interval must lie within [-{LIMIT:g}, {LIMIT:g}]")
    if hi <= lo:
        raise InputError(f"the interval [{fmt(lo)}, {fmt(hi)}] is empty: need lo < hi")
    if hi - lo < MIN_WIDTH * (1 - 1e-9):  # [999.999, 1000] is 0.001 wide, give or take a bit
        raise InputError(
            f"the interval [{fmt(lo, 8)}, {fmt(hi, 8)}] is too narrow: "
            f"make it at least {MIN_WIDTH:g} wide"
        )


def place_knots(target: Target, n: int, placement: Placement) -> FloatArray:
    """The n knots hᵢ for `target` under `placement`, increasing, strictly inside."""
    if not 1 <= n <= MAX_UNITS:
        raise InputError(f"N must be between 1 and {MAX_UNITS}")
    if placement == "curvature":
        return curvature_knots(target.x, target.y, n)
    return even_knots(target.lo, target.hi, n)


@dataclass(frozen=True, eq=False)
class Fit:
    """One least-squares fit of a target with N shifted ReLUs, and its errors on the grid."""

    target: Target
    placement: Placement
    model: ReluSum
    fitted: FloatArray
    rmse: float
    max_error: float

    @property
    def units(self) -> int:
        """N, the number of ReLU terms."""
        return int(self.model.knots.size)

    @property
    def c_m(self) -> tuple[float, float]:
        """The fitted c and m as shown: round-off beside the target's size reads 0."""
        scale = float(np.max(np.abs(self.target.y), initial=0.0))
        reach = max(abs(self.target.lo), abs(self.target.hi))
        return (
            roundoff_to_zero(self.model.c, scale),
            roundoff_to_zero(self.model.m, scale / reach if reach else scale),
        )

    @property
    def kinks(self) -> Kinks:
        """The sum's kinks: every hinge with a nonzero weight (so N + 1 pieces when all N
        hinges lie inside the range and bend)."""
        m = self.model
        return relu_sum_kinks(m.c, m.m, m.knots, m.weights, self.target.lo, self.target.hi)

    def pieces_text(self) -> str:
        """'10 hinges, 11 linear pieces (hinges + 1)'."""
        k = self.kinks
        hinges = int(k.in_range.size)
        note = " (hinges + 1)" if k.pieces == hinges + 1 else ""
        return f"{hinges} hinges, {k.pieces} linear pieces{note}"


def fit_target(target: Target, n: int, placement: Placement = "even") -> Fit:
    """Fit `target` with n shifted ReLUs (knots by `placement`) on its grid."""
    knots = place_knots(target, n, placement)
    model, fitted = fit_relu_sum(target.x, target.y, knots)
    residual = target.y - fitted
    return Fit(
        target,
        placement,
        model,
        fitted,
        rmse=float(np.sqrt(np.mean(residual * residual))),
        max_error=float(np.max(np.abs(residual))),
    )


@dataclass(frozen=True, eq=False)
class ErrorSweep:
    """RMSE and max error of the fit against N (SWEEP_UNITS), for one target and placement."""

    units: FloatArray
    rmse: FloatArray
    max_error: FloatArray


def error_sweep(target: Target, placement: Placement) -> ErrorSweep:
    """The error against N; cached per (expression, interval, placement)."""
    return _sweep(target.expression.source, target.lo, target.hi, placement)


@lru_cache(maxsize=32)
def _sweep(source: str, lo: float, hi: float, placement: Placement) -> ErrorSweep:
    target = make_target(source, lo, hi)
    fits = [fit_target(target, n, placement) for n in SWEEP_UNITS]
    return ErrorSweep(
        units=np.array(SWEEP_UNITS, dtype=np.float64),
        rmse=np.array([f.rmse for f in fits]),
        max_error=np.array([f.max_error for f in fits]),
    )


@lru_cache(maxsize=64)
def _recent_fit(target: Target, n: int, placement: Placement) -> Fit:
    """fit_target, remembered per (target object, N, placement): targets are immutable."""
    return fit_target(target, n, placement)


def tour_next(n: int) -> tuple[int, str]:
    """The next stop of the article's sequence after N = n (wrapping to the first)."""
    for units, caption in TOUR:
        if units > n:
            return units, caption
    return TOUR[0]


def roundoff_to_zero(value: float, scale: float) -> float:
    """`value`, or 0.0 when it is floating-point round-off beside `scale` (at most 1e-9 of
    it): sin x's fitted c is -4.4e-16, which a learner should read as 0."""
    return 0.0 if abs(value) <= 1e-9 * abs(scale) else value


def tour_caption(n: int) -> str:
    """The article's caption for N = n, or "" when n is not one of its stops."""
    return next((caption for units, caption in TOUR if units == n), "")


TARGET_CHOICES: tuple[str, ...] = (*(p.name for p in PRESETS), TYPED)


def _fit_params(
    target_index: int, lo: float, hi: float, n: int, placement: int
) -> tuple[Param, ...]:
    return (
        Param(
            "target",
            "Target",
            float(target_index),
            choices=TARGET_CHOICES,
            help="x², sin x, |x|, step, the puzzle's target, or a typed expression (key e)",
        ),
        Param(
            "n",
            "Units N",
            float(n),
            step=1,
            low=1,
            high=MAX_UNITS,
            integer=True,
            help="number of shifted ReLU terms",
        ),
        Param(
            "placement",
            "Knots",
            float(placement),
            choices=PLACEMENTS,
            help="evenly spaced, or denser where f curves most",
        ),
        Param(
            "lo", "From x", lo, step=0.5, low=-LIMIT, high=LIMIT, help="left end of the interval"
        ),
        Param("hi", "To x", hi, step=0.5, low=-LIMIT, high=LIMIT, help="right end of the interval"),
    )


@dataclass(frozen=True, eq=False)
class FitState:
    """Mode 1: the target, N and the knot placement; every transition returns a new state.

    Transitions that would give an unusable target raise InputError and leave this state
    as it was (it is immutable), so the caller simply keeps it.
    """

    target: Target
    params: tuple[Param, ...]
    typed_text: str = DEFAULT_TYPED

    @staticmethod
    def initial(preset: str = "sin x", n: int = 10) -> FitState:
        """A state on one of the presets (by name)."""
        index = TARGET_CHOICES.index(preset)
        chosen = PRESETS[index]
        return FitState(preset_target(chosen), _fit_params(index, chosen.lo, chosen.hi, n, 0))

    @staticmethod
    def from_spec(text: str | None, n: int | None) -> FitState:
        """A state from command-line options (--target, --units); None means the default.

        Raises:
            InputError: as target_from_spec.
        """
        state = FitState.initial(n=n or 10)
        if text is None:
            return state
        target, index = target_from_spec(text)
        params = _fit_params(index, target.lo, target.hi, state.units, 0)
        typed = target.text if TARGET_CHOICES[index] == TYPED else DEFAULT_TYPED
        return FitState(target, params, typed)

    def value(self, name: str) -> float:
        """The value of one param."""
        return next(p.value for p in self.params if p.name == name)

    @property
    def units(self) -> int:
        """N."""
        return int(self.value("n"))

    @property
    def placement(self) -> Placement:
        """The knot placement."""
        return PLACEMENTS[int(self.value("placement"))]

    @cached_property
    def fit(self) -> Fit:
        """The least-squares fit for this state (shared with recent states on the same target,
        so going back to an N shown a moment ago gives the very same Fit, and its figure)."""
        return _recent_fit(self.target, self.units, self.placement)

    @cached_property
    def sweep(self) -> ErrorSweep:
        """The error against N for this target and placement (cached across states)."""
        return error_sweep(self.target, self.placement)

    def _with(self, name: str, value: float) -> tuple[Param, ...]:
        param = next(p for p in self.params if p.name == name)
        return replace_param(self.params, param.with_value(value))

    def with_param(self, name: str, value: float) -> FitState:
        """Set one param; choosing a preset also moves the interval to the preset's.

        Raises:
            InputError: the target is not usable on the new interval.
        """
        params = self._with(name, value)
        if name == "target":
            choice = TARGET_CHOICES[int(value)]
            if choice != TYPED:
                preset = PRESETS[int(value)]
                target = preset_target(preset)
                params = replace_param(params, _param(params, "lo").with_value(preset.lo))
                params = replace_param(params, _param(params, "hi").with_value(preset.hi))
                return replace(self, target=target, params=params)
            target = make_target(self.typed_text, self.target.lo, self.target.hi)
            return replace(self, target=target, params=params)
        if name in ("lo", "hi"):
            lo = _param(params, "lo").value
            hi = _param(params, "hi").value
            target = make_target(self.target.text, lo, hi, name=self.target.name)
            return replace(self, target=target, params=params)
        return replace(self, params=params)

    def with_units(self, n: int) -> FitState:
        """N clamped to 1…200."""
        return self.with_param("n", float(min(max(n, 1), MAX_UNITS)))

    def with_expression(self, text: str) -> FitState:
        """Use a typed expression on the current interval (choice becomes "typed").

        Raises:
            InputError: the expression is refused or not finite on the interval.
        """
        target = make_target(text, self.target.lo, self.target.hi)
        params = self._with("target", float(TARGET_CHOICES.index(TYPED)))
        return replace(self, target=target, params=params, typed_text=target.text)

    def with_spec(self, text: str) -> FitState:
        """A target typed as `--target` takes it: a preset's name, or an expression with an
        optional `on [lo, hi]` (without one, the current interval is kept).

        Raises:
            InputError: as `target_from_spec`.
        """
        target, index = target_from_spec(text, (self.target.lo, self.target.hi))
        params = _fit_params(
            index, target.lo, target.hi, self.units, PLACEMENTS.index(self.placement)
        )
        typed = target.text if TARGET_CHOICES[index] == TYPED else self.typed_text
        return FitState(target, params, typed)

    def reset(self) -> FitState:
        """Back to the first state."""
        return FitState.initial()


def _param(params: tuple[Param, ...], name: str) -> Param:
    return next(p for p in params if p.name == name)


MAX_SPEC_LENGTH = MAX_LENGTH + 2 * 64 + 8
"""Longest `EXPR on [lo, hi]` accepted: the longest expression and two numbers."""

_ON_INTERVAL = re.compile(
    r"^(?P<expr>.*?)\s+on\s*\[(?P<lo>[^,\]]+),(?P<hi>[^\]]+)\]\s*$", re.DOTALL
)


def target_from_spec(
    text: str, interval: tuple[float, float] = (-math.pi, math.pi)
) -> tuple[Target, int]:
    """A target from command-line text: a preset name, or an expression, optionally
    followed by `on [lo, hi]` (default `interval`, [−π, π] unless given).

    Returns:
        The target and its index among TARGET_CHOICES.

    Raises:
        InputError: as make_target, or for an unreadable interval.
    """
    raw = text.strip()
    if len(raw) > MAX_SPEC_LENGTH:  # before the pattern, whose work grows with the square
        raise InputError(
            f"target is too long ({len(raw)} characters; at most "
            f"{MAX_SPEC_LENGTH} with its interval)"
        )
    for index, preset in enumerate(PRESETS):
        if raw.lower() in (preset.name.lower(), preset.text):
            return preset_target(preset), index
    match = _ON_INTERVAL.match(raw)
    lo, hi = interval
    if match:
        raw = match["expr"]
        try:
            lo = parse_number(match["lo"])
            hi = parse_number(match["hi"])
        except InputError as error:
            raise InputError(f"interval: {error}") from None
    return make_target(raw, lo, hi), TARGET_CHOICES.index(TYPED)
