"""The number formatter."""

from __future__ import annotations

import pytest

from relu_tui.base.fmt import fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.2 * 1.70 - 0.85, "-0.51"),  # dosage article, stage-1 table
        (0.6 * 1.70 - 0.85, "0.17"),
        (-0.0, "0"),
        (0.0, "0"),
        (12.6, "12.6"),
        (1 / 3, "0.3333"),
        (1e-7, "1e-07"),
        (123456789.0, "1.23e+08"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
    ],
)
def test_fmt(value: float, text: str) -> None:
    """Compact, never '-0', drift from float arithmetic rounded away."""
    assert fmt(value) == text
