"""`relu-tui --print puzzle`."""

from __future__ import annotations

import pytest

from relu_tui.cli import main


def test_print_level_one(capsys: pytest.CaptureFixture[str]) -> None:
    """Level 1's story, its fixed unit 0 and the starting error are printed."""
    assert main(["--print", "puzzle", "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert "Level 1" in out or "level 1" in out
    assert "unit 0: w = -2, b = 2, v = 1  (fixed)" in out
    assert "max error 4" in out


def test_print_bad_level(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown level is one line, exit 2."""
    assert main(["--print", "puzzle", "--level", "42"]) == 2
    assert "unknown level '42'" in capsys.readouterr().err
