"""TrainingRunner: the process's thread switch interval is put back after training."""

from __future__ import annotations

import sys

from relu_tui.ui import training_runner


def test_switch_interval_is_shortened_while_training_and_restored_after() -> None:
    """Nested runs share one change; the interval found before the first is back after the
    last."""
    before = sys.getswitchinterval()
    with training_runner._fast_switching():
        assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
        with training_runner._fast_switching():
            assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
        assert sys.getswitchinterval() == training_runner.GIL_SWITCH_SECONDS
    assert sys.getswitchinterval() == before


def test_next_chunk_aims_at_the_chunk_time() -> None:
    """A chunk that took twice the target halves; one that took no measurable time doubles."""
    assert training_runner._next_chunk(100, 2 * training_runner.CHUNK_SECONDS) == 50
    assert training_runner._next_chunk(100, 0.0) == 200
