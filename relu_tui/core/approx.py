"""Curves from shifted ReLUs: f ≈ c + m·x + Σ wᵢ·ReLU(x − hᵢ), fitted by least squares.

The approximation article's claim (a network's output is a weighted sum of differently
shifted ReLUs; more units, better fit) made exact and measurable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np

from relu_tui.core.expr import MAX_LENGTH, Expression, parse_expression
from relu_tui.core.fmt import fmt
from relu_tui.core.network import Architecture, Network, Optimizer, Trainer, init_network
from relu_tui.core.params import Param, replace_param
from relu_tui.core.parse import InputError, parse_number
from relu_tui.core.types import FloatArray

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


def check_interval(lo: float, hi: float) -> None:
    """Raises InputError unless -1000 ≤ lo < hi ≤ 1000 with a usable width."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError("the interval ends must be finite numbers")
    if lo < -LIMIT or hi > LIMIT:
        raise InputError(f"the interval must lie within [-{LIMIT:g}, {LIMIT:g}]")
    if hi - lo < 1e-3:
        raise InputError(f"the interval [{fmt(lo)}, {fmt(hi)}] is empty: need lo < hi")


def even_knots(lo: float, hi: float, n: int) -> FloatArray:
    """n knots evenly spaced strictly inside [lo, hi]: lo + i·(hi − lo)/(n + 1), i = 1…n."""
    return lo + (hi - lo) * np.arange(1, n + 1, dtype=np.float64) / (n + 1)


def curvature_knots(x: FloatArray, y: FloatArray, n: int) -> FloatArray:
    """n knots at the quantiles of the density |f''|^(2/5), then spread to a minimum gap.

    |f''|^(2/5) is the asymptotically L2-optimal knot density for piecewise-linear fits;
    a floor of a tenth of its mean keeps a few knots where f is straight. Knots are then
    kept at least two grid steps apart (and from the ends), so every piece holds at least
    two samples and the least squares stays well-posed.

    Args:
        x: uniform grid, shape (M,), float64. y: f on it, shape (M,).
        n: number of knots, 1 ≤ n and 2·(n + 1) ≤ M − 1.
    """
    lo, hi = float(x[0]), float(x[-1])
    step = (hi - lo) / (x.size - 1)
    second = np.gradient(np.gradient(y, step), step)
    density = np.abs(second) ** 0.4
    mean = float(np.mean(density))
    if not math.isfinite(mean) or mean <= 0.0:
        return even_knots(lo, hi, n)
    density = np.maximum(density, 0.1 * mean)
    mass = np.concatenate(([0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * step)))
    levels = mass[-1] * np.arange(1, n + 1) / (n + 1)
    knots = np.interp(levels, mass, x)
    return _spread(knots, lo, hi, 2.0 * step)


def _spread(knots: FloatArray, lo: float, hi: float, gap: float) -> FloatArray:
    """Nearest-in-order knots with t[i] − t[i−1] ≥ gap, lo + gap ≤ t, t ≤ hi − gap."""
    offsets = gap * np.arange(1, knots.size + 1)
    shifted = np.maximum.accumulate(knots - offsets)
    shifted = np.clip(shifted, lo, hi - gap * (knots.size + 1))
    return shifted + offsets


def place_knots(target: Target, n: int, placement: Placement) -> FloatArray:
    """The n knots hᵢ for `target` under `placement`, increasing, strictly inside."""
    if not 1 <= n <= MAX_UNITS:
        raise InputError(f"N must be between 1 and {MAX_UNITS}")
    if placement == "curvature":
        return curvature_knots(target.x, target.y, n)
    return even_knots(target.lo, target.hi, n)


@dataclass(frozen=True, eq=False)
class ReluSum:
    """c + m·x + Σᵢ wᵢ·ReLU(x − hᵢ): the output of one hidden ReLU layer and a linear unit."""

    c: float
    m: float
    knots: FloatArray
    weights: FloatArray

    def terms(self, x: FloatArray) -> FloatArray:
        """Each scaled, shifted term wᵢ·ReLU(x − hᵢ); shape (N, len(x))."""
        return self.weights[:, None] * np.maximum(x[None, :] - self.knots[:, None], 0.0)

    def __call__(self, x: FloatArray) -> FloatArray:
        """The sum at x (float64, same shape as x)."""
        xs = np.asarray(x, dtype=np.float64)
        flat = xs.ravel()
        hinges = np.maximum(flat[:, None] - self.knots[None, :], 0.0)
        total = self.c + self.m * flat + hinges @ self.weights
        return total.reshape(xs.shape)


