"""The one number formatter: compact, aligned, never '-0'."""

from __future__ import annotations

import math


def fmt(value: float, digits: int = 4) -> str:
    """Format a number for a table or label.

    Up to `digits` significant decimals, trailing zeros trimmed, scientific notation for
    very large or very small magnitudes; '-0' becomes '0'; nan and ±inf are spelled out.

    Examples: fmt(-0.51) == '-0.51', fmt(0.0) == '0', fmt(1e-7) == '1e-07'.
    """
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 10 ** (digits + 2) or magnitude < 10 ** (-digits):
        text = f"{value:.{max(digits - 2, 1)}e}"
        mantissa, exponent = text.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
