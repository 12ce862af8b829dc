"""Axis limits, ticks and tick labels for render.py: pure arithmetic, no plotext.

Every tick label is at most `MAX_LABEL` characters: round 1/2/5×10ᵏ steps on linear axes,
whole numbers on axes whose data are whole numbers, powers of ten on log axes, and
scientific notation ("1e-17", "2.5e7") for very large or very small values. Never "-0".
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

MAX_LABEL = 8
"""The longest tick label, in characters."""

_PLAIN_DECADES = range(-2, 5)
"""Powers of ten written out on a log axis (0.01 … 10000); others as 1e-17, 1e6."""


@dataclass(frozen=True)
class Axis:
    """One axis as drawn: limits and tick positions in drawn space (log10 of the value on a
    log axis), and the tick labels."""

    low: float
    high: float
    log: bool
    ticks: tuple[float, ...]
    labels: tuple[str, ...]

    def unit(self, drawn: np.ndarray) -> np.ndarray:
        """Drawn-space values → 0 at `low`, 1 at `high` (no overflow at any finite scale)."""
        scale = max(abs(self.low), abs(self.high)) or 1.0
        with np.errstate(all="ignore"):
            low, high = self.low / scale, self.high / scale
            return (np.asarray(drawn, dtype=np.float64) / scale - low) / (high - low)


def drawn(values: np.ndarray, log: bool) -> np.ndarray:
    """Values in drawn space: log10 on a log axis (values ≤ 0 become nan); nan for ±inf."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(all="ignore"):
        out = (
            np.where(values > 0, np.log10(np.where(values > 0, values, 1.0)), np.nan)
            if log
            else values.copy()
        )
    out[~np.isfinite(out)] = np.nan
    return out


def limits(
    values: np.ndarray, explicit: tuple[float, float] | None, log: bool
) -> tuple[float, float]:
    """The axis range in drawn space: the explicit limits when usable, else the data's.

    Args:
        values: finite drawn-space values of everything on the axis (may be empty).
        explicit: the figure's limits in data space, or None.
        log: whether the axis is logarithmic.
    """
    if explicit is not None:
        low, high = (float(v) for v in drawn(np.array(explicit, dtype=np.float64), log))
        if math.isfinite(low) and math.isfinite(high) and low != high:
            return (min(low, high), max(low, high))
    if values.size == 0:
        return (0.0, 1.0) if log else (-1.0, 1.0)
    low, high = float(values.min()), float(values.max())
    if low < high:
        return (low, high) if log else rounded_out(low, high)
    # One value: plotext's rule (half to one and a half times it), a decade each way on log.
    middle = low
    if log:
        return middle - 1.0, middle + 1.0
    low, high = (0.5 * middle, 1.5 * middle) if middle > 0 else (1.5 * middle, 0.5 * middle)
    if math.isfinite(low) and math.isfinite(high) and low < high:
        return low, high
    if middle > 0 and 0.5 * middle < middle:
        return 0.5 * middle, middle
    if middle < 0 and middle < 0.5 * middle:
        return middle, 0.5 * middle
    return middle - 1.0, middle + 1.0


def rounded_out(low: float, high: float, slack: float = 0.05) -> tuple[float, float]:
    """[low, high] widened to the round values just outside it, where they are within
    `slack` of the span: sigmoid's 4.5e-5 … 0.9933 becomes 0 … 1, so its 0 and 1 get ticks."""
    span = high - low
    if not (math.isfinite(span) and span / 5 > 0):
        return low, high
    step = _nice_step(span / 5)
    below, above = math.floor(low / step) * step, math.ceil(high / step) * step
    if math.isfinite(below) and low - below <= slack * span:
        low = below + 0.0
    if math.isfinite(above) and above - high <= slack * span:
        high = above + 0.0
    return low, high


def _nice_step(raw: float) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ at least `raw` (> 0)."""
    exponent = max(math.floor(math.log10(raw)), -320)
    base = 10.0**exponent
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * base >= raw * (1 - 1e-9):
            return factor * base
    return 10.0 * base


def linear_ticks(
    low: float, high: float, count: int, *, integer: bool = False
) -> tuple[list[float], float]:
    """Round ticks inside [low, high], about `count` of them, and their step."""
    span = high / max(count, 1) - low / max(count, 1)  # divided first: no overflow
    if not span > 0 or not math.isfinite(span):
        return [], 1.0
    step = _nice_step(span)
    if integer:
        step = max(step, 1.0)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    if last - first > 2 * count + 2:  # only when low/step lost its precision
        return [low, high], step
    ticks = [float(k * step) + 0.0 for k in range(first, last + 1)]
    # Near the float limits k * step can overflow to inf: such a tick has no place.
    return [tick for tick in ticks if math.isfinite(tick)], step


def _compact_exponent(text: str) -> str:
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def scientific(value: float, digits: int = 2) -> str:
    """`value` as e.g. 1e-17, 2.5e7 or -1.2e-5, with at most `digits` significant
    digits after the first, trailing zeros dropped."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)  # inf, -inf, nan: no exponent to compact
    return _compact_exponent(f"{value:.{digits}e}")