def fit_relu_sum(x: FloatArray, y: FloatArray, knots: FloatArray) -> tuple[ReluSum, FloatArray]:
    """Least-squares c, m, wᵢ for fixed knots on samples (x, y).

    The ReLU basis 1, x, ReLU(x − hᵢ) is badly conditioned (its columns are nearly
    parallel); the same function space has the well-conditioned hat basis on the knots
    lo, h₁…h_N, hi. Its normal matrix is tridiagonal and diagonally dominant, so it is
    solved directly; the values at the knots then give the slopes, m = first slope,
    wᵢ = slope change at hᵢ, c = value at lo − m·lo.

    Args:
        x: samples, shape (M,), increasing, spanning [lo, hi]; every piece between
            consecutive knots must hold at least two samples.
        y: targets, shape (M,). knots: hᵢ, shape (N,), strictly increasing inside (lo, hi).

    Returns:
        The ReluSum and its values at x (from the hat form; equal to ReluSum(x) to rounding).
    """
    t = np.concatenate(([x[0]], knots, [x[-1]]))
    size = t.size
    piece = np.clip(np.searchsorted(t, x, side="right") - 1, 0, size - 2)
    lam = (x - t[piece]) / (t[piece + 1] - t[piece])
    left, right = 1.0 - lam, lam
    diagonal = np.bincount(piece, left * left, size) + np.bincount(piece + 1, right * right, size)
    off = np.bincount(piece, left * right, size - 1)
    rhs = np.bincount(piece, left * y, size) + np.bincount(piece + 1, right * y, size)
    gram = np.diag(diagonal) + np.diag(off, 1) + np.diag(off, -1)
    values = np.linalg.solve(gram, rhs)
    slopes = np.diff(values) / np.diff(t)
    m = float(slopes[0])
    model = ReluSum(c=float(values[0] - m * t[0]), m=m, knots=knots.copy(), weights=np.diff(slopes))
    return model, left * values[piece] + right * values[piece + 1]


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


def fit_target(target: Target, n: int, placement: Placement = "even") -> Fit:
    """Fit `target` with n shifted ReLUs (knots by `placement`) on its grid."""
    knots = place_knots(target, n, placement)
    model, fitted = fit_relu_sum(target.x, target.y, knots)
    residual = target.y - fitted
    return Fit(target, placement, model, fitted,
               rmse=float(np.sqrt(np.mean(residual * residual))),
               max_error=float(np.max(np.abs(residual))))


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
    return ErrorSweep(units=np.array(SWEEP_UNITS, dtype=np.float64),
                      rmse=np.array([f.rmse for f in fits]),
                      max_error=np.array([f.max_error for f in fits]))


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


def tour_caption(n: int) -> str:
    """The article's caption for N = n, or "" when n is not one of its stops."""
    return next((caption for units, caption in TOUR if units == n), "")


TARGET_CHOICES: tuple[str, ...] = (*(p.name for p in PRESETS), TYPED)


