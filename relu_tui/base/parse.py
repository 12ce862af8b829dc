"""Typed text → finite numbers, with messages a person can act on."""

from __future__ import annotations

import math


class InputError(ValueError):
    """Typed input that cannot be used; the message says why, in plain words."""


_MAX_TEXT = 64


def parse_number(text: str, *, low: float | None = None, high: float | None = None) -> float:
    """Parse one finite float, optionally within [low, high].

    Args:
        text: what the person typed.
        low: smallest allowed value, or None.
        high: largest allowed value, or None.

    Returns:
        The value as a float.

    Raises:
        InputError: empty text, not a number, nan, an infinity, overflow, or out of range.
    """
    raw = text.strip()
    if not raw:
        raise InputError("enter a value")
    if len(raw) > _MAX_TEXT:
        raise InputError(f"'{raw[:12]}…' is too long to be a number")
    try:
        value = float(raw.replace("−", "-"))
    except ValueError:
        raise InputError(f"'{raw}' is not a number") from None
    if math.isnan(value):
        raise InputError(f"{raw} is not a number you can use")
    if math.isinf(value):
        lowered = raw.lower().lstrip("+-")
        if lowered.startswith("inf"):
            raise InputError(f"{raw} is not allowed: enter a finite number")
        raise InputError(f"{raw} is too large")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"must be between {_short(low)} and {_short(high)}")
    return value


def parse_number_list(
    text: str, *, low: float | None = None, high: float | None = None, max_items: int = 32
) -> tuple[float, ...]:
    """Parse a comma- or space-separated list of finite floats.

    Raises:
        InputError: naming the first bad entry and its position.
    """
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("enter at least one number")
    if len(parts) > max_items:
        raise InputError(f"at most {max_items} numbers")
    values = []
    for position, part in enumerate(parts, start=1):
        try:
            values.append(parse_number(part, low=low, high=high))
        except InputError as error:
            raise InputError(f"entry {position}: {error}") from None
    return tuple(values)


def _short(value: float | None) -> str:
    if value is None:
        return "any"
    return f"{value:g}"