def tick_labels(ticks: list[float], step: float) -> list[str]:
    """Labels for ticks `step` apart: fixed decimals for ordinary values, scientific
    notation for very large or small ones; each at most MAX_LABEL characters."""
    if not ticks:
        return []
    biggest = max(abs(t) for t in ticks)
    if step >= 1e-4 and biggest < 1e6:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9))
        labels = [
            f"{t:.{decimals}f}".replace("-", "", 1)
            if round(t, decimals) == 0
            else f"{t:.{decimals}f}"
            for t in ticks
        ]  # never "-0.00"
        if all(len(label) <= MAX_LABEL for label in labels):
            return labels
    # Enough significant digits to tell neighbours apart, no more.
    digits = 0
    if biggest > 0:
        digits = max(0, min(3, math.floor(math.log10(biggest)) - math.floor(math.log10(step))))
    labels = []
    for t in ticks:
        label = scientific(t, digits)
        cut = digits
        while len(label) > MAX_LABEL and cut > 0:
            cut -= 1
            label = scientific(t, cut)
        labels.append(label[:MAX_LABEL])
    return labels


def power_label(exponent: int) -> str:
    """10**exponent as a tick label: 0.01 … 10000 written out, else 1e-17 or 1e6."""
    if exponent in _PLAIN_DECADES:
        return f"{10.0**exponent:.{max(0, -exponent)}f}"
    return f"1e{exponent}"


def value_label(value: float) -> str:
    """A single value (not one of a row of ticks) in at most MAX_LABEL characters."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if 1e-3 <= abs(value) < 1e6:
        for digits in (3, 2, 1, 0):
            label = f"{value:.{digits}g}"
            if "e" not in label and len(label) <= MAX_LABEL:
                return label
    return scientific(value, 1)


def axis(low: float, high: float, *, log: bool, count: int, integer: bool = False) -> Axis:
    """Ticks for the drawn-space range [low, high], about `count` of them (at least one)."""
    count = max(1, count)
    if log:
        first, last = math.ceil(low - 1e-9), math.floor(high + 1e-9)
        decades = last - first + 1
        if decades >= 2:
            every = 1
            while decades // every > count + 1 and every < 10**6:
                every = int(_nice_step(every + 0.5))
            exponents = [k for k in range(first, last + 1) if k % every == 0]
            while len(exponents) < 3 <= count and every > 1:  # 1 and 1e-5 alone: too few
                every = max(1, int(_nice_step(every / 2.5)))
                exponents = [k for k in range(first, last + 1) if k % every == 0]
            if len(exponents) < 3 <= count:
                return _log_steps(low, high, count) or Axis(
                    low,
                    high,
                    True,
                    tuple(float(k) for k in exponents),
                    tuple(power_label(k) for k in exponents),
                )
            return Axis(
                low,
                high,
                True,
                tuple(float(k) for k in exponents),
                tuple(power_label(k) for k in exponents),
            )
        # Less than two decades: round ticks on the values themselves.
        value_low, value_high = 10.0**low, 10.0**high
        values, step = linear_ticks(value_low, value_high, count, integer=integer)
        values = [v for v in values if v > 0]
        if not values:
            return Axis(low, high, True, (), ())
        labels = tick_labels(values, step)
        return Axis(low, high, True, tuple(math.log10(v) for v in values), tuple(labels))
    ticks, step = linear_ticks(low, high, count, integer=integer)
    for more in range(count + 1, 2 * count + 2):  # a 20-wide step can leave one tick
        if len(ticks) >= 2:
            break
        ticks, step = linear_ticks(low, high, more, integer=integer)
    return Axis(low, high, False, tuple(ticks), tuple(tick_labels(ticks, step)))


_LOG10_MAX = math.log10(sys.float_info.max)
"""The largest power of ten a float holds: ticks beyond it would overflow."""


def _log_steps(low: float, high: float, count: int) -> Axis | None:
    """Ticks at 1, 2 and 5 (then every digit) times the powers of ten inside [low, high]
    (drawn space), for a log axis that spans too few decades for three powers of ten."""
    first, last = math.floor(low) - 1, math.ceil(high) + 1
    for digits in ((1, 2, 5), (1, 2, 3, 4, 5, 6, 7, 8, 9)):
        ticks = [
            (math.log10(d) + k, d * 10.0**k)
            for k in range(first, last + 1)
            for d in digits
            if low - 1e-9 <= math.log10(d) + k <= min(high + 1e-9, _LOG10_MAX)
        ]
        if len(ticks) >= 3:
            if len(ticks) > 2 * count + 1:
                return None
            return Axis(
                low,
                high,
                True,
                tuple(t for t, _ in ticks),
                tuple(value_label(v) for _, v in ticks),
            )
    return None


def is_integer(values: np.ndarray) -> bool:
    """Whether every value is a whole number (an axis of layers, depths, epochs, N)."""
    return bool(values.size) and bool(np.all(values == np.round(values)))