def _fit_params(target_index: int, lo: float, hi: float, n: int,
                placement: int) -> tuple[Param, ...]:
    return (
        Param("target", "Target", float(target_index), choices=TARGET_CHOICES,
              help="x², sin x, |x|, step, the puzzle's target, or a typed expression (key e)"),
        Param("n", "Units N", float(n), step=1, low=1, high=MAX_UNITS, integer=True,
              help="number of shifted ReLU terms"),
        Param("placement", "Knots", float(placement), choices=PLACEMENTS,
              help="evenly spaced, or denser where f curves most"),
        Param("lo", "From x", lo, step=0.5, low=-LIMIT, high=LIMIT,
              help="left end of the interval"),
        Param("hi", "To x", hi, step=0.5, low=-LIMIT, high=LIMIT,
              help="right end of the interval"),
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
        return FitState(preset_target(chosen),
                        _fit_params(index, chosen.lo, chosen.hi, n, 0))

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

    def reset(self) -> FitState:
        """Back to the first state."""
        return FitState.initial()


def _param(params: tuple[Param, ...], name: str) -> Param:
    return next(p for p in params if p.name == name)


MAX_SPEC_LENGTH = MAX_LENGTH + 2 * 64 + 8
"""Longest `EXPR on [lo, hi]` accepted: the longest expression and two numbers."""

_ON_INTERVAL = re.compile(r"^(?P<expr>.*?)\s+on\s*\[(?P<lo>[^,\]]+),(?P<hi>[^\]]+)\]\s*$",
                          re.DOTALL)


def target_from_spec(text: str) -> tuple[Target, int]:
    """A target from command-line text: a preset name, or an expression, optionally
    followed by `on [lo, hi]` (default interval [−π, π]).

    Returns:
        The target and its index among TARGET_CHOICES.

    Raises:
        InputError: as make_target, or for an unreadable interval.
    """
    raw = text.strip()
    if len(raw) > MAX_SPEC_LENGTH:  # before the pattern, whose work grows with the square
        raise InputError(f"target is too long ({len(raw)} characters; at most "
                         f"{MAX_SPEC_LENGTH} with its interval)")
    for index, preset in enumerate(PRESETS):
        if raw.lower() in (preset.name.lower(), preset.text):
            return preset_target(preset), index
    match = _ON_INTERVAL.match(raw)
    lo, hi = -math.pi, math.pi
    if match:
        raw = match["expr"]
        try:
            lo = parse_number(match["lo"])
            hi = parse_number(match["hi"])
        except InputError as error:
            raise InputError(f"interval: {error}") from None
    return make_target(raw, lo, hi), TARGET_CHOICES.index(TYPED)


NOTEBOOK_EPOCHS = 100_000
"""The notebook's run length."""

NOTEBOOK_LR = 0.1
"""The notebook's Adam learning rate."""

NOTEBOOK_HIDDEN = (8, 8)
"""The notebook's hidden widths: Linear(1, 8) → Linear(8, 8) → Linear(8, 1)."""


@dataclass(frozen=True, eq=False)
class Experiment:
    """Training data and the range the trained networks are tested on beyond it.

    Attributes:
        x, y: training inputs and targets, shape (n,), float64.
        x_test, y_test: the extrapolation range and its targets, shape (k,) (k may be 0).
        note: why there is no extrapolation range, when there is none.
    """

    name: str
    x: FloatArray
    y: FloatArray
    x_test: FloatArray
    y_test: FloatArray
    note: str = ""


def notebook_experiment() -> Experiment:
    """The notebook's data: x = 1…99, y = x²; extrapolation on x = 100…199."""
    x = np.arange(1.0, 100.0)
    x_test = np.arange(100.0, 200.0)
    return Experiment("x² on 1…99", x, x**2, x_test, x_test**2)


def target_experiment(target: Target, points: int = 99) -> Experiment:
    """A mode-1 target as training data: `points` evenly over [lo, hi], tested on the next
    100 steps beyond hi (as the notebook tests 100…199 after training on 1…99).

    The extrapolation range is dropped (with a note) where the target is not finite there.
    """
    x = np.linspace(target.lo, target.hi, points)
    step = (target.hi - target.lo) / (points - 1)
    x_test = target.hi + step * np.arange(1, 101)
    name = f"{target.name} on [{fmt(target.lo)}, {fmt(target.hi)}]"
    try:
        y_test = target(x_test)
    except InputError as error:
        empty = np.empty(0)
        return Experiment(name, x, target(x), empty, empty, note=f"no extrapolation: {error}")
    if float(np.max(np.abs(y_test))) > MAX_VALUE:
        empty = np.empty(0)
        return Experiment(name, x, target(x), empty, empty,
                          note="no extrapolation: f grows beyond 1e12 past the interval")
    return Experiment(name, x, target(x), x_test, y_test)


@dataclass(frozen=True)
class Line:
    """y = slope·x + intercept."""

    slope: float
    intercept: float

    def __call__(self, x: FloatArray) -> FloatArray:
        return self.slope * np.asarray(x, dtype=np.float64) + self.intercept


def least_squares_line(x: FloatArray, y: FloatArray) -> Line:
    """The closed-form least-squares line: slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², through (x̄, ȳ).

    The best any network without activations can do: a composition of affine layers is
    affine, so on 1-D input it is a line, and MSE training can at best reach this one.
    """
    centred = x - x.mean()
    slope = float(np.dot(centred, y - y.mean()) / np.dot(centred, centred))
    return Line(slope, float(y.mean() - slope * x.mean()))


def mse(prediction: FloatArray, y: FloatArray) -> float:
    """Mean squared error, as nn.MSELoss."""
    residual = np.asarray(prediction, dtype=np.float64) - y
    return float(np.mean(residual * residual))


ACTIVATIONS_COMPARED: tuple[str, str] = ("identity", "relu")
"""Mode 2's two networks: no activation (the notebook's first model) and ReLU after both
hidden layers (its second)."""

HISTORY_STRIDE = 100
"""Loss curves keep one epoch in this many (1,000 points for the notebook's run)."""


@dataclass(frozen=True)
class TrainConfig:
    """Mode 2's run: the notebook's network, optimiser and length, and a seed."""

    seed: int = 42
    epochs: int = NOTEBOOK_EPOCHS
    lr: float = NOTEBOOK_LR
    hidden: tuple[int, ...] = NOTEBOOK_HIDDEN


@dataclass(frozen=True, eq=False)
class PairReport:
    """Both networks after `epoch` epochs.

    Attributes:
        epoch: epochs completed by both.
        loss: full-batch MSE of (no activation, ReLU), shape (2,).
        history_epochs, history_loss: new loss-curve points since the last report, one per
            HISTORY_STRIDE epochs; shapes (k,) and (k, 2).
        train_pred, test_pred: each network's output on x and x_test, shapes (2, n), (2, k).
        diverged: per network; message: what happened and what to try.
        done: the run is complete (or both networks diverged).
    """

    epoch: int
    loss: FloatArray
    history_epochs: FloatArray
    history_loss: FloatArray
    train_pred: FloatArray
    test_pred: FloatArray
    diverged: tuple[bool, bool]
    message: str
    done: bool


def initial_networks(config: TrainConfig) -> tuple[Network, Network]:
    """The two networks with identical starting weights (PyTorch's nn.Linear default init,
    drawn from `seed`), so the activation is the only difference between them."""
    sizes = (1, *config.hidden, 1)
    return tuple(  # type: ignore[return-value]
        init_network(Architecture(sizes, activation=name), np.random.default_rng(config.seed),
                     init="torch")
        for name in ACTIVATIONS_COMPARED
    )


def train_pair(config: TrainConfig, experiment: Experiment | None = None, *, every: int = 1000,
               both: bool = True) -> Iterator[PairReport]:
    """Train the no-activation and the ReLU network side by side, full batch, Adam, MSE.

    Uses the training core's Trainer for each network (its preallocated full-batch path);
    the two advance in turns of `every` epochs.

    Args:
        config: seed, epochs, learning rate, hidden widths.
        experiment: the data (the notebook's x² on 1…99 when None).
        every: epochs between reports.
        both: False trains only the ReLU network (the benchmark's measurement); its
            partner's entries then stay at the initial network's.

    Yields:
        A report at epoch 0, every `every` epochs, and at the end.
    """
    data = experiment or notebook_experiment()
    optimizer = Optimizer("adam", lr=config.lr)
    trainers = [Trainer(net, data.x, data.y, optimizer=optimizer)
                for net in initial_networks(config)]
    active = [both, True]
    loss = np.array([t.report().loss for t in trainers])
    yield _pair_report(trainers, data, loss.copy(), np.empty(0), np.empty((0, 2)), False)
    done_epochs = 0
    while done_epochs < config.epochs:
        chunk = min(every, config.epochs - done_epochs)
        curves = []
        for index, trainer in enumerate(trainers):
            if not active[index] or trainer.diverged:
                curves.append(np.full(chunk, loss[index]))
                continue
            report = list(trainer.run(chunk, every=chunk))[-1]
            loss[index] = report.loss
            losses = report.losses
            curves.append(np.concatenate((losses, np.full(chunk - losses.size, np.nan))))
        start = done_epochs
        done_epochs += chunk
        picks = np.arange(-start % HISTORY_STRIDE, chunk, HISTORY_STRIDE)
        history = np.stack(curves, axis=1)[picks]
        finished = done_epochs >= config.epochs or all(t.diverged for t in trainers)
        yield _pair_report(trainers, data, loss.copy(), (start + picks).astype(np.float64),
                           history, finished)
        if finished:
            return


def _pair_report(trainers: list[Trainer], data: Experiment, loss: FloatArray,
                 epochs: FloatArray, history: FloatArray, done: bool) -> PairReport:
    nets = [t.network for t in trainers]
    messages = [f"{'ReLU' if i else 'no-ReLU'} network: {t.message}"
                for i, t in enumerate(trainers) if t.diverged]
    return PairReport(
        epoch=max(t.epoch for t in trainers),
        loss=loss,
        history_epochs=epochs,
        history_loss=history,
        train_pred=np.stack([n.predict(data.x) for n in nets]).astype(np.float64),
        test_pred=(np.stack([n.predict(data.x_test) for n in nets]).astype(np.float64)
                   if data.x_test.size else np.empty((2, 0))),
        diverged=(trainers[0].diverged, trainers[1].diverged),
        message=" ".join(messages),
        done=done,
    )


@dataclass(frozen=True, eq=False)
class TrainState:
    """Mode 2: the data, the run's config, and everything reported so far.

    Attributes:
        experiment: the data; line: its closed-form least-squares line.
        config: seed and length; report: the latest PairReport (None before the first).
        history_epochs, history_loss: the loss curves so far, shapes (k,), (k, 2).
        running, paused: whether a worker is training, and whether it is held.
        rate: epochs per second over the last reports (both networks together).
    """

    experiment: Experiment
    line: Line
    config: TrainConfig
    report: PairReport | None = None
    history_epochs: FloatArray = field(default_factory=lambda: np.empty(0))
    history_loss: FloatArray = field(default_factory=lambda: np.empty((0, 2)))
    running: bool = False
    paused: bool = False
    rate: float = 0.0

    @staticmethod
    def initial(seed: int = 42, experiment: Experiment | None = None,
                epochs: int = NOTEBOOK_EPOCHS) -> TrainState:
        """A state before training, on the notebook's data unless another is given."""
        data = experiment or notebook_experiment()
        return TrainState(data, least_squares_line(data.x, data.y),
                          TrainConfig(seed=seed, epochs=epochs))

    @property
    def epoch(self) -> int:
        """Epochs completed."""
        return 0 if self.report is None else self.report.epoch

    @property
    def fraction(self) -> float:
        """Progress, 0…1."""
        return self.epoch / self.config.epochs

    @property
    def done(self) -> bool:
        """The run has finished (all epochs, or divergence)."""
        return self.report is not None and self.report.done

    @property
    def line_mse(self) -> float:
        """MSE of the least-squares line on the training data: the no-ReLU net's floor."""
        return mse(self.line(self.experiment.x), self.experiment.y)

    def fitted_line(self) -> Line | None:
        """The line the no-ReLU network currently computes (it is affine: two points fix it)."""
        if self.report is None:
            return None
        x, pred = self.experiment.x, self.report.train_pred[0]
        slope = float((pred[-1] - pred[0]) / (x[-1] - x[0]))
        return Line(slope, float(pred[0] - slope * x[0]))

    def test_rmse(self) -> FloatArray | None:
        """RMSE on the extrapolation range of (no-ReLU, ReLU, least-squares line)."""
        if self.report is None or self.experiment.x_test.size == 0:
            return None
        y = self.experiment.y_test
        values = [mse(p, y) for p in self.report.test_pred]
        values.append(mse(self.line(self.experiment.x_test), y))
        return np.sqrt(np.array(values))

    def with_report(self, report: PairReport, rate: float) -> TrainState:
        """Fold a report in: latest values, longer loss curves, the measured rate."""
        return replace(
            self, report=report, rate=rate, running=not report.done,
            history_epochs=np.concatenate((self.history_epochs, report.history_epochs)),
            history_loss=np.concatenate((self.history_loss, report.history_loss)),
        )

    def restarted(self, seed: int, experiment: Experiment | None = None) -> TrainState:
        """A fresh run with another seed (and optionally other data)."""
        return TrainState.initial(seed, experiment or self.experiment, self.config.epochs)
