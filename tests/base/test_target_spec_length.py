"""`--target` text is refused for length before any pattern runs on it."""

from __future__ import annotations

import time

import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.approx.state import MAX_SPEC_LENGTH, target_from_spec


@pytest.mark.parametrize("text", ["x on [" * 22_000, "x " * 65_536, "sin(x) on [0, 1]" + " " * 9])
def test_long_target_is_refused_at_once(text: str) -> None:
    """128 KB of `x on [` took ~36 s in the interval pattern before "too long"; now ~0 s."""
    if len(text.strip()) <= MAX_SPEC_LENGTH:
        assert target_from_spec(text)[0].lo == 0.0
        return
    start = time.perf_counter()
    with pytest.raises(InputError, match="too long"):
        target_from_spec(text)
    assert time.perf_counter() - start < 1.0


def test_longest_expression_with_an_interval_is_still_accepted() -> None:
    """The cap leaves room for a full-length expression and two long numbers."""
    expression = "x" + " " * 197 + "+1"  # 200 characters, the most an expression may have
    target, _ = target_from_spec(f"{expression} on [-1.00000000000001, 2.00000000000001]")
    assert target.hi == pytest.approx(2.0)
